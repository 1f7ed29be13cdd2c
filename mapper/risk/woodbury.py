"""What a set of actions saves, from the baseline's factorisation (no re-solve).

An action changes a few states of the chain: its touchpoint's row of ``Q``
and loss (and, for a complaint channel, the complaint states it serves).
With those rows ``R`` changed by ``dQ`` (and the losses by ``dl``),
``A_S = A - E_R dQ_R`` is a rank-``|R|`` update of the baseline ``A = I - Q``,
and the Sherman-Morrison-Woodbury formula gives the expected lost of the
combination from the baseline's solves alone:

    w = A^-1 l + Z dl,   Z = A^-1 E_R   (one column per changed state)
    lost = entry . w - (entry . Z) (I - dQ_R Z)^-1 (-dQ_R w)

Each candidate's changed rows are found once, by building the chain with
that action alone; a combination is then a ``|R| x |R|`` solve.  It is
exact when the candidates' changed states are disjoint (each state's row
depends only on its own touchpoint and its complaint channel); a
combination whose actions change the same state, or an action that adds or
removes states, is left to the caller (``None``: re-evaluate it in full).
"""
from __future__ import annotations

from typing import Any, Optional, Sequence

from ..model.journey import Action
from .actions import done_ids, with_actions
from .analysis import ALL, Analysis, _money
from .chain import build_chain
from .hazard import hazard


class Updates:
    """The objective (customers or money lost, whole cohort) of a set of candidates."""

    def __init__(self, baseline: Analysis, candidates: Sequence[Action], objective: str):
        import numpy as np

        self.np = np
        journey, profile = baseline.journey, baseline.profile
        done = done_ids(journey)
        variants = [with_actions(journey, done | {a.id}) for a in candidates]
        #: per candidate: the states it changes (None: it adds or removes states)
        self.changed: list[Optional[frozenset[int]]] = [frozenset()] * len(candidates)
        #: per candidate, per segment: {state: (columns, delta row of Q, delta loss)}
        deltas: list[list[dict[int, tuple[list[int], Any, float]]]] = [
            [] for _ in candidates]
        segments: list[tuple[float, Any, Any, list[float]]] = []
        for seg, weight in baseline.weights.items():
            result = baseline.chains[seg]
            chain, lu = result.chain, result.lu
            if chain is None or lu is None:
                raise ValueError("the baseline has no chain to update")
            segment = None if seg == ALL else seg
            unit = 1.0
            if objective == "money":
                value = journey.segments[seg].value if segment else None
                unit = (_money(journey, 1.0, value) or {"total": 0.0})["total"]
            loss = [a + b for a, b in zip(chain.lost, chain.lost_outcome)]
            for k, variant in enumerate(variants):
                hazards = {tid: hazard(tp, profile, segment)
                           for tid, tp in variant.touchpoints.items()}
                other = build_chain(variant, hazards, profile)
                if other.size != chain.size or other.channel_of != chain.channel_of or \
                        other.entry != chain.entry:
                    self.changed[k] = None
                changes = {}
                if self.changed[k] is not None:
                    for i in range(chain.size):
                        new_loss = other.lost[i] + other.lost_outcome[i]
                        if other.rows[i] != chain.rows[i] or new_loss != loss[i]:
                            cols = sorted(set(other.rows[i]) | set(chain.rows[i]))
                            dq = np.array([other.rows[i].get(c, 0.0) -
                                           chain.rows[i].get(c, 0.0) for c in cols])
                            changes[i] = (cols, dq, new_loss - loss[i])
                    self.changed[k] = self.changed[k] | frozenset(changes)  # type: ignore[operator]
                deltas[k].append(changes)
            segments.append((weight * float(journey.cohort) * unit, chain, lu, loss))
        #: one slot per (candidate, state it changes), in a fixed order
        self.slots: list[list[int]] = []
        pairs: list[tuple[int, int]] = []
        for k, states in enumerate(self.changed):
            self.slots.append([])
            for state in sorted(states or ()):
                self.slots[k].append(len(pairs))
                pairs.append((k, state))
        self.segments: list[dict[str, Any]] = []
        for s, (weight, chain, lu, loss_list) in enumerate(segments):
            entry = np.array(chain.entry)
            g = np.array(lu.solve(loss_list))
            columns = dict(lu.columns(sorted({state for _, state in pairs})))
            z = np.zeros((chain.size, len(pairs)))
            for a, (_, state) in enumerate(pairs):
                z[:, a] = columns[state]
            dz = np.zeros((len(pairs), len(pairs)))
            dg = np.zeros(len(pairs))
            dl = np.zeros(len(pairs))
            for a, (k, state) in enumerate(pairs):
                cols, dq, dloss = deltas[k][s].get(state, ([], np.zeros(0), 0.0))
                if cols:
                    dz[a] = dq @ z[cols]
                    dg[a] = dq @ g[cols]
                dl[a] = dloss
            self.segments.append({"weight": weight, "ez": entry @ z, "eg": float(entry @ g),
                                  "dz": dz, "dg": dg, "dl": dl})
        self.base = self._total([])

    def _total(self, slots: Sequence[int]) -> float:
        """The objective with the changes of ``slots`` made (Woodbury, per segment)."""
        np = self.np
        idx = np.array(slots, dtype=int)
        total = 0.0
        for seg in self.segments:
            lost = seg["eg"]
            if len(idx):
                ez, dl = seg["ez"][idx], seg["dl"][idx]
                dz = seg["dz"][np.ix_(idx, idx)]
                # w = g + Z dl; D = -dQ_R; lost = e.w - (e.Z)(I + D Z)^-1 (D w)
                dw = -(seg["dg"][idx] + dz @ dl)
                lost = lost + ez @ dl - ez @ np.linalg.solve(np.eye(len(idx)) - dz, dw)
            total += seg["weight"] * float(lost)
        return total

    def saved(self, chosen: frozenset[int]) -> Optional[float]:
        """The objective saved by the candidates ``chosen`` against the baseline, or
        None when the update is not exact for them (re-evaluate in full)."""
        seen: set[int] = set()
        for k in chosen:
            states = self.changed[k]
            if states is None or states & seen:
                return None
            seen |= states
        return self.base - self._total(sorted(a for k in chosen for a in self.slots[k]))
