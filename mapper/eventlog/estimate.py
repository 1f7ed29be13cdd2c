"""Counts -> estimates per touchpoint, each with its count and a 90 % interval.

Proportions (likelihood, reach without loops, complaint share, resolution
rate) use the Jeffreys interval: the central 90 % of Beta(k + 1/2,
n - k + 1/2).  Shares that sum to one (``next`` shares with the silent
drop-off, entry shares) use the marginal of a Jeffreys Dirichlet: Beta(k +
1/2, n - k + (K - 1)/2) for K categories.  Reach at a touchpoint customers
can come back to is a rate (visits per case): the Jeffreys Gamma interval of
a Poisson count.  Mean resolution hours use the normal approximation.

What counts as what (one case = one customer):

* a case *enters* at its first mapped event;
* a visit to ``t`` *continues* to ``u`` when the case's next mapped event is
  at ``u`` -- except a move to ``t``'s complaint channel that ``t``'s
  ``next`` does not list: that is a complaint about ``t``, not a next step;
* a case *drops off* at its last mapped event when it has no outcome there
  (and ``t`` is no outcome touchpoint); it is *lost* there when the outcome
  column says ``lost``;
* a visit is *negative* by its negative flag or, without one, by a rating
  at or below the scale's threshold.
"""
from __future__ import annotations

import math
from typing import Iterable, Optional

from ..model.journey import Journey
from dataclasses import dataclass, field
from .counts import Counts, Evidence, Flow
from .events import EventMap

LEVEL = 0.9
DROP, LOST, OUTCOME = "(drop-off)", "(lost)", "(outcome)"


@dataclass(frozen=True)
class Share:
    """``count`` of ``total`` and the interval of the underlying probability or rate."""

    count: int
    total: int
    value: float
    low: float
    high: float

    def contains(self, value: float) -> bool:
        return self.low - 1e-12 <= value <= self.high + 1e-12


def _beta(a: float, b: float) -> tuple[float, float]:
    """Central interval of Beta(a, b) (scipy.special: scipy.stats costs a second to import)."""
    from scipy.special import betaincinv

    tail = (1.0 - LEVEL) / 2.0
    return float(betaincinv(a, b, tail)), float(betaincinv(a, b, 1.0 - tail))


def proportion(count: int, total: int) -> Share:
    """Jeffreys interval of a binomial proportion."""
    low, high = _beta(count + 0.5, total - count + 0.5)
    if count == 0:
        low = 0.0
    if count == total:
        high = 1.0
    return Share(count, total, count / total if total else 0.0, low, high)


def dirichlet_share(count: int, total: int, categories: int) -> Share:
    """Marginal Beta interval of one share of a Jeffreys Dirichlet over ``categories``."""
    low, high = _beta(count + 0.5, total - count + max(categories - 1, 1) * 0.5)
    if count == 0:
        low = 0.0
    if count == total:
        high = 1.0
    return Share(count, total, count / total if total else 0.0, low, high)


def rate(count: int, exposure: int) -> Share:
    """Jeffreys interval of a Poisson rate (events per case)."""
    from scipy.special import gammaincinv

    tail = (1.0 - LEVEL) / 2.0
    low = float(gammaincinv(count + 0.5, tail)) / exposure if count else 0.0
    high = float(gammaincinv(count + 0.5, 1.0 - tail)) / exposure
    return Share(count, exposure, count / exposure, low, high)


@dataclass(frozen=True)
class Hours:
    count: int
    mean: float
    low: float
    high: float


@dataclass
class TouchpointEstimate:
    id: str
    visits: int
    reach: Share
    #: where visits went next (touchpoint ids, DROP, LOST, OUTCOME): counts
    transitions: dict[str, int] = field(default_factory=dict)
    #: ``next`` shares (with DROP) of the visits that carried on
    next: dict[str, Share] = field(default_factory=dict)
    entry: Optional[Share] = None
    dropped: Optional[Share] = None      # cases that dropped off here, per entering case
    lost: int = 0
    likelihood: Optional[Share] = None
    complaints: int = 0
    complaint_share: Optional[Share] = None
    resolution: Optional[Share] = None
    hours: Optional[Hours] = None


@dataclass
class Estimates:
    cases: int
    touchpoints: dict[str, TouchpointEstimate]
    #: the same per segment (empty without a segment column)
    segments: dict[str, "Estimates"] = field(default_factory=dict)
    #: activities no touchpoint stands for: (name, events), most frequent first
    unmapped: list[tuple[str, int]] = field(default_factory=list)


def loop_members(journey: Journey) -> set[str]:
    """Touchpoints a customer can visit more than once (on a cycle of the journey)."""
    import networkx as nx

    graph = nx.DiGraph()
    for tid, tp in journey.touchpoints.items():
        graph.add_node(tid)
        for target, p in tp.next:
            if p > 0:
                graph.add_edge(tid, target)
        channel = journey.complaint_channel(tp)
        if channel and channel != tid:
            graph.add_edge(tid, channel)
            for target, p in tp.next:
                graph.add_edge(channel, target)
        if tp.resolution is not None and tp.resolution.back_to:
            graph.add_edge(tid, tp.resolution.back_to)
    members = {n for component in nx.strongly_connected_components(graph)
               if len(component) > 1 for n in component}
    return members | {n for n in graph if graph.has_edge(n, n)}


def _ends(flow: Flow, journey: Journey) -> str:
    if journey.touchpoints[flow.activity].is_outcome:
        return OUTCOME
    return {"lost": LOST, "outcome": OUTCOME}.get(flow.outcome or "", DROP)


def estimate_flows(journey: Journey, flows: Iterable[Flow], evidence: Iterable[Evidence],
                   activities: dict[str, str]) -> Estimates:
    """Estimates from the directly-follows counts and the evidence of mapped events.

    A visit is a case's first (the case enters there) unless a mapped event
    led to it, so entries are visits less incoming moves.
    """
    flows = list(flows)
    loops = loop_members(journey)
    per: dict[str, list[Flow]] = {}
    incoming: dict[str, int] = {}
    for flow in flows:
        per.setdefault(flow.activity, []).append(flow)
        if flow.next is not None:
            incoming[flow.next] = incoming.get(flow.next, 0) + flow.n
    entries = {tid: max(0, sum(f.n for f in items) - incoming.get(tid, 0))
               for tid, items in per.items()}
    cases = sum(entries.values())
    entry_categories = len(set(entries) | {tid for tid, _ in journey.entry})
    seen: dict[str, list[Evidence]] = {}
    complaints: dict[str, int] = {}
    for item in evidence:
        tid = activities.get(item.activity)
        if tid is not None:
            seen.setdefault(tid, []).append(item)
            if item.complaint:
                complaints[item.complaint] = complaints.get(item.complaint, 0) + item.n
    touchpoints: dict[str, TouchpointEstimate] = {}
    for tid, tp in journey.touchpoints.items():
        items = per.get(tid, [])
        told = seen.get(tid, [])
        visits = sum(f.n for f in items)
        if tid in loops or visits > cases:
            reach = rate(visits, max(cases, 1))
        else:
            reach = proportion(visits, max(cases, 1))
        est = TouchpointEstimate(tid, visits, reach)
        for flow in items:
            key = flow.next if flow.next is not None else _ends(flow, journey)
            est.transitions[key] = est.transitions.get(key, 0) + flow.n
        if cases:
            est.entry = dirichlet_share(entries.get(tid, 0), cases, entry_categories)
            est.dropped = proportion(est.transitions.get(DROP, 0), cases)
        est.lost = est.transitions.get(LOST, 0)
        if not tp.is_outcome and not tp.is_complaint_channel:
            channel = journey.complaint_channel(tp)
            listed = {target for target, _ in tp.next}
            carried = {k: v for k, v in est.transitions.items()
                       if k not in (LOST, OUTCOME) and not (k == channel and k not in listed)}
            total = sum(carried.values())
            if total:
                categories = len(set(carried) | listed | {DROP})
                est.next = {k: dirichlet_share(carried.get(k, 0), total, categories)
                            for k in sorted(set(carried) | listed | {DROP})}
        negative = sum(e.negative for e in told)
        judged = sum(e.judged for e in told)
        if judged:
            est.likelihood = proportion(negative, judged)
        est.complaints = complaints.get(tid, 0)
        if negative and journey.complaint_channel(tp):
            est.complaint_share = proportion(min(est.complaints, negative), negative)
        if tp.is_complaint_channel:
            handled = sum(e.handled for e in told)
            if handled:
                est.resolution = proportion(sum(e.resolved for e in told), handled)
            timed = sum(e.timed for e in told)
            if timed:
                total_hours = sum(e.hours for e in told)
                mean = total_hours / timed
                square = sum(e.hours_sq for e in told)
                spread = math.sqrt(max(square / timed - mean * mean, 0.0) / max(timed - 1, 1))
                est.hours = Hours(timed, mean, max(0.0, mean - 1.645 * spread),
                                  mean + 1.645 * spread)
        touchpoints[tid] = est
    return Estimates(cases, touchpoints)


def estimate(journey: Journey, counts: Counts, event_map: EventMap) -> Estimates:
    """Estimates for the whole log, and per segment when the log has segments."""
    mapping = dict(event_map.activities)
    result = estimate_flows(journey, counts.flows, counts.evidence, mapping)
    names = sorted({f.segment for f in counts.flows if f.segment is not None})
    for name in names:
        result.segments[name] = estimate_flows(
            journey, (f for f in counts.flows if f.segment == name),
            (e for e in counts.evidence if e.segment == name), mapping)
    unmapped: dict[str, int] = {}
    for _, name, n in counts.activities:
        if name not in event_map.activities and name not in event_map.ignore:
            unmapped[name] = unmapped.get(name, 0) + n
    result.unmapped = sorted(unmapped.items(), key=lambda item: (-item[1], item[0]))
    return result
