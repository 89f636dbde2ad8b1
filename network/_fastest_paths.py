"""Fastest paths between terminal road nodes with scipy.sparse.csgraph.

Dead ends are pruned and pass-through nodes contracted first (:mod:`network._contraction`).
Then one Dijkstra gives both figures: each arc weight packs its travel time (high part) and
its length (low part) into one integer-valued float, ``w = t_units * M + d_units``, with
``M`` a power of two above any path length. Sums stay exact below 2**53, so the minimum is
the fastest path, ties broken by length, and both parts decode exactly; the only rounding is
per contracted arc, to about a millisecond / millimetre on county-sized graphs. With
``workers > 1`` the sources are split over processes, since csgraph's Dijkstra holds the GIL.
"""

from __future__ import annotations

import math
import multiprocessing
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt
import scipy.sparse as sp
from scipy.sparse.csgraph import dijkstra

from network._contraction import collapse_parallel, contract_chains, prune_dead_ends

FloatArray = npt.NDArray[np.float64]
IntArray = npt.NDArray[np.int64]

_EXACT_BITS = 52  # keep every packed sum strictly below 2**53
_CHUNK_CELLS = 4_000_000  # Dijkstra rows per call x graph nodes (32 MB of float64)
_MIN_SOURCES_PER_WORKER = 100  # below this a process costs more than it saves
_PROBES = 3  # terminals probed for a time bound; one in the main component is enough


@dataclass(frozen=True)
class _Packing:
    time_unit_s: float
    length_unit_m: float
    modulus: float  # M = 2**k, above any packed path length
    time_bound_s: float  # results above this may have overflowed: repack without a bound

    @classmethod
    def finest(cls, time_bound_s: float, length_bound_m: float, n_arcs: int) -> _Packing:
        """The finest units (from 1 µs / 1 µm) for paths within the bounds.

        Each arc rounds to at most half a unit (at least one length unit), hence the
        ``n_arcs`` margin.
        """
        time_unit, length_unit = 1e-6, 1e-6
        while True:
            length_bits = math.ceil(math.log2(length_bound_m / length_unit + n_arcs + 1))
            time_bits = math.log2(time_bound_s / time_unit + n_arcs + 1)
            if length_bits + time_bits < _EXACT_BITS:
                return cls(time_unit, length_unit, float(2**length_bits), time_bound_s)
            if time_unit < length_unit:
                time_unit *= 2.0
            else:
                length_unit *= 2.0

    def pack(self, duration_s: FloatArray, length_m: FloatArray) -> FloatArray:
        t_units = np.rint(duration_s / self.time_unit_s)
        # at least one unit: csgraph would read a zero weight as a missing arc
        d_units = np.maximum(np.rint(length_m / self.length_unit_m), 1.0)
        return np.asarray(t_units * self.modulus + d_units, dtype=np.float64)

    def unpack(self, packed: FloatArray) -> tuple[FloatArray, FloatArray]:
        """(duration_s, length_m); ``inf`` stays ``inf``."""
        finite = np.isfinite(packed)
        safe = np.where(finite, packed, 0.0)
        t_units = np.floor(safe / self.modulus)
        d_units = safe - t_units * self.modulus
        duration = np.where(finite, t_units * self.time_unit_s, np.inf)
        length = np.where(finite, d_units * self.length_unit_m, np.inf)
        return duration, length


def _probed_packing(
    graph_s: sp.csr_matrix, length_m: FloatArray, duration_s: FloatArray, probes: IntArray
) -> _Packing | None:
    """Packing for paths up to twice a time bound found from a few probe nodes, or None.

    Between nodes of a probe's strongly connected component a fastest path takes at most
    ``T = max time to the probe + max time from it``, and its length is at most ``T`` times
    the fastest arc speed. A path outside the bound (other components) shows up as a time
    above ``T`` after decoding, and the caller repacks with the always-safe total bound.
    """
    if probes.size == 0 or duration_s.size == 0 or not np.all(duration_s > 0):
        return None
    top_speed_ms = float(np.max(length_m / duration_s))
    out = np.atleast_2d(dijkstra(graph_s, directed=True, indices=probes))
    back = np.atleast_2d(dijkstra(graph_s.T.tocsr(), directed=True, indices=probes))
    reach_s = np.where(np.isfinite(out), out, 0.0).max(axis=1)
    return_s = np.where(np.isfinite(back), back, 0.0).max(axis=1)
    bound_s = 2.0 * float(np.max(reach_s + return_s))
    return _Packing.finest(bound_s, bound_s * top_speed_ms, duration_s.size)


def terminal_paths(
    n_nodes: int,
    tail: IntArray,
    head: IntArray,
    duration_s: FloatArray,
    length_m: FloatArray,
    terminals: IntArray,
    *,
    workers: int = 1,
) -> tuple[FloatArray, FloatArray]:
    """(duration_s, length_m) of the fastest path between every pair of terminals.

    Row = from, column = to, in the order of ``terminals`` (unique road node indices);
    ``inf`` where there is no path.
    """
    tail, head, weights = collapse_parallel(tail, head, np.column_stack([duration_s, length_m]))
    keep = np.zeros(n_nodes, dtype=bool)
    keep[terminals] = True
    kept, tail, head, weights = contract_chains(n_nodes, tail, head, weights, keep)
    # dead ends shrink faster on the contracted graph; the pruned one may have new chains
    alive = prune_dead_ends(kept.size, tail, head, keep[kept])
    live = alive[tail] & alive[head]
    kept_again, tail, head, weights = contract_chains(
        kept.size, tail[live], head[live], weights[live], keep[kept]
    )
    kept = kept[kept_again]
    renumber = np.full(n_nodes, -1, dtype=np.int64)
    renumber[kept] = np.arange(kept.size)
    ends = renumber[terminals]
    shape = (kept.size, kept.size)
    seconds = np.maximum(weights[:, 0], 1e-9)  # csgraph drops zero weights
    probes = ends[:: max(1, ends.size // _PROBES)][:_PROBES]
    packing = _probed_packing(
        sp.csr_matrix((seconds, (tail, head)), shape=shape), weights[:, 1], weights[:, 0], probes
    )
    if packing is not None:
        graph = sp.csr_matrix((packing.pack(weights[:, 0], weights[:, 1]), (tail, head)), shape)
        duration, length = packing.unpack(_rows(graph, ends, ends, workers))
        if not np.any(duration[np.isfinite(duration)] > packing.time_bound_s / 2.0):
            return duration, length
    # the sum over all arcs bounds every simple path
    total = _Packing.finest(float(weights[:, 0].sum()), float(weights[:, 1].sum()), tail.size)
    graph = sp.csr_matrix((total.pack(weights[:, 0], weights[:, 1]), (tail, head)), shape)
    return total.unpack(_rows(graph, ends, ends, workers))


def _rows(graph: sp.csr_matrix, sources: IntArray, targets: IntArray, workers: int) -> FloatArray:
    parts = min(workers, max(1, sources.size // _MIN_SOURCES_PER_WORKER))
    if parts <= 1:
        return _dijkstra_rows(graph, sources, targets)
    # fork where there is one: workers inherit the loaded modules and start in milliseconds
    methods = multiprocessing.get_all_start_methods()
    context = multiprocessing.get_context("fork" if "fork" in methods else None)
    with ProcessPoolExecutor(max_workers=parts, mp_context=context) as pool:
        chunks = np.array_split(sources, parts)
        results = pool.map(_dijkstra_rows, [graph] * parts, chunks, [targets] * parts)
        return np.vstack(list(results))


def _dijkstra_rows(graph: sp.csr_matrix, sources: IntArray, targets: IntArray) -> FloatArray:
    out = np.empty((sources.size, targets.size), dtype=np.float64)
    step = max(1, _CHUNK_CELLS // max(1, graph.shape[0]))
    for lo in range(0, sources.size, step):
        rows = dijkstra(graph, directed=True, indices=sources[lo : lo + step])
        out[lo : lo + step] = np.atleast_2d(rows)[:, targets]
    return out
