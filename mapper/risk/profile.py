"""The scoring profile: every weight, threshold and default of the risk model.

The shipped ``profile.yaml`` documents each value and its source; a user file
given with ``--profile`` overrides any part of it and is validated like a
journey (located errors, did-you-mean for misspelt keys).
"""
from __future__ import annotations

import os
from dataclasses import dataclass, field
from typing import Any, Optional

from ..core.errors import JourneyError
from ..core.resources import read_text
from ..loader.yamlfile import LMap, parse_yaml, read_yaml_file
from ..model.spec import Key, Number, Obj, Problems, Where
from ..model.schema import LIKELIHOOD_WORDS


def _numbers(names_ranges: dict[str, tuple[float, float]]) -> list[Key]:
    return [Key(name, Number(lo, hi, what=name)) for name, (lo, hi) in names_ranges.items()]


PROFILE = Obj([
    Key("customers", Obj(_numbers({
        "never_return": (0, 1), "word_of_mouth_low": (0, 1e6), "word_of_mouth_high": (0, 1e6),
        "complaint_share": (0, 1), "default_resolution_rate": (0, 1),
        "acquisition_cost_factor": (0, 1e6), "complaint_patience_hours": (0, 1e6),
        "complaint_give_up_hours": (1e-6, 1e6), "good_word_of_mouth_low": (0, 1e6),
        "good_word_of_mouth_high": (0, 1e6), "profit_lever_cut": (1e-6, 1),
        "profit_lever_low": (0, 100), "profit_lever_high": (0, 100)}))),
    Key("likelihood_words", Obj(_numbers({word: (0, 1) for word in LIKELIHOOD_WORDS}))),
    Key("default_severity", Number(1, 5, what="default_severity")),
    Key("evidence", Obj(_numbers({"prior_negative": (1e-6, 1e6), "prior_positive": (1e-6, 1e6),
                                  "interval": (0.5, 0.999)}))),
    Key("score", Obj(_numbers({
        "likelihood_reference": (1e-6, 1), "severity_reference": (1, 5),
        "recovery_weight": (0, 1), "recoverability_reference": (0, 1),
        "resolution_hours_reference": (1e-6, 1e6), "third_party": (0, 10), "promise": (0, 10),
        "promise_max": (0, 10), "exposure": (0, 1.9), "exposure_reference": (0, 1),
        "taken_for_granted": (0, 10)}))),
    Key("levels", Obj(_numbers({"medium": (0, 100), "high": (0, 100), "critical": (0, 100)}))),
    Key("uncertainty", Obj([Key("draws", Number(10, 100_000, integer=True, what="draws")),
                            Key("seed", Number(0, 2**32 - 1, integer=True, what="seed")),
                            Key("interval", Number(0.5, 0.999, what="interval"))])),
    Key("lint", Obj(_numbers({
        "promise_share": (0, 1), "double_standard_ratio": (1, 1e6),
        "double_standard_gap": (0, 1), "double_standard_severity_gap": (0, 4),
        "double_standard_emotion_gap": (0, 4), "taken_for_granted_margin": (0, 100),
        "slow_resolution_hours": (0, 1e6)}))),
], title="journeymap scoring profile")


@dataclass(frozen=True, slots=True)
class Profile:
    """Validated profile values, read as ``profile.section["key"]``."""

    customers: dict[str, float]
    likelihood_words: dict[str, float]
    default_severity: float
    evidence: dict[str, float]
    score: dict[str, float]
    levels: dict[str, float]
    lint: dict[str, float]
    source: str = "built-in"
    uncertainty: dict[str, float] = field(default_factory=dict)

    def level(self, score: float) -> str:
        if score >= self.levels["critical"]:
            return "critical"
        if score >= self.levels["high"]:
            return "high"
        if score >= self.levels["medium"]:
            return "medium"
        return "low"


def _default_tree() -> LMap:
    """The shipped profile, a data file of this package (next to this module)."""
    return parse_yaml(read_text("profile.yaml", "mapper.risk"), "<built-in profile>")


def _merge(base: dict[str, Any], override: dict[str, Any]) -> dict[str, Any]:
    merged = dict(base)
    for key, value in override.items():
        if isinstance(value, dict) and isinstance(merged.get(key), dict):
            merged[key] = {**merged[key], **value}
        else:
            merged[key] = value
    return merged


def load_profile(path: Optional[str] = None) -> Profile:
    """The built-in profile, overridden by the YAML file at ``path`` if given."""
    out = Problems()
    base = PROFILE.validate(_default_tree(), Where("<built-in profile>", 1, 1), out)
    if out:  # pragma: no cover - the shipped profile is tested
        raise JourneyError(out.items)
    data: dict[str, Any] = {k: dict(v) if isinstance(v, dict) else v for k, v in base.items()}
    source = "built-in"
    if path is not None:
        tree = read_yaml_file(path)
        if tree is None:
            tree = LMap(path, 1, 1)
        override = PROFILE.validate(tree, Where(path, 1, 1, "profile"), out)
        if out:
            raise JourneyError(out.items)
        data = _merge(data, {k: dict(v) if isinstance(v, dict) else v
                             for k, v in override.items()})
        source = os.path.normpath(path)
    levels = data["levels"]
    if not levels["medium"] <= levels["high"] <= levels["critical"]:
        raise JourneyError([*out.items, *_level_problem(path or "<built-in profile>")])
    return Profile(source=source, **data)


def _level_problem(path: str) -> list[Any]:
    from ..core.errors import Problem
    return [Problem(path, 1, 1, "profile: levels must rise: medium <= high <= critical")]
