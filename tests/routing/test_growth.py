"""Year-on-year path by fleet steps: fill with pickups, economies of scale, the next vehicle."""

from __future__ import annotations

from dataclasses import replace
from decimal import Decimal

import numpy as np
import pytest

from network import InputError
from routing import Plan, Route, RoutingProblem, Trip, VehicleType, route_cost_yuan
from routing.echelons import Solved
from routing.growth import growth_path, peak_fill

VAN = VehicleType("van", 2, (100.0,), fixed_cost_yuan=200.0, cost_per_km_yuan=1.0)


def _solved(down: list[float], up: list[float]) -> Solved:
    dist = np.full((3, 3), 10_000.0)
    np.fill_diagonal(dist, 0.0)
    problem = RoutingProblem.from_matrix(
        dist, delivery=down, pickup=up, fleet=[VAN], dimensions=("parcels",)
    )
    route = Route(0, 0, 0, (Trip((1, 2), (0.0, 1.0), 0.0, 2.0),))
    cost = route_cost_yuan(problem, route)
    return Solved("feeder", "hub", 0, problem, Plan((route,), (), cost, cost, "hand"))


def test_peak_fill_counts_pickups_on_board() -> None:
    part = _solved([0, 30, 20], [0, 60, 0])
    # leaves with 50, after the first stop 50 - 30 + 60 = 80, then 60
    route = part.plan.routes[0]
    assert peak_fill(part.problem, route, route.trips[0]) == pytest.approx(0.8)


def test_cost_per_parcel_falls_until_the_next_vehicle_is_needed() -> None:
    part = _solved([0, 30, 20], [0, 0, 0])  # half full today, route costs 230 yuan
    path = growth_path([part], period_days=1, parcels_per_day=50.0, growth_per_year=0.15, years=5)
    assert [y.year for y in path] == [0, 1, 2, 3, 4, 5]
    per_parcel = [y.cost_per_parcel_yuan for y in path]
    assert per_parcel[:5] == sorted(per_parcel[:5], reverse=True)
    assert len(set(per_parcel[:5])) == 5
    assert [y.daily_cost_yuan for y in path] == [Decimal("230.00")] * 5 + [Decimal("460.00")]
    assert path[0].cost_per_parcel_yuan == Decimal("4.60")
    assert path[5].vehicles == 2


def test_bad_growth_is_an_input_error() -> None:
    with pytest.raises(InputError):
        growth_path([], period_days=1, parcels_per_day=1.0, growth_per_year=-1.0, years=3)


def test_a_second_round_costs_its_distance_not_another_vehicle() -> None:
    part = _solved([0, 30, 20], [0, 0, 0])
    two_rounds = replace(part.problem.fleet[0], max_trips=2)
    problem = replace(part.problem, fleet=(two_rounds,))
    solved = replace(part, problem=problem)
    path = growth_path([solved], period_days=1, parcels_per_day=50.0, growth_per_year=1.5, years=1)
    # 2.5 x half full: 2 rounds of 30 km (60 yuan) on one vehicle (200 yuan)
    assert path[1].daily_cost_yuan == Decimal("260.00")
    assert path[1].vehicles == 1


def test_routes_of_one_type_and_depot_share_their_extra_rounds() -> None:
    part = _solved([0, 45, 45], [0, 0, 0])
    two_rounds = replace(part.problem.fleet[0], max_trips=2)
    problem = replace(part.problem, fleet=(two_rounds,))
    first = Route(0, 0, 0, (Trip((1,), (0.0,), 0.0, 1.0),))
    second = Route(0, 1, 0, (Trip((2,), (0.0,), 0.0, 1.0),))
    cost = 2 * 200.0 + 2 * 20.0
    plan = Plan((first, second), (), cost, cost, "hand")
    solved = Solved("feeder", "hub", 0, problem, plan)
    path = growth_path([solved], period_days=1, parcels_per_day=90.0, growth_per_year=0.15, years=1)
    # 0.45 + 0.45 full x 1.15 = 1.04 trips' worth: still two trips; at 2.5x 2.25 -> 3 trips
    assert path[1].daily_cost_yuan == Decimal("440.00")
    later = growth_path([solved], period_days=1, parcels_per_day=90.0, growth_per_year=1.5, years=1)
    assert later[1].daily_cost_yuan == Decimal("460.00")  # third round, no third vehicle
    assert later[1].vehicles == 2
