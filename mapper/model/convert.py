"""Validated touchpoint keys -> the model's values (shared by the builder and action effects)."""
from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Optional

from ..loader.yamlfile import LSeq
from .journey import (Calibration, CalibrationFile, Evidence, FailureMode, Owner, Resolution,
                      SegmentOverride)


def owner_of(owner: Any) -> Optional[Owner]:
    if isinstance(owner, str):
        return Owner(owner)
    if owner is not None:
        return Owner(owner["name"], owner.get("third_party", False))
    return None


def failure_modes_of(modes: Any) -> tuple[FailureMode, ...]:
    return tuple(FailureMode(f["name"], f["likelihood"], f["severity"], f.get("cause"),
                             f.get("effect")) for f in modes or ())


def calibration_of(record: Any) -> Optional[Calibration]:
    if not record:
        return None
    period = record.get("period") or {}
    return Calibration(
        tuple(CalibrationFile(f["path"], f.get("rows")) for f in record.get("files") or ()),
        None if period.get("from") is None else str(period["from"]),
        None if period.get("to") is None else str(period["to"]), record.get("cases"))


def evidence_of(evidence: Any) -> Optional[Evidence]:
    if not evidence:
        return None
    return Evidence(evidence["observed"], evidence["negative"], evidence.get("source"))


def ranged(value: Any) -> tuple[Any, Optional[tuple[float, float]]]:
    """``(point value, (low, high) or None)`` of a value that may be a range."""
    if isinstance(value, Mapping):
        low, high = float(value["low"]), float(value["high"])
        return (low + high) / 2.0, (low, high)
    return value, None


def resolution_of(resolution: Any) -> Optional[Resolution]:
    if not resolution:
        return None
    rate, rate_range = ranged(resolution["rate"])
    return Resolution(rate, resolution.get("hours"), resolution.get("back_to"), rate_range)


def next_pairs(nxt: Any) -> tuple[tuple[str, float], ...]:
    if nxt is None:
        return ()
    if isinstance(nxt, str):
        return ((nxt, 1.0),)
    if isinstance(nxt, (LSeq, list, tuple)):
        share = 1.0 / len(nxt)
        return tuple((target, share) for target in dict.fromkeys(nxt))
    return tuple((target, float(ranged(p)[0])) for target, p in nxt.items())


def next_ranges(nxt: Any) -> dict[str, tuple[float, float]]:
    """``target -> (low, high)`` of the ``next`` shares given as ranges."""
    if not isinstance(nxt, Mapping):
        return {}
    return {target: bounds for target, p in nxt.items()
            if (bounds := ranged(p)[1]) is not None}


def overrides_of(segments: Mapping[str, Any]) -> dict[str, SegmentOverride]:
    return {sid: SegmentOverride(o.get("likelihood"), o.get("severity"), o.get("emotion"))
            for sid, o in segments.items()}


def plain(value: Any) -> Any:
    """Validated (located) data as plain dicts and lists."""
    if isinstance(value, Mapping):
        return {k: plain(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [plain(v) for v in value]
    return value


def effect_changes(effect: Mapping[str, Any]) -> dict[str, Any]:
    """The :class:`Touchpoint` fields an action's effect replaces.

    A new way of stating the risk replaces the others (a likelihood drops
    the failure modes and evidence; failure modes also bring their own
    severities), as a ``--set`` of the same key does.
    """
    changes: dict[str, Any] = {}
    if "likelihood" in effect:
        likelihood, likelihood_range = ranged(effect["likelihood"])
        changes.update(likelihood=likelihood, likelihood_range=likelihood_range,
                       failure_modes=(), evidence=None)
    if "failure_modes" in effect:
        changes.update(failure_modes=failure_modes_of(effect["failure_modes"]),
                       likelihood=None, likelihood_range=None, evidence=None, severity=None)
    if "evidence" in effect:
        changes.update(evidence=evidence_of(effect["evidence"]), likelihood=None,
                       likelihood_range=None, failure_modes=())
    for key in ("severity", "emotion", "complaints"):
        if key in effect:
            changes[key] = effect[key]
    if "owner" in effect:
        changes["owner"] = owner_of(effect["owner"])
    if "next" in effect:
        changes["next"] = next_pairs(effect["next"])
        changes["next_ranges"] = next_ranges(effect["next"])
    if "resolution" in effect:
        changes["resolution"] = resolution_of(effect["resolution"])
    if "segments" in effect:
        changes["segments"] = overrides_of(effect["segments"])
    return changes
