"""Benchmark the road-graph distance matrix: scipy csgraph against networkx.

    python -m benchmarks.distances [--side 112] [--places 1000] [--runs 3] [--nx-sources 20]

Builds a seeded synthetic road graph shaped like an unsimplified OSM extract (a perturbed grid
of streets with bend nodes between junctions, a quarter of the streets one-way, a few missing)
of >= 100k arcs, places ``--places`` nodes at random in it and times the full matrix:

- ``distance_matrix`` (snap, chain contraction, one packed csgraph Dijkstra per source) with 1
  and 2 worker processes;
- plain csgraph: the same Dijkstra from every source on the uncontracted graph;
- networkx ``single_source_dijkstra`` from a sample of sources, extrapolated to all.

Every figure is the median of ``--runs`` runs measured in the same process, so the ratios hold
even on a busy machine. The networkx results are also compared with the matrix.
"""

from __future__ import annotations

import argparse
import functools
import itertools
import os
import statistics
import time
from collections.abc import Callable

import networkx as nx
import numpy as np
import numpy.typing as npt
import scipy.sparse as sp
from scipy.sparse.csgraph import dijkstra

from network import DistanceMatrix, Network, Node, RoadGraph, Tier, distance_matrix
from network._great_circle import haversine_m

FloatArray = npt.NDArray[np.float64]

_SPACING_DEG = 0.0015  # ~150 m between junctions
_ORIGIN = (119.9, 26.7)  # south-west corner, near Xiapu


def synthetic_roads(side: int, *, seed: int) -> RoadGraph:
    """A perturbed side x side street grid with bend nodes, one-way and missing streets."""
    rng = np.random.default_rng(seed)
    jx, jy = np.meshgrid(np.arange(side), np.arange(side))
    lon = list((_ORIGIN[0] + (jx + rng.uniform(-0.2, 0.2, jx.shape)) * _SPACING_DEG).ravel())
    lat = list((_ORIGIN[1] + (jy + rng.uniform(-0.2, 0.2, jy.shape)) * _SPACING_DEG).ravel())
    junction = np.arange(side * side).reshape(side, side)
    streets = [
        (junction[r, c], junction[r, c + 1], r) for r in range(side) for c in range(side - 1)
    ]
    streets += [
        (junction[r, c], junction[r + 1, c], c) for r in range(side - 1) for c in range(side)
    ]
    tail: list[int] = []
    head: list[int] = []
    kmh: list[float] = []
    for a, b, line in streets:
        if rng.random() < 0.05:
            continue  # missing street
        chain = [int(a)]
        for k in range(int(rng.integers(0, 4))):  # bend nodes, 1.5 per street on average
            f = (k + 1) / 5
            chain.append(len(lon))
            lon.append(lon[a] + f * (lon[b] - lon[a]) + rng.normal(0, 0.00005))
            lat.append(lat[a] + f * (lat[b] - lat[a]) + rng.normal(0, 0.00005))
        chain.append(int(b))
        speed = 50.0 if line % 10 == 0 else 25.0  # every tenth street a main road
        direction = rng.random()
        for u, v in itertools.pairwise(chain):
            if direction >= 0.125:  # 12.5 % one-way against, 12.5 % one-way along
                tail.append(u)
                head.append(v)
                kmh.append(speed)
            if direction < 0.125 or direction >= 0.25:
                tail.append(v)
                head.append(u)
                kmh.append(speed)
    lon_a, lat_a = np.array(lon), np.array(lat)
    t, h = np.array(tail, dtype=np.int64), np.array(head, dtype=np.int64)
    length = haversine_m(lon_a[t], lat_a[t], lon_a[h], lat_a[h]) * 1.05
    return RoadGraph(
        node_ids=tuple(str(i) for i in range(len(lon))),
        lon=lon_a,
        lat=lat_a,
        tail=t,
        head=h,
        length_m=length,
        duration_s=length / (np.array(kmh) / 3.6),
        source="synthetic",
    )


def random_places(roads: RoadGraph, count: int, *, seed: int) -> Network:
    """One county node and ``count - 1`` townships at random positions over the graph."""
    rng = np.random.default_rng(seed)
    lon = rng.uniform(roads.lon.min(), roads.lon.max(), count)
    lat = rng.uniform(roads.lat.min(), roads.lat.max(), count)
    nodes = [Node("p0", "P0", Tier.COUNTY, float(lon[0]), float(lat[0]))]
    nodes += [
        Node(f"p{i}", f"P{i}", Tier.TOWNSHIP, float(lon[i]), float(lat[i]), parent="p0")
        for i in range(1, count)
    ]
    return Network(nodes)


def _median_s(work: Callable[[], object], runs: int) -> tuple[float, float]:
    """Median wall seconds and median CPU seconds (this process plus finished workers)."""
    walls, cpus = [], []
    for _ in range(runs):
        before, start = os.times(), time.perf_counter()
        work()
        walls.append(time.perf_counter() - start)
        after = os.times()
        cpus.append(
            sum(b - a for a, b in zip(before[:4], after[:4], strict=True))
        )  # user + system, own and children's
    return statistics.median(walls), statistics.median(cpus)


def _plain_csgraph(roads: RoadGraph, sources: npt.NDArray[np.int64]) -> None:
    """Dijkstra from every source on the whole graph, no contraction (the baseline)."""
    graph = sp.csr_matrix(
        (roads.duration_s, (roads.tail, roads.head)), shape=(len(roads.node_ids),) * 2
    )
    for lo in range(0, sources.size, 50):
        dijkstra(graph, indices=sources[lo : lo + 50])[:, sources]


def _networkx_graph(roads: RoadGraph) -> nx.DiGraph:
    graph = nx.DiGraph()
    arcs = zip(roads.tail.tolist(), roads.head.tolist(), roads.duration_s.tolist(), strict=True)
    for u, v, t in arcs:
        if not graph.has_edge(u, v) or graph[u][v]["time"] > t:
            graph.add_edge(u, v, time=t)
    return graph


def _largest_gap_s(
    matrix: DistanceMatrix, sources: npt.NDArray[np.int64], found: list[dict[int, float]]
) -> float:
    """Largest difference between networkx's times (plus access legs) and the matrix."""
    snap = matrix.snap_m if matrix.snap_m is not None else np.zeros(sources.size)
    access_s = snap / (15 / 3.6)
    worst = 0.0
    for i, times in enumerate(found):
        for j, target in enumerate(sources.tolist()):
            if i != j and target in times:
                expected = access_s[i] + times[target] + access_s[j]
                worst = max(worst, abs(expected - float(matrix.duration_s[i, j])))
    return worst


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--side", type=int, default=112, help="junctions per grid side")
    parser.add_argument("--places", type=int, default=1000, help="matrix size")
    parser.add_argument("--runs", type=int, default=3, help="runs per figure (median)")
    parser.add_argument("--nx-sources", type=int, default=20, help="networkx sample")
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()

    roads = synthetic_roads(args.side, seed=args.seed)
    net = random_places(roads, args.places, seed=args.seed)
    print(f"road graph: {len(roads.node_ids):,} nodes, {roads.n_arcs:,} arcs, seed {args.seed}")
    print(f"matrix: {args.places} x {args.places}; median of {args.runs} runs")
    print(f"load average before: {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores")

    matrix = distance_matrix(net, roads=roads, unreachable="inf")
    sources, _ = roads.snap(np.array([n.lon for n in net]), np.array([n.lat for n in net]))
    rows: dict[str, tuple[float, float]] = {}
    graph = _networkx_graph(roads)
    found: list[dict[int, float]] = []

    def run_networkx() -> None:
        found.clear()
        for s in sources[: args.nx_sources].tolist():
            found.append(nx.single_source_dijkstra_path_length(graph, s, weight="time"))

    wall, cpu = _median_s(run_networkx, 1)
    scale = args.places / args.nx_sources
    rows["networkx single_source_dijkstra (extrapolated)"] = (wall * scale, cpu * scale)
    rows["csgraph, plain graph, 1 process (time only)"] = _median_s(
        lambda: _plain_csgraph(roads, sources), args.runs
    )
    for workers in (1, 2):
        rows[f"distance_matrix, {workers} process(es)"] = _median_s(
            functools.partial(
                distance_matrix, net, roads=roads, unreachable="inf", workers=workers
            ),
            args.runs,
        )

    print(f"unreachable legs: {int(np.isinf(matrix.duration_s).sum())} (one-way dead ends)")
    # CPU seconds (own + workers') are what a busy shared machine distorts least
    nx_cpu = rows["networkx single_source_dijkstra (extrapolated)"][1]
    print(f"{'method':<50}{'wall s':>8}{'cpu s':>8}{'networkx/this (cpu)':>21}")
    for label, (wall, cpu) in rows.items():
        print(f"{label:<50}{wall:>8.2f}{cpu:>8.2f}{nx_cpu / cpu:>20.1f}x")
    gap_ms = _largest_gap_s(matrix, sources, found) * 1000
    print(f"largest gap to networkx over {args.nx_sources} sources: {gap_ms:.1f} ms")
    one, two = rows["distance_matrix, 1 process(es)"], rows["distance_matrix, 2 process(es)"]
    best = min(one[0], two[0])
    print(
        f"goal <= 2 s for the full matrix on 2 cores: {'met' if best <= 2.0 else 'NOT met'} "
        f"(best wall {best:.2f} s; CPU {one[1]:.2f} s in 1 process, {two[1]:.2f} s over 2)"
    )
    print(f"load average after: {os.getloadavg()[0]:.1f}")


if __name__ == "__main__":
    main()
