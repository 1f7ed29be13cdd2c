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
factorised once (``solve.py``: block triangular by its loops, plain Python
unless a loop is large); the removal effect of every touchpoint (fix-first)
reuses it through the Sherman-Morrison formula.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Optional, Sequence

from ..model.journey import Journey, Touchpoint
from .hazard import Hazard
from .profile import Profile
from .solve import LOOP_LIMIT, Factorisation, LoopTooLarge, SingularChain, dot, factorise


class ChainError(Exception):
    """The chain has no solution (a part of the journey nobody can leave), or
    none within the limits; ``touchpoint`` is where to point the message."""

    def __init__(self, message: str, touchpoint: Optional[Touchpoint] = None):
        super().__init__(message)
        self.touchpoint = touchpoint


@dataclass
class ChainResult:
    """Per-customer figures of one segment (multiply by the cohort for customers)."""

    ids: list[str]
    visits: list[float]           # expected visits per touchpoint (complaint visits included)
    lost_at: list[float]          # lost customers attributed to each touchpoint
    disappointed_at: list[float]  # unresolved negative experiences per touchpoint
    complained_at: list[float]    # complaints about each touchpoint
    outcomes: dict[str, float]    # absorbed per outcome touchpoint
    lost: float                   # lost through negative experiences
    lost_outcomes: float          # reached an outcome `lost`
    dropped: float
    resolved: float               # left satisfied from a channel with nowhere to go
    saved: list[float]            # removal effect: lost avoided if each problem were gone
    chain: Optional["Chain"] = None
    recovered: float = 0.0        # complaints resolved (per entering customer)
    lu: Any = None                # the factorisation of I - Q, reused by later questions

    @property
    def expected_lost(self) -> float:
        return self.lost + self.lost_outcomes

    @property
    def retained(self) -> float:
        return sum(self.outcomes.values()) - self.lost_outcomes + self.resolved


@dataclass
class Chain:
    """The transient matrix Q (sparse rows) and the per-state vectors of one segment."""

    tps: list[Touchpoint]
    index: dict[str, int]
    rows: list[dict[int, float]]
    entry: list[float]
    lost: list[float]          # immediate loss through negative experiences
    lost_outcome: list[float]  # 1 at outcomes `lost`
    drop: list[float]
    resolved: list[float]
    disappointed: list[float]
    complain: list[float]
    origin: list[int]          # state -> touchpoint its losses are attributed to
    channel_of: dict[int, int]  # complaint state -> channel touchpoint
    recovered: list[float] = field(default_factory=list)  # resolved share per complaint state

    @property
    def size(self) -> int:
        return len(self.rows)


def give_up(hours: Optional[float], profile: Profile) -> float:
    """Share of complainers who give up waiting for a resolution that takes ``hours``.

    Nobody within the profile's patience; beyond it ``excess / (excess + h½)``
    (a profile Model value): slow complaint handling loses customers.
    """
    if hours is None:
        return 0.0
    excess = hours - profile.customers["complaint_patience_hours"]
    if excess <= 0:
        return 0.0
    return excess / (excess + profile.customers["complaint_give_up_hours"])


def _continuation(tp: Touchpoint, index: dict[str, int]
                  ) -> tuple[list[tuple[int, float]], float, float]:
    """Where a customer who carries on from ``tp`` goes: (targets, drop, resolved)."""
    if tp.next:
        return [(index[t], p) for t, p in tp.next], tp.drop_off, 0.0
    if tp.is_complaint_channel:
        back = tp.resolution.back_to if tp.resolution else None
        if back:
            return [(index[back], 1.0)], 0.0, 0.0
        return [], 0.0, 1.0
    return [], 1.0, 0.0  # a dead end: everybody drops off


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

    complaint_of: dict[int, int] = {}    # origin index -> complaint state index
    channel_of: dict[int, int] = {}      # complaint state index -> channel index
    if not structural:
        for tp in tps:
            channel_id = journey.complaint_channel(tp)
            if channel_id and channel_id != tp.id and not tp.is_outcome and \
                    hazards[tp.id].likelihood > 0:
                state = n + len(complaint_of)
                complaint_of[index[tp.id]] = state
                channel_of[state] = index[channel_id]
    m = n + len(complaint_of)
    rows: list[dict[int, float]] = [{} for _ in range(m)]
    lost = [0.0] * m
    drop = [0.0] * m
    resolved = [0.0] * m
    disappointed = [0.0] * m
    complain = [0.0] * m
    recovered = [0.0] * m
    lost_outcome = [0.0] * m
    origin = list(range(m))

    # where customers carrying on from each touchpoint go, worked out once: a
    # complaint state carries on like the touchpoint complained about
    continuations = [_continuation(tp, index) for tp in tps]

    def carry_on(state: int, tp_index: int, mass: float) -> None:
        targets, drop_share, resolved_share = continuations[tp_index]
        row = rows[state]
        for target, p in targets:
            if mass * p != 0.0:
                row[target] = row.get(target, 0.0) + mass * p
        drop[state] += mass * drop_share
        resolved[state] += mass * resolved_share

    for i, tp in enumerate(tps):
        if tp.is_outcome:
            if tp.outcome == "lost":
                lost_outcome[i] = 1.0
            continue
        p = 0.0 if structural else hazards[tp.id].likelihood
        k = k_share if i in complaint_of else 0.0
        carry_on(i, i, (1.0 - p) + p * (1.0 - k) * (1.0 - nu))
        lost[i] = p * (1.0 - k) * nu
        disappointed[i] = p * (1.0 - k)
        if k > 0 and p * k != 0.0:
            rows[i][complaint_of[i]] = p * k
            complain[i] = p * k
    for i, state in complaint_of.items():
        channel = tps[channel_of[state]]
        origin[state] = i
        rate = channel.resolution.rate if channel.resolution else default_rate
        hours = channel.resolution.hours if channel.resolution else None
        rho = rate * (1.0 - hazards[channel.id].likelihood) * (1.0 - give_up(hours, profile))
        recovered[state] = rho
        back = channel.resolution.back_to if channel.resolution else None
        if back:
            if rho != 0.0:
                rows[state][index[back]] = rows[state].get(index[back], 0.0) + rho
            carry_on(state, i, (1.0 - rho) * (1.0 - nu))
        else:
            carry_on(state, i, rho + (1.0 - rho) * (1.0 - nu))
        lost[state] = (1.0 - rho) * nu
        disappointed[state] = 1.0 - rho

    entry = [0.0] * m
    for tid, share in journey.entry:
        entry[index[tid]] += share
    return Chain(tps, index, rows, entry, lost, lost_outcome, drop, resolved, disappointed,
                 complain, origin, channel_of, recovered)


def _largest_loop(chain: Chain) -> list[int]:
    """The touchpoints (by index, complaint states mapped to their owner) of the
    chain's largest strongly connected component."""
    import networkx as nx

    graph = nx.DiGraph()
    graph.add_nodes_from(range(chain.size))
    graph.add_edges_from((i, j) for i, row in enumerate(chain.rows) for j in row)
    members = max(nx.strongly_connected_components(graph), key=len)
    return sorted({chain.origin[state] for state in members})


def _factorise(chain: Chain, like: Optional[Factorisation] = None) -> Factorisation:
    try:
        return factorise(chain.rows, like)
    except LoopTooLarge as exc:
        members = _largest_loop(chain)
        first = min((chain.tps[i] for i in members), key=lambda tp: (tp.line, tp.column))
        raise ChainError(
            f"touchpoint '{first.id}' is in a loop of {len(members)} touchpoints "
            f"({exc.size} states with complaint states) that is {exc}: a loop may have "
            f"at most {LOOP_LIMIT} states, sparsely linked, to be scored in bounded "
            "time and memory; split it or give it fewer ways back", first) from None
    except SingularChain as exc:  # a closed loop the loader's checks did not foresee
        raise ChainError("customers can never leave part of this journey "
                         "(its flows form a closed loop)") from exc


def solve_chain(journey: Journey, hazards: dict[str, Hazard], profile: Profile,
                with_removal: bool = True, structural: bool = False,
                like: Optional[Factorisation] = None) -> ChainResult:
    """Solve one segment's chain: visits, absorption, attributed losses, removal effects.

    ``like`` is the factorisation of another chain of the journey (another
    segment's): where it links the states alike, its loops are reused."""
    chain = build_chain(journey, hazards, profile, structural)
    n = len(chain.tps)
    lu = _factorise(chain, like)
    y = [max(v, 0.0) for v in _visits(chain, lu)]  # expected visits per state
    loss = [a + b for a, b in zip(chain.lost, chain.lost_outcome)]
    lost_at = [0.0] * n
    disappointed_at = [0.0] * n
    complained_at = [0.0] * n
    for state, owner in enumerate(chain.origin):
        visits_here = y[state]
        if visits_here:
            lost_at[owner] += visits_here * loss[state]
            disappointed_at[owner] += visits_here * chain.disappointed[state]
            complained_at[owner] += visits_here * chain.complain[state]
    visits = y[:n]
    for state, channel in chain.channel_of.items():
        visits[channel] += y[state]
    saved = [0.0] * n
    if with_removal and not structural:
        saved = _removal_effects(lu, chain, y, loss, hazards)
        total = dot(y, loss)
        served = set(chain.channel_of.values())
        for i, tp in enumerate(chain.tps):
            # a complaint channel's own failures change every complaint state it
            # serves (not a rank-one change): re-solve once per channel, there are few
            if tp.is_complaint_channel and hazards[tp.id].likelihood > 0 and i in served:
                fixed = dict(hazards)
                fixed[tp.id] = Hazard(0.0, hazards[tp.id].severity, hazards[tp.id].source,
                                      modes=((0.0, hazards[tp.id].severity),))
                other = solve_chain(journey, fixed, profile, with_removal=False, like=lu)
                saved[i] = max(saved[i], 0.0) + max(0.0, total - other.expected_lost)
    return ChainResult(
        ids=[tp.id for tp in chain.tps], visits=visits, lost_at=lost_at,
        disappointed_at=disappointed_at, complained_at=complained_at,
        outcomes={tp.id: y[i] for i, tp in enumerate(chain.tps) if tp.is_outcome},
        lost=dot(y, chain.lost), lost_outcomes=dot(y, chain.lost_outcome),
        dropped=dot(y, chain.drop), resolved=dot(y, chain.resolved), saved=saved,
        chain=chain, lu=lu, recovered=dot(y, chain.recovered))


#: how far (relative) the customers ending up somewhere may differ from those
#: entering: beyond it the chain counts as numerically singular
CONSERVATION = 1e-10


def _absorbed(chain: Chain, y: Sequence[float]) -> float:
    """Customers (per entering customer) absorbed anywhere: lost, dropped,
    resolved or at an outcome; equal to the entering share in exact arithmetic."""
    total = dot(y, chain.lost) + dot(y, chain.drop) + dot(y, chain.resolved)
    return total + sum(y[i] for i, tp in enumerate(chain.tps) if tp.is_outcome)


def _visits(chain: Chain, lu: Factorisation) -> list[float]:
    """``y = A^-T entry``, refined once when the cohort is not conserved to
    :data:`CONSERVATION`, and rejected as numerically singular if it still is not."""
    y = lu.solve_transposed(chain.entry)
    entering = sum(chain.entry)
    if abs(_absorbed(chain, y) - entering) <= CONSERVATION * entering:
        return y
    residual = list(chain.entry)   # entry - A^T y, A = I - Q
    for i, row in enumerate(chain.rows):
        residual[i] -= y[i]
        for j, q in row.items():
            residual[j] += q * y[i]
    y = [a + b for a, b in zip(y, lu.solve_transposed(residual))]
    error = abs(_absorbed(chain, y) - entering) / entering
    if error <= CONSERVATION:
        return y
    first = _tightest_loop(chain)
    where = f"the loop at touchpoint '{first.id}'" if first else "this journey"
    raise ChainError(
        f"{where} is numerically singular: customers stay in it so long that the "
        f"cohort is conserved only to {error:.1g} (the limit is {CONSERVATION:g}); "
        "let more of the traffic leave the loop", first)


def _tightest_loop(chain: Chain) -> Optional[Touchpoint]:
    """The first touchpoint of the loop that customers leave least per visit."""
    import networkx as nx

    graph = nx.DiGraph()
    graph.add_edges_from((i, j) for i, row in enumerate(chain.rows) for j in row)
    best: Optional[tuple[float, Touchpoint]] = None
    for members in nx.strongly_connected_components(graph):
        if len(members) == 1 and not any(i in chain.rows[i] for i in members):
            continue
        leaving = sum(1.0 - sum(q for j, q in chain.rows[i].items() if j in members)
                      for i in members) / len(members)
        first = min((chain.tps[chain.origin[i]] for i in members),
                    key=lambda tp: (tp.line, tp.column))
        if best is None or (leaving, first.line) < (best[0], best[1].line):
            best = (leaving, first)
    return best[1] if best else None


def _removal_effects(lu: Factorisation, chain: Chain, y: Sequence[float],
                     loss: Sequence[float], hazards: dict[str, Hazard]) -> list[float]:
    """Lost customers avoided (per entering customer) if each touchpoint's problem went away.

    Removing the problem at ``t`` replaces row ``t`` of Q by its plain
    continuation and zeroes its immediate loss: a rank-one change
    ``A' = A + e_t u^T``.  By Sherman-Morrison, with ``g = A^-1 loss`` and
    ``z = A^-1 e_t``::

        L' = y.loss' - y_t (u.g - loss_t u.z) / (1 + u.z)

    ``u`` is non-zero only at ``t``'s successors ``j``, and ``z_j`` — the
    expected visits to ``t`` starting from ``j`` — is zero unless ``j`` can
    come back to ``t``, i.e. lies in ``t``'s strongly connected component
    (a customer who leaves a component never returns to it).  So ``z`` is
    needed only inside loops, and there it equals the inverse of the
    component's own small block ``I - Q_CC`` -- which the block-triangular
    factorisation of the chain has already factorised.  The whole ranking
    costs that one factorisation (for ``y``, ``g`` and the loops' ``z``),
    never a solve of the whole chain per touchpoint.
    """
    tps = chain.tps
    g = lu.solve(loss)
    total = dot(y, loss)
    saved = [0.0] * len(tps)
    candidates = [i for i, tp in enumerate(tps)
                  if not tp.is_outcome and hazards[tp.id].likelihood > 0 and y[i] > 0]
    changes = {i: _row_change(chain, i) for i in candidates}
    # z restricted to each touchpoint's loop and to the states its change
    # touches: {t: {j: z_j}}, from the loop's own block, factorised already
    # by the block-triangular solve of the chain (only those few entries are
    # kept: a loop of n states would otherwise hold n^2 numbers)
    local: dict[int, dict[int, float]] = {}
    for members, inner in lu.loops():
        position = {state: k for k, state in enumerate(members)}
        targets = [k for k, state in enumerate(members) if state in changes]
        for k, column in inner.columns(targets):
            state = members[k]
            local[state] = {c: float(column[position[c]])
                            for c in changes[state] if c in position}
    for i in candidates:
        u = changes[i]
        z = local.get(i)
        if z is None:
            uz = u.get(i, 0.0)
        else:
            uz = sum(v * z.get(c, 0.0) for c, v in u.items())
        ug = sum(v * g[c] for c, v in u.items())
        new_total = total - y[i] * loss[i] - y[i] * (ug - loss[i] * uz) / (1.0 + uz)
        saved[i] = max(0.0, total - new_total)
    return saved


def _row_change(chain: Chain, i: int) -> dict[int, float]:
    """``u`` = the old row ``i`` of Q minus the row without its problem."""
    u = dict(chain.rows[i])
    targets, _, _ = _continuation(chain.tps[i], chain.index)
    for target, p in targets:
        u[target] = u.get(target, 0.0) - p
    return u


def planned_reach(journey: Journey, profile: Profile) -> dict[str, float]:
    """Expected visits per customer with no risk at all (the designed traffic)."""
    none = Hazard(0.0, 1.0, "none", modes=((0.0, 1.0),))
    hazards = dict.fromkeys(journey.touchpoints, none)
    result = solve_chain(journey, hazards, profile, with_removal=False, structural=True)
    return dict(zip(result.ids, result.visits))


def hit_probability(result: ChainResult, start: str, target: str) -> float:
    """Probability that a customer at ``start`` goes on to reach ``target``.

    With the fundamental matrix ``N = (I - Q)^-1``, the expected visits to
    ``t`` from ``s`` are ``N[s, t] = P(reach t from s) * N[t, t]``, so one
    solve for column ``t`` with the chain's existing factorisation answers it.
    """
    return hit_probabilities(result, [(start, target)])[(start, target)]


def hit_probabilities(result: ChainResult, pairs: Sequence[tuple[str, str]]
                      ) -> dict[tuple[str, str], float]:
    """:func:`hit_probability` for many ``(start, target)`` pairs, columns solved in batches."""
    assert result.chain is not None and result.lu is not None
    index = result.chain.index
    wanted: dict[int, list[tuple[str, str]]] = {}
    answers: dict[tuple[str, str], float] = {}
    for start, target in pairs:
        if start == target:
            answers[(start, target)] = 1.0
        else:
            wanted.setdefault(index[target], []).append((start, target))
    entries = result.lu.entries(
        [(index[start], column) for column, starts in wanted.items() for start, _ in starts]
        + [(column, column) for column in wanted])
    for column, starts in wanted.items():
        diagonal = entries[(column, column)]
        for start, target in starts:
            value = entries[(index[start], column)] / diagonal if diagonal > 0 else 0.0
            answers[(start, target)] = min(1.0, max(0.0, value))
    return answers
