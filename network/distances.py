"""Distance and travel-time matrices between network nodes.

Two sources: great-circle distance x a circuity factor with a speed per road class, or shortest
paths on a real road graph (see :mod:`network.roads`). Sea legs to island nodes go through the
network's ferry links.
"""

from __future__ import annotations

import dataclasses
import hashlib
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

import numpy as np
import numpy.typing as npt

from network._ferries import Legs, pier_positions, through_ferries, used_links
from network._great_circle import pairwise_m
from network._matrix_cache import cache_key, load_cached, store
from network._speeds import HIGHWAY_SPEEDS_KMH, LEG_SPEEDS_KMH, merged_speeds
from network.errors import InputError
from network.model import FerryLink, Network, Node, Tier
from network.roads import RoadGraph, load_road_graph, road_graph_digest
from network.texts import Message

__all__ = ["HIGHWAY_SPEEDS_KMH", "LEG_SPEEDS_KMH", "DistanceMatrix", "distance_matrix"]

FloatArray = npt.NDArray[np.float64]


@dataclass(frozen=True, eq=False)
class DistanceMatrix:
    """Square matrices over ``ids`` (row = from, column = to).

    Attributes:
        ids: node ids in matrix order.
        distance_m: road (or sea) distance in metres; ``inf`` where unreachable.
        duration_s: travel time in seconds; ``inf`` where unreachable.
        source: ``"great_circle"`` or ``"road_graph"``.
        fare_yuan: fixed fares on the way (ferry crossings) in yuan, or None when there are none.
        snap_m: per node, the distance from its position to the road node it was snapped to
            (road graphs only; zeros for great-circle matrices).
    """

    ids: tuple[str, ...]
    distance_m: FloatArray
    duration_s: FloatArray
    source: str
    fare_yuan: FloatArray | None = None
    snap_m: FloatArray | None = None
    _index: dict[str, int] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        n = len(self.ids)
        for name in ("distance_m", "duration_s", "fare_yuan"):
            arr = getattr(self, name)
            if arr is not None and arr.shape != (n, n):
                raise InputError(
                    Message(
                        "{name} has shape {shape}, expected ({n}, {n})",
                        name=name,
                        shape=arr.shape,
                        n=n,
                    ),
                    field=name,
                )
        object.__setattr__(self, "_index", {node_id: i for i, node_id in enumerate(self.ids)})
        if len(self._index) != n:
            raise InputError(Message("matrix ids are not unique"), field="ids")

    def index(self, node_id: str) -> int:
        """Row/column of a node id."""
        try:
            return self._index[node_id]
        except KeyError:
            raise InputError(
                Message("node {node_id!r} is not in the distance matrix", node_id=node_id)
            ) from None

    def km(self, a: str, b: str) -> float:
        """Distance from a to b in km."""
        return float(self.distance_m[self.index(a), self.index(b)]) / 1000.0

    def minutes(self, a: str, b: str) -> float:
        """Travel time from a to b in minutes."""
        return float(self.duration_s[self.index(a), self.index(b)]) / 60.0

    def sub(self, ids: Iterable[str]) -> DistanceMatrix:
        """The matrix restricted to ``ids`` (in that order)."""
        keep = tuple(ids)
        rows = np.array([self.index(i) for i in keep], dtype=np.intp)
        grid = np.ix_(rows, rows)
        return DistanceMatrix(
            ids=keep,
            distance_m=self.distance_m[grid],
            duration_s=self.duration_s[grid],
            source=self.source,
            fare_yuan=None if self.fare_yuan is None else self.fare_yuan[grid],
            snap_m=None if self.snap_m is None else self.snap_m[rows],
        )


Unreachable = Literal["error", "inf"]


def distance_matrix(
    network: Network,
    *,
    ids: Iterable[str] | None = None,
    circuity: float = 1.3,
    speeds_kmh: Mapping[str, float] | None = None,
    roads: str | Path | RoadGraph | None = None,
    highway_speeds_kmh: Mapping[str, float] | None = None,
    cache_dir: str | Path | None = None,
    unreachable: Unreachable = "error",
    workers: int = 1,
) -> DistanceMatrix:
    """Distances and travel times between the network's nodes.

    Without ``roads``: great-circle distance x ``circuity``, at a speed per leg class
    (``LEG_SPEEDS_KMH``: trunk = county <-> township/county, township <-> township, village =
    any leg touching a village). With ``roads`` (a file for :func:`load_road_graph` or a
    :class:`RoadGraph`): each node is snapped to its nearest road node (``snap_m``), reached by
    a straight access leg at the ``access`` speed, and legs follow the fastest road path
    (``distance_m`` is that path's length). Nodes on an island reach other land masses only
    through the network's ferry links for it (crossing time and sea distance added, fares in
    ``fare_yuan``).

    Args:
        network: the nodes and ferry links.
        ids: node ids in matrix order (default: all nodes, network order).
        circuity: road distance / great-circle distance (great-circle legs only).
        speeds_kmh: overrides of ``LEG_SPEEDS_KMH`` by leg class.
        roads: road graph file (GraphML, OSM XML) or a loaded graph.
        highway_speeds_kmh: overrides of ``HIGHWAY_SPEEDS_KMH`` (arcs without maxspeed).
        cache_dir: folder for cached road-graph matrices (None = no cache).
        unreachable: ``"error"`` raises :class:`InputError` naming a node without a road path
            to or from others; ``"inf"`` keeps ``inf`` in the matrices.
        workers: processes for the shortest-path search (pays off from a few hundred nodes).

    Example:
        >>> from network import Network, Node, Tier, distance_matrix
        >>> net = Network([Node("c", "County", Tier.COUNTY, 120.0, 26.9),
        ...                Node("t", "Town", Tier.TOWNSHIP, 120.0, 27.0)])
        >>> round(distance_matrix(net).km("c", "t"), 2)  # 11.12 km x 1.3
        14.46
    """
    nodes = _selected_nodes(network, ids)
    if not 1.0 <= circuity <= 5.0:
        raise InputError(
            Message("circuity must be between 1 and 5, got {circuity}", circuity=circuity),
            field="circuity",
        )
    if unreachable not in ("error", "inf"):
        raise InputError(
            Message(
                "unreachable must be 'error' or 'inf', got {unreachable!r}", unreachable=unreachable
            )
        )
    if workers < 1:
        raise InputError(
            Message("workers must be >= 1, got {workers}", workers=workers), field="workers"
        )
    speeds = merged_speeds(LEG_SPEEDS_KMH, speeds_kmh, field="speeds_kmh")
    links = used_links(nodes, network.ferries)
    if roads is None:
        return _great_circle_matrix(nodes, links, circuity, speeds)
    matrix, file = _road_matrix(
        nodes,
        links,
        roads,
        speeds=speeds,
        highway_speeds_kmh=highway_speeds_kmh,
        cache_dir=None if cache_dir is None else Path(cache_dir),
        workers=workers,
    )
    if unreachable == "error":
        _check_reachable(nodes, matrix, file)
    return matrix


def _selected_nodes(network: Network, ids: Iterable[str] | None) -> tuple[Node, ...]:
    if ids is None:
        return network.nodes
    nodes = []
    for node_id in ids:
        node = network.get(node_id)
        if node is None:
            raise InputError(
                Message("node {node_id!r} is not in the network", node_id=node_id), field="ids"
            )
        nodes.append(node)
    return tuple(nodes)


def _point_positions(
    nodes: Sequence[Node], links: Sequence[FerryLink]
) -> tuple[FloatArray, FloatArray]:
    """Positions of the nodes, then of the piers (see :mod:`network._ferries`)."""
    pier_lon, pier_lat = pier_positions(links)
    lon = np.concatenate([np.array([n.lon for n in nodes], dtype=np.float64), pier_lon])
    lat = np.concatenate([np.array([n.lat for n in nodes], dtype=np.float64), pier_lat])
    return lon, lat


def _leg_speeds_kmh(tiers: Sequence[Tier], speeds: Mapping[str, float]) -> FloatArray:
    """Speed of the road class each leg between two tiers mostly uses (square matrix)."""
    village = np.array([t is Tier.VILLAGE for t in tiers])
    county = np.array([t is Tier.COUNTY for t in tiers])
    return np.where(
        village[:, None] | village[None, :],
        speeds["village"],
        np.where(county[:, None] | county[None, :], speeds["trunk"], speeds["township"]),
    )


def _great_circle_matrix(
    nodes: Sequence[Node],
    links: Sequence[FerryLink],
    circuity: float,
    speeds: Mapping[str, float],
) -> DistanceMatrix:
    lon, lat = _point_positions(nodes, links)
    # piers sit on township-class roads
    tiers = [n.tier for n in nodes] + [Tier.TOWNSHIP] * (2 * len(links))
    speed_ms = _leg_speeds_kmh(tiers, speeds) / 3.6
    distance = pairwise_m(lon, lat) * circuity
    legs = _node_legs(nodes, links, Legs(distance / speed_ms, distance, np.zeros_like(distance)))
    return DistanceMatrix(
        ids=tuple(n.id for n in nodes),
        distance_m=legs.distance_m,
        duration_s=legs.duration_s,
        source="great_circle",
        fare_yuan=legs.fare_yuan if links else None,
        snap_m=np.zeros(len(nodes)),
    )


def _node_legs(nodes: Sequence[Node], links: Sequence[FerryLink], land: Legs) -> Legs:
    n = len(nodes)
    if not links:
        return Legs(land.duration_s[:n, :n], land.distance_m[:n, :n], land.fare_yuan[:n, :n])
    return through_ferries(nodes, links, land)


def _road_matrix(
    nodes: Sequence[Node],
    links: Sequence[FerryLink],
    roads: str | Path | RoadGraph,
    *,
    speeds: Mapping[str, float],
    highway_speeds_kmh: Mapping[str, float] | None,
    cache_dir: Path | None,
    workers: int,
) -> tuple[DistanceMatrix, str]:
    """The road-graph matrix (from the cache when possible) and the road file's name."""
    if isinstance(roads, RoadGraph):
        digest, file = roads.digest or _arrays_digest(roads), roads.source
    else:
        digest, file = road_graph_digest(Path(roads), highway_speeds_kmh), Path(roads).name
    key = cache_key(
        {
            "graph": digest,
            "nodes": [[n.id, n.lon, n.lat, n.island] for n in nodes],
            "ferries": [dataclasses.astuple(f) for f in links],
            "access_kmh": speeds["access"],
        }
    )
    ids = tuple(n.id for n in nodes)
    if cache_dir is not None and (cached := load_cached(cache_dir, key, ids)) is not None:
        return DistanceMatrix(**cached), file
    if not isinstance(roads, RoadGraph):
        roads = load_road_graph(roads, highway_speeds_kmh=highway_speeds_kmh)
    matrix = _matrix_on_roads(nodes, links, roads, access_kmh=speeds["access"], workers=workers)
    if cache_dir is not None:
        store(cache_dir, key, matrix)
    return matrix, file


def _matrix_on_roads(
    nodes: Sequence[Node],
    links: Sequence[FerryLink],
    graph: RoadGraph,
    *,
    access_kmh: float,
    workers: int,
) -> DistanceMatrix:
    lon, lat = _point_positions(nodes, links)
    road_node, snap_m = graph.snap(lon, lat)
    road_s, road_m = graph.fastest_paths(road_node, workers=workers)
    land = Legs(
        duration_s=_with_access(road_s, snap_m / (access_kmh / 3.6)),
        distance_m=_with_access(road_m, snap_m),
        fare_yuan=np.zeros_like(road_s),
    )
    legs = _node_legs(nodes, links, land)
    return DistanceMatrix(
        ids=tuple(n.id for n in nodes),
        distance_m=legs.distance_m,
        duration_s=legs.duration_s,
        source="road_graph",
        fare_yuan=legs.fare_yuan if links else None,
        snap_m=snap_m[: len(nodes)],
    )


def _with_access(road: FloatArray, access: FloatArray) -> FloatArray:
    """Road legs plus the straight legs to and from the road; zero from a point to itself."""
    total = access[:, None] + road + access[None, :]
    np.fill_diagonal(total, 0.0)
    return total


def _arrays_digest(graph: RoadGraph) -> str:
    digest = hashlib.sha256()
    for arr in (graph.lon, graph.lat, graph.tail, graph.head, graph.length_m, graph.duration_s):
        digest.update(np.ascontiguousarray(arr).tobytes())
    digest.update("\n".join(graph.node_ids).encode())
    return digest.hexdigest()


def _check_reachable(nodes: Sequence[Node], matrix: DistanceMatrix, file: str) -> None:
    """Raise naming the node with the most missing road paths, if any path is missing."""
    missing = ~np.isfinite(matrix.duration_s)
    if not missing.any():
        return
    either = missing | missing.T
    worst = int(np.argmax(either.sum(axis=1)))
    other = int(np.flatnonzero(either[worst])[0])
    node, peer = nodes[worst], nodes[other]
    snapped: Message | str = (
        ""
        if matrix.snap_m is None
        else Message(" (snapped {m:.0f} m to a road)", m=float(matrix.snap_m[worst]))
    )
    raise InputError(
        Message(
            "no road path between {name} ({id}){snapped} and {count} other node(s), e.g. {peer} "
            "({peer_id}); {legs} legs in all have no path: check the road extract around it, or "
            "pass unreachable='inf'",
            name=node.name,
            id=node.id,
            snapped=snapped,
            count=int(either[worst].sum()),
            peer=peer.name,
            peer_id=peer.id,
            legs=int(missing.sum()),
        ),
        file=file or None,
        field="roads",
    )
