"""Service points as routing stops: parcels gathered at points, costs spread back to villages."""

from __future__ import annotations

from dataclasses import replace
from decimal import Decimal
from types import MappingProxyType

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from network import InputError, Network
from routing import spread_costs, stops_from_service_points, stops_from_villages
from routing.parcel_cost import Attribution, VillageCost
from tests.routing.small_county import small_county

NET, _ = small_county()
VILLAGES = [v.id for v in NET.villages]  # a1..a4 in t1, b1, b2 in t2


def _totals(net: Network) -> tuple[float, float]:
    return (
        sum(n.parcels_down_per_day for n in net),
        sum(n.parcels_up_per_day for n in net),
    )


def test_a_village_point_carries_its_villages_and_the_rest_stay_stops() -> None:
    gathered = stops_from_service_points(NET, {"a1": ("a1", "a2", "t1"), "b1": ("b1",)})
    net = gathered.network
    assert [v.id for v in net.villages] == ["a1", "a3", "a4", "b1", "b2"]
    a1 = net["a1"]
    assert (a1.parcels_down_per_day, a1.parcels_up_per_day) == (40 + 30, 10 + 5)
    for vid in ("a3", "a4", "b1", "b2"):  # uncovered or alone: unchanged
        assert net[vid] == NET[vid]
    assert net["t1"] == NET["t1"]  # a covered seat keeps its own parcels
    assert gathered.carries == {
        "a1": ("a1", "a2"),
        "a3": ("a3",),
        "a4": ("a4",),
        "b1": ("b1",),
        "b2": ("b2",),
    }
    assert gathered.at_hubs == {}
    assert _totals(net) == _totals(NET)


def test_a_township_point_keeps_its_villages_parcels_at_the_hub() -> None:
    gathered = stops_from_service_points(NET, {"t2": ("t2", "b1", "b2")})
    net = gathered.network
    assert "b1" not in net and "b2" not in net and net.children("t2") == ()
    assert (net["t2"].parcels_down_per_day, net["t2"].parcels_up_per_day) == (50 + 12, 20 + 3)
    assert gathered.at_hubs == {"t2": ("b1", "b2")}
    assert set(gathered.carries) == {"a1", "a2", "a3", "a4"}
    assert _totals(net) == _totals(NET)


def test_a_point_is_poor_when_a_village_it_serves_is_and_sums_their_supply() -> None:
    nodes = [replace(n, supply_kg_per_day={"tea": 5.0}) if n.id in ("a1", "a3") else n for n in NET]
    net = NET.replace_nodes(nodes)
    point = stops_from_service_points(net, {"a3": ("a3", "a1", "a4")}).network["a3"]
    assert point.poor  # a1 is registered poor
    assert dict(point.supply_kg_per_day) == {"tea": 10.0}


@settings(max_examples=60, deadline=None)
@given(
    st.lists(st.sampled_from(["t1", "t2", *VILLAGES]), min_size=1, max_size=4, unique=True),
    st.lists(st.integers(0, 3), min_size=len(VILLAGES), max_size=len(VILLAGES)),
)
def test_parcels_are_conserved_and_every_village_is_a_stop_or_gathered_once(
    points: list[str], owner: list[int]
) -> None:
    covers: dict[str, list[str]] = {p: [p] for p in points}
    for vid, k in zip(VILLAGES, owner, strict=True):
        if vid not in covers and k < len(points):
            covers[points[k]].append(vid)
    gathered = stops_from_service_points(NET, covers)
    net = gathered.network
    assert _totals(net) == _totals(NET)  # whole parcels: exact
    stops = {v.id for v in net.villages}
    covered = {v for p, vs in covers.items() for v in vs if p != v}
    assert stops == ({p for p in points if p in VILLAGES} | (set(VILLAGES) - covered))
    assert set(gathered.carries) == stops
    groups = [*gathered.carries.values(), *gathered.at_hubs.values()]
    assert sorted(v for g in groups for v in g) == sorted(VILLAGES)
    for stop, members in gathered.carries.items():
        assert net[stop].parcels_down_per_day == sum(NET[v].parcels_down_per_day for v in members)


@pytest.mark.parametrize(
    ("covers", "message"),
    [
        ({"a1": ("a1", "zz9")}, "'zz9', which is not in the network"),
        ({"nowhere": ("a1",)}, "service point 'nowhere' is not in the network"),
        ({"c": ("a1",)}, "'c' is the county DC"),
        ({"a1": ("a2",), "t1": ("a2",)}, "'a2' is covered by both 'a1' and 't1'"),
        ({"a1": ("a2",), "a2": ("a3",)}, "'a1' covers 'a2', which is a point itself"),
    ],
)
def test_bad_covers_are_refused_naming_the_id(
    covers: dict[str, tuple[str, ...]], message: str
) -> None:
    with pytest.raises(InputError, match=message):
        stops_from_service_points(NET, covers)


def test_a_points_cost_and_parcels_are_spread_by_the_villages_parcels() -> None:
    gathered = stops_from_service_points(NET, {"a1": ("a1", "a2", "a4")})
    # a1 stands for a1 (40 down, 10 up), a2 (30, 5), a4 (6, 0): 91 parcels a day
    per_stop = Attribution(
        period_days=2,
        routes=(),
        villages=MappingProxyType(
            {
                "a1": VillageCost("a1", "t1", Decimal("91.01"), 152.0, 30.0),
                "b1": VillageCost("b1", "t2", Decimal("7.00"), 100.0, 40.0),
            }
        ),
        hubs_unallocated=MappingProxyType({}),
    )
    spread = spread_costs(per_stop, gathered)
    assert list(spread.villages) == ["a1", "a2", "a4", "b1"]
    assert sum(v.cost_yuan for v in spread.villages.values()) == Decimal("98.01")
    assert [spread.villages[v].cost_yuan for v in ("a1", "a2", "a4")] == [
        Decimal("50.01"),
        Decimal("35.00"),
        Decimal("6.00"),
    ]
    assert spread.villages["b1"] == per_stop.villages["b1"]
    a2 = spread.villages["a2"]
    assert (a2.parcels_down, a2.parcels_up, a2.township_id) == (pytest.approx(60.0), 10.0, "t1")
    assert spread.villages["a4"].parcels_up == 0.0
    assert spread.parcels == pytest.approx(per_stop.parcels)
    assert spread.routes == per_stop.routes and spread.period_days == 2


def test_without_points_nothing_changes() -> None:
    gathered = stops_from_service_points(NET, {})
    assert gathered.network.nodes == NET.nodes
    assert gathered.carries == {v: (v,) for v in VILLAGES}
    assert gathered.at_hubs == {}


def test_village_stops_are_the_network_itself_and_say_so() -> None:
    stops = stops_from_villages(NET)
    assert stops.network is NET and stops.original is NET
    assert stops.carries == {v: (v,) for v in VILLAGES}
    assert stops.at_hubs == {} and not stops.from_points
    assert stops_from_service_points(NET, {}).from_points  # points asked for, none chosen
