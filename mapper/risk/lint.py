"""Lint rules: what a consultant should look at before showing the map to a client.

Each rule id is a contract (README: Lint rules); severities and help texts live in
``mapper.core.rules``.  Rules read the journey and its analysis, never files.
"""
from __future__ import annotations

from typing import Any, Callable, Iterable, Iterator

from ..core.findings import Finding
from ..graph import cannot_carry_on, dead_ends, reachable_from_entry
from ..model.journey import Journey
from ..model.schema import ASPECTS
from ..core.rules import RULES
from ..core.vocabulary import english
from .analysis import ALL, Analysis, segment_weights
from .chain import hit_probabilities
from .hazard import emotion, hazard
from .score import expected_harm, percent

ASPECT_NAMES = {"sales": "sales", "after_sales": "after-sales", "warranty": "warranty",
                "complaint": "handling of dissatisfied customers"}


def _figure(value: float) -> str:
    return english().figure(value)


def _finding(journey: Journey, rule: str, message: str, line: int = 1, column: int = 1,
             touchpoint: str = "", **params: Any) -> Finding:
    return Finding(journey.path, line, column, rule, message, RULES[rule].severity, touchpoint,
                   tuple(sorted(params.items())))


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
                "or a journey-level 'complaints:'"), tp.line, tp.column, tid,
                likelihood=risk.likelihood)


def unkept_promise(analysis: Analysis) -> Iterator[Finding]:
    journey = analysis.journey
    profile = analysis.profile
    threshold = profile.lint["promise_share"]
    # the hand-over: from where customers go on after the promising point, so
    # the promising point's own risk is not counted as a broken hand-over
    pairs = [(target, promise.kept_at) for tp in journey.touchpoints.values()
             for promise in tp.promises for target, _ in tp.next]
    reached: dict[tuple[str, str], float] = {}
    for segment, weight in analysis.weights.items():
        for pair, value in hit_probabilities(analysis.chains[segment], pairs).items():
            reached[pair] = reached.get(pair, 0.0) + weight * value
    shares = {(tp.id, promise.kept_at): sum(p * reached[(target, promise.kept_at)]
                                            for target, p in tp.next)
              for tp in journey.touchpoints.values() for promise in tp.promises}
    stuck = cannot_carry_on(journey.graph, [
        pair for pair, share in shares.items() if share <= 0 and pair[0] != pair[1]])
    for tp in journey.touchpoints.values():
        for promise in tp.promises:
            where = (promise.line, promise.column)
            label = f"touchpoint '{tp.id}' promise '{promise.id}'"
            if promise.kept_at == tp.id:
                continue
            share = shares[(tp.id, promise.kept_at)]
            if share <= 0 and (tp.id, promise.kept_at) in stuck:
                yield _finding(journey, "unkept-promise", (
                    f"{label}: '{promise.text}' is kept at '{promise.kept_at}', which customers "
                    f"cannot reach from '{tp.id}'"), *where, tp.id, variant="unreachable",
                    promise=promise.text, kept_at=promise.kept_at)
                continue
            if share < threshold - 1e-12:
                yield _finding(journey, "unkept-promise", (
                    f"{label}: only {percent(share)} of the customers promised "
                    f"'{promise.text}' reach '{promise.kept_at}' where it is kept "
                    f"(the profile asks for {percent(threshold)}; counted from those who go "
                    f"on from '{tp.id}', its own risk not counted)"), *where, tp.id,
                    variant="share", promise=promise.text, kept_at=promise.kept_at, share=share,
                    threshold=threshold)


def _action_targets(journey: Journey) -> set[str]:
    """Points that actions not rejected would link in (a new complaint channel, ...)."""
    found: set[str] = set()
    for action in journey.actions.values():
        if action.status == "rejected":
            continue
        changes = action.changes
        if changes.get("complaints"):
            found.add(str(changes["complaints"]))
        found.update(t for t, _ in changes.get("next", ()))  # type: ignore[attr-defined]
        resolution = changes.get("resolution")
        if resolution is not None and resolution.back_to:  # type: ignore[attr-defined]
            found.add(resolution.back_to)  # type: ignore[attr-defined]
    return found


def unreachable(analysis: Analysis) -> Iterator[Finding]:
    journey = analysis.journey
    seen = reachable_from_entry(journey.graph) | _action_targets(journey)
    for tid, tp in journey.touchpoints.items():
        if tid not in seen:
            what = "complaint channel" if tp.is_complaint_channel else \
                "outcome" if tp.is_outcome else "touchpoint"
            yield _finding(journey, "unreachable", (
                f"touchpoint '{tid}': no path leads to this {what} from the entry"),
                tp.line, tp.column, tid, variant=what.replace(" ", "_"))


def dead_end(analysis: Analysis) -> Iterator[Finding]:
    journey = analysis.journey
    for tid in dead_ends(journey.graph):
        tp = journey.touchpoints[tid]
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
                "judge the firm by all four aspects, not only the sale"), journey.line, 1,
                aspect=aspect)


def double_standard(analysis: Analysis) -> Iterator[Finding]:
    """A segment treated markedly worse at the same point.

    Compares what segment overrides can change — likelihood, severity and
    emotion — as the score's ``double_standard`` factor does: the worst
    segment's expected harm (likelihood x severity) is at least
    ``double_standard_ratio`` times the best's and higher by
    ``double_standard_gap`` in likelihood or ``double_standard_severity_gap``
    in severity; or its emotion is lower by ``double_standard_emotion_gap``.
    """
    journey = analysis.journey
    profile = analysis.profile
    if len(journey.segments) < 2:
        return
    cfg = profile.lint
    for tid, tp in journey.touchpoints.items():
        if not tp.segments or tp.is_outcome:
            continue
        treated = {sid: hazard(tp, profile, sid) for sid in journey.segments}
        harms = {sid: h.likelihood * h.severity for sid, h in treated.items()}
        best = min(harms, key=lambda s: harms[s])
        worst = max(harms, key=lambda s: harms[s])
        hw, hb = treated[worst], treated[best]
        name = journey.segments[worst].name or worst
        other = journey.segments[best].name or best
        if harms[worst] > 0 and harms[worst] >= cfg["double_standard_ratio"] * harms[best] and (
                hw.likelihood - hb.likelihood >= cfg["double_standard_gap"] - 1e-12 or
                hw.severity - hb.severity >= cfg["double_standard_severity_gap"] - 1e-12):
            yield _finding(journey, "double-standard", (
                f"touchpoint '{tid}': segment '{name}' has a negative experience here in "
                f"{percent(hw.likelihood)} of visits at severity {_figure(hw.severity)}, against "
                f"{percent(hb.likelihood)} at severity {_figure(hb.severity)} for '{other}'; small "
                "clients grow and talk"), tp.line, tp.column, tid, variant="harm",
                segment=name, other=other, likelihood=hw.likelihood, severity=hw.severity,
                other_likelihood=hb.likelihood, other_severity=hb.severity)
            continue
        feelings = {sid: emotion(tp, sid) for sid in journey.segments}
        known = {sid: e for sid, e in feelings.items() if e is not None}
        if len(known) < 2:
            continue
        low = min(known, key=lambda s: known[s])
        high = max(known, key=lambda s: known[s])
        if known[high] - known[low] >= cfg["double_standard_emotion_gap"] - 1e-12:
            yield _finding(journey, "double-standard", (
                f"touchpoint '{tid}': segment '{journey.segments[low].name or low}' feels "
                f"worse here (emotion {english().signed(known[low])} against "
                f"{english().signed(known[high])} for "
                f"'{journey.segments[high].name or high}'); small clients grow and talk"),
                tp.line, tp.column, tid, variant="emotion",
                segment=journey.segments[low].name or low, emotion=known[low],
                other=journey.segments[high].name or high, other_emotion=known[high])


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
                f"('{tp.repeat_of}': expected harm {english().number(repeat, 2)} against "
                f"{english().number(first, 2)} per "
                "visit); service must not drop after the first purchase"),
                tp.line, tp.column, tid, first=tp.repeat_of, harm=repeat, first_harm=first)


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
                f"touchpoint '{tid}': complaints take {_figure(tp.resolution.hours)} h to "
                f"resolve; "
                f"responsiveness decides the choice for half of all buyers (aim for "
                f"{_figure(limit)} h or less)"), tp.line, tp.column, tid, hours=tp.resolution.hours,
                limit=limit)


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
