"""Cost attribution: hand-worked split, exact adding-up, trunk shares, per-parcel rows."""

from __future__ import annotations

from decimal import Decimal

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from network.money import to_fen
from routing import Plan, Route, RoutingProblem, Trip, VehicleType, route_cost_yuan
from routing.echelons import Solved
from routing.parcel_cost import (
    attribute_costs,
    daily_cost_by,
    parcel_cost_rows,
    split_by_weights,
    split_route_cost,
)
from tests.routing.small_county import small_county

VAN = VehicleType("van", 3, (800.0,), fixed_cost_yuan=100.0, cost_per_km_yuan=2.0)


def _problem(
    ids: tuple[str, ...], dist: list[list[float]], down: list[float], up: list[float]
) -> RoutingProblem:
    return RoutingProblem.from_matrix(
        np.array(dist), ids=ids, delivery=down, pickup=up, fleet=[VAN], dimensions=("parcels",)
    )


def _route(stops: tuple[int, ...], *, depot: int = 0) -> Route:
    arrivals = tuple(float(k) for k in range(len(stops)))
    return Route(0, 0, depot, (Trip(stops, arrivals, 0.0, 3600.0),))


def _plan(problem: RoutingProblem, routes: list[Route]) -> Plan:
    cost = sum(route_cost_yuan(problem, r) for r in routes)
    return Plan(tuple(routes), (), cost, cost, "hand")


FEEDER = _problem(
    ("t1", "a1", "a2"),
    [[0, 1000, 3000], [1000, 0, 2500], [3000, 2500, 0]],
    [0, 30, 10],
    [0, 10, 0],
)


def test_hand_worked_split() -> None:
    # 6.5 km x 2 + 100 = 113 yuan; weights 0.5*40/50 + 0.5*1/4 = 0.525 and 0.475
    # -> 59.325 / 53.675: the odd fen goes to the earlier stop
    shares = split_route_cost(FEEDER, _route((1, 2)))
    assert shares == {1: Decimal("59.33"), 2: Decimal("53.67")}


@settings(max_examples=200, deadline=None)
@given(
    st.decimals(min_value=0, max_value=100000, places=2),
    st.lists(st.floats(0.0, 1000.0), min_size=1, max_size=30),
)
def test_split_adds_up_exactly_and_stays_within_a_fen(total: Decimal, weights: list[float]) -> None:
    parts = split_by_weights(total, weights)
    assert sum(parts, Decimal(0)) == total
    wsum = sum(weights) or len(weights)
    for part, w in zip(parts, weights or [1.0], strict=True):
        exact = total * Decimal(repr(w if sum(weights) else 1.0)) / Decimal(repr(wsum))
        assert abs(part - exact) < Decimal("0.01")


def test_villages_and_trunk_shares_add_up_to_the_route_costs() -> None:
    net, _ = small_county()
    feeder = Solved("feeder", "t1", 0, FEEDER, _plan(FEEDER, [_route((1, 2))]))
    trunk_problem = _problem(("c", "t1"), [[0, 5000], [5000, 0]], [0, 40], [0, 10])
    trunk = Solved("trunk", "county", 0, trunk_problem, _plan(trunk_problem, [_route((1,))]))
    attr = attribute_costs(net, [trunk, feeder], period_days=1)
    # trunk: 100 + 10 km x 2 = 120, split 40:10 parcels over a1 and a2
    assert attr.villages["a1"].cost_yuan == Decimal("59.33") + Decimal("96.00")
    assert attr.villages["a2"].cost_yuan == Decimal("53.67") + Decimal("24.00")
    assert attr.total_cost_yuan == Decimal("233.00")
    assert sum(v.cost_yuan for v in attr.villages.values()) == attr.total_cost_yuan
    assert attr.villages["a1"].cost_per_parcel_yuan == to_fen(Decimal("155.33") / 40)
    assert daily_cost_by(attr, "township") == {"t1": Decimal("233.00")}


def test_trunk_share_of_a_hub_without_served_villages_stays_with_the_hub() -> None:
    net, _ = small_county()
    trunk_problem = _problem(("c", "t2"), [[0, 5000], [5000, 0]], [0, 40], [0, 10])
    trunk = Solved("trunk", "county", 0, trunk_problem, _plan(trunk_problem, [_route((1,))]))
    attr = attribute_costs(net, [trunk], period_days=1)
    assert attr.hubs_unallocated == {"t2": Decimal("120.00")}


def test_period_costs_are_per_day_and_rows_split_by_carrier() -> None:
    net, _ = small_county()
    day0 = Solved("feeder", "t1", 0, FEEDER, _plan(FEEDER, [_route((1, 2))]))
    day1 = Solved("feeder", "t1", 1, FEEDER, _plan(FEEDER, [_route((2, 1))]))
    attr = attribute_costs(net, [day0, day1], period_days=2)
    assert attr.daily_cost_yuan == to_fen(attr.total_cost_yuan / 2)
    by_carrier = daily_cost_by(attr, "carrier", {"post": 0.4, "express": 0.6})
    assert sum(by_carrier.values()) == attr.daily_cost_yuan
    rows = parcel_cost_rows(net, attr, {"post": 0.4, "express": 0.6})
    assert len(rows) == 4
    assert set(rows[0]) == {
        "village_id",
        "township_id",
        "carrier",
        "parcels_down_per_day",
        "parcels_up_per_day",
        "cost_per_parcel_down_yuan",
        "cost_per_parcel_up_yuan",
    }
    post_a1 = next(r for r in rows if r["village_id"] == "a1" and r["carrier"] == "post")
    assert post_a1["parcels_down_per_day"] == 16.0  # 40 down/day x 0.4
    assert Decimal(post_a1["cost_per_parcel_up_yuan"]) == attr.villages["a1"].cost_per_parcel_yuan
