"""Linear solves with ``A = I - Q`` for the absorbing chain, factorised once.

A journey's chain is mostly a one-way street: customers move on through the
stages and come back only inside loops (a retry, a repeat visit, a complaint
sent back).  Ordered by its strongly connected components, ``A`` is block
triangular, so :class:`BlockLU` solves it component by component: a single
state is one division, and only a loop needs a small dense factorisation of
its own block.  That is linear in the chain's size plus the loops' cubes,
and it needs neither numpy nor scipy unless a loop is large:

* loops of up to ``DENSE_LIMIT`` states (every hand-written journey, and the
  benchmark's synthetic ones up to a few thousand touchpoints) use a dense
  LU with partial pivoting in plain Python: importing numpy alone costs
  ~50 ms and scipy ~0.4 s, more than the whole solve;
* loops of up to ``INVERSE_LIMIT`` states take the whole block inverse with
  numpy, which costs less than importing scipy;
* larger loops use scipy's sparse LU (SuperLU).

``Q`` is given as sparse rows ``[{column: value}]``.
"""
from __future__ import annotations

from functools import cached_property
from operator import mul
from typing import TYPE_CHECKING, Iterable, Iterator, Protocol, Sequence

if TYPE_CHECKING:
    import networkx as nx

#: the largest loop (or chain, without blocks) solved without numpy/scipy
#: (dense LU is O(n^3))
DENSE_LIMIT = 120
#: when the loops in all hold more dense work than one ``DENSE_LIMIT`` block,
#: numpy takes every loop larger than this (plain Python is as quick below it)
SMALL_BLOCK = 16
#: the largest loop solved by a numpy inverse (no scipy import); larger: sparse LU
INVERSE_LIMIT = 1500
#: the largest loop (states of one strongly connected component, complaint
#: states included) solved at all; a larger one is rejected before any work
LOOP_LIMIT = 3000
#: the most work (entries of the sparse factors times the loop's states, each
#: of which may need a column for the fix-first ranking) a loop may cost: a
#: loop whose links make its factors nearly dense is rejected, not ground through
WORK_LIMIT = 4_000_000_000
#: solve component by component; False factorises the chain as one block
#: (the tests cross-check the two)
BLOCK_TRIANGULAR = True
#: the smallest pivot accepted before the system counts as singular
PIVOT_TOLERANCE = 1e-13


class SingularChain(Exception):
    """``I - Q`` cannot be inverted: part of the chain is never left."""


class LoopTooLarge(SingularChain):
    """A loop too large (or too densely linked) to solve within the limits."""

    def __init__(self, size: int, reason: str):
        super().__init__(reason)
        self.size = size


class Factorisation(Protocol):
    size: int

    def solve(self, b: Sequence[float]) -> list[float]: ...

    def solve_transposed(self, b: Sequence[float]) -> list[float]: ...

    def columns(self, indices: Sequence[int]) -> Iterator[tuple[int, Sequence[float]]]: ...

    def entries(self, pairs: Iterable[tuple[int, int]]) -> dict[tuple[int, int], float]: ...

    def loops(self) -> Iterator[tuple[list[int], "Factorisation"]]: ...


def factorise(rows: Sequence[dict[int, float]], like: Factorisation | None = None
              ) -> Factorisation:
    """The factorisation of ``I - Q`` for the chain whose rows of Q are ``rows``.

    ``like`` is the factorisation of a chain that may link the same states
    the same way (the same journey with other likelihoods): when it does,
    its graph and loops are reused instead of found again."""
    if BLOCK_TRIANGULAR:
        return BlockLU(rows, like if isinstance(like, BlockLU) else None)
    return factorise_block(rows)


def factorise_block(rows: Sequence[dict[int, float]], plain: bool = True) -> Factorisation:
    """A dense factorisation of ``I - Q`` (one loop, or a whole chain), by size.

    ``plain=False`` says numpy is worth importing (the loops are large in
    all): then only blocks of up to ``SMALL_BLOCK`` states stay in Python."""
    if len(rows) <= (DENSE_LIMIT if plain else min(SMALL_BLOCK, DENSE_LIMIT)):
        return DenseLU(rows)
    if len(rows) <= INVERSE_LIMIT:
        return DenseInverse(rows)
    if len(rows) > LOOP_LIMIT:
        raise LoopTooLarge(len(rows), "too large")
    return SparseLU(rows)


class _Dense:
    """What the whole-block back ends share."""

    size: int

    def solve(self, b: Sequence[float]) -> list[float]:
        raise NotImplementedError

    def solve_transposed(self, b: Sequence[float]) -> list[float]:
        raise NotImplementedError

    def columns(self, indices: Sequence[int]) -> Iterator[tuple[int, Sequence[float]]]:
        for index in indices:
            unit = [0.0] * self.size
            unit[index] = 1.0
            yield index, self.solve(unit)

    def entries(self, pairs: Iterable[tuple[int, int]]) -> dict[tuple[int, int], float]:
        """``N[row, column]`` of ``N = A^-1`` for each pair."""
        by_column: dict[int, list[int]] = {}
        for row, column in pairs:
            by_column.setdefault(column, []).append(row)
        return {(row, column): float(values[row])
                for column, values in self.columns(sorted(by_column))
                for row in by_column[column]}

    def loops(self) -> Iterator[tuple[list[int], Factorisation]]:
        """The whole block as one loop (its columns are exact, if not the cheapest)."""
        yield list(range(self.size)), self


class BlockLU:
    """``I - Q`` solved component by component, in the order of the chain's loops.

    Components are the strongly connected components of the chain's own
    graph (the non-zero pattern of ``Q``, see :func:`sinks_first`), listed
    sinks first: customers in a component can only move on to components
    listed before it.  ``x = A^-1 b`` is then found sinks first (each state needs only
    the values of the states it leads to), ``y = A^-T b`` sources first.
    """

    def __init__(self, rows: Sequence[dict[int, float]], like: "BlockLU | None" = None):
        n = self.size = len(rows)
        self.rows = rows
        #: the chain's own graph (networkx), states linked as Q links them, and
        #: its loops sinks first
        self.graph: "nx.DiGraph"
        self.components: list[list[int]]
        if like is not None and like.pattern == self.pattern:
            self.graph, self.components = like.graph, like.components
        else:
            self.graph = state_graph(rows)
            self.components = sinks_first(rows, self.graph)
        components = self.components
        component_of = [0] * n
        for k, members in enumerate(components):
            for state in members:
                component_of[state] = k
        self.component_of = component_of
        #: per state, its successors and predecessors in other components
        self.out: list[list[tuple[int, float]]] = [[] for _ in range(n)]
        self.into: list[list[tuple[int, float]]] = [[] for _ in range(n)]
        for i, row in enumerate(rows):
            own = component_of[i]
            for j, value in row.items():
                if component_of[j] != own and value != 0.0:
                    self.out[i].append((j, value))
                    self.into[j].append((i, value))
        #: sinks first, per component: its states, and the factorisation of its
        #: block, or for a single state the diagonal ``1 - Q_ii`` (a division)
        self.members: list[list[int]] = []
        self.blocks: list[Factorisation | float] = []
        #: states that lead straight back to themselves, with that probability
        self.self_loops: dict[int, float] = {}
        # plain Python while the loops' dense work (sum of cubes) is no more
        # than one DENSE_LIMIT block's; beyond that numpy pays for its import
        plain = sum(len(m) ** 3 for m in components if len(m) > 1) <= DENSE_LIMIT ** 3
        for members in components:
            if len(members) == 1:
                state = members[0]
                if state in rows[state]:
                    self.self_loops[state] = rows[state][state]
                diagonal = 1.0 - rows[state].get(state, 0.0)
                if abs(diagonal) < PIVOT_TOLERANCE:
                    raise SingularChain("I - Q is singular")
                self.members.append(members)
                self.blocks.append(diagonal)
            else:
                members = sorted(members)
                position = {state: k for k, state in enumerate(members)}
                block = [{position[j]: v for j, v in rows[i].items() if j in position}
                         for i in members]
                self.members.append(members)
                self.blocks.append(factorise_block(block, plain))

    @cached_property
    def pattern(self) -> list[tuple[int, ...]]:
        """The non-zero pattern of Q, row by row: a chain with the same pattern
        has the same graph and loops (``like``)."""
        return [tuple(row) for row in self.rows]

    def _sweep(self, b: Sequence[float], steps: Iterable[int],
               edges: list[list[tuple[int, float]]], transposed: bool) -> list[float]:
        """Solve component by component in the order ``steps``, each state taking
        the values already found along ``edges`` (components left out stay 0)."""
        x = [0.0] * self.size
        for k in steps:
            members, block = self.members[k], self.blocks[k]
            rhs = []
            for i in members:
                value = b[i]
                for j, q in edges[i]:
                    value += q * x[j]
                rhs.append(value)
            if isinstance(block, float):
                x[members[0]] = rhs[0] / block
            else:
                solved = block.solve_transposed(rhs) if transposed else block.solve(rhs)
                for i, value in zip(members, solved):
                    x[i] = value
        return x

    def solve(self, b: Sequence[float], start: int = 0,
              only: Iterable[int] | None = None) -> list[float]:
        """``A^-1 b``, sinks first (each state needs the states it leads to); from
        step ``start`` on, or only the steps ``only`` (the others are known to
        be zero)."""
        steps = range(start, len(self.blocks)) if only is None else sorted(only)
        return self._sweep(b, steps, self.out, transposed=False)

    def solve_transposed(self, b: Sequence[float]) -> list[float]:
        """``A^-T b``: sources first, each state gathering what flows into it."""
        return self._sweep(b, reversed(range(len(self.blocks))), self.into, transposed=True)

    def columns(self, indices: Sequence[int]) -> Iterator[tuple[int, Sequence[float]]]:
        for index in indices:
            unit = [0.0] * self.size
            unit[index] = 1.0
            # nothing listed before the target's component can reach it
            yield index, self.solve(unit, start=self.component_of[index])

    def entries(self, pairs: Iterable[tuple[int, int]]) -> dict[tuple[int, int], float]:
        """``N[row, column]`` of ``N = A^-1`` for each pair.

        ``N[row, column]`` depends only on the components that ``row`` leads
        to and that are not listed before ``column``'s (those cannot lead
        back to it), so each column is solved on that window alone: a
        promise is usually kept a few steps after it is made."""
        by_column: dict[int, list[int]] = {}
        for row, column in pairs:
            by_column.setdefault(column, []).append(row)
        result: dict[tuple[int, int], float] = {}
        component_of = self.component_of
        for column, rows in sorted(by_column.items()):
            target = component_of[column]
            window = self._downstream({component_of[row] for row in rows} | {target}, target)
            unit = [0.0] * self.size
            unit[column] = 1.0
            x = self.solve(unit, only=window)
            for row in rows:
                result[(row, column)] = x[row]
        return result

    def _downstream(self, starts: set[int], floor: int) -> set[int]:
        """The components reachable from ``starts`` that are not listed before
        ``floor`` (starts listed before it are dropped too; components only lead
        to those listed before them, so no path climbs back above ``floor``)."""
        import networkx as nx

        graph, component_of, members = self.graph, self.component_of, self.members
        seen: set[int] = set()   # states

        def onward(state: int) -> Iterator[int]:
            # a filtered view would count its nodes on every traversal: O(N) each
            if state not in graph:
                return iter(())
            return (j for j in graph.successors(state)
                    if component_of[j] >= floor and j not in seen)

        # highest first: a component reached from another start is skipped,
        # and what a finished traversal reached has all its descendants in seen
        # (a state reached reaches its whole component)
        for k in sorted((k for k in starts if k >= floor), reverse=True):
            for state in members[k]:
                if state not in seen:
                    seen.add(state)
                    seen.update(child for _, child in
                                nx.generic_bfs_edges(graph, state, neighbors=onward))
        return {component_of[state] for state in seen}

    def loops(self) -> Iterator[tuple[list[int], Factorisation]]:
        """Every loop's states and the factorisation of its own block ``I - Q_CC``
        (a state that leads back to itself directly counts too)."""
        for members, block in zip(self.members, self.blocks):
            if not isinstance(block, float):
                yield members, block
            elif members[0] in self.self_loops:
                yield members, DenseLU([{0: self.self_loops[members[0]]}])


def state_graph(rows: Sequence[dict[int, float]]) -> "nx.DiGraph":
    """The graph of the chain whose rows of ``Q`` are ``rows``: an edge from
    each state to every other state it leads to (states with no such link
    to or from another state are left out)."""
    import networkx as nx

    graph = nx.DiGraph()
    graph.add_edges_from([(i, j) for i, row in enumerate(rows) for j in row if j != i])
    return graph


def sinks_first(rows: Sequence[dict[int, float]],
                graph: "nx.DiGraph | None" = None) -> list[list[int]]:
    """The strongly connected components of the chain whose rows of ``Q`` are
    ``rows`` (networkx), each listed after every component it leads to;
    ``graph`` is its :func:`state_graph` when it is at hand.

    networkx finds the components depth first and completes each after those
    it leads to, which is already the order wanted; that is checked, and the
    condensation's topological order is the fallback should it ever differ."""
    import networkx as nx

    if graph is None:
        graph = state_graph(rows)
    # states with no link to another state are components of their own, anywhere
    components = [[i] for i in range(len(rows)) if i not in graph]
    components += [sorted(c) for c in nx.strongly_connected_components(graph)]
    component_of = [0] * len(rows)
    for k, members in enumerate(components):
        for state in members:
            component_of[state] = k
    if all(component_of[j] <= component_of[i] for i, row in enumerate(rows) for j in row):
        return components
    condensed = nx.condensation(graph, components)
    order = list(nx.topological_sort(condensed))
    return [components[k] for k in reversed(order)]


class DenseInverse(_Dense):
    """Mid-sized chains: the whole inverse with numpy (LAPACK), no scipy import.

    Up to :data:`INVERSE_LIMIT` states the O(n^3) inverse takes well under a
    second, and every later column is free; importing scipy alone would cost
    ~0.4 s.
    """

    def __init__(self, rows: Sequence[dict[int, float]]):
        import numpy as np

        self.np = np
        n = self.size = len(rows)
        a = np.identity(n)
        for i, row in enumerate(rows):
            for j, value in row.items():
                a[i, j] -= value
        try:
            self.inverse = np.linalg.inv(a)
        except np.linalg.LinAlgError as exc:
            raise SingularChain(str(exc)) from exc
        if not np.all(np.isfinite(self.inverse)) or \
                np.abs(self.inverse).max() > 1.0 / PIVOT_TOLERANCE:
            raise SingularChain("I - Q is singular")

    def solve(self, b: Sequence[float]) -> list[float]:
        return (self.inverse @ self.np.asarray(b, dtype=float)).tolist()

    def solve_transposed(self, b: Sequence[float]) -> list[float]:
        return (self.np.asarray(b, dtype=float) @ self.inverse).tolist()

    def columns(self, indices: Sequence[int]) -> Iterator[tuple[int, Sequence[float]]]:
        for index in indices:
            yield index, self.inverse[:, index].tolist()


class DenseLU(_Dense):
    """``P A = L U`` in plain Python (Doolittle with partial pivoting)."""

    def __init__(self, rows: Sequence[dict[int, float]]):
        n = self.size = len(rows)
        a = [[0.0] * n for _ in range(n)]
        for i, row in enumerate(rows):
            line = a[i]
            for j, value in row.items():
                line[j] -= value
            line[i] += 1.0
        perm = list(range(n))
        for k in range(n):
            pivot_row = max(range(k, n), key=lambda r: abs(a[r][k]))
            if abs(a[pivot_row][k]) < PIVOT_TOLERANCE:
                raise SingularChain("I - Q is singular")
            if pivot_row != k:
                a[k], a[pivot_row] = a[pivot_row], a[k]
                perm[k], perm[pivot_row] = perm[pivot_row], perm[k]
            pivot = a[k][k]
            tail_k = a[k][k + 1:]
            for r in range(k + 1, n):
                row_r = a[r]
                if row_r[k] != 0.0:
                    factor = row_r[k] / pivot
                    row_r[k] = factor
                    row_r[k + 1:] = [x - factor * y for x, y in zip(row_r[k + 1:], tail_k)]
        self.lu = a
        self.perm = perm

    def solve(self, b: Sequence[float]) -> list[float]:
        n, a = self.size, self.lu
        y = [b[self.perm[i]] for i in range(n)]
        for i in range(n):              # L y = P b (unit diagonal)
            y[i] -= sum(map(mul, a[i][:i], y[:i]))
        for i in range(n - 1, -1, -1):  # U x = y
            row = a[i]
            y[i] = (y[i] - sum(map(mul, row[i + 1:], y[i + 1:]))) / row[i]
        return y

    def solve_transposed(self, b: Sequence[float]) -> list[float]:
        n, a = self.size, self.lu
        z = list(b)
        for i in range(n):              # U^T z = b
            z[i] = (z[i] - sum(a[j][i] * z[j] for j in range(i))) / a[i][i]
        for i in range(n - 1, -1, -1):  # L^T w = z
            z[i] -= sum(a[j][i] * z[j] for j in range(i + 1, n))
        x = [0.0] * n
        for i in range(n):              # x = P^T w
            x[self.perm[i]] = z[i]
        return x


class SparseLU(_Dense):
    """scipy's SuperLU; right-hand sides are solved in batches."""

    BATCH = 256

    def __init__(self, rows: Sequence[dict[int, float]]):
        import numpy as np
        import scipy.sparse as sp
        from scipy.sparse.linalg import splu

        self.np = np
        n = self.size = len(rows)
        r, c, v = [], [], []
        for i, row in enumerate(rows):
            for j, value in row.items():
                if value != 0.0:
                    r.append(i)
                    c.append(j)
                    v.append(-value)
        q = sp.csc_matrix((v, (r, c)), shape=(n, n))
        try:
            self.lu = splu((sp.identity(n, format="csc") + q).tocsc())
        except RuntimeError as exc:
            raise SingularChain(str(exc)) from exc
        if (self.lu.L.nnz + self.lu.U.nnz) * n > WORK_LIMIT:
            raise LoopTooLarge(n, "too densely linked")

    def solve(self, b: Sequence[float]) -> list[float]:
        return self.lu.solve(self.np.asarray(b, dtype=float)).tolist()

    def solve_transposed(self, b: Sequence[float]) -> list[float]:
        return self.lu.solve(self.np.asarray(b, dtype=float), trans="T").tolist()

    def columns(self, indices: Sequence[int]) -> Iterator[tuple[int, Sequence[float]]]:
        np = self.np
        indices = list(indices)
        for start in range(0, len(indices), self.BATCH):
            batch = indices[start:start + self.BATCH]
            rhs = np.zeros((self.size, len(batch)))
            rhs[batch, np.arange(len(batch))] = 1.0
            solved = self.lu.solve(rhs).reshape(self.size, len(batch))
            for column, index in enumerate(batch):
                yield index, solved[:, column]  # indexable; callers read a few entries


def dot(a: Iterable[float], b: Iterable[float]) -> float:
    return sum(x * y for x, y in zip(a, b))
