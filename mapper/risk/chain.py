"""Where the cohort ends up: an absorbing Markov chain over the journey.

States are the touchpoints (outcomes absorb) plus one *complaint state* per
touchpoint that has a complaint channel: a customer who complains about
touchpoint ``t`` at channel ``c`` is in state ``(c, t)``, because resolved
complainers continue along ``t``'s ``next`` (or the channel's ``back_to``).

At a touchpoint with likelihood ``p`` of a negative experience, complaint
share ``k`` (0 without a channel) and never-return share ``nu``:

* ``1 - p`` continue along ``next`` (the unassigned share drops off);
* ``p * k`` complain, entering ``(c, t)``;
* ``p * (1 - k)`` are disappointed: ``nu`` of them are lost, the rest continue.

In a complaint state, with the channel's resolution rate ``rho`` lowered by
the channel's own likelihood of failing (``rho_eff = rho * (1 - p_c)``):
``rho_eff`` continue (to ``back_to`` if given), the rest are disappointed
(``nu`` lost, the others continue).

Absorption: outcomes, ``lost``, ``dropped`` and ``resolved`` (complainers
resolved at a channel that has nowhere further to send them).  The chain is
solved with one sparse LU factorisation; the removal effect of every
touchpoint (fix-first) reuses it through the Sherman-Morrison formula.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Optional

import numpy as np
import scipy.sparse as sp
from scipy.sparse.linalg import splu

from ..model.journey import Journey, Touchpoint
from .hazard import Hazard
from .profile import Profile

#: columns solved per batch when computing removal effects
BATCH = 256


@dataclass
class ChainResult:
    """Per-customer figures of one segment (multiply by the cohort for customers)."""

    ids: list[str]
    visits: np.ndarray          # expected visits per touchpoint (complaint visits included)
    lost_at: np.ndarray         # lost customers attributed to each touchpoint
    disappointed_at: np.ndarray  # unresolved negative experiences per touchpoint
    complained_at: np.ndarray   # complaints about each touchpoint
    outcomes: dict[str, float]  # absorbed per outcome touchpoint
    lost: float                 # lost through negative experiences
    lost_outcomes: float        # reached an outcome `lost`
    dropped: float
    resolved: float             # left satisfied from a channel with nowhere to go
    saved: np.ndarray           # removal effect: lost avoided if each problem were gone
    chain: Optional["Chain"] = None
    lu: Any = None              # the factorisation of I - Q, reused by later questions

    @property
    def expected_lost(self) -> float:
        return self.lost + self.lost_outcomes

    @property
    def retained(self) -> float:
        return sum(v for k, v in self.outcomes.items()) - self.lost_outcomes + self.resolved


class _Rows:
    """Sparse rows of Q plus the absorbing columns, built state by state."""

    def __init__(self) -> None:
        self.rows: list[int] = []
        self.cols: list[int] = []
        self.vals: list[float] = []

    def add(self, row: int, col: int, value: float) -> None:
        if value != 0.0:
            self.rows.append(row)
            self.cols.append(col)
            self.vals.append(value)


def _continuation(journey: Journey, tp: Touchpoint, index: dict[str, int]
                  ) -> tuple[list[tuple[int, float]], float, float]:
    """Where a customer who carries on from ``tp`` goes: (targets, drop, resolved)."""
    if tp.next:
        targets = [(index[t], p) for t, p in tp.next]
        return targets, tp.drop_off, 0.0
    if tp.is_complaint_channel:
        back = tp.resolution.back_to if tp.resolution else None
        if back:
            return [(index[back], 1.0)], 0.0, 0.0
        return [], 0.0, 1.0
    return [], 1.0, 0.0  # a dead end: everybody drops off


@dataclass
class Chain:
    """The transient matrix Q and the per-state vectors of one segment's chain."""

    tps: list[Touchpoint]
    index: dict[str, int]
    Q: sp.csr_matrix
    entry: np.ndarray
    lost: np.ndarray          # immediate loss through negative experiences
    lost_outcome: np.ndarray  # 1 at outcomes `lost`
    drop: np.ndarray
    resolved: np.ndarray
    disappointed: np.ndarray
    complain: np.ndarray
    origin: np.ndarray        # state -> touchpoint its losses are attributed to
    channel_of: dict[int, int]  # complaint state -> channel touchpoint

    @property
    def size(self) -> int:
        return self.Q.shape[0]


def build_chain(journey: Journey, hazards: dict[str, Hazard], profile: Profile,
                structural: bool = False) -> Chain:
    """Build the chain for one segment's hazards.

    ``structural=True`` ignores every risk (planned traffic only): the
    exposure used by scores, independent of any likelihood.
    """
    tps = list(journey.touchpoints.values())
    index = {tp.id: i for i, tp in enumerate(tps)}
    n = len(tps)
    nu = profile.customers["never_return"]
    k_share = profile.customers["complaint_share"]
    default_rate = profile.customers["default_resolution_rate"]

    # complaint states, one per touchpoint with a usable channel
    complaint_of: dict[int, int] = {}    # origin index -> complaint state index
    channel_of: dict[int, int] = {}      # complaint state index -> channel index
    if not structural:
        for tp in tps:
            channel = journey.complaint_channel(tp)
            if channel and channel != tp.id and not tp.is_outcome and \
                    hazards[tp.id].likelihood > 0:
                state = n + len(complaint_of)
                complaint_of[index[tp.id]] = state
                channel_of[state] = index[channel]
    m = n + len(complaint_of)
    q = _Rows()
    lost = np.zeros(m)
    drop = np.zeros(m)
    resolved = np.zeros(m)
    disappointed = np.zeros(m)
    complain = np.zeros(m)
    lost_outcome = np.zeros(m)
    origin = np.arange(m)

    def carry_on(state: int, tp: Touchpoint, mass: float) -> None:
        targets, drop_share, resolved_share = _continuation(journey, tp, index)
        for target, p in targets:
            q.add(state, target, mass * p)
        drop[state] += mass * drop_share
        resolved[state] += mass * resolved_share

    for i, tp in enumerate(tps):
        if tp.is_outcome:
            if tp.outcome == "lost":
                lost_outcome[i] = 1.0
            continue
        p = 0.0 if structural else hazards[tp.id].likelihood
        k = k_share if i in complaint_of else 0.0
        carry_on(i, tp, (1.0 - p) + p * (1.0 - k) * (1.0 - nu))
        lost[i] = p * (1.0 - k) * nu
        disappointed[i] = p * (1.0 - k)
        if k > 0:
            q.add(i, complaint_of[i], p * k)
            complain[i] = p * k
    for i, state in complaint_of.items():
        tp = tps[i]
        channel = tps[channel_of[state]]
        origin[state] = i
        rate = channel.resolution.rate if channel.resolution else default_rate
        rho = rate * (1.0 - hazards[channel.id].likelihood)
        back = channel.resolution.back_to if channel.resolution else None
        if back:
            q.add(state, index[back], rho)
            carry_on(state, tp, (1.0 - rho) * (1.0 - nu))
        else:
            carry_on(state, tp, rho + (1.0 - rho) * (1.0 - nu))
        lost[state] = (1.0 - rho) * nu
        disappointed[state] = 1.0 - rho

    Q = sp.csr_matrix((q.vals, (q.rows, q.cols)), shape=(m, m))
    Q.sum_duplicates()
    entry = np.zeros(m)
    for tid, share in journey.entry:
        entry[index[tid]] += share
    return Chain(tps, index, Q, entry, lost, lost_outcome, drop, resolved, disappointed,
                 complain, origin, channel_of)


def _factorise(Q: sp.csr_matrix):
    A = (sp.identity(Q.shape[0], format="csc") - Q.tocsc()).tocsc()
    try:
        return splu(A)
    except RuntimeError as exc:  # a closed loop the loader's checks did not foresee
        raise ChainError("customers can never leave part of this journey "
                         "(its flows form a closed loop)") from exc


class ChainError(Exception):
    """The chain has no solution (a part of the journey nobody can leave)."""


def solve_chain(journey: Journey, hazards: dict[str, Hazard], profile: Profile,
                with_removal: bool = True, structural: bool = False) -> ChainResult:
    """Solve one segment's chain: visits, absorption, attributed losses, removal effects."""
    chain = build_chain(journey, hazards, profile, structural)
    n = len(chain.tps)
    lu = _factorise(chain.Q)
    y = np.maximum(lu.solve(chain.entry, trans="T"), 0.0)   # expected visits per state
    loss_vector = chain.lost + chain.lost_outcome
    lost_at = np.zeros(n)
    disappointed_at = np.zeros(n)
    complained_at = np.zeros(n)
    np.add.at(lost_at, chain.origin, y * loss_vector)
    np.add.at(disappointed_at, chain.origin, y * chain.disappointed)
    np.add.at(complained_at, chain.origin, y * chain.complain)
    visits = y[:n].copy()
    for state, channel in chain.channel_of.items():
        visits[channel] += y[state]
    saved = np.zeros(n)
    if with_removal and not structural:
        saved = _removal_effects(lu, chain, y, loss_vector, hazards, journey)
        total = float(y @ loss_vector)
        served = set(chain.channel_of.values())
        for i, tp in enumerate(chain.tps):
            # a complaint channel's own failures change every complaint state it
            # serves (not a rank-one change): re-solve once per channel, there are few
            if tp.is_complaint_channel and hazards[tp.id].likelihood > 0 and i in served:
                fixed = dict(hazards)
                fixed[tp.id] = Hazard(0.0, hazards[tp.id].severity, hazards[tp.id].source)
                other = solve_chain(journey, fixed, profile, with_removal=False)
                saved[i] = max(saved[i], 0.0) + max(0.0, total - other.expected_lost)
    return ChainResult(
        ids=[tp.id for tp in chain.tps], visits=visits, lost_at=lost_at,
        disappointed_at=disappointed_at, complained_at=complained_at,
        outcomes={tp.id: float(y[i]) for i, tp in enumerate(chain.tps) if tp.is_outcome},
        lost=float(y @ chain.lost), lost_outcomes=float(y @ chain.lost_outcome),
        dropped=float(y @ chain.drop), resolved=float(y @ chain.resolved), saved=saved,
        chain=chain, lu=lu)


def _removal_effects(lu, chain: Chain, y: np.ndarray, loss: np.ndarray,
                     hazards: dict[str, Hazard], journey: Journey) -> np.ndarray:
    """Lost customers avoided (per entering customer) if each touchpoint's problem went away.

    Removing the problem at ``t`` replaces row ``t`` of Q by its plain
    continuation and zeroes its immediate loss: a rank-one change
    ``A' = A + e_t u^T``.  By Sherman-Morrison, with ``g = A^-1 loss`` and
    ``z = A^-1 e_t``::

        L' = y.loss' - y_t (u.g - loss_t u.z) / (1 + u.z)

    so one factorisation serves all touchpoints: only the columns ``z`` are
    solved, in batches.
    """
    tps = chain.tps
    n = len(tps)
    g = lu.solve(loss)
    total = float(y @ loss)
    saved = np.zeros(n)
    candidates = [i for i, tp in enumerate(tps)
                  if not tp.is_outcome and hazards[tp.id].likelihood > 0]
    Q = chain.Q
    for start in range(0, len(candidates), BATCH):
        batch = candidates[start:start + BATCH]
        rhs = np.zeros((chain.size, len(batch)))
        rhs[batch, np.arange(len(batch))] = 1.0
        Z = lu.solve(rhs).reshape(chain.size, len(batch))
        for column, i in enumerate(batch):
            u: dict[int, float] = {}
            for c, v in zip(Q.indices[Q.indptr[i]:Q.indptr[i + 1]],
                            Q.data[Q.indptr[i]:Q.indptr[i + 1]]):
                u[int(c)] = float(v)
            targets, _, _ = _continuation(journey, tps[i], chain.index)
            for target, p in targets:   # u = old row - new row of Q
                u[target] = u.get(target, 0.0) - p
            z = Z[:, column]
            uz = sum(v * z[c] for c, v in u.items())
            ug = sum(v * g[c] for c, v in u.items())
            new_total = total - y[i] * loss[i] - y[i] * (ug - loss[i] * uz) / (1.0 + uz)
            saved[i] = max(0.0, total - new_total)
    return saved


def planned_reach(journey: Journey, profile: Profile) -> dict[str, float]:
    """Expected visits per customer with no risk at all (the designed traffic)."""
    hazards = {tid: Hazard(0.0, 1.0, "none") for tid in journey.touchpoints}
    result = solve_chain(journey, hazards, profile, with_removal=False, structural=True)
    return {tid: float(v) for tid, v in zip(result.ids, result.visits)}


def hit_probability(result: ChainResult, start: str, target: str) -> float:
    """Probability that a customer at ``start`` goes on to reach ``target``.

    With the fundamental matrix ``N = (I - Q)^-1``, the expected visits to
    ``t`` from ``s`` are ``N[s, t] = P(reach t from s) * N[t, t]``, so one
    solve for column ``t`` with the chain's existing factorisation answers it.
    """
    assert result.chain is not None and result.lu is not None
    index = result.chain.index
    if start == target:
        return 1.0
    rhs = np.zeros(result.chain.size)
    rhs[index[target]] = 1.0
    column = result.lu.solve(rhs)
    return float(min(1.0, max(0.0, column[index[start]] / column[index[target]])))
