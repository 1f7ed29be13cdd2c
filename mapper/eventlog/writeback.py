"""``fit --write``: put the estimates into the journey file, keeping the author's layout.

The file is edited as a ruamel.yaml round-trip tree, so comments, key order,
flow mappings, block scalars and quoting stay as written; only the values
that changed are new:

* each touchpoint's ``next`` shares (the targets the journey lists; a list
  or a single target becomes a mapping of shares);
* ``evidence: {observed, negative, source}`` where the data judged visits
  (it replaces a ``likelihood`` in place; touchpoints with failure modes
  keep them and are named);
* a complaint channel's ``resolution.rate`` and ``hours``;
* ``calibration:`` with the files (relative to the journey), their rows,
  the period and the number of cases.

The new text must load without a problem before it replaces the file, in
one atomic step; ``--dry-run`` prints the unified diff instead.
"""
from __future__ import annotations

import difflib
import io
import os
from typing import Any, Optional, TextIO

from ..model.journey import Journey
from dataclasses import dataclass, field
from .counts import Counts
from .estimate import DROP, Estimates

DIGITS = 4


@dataclass
class Changes:
    text: str
    next_shares: int = 0
    evidence: int = 0
    resolutions: int = 0
    kept: list[str] = field(default_factory=list)


def _yaml() -> Any:
    from ruamel.yaml import YAML

    yaml = YAML()
    yaml.preserve_quotes = True
    yaml.width = 4096
    yaml.indent(mapping=2, sequence=4, offset=2)
    return yaml


def _flow(pairs: list[tuple[str, Any]]) -> Any:
    from ruamel.yaml.comments import CommentedMap

    mapping = CommentedMap(pairs)
    mapping.fa.set_flow_style()
    return mapping


def _shares(targets: list[str], values: dict[str, float]) -> list[tuple[str, float]]:
    """Rounded shares that never sum above 1."""
    rounded = [(t, round(values.get(t, 0.0), DIGITS)) for t in targets]
    excess = round(sum(v for _, v in rounded) - 1.0, DIGITS)
    if excess > 0:
        largest = max(range(len(rounded)), key=lambda i: rounded[i][1])
        target, value = rounded[largest]
        rounded[largest] = (target, round(value - excess, DIGITS))
    return rounded


def _replace_key(mapping: Any, old: str, new: str, value: Any) -> None:
    """Put ``new: value`` where ``old`` stood, keeping ``old``'s end-of-line comment."""
    position = list(mapping).index(old)
    comment = mapping.ca.items.pop(old, None)
    del mapping[old]
    mapping.insert(position, new, value)
    if comment is not None:
        mapping.ca.items[new] = comment


def _insert_before(mapping: Any, anchors: tuple[str, ...], key: str, value: Any) -> None:
    keys = list(mapping)
    for anchor in anchors:
        if anchor in keys:
            mapping.insert(keys.index(anchor), key, value)
            return
    mapping[key] = value


def _relative(path: str, journey_path: str) -> str:
    folder = os.path.dirname(os.path.abspath(journey_path))
    relative = os.path.relpath(os.path.abspath(path), folder)
    return relative.replace(os.sep, "/")


ALL = frozenset(("next", "evidence", "resolution"))


def edit(text: str, journey: Journey, estimates: Estimates, counts: Counts,
         parts: frozenset[str] = ALL) -> Changes:
    """The journey text with the estimates written in (pure: text in, text out).

    ``parts`` names what to write: ``next``, ``evidence``, ``resolution``.
    """
    yaml = _yaml()
    tree = yaml.load(text)
    changes = Changes("")
    names = ", ".join(_relative(p, journey.path) for p in counts.files)
    touchpoints = tree["touchpoints"]
    for tid, est in estimates.touchpoints.items():
        node = touchpoints.get(tid)
        tp = journey.touchpoints[tid]
        if node is None or not hasattr(node, "insert"):
            continue
        if "next" in parts and est.next and "next" in node and tp.next:
            targets = [t for t, _ in tp.next]
            values = {t: share.value for t, share in est.next.items() if t != DROP}
            shares = _shares(targets, values)
            current = node["next"]
            if hasattr(current, "keys"):
                for target, value in shares:
                    current[target] = value
            else:
                node["next"] = _flow(shares)
            changes.next_shares += len(shares)
        if "evidence" in parts and est.likelihood is not None and not tp.is_outcome:
            if "failure_modes" in node:
                changes.kept.append(tid)
            else:
                evidence = _flow([("observed", est.likelihood.total),
                                  ("negative", est.likelihood.count),
                                  ("source", f"fit: {names}")])
                if "evidence" in node:
                    node["evidence"] = evidence
                elif "likelihood" in node:
                    _replace_key(node, "likelihood", "evidence", evidence)
                else:
                    _insert_before(node, ("next", "resolution", "promises", "complaints"),
                                   "evidence", evidence)
                changes.evidence += 1
        resolution = node.get("resolution")
        if "resolution" in parts and tp.is_complaint_channel and hasattr(resolution, "keys"):
            if est.resolution is not None:
                resolution["rate"] = round(est.resolution.value, DIGITS)
                changes.resolutions += 1
            if est.hours is not None and "hours" in resolution:
                resolution["hours"] = round(est.hours.mean, 1)
    files = []
    for path, rows in zip(counts.files, counts.rows):
        files.append(_flow([("path", _relative(path, journey.path)), ("rows", rows)]))
    record_ = {"files": files, "cases": estimates.cases}
    if counts.first_time is not None and counts.last_time is not None:
        record_["period"] = _flow([("from", f"{counts.first_time:%Y-%m-%d %H:%M:%S}"),
                                   ("to", f"{counts.last_time:%Y-%m-%d %H:%M:%S}")])
    from ruamel.yaml.comments import CommentedMap, CommentedSeq

    block = CommentedMap()
    block["files"] = CommentedSeq(files)
    if "period" in record_:
        block["period"] = record_["period"]
    block["cases"] = estimates.cases
    if "calibration" in tree:
        tree["calibration"] = block
    else:
        _insert_before(tree, ("stages",), "calibration", block)
    buffer = io.StringIO()
    yaml.dump(tree, buffer)
    changes.text = buffer.getvalue()
    return changes


def write_back(journey: Journey, estimates: Estimates, counts: Counts, dry_run: bool,
               out: TextIO, catalog: Optional[Any] = None, parts: frozenset[str] = ALL) -> int:
    from ..core.atomic import write_atomic
    from ..loader.yamlfile import decode, parse_yaml
    from ..model.build import build_journey
    from .report import display_path

    with open(journey.path, "rb") as handle:
        text = decode(handle.read(), journey.path)
    changes = edit(text, journey, estimates, counts, parts)
    shown = display_path(journey.path)
    # the result must load cleanly, or nothing is written (raises JourneyError)
    build_journey(parse_yaml(changes.text, shown), shown, catalog or _catalog())
    if dry_run:
        out.writelines(difflib.unified_diff(text.splitlines(True), changes.text.splitlines(True),
                                            f"a/{shown}", f"b/{shown}"))
        return 0
    if changes.text != text:
        write_atomic(journey.path, changes.text)
    summary = (f"{shown}: {changes.next_shares} next shares, {changes.evidence} evidence, "
               f"{changes.resolutions} resolution rates written")
    if changes.kept:
        summary += f"; failure modes kept at {', '.join(changes.kept)}"
    out.write(summary + "\n")
    return 0


def _catalog() -> Any:
    from ..loader.catalog import Catalog

    return Catalog()
