"""The hand-written model against the data: which figures the data contradicts.

For every touchpoint the model's reach, ``next`` shares, drop-off,
likelihood, entry share and (for complaint channels) resolution rate and
hours are compared with the data's estimate and its 90 % interval; figures
outside the interval are flagged and listed first.  A G-test compares where
the visits of each touchpoint went next (the next touchpoint, drop-off or
loss) with where the model sends them -- the model's chain, segments mixed
by their shares -- and sums over touchpoints (cells expected below 5
visits are pooled).  Journey edges the data never used, and transitions the
data shows but the journey lacks, are listed apart.
"""
from __future__ import annotations

import math
from typing import Any, Optional

from dataclasses import dataclass, field
from .estimate import DROP, LOST, OUTCOME, Estimates, Share

ENTRY = "(entry)"
#: cells expected to hold fewer visits than this are pooled in the G-test
MIN_EXPECTED = 5.0
#: the journey is flagged when the G-test's p-value is below this
ALPHA = 0.01


@dataclass(frozen=True)
class Check:
    touchpoint: str
    quantity: str
    model: float
    observed: Share

    @property
    def outside(self) -> bool:
        return not self.observed.contains(self.model)

    @property
    def distance(self) -> float:
        width = max(self.observed.high - self.observed.low, 1e-9)
        return abs(self.model - self.observed.value) / width


@dataclass(frozen=True)
class GTest:
    touchpoint: str
    statistic: float
    df: int
    p_value: float


@dataclass
class Calibration:
    checks: list[Check]
    tests: list[GTest]
    total: GTest
    #: journey edges never seen: (from, to, model share, visits at from)
    unseen: list[tuple[str, str, float, int]] = field(default_factory=list)
    #: transitions the journey lacks: (from, to, count, share of from's visits)
    missing: list[tuple[str, str, int, float]] = field(default_factory=list)

    @property
    def flagged(self) -> list[Check]:
        return [check for check in self.checks if check.outside]

    @property
    def fits(self) -> bool:
        return self.total.p_value >= ALPHA


def model_likelihoods(analysis: Any) -> dict[str, float]:
    """Each touchpoint's likelihood, segments mixed by their visits there (as the data mixes them)."""
    from ..risk.hazard import hazard

    journey = analysis.journey
    mixed: dict[str, float] = {}
    positions = {segment: {tid: i for i, tid in enumerate(analysis.chains[segment].ids)}
                 for segment in analysis.weights}
    for tid, tp in journey.touchpoints.items():
        weighted = total = 0.0
        for segment, weight in analysis.weights.items():
            result = analysis.chains[segment]
            visits = weight * result.visits[positions[segment][tid]]
            name = segment if segment in journey.segments else None
            weighted += visits * hazard(tp, analysis.profile, name).likelihood
            total += visits
        mixed[tid] = weighted / total if total > 0 else analysis.touchpoints[tid].likelihood
    return mixed


def model_flows(analysis: Any) -> tuple[dict[str, dict[str, float]], dict[str, float]]:
    """Where the model sends a visit to each touchpoint next, and drop-offs per entering case.

    Complaint visits count at their channel (as in the data, where the
    complaint is an event of the channel).
    """
    flows: dict[str, dict[str, float]] = {}
    drops: dict[str, float] = {}
    for segment, weight in analysis.weights.items():
        result = analysis.chains[segment]
        chain = result.chain
        n = len(chain.tps)

        def activity(state: int) -> str:
            return chain.tps[state if state < n else chain.channel_of[state]].id

        visits = result.lu.solve_transposed(chain.entry)
        for state, y in enumerate(visits):
            if y <= 0 or (state < n and chain.tps[state].is_outcome):
                continue
            name = activity(state)
            mass = weight * y
            row = flows.setdefault(name, {})
            for target, p in chain.rows[state].items():
                key = activity(target)
                row[key] = row.get(key, 0.0) + mass * p
            row[LOST] = row.get(LOST, 0.0) + mass * chain.lost[state]
            ended = mass * (chain.drop[state] + chain.resolved[state])
            row[DROP] = row.get(DROP, 0.0) + ended
            drops[name] = drops.get(name, 0.0) + ended
    for name, row in flows.items():
        total = sum(row.values())
        if total > 0:
            flows[name] = {key: value / total for key, value in row.items()}
    return flows, drops


def chi2_sf(statistic: float, df: int) -> float:
    """P(X >= statistic) for X ~ chi-squared with ``df`` degrees of freedom."""
    from scipy.special import gammaincc

    return float(gammaincc(df / 2.0, statistic / 2.0))


def _g_test(name: str, observed: dict[str, int], model: dict[str, float]
            ) -> tuple[Optional[GTest], list[tuple[str, int]]]:
    """G-test of one touchpoint's transitions; also the observed cells the model forbids."""
    total = sum(observed.values())
    impossible = [(key, count) for key, count in observed.items()
                  if count and model.get(key, 0.0) <= 0.0]
    n = total - sum(count for _, count in impossible)
    cells = [(observed.get(key, 0), n * p) for key, p in sorted(model.items()) if p > 0]
    if n <= 0 or len(cells) < 2:
        return None, impossible
    kept = [(o, e) for o, e in cells if e >= MIN_EXPECTED]
    small = [(o, e) for o, e in cells if e < MIN_EXPECTED]
    if small:
        kept.append((sum(o for o, _ in small), sum(e for _, e in small)))
    if len(kept) < 2:
        return None, impossible
    statistic = 2.0 * sum(o * math.log(o / e) for o, e in kept if o > 0)
    df = len(kept) - 1
    return GTest(name, statistic, df, chi2_sf(statistic, df)), impossible


def calibrate(analysis: Any, estimates: Estimates) -> Calibration:
    journey = analysis.journey
    profile = analysis.profile
    flows, drops = model_flows(analysis)
    likelihoods = model_likelihoods(analysis)
    checks: list[Check] = []
    tests: list[GTest] = []
    unseen: list[tuple[str, str, float, int]] = []
    missing: list[tuple[str, str, int, float]] = []
    entry = dict(journey.entry)
    observed_entry = {tid: est.entry.count for tid, est in estimates.touchpoints.items()
                      if est.entry is not None and est.entry.count}
    test, impossible = _g_test(ENTRY, observed_entry, entry)
    if test is not None:
        tests.append(test)
    missing += [(ENTRY, key, count, count / max(estimates.cases, 1)) for key, count in impossible]
    for tid, est in estimates.touchpoints.items():
        tp = journey.touchpoints[tid]
        risk = analysis.touchpoints[tid]
        if est.entry is not None and (est.entry.count or entry.get(tid)):
            checks.append(Check(tid, "entry share", entry.get(tid, 0.0), est.entry))
        checks.append(Check(tid, "reach", risk.reach, est.reach))
        if est.dropped is not None and not tp.is_outcome:
            checks.append(Check(tid, "drop-off per case", drops.get(tid, 0.0), est.dropped))
        shares = dict(tp.next)
        for target, share in est.next.items():
            model = tp.drop_off if target == DROP else shares.get(target, 0.0)
            label = "drop-off share" if target == DROP else f"next {target}"
            checks.append(Check(tid, label, model, share))
        if est.likelihood is not None:
            checks.append(Check(tid, "likelihood", likelihoods[tid], est.likelihood))
        if est.complaint_share is not None and risk.likelihood > 0:
            checks.append(Check(tid, "complaint share", profile.customers["complaint_share"],
                                est.complaint_share))
        if tp.is_complaint_channel:
            rate = (tp.resolution.rate if tp.resolution else
                    profile.customers["default_resolution_rate"])
            if est.resolution is not None:
                checks.append(Check(tid, "resolution rate", rate, est.resolution))
            if est.hours is not None and tp.resolution and tp.resolution.hours is not None:
                checks.append(Check(tid, "resolution hours", tp.resolution.hours,
                                    Share(est.hours.count, est.hours.count, est.hours.mean,
                                          est.hours.low, est.hours.high)))
        if tp.is_outcome or not est.visits:
            continue
        model = flows.get(tid, {})
        test, impossible = _g_test(tid, est.transitions, model)
        if test is not None:
            tests.append(test)
        missing += [(tid, key, count, count / est.visits) for key, count in impossible]
        for target, share in tp.next:
            if share > 0 and not est.transitions.get(target):
                unseen.append((tid, target, share, est.visits))
    statistic = sum(t.statistic for t in tests)
    df = sum(t.df for t in tests)
    total = GTest("(journey)", statistic, df, chi2_sf(statistic, df) if df else 1.0)
    order = {tid: i for i, tid in enumerate(journey.touchpoints)}
    checks.sort(key=lambda c: (not c.outside, -c.distance if c.outside else 0.0,
                               order.get(c.touchpoint, 0)))
    missing.sort(key=lambda m: (-m[2], m[0], m[1]))
    return Calibration(checks, tests, total, unseen, missing)


__all__ = ["Calibration", "Check", "GTest", "calibrate", "model_flows", "OUTCOME"]
