"""Draw an event log from a journey's own absorbing chain (``journeymap simulate``).

The chain is the risk engine's (:func:`mapper.risk.chain.build_chain`, one
per segment): a customer at a touchpoint has a negative experience with the
touchpoint's likelihood; of those, the profile's complaint share complain at
the touchpoint's complaint channel and the profile's never-return share of
the others are lost; everybody else carries on along ``next`` (the
unassigned share drops off silently).  At the complaint channel the
channel's own likelihood is the chance it fails the customer (a negative
experience there), otherwise the complaint is resolved with the channel's
rate; resolved complainers go to ``back_to`` or carry on from the touchpoint
they complained about, unresolved ones are lost with the never-return share.

Every visit is one event (row) with the default columns:

``case``      case number, 1..CASES
``time``      timestamp (UTC, seconds): a fixed epoch, a seeded start within
              90 days, seeded gaps between a case's events
``activity``  the touchpoint id (the complaint channel for a complaint)
``outcome``   on a case's last event: the outcome reached (``loyal``, ...),
              or ``lost`` where a negative experience lost the customer;
              empty when the customer dropped off
``segment``   the case's segment (drawn with the segment shares), if any
``negative``  true when the visit was a negative experience
``rating``    a CSAT rating 1..5 (1-2 when negative, 3-5 otherwise)
``complaint`` on a complaint channel's event: the touchpoint complained about
``resolved``  on a complaint channel's event: whether it was resolved
``hours``     on a resolved complaint: hours to resolve it (exponential,
              mean = the channel's ``resolution.hours``)

All draws come from one ``numpy.random.Generator`` seeded with ``seed``, in
a fixed order, so the same journey, cases and seed give the same log.
"""
from __future__ import annotations

from typing import Any, Optional

import numpy as np

from ..model.journey import Journey
from dataclasses import dataclass
from ..risk.chain import Chain, build_chain
from ..risk.hazard import hazard
from ..risk.profile import Profile

#: timestamps start here (UTC); each case starts within SPREAD_SECONDS of it
EPOCH = np.datetime64("2024-01-01T00:00:00", "s")
SPREAD_SECONDS = 90 * 86400
#: gaps between a case's events: at least MIN_GAP seconds plus an exponential
MIN_GAP_SECONDS = 60
MEAN_GAP_SECONDS = 6 * 3600
#: CSAT ratings of visits without a negative experience: P(3), P(4), P(5)
POSITIVE_RATINGS = (0.25, 0.40, 0.35)
#: a case still walking after this many events means the journey's loops
#: keep customers far longer than any real log would
MAX_STEPS = 100_000

TOUCHPOINT, COMPLAINT, OUTCOME = 0, 1, 2
DROP, RESOLVED = -1, -2
#: draws per active case and step, always made, so streams never shift
_DRAWS = 6


class SimulationError(Exception):
    """The journey cannot be simulated (customers never leave a loop)."""


@dataclass
class Plan:
    """One segment's chain, as arrays indexed by state."""

    kind: Any        # TOUCHPOINT | COMPLAINT | OUTCOME
    activity: Any    # touchpoint index of the event a state emits
    subject: Any     # complaint states: the touchpoint complained about, else -1
    outcome: Any     # outcome states: index into OUTCOME_NAMES, else -1
    complain: Any    # P(complain) at touchpoint states
    lose: Any        # P(negative and lost) at touchpoint states
    negative: Any    # P(negative and carry on) at touchpoint states
    complaint_state: Any
    fail: Any        # complaint states: P(the channel fails the customer)
    rate: Any        # complaint states: P(resolved | channel did not fail)
    back: Any        # complaint states: state of back_to, else -1
    hours: Any       # complaint states: mean resolution hours (nan: none given)
    cum: Any         # continuation tables, flattened (row r holds r + cumulative)
    dest: Any
    start: Any       # first position of each state's row in cum/dest
    stop: Any
    entry: Any       # cumulative entry shares over states
    never_return: float


def _continuation(chain: Chain, state: int) -> list[tuple[int, float]]:
    """Where a customer who carries on from touchpoint ``state`` goes."""
    n = len(chain.tps)
    moves = [(target, p) for target, p in chain.rows[state].items() if target < n]
    moves += [(DROP, chain.drop[state]), (RESOLVED, chain.resolved[state])]
    total = sum(p for _, p in moves)
    if total <= 0.0:   # everybody complains or is lost here: the planned flow
        tp = chain.tps[state]
        moves = [(chain.index[t], p) for t, p in tp.next] + [(DROP, tp.drop_off)]
        total = sum(p for _, p in moves) or 1.0
    return [(target, p / total) for target, p in moves if p > 0.0] or [(DROP, 1.0)]


OUTCOME_NAMES = ("repeat_purchase", "loyal", "advocate", "lost")


def plan(journey: Journey, profile: Profile, segment: Optional[str]) -> Plan:
    hazards = {tid: hazard(tp, profile, segment) for tid, tp in journey.touchpoints.items()}
    chain = build_chain(journey, hazards, profile)
    n, m = len(chain.tps), chain.size
    kind = np.full(m, TOUCHPOINT, np.int8)
    activity = np.arange(m, dtype=np.int32)
    subject = np.full(m, -1, np.int32)
    outcome = np.full(m, -1, np.int8)
    complain, lose, negative = np.zeros(m), np.zeros(m), np.zeros(m)
    complaint_state = np.full(m, -1, np.int32)
    fail, rate, hours = np.zeros(m), np.zeros(m), np.full(m, np.nan)
    back = np.full(m, -1, np.int32)
    cum: list[float] = []
    dest: list[int] = []
    start = np.zeros(m, np.int64)
    stop = np.zeros(m, np.int64)
    for i, tp in enumerate(chain.tps):
        if tp.is_outcome:
            kind[i] = OUTCOME
            outcome[i] = OUTCOME_NAMES.index(tp.outcome)
            continue
        for target, p in chain.rows[i].items():
            if target >= n:
                complaint_state[i] = target
                complain[i] = p
        lose[i] = chain.lost[i]
        negative[i] = max(0.0, chain.disappointed[i] - chain.lost[i])
    for state in range(m):
        start[state] = len(cum)
        row = state if state < n else chain.origin[state]
        if kind[state] != OUTCOME:
            running = 0.0
            for target, p in _continuation(chain, row):
                running += p
                cum.append(state + min(running, 1.0))
                dest.append(target)
            cum[-1] = state + 1.0
        stop[state] = len(cum)
    for state, channel_index in chain.channel_of.items():
        channel = chain.tps[channel_index]
        kind[state] = COMPLAINT
        activity[state] = channel_index
        subject[state] = chain.origin[state]
        rho = 1.0 - chain.disappointed[state]
        fail[state] = hazards[channel.id].likelihood
        rate[state] = rho / (1.0 - fail[state]) if fail[state] < 1.0 else 0.0
        if channel.resolution is not None:
            if channel.resolution.back_to:
                back[state] = chain.index[channel.resolution.back_to]
            if channel.resolution.hours is not None:
                hours[state] = channel.resolution.hours
    entry = np.cumsum(np.asarray(chain.entry, dtype=float))
    entry[-1] = max(entry[-1], 1.0)
    return Plan(kind, activity, subject, outcome, complain, lose, negative, complaint_state,
                fail, rate, back, hours, np.asarray(cum), np.asarray(dest, np.int32),
                start, stop, entry, float(profile.customers["never_return"]))


def _carry_on(p: Plan, rows: Any, u: Any) -> Any:
    """Continuation draws for states ``rows`` with uniforms ``u``."""
    position = np.searchsorted(p.cum, rows + u, side="right")
    position = np.minimum(position, p.stop[rows] - 1)
    return p.dest[position]


@dataclass
class Walk:
    """The events of one segment's cases, in the order they were drawn."""

    case: Any
    step: Any
    clock: Any
    activity: Any
    outcome: Any
    negative: Any   # -1 none, 0, 1
    rating: Any     # 0 none, 1..5
    complaint: Any  # touchpoint index or -1
    resolved: Any   # -1 none, 0, 1
    hours: Any      # nan: none


def walk(p: Plan, cases: Any, clock: Any, rng: np.random.Generator) -> Walk:
    """Walk every case of ``cases`` (case numbers) through the chain, all at once."""
    count = len(cases)
    state = np.searchsorted(p.entry, rng.random(count), side="right").astype(np.int32)
    state = np.minimum(state, len(p.kind) - 1)
    clock = clock.copy()
    active = np.arange(count)
    parts: list[tuple[Any, ...]] = []
    step = 0
    while active.size:
        if step >= MAX_STEPS:
            raise SimulationError(f"cases still in the journey after {MAX_STEPS} events: "
                                  "its loops keep customers almost forever")
        st = state[active]
        u = rng.random((active.size, _DRAWS))
        kind = p.kind[st]
        is_tp, is_complaint, is_outcome = kind == TOUCHPOINT, kind == COMPLAINT, kind == OUTCOME
        nxt = np.full(active.size, DROP, np.int32)
        outcome = np.where(is_outcome, p.outcome[st], -1).astype(np.int8)
        negative = np.full(active.size, -1, np.int8)
        resolved = np.full(active.size, -1, np.int8)
        hours = np.full(active.size, np.nan)
        lost_code = OUTCOME_NAMES.index("lost")

        # touchpoints: complain, be lost, or carry on (negative or not)
        t = np.flatnonzero(is_tp)
        ts, r = st[t], u[t, 0]
        complains = r < p.complain[ts]
        lost = ~complains & (r < p.complain[ts] + p.lose[ts])
        neg = r < p.complain[ts] + p.lose[ts] + p.negative[ts]
        negative[t] = neg
        on = _carry_on(p, ts, u[t, 1])
        nxt[t] = np.where(complains, p.complaint_state[ts], np.where(lost, DROP, on))
        outcome[t[lost]] = lost_code

        # complaint channels: fail, resolve, or leave unresolved
        c = np.flatnonzero(is_complaint)
        cs = st[c]
        failed = u[c, 0] < p.fail[cs]
        ok = ~failed & (u[c, 1] < p.rate[cs])
        negative[c] = failed
        resolved[c] = ok
        gone = ~ok & (u[c, 3] < p.never_return)
        mean_hours = p.hours[cs]
        hours[c] = np.where(ok, np.round(-np.log1p(-u[c, 3]) * mean_hours, 1), np.nan)
        on = _carry_on(p, cs, u[c, 2])
        nxt[c] = np.where(ok & (p.back[cs] >= 0), p.back[cs], np.where(gone, DROP, on))
        outcome[c[gone]] = lost_code

        rating = np.zeros(active.size, np.int8)
        rated = negative >= 0
        low = 1 + (u[:, 4] < 0.5)
        high = 3 + np.searchsorted(np.cumsum(POSITIVE_RATINGS)[:-1], u[:, 4], side="right")
        rating[rated] = np.where(negative[rated] == 1, low[rated], high[rated])

        subject = np.where(is_complaint, p.subject[st], -1).astype(np.int32)
        parts.append((cases[active], np.full(active.size, step, np.int32), clock[active].copy(),
                      p.activity[st], outcome, negative, rating, subject, resolved, hours))
        gap = MIN_GAP_SECONDS + np.floor(-np.log1p(-u[:, 5]) * MEAN_GAP_SECONDS)
        clock[active] += gap.astype(np.int64)
        nxt[is_outcome] = DROP
        moving = nxt >= 0
        state[active[moving]] = nxt[moving]
        active = active[moving]
        step += 1
    columns = [np.concatenate([part[i] for part in parts]) if parts else np.zeros(0)
               for i in range(10)]
    return Walk(*columns)


def simulate(journey: Journey, profile: Profile, cases: int, seed: int) -> Any:
    """An event log of ``cases`` cases as a pyarrow Table (default columns)."""
    import pyarrow as pa

    rng = np.random.default_rng(seed)
    segments = list(journey.segments)
    if segments:
        shares = np.asarray([journey.segments[s].share for s in segments], dtype=float)
        segment_of = rng.choice(len(segments), size=cases, p=shares / shares.sum())
    else:
        segment_of = np.zeros(cases, np.int64)
    start = rng.integers(0, SPREAD_SECONDS, size=cases, dtype=np.int64)
    walks = []
    for number, segment in enumerate(segments or [None]):
        members = np.flatnonzero(segment_of == number)
        if members.size:
            walks.append((number, walk(plan(journey, profile, segment), members,
                                       start[members], rng)))
    return _table(journey, segments, walks, pa)


def _strings(indices: Any, names: list[str], pa: Any) -> Any:
    """A string column from indices into ``names`` (negative: null)."""
    missing = indices < 0
    codes = pa.array(np.where(missing, 0, indices).astype(np.int32), mask=missing)
    return pa.DictionaryArray.from_arrays(codes, pa.array(names or [""], pa.string())).cast(
        pa.string())


def _table(journey: Journey, segments: list[str], walks: list[tuple[int, Walk]], pa: Any) -> Any:
    def joined(name: str) -> Any:
        return np.concatenate([getattr(w, name) for _, w in walks]) if walks else np.zeros(0)

    case = joined("case")
    order = np.argsort(case, kind="stable")   # cases in order, each case's events in order
    segment = np.concatenate([np.full(len(w.case), number, np.int32) for number, w in walks]
                             ) if walks and segments else np.full(len(case), -1, np.int32)
    ids = list(journey.touchpoints)
    negative, resolved = joined("negative")[order], joined("resolved")[order]
    rating, hours = joined("rating")[order], joined("hours")[order]
    times = EPOCH + joined("clock")[order].astype("timedelta64[s]")
    return pa.table({
        "case": pa.array(case[order] + 1, pa.int64()),
        "time": pa.array(times, pa.timestamp("s")),
        "activity": _strings(joined("activity")[order], ids, pa),
        "outcome": _strings(joined("outcome")[order], list(OUTCOME_NAMES), pa),
        "segment": _strings(segment[order], segments, pa),
        "negative": pa.array(negative == 1, mask=negative < 0),
        "rating": pa.array(rating.astype(np.int8), mask=rating == 0),
        "complaint": _strings(joined("complaint")[order], ids, pa),
        "resolved": pa.array(resolved == 1, mask=resolved < 0),
        "hours": pa.array(hours, mask=np.isnan(hours)),
    })
