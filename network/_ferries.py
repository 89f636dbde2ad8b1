"""Legs between land masses: road to the pier, the sea crossing, road from the other pier.

The caller computes land legs between all *points*: the n nodes first, then for each used
ferry link its mainland pier and its island pier (``n + 2k`` and ``n + 2k + 1``). A leg between
nodes on different land masses leaves an island through one of its links to the mainland
pier, travels on land to the mainland pier of the destination island's link and crosses
again; the fastest combination of links wins.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from network.errors import InputError
from network.model import FerryLink, Node
from network.texts import Message

FloatArray = npt.NDArray[np.float64]
IntArray = npt.NDArray[np.int64]


@dataclass(frozen=True)
class Legs:
    """Square matrices of one kind of leg (row = from, column = to)."""

    duration_s: FloatArray
    distance_m: FloatArray
    fare_yuan: FloatArray


def used_links(nodes: Sequence[Node], ferries: Sequence[FerryLink]) -> tuple[FerryLink, ...]:
    """The ferry links serving the islands of ``nodes``; an island without one is an error."""
    islands = {n.island for n in nodes if n.island is not None}
    for node in nodes:
        if node.island is not None and not any(f.island == node.island for f in ferries):
            raise InputError(
                Message(
                    "{name} ({id}) is on island {island!r}, which has no ferry link",
                    name=node.name,
                    id=node.id,
                    island=node.island,
                ),
                field="island",
            )
    for link in ferries:
        if link.island in islands and (link.crossing_min < 0 or link.sea_distance_km < 0):
            raise InputError(
                Message(
                    "ferry {name!r}: crossing_min and sea_distance_km must be >= 0", name=link.name
                ),
                field="crossing_min",
            )
    return tuple(f for f in ferries if f.island in islands)


def pier_positions(links: Sequence[FerryLink]) -> tuple[FloatArray, FloatArray]:
    """(lon, lat) of the piers, mainland then island pier for each link."""
    lon = [v for f in links for v in (f.mainland_lon, f.island_lon)]
    lat = [v for f in links for v in (f.mainland_lat, f.island_lat)]
    return np.array(lon, dtype=np.float64), np.array(lat, dtype=np.float64)


def through_ferries(nodes: Sequence[Node], links: Sequence[FerryLink], land: Legs) -> Legs:
    """Node-to-node legs: land legs within a land mass, pier-to-pier crossings between."""
    n = len(nodes)
    out = _gateways(nodes, links, land, leaving=True)
    into = _gateways(nodes, links, land, leaving=False)
    best_t = np.full((n, n), np.inf)
    best_d = np.full((n, n), np.inf)
    best_f = np.zeros((n, n))
    for o_point, o_t, o_d, o_f in out:
        for i_point, i_t, i_d, i_f in into:
            grid = np.ix_(o_point, i_point)
            t = o_t[:, None] + land.duration_s[grid] + i_t[None, :]
            better = t < best_t
            best_t = np.where(better, t, best_t)
            d = o_d[:, None] + land.distance_m[grid] + i_d[None, :]
            best_d = np.where(better, d, best_d)
            best_f = np.where(better, o_f[:, None] + i_f[None, :], best_f)
    mass = np.array([n.island or "" for n in nodes])  # "" = the mainland
    same = mass[:, None] == mass[None, :]
    return Legs(
        duration_s=np.where(same, land.duration_s[:n, :n], best_t),
        distance_m=np.where(same, land.distance_m[:n, :n], best_d),
        fare_yuan=np.where(same, 0.0, np.where(np.isfinite(best_t), best_f, 0.0)),
    )


_Gateway = tuple[IntArray, FloatArray, FloatArray, FloatArray]


def _gateways(
    nodes: Sequence[Node], links: Sequence[FerryLink], land: Legs, *, leaving: bool
) -> list[_Gateway]:
    """Ways from each node to the mainland (or back): point on the mainland and its cost.

    Option q of a node is its island's q-th link (infinite cost if it has fewer); a mainland
    node's only option is itself at no cost.
    """
    n = len(nodes)
    by_island: dict[str, list[int]] = {}
    for k, link in enumerate(links):
        by_island.setdefault(link.island, []).append(k)
    n_options = max([1, *(len(v) for v in by_island.values())])
    options: list[_Gateway] = []
    for q in range(n_options):
        point = np.arange(n, dtype=np.int64)
        t, d, f = np.zeros(n), np.zeros(n), np.zeros(n)
        for i, node in enumerate(nodes):
            if node.island is None:
                if q > 0:
                    t[i] = np.inf
                continue
            ks = by_island[node.island]
            if q >= len(ks):
                t[i] = np.inf
                continue
            link = links[ks[q]]
            pier = n + 2 * ks[q] + 1
            leg = (i, pier) if leaving else (pier, i)
            point[i] = n + 2 * ks[q]
            t[i] = land.duration_s[leg] + link.crossing_min * 60.0
            d[i] = land.distance_m[leg] + link.sea_distance_km * 1000.0
            f[i] = link.cost_per_trip_yuan
        options.append((point, t, d, f))
    return options
