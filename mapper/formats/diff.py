"""Risk changes between two versions of a set of journeys (for pull requests).

``compare(old, new)`` is pure: it takes ``{journey id: (Analysis, findings)}``
for each side and returns plain data; the renderers turn it into text, JSON or
Markdown.  Journeys are matched by id, touchpoints by id, findings by
(journey, rule, subject) so that changed figures in a message do not count as
a new finding.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Optional

from ..core.vocabulary import english
from .github import markdown_escape

FIGURES = ("retained", "expected_lost", "dropped", "money_at_risk")
SCORE_EPSILON = 0.05   # scores are shown with one decimal
FIGURE_EPSILON = 1e-6


@dataclass
class TouchpointChange:
    journey: str
    id: str
    change: str                       # added | removed | changed
    old_score: Optional[float] = None
    new_score: Optional[float] = None
    old_level: Optional[str] = None
    new_level: Optional[str] = None
    old_lost: Optional[float] = None
    new_lost: Optional[float] = None

    def as_json(self) -> dict[str, Any]:
        return dict(self.__dict__)


@dataclass
class Diff:
    journeys_added: list[str] = field(default_factory=list)
    journeys_removed: list[str] = field(default_factory=list)
    touchpoints: list[TouchpointChange] = field(default_factory=list)
    #: journey id -> figure -> (old, new)
    figures: dict[str, dict[str, tuple[Optional[float], Optional[float]]]] = field(
        default_factory=dict)
    new_findings: list[dict[str, Any]] = field(default_factory=list)
    fixed_findings: list[dict[str, Any]] = field(default_factory=list)
    #: actions added, removed or whose status changed
    actions: list[dict[str, Any]] = field(default_factory=list)

    @property
    def risk_increased(self) -> bool:
        for figures in self.figures.values():
            old, new = figures.get("expected_lost", (None, None))
            if old is not None and new is not None and new > old + FIGURE_EPSILON:
                return True
        for change in self.touchpoints:
            if change.change == "changed" and (change.new_score or 0) > (change.old_score or 0):
                return True
            if change.change == "added" and (change.new_score or 0) > 0:
                return True
        return bool(self.journeys_added and any(
            (f.get("expected_lost", (0, 0))[1] or 0) > 0
            for j, f in self.figures.items() if j in self.journeys_added))

    @property
    def empty(self) -> bool:
        return not (self.journeys_added or self.journeys_removed or self.touchpoints
                    or self.new_findings or self.fixed_findings or self.actions or any(
                        _moved(o, n) for f in self.figures.values() for o, n in f.values()))

    def as_json(self) -> dict[str, Any]:
        from ..risk.document import clean_numbers

        return clean_numbers({
            "journeys_added": self.journeys_added,
            "journeys_removed": self.journeys_removed,
            "touchpoints": [c.as_json() for c in self.touchpoints],
            "summary": {j: {k: {"old": o, "new": n, "change": _delta(o, n)}
                            for k, (o, n) in f.items()} for j, f in self.figures.items()},
            "new_findings": self.new_findings,
            "fixed_findings": self.fixed_findings,
            "actions": self.actions,
            "risk_increased": self.risk_increased,
        })


def _delta(old: Optional[float], new: Optional[float]) -> Optional[float]:
    if old is None or new is None:
        return None
    return round(new - old, 6)


def _moved(old: Optional[float], new: Optional[float]) -> bool:
    if old is None or new is None:
        return old is not new
    return abs(new - old) > FIGURE_EPSILON


def _finding_key(journey: str, finding: Any) -> tuple[str, str, str]:
    subject = finding.message.split(":", 1)[0] if ":" in finding.message else finding.message
    return (journey, finding.rule, subject)


def _finding_json(journey: str, finding: Any) -> dict[str, Any]:
    return {"journey": journey, **finding.as_json()}


def compare(old: dict[str, tuple[Any, list[Any]]], new: dict[str, tuple[Any, list[Any]]]) -> Diff:
    diff = Diff()
    diff.journeys_added = sorted(set(new) - set(old))
    diff.journeys_removed = sorted(set(old) - set(new))
    for journey in sorted(set(old) | set(new)):
        old_analysis = old[journey][0] if journey in old else None
        new_analysis = new[journey][0] if journey in new else None
        old_tps = old_analysis.touchpoints if old_analysis else {}
        new_tps = new_analysis.touchpoints if new_analysis else {}
        order = list(new_tps) + [t for t in old_tps if t not in new_tps]
        for tid in order:
            before, after = old_tps.get(tid), new_tps.get(tid)
            if before is not None and before.kind == "outcome" and after is None:
                continue
            if after is not None and after.kind == "outcome" and before is None:
                continue
            if before is None:
                assert after is not None, "every id comes from one of the two versions"
                diff.touchpoints.append(TouchpointChange(
                    journey, tid, "added", new_score=after.score, new_level=after.level,
                    new_lost=after.expected_lost))
            elif after is None:
                diff.touchpoints.append(TouchpointChange(
                    journey, tid, "removed", old_score=before.score, old_level=before.level,
                    old_lost=before.expected_lost))
            elif abs(before.score - after.score) >= SCORE_EPSILON or before.level != after.level:
                diff.touchpoints.append(TouchpointChange(
                    journey, tid, "changed", before.score, after.score, before.level,
                    after.level, before.expected_lost, after.expected_lost))
        figures: dict[str, tuple[Optional[float], Optional[float]]] = {}
        for key in FIGURES:
            o = getattr(old_analysis.summary, key) if old_analysis else None
            n = getattr(new_analysis.summary, key) if new_analysis else None
            if o is not None or n is not None:
                figures[key] = (o, n)
        diff.figures[journey] = figures
        old_keys = {_finding_key(journey, f): f for f in (old[journey][1] if journey in old else [])}
        new_keys = {_finding_key(journey, f): f for f in (new[journey][1] if journey in new else [])}
        diff.new_findings += [_finding_json(journey, new_keys[k]) for k in new_keys
                              if k not in old_keys]
        diff.fixed_findings += [_finding_json(journey, old_keys[k]) for k in old_keys
                                if k not in new_keys]
        diff.actions += action_changes(journey, old_analysis, new_analysis)
    return diff


def action_changes(journey: str, old: Any, new: Any) -> list[dict[str, Any]]:
    """Actions added, removed, or with a new status, between two analyses."""
    before = old.journey.actions if old is not None else {}
    after = new.journey.actions if new is not None else {}
    changes = []
    for aid in list(after) + [a for a in before if a not in after]:
        o, n = before.get(aid), after.get(aid)
        if o is not None and n is not None and o.status == n.status:
            continue
        change = "added" if o is None else "removed" if n is None else "status"
        either = n if n is not None else o
        assert either is not None, "every id comes from one of the two versions"
        changes.append({"journey": journey, "id": aid,
                        "touchpoint": either.touchpoint, "change": change,
                        "old_status": o.status if o else None,
                        "new_status": n.status if n else None})
    return changes


LABELS = {"retained": "retained", "expected_lost": "expected lost", "dropped": "dropped off",
          "money_at_risk": "money at risk"}


def _num(value: Optional[float]) -> str:
    return "—" if value is None else english().number(value)


def _signed(old: Optional[float], new: Optional[float]) -> str:
    delta = _delta(old, new)
    return "" if delta is None else english().signed(delta)


_ACTION_MARK = {"added": "+", "removed": "-", "status": "~"}


def render_text(diff: Diff) -> str:
    if diff.empty:
        return "no risk changes\n"
    lines: list[str] = []
    for journey in diff.journeys_added:
        lines.append(f"+ journey {journey}")
    for journey in diff.journeys_removed:
        lines.append(f"- journey {journey}")
    for c in diff.touchpoints:
        if c.change == "added":
            lines.append(f"+ {c.journey}/{c.id}: {_num(c.new_score)} {c.new_level}")
        elif c.change == "removed":
            lines.append(f"- {c.journey}/{c.id}: was {_num(c.old_score)} {c.old_level}")
        else:
            lines.append(f"~ {c.journey}/{c.id}: {_num(c.old_score)} {c.old_level} -> "
                         f"{_num(c.new_score)} {c.new_level}")
    for journey, figures in diff.figures.items():
        moved = [(k, o, n) for k, (o, n) in figures.items() if _moved(o, n)]
        for key, o, n in moved:
            lines.append(f"  {journey}: {LABELS[key]} {_num(o)} -> {_num(n)} ({_signed(o, n)})")
    for a in diff.actions:
        lines.append(f"{_ACTION_MARK[a['change']]} action {a['journey']}/{a['touchpoint']}/"
                     f"{a['id']}: {a['old_status'] or '—'} -> {a['new_status'] or '—'}")
    for f in diff.new_findings:
        lines.append(f"+ finding {f['file']}:{f['line']}: {f['rule']}: {f['message']}")
    for f in diff.fixed_findings:
        lines.append(f"- finding {f['file']}:{f['line']}: {f['rule']}: {f['message']}")
    return "\n".join(lines) + "\n"


def render_markdown(diff: Diff) -> str:
    md = markdown_escape
    lines = ["## journeymap risk changes", ""]
    if diff.empty:
        return "\n".join(lines + ["No risk changes.", ""])
    if diff.risk_increased:
        lines += ["**Risk went up.**", ""]
    rows = [(j, f) for j, f in diff.figures.items()
            if any(_moved(o, n) for o, n in f.values())]
    if rows:
        lines += ["| journey | figure | before | after | change |", "|---|---|---:|---:|---:|"]
        for journey, figures in rows:
            for key, (o, n) in figures.items():
                if _moved(o, n):
                    lines.append(f"| {md(journey)} | {LABELS[key]} | {_num(o)} | {_num(n)} | "
                                 f"{_signed(o, n)} |")
        lines.append("")
    if diff.touchpoints:
        lines += ["| journey | touchpoint | change | score before | score after |",
                  "|---|---|---|---:|---:|"]
        for c in diff.touchpoints:
            before = "—" if c.old_score is None else f"{_num(c.old_score)} {c.old_level}"
            after = "—" if c.new_score is None else f"{_num(c.new_score)} {c.new_level}"
            lines.append(f"| {md(c.journey)} | {md(c.id)} | {c.change} | {before} | {after} |")
        lines.append("")
    if diff.actions:
        lines += ["| journey | touchpoint | action | status before | status after |",
                  "|---|---|---|---|---|"]
        for a in diff.actions:
            lines.append(f"| {md(a['journey'])} | {md(a['touchpoint'])} | {md(a['id'])} | "
                         f"{a['old_status'] or '—'} | {a['new_status'] or '—'} |")
        lines.append("")
    for title, items in (("New findings", diff.new_findings), ("Fixed findings",
                                                               diff.fixed_findings)):
        if items:
            lines += [f"### {title}", ""]
            lines += [f"- `{f['rule']}` {md(f['file'])}:{f['line']}: {md(f['message'])}"
                      for f in items]
            lines.append("")
    for journey in diff.journeys_added:
        lines.append(f"- new journey {md(journey)}")
    for journey in diff.journeys_removed:
        lines.append(f"- removed journey {md(journey)}")
    return "\n".join(lines).rstrip() + "\n"
