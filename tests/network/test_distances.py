"""Great-circle matrices, leg-class speeds and ferry legs, on hand-made networks."""

from __future__ import annotations

import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from network import (
    LEG_SPEEDS_KMH,
    FerryLink,
    InputError,
    Network,
    Node,
    Tier,
    distance_matrix,
)

ONE_DEGREE_M = 6_371_009.0 * math.pi / 180.0  # 111,195.08 m: one degree of a great circle


def _county(lon: float = 120.0, lat: float = 27.0, island: str | None = None) -> Node:
    return Node("c", "County", Tier.COUNTY, lon, lat, island=island)


def _town(node_id: str, lon: float, lat: float, island: str | None = None) -> Node:
    return Node(node_id, f"Town {node_id}", Tier.TOWNSHIP, lon, lat, parent="c", island=island)


def _village(node_id: str, parent: str, lon: float, lat: float, island: str | None = None) -> Node:
    return Node(node_id, f"Village {node_id}", Tier.VILLAGE, lon, lat, parent=parent, island=island)


def test_one_degree_of_latitude_is_111195_m() -> None:
    net = Network([_county(120.0, 26.0), _town("t", 120.0, 27.0)])
    m = distance_matrix(net, circuity=1.0)
    assert m.distance_m[0, 1] == pytest.approx(111_195.08, abs=0.01)
    assert m.source == "great_circle"
    assert m.fare_yuan is None
    assert m.snap_m is not None and np.array_equal(m.snap_m, np.zeros(2))


def test_great_circle_matches_spherical_law_of_cosines() -> None:
    # an independent formula: cos c = sin f1 sin f2 + cos f1 cos f2 cos dl
    a, b = (119.9, 26.6), (120.4, 27.05)
    net = Network([_county(*a), _town("t", *b)])
    f1, f2, dl = math.radians(a[1]), math.radians(b[1]), math.radians(b[0] - a[0])
    central = math.acos(math.sin(f1) * math.sin(f2) + math.cos(f1) * math.cos(f2) * math.cos(dl))
    expected_m = 6_371_009.0 * central
    got_m = distance_matrix(net, circuity=1.0).distance_m[0, 1]
    assert got_m == pytest.approx(expected_m, rel=1e-9)
    # by hand, flat: 0.5 deg lon x cos(26.8 deg) = 49.64 km east, 0.45 deg lat = 50.04 km north
    assert expected_m == pytest.approx(math.hypot(49_640, 50_040), rel=2e-3)


def test_circuity_scales_distance_and_time() -> None:
    net = Network([_county(120.0, 26.0), _town("t", 120.0, 27.0)])
    plain = distance_matrix(net, circuity=1.0)
    winding = distance_matrix(net, circuity=1.5)
    assert winding.distance_m[0, 1] == pytest.approx(1.5 * plain.distance_m[0, 1])
    assert winding.duration_s[0, 1] == pytest.approx(1.5 * plain.duration_s[0, 1])
    assert distance_matrix(net).km("c", "t") == pytest.approx(1.3 * ONE_DEGREE_M / 1000)


def test_speed_per_leg_class() -> None:
    net = Network(
        [
            _county(120.0, 26.0),
            _town("t1", 120.0, 27.0),
            _town("t2", 120.0, 28.0),
            _village("v", "t1", 120.0, 29.0),
        ]
    )
    m = distance_matrix(net, circuity=1.0)
    hours = {key: m.minutes(*key) / 60 for key in [("c", "t1"), ("t1", "t2"), ("t2", "v")]}
    assert hours[("c", "t1")] == pytest.approx(111.19508 / 60, rel=1e-6)  # trunk 60 km/h
    assert hours[("t1", "t2")] == pytest.approx(111.19508 / 45, rel=1e-6)  # township 45 km/h
    assert hours[("t2", "v")] == pytest.approx(111.19508 / 30, rel=1e-6)  # village 30 km/h
    assert m.minutes("c", "v") == pytest.approx(3 * ONE_DEGREE_M / 1000 / 30 * 60, rel=1e-6)
    faster = distance_matrix(net, circuity=1.0, speeds_kmh={"village": 40})
    assert faster.minutes("t2", "v") == pytest.approx(111.19508 / 40 * 60, rel=1e-6)
    assert faster.minutes("c", "t1") == pytest.approx(m.minutes("c", "t1"))
    assert LEG_SPEEDS_KMH["village"] == 30


@pytest.mark.parametrize(
    ("kwargs", "words"),
    [
        ({"speeds_kmh": {"motorway": 100}}, "unknown road class 'motorway'"),
        ({"speeds_kmh": {"village": 0}}, "must be > 0"),
        ({"circuity": 0.9}, "circuity must be between 1 and 5"),
        ({"ids": ["c", "nowhere"]}, "node 'nowhere' is not in the network"),
        ({"workers": 0}, "workers must be >= 1"),
    ],
)
def test_bad_parameters_are_input_errors(kwargs: dict[str, object], words: str) -> None:
    net = Network([_county(), _town("t", 120.1, 27.0)])
    with pytest.raises(InputError, match=words):
        distance_matrix(net, **kwargs)  # type: ignore[arg-type]


def test_ids_choose_and_order_the_matrix() -> None:
    net = Network([_county(), _town("t1", 120.1, 27.0), _town("t2", 120.3, 27.0)])
    full = distance_matrix(net)
    part = distance_matrix(net, ids=["t2", "c"])
    assert part.ids == ("t2", "c")
    assert part.km("t2", "c") == pytest.approx(full.km("t2", "c"))
    assert np.array_equal(part.distance_m, full.sub(["t2", "c"]).distance_m)


# Island "Xiyang": mainland pier 0.1 deg east of the county seat, island pier 0.15 deg east.
FERRY = FerryLink(
    name="Xiyang ferry",
    island="Xiyang",
    mainland_lon=120.1,
    mainland_lat=27.0,
    island_lon=120.15,
    island_lat=27.0,
    crossing_min=40.0,
    cost_per_trip_yuan=12.0,
    sea_distance_km=5.5,
)


def _gc_m(a: tuple[float, float], b: tuple[float, float]) -> float:
    net = Network([_county(*a), _town("t", *b)])
    return float(distance_matrix(net, circuity=1.0).distance_m[0, 1])


def _island_net(ferries: tuple[FerryLink, ...] = (FERRY,)) -> Network:
    return Network(
        [
            _county(120.0, 27.0),
            _town("hd", 120.2, 27.0, island="Xiyang"),
            _village("v", "hd", 120.2, 27.05, island="Xiyang"),
        ],
        ferries=ferries,
    )


def test_island_leg_goes_road_sea_road() -> None:
    m = distance_matrix(_island_net())
    road_to_pier = 1.3 * _gc_m((120.0, 27.0), (120.1, 27.0))
    road_from_pier = 1.3 * _gc_m((120.15, 27.0), (120.2, 27.05))
    assert m.distance_m[0, 2] == pytest.approx(road_to_pier + 5_500 + road_from_pier)
    # county -> pier at trunk speed, crossing, pier -> village at village speed
    expected_s = road_to_pier / (60 / 3.6) + 40 * 60 + road_from_pier / (30 / 3.6)
    assert m.duration_s[0, 2] == pytest.approx(expected_s)
    assert m.duration_s[2, 0] == pytest.approx(expected_s)
    assert m.fare_yuan is not None
    assert m.fare_yuan[0, 2] == m.fare_yuan[2, 0] == 12.0
    # on the same island: a plain land leg, no fare
    assert m.fare_yuan[1, 2] == 0.0
    assert m.distance_m[1, 2] == pytest.approx(1.3 * _gc_m((120.2, 27.0), (120.2, 27.05)))


def test_fastest_of_two_ferry_links_wins() -> None:
    slow_far = FerryLink("North ferry", "Xiyang", 120.0, 27.2, 120.2, 27.2, 90.0, 8.0, 20.0)
    m = distance_matrix(_island_net((slow_far, FERRY)))
    only_fast = distance_matrix(_island_net((FERRY,)))
    assert np.allclose(m.duration_s, only_fast.duration_s)
    assert m.fare_yuan is not None and m.fare_yuan[0, 1] == 12.0


def test_island_to_island_crosses_twice() -> None:
    other = FerryLink("Fuying ferry", "Fuying", 120.0, 26.9, 120.0, 26.8, 30.0, 9.0, 11.0)
    net = Network(
        [
            _county(120.0, 27.0),
            _town("hd", 120.2, 27.0, island="Xiyang"),
            _town("fy", 120.0, 26.75, island="Fuying"),
        ],
        ferries=(FERRY, other),
    )
    m = distance_matrix(net)
    land = 1.3 * _gc_m((120.1, 27.0), (120.0, 26.9))  # mainland pier to mainland pier
    ends = 1.3 * (_gc_m((120.2, 27.0), (120.15, 27.0)) + _gc_m((120.0, 26.8), (120.0, 26.75)))
    assert m.distance_m[1, 2] == pytest.approx(ends + 5_500 + land + 11_000)
    assert m.fare_yuan is not None and m.fare_yuan[1, 2] == 21.0


def test_island_without_ferry_is_named() -> None:
    with pytest.raises(InputError, match=r"Town hd \(hd\) is on island 'Xiyang'.*no ferry"):
        distance_matrix(_island_net(ferries=()))


positions = st.tuples(
    st.floats(119.7, 120.6, allow_nan=False), st.floats(26.4, 27.2, allow_nan=False)
)


@settings(max_examples=30, deadline=None)
@given(st.lists(positions, min_size=2, max_size=8), st.floats(1.0, 2.0))
def test_great_circle_matrix_properties(points: list[tuple[float, float]], circuity: float) -> None:
    nodes = [_county(*points[0])] + [_town(f"t{i}", *p) for i, p in enumerate(points[1:])]
    m = distance_matrix(Network(nodes), circuity=circuity)
    assert np.allclose(m.distance_m, m.distance_m.T)
    assert np.all(np.diag(m.distance_m) == 0) and np.all(m.distance_m >= 0)
    fastest_ms = max(LEG_SPEEDS_KMH.values()) / 3.6
    assert np.all(m.duration_s >= m.distance_m / fastest_ms - 1e-9)
    # triangle inequality holds for great-circle distances times a constant factor
    d = m.distance_m
    assert np.all(d[:, None, :] <= d[:, :, None] + d[None, :, :] + 1e-6)


@settings(max_examples=30, deadline=None)
@given(st.lists(st.tuples(positions, st.booleans()), min_size=2, max_size=8))
def test_ferry_matrix_properties(points: list[tuple[tuple[float, float], bool]]) -> None:
    """Legs that cross pay the fare once and take at least the crossing; others pay nothing."""
    nodes = [_county(*points[0][0])] + [
        _town(f"t{i}", *p, island="Xiyang" if on_island else None)
        for i, (p, on_island) in enumerate(points[1:])
    ]
    m = distance_matrix(Network(nodes, ferries=(FERRY,)))
    crossing = np.array([[(a.island is None) != (b.island is None) for b in nodes] for a in nodes])
    assert m.fare_yuan is not None or not crossing.any()
    fare = np.zeros_like(m.distance_m) if m.fare_yuan is None else m.fare_yuan
    assert np.array_equal(fare, np.where(crossing, 12.0, 0.0))
    assert np.all(m.duration_s[crossing] >= 40 * 60)
    assert np.all(m.distance_m[crossing] >= 5_500)
    assert np.allclose(m.duration_s, m.duration_s.T) and np.allclose(m.distance_m, m.distance_m.T)
