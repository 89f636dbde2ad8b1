"""PyVRP engine on small hand problems: every plan is checked by the independent validator."""

from __future__ import annotations

import math

import numpy as np
import pytest

from routing.model import RoutingProblem, UnservedReason, VehicleType
from routing.pyvrp_engine import (
    PyvrpUnsupportedError,
    check_pyvrp_supports,
    solve_pyvrp,
)
from routing.validate import validate_plan

FAST = {"time_limit_s": 5.0, "seed": 3, "work_limit": 300}


def _line(xs: list[float]) -> np.ndarray:
    """Distance matrix (metres) of points on a line."""
    pts = np.asarray(xs, dtype=float)
    return np.abs(pts[:, None] - pts[None, :])


def _van(**changes: object) -> VehicleType:
    fields: dict[str, object] = {"name": "van", "count": 2, "capacity": (10.0,)}
    fields.update(changes)
    return VehicleType(**fields)  # type: ignore[arg-type]


def test_pickup_and_delivery_load_never_exceeds_capacity() -> None:
    # Depot at 0; A at 1 km takes 8 down, B at 2 km sends 8 up. One van of 10 can do
    # depot -> A -> B -> depot (load 8, 0, 8) but not B before A (load 8 + 8 = 16).
    problem = RoutingProblem.from_matrix(
        _line([0, 1000, 2000]),
        delivery=[0, 8, 0],
        pickup=[0, 0, 8],
        fleet=[_van(count=1)],
        dimensions=("parcels",),
    )
    plan = solve_pyvrp(problem, **FAST)  # type: ignore[arg-type]
    assert validate_plan(problem, plan) == []
    (route,) = plan.routes
    assert route.stops == (1, 2)
    assert plan.cost_yuan == pytest.approx(4.0)  # 4 km at 1 yuan/km


def test_multi_depot_serves_each_client_from_its_nearest_depot() -> None:
    # Depots at 0 and 10 km; clients at 1, 2 km and 8, 9 km; one van per depot.
    fleet = [_van(name="west", count=1, depots=("0",)), _van(name="east", count=1, depots=("1",))]
    problem = RoutingProblem.from_matrix(
        _line([0, 10000, 1000, 2000, 8000, 9000]),
        depots=(0, 1),
        delivery=[0, 0, 1, 1, 1, 1],
        fleet=fleet,
        dimensions=("parcels",),
    )
    plan = solve_pyvrp(problem, **FAST)  # type: ignore[arg-type]
    assert validate_plan(problem, plan) == []
    by_depot = {route.depot: set(route.stops) for route in plan.routes}
    assert by_depot == {0: {2, 3}, 1: {4, 5}}
    assert plan.cost_yuan == pytest.approx(8.0)


def test_optional_client_not_worth_its_penalty_is_dropped_with_the_reason() -> None:
    problem = RoutingProblem.from_matrix(
        _line([0, 1000, 20000]),
        delivery=[0, 1, 1],
        fleet=[_van(count=1)],
        penalty_yuan=[math.inf, math.inf, 5.0],  # the far one costs 38 km more
        dimensions=("parcels",),
    )
    plan = solve_pyvrp(problem, **FAST)  # type: ignore[arg-type]
    assert validate_plan(problem, plan) == []
    assert [(u.node, u.reason) for u in plan.unserved] == [(2, UnservedReason.NOT_WORTH_IT)]
    assert plan.objective == pytest.approx(plan.cost_yuan + 5.0)


def test_client_above_every_capacity_is_named() -> None:
    problem = RoutingProblem.from_matrix(
        _line([0, 1000, 2000]),
        delivery=[0, 1, 50],
        fleet=[_van()],
        dimensions=("parcels",),
    )
    plan = solve_pyvrp(problem, **FAST)  # type: ignore[arg-type]
    assert [(u.node, u.reason) for u in plan.unserved] == [(2, UnservedReason.CAPACITY)]
    assert plan.served == {1}


def test_time_windows_order_the_visits() -> None:
    # B (far) opens first, A (near) only later: the van goes to B first.
    problem = RoutingProblem.from_matrix(
        _line([0, 1000, 2000]),
        delivery=[0, 1, 1],
        fleet=[_van(count=1)],
        tw_early_s=[0, 3000, 0],
        tw_late_s=[math.inf, 4000, 2500],
        dimensions=("parcels",),
    )
    plan = solve_pyvrp(problem, **FAST)  # type: ignore[arg-type]
    assert validate_plan(problem, plan) == []
    assert plan.routes[0].stops == (2, 1)


def test_second_trip_reloads_at_the_depot() -> None:
    # One tricycle of 2 parcels, 4 clients of 1 parcel: two trips.
    problem = RoutingProblem.from_matrix(
        _line([0, 1000, 1100, 1200, 1300]),
        delivery=[0, 1, 1, 1, 1],
        fleet=[_van(name="tricycle", count=1, capacity=(2.0,), max_trips=2)],
        dimensions=("parcels",),
    )
    plan = solve_pyvrp(problem, **FAST)  # type: ignore[arg-type]
    assert validate_plan(problem, plan) == []
    (route,) = plan.routes
    assert len(route.trips) == 2
    assert sorted(route.stops) == [1, 2, 3, 4]


def test_same_seed_and_work_limit_give_the_same_plan() -> None:
    rng = np.random.default_rng(7)
    xy = rng.uniform(0, 10000, size=(25, 2))
    matrix = np.rint(np.hypot(*(xy[:, None, :] - xy[None, :, :]).transpose(2, 0, 1)))
    problem = RoutingProblem.from_matrix(
        matrix,
        delivery=[0, *rng.integers(1, 5, size=24)],
        fleet=[_van(count=8)],
        dimensions=("parcels",),
    )
    first = solve_pyvrp(problem, time_limit_s=30, seed=5, work_limit=200)
    second = solve_pyvrp(problem, time_limit_s=30, seed=5, work_limit=200)
    assert first == second
    assert validate_plan(problem, first) == []


def test_breaks_are_left_to_ortools() -> None:
    from routing.model import Break

    problem = RoutingProblem.from_matrix(
        _line([0, 1000]),
        delivery=[0, 1],
        fleet=[_van(driver_break=Break(600, 900, 30))],
        dimensions=("parcels",),
    )
    with pytest.raises(PyvrpUnsupportedError, match=r"not supported by pyvrp: .*break"):
        check_pyvrp_supports(problem)


def test_schedules_hold_in_the_problems_own_fractional_times() -> None:
    """Euclidean travel times (not whole units) and windows closing just after a direct
    trip: PyVRP's integer schedule must hold in the real times, checked with no tolerance."""
    rng = np.random.default_rng(8)
    xy = rng.uniform(0.0, 100.0, (31, 2))
    dist = np.linalg.norm(xy[:, None] - xy[None, :], axis=2)
    late = np.r_[10_000.0, dist[0, 1:] + 0.3]
    problem = RoutingProblem.from_matrix(
        dist,
        dist,
        delivery=np.r_[0, rng.integers(1, 5, 30)],
        fleet=[VehicleType("van", 8, (20.0,), max_duration_min=4.0)],
        service_s=np.r_[0.0, rng.uniform(1.0, 3.0, 30)],
        tw_late_s=late,
        penalty_yuan=np.r_[0.0, np.full(30, 1000.0)],
    )
    plan = solve_pyvrp(problem, time_limit_s=10.0, seed=0, work_limit=300)
    assert plan.routes
    assert validate_plan(problem, plan, tolerance_s=1e-6) == []
