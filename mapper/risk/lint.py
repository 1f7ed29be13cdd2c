"""Lint rules: what a consultant should look at before showing the map to a client.

Each rule id is a contract (README: Lint rules); severities and help texts live in
``mapper.rules``.  Rules read the journey and its analysis, never files.
"""
from __future__ import annotations

from typing import Callable, Iterable, Iterator

from ..findings import Finding
from ..model.journey import Journey
from ..model.schema import ASPECTS
from ..rules import RULES
from .analysis import ALL, Analysis, segment_weights
from .chain import hit_probabilities
from .hazard import hazard
from .score import expected_harm, percent

ASPECT_NAMES = {"sales": "sales", "after_sales": "after-sales", "warranty": "warranty",
                "complaint": "handling of dissatisfied customers"}


def _finding(journey: Journey, rule: str, message: str, line: int = 1, column: int = 1,
             touchpoint: str = "") -> Finding:
    return Finding(journey.path, line, column, rule, message, RULES[rule].severity, touchpoint)


def _reachable(journey: Journey) -> set[str]:
    """Touchpoints reachable from the entry along next, complaint and back_to links."""
    entry = [tid for tid, _ in journey.entry]
    return set(entry) | _walk(journey, entry, complaints=True)


def _walk(journey: Journey, starts: Iterable[str], complaints: bool) -> set[str]:
    """Touchpoints reached after ``starts`` along next (and back_to, complaint) links."""
    seen: set[str] = set()
    stack = list(starts)
    while stack:
        tp = journey.touchpoints[stack.pop()]
        targets = [t for t, p in tp.next if p > 0]
        channel = journey.complaint_channel(tp) if complaints else None
        if channel and tp.has_risk:
            targets.append(channel)
        if tp.resolution and tp.resolution.back_to:
            targets.append(tp.resolution.back_to)
        for target in targets:
            if target not in seen:
                seen.add(target)
                stack.append(target)
    return seen


def no_complaint_channel(analysis: Analysis) -> Iterator[Finding]:
    journey = analysis.journey
    for tid, tp in journey.touchpoints.items():
        risk = analysis.touchpoints[tid]
        if tp.is_outcome or tp.is_complaint_channel or risk.likelihood <= 0:
            continue
        if journey.complaint_channel(tp) is None:
            yield _finding(journey, "no-complaint-channel", (
                f"touchpoint '{tid}': something goes wrong here in {percent(risk.likelihood)} "
                "of visits and the customer has no way to complain; add 'complaints:' here "
                "or a journey-level 'complaints:'"), tp.line, tp.column, tid)


def unkept_promise(analysis: Analysis) -> Iterator[Finding]:
    journey = analysis.journey
    profile = analysis.profile
    threshold = profile.lint["promise_share"]
    pairs = [(tp.id, promise.kept_at) for tp in journey.touchpoints.values()
             for promise in tp.promises]
    shares: dict[tuple[str, str], float] = {}
    for segment, weight in analysis.weights.items():
        for pair, value in hit_probabilities(analysis.chains[segment], pairs).items():
            shares[pair] = shares.get(pair, 0.0) + weight * value
    for tp in journey.touchpoints.values():
        for promise in tp.promises:
            where = (promise.line, promise.column)
            label = f"touchpoint '{tp.id}' promise '{promise.id}'"
            if promise.kept_at == tp.id:
                continue
            share = shares[(tp.id, promise.kept_at)]
            if share <= 0 and promise.kept_at not in _walk(journey, [tp.id], complaints=False):
                yield _finding(journey, "unkept-promise", (
                    f"{label}: '{promise.text}' is kept at '{promise.kept_at}', which customers "
                    f"cannot reach from '{tp.id}'"), *where, tp.id)
                continue
            if share < threshold - 1e-12:
                yield _finding(journey, "unkept-promise", (
                    f"{label}: only {percent(share)} of the customers promised "
                    f"'{promise.text}' reach '{promise.kept_at}' where it is kept "
                    f"(the profile asks for {percent(threshold)})"), *where, tp.id)


def unreachable(analysis: Analysis) -> Iterator[Finding]:
    journey = analysis.journey
    seen = _reachable(journey)
    for tid, tp in journey.touchpoints.items():
        if tid not in seen:
            what = "complaint channel" if tp.is_complaint_channel else \
                "outcome" if tp.is_outcome else "touchpoint"
            yield _finding(journey, "unreachable", (
                f"touchpoint '{tid}': no path leads to this {what} from the entry"),
                tp.line, tp.column, tid)


def dead_end(analysis: Analysis) -> Iterator[Finding]:
    journey = analysis.journey
    for tid, tp in journey.touchpoints.items():
        if not tp.is_outcome and not tp.is_complaint_channel and not tp.next:
            yield _finding(journey, "dead-end", (
                f"touchpoint '{tid}': customers arrive here and have nowhere to go; add "
                "'next' or make it an outcome"), tp.line, tp.column, tid)


def missing_aspect(analysis: Analysis) -> Iterator[Finding]:
    journey = analysis.journey
    stage_aspect = {stage.id: stage.aspect for stage in journey.stages}
    covered = {stage_aspect[tp.stage] for tp in journey.touchpoints.values()
               if tp.stage and not tp.is_outcome}
    for aspect in ASPECTS:
        if aspect not in covered:
            yield _finding(journey, "missing-aspect", (
                f"no touchpoint covers {ASPECT_NAMES[aspect]} service ({aspect}); customers "
                "judge the firm by all four aspects, not only the sale"), journey.line, 1)


def double_standard(analysis: Analysis) -> Iterator[Finding]:
    journey = analysis.journey
    profile = analysis.profile
    if len(journey.segments) < 2:
        return
    ratio = profile.lint["double_standard_ratio"]
    gap = profile.lint["double_standard_gap"]
    for tid, tp in journey.touchpoints.items():
        if not tp.segments or tp.is_outcome:
            continue
        harms = {}
        for sid in journey.segments:
            h = hazard(tp, profile, sid)
            harms[sid] = (h.likelihood * h.severity, h.likelihood)
        best = min(harms, key=lambda s: harms[s][0])
        worst = max(harms, key=lambda s: harms[s][0])
        (worst_harm, worst_p), (best_harm, best_p) = harms[worst], harms[best]
        if worst_harm > 0 and worst_harm >= ratio * best_harm and worst_p - best_p >= gap - 1e-12:
            name = journey.segments[worst].name or worst
            other = journey.segments[best].name or best
            yield _finding(journey, "double-standard", (
                f"touchpoint '{tid}': segment '{name}' has a negative experience here in "
                f"{percent(worst_p)} of visits against {percent(best_p)} for '{other}'; small "
                "clients grow and talk"), tp.line, tp.column, tid)


def taken_for_granted(analysis: Analysis) -> Iterator[Finding]:
    journey = analysis.journey
    margin = analysis.profile.lint["taken_for_granted_margin"]
    weights = segment_weights(journey)
    for tid, tp in journey.touchpoints.items():
        if tp.repeat_of is None:
            continue
        harms = []
        for member in (tid, tp.repeat_of):
            by_segment = {s: hazard(journey.touchpoints[member], analysis.profile,
                                    None if s == ALL else s) for s in weights}
            harms.append(expected_harm(by_segment, weights))
        repeat, first = harms
        if repeat > first * (1.0 + margin):
            yield _finding(journey, "taken-for-granted", (
                f"touchpoint '{tid}': the repeat visit is riskier than the first "
                f"('{tp.repeat_of}': expected harm {repeat:.2f} against {first:.2f} per "
                "visit); service must not drop after the first purchase"),
                tp.line, tp.column, tid)


def unassessed(analysis: Analysis) -> Iterator[Finding]:
    journey = analysis.journey
    for tid, tp in journey.touchpoints.items():
        if tp.is_outcome or tp.is_complaint_channel or tp.has_risk or \
                any(o.likelihood is not None for o in tp.segments.values()):
            continue
        yield _finding(journey, "unassessed", (
            f"touchpoint '{tid}': no likelihood, failure modes or evidence; it counts as "
            "risk-free"), tp.line, tp.column, tid)


def slow_complaint_handling(analysis: Analysis) -> Iterator[Finding]:
    journey = analysis.journey
    limit = analysis.profile.lint["slow_resolution_hours"]
    for tid, tp in journey.touchpoints.items():
        if tp.is_complaint_channel and tp.resolution and tp.resolution.hours is not None \
                and tp.resolution.hours > limit:
            yield _finding(journey, "slow-complaint-handling", (
                f"touchpoint '{tid}': complaints take {tp.resolution.hours:g} h to resolve; "
                f"responsiveness decides the choice for half of all buyers (aim for "
                f"{limit:g} h or less)"), tp.line, tp.column, tid)


RULE_FUNCTIONS: dict[str, Callable[[Analysis], Iterable[Finding]]] = {
    "no-complaint-channel": no_complaint_channel,
    "unkept-promise": unkept_promise,
    "unreachable": unreachable,
    "dead-end": dead_end,
    "missing-aspect": missing_aspect,
    "double-standard": double_standard,
    "taken-for-granted": taken_for_granted,
    "unassessed": unassessed,
    "slow-complaint-handling": slow_complaint_handling,
}


def lint(analysis: Analysis, disabled: Iterable[str] = ()) -> list[Finding]:
    """Run every rule not disabled (by option or by the journey's ``lint.disable``)."""
    off = set(disabled) | set(analysis.journey.lint_disable)
    findings: list[Finding] = []
    for rule, function in RULE_FUNCTIONS.items():
        if rule not in off:
            findings.extend(function(analysis))
    return sorted(findings)
