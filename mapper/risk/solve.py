"""Linear solves with ``A = I - Q`` for the absorbing chain, factorised once.

Two interchangeable back ends give the same answers to rounding:

* small chains (``DENSE_LIMIT`` states or fewer — every hand-written journey)
  use a dense LU with partial pivoting in plain Python, so `check` of a
  normal journey never pays for importing numpy and scipy (~0.5 s);
* mid-sized chains (up to ``INVERSE_LIMIT`` states) take the whole inverse
  with numpy, which costs less than importing scipy;
* larger chains use scipy's sparse LU (SuperLU), which scales to tens of
  thousands of states.

``Q`` is given as sparse rows ``[{column: value}]``.
"""
from __future__ import annotations

from typing import Iterable, Iterator, Protocol, Sequence

#: the largest chain solved without numpy/scipy (dense LU is O(n^3))
DENSE_LIMIT = 120
#: the largest chain solved by a numpy inverse (no scipy import); larger: sparse LU
INVERSE_LIMIT = 1500
#: the smallest pivot accepted before the system counts as singular
PIVOT_TOLERANCE = 1e-13


class SingularChain(Exception):
    """``I - Q`` cannot be inverted: part of the chain is never left."""


class Factorisation(Protocol):
    size: int

    def solve(self, b: Sequence[float]) -> list[float]: ...

    def solve_transposed(self, b: Sequence[float]) -> list[float]: ...

    def columns(self, indices: Sequence[int]) -> Iterator[tuple[int, Sequence[float]]]: ...


def factorise(rows: Sequence[dict[int, float]]) -> Factorisation:
    if len(rows) <= DENSE_LIMIT:
        return DenseLU(rows)
    if len(rows) <= INVERSE_LIMIT:
        return DenseInverse(rows)
    return SparseLU(rows)


class DenseInverse:
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
            yield index, self.inverse[:, index]


class DenseLU:
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
            row_k = a[k]
            for r in range(k + 1, n):
                row_r = a[r]
                if row_r[k] != 0.0:
                    factor = row_r[k] / pivot
                    row_r[k] = factor
                    for c in range(k + 1, n):
                        row_r[c] -= factor * row_k[c]
        self.lu = a
        self.perm = perm

    def solve(self, b: Sequence[float]) -> list[float]:
        n, a = self.size, self.lu
        y = [b[self.perm[i]] for i in range(n)]
        for i in range(n):              # L y = P b (unit diagonal)
            row = a[i]
            y[i] -= sum(row[j] * y[j] for j in range(i))
        for i in range(n - 1, -1, -1):  # U x = y
            row = a[i]
            y[i] = (y[i] - sum(row[j] * y[j] for j in range(i + 1, n))) / row[i]
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

    def columns(self, indices: Sequence[int]) -> Iterator[tuple[int, list[float]]]:
        for index in indices:
            unit = [0.0] * self.size
            unit[index] = 1.0
            yield index, self.solve(unit)


class SparseLU:
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
