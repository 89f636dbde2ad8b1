"""Road-graph matrices on the real OSM sample, checked against networkx, and edge cases."""

from __future__ import annotations

import dataclasses
import itertools
import sys
from pathlib import Path

import networkx as nx
import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import network.distances
from network import (
    HIGHWAY_SPEEDS_KMH,
    FerryLink,
    InputError,
    Network,
    Node,
    RoadGraph,
    Tier,
    distance_matrix,
    load_road_graph,
)

OSM = Path(__file__).parent / "fixtures" / "osm"
GRAPHML = OSM / "aguascalientes_drive.graphml"
OSM_XML = OSM / "planet_10.068_48.135_10.071_48.137.osm"


def _reference_graph() -> nx.DiGraph:
    """The sample read independently: parallel edges -> shortest, time from maxspeed/class."""
    raw = nx.read_graphml(GRAPHML)
    graph = nx.DiGraph()
    for u, v, data in raw.edges(data=True):
        length = float(data["length"])
        maxspeed = data.get("maxspeed")
        kmh = float(maxspeed) if maxspeed else HIGHWAY_SPEEDS_KMH[data["highway"]]
        if not graph.has_edge(u, v) or graph[u][v]["length"] > length:
            graph.add_edge(u, v, length=length, time=length / (kmh / 3.6))
    for node in graph:
        graph.nodes[node].update(x=float(raw.nodes[node]["x"]), y=float(raw.nodes[node]["y"]))
    return graph


@pytest.fixture(scope="module")
def reference() -> nx.DiGraph:
    return _reference_graph()


@pytest.fixture(scope="module")
def roads() -> RoadGraph:
    return load_road_graph(GRAPHML)


def _network_at(graph: nx.DiGraph, road_nodes: list[str]) -> Network:
    """A county node and townships placed exactly on the given road nodes (snap 0)."""
    tiers = [Tier.COUNTY] + [Tier.TOWNSHIP] * (len(road_nodes) - 1)
    return Network(
        Node(
            f"n{osm_id}",
            f"Place {osm_id}",
            tier,
            graph.nodes[osm_id]["x"],
            graph.nodes[osm_id]["y"],
            parent=None if tier is Tier.COUNTY else f"n{road_nodes[0]}",
        )
        for osm_id, tier in zip(road_nodes, tiers, strict=True)
    )


def _sample_scc(graph: nx.DiGraph, count: int, seed: int) -> list[str]:
    largest = max(nx.strongly_connected_components(graph), key=len)
    rng = np.random.default_rng(seed)
    return [str(n) for n in rng.choice(sorted(largest), size=count, replace=False)]


def test_road_matrix_matches_networkx_dijkstra(reference: nx.DiGraph, roads: RoadGraph) -> None:
    picked = _sample_scc(reference, 30, seed=7)
    m = distance_matrix(_network_at(reference, picked), roads=roads)
    assert m.source == "road_graph"
    assert m.snap_m is not None and np.allclose(m.snap_m, 0.0)
    for i, source in enumerate(picked):
        times, paths = nx.single_source_dijkstra(reference, source, weight="time")
        for j, target in enumerate(picked):
            path = paths[target]
            length = sum(reference[a][b]["length"] for a, b in itertools.pairwise(path))
            assert m.duration_s[i, j] == pytest.approx(times[target], abs=1e-3)
            assert m.distance_m[i, j] == pytest.approx(length, abs=1e-3)


def test_one_way_streets_make_legs_asymmetric(reference: nx.DiGraph, roads: RoadGraph) -> None:
    picked = _sample_scc(reference, 30, seed=3)
    m = distance_matrix(_network_at(reference, picked), roads=roads)
    gap = np.abs(m.distance_m - m.distance_m.T)
    i, j = np.unravel_index(int(np.argmax(gap)), gap.shape)
    assert gap[i, j] > 50.0
    forward = nx.dijkstra_path_length(reference, picked[i], picked[j], weight="time")
    backward = nx.dijkstra_path_length(reference, picked[j], picked[i], weight="time")
    assert m.duration_s[i, j] == pytest.approx(forward, abs=1e-3)
    assert m.duration_s[j, i] == pytest.approx(backward, abs=1e-3)


def test_snap_distance_is_reported_and_added_as_access_leg(
    reference: nx.DiGraph, roads: RoadGraph
) -> None:
    a, b = _sample_scc(reference, 2, seed=11)
    base = _network_at(reference, [a, b])
    moved = base.nodes[1]
    # 0.0003 deg north of its road node; the brute-force nearest road node decides the snap
    lon, lat = moved.lon, moved.lat + 0.0003
    shifted = base.replace_nodes([base.nodes[0], dataclasses.replace(moved, lat=lat)])
    m = distance_matrix(shifted, roads=roads, unreachable="inf")
    xs = np.array([reference.nodes[n]["x"] for n in reference])
    ys = np.array([reference.nodes[n]["y"] for n in reference])
    gc = _haversine_m(lon, lat, xs, ys)
    assert m.snap_m is not None
    assert m.snap_m[0] == pytest.approx(0.0, abs=1e-6)
    assert m.snap_m[1] == pytest.approx(gc.min(), rel=1e-9)
    nearest = list(reference)[int(np.argmin(gc))]
    road_m = nx.dijkstra_path(reference, a, nearest, weight="time")
    length = sum(reference[u][v]["length"] for u, v in itertools.pairwise(road_m))
    assert m.distance_m[0, 1] == pytest.approx(length + gc.min(), abs=1e-3)
    access_s = gc.min() / (15 / 3.6)  # the access class speed
    road_s = nx.dijkstra_path_length(reference, a, nearest, weight="time")
    assert m.duration_s[0, 1] == pytest.approx(road_s + access_s, abs=1e-3)


def _haversine_m(lon: float, lat: float, xs: np.ndarray, ys: np.ndarray) -> np.ndarray:
    phi1, phi2 = np.radians(lat), np.radians(ys)
    h = (
        np.sin((phi2 - phi1) / 2) ** 2
        + np.cos(phi1) * np.cos(phi2) * np.sin(np.radians(xs - lon) / 2) ** 2
    )
    return np.asarray(2 * 6_371_009.0 * np.arcsin(np.sqrt(h)), dtype=np.float64)


def test_unreachable_node_is_named(reference: nx.DiGraph, roads: RoadGraph) -> None:
    largest = max(nx.strongly_connected_components(reference), key=len)
    # a road node that cannot reach the largest component (or cannot be reached from it)
    outside = next(
        n
        for n in sorted(reference)
        if n not in largest and reference.out_degree(n) + reference.in_degree(n) > 0
    )
    inside = _sample_scc(reference, 3, seed=5)
    net = _network_at(reference, [*inside, outside])
    words = rf"no road path between Place {outside} \(n{outside}\) \(snapped 0 m to a road\)"
    with pytest.raises(InputError, match=words):
        distance_matrix(net, roads=roads)
    kept = distance_matrix(net, roads=roads, unreachable="inf")
    assert np.isinf(kept.duration_s[:, 3]).any() or np.isinf(kept.duration_s[3, :]).any()
    assert np.isfinite(kept.duration_s[:3, :3]).all()


def test_graphml_with_one_node_is_a_clear_error() -> None:
    words = r"short\.graphml.*0 node\(s\) on 0 drivable arc\(s\) \(of 1 node.*nothing to route"
    with pytest.raises(InputError, match=words):
        load_road_graph(OSM / "short.graphml")


def test_missing_and_unknown_road_files(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="road graph file not found"):
        load_road_graph(tmp_path / "nowhere.graphml")
    (tmp_path / "roads.shp").write_text("x")
    with pytest.raises(InputError, match=r"roads.shp.*GraphML \(.graphml\) or OSM XML"):
        load_road_graph(tmp_path / "roads.shp")
    (tmp_path / "bad.graphml").write_text("<graphml><oops")
    with pytest.raises(InputError, match=r"bad\.graphml: not a readable GraphML file"):
        load_road_graph(tmp_path / "bad.graphml")


def _write_graphml(path: Path, edges: list[tuple[str, str, dict[str, str]]]) -> Path:
    """A tiny OSMnx-style GraphML: nodes a..d along 27 N, 0.001 deg apart."""
    graph = nx.MultiDiGraph()
    for k, name in enumerate("abcd"):
        graph.add_node(name, x=str(120.0 + 0.001 * k), y="27.0")
    for u, v, data in edges:
        graph.add_edge(u, v, **data)
    nx.write_graphml(graph, path)
    return path


def test_parallel_edges_keep_the_shortest_and_maxspeed_counts(tmp_path: Path) -> None:
    path = _write_graphml(
        tmp_path / "tiny.graphml",
        [
            ("a", "b", {"length": "300", "highway": "primary"}),
            ("a", "b", {"length": "100", "highway": "residential"}),
            ("b", "a", {"length": "100", "highway": "residential", "maxspeed": "18"}),
        ],
    )
    graph = load_road_graph(path)
    assert graph.n_arcs == 2
    nodes = [Node("a", "A", Tier.COUNTY, 120.0, 27.0), Node("b", "B", Tier.TOWNSHIP, 120.001, 27.0)]
    m = distance_matrix(Network(nodes), roads=path)
    assert m.distance_m[0, 1] == pytest.approx(100.0)
    assert m.duration_s[0, 1] == pytest.approx(100 / (25 / 3.6), abs=0.02)  # residential
    assert m.duration_s[1, 0] == pytest.approx(100 / (18 / 3.6), abs=0.02)  # maxspeed 18


def test_highway_speed_overrides(tmp_path: Path) -> None:
    path = _write_graphml(
        tmp_path / "t.graphml", [("a", "b", {"length": "500", "highway": "track"})]
    )
    slow = load_road_graph(path, highway_speeds_kmh={"track": 10})
    assert slow.duration_s[0] == pytest.approx(500 / (10 / 3.6))
    with pytest.raises(InputError, match="unknown road class 'lane'"):
        load_road_graph(path, highway_speeds_kmh={"lane": 10})


def test_osm_xml_keeps_drivable_roads_only() -> None:
    graph = load_road_graph(OSM_XML)
    assert 10 < len(graph.node_ids) < 281 and graph.n_arcs > 10  # 281 nodes in the file
    on_arcs = np.union1d(graph.tail, graph.head)
    assert on_arcs.size == len(graph.node_ids)  # no node off the drivable roads
    assert np.all(graph.length_m > 0) and np.all(graph.duration_s > 0)
    lon0, lat0 = float(np.mean(graph.lon)), float(np.mean(graph.lat))
    net = Network(
        [
            Node("c", "C", Tier.COUNTY, lon0, lat0),
            Node("t", "T", Tier.TOWNSHIP, lon0 + 0.001, lat0 + 0.0005, parent="c"),
        ]
    )
    m = distance_matrix(net, roads=OSM_XML)
    assert m.source == "road_graph" and m.snap_m is not None and np.all(m.snap_m < 50)
    assert np.all(np.isfinite(m.distance_m)) and m.distance_m[0, 1] > 100


def test_osm_xml_without_osmnx_says_which_extra(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "osmnx", None)  # makes `import osmnx` fail
    with pytest.raises(InputError, match=r"needs osmnx.*county-logistics\[osm\]"):
        load_road_graph(OSM_XML)


def test_cache_hit_miss_and_corrupt_entry(
    reference: nx.DiGraph, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    picked = _sample_scc(reference, 6, seed=2)
    net = _network_at(reference, picked)
    first = distance_matrix(net, roads=GRAPHML, cache_dir=tmp_path)
    entries = sorted(tmp_path.glob("matrix-*.npz"))
    assert len(entries) == 1

    def no_parsing(*args: object, **kwargs: object) -> RoadGraph:
        raise AssertionError("a cache hit must not parse the road file")

    with monkeypatch.context() as patch:
        patch.setattr(network.distances, "load_road_graph", no_parsing)
        again = distance_matrix(net, roads=GRAPHML, cache_dir=tmp_path)
    for name in ("distance_m", "duration_s", "snap_m"):
        assert np.array_equal(getattr(first, name), getattr(again, name))
    assert again.ids == first.ids

    fewer = net.subset([n.id for n in net.nodes[:4]])
    distance_matrix(fewer, roads=GRAPHML, cache_dir=tmp_path)
    assert len(list(tmp_path.glob("matrix-*.npz"))) == 2

    entries[0].write_bytes(b"not a zip file")
    rebuilt = distance_matrix(net, roads=GRAPHML, cache_dir=tmp_path)
    assert np.array_equal(rebuilt.duration_s, first.duration_s)
    assert entries[0].stat().st_size > 100
    assert not list(tmp_path.glob(".matrix-*"))  # no temporary files left


def test_two_workers_give_the_same_matrix(reference: nx.DiGraph, roads: RoadGraph) -> None:
    picked = _sample_scc(reference, 220, seed=9)
    net = _network_at(reference, picked)
    one = distance_matrix(net, roads=roads)
    two = distance_matrix(net, roads=roads, workers=2)
    assert np.array_equal(one.duration_s, two.duration_s)
    assert np.array_equal(one.distance_m, two.distance_m)


@settings(max_examples=60, deadline=None)
@given(
    n=st.integers(4, 25),
    arcs=st.lists(
        st.tuples(st.integers(0, 24), st.integers(0, 24), st.floats(1.0, 900.0)),
        min_size=3,
        max_size=60,
    ),
    chain=st.sampled_from(["none", "one_way", "two_way"]),
    ends=st.lists(st.integers(0, 24), min_size=2, max_size=6, unique=True),
)
def test_random_graphs_match_networkx(
    n: int, arcs: list[tuple[int, int, float]], chain: str, ends: list[int]
) -> None:
    """Random arcs, optionally along a chain through all nodes (pass-through nodes, spurs,
    one-way dead ends), between random places sitting on road nodes."""
    rows = [(a % n, b % n, w, w / 10.0) for a, b, w in arcs if a % n != b % n]
    for k in range(n - 1) if chain != "none" else ():
        rows.append((k, k + 1, 100.0, 7.2))
        if chain == "two_way":
            rows.append((k + 1, k, 100.0, 7.2))
    if not rows:
        return
    tail, head, length, duration = (np.array(col) for col in zip(*rows, strict=True))
    graph = RoadGraph(
        node_ids=tuple(str(k) for k in range(n)),
        lon=120.0 + 0.001 * np.arange(n, dtype=np.float64),
        lat=np.full(n, 27.0),
        tail=tail.astype(np.int64),
        head=head.astype(np.int64),
        length_m=length.astype(np.float64),
        duration_s=duration.astype(np.float64),
    )
    reference = nx.MultiDiGraph()  # Dijkstra takes the fastest of parallel arcs
    reference.add_nodes_from(range(n))
    for a, b, w, t in rows:
        reference.add_edge(a, b, length=w, time=t)
    places = sorted({k % n for k in ends})
    net = Network(Node(str(k), f"N{k}", Tier.COUNTY, 120.0 + 0.001 * k, 27.0) for k in places)
    m = distance_matrix(net, roads=graph, unreachable="inf")
    for i, a in enumerate(places):
        times = nx.single_source_dijkstra_path_length(reference, a, weight="time")
        for j, b in enumerate(places):
            assert m.duration_s[i, j] == pytest.approx(times.get(b, np.inf), abs=1e-3)


def test_long_detour_beyond_the_probed_bound_is_exact() -> None:
    """Source-only nodes first (as probes they give a small time bound), then a one-way loop
    whose way back (b -> c -> a, 101 s) is far longer than anything seen from them."""
    names = [f"p{k}" for k in range(7)] + ["a", "b", "c"]
    arcs = [(k, 7, 1.0) for k in range(7)] + [(7, 8, 1.0), (8, 9, 1.0), (9, 7, 100.0)]
    tail, head, seconds = (np.array(col) for col in zip(*arcs, strict=True))
    graph = RoadGraph(
        node_ids=tuple(names),
        lon=120.0 + 0.001 * np.arange(10, dtype=np.float64),
        lat=np.full(10, 27.0),
        tail=tail.astype(np.int64),
        head=head.astype(np.int64),
        length_m=seconds * 20.0,  # 72 km/h everywhere
        duration_s=seconds.astype(np.float64),
    )
    nodes = [Node(names[0], "P1", Tier.COUNTY, 120.0, 27.0)] + [
        Node(name, name.upper(), Tier.COUNTY, 120.0 + 0.001 * k, 27.0)
        for k, name in enumerate(names[1:], start=1)
    ]
    m = distance_matrix(Network(nodes), roads=graph, unreachable="inf")
    assert m.minutes("b", "a") * 60 == pytest.approx(101.0, abs=1e-3)
    assert m.km("b", "a") * 1000 == pytest.approx(2020.0, abs=1e-3)
    assert m.minutes("p1", "c") * 60 == pytest.approx(3.0, abs=1e-3)
    assert np.isinf(m.duration_s[7, 0])  # nothing leads back to a source-only node


def test_ferry_legs_on_a_road_graph(tmp_path: Path) -> None:
    """Roads a-b on the mainland and c-d on the island; the ferry runs from b to c."""
    path = _write_graphml(
        tmp_path / "two_shores.graphml",
        [
            ("a", "b", {"length": "120", "highway": "secondary"}),
            ("b", "a", {"length": "120", "highway": "secondary"}),
            ("c", "d", {"length": "90", "highway": "track"}),
            ("d", "c", {"length": "90", "highway": "track"}),
        ],
    )
    ferry = FerryLink("Dock", "Isle", 120.001, 27.0, 120.002, 27.0, 25.0, 6.5, 3.0)
    county = Node("a", "A", Tier.COUNTY, 120.0, 27.0)
    town = Node("d", "D", Tier.TOWNSHIP, 120.003, 27.0, parent="a", island="Isle")
    m = distance_matrix(Network([county, town], ferries=[ferry]), roads=path)
    assert m.distance_m[0, 1] == pytest.approx(120 + 3_000 + 90, abs=1e-3)
    road_s = 120 / (50 / 3.6) + 90 / (15 / 3.6)  # secondary and track default speeds
    assert m.duration_s[0, 1] == pytest.approx(road_s + 25 * 60, abs=1e-3)
    assert m.duration_s[1, 0] == pytest.approx(m.duration_s[0, 1], abs=1e-3)
    assert m.fare_yuan is not None and m.fare_yuan[0, 1] == 6.5


def test_unwritable_cache_only_warns(tmp_path: Path) -> None:
    blocked = tmp_path / "file_not_folder"
    blocked.write_text("")
    net = Network(
        [Node("a", "A", Tier.COUNTY, 120.0, 27.0), Node("b", "B", Tier.COUNTY, 120.001, 27.0)]
    )
    path = _write_graphml(
        tmp_path / "t.graphml", [("a", "b", {"length": "100"}), ("b", "a", {"length": "100"})]
    )
    with pytest.warns(UserWarning, match="distance cache not written"):
        m = distance_matrix(net, roads=path, cache_dir=blocked / "cache")
    assert m.distance_m[0, 1] == pytest.approx(100.0, abs=1e-3)


def test_undirected_graphml_and_osmnx_list_values(tmp_path: Path) -> None:
    """Undirected files run both ways; merged-way values ("['a', 'b']", "30 mph") parse."""
    graph = nx.Graph()
    graph.add_node("a", x="120.0", y="27.0")
    graph.add_node("b", x="120.001", y="27.0")
    graph.add_edge(
        "a",
        "b",
        length="160.9344",
        highway="['tertiary', 'residential']",
        maxspeed="['30 mph', '40 mph']",
    )
    path = tmp_path / "undirected.graphml"
    nx.write_graphml(graph, path)
    roads = load_road_graph(path)
    assert roads.n_arcs == 2
    assert np.allclose(roads.duration_s, 160.9344 / (30 * 1.609344 / 3.6))  # 12 s at 30 mph
