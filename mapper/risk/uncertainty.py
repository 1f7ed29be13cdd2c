"""Stated uncertainty: 90 % intervals by seeded Monte Carlo.

A touchpoint's ``likelihood``, a ``next`` share or a complaint channel's
resolution ``rate`` given as a range ``{low, high}`` (every value in it
equally plausible; drawn ``next`` shares summing above 1 are scaled back
to 1), and
``evidence`` (its Beta posterior), are uncertain; everything else is fixed.
The point figures use a range's middle and the evidence's posterior mean.
With any uncertain value, ``draws`` values are drawn for each (numpy,
seeded from the profile: the same input gives the same output), all draws
are solved at once, and the central ``interval`` of the draws bounds: retained, expected lost, money at risk, negative word of
mouth, each touchpoint's expected lost — and how stable the fix-first order
is: for each of the top five, the share of draws in which it keeps its
place among the point ranking's ten largest (removal effects by
Sherman-Morrison from each draw's solved columns; complaint channels, whose
removal is a re-solve, are left out of that).
Without ranges or evidence nothing runs.

When only likelihoods are drawn (ranges, evidence), the chain's structure
is fixed and each of its entries is affine in the likelihood that governs
its state: the chain is built at three probe values, not once per draw,
and every draw is solved together in the chain's block-triangular order
(strongly connected components, sinks first): a state outside a loop is
one division of arrays over the draws, a loop a stack of small dense
solves.  Drawn ``next`` shares (scaled back when above 1), resolution rates
and segment overrides of a drawn likelihood take the general path: each
draw's chain is built, and the draws are solved as stacked dense systems
(or one by one for long chains).
"""
from __future__ import annotations

from typing import Any, Optional

from ..model.journey import Journey, Touchpoint
from dataclasses import replace
from .analysis import ALL, Analysis, _money
from .chain import _continuation, build_chain
from .hazard import Hazard, hazard
from .profile import Profile
from .solve import factorise, sinks_first

BATCH = 100
TOP = 5
#: the fix-first places are drawn among the point ranking's ten largest
WATCHED = 10
#: chains up to this many states are solved as stacked dense systems; larger
#: ones by the sparse block-triangular solver (dense work grows with the cube)
DENSE_LIMIT = 80


def sources(journey: Journey) -> list[tuple[str, str]]:
    """``(touchpoint, what)`` of every uncertain value, in journey order."""
    found = []
    for tid, tp in journey.touchpoints.items():
        if tp.likelihood_range is not None:
            found.append((tid, "likelihood"))
        elif tp.evidence is not None and not tp.failure_modes and tp.likelihood is None:
            found.append((tid, "evidence"))
        if tp.resolution is not None and tp.resolution.rate_range is not None:
            found.append((tid, "resolution.rate"))
        found.extend((tid, f"next.{target}") for target, _ in tp.next
                     if target in tp.next_ranges)
    return found


def _draws(journey: Journey, profile: Profile, found: list[tuple[str, str]]) -> dict[
        tuple[str, str], Any]:
    import numpy as np

    cfg = profile.uncertainty
    rng = np.random.default_rng(int(cfg["seed"]))
    n = int(cfg["draws"])
    values = {}
    for tid, what in found:
        tp = journey.touchpoints[tid]
        if what == "likelihood":
            low, high = tp.likelihood_range  # type: ignore[misc]
            drawn = rng.uniform(low, high, n)
        elif what == "evidence":
            evidence = tp.evidence
            assert evidence is not None
            a = evidence.negative + profile.evidence["prior_negative"]
            b = evidence.observed - evidence.negative + profile.evidence["prior_positive"]
            drawn = rng.beta(a, b, n)
        elif what == "resolution.rate":
            low, high = tp.resolution.rate_range  # type: ignore[union-attr,misc]
            drawn = rng.uniform(low, high, n)
        else:
            low, high = tp.next_ranges[what[len("next."):]]
            drawn = rng.uniform(low, high, n)
        # a likelihood of exactly 0 would drop the point's complaint state
        values[(tid, what)] = np.clip(drawn, 1e-12, 1.0) if what == "likelihood" or \
            what == "evidence" else drawn
    return values


def _variant(tp: Touchpoint, changes: dict[str, float]) -> Touchpoint:
    fields: dict[str, Any] = {}
    if "likelihood" in changes or "evidence" in changes:
        fields.update(likelihood=changes.get("likelihood", changes.get("evidence")),
                      evidence=None)
    if "resolution.rate" in changes:
        assert tp.resolution is not None, "a rate is drawn only for a complaint channel"
        fields["resolution"] = replace(tp.resolution, rate=changes["resolution.rate"])
    if any(key.startswith("next.") for key in changes):
        shares = [(t, changes.get(f"next.{t}", p)) for t, p in tp.next]
        total = sum(p for _, p in shares)
        if total > 1.0:   # drawn shares above 1 in all: scaled back to 1 (nobody drops off)
            shares = [(t, p / total) for t, p in shares]
        fields["next"] = tuple(shares)
    return replace(tp, **fields)


def monte_carlo(analysis: Analysis) -> Optional[dict[str, Any]]:
    """Intervals of the analysis's figures, or None when nothing is uncertain."""
    journey, profile = analysis.journey, analysis.profile
    found = sources(journey)
    if not found:
        return None
    import numpy as np

    values = _draws(journey, profile, found)
    n = int(profile.uncertainty["draws"])
    cohort = float(journey.cohort)
    ids = list(journey.touchpoints)
    touched = sorted({tid for tid, _ in found}, key=ids.index)
    lost = np.zeros(n)
    retained = np.zeros(n)
    disappointed = np.zeros(n)
    money = np.zeros(n)
    lost_at = np.zeros((n, len(ids)))
    saved = np.zeros((n, len(ids)))
    watched = [ids.index(item["id"]) for item in analysis.summary["fix_first"]
               if not journey.touchpoints[item["id"]].is_complaint_channel][:WATCHED]
    for segment, weight in analysis.weights.items():
        seg = None if segment == ALL else segment
        base = {tid: hazard(tp, profile, seg) for tid, tp in journey.touchpoints.items()}
        per = _segment(journey, profile, seg, base, touched, found, values, n, watched)
        share = weight * cohort
        lost += share * per["lost"]
        retained += share * per["retained"]
        disappointed += share * per["disappointed"]
        lost_at += share * per["lost_at"]
        saved += share * per["saved"]
        if journey.economics is not None:
            value = journey.segments[segment].value if seg else None
            unit = _money(journey, 1.0, value)
            money += share * per["lost"] * (unit["total"] if unit else 0.0)
    tail = (1.0 - profile.uncertainty["interval"]) / 2.0

    def interval(x: Any) -> dict[str, float]:
        low, high = np.quantile(x, [tail, 1.0 - tail])
        return {"low": float(low), "high": float(high)}

    cfg = profile.customers
    dis = interval(disappointed)
    intervals: dict[str, Any] = {
        "retained": interval(retained), "expected_lost": interval(lost),
        "word_of_mouth": {"low": dis["low"] * cfg["word_of_mouth_low"],
                          "high": dis["high"] * cfg["word_of_mouth_high"]},
    }
    if journey.economics is not None:
        intervals["money_at_risk"] = interval(money)
    per_touchpoint = {tid: interval(lost_at[:, i]) for i, tid in enumerate(ids)
                      if not journey.touchpoints[tid].is_outcome}
    return {"draws": n, "seed": int(profile.uncertainty["seed"]),
            "interval": profile.uncertainty["interval"],
            "sources": [{"touchpoint": tid, "value": what} for tid, what in found],
            "intervals": intervals, "touchpoints": per_touchpoint,
            "fix_first_stability": _stability(analysis, ids, saved)}


def _stability(analysis: Analysis, ids: list[str], saved: Any) -> list[dict[str, Any]]:
    """For each of the top five of fix-first: the share of draws where it keeps its place."""
    import numpy as np

    journey = analysis.journey
    ranked = [item["id"] for item in analysis.summary["fix_first"]]
    ranked = [tid for tid in ranked if not journey.touchpoints[tid].is_complaint_channel]
    order = {tid: i for i, tid in enumerate(ids)}
    columns = [order[tid] for tid in ranked]
    if not columns:
        return []
    block = saved[:, columns]
    # rank within each draw: largest first, ties by journey order (stable sort)
    places = np.argsort(np.argsort(-block, axis=1, kind="stable"), axis=1, kind="stable")
    return [{"id": tid, "place": place + 1, "keeps_place": float(np.mean(places[:, place] == place))}
            for place, tid in enumerate(ranked[:TOP])]


def _segment(journey: Journey, profile: Profile, seg: Optional[str], base: dict[str, Hazard],
             touched: list[str], found: list[tuple[str, str]], values: dict[Any, Any],
             n: int, watched: list[int]) -> dict[str, Any]:
    """Figures of every draw for one segment: each draw's chain built, then the draws
    solved together as stacked dense systems (numpy), in batches."""
    import numpy as np

    ids = list(journey.touchpoints)
    affine = _affine_chain(journey, profile, seg, base, touched, found, values, n)
    if affine is not None:
        return _solve_affine(affine, ids, watched, n)
    results: dict[str, list[Any]] = {k: [] for k in ("lost", "retained", "disappointed",
                                                     "lost_at", "saved")}
    for start in range(0, n, BATCH):
        stop = min(n, start + BATCH)
        chains: list[tuple[Any, dict[str, Hazard]]] = []
        matrices: list[Any] = []
        for d in range(start, stop):
            tps = dict(journey.touchpoints)
            hazards = dict(base)
            for tid in touched:
                changes = {what: float(values[(t, what)][d]) for t, what in found if t == tid}
                tps[tid] = _variant(journey.touchpoints[tid], changes)
                hazards[tid] = hazard(tps[tid], profile, seg)
            chain = build_chain(replace(journey, touchpoints=tps), hazards, profile)
            if chains and chain.size != chains[0][0].size:  # pragma: no cover - clipped draws
                raise ValueError("draws changed the chain's states")
            chains.append((chain, hazards))
            if chain.size <= DENSE_LIMIT:
                a = np.eye(chain.size)
                for i, row in enumerate(chain.rows):
                    for j, p in row.items():
                        a[i, j] -= p
                matrices.append(a)
        m = chains[0][0].size
        loss = np.stack([np.array(c.lost) + np.array(c.lost_outcome) for c, _ in chains])
        # right-hand sides: the losses, and a unit column per watched touchpoint
        rhs = np.zeros((len(chains), m, 1 + len(watched)))
        rhs[:, :, 0] = loss
        for k, i in enumerate(watched):
            rhs[:, i, 1 + k] = 1.0
        entry = np.array(chains[0][0].entry)
        if matrices:   # small chains: all draws at once, stacked dense systems
            stack = np.stack(matrices)
            solved = np.linalg.solve(stack, rhs)
            y = np.linalg.solve(np.transpose(stack, (0, 2, 1)), np.broadcast_to(
                entry, (len(chains), m))[..., None])[..., 0]
        else:          # large chains: the sparse block-triangular solver, draw by draw
            solved = np.zeros_like(rhs)
            y = np.zeros((len(chains), m))
            for k, (chain, _) in enumerate(chains):
                lu = factorise(chain.rows)
                y[k] = lu.solve_transposed(list(entry))
                for column in range(rhs.shape[2]):
                    solved[k, :, column] = lu.solve(list(rhs[k, :, column]))
        y = np.maximum(y, 0.0)
        for k, (chain, hazards) in enumerate(chains):
            yk, g = y[k], solved[k, :, 0]
            total = float(yk @ loss[k])
            lost_at = np.zeros(len(ids))
            np.add.at(lost_at, chain.origin, yk * loss[k])
            keep = np.zeros(m)
            for i, tp in enumerate(chain.tps):
                if tp.is_outcome and tp.outcome != "lost":
                    keep[i] = 1.0
            results["lost"].append(total)
            results["retained"].append(float(yk @ keep + yk @ np.array(chain.resolved)))
            results["disappointed"].append(float(yk @ np.array(chain.disappointed)))
            results["lost_at"].append(lost_at)
            results["saved"].append(_removal(chain, hazards, solved[k, :, 1:], watched, yk, g,
                                             loss[k], total, len(ids)))
    return {k: np.array(v) for k, v in results.items()}


def _removal(chain: Any, hazards: dict[str, Hazard], columns: Any, watched: list[int], y: Any,
             g: Any, loss: Any, total: float, n: int) -> Any:
    """Customers saved (per entering customer) if a watched touchpoint's problem went away
    (Sherman-Morrison, as the point solver; ``columns[:, k]`` is ``A^-1 e_t``)."""
    import numpy as np

    saved = np.zeros(n)
    for k, i in enumerate(watched):
        tp = chain.tps[i]
        if hazards[tp.id].likelihood <= 0 or y[i] <= 0:
            continue
        u = dict(chain.rows[i])
        for target, p in _continuation(tp, chain.index)[0]:
            u[target] = u.get(target, 0.0) - p
        cols = list(u)
        weights = np.array([u[c] for c in cols])
        uz = float(weights @ columns[cols, k])
        ug = float(weights @ g[cols])
        new_total = total - y[i] * loss[i] - y[i] * (ug - loss[i] * uz) / (1.0 + uz)
        saved[i] = max(0.0, total - new_total)
    return saved


#: the likelihoods the affine chain is built at (any two distinct values in (0, 1))
_PROBES = (0.25, 0.5, 0.75)


class _AffineChain:
    """Every draw's chain at once: the structure is fixed, and each entry of a
    state's row (and its per-state figures) is affine in the likelihood of the
    touchpoint that governs the state (its own; a complaint state's: its
    channel's), so it is ``constant + slope * likelihood`` with arrays over draws."""

    def __init__(self, chain: Any, rows: list[dict[int, Any]], vectors: dict[str, list[Any]],
                 likelihood: dict[int, Any]):
        self.chain, self.rows, self.vectors, self.likelihood = chain, rows, vectors, likelihood


def _affine_chain(journey: Journey, profile: Profile, seg: Optional[str],
                  base: dict[str, Hazard], touched: list[str], found: list[tuple[str, str]],
                  values: dict[Any, Any], n: int) -> Optional[_AffineChain]:
    """The draws' chains as affine functions of the drawn likelihoods, or None when
    that does not hold (a drawn ``next`` share or resolution rate, a segment
    override of a drawn likelihood)."""
    import numpy as np

    if any(what not in ("likelihood", "evidence") for _, what in found):
        return None
    chains = []
    for probe in _PROBES:
        tps = dict(journey.touchpoints)
        hazards = dict(base)
        for tid in touched:
            tps[tid] = _variant(journey.touchpoints[tid], {"likelihood": probe})
            hazards[tid] = hazard(tps[tid], profile, seg)
            if hazards[tid].likelihood != probe:   # a segment override replaces it
                return None
        chains.append(build_chain(replace(journey, touchpoints=tps), hazards, profile))
    low, mid, high = chains
    if any(c.size != low.size or c.channel_of != low.channel_of
                                      for c in chains):
        return None
    drawn = {ids_index: np.asarray(values[(tid, what)], dtype=float)
             for tid, what in found for ids_index in [low.index[tid]]}
    governs = [i if i < len(low.tps) else low.channel_of[i] for i in range(low.size)]
    step = _PROBES[2] - _PROBES[0]

    def entry(a: float, b: float, c: float, state: int) -> Any:
        if a == b == c:
            return a
        slope = (c - a) / step
        if abs(a + slope * (_PROBES[1] - _PROBES[0]) - b) > 1e-12 * max(1.0, abs(b)) or \
                governs[state] not in drawn:
            raise ValueError("not affine")
        return a + slope * (drawn[governs[state]] - _PROBES[0])

    try:
        rows = []
        for state in range(low.size):
            if set(low.rows[state]) != set(mid.rows[state]) or \
                    set(low.rows[state]) != set(high.rows[state]):
                return None
            rows.append({j: entry(v, mid.rows[state][j], high.rows[state][j], state)
                         for j, v in low.rows[state].items()})
        vectors = {name: [entry(a, b, c, state) for state, (a, b, c) in enumerate(zip(
            getattr(low, name), getattr(mid, name), getattr(high, name)))]
            for name in ("lost", "lost_outcome", "resolved", "disappointed")}
    except ValueError:
        return None
    likelihood = {i: drawn.get(i, base[tp.id].likelihood) for i, tp in enumerate(low.tps)}
    return _AffineChain(low, rows, vectors, likelihood)


def _stacked(values: list[Any], n: int) -> Any:
    """A list of scalars or arrays over draws as one array (states, draws)."""
    import numpy as np

    out = np.empty((len(values), n))
    for i, v in enumerate(values):
        out[i] = v
    return out


def _block_solve(affine: _AffineChain, b: Any, transposed: bool) -> Any:
    """``A^-1 b`` (or ``A^-T b``) of every draw at once, ``b`` of shape
    (states, draws, columns): the chain's strongly connected components in
    block-triangular order (sinks first; sources first transposed), a single
    state a division by arrays over draws, a loop a stack of dense solves."""
    import numpy as np

    rows = affine.rows
    m = len(rows)
    components = sinks_first(rows)
    component_of = [0] * m
    for k, members in enumerate(components):
        for state in members:
            component_of[state] = k
    edges: list[list[tuple[int, Any]]] = [[] for _ in range(m)]
    for i, row in enumerate(rows):
        for j, q in row.items():
            if component_of[j] != component_of[i]:
                if transposed:
                    edges[j].append((i, q))
                else:
                    edges[i].append((j, q))
    x = np.zeros_like(b)
    draws = b.shape[1]
    for members in (reversed(components) if transposed else components):
        for i in members:
            value = b[i].copy()
            for j, q in edges[i]:
                value += (q[:, None] if isinstance(q, np.ndarray) else q) * x[j]
            x[i] = value
        if len(members) == 1:
            i = members[0]
            diagonal = 1.0 - rows[i].get(i, 0.0)
            x[i] /= diagonal[:, None] if isinstance(diagonal, np.ndarray) else diagonal
            continue
        position = {state: k for k, state in enumerate(members)}
        block = np.zeros((draws, len(members), len(members)))
        for k, i in enumerate(members):
            block[:, k, k] = 1.0
            for j, q in rows[i].items():
                if j in position:
                    if transposed:
                        block[:, position[j], k] -= q
                    else:
                        block[:, k, position[j]] -= q
        rhs = np.transpose(x[members], (1, 0, 2))        # (draws, k, columns)
        solved = np.linalg.solve(block, rhs)
        x[members] = np.transpose(solved, (1, 0, 2))
    return x


def _solve_affine(affine: _AffineChain, ids: list[str], watched: list[int],
                  n: int) -> dict[str, Any]:
    """The figures of :func:`_segment` for every draw, from the affine chain."""
    import numpy as np

    chain = affine.chain
    m = chain.size
    loss = _stacked(affine.vectors["lost"], n) + _stacked(affine.vectors["lost_outcome"], n)
    rhs = np.zeros((m, n, 1 + len(watched)))
    rhs[:, :, 0] = loss
    for k, i in enumerate(watched):
        rhs[i, :, 1 + k] = 1.0
    solved = _block_solve(affine, rhs, transposed=False)
    entry = np.zeros((m, n, 1))
    entry[:, :, 0] = np.asarray(chain.entry)[:, None]
    y = np.maximum(_block_solve(affine, entry, transposed=True)[:, :, 0], 0.0)   # (m, n)
    total = np.einsum("mn,mn->n", y, loss)
    lost_at = np.zeros((len(ids), n))
    np.add.at(lost_at, chain.origin, y * loss)
    keep = np.array([1.0 if tp.is_outcome and tp.outcome != "lost" else 0.0
                     for tp in chain.tps] + [0.0] * (m - len(chain.tps)))
    retained = keep @ y + np.einsum("mn,mn->n", y, _stacked(affine.vectors["resolved"], n))
    disappointed = np.einsum("mn,mn->n", y, _stacked(affine.vectors["disappointed"], n))
    g = solved[:, :, 0]
    saved = np.zeros((len(ids), n))
    for k, i in enumerate(watched):
        tp = chain.tps[i]
        u = dict(affine.rows[i])
        for target, p in _continuation(tp, chain.index)[0]:
            u[target] = u.get(target, 0.0) - p
        uz = sum(w * solved[c, :, 1 + k] for c, w in u.items())
        ug = sum(w * g[c] for c, w in u.items())
        new_total = total - y[i] * loss[i] - y[i] * (ug - loss[i] * uz) / (1.0 + uz)
        live = (np.asarray(affine.likelihood[i]) > 0) & (y[i] > 0)
        saved[i] = np.where(live, np.maximum(0.0, total - new_total), 0.0)
    return {"lost": total, "retained": retained, "disappointed": disappointed,
            "lost_at": lost_at.T, "saved": saved.T}
