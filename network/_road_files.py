"""Reading road graphs from files: OSMnx-style GraphML and OSM XML (through osmnx).

Both give a networkx graph whose node/edge attributes may be strings (GraphML) or numbers
(osmnx); :func:`read_road_file` turns either into plain arc arrays with a speed per arc.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import networkx as nx
import numpy as np
import numpy.typing as npt

from network._speeds import UNKNOWN_HIGHWAY_SPEED_KMH, highway_class, parse_maxspeed_kmh
from network.errors import InputError
from network.texts import Message

FloatArray = npt.NDArray[np.float64]
IntArray = npt.NDArray[np.int64]

_OSM_XML_SUFFIXES = (".osm", ".osm.bz2", ".xml", ".osm.xml")
_NO_MOTOR_ACCESS = {"no", "private"}


@dataclass(frozen=True)
class RoadArcs:
    """Road nodes and directed arcs as read from a file (parallel arcs not yet collapsed).

    ``length_m`` is NaN where the file gives no length.
    """

    node_ids: tuple[str, ...]
    lon: FloatArray
    lat: FloatArray
    tail: IntArray
    head: IntArray
    length_m: FloatArray
    speed_kmh: FloatArray


def is_osm_xml(path: Path) -> bool:
    """True for OSM XML file names (.osm, .osm.bz2, .xml)."""
    return path.name.lower().endswith(_OSM_XML_SUFFIXES)


def read_road_file(path: Path, highway_speeds_kmh: Mapping[str, float]) -> RoadArcs:
    """Arcs of a GraphML or OSM XML road file; OSM XML keeps drivable highway classes only."""
    name = path.name.lower()
    if name.endswith(".graphml"):
        graph = _read_graphml(path)
        keep_unknown = True
    elif is_osm_xml(path):
        graph = _read_osm_xml(path)
        keep_unknown = False
    else:
        raise InputError(
            Message("road graph must be GraphML (.graphml) or OSM XML (.osm, .osm.bz2)"),
            file=path.name,
            field="roads",
        )
    return _arcs_from_graph(graph, path.name, highway_speeds_kmh, keep_unknown=keep_unknown)


def _read_graphml(path: Path) -> Any:
    try:
        return nx.read_graphml(path)
    except (OSError, ValueError, KeyError, SyntaxError, nx.NetworkXError) as err:
        raise InputError(
            Message("not a readable GraphML file ({err})", err=err), file=path.name
        ) from None


def _read_osm_xml(path: Path) -> Any:
    try:
        import osmnx
    except ImportError:
        raise InputError(
            Message(
                "reading OSM XML needs osmnx: pip install 'county-logistics[osm]' (or convert "
                "the extract to GraphML)"
            ),
            file=path.name,
            field="roads",
        ) from None
    try:
        return osmnx.graph_from_xml(path, simplify=False, retain_all=True)
    except (OSError, ValueError, KeyError, SyntaxError, EOFError) as err:
        raise InputError(
            Message("not a readable OSM XML file ({err})", err=err), file=path.name
        ) from None


def _arcs_from_graph(
    graph: Any, file: str, highway_speeds_kmh: Mapping[str, float], *, keep_unknown: bool
) -> RoadArcs:
    node_ids = tuple(str(n) for n in graph.nodes)
    index = {node: i for i, node in enumerate(graph.nodes)}
    lon = np.array([_coordinate(graph, n, "x", file) for n in graph.nodes], dtype=np.float64)
    lat = np.array([_coordinate(graph, n, "y", file) for n in graph.nodes], dtype=np.float64)
    tail: list[int] = []
    head: list[int] = []
    length_m: list[float] = []
    speed_kmh: list[float] = []
    both_ways = not graph.is_directed()
    for u, v, data in graph.edges(data=True):
        speed = _edge_speed_kmh(data, highway_speeds_kmh, keep_unknown=keep_unknown)
        if speed is None:
            continue
        length = _optional_float(data.get("length"))
        pairs = [(u, v), (v, u)] if both_ways else [(u, v)]
        for a, b in pairs:
            tail.append(index[a])
            head.append(index[b])
            length_m.append(np.nan if length is None else length)
            speed_kmh.append(speed)
    return RoadArcs(
        node_ids=node_ids,
        lon=lon,
        lat=lat,
        tail=np.array(tail, dtype=np.int64),
        head=np.array(head, dtype=np.int64),
        length_m=np.array(length_m, dtype=np.float64),
        speed_kmh=np.array(speed_kmh, dtype=np.float64),
    )


def _edge_speed_kmh(
    data: Mapping[str, Any], highway_speeds_kmh: Mapping[str, float], *, keep_unknown: bool
) -> float | None:
    """The arc's speed, or None to drop it (not drivable in an OSM XML extract)."""
    highway = highway_class(data.get("highway"))
    if not keep_unknown and (
        highway not in highway_speeds_kmh
        or str(data.get("access")) in _NO_MOTOR_ACCESS
        or str(data.get("area")) == "yes"
    ):
        return None
    maxspeed = parse_maxspeed_kmh(data.get("maxspeed"))
    if maxspeed is not None:
        return maxspeed
    return highway_speeds_kmh.get(highway or "", UNKNOWN_HIGHWAY_SPEED_KMH)


def _coordinate(graph: Any, node: Any, key: str, file: str) -> float:
    value = _optional_float(graph.nodes[node].get(key))
    limit = 180.0 if key == "x" else 90.0
    if value is None or not -limit <= value <= limit:
        raise InputError(
            Message(
                "road node {node}: {key} {value!r} is not a WGS-84 {axis}",
                node=node,
                key=key,
                value=graph.nodes[node].get(key),
                axis=Message("longitude") if key == "x" else Message("latitude"),
            ),
            file=file,
            field=key,
        )
    return value


def _optional_float(raw: object) -> float | None:
    if raw is None:
        return None
    try:
        value = float(str(raw))
    except ValueError:
        return None
    return value if np.isfinite(value) else None
