"""Exact reductions of a road graph for paths between terminal nodes.

Unsimplified OSM graphs have a node at every bend: about half the nodes of a real extract
only continue one road. Replacing each chain ``u -> x1 -> ... -> xk -> w`` by one arc
``u -> w`` with the summed weights leaves every shortest path between the remaining nodes
unchanged and makes Dijkstra several times faster. Dead ends (spurs to a single neighbour,
nodes that cannot be entered or left) lie on no shortest path between other nodes and are
removed too: about a quarter of a real extract. Arcs carry one or more weights (columns of
``weight``); a chain's weights are the sums along it.
"""

from __future__ import annotations

import numpy as np
import numpy.typing as npt

FloatArray = npt.NDArray[np.float64]
IntArray = npt.NDArray[np.int64]
BoolArray = npt.NDArray[np.bool_]


def collapse_parallel(
    tail: IntArray, head: IntArray, weight: FloatArray
) -> tuple[IntArray, IntArray, FloatArray]:
    """One arc per (tail, head) pair, the lightest; self-loops dropped.

    ``weight`` is (arcs,) or (arcs, k); with k columns the lightest compares column 0 first,
    then column 1, and so on.
    """
    keep = tail != head
    tail, head, weight = tail[keep], head[keep], weight[keep]
    columns = (weight if weight.ndim == 2 else weight[:, None]).T
    order = np.lexsort((*columns[::-1], head, tail))
    tail, head, weight = tail[order], head[order], weight[order]
    first = np.ones(tail.size, dtype=bool)
    first[1:] = (tail[1:] != tail[:-1]) | (head[1:] != head[:-1])
    return tail[first], head[first], weight[first]


def contract_chains(
    n_nodes: int, tail: IntArray, head: IntArray, weight: FloatArray, keep: BoolArray
) -> tuple[IntArray, IntArray, IntArray, FloatArray]:
    """Remove pass-through nodes not in ``keep``.

    Takes collapsed arcs (see :func:`collapse_parallel`) with weights of shape (arcs, k).
    Returns ``(kept, tail, head, weight)``: the original indices of the remaining nodes and
    the new arcs, numbered 0..len(kept)-1 in that order.
    """
    succ, succ_w = _two_neighbours(n_nodes, tail, head, weight)
    pred, _ = _two_neighbours(n_nodes, head, tail, weight)
    out_deg = np.bincount(tail, minlength=n_nodes)
    in_deg = np.bincount(head, minlength=n_nodes)
    one_way = (in_deg == 1) & (out_deg == 1) & (pred[:, 0] != succ[:, 0])
    same_pair = np.sort(pred, axis=1) == np.sort(succ, axis=1)
    two_way = (in_deg == 2) & (out_deg == 2) & same_pair.all(axis=1)
    isolated = (in_deg == 0) & (out_deg == 0)
    interior = (one_way | two_way | isolated) & ~keep

    start = ~interior[tail]
    src, prev, cur, acc = tail[start], tail[start], head[start].copy(), weight[start].copy()
    # A chain has at most all interior nodes; chains never enter a cycle of interior nodes.
    for _ in range(int(interior.sum()) + 1):
        walking = np.flatnonzero(interior[cur])
        if walking.size == 0:
            break
        at = cur[walking]
        other = (succ[at, 0] == prev[walking]).astype(np.int64)
        acc[walking] += succ_w[at, other]
        prev[walking] = at
        cur[walking] = succ[at, other]
    new_tail, new_head, new_weight = collapse_parallel(src, cur, acc)
    kept = np.flatnonzero(~interior)
    renumber = np.full(n_nodes, -1, dtype=np.int64)
    renumber[kept] = np.arange(kept.size)
    return kept, renumber[new_tail], renumber[new_head], new_weight


def prune_dead_ends(n_nodes: int, tail: IntArray, head: IntArray, keep: BoolArray) -> BoolArray:
    """Nodes that can lie on a shortest path between ``keep`` nodes (True = alive).

    A node that cannot be entered or left, or whose arcs all go to one neighbour, lies on no
    shortest path between others (positive weights); removing it may expose the next one.
    """
    alive = np.ones(n_nodes, dtype=bool)
    while True:
        live = alive[tail] & alive[head]
        t, h = tail[live], head[live]
        in_deg = np.bincount(h, minlength=n_nodes)
        out_deg = np.bincount(t, minlength=n_nodes)
        low, high = np.minimum(t, h), np.maximum(t, h)
        pairs = np.unique(low * n_nodes + high)
        neighbours = np.bincount(pairs // n_nodes, minlength=n_nodes) + np.bincount(
            pairs % n_nodes, minlength=n_nodes
        )
        dead = alive & ~keep & ((in_deg == 0) | (out_deg == 0) | (neighbours <= 1))
        if not dead.any():
            return alive
        alive &= ~dead


def _two_neighbours(
    n_nodes: int, tail: IntArray, head: IntArray, weight: FloatArray
) -> tuple[IntArray, FloatArray]:
    """For each node its first two heads (-1 if fewer) and their arc weights (n, 2, k)."""
    order = np.argsort(tail, kind="stable")
    tail, head, weight = tail[order], head[order], weight[order]
    starts = np.searchsorted(tail, np.arange(n_nodes))
    ends = np.searchsorted(tail, np.arange(n_nodes), side="right")
    nbr = np.full((n_nodes, 2), -1, dtype=np.int64)
    nbr_w = np.zeros((n_nodes, 2, weight.shape[1]), dtype=np.float64)
    for slot in (0, 1):
        has = ends - starts > slot
        nbr[has, slot] = head[starts[has] + slot]
        nbr_w[has, slot] = weight[starts[has] + slot]
    return nbr, nbr_w
