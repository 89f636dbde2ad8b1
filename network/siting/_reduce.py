"""Presolve for the covering models: drop dominated candidates, merge places with equal sets.

A candidate is dominated when another covers every place it covers at no higher cost (ties
keep the lower index): any solution using it stays feasible and no dearer with the other one.
Places with the same coverage set are covered together, so one variable counts them all.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import numpy.typing as npt
from scipy import sparse

from network.siting.problem import IntArray, SitingProblem


@dataclass(frozen=True, eq=False)
class Reduced:
    """Kept candidates and place groups (one per distinct non-empty coverage set).

    Attributes:
        kept: indices of the candidates kept (in the problem's order).
        groups: per group, the kept-candidate positions (into ``kept``) that cover it.
        members: per group, the place indices in it.
    """

    kept: IntArray
    groups: tuple[IntArray, ...]
    members: tuple[IntArray, ...]


def incidence(problem: SitingProblem) -> sparse.csr_matrix:
    """Places x candidates 0/1 matrix of the coverage sets."""
    lengths = [len(c) for c in problem.covers]
    rows = np.repeat(np.arange(len(problem.covers)), lengths)
    cols = np.concatenate(problem.covers) if problem.covers else np.zeros(0, dtype=np.int64)
    data = np.ones(len(cols), dtype=np.int32)
    shape = (len(problem.place_ids), len(problem.candidates))
    return sparse.csr_matrix((data, (rows, cols)), shape=shape)


def undominated(problem: SitingProblem, cost: npt.NDArray[np.int64]) -> IntArray:
    """Indices of candidates no other candidate dominates (those covering nothing dropped)."""
    a = incidence(problem).tocsc()
    size = np.asarray(a.sum(axis=0)).ravel()
    overlap = (a.T @ a).tocoo()
    j, k, shared = overlap.row, overlap.col, overlap.data
    subset = (j != k) & (shared == size[j])
    j, k = j[subset], k[subset]
    better = (cost[k] < cost[j]) | (
        (cost[k] == cost[j]) & ((size[k] > size[j]) | ((size[k] == size[j]) & (k < j)))
    )
    dominated = np.zeros(len(size), dtype=np.bool_)
    dominated[j[better]] = True
    dominated |= size == 0
    return np.flatnonzero(~dominated).astype(np.int64)


def reduce(
    problem: SitingProblem, cost: npt.NDArray[np.int64], *, dominance: bool = True
) -> Reduced:
    """Kept candidates and the places grouped by their coverage set over them."""
    kept = (
        undominated(problem, cost)
        if dominance
        else np.arange(len(problem.candidates), dtype=np.int64)
    )
    position = np.full(len(problem.candidates), -1, dtype=np.int64)
    position[kept] = np.arange(len(kept))
    by_set: dict[bytes, list[int]] = {}
    sets: dict[bytes, IntArray] = {}
    for i, cover in enumerate(problem.covers):
        mine = position[cover]
        mine = mine[mine >= 0]
        if len(mine) == 0:
            continue
        key = mine.tobytes()
        by_set.setdefault(key, []).append(i)
        sets.setdefault(key, mine)
    keys = list(by_set)
    return Reduced(
        kept=kept,
        groups=tuple(sets[k] for k in keys),
        members=tuple(np.asarray(by_set[k], dtype=np.int64) for k in keys),
    )
