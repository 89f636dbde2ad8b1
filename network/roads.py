"""Road graphs: loading (GraphML, OSM XML), snapping places to roads, fastest road paths.

A :class:`RoadGraph` holds directed arcs (one-way streets have one arc), parallel arcs
collapsed to the shortest. Travel time per arc comes from its ``maxspeed`` or, failing that,
a default speed for its highway class (see ``HIGHWAY_SPEEDS_KMH``).
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import numpy.typing as npt
from scipy.spatial import cKDTree

from network._contraction import collapse_parallel
from network._fastest_paths import terminal_paths
from network._great_circle import haversine_m
from network._road_files import read_road_file
from network._speeds import HIGHWAY_SPEEDS_KMH, merged_speeds
from network.errors import InputError
from network.geography import metric_crs, to_metric
from network.texts import Message

FloatArray = npt.NDArray[np.float64]
IntArray = npt.NDArray[np.int64]

_KMH_TO_MS = 1000.0 / 3600.0


@dataclass(frozen=True, eq=False)
class RoadGraph:
    """A directed road graph in WGS-84.

    Attributes:
        node_ids: road node ids (OSM ids as strings).
        lon, lat: road node positions (degrees).
        tail, head: arc end indices into ``node_ids``; one arc per direction of travel.
        length_m, duration_s: per arc.
        source: file name the graph came from (for messages).
        digest: hash of the file contents and speeds (the disk-cache key).
    """

    node_ids: tuple[str, ...]
    lon: FloatArray
    lat: FloatArray
    tail: IntArray
    head: IntArray
    length_m: FloatArray
    duration_s: FloatArray
    source: str = ""
    digest: str = ""

    @property
    def n_arcs(self) -> int:
        return int(self.tail.size)

    def snap(self, lon: FloatArray, lat: FloatArray) -> tuple[IntArray, FloatArray]:
        """Index of the nearest road node for each position, and the distance to it (m).

        The search runs in the graph's metric CRS (:func:`network.geography.metric_crs`);
        the reported distance is the great-circle one.
        """
        crs = metric_crs(self.lon, self.lat)
        road_xy = np.column_stack(to_metric(self.lon, self.lat, crs))
        place_xy = np.column_stack(to_metric(lon, lat, crs))
        _, nearest = cKDTree(road_xy).query(place_xy)
        nearest = np.asarray(nearest, dtype=np.int64)
        return nearest, haversine_m(lon, lat, self.lon[nearest], self.lat[nearest])

    def fastest_paths(
        self, road_nodes: IntArray, *, workers: int = 1
    ) -> tuple[FloatArray, FloatArray]:
        """(duration_s, length_m) of the fastest path between each pair of ``road_nodes``.

        Row = from, column = to; ``inf`` where no path exists. Ties in time go to the shorter
        path. Each arc of the reduced graph is rounded to about 1 ms and 1 mm on county-sized
        graphs (finer on small ones, coarser on very large ones).
        """
        unique, inverse = np.unique(road_nodes, return_inverse=True)
        duration, length = terminal_paths(
            len(self.node_ids),
            self.tail,
            self.head,
            self.duration_s,
            self.length_m,
            unique,
            workers=workers,
        )
        grid = np.ix_(inverse, inverse)
        return duration[grid], length[grid]


def road_graph_digest(path: Path, highway_speeds_kmh: Mapping[str, float] | None = None) -> str:
    """Hash of a road file's bytes and the speeds applied to it (cheap: no parsing)."""
    speeds = merged_speeds(HIGHWAY_SPEEDS_KMH, highway_speeds_kmh, field="highway_speeds_kmh")
    if not path.is_file():
        raise InputError(Message("road graph file not found"), file=str(path), field="roads")
    digest = hashlib.sha256()
    with path.open("rb") as stream:
        for block in iter(lambda: stream.read(1 << 20), b""):
            digest.update(block)
    digest.update(json.dumps(speeds, sort_keys=True).encode())
    return digest.hexdigest()


def load_road_graph(
    path: str | Path, *, highway_speeds_kmh: Mapping[str, float] | None = None
) -> RoadGraph:
    """Load a road graph from OSM XML (.osm, .osm.bz2; needs the ``osm`` extra) or GraphML.

    GraphML as OSMnx writes it (string attributes ``x``, ``y``, ``length``, ``highway``,
    ``maxspeed``). ``highway_speeds_kmh`` overrides default speeds per OSM highway class for
    arcs without a usable ``maxspeed``. Raises :class:`InputError` for unreadable files and
    for graphs with fewer than two nodes or no arcs.
    """
    path = Path(path)
    digest = road_graph_digest(path, highway_speeds_kmh)  # also checks the file and speeds
    speeds = merged_speeds(HIGHWAY_SPEEDS_KMH, highway_speeds_kmh, field="highway_speeds_kmh")
    arcs = read_road_file(path, speeds)
    straight_m = haversine_m(
        arcs.lon[arcs.tail], arcs.lat[arcs.tail], arcs.lon[arcs.head], arcs.lat[arcs.head]
    )
    length_m = np.where(np.isnan(arcs.length_m) | (arcs.length_m < 0), straight_m, arcs.length_m)
    duration_s = length_m / (arcs.speed_kmh * _KMH_TO_MS)
    # the shortest of parallel arcs wins, with its own travel time
    tail, head, kept = collapse_parallel(
        arcs.tail, arcs.head, np.column_stack([length_m, duration_s])
    )
    # nodes of dropped (non-drivable) ways must not attract snapped places
    used, ends = np.unique(np.concatenate([tail, head]), return_inverse=True)
    if used.size < 2:
        raise InputError(
            Message(
                "road graph has {nodes} node(s) on {arcs} drivable arc(s) (of {in_file} node(s) "
                "in the file): nothing to route on",
                nodes=used.size,
                arcs=tail.size,
                in_file=len(arcs.node_ids),
            ),
            file=path.name,
            field="roads",
        )
    return RoadGraph(
        node_ids=tuple(arcs.node_ids[i] for i in used),
        lon=arcs.lon[used],
        lat=arcs.lat[used],
        tail=ends[: tail.size].astype(np.int64),
        head=ends[tail.size :].astype(np.int64),
        length_m=kept[:, 0],
        duration_s=kept[:, 1],
        source=path.name,
        digest=digest,
    )
