"""``routing.solve`` arguments and ``diagnose_unserved`` (one case per reason)."""

from __future__ import annotations

import math
import time

import numpy as np
import pytest

from network.errors import InputError
from routing import (
    RoutingProblem,
    SolverSettings,
    UnservedReason,
    VehicleType,
    solve,
    validate_plan,
)
from routing.diagnose import diagnose_unserved, unservable_clients
from tests.routing.scattered import scattered_problem

#: Depot at 0; clients on a line at 1, 2, 3, 80, 4 and 5 km; 10 m/s.
X_M = np.array([0.0, 1000.0, 2000.0, 3000.0, 80_000.0, 4000.0, 5000.0])


def line(**options: object) -> RoutingProblem:
    dist = np.abs(X_M[:, None] - X_M[None, :])
    settings: dict[str, object] = {
        "delivery": [0, 5, 500, 5, 5, 5, 5],
        "fleet": [VehicleType("van", 1, (100.0,), max_distance_km=100.0)],
        "tw_late_s": [86_400, 86_400, 86_400, 86_400, 86_400, 10, 86_400],
        "penalty_yuan": [math.inf] * 6 + [0.5],
    }
    settings.update(options)
    return RoutingProblem.from_matrix(dist, dist / 10.0, **settings)  # type: ignore[arg-type]


def test_each_reason_on_a_client_alone() -> None:
    problem = line()
    reasons = {u.node: u.reason for u in diagnose_unserved(problem, problem.clients)}
    assert reasons == {
        1: UnservedReason.NO_VEHICLE,  # mandatory and feasible alone: the fleet ran out
        2: UnservedReason.CAPACITY,  # 500 parcels, capacity 100
        3: UnservedReason.NO_VEHICLE,
        4: UnservedReason.TOO_FAR,  # 160 km round trip, 100 km range
        5: UnservedReason.TIME_WINDOW,  # closes at 10 s, 400 s away
        6: UnservedReason.NOT_WORTH_IT,  # optional
    }
    assert [u.node for u in unservable_clients(problem)] == [2, 4, 5]


def test_capacity_counts_only_types_with_vehicles_and_pickups_count_too() -> None:
    fleet = [VehicleType("van", 1, (100.0,)), VehicleType("truck", 0, (1000.0,))]
    problem = line(fleet=fleet, pickup=[0, 0, 0, 150, 0, 0, 0])
    reasons = {u.node: u.reason for u in diagnose_unserved(problem, [2, 3])}
    assert reasons == {2: UnservedReason.CAPACITY, 3: UnservedReason.CAPACITY}


def test_duration_limit_and_unreachable_are_too_far() -> None:
    problem = line(fleet=[VehicleType("van", 1, (100.0,), max_duration_min=10.0)])
    # 3 km there and back at 10 m/s = 600 s: fits 10 min; 4 km = 800 s does not
    assert diagnose_unserved(problem, [3, 5])[1].reason == UnservedReason.TOO_FAR
    assert diagnose_unserved(problem, [3])[0].reason == UnservedReason.NO_VEHICLE
    dist = np.abs(X_M[:, None] - X_M[None, :])
    dist[0, 1] = math.inf
    cut = RoutingProblem.from_matrix(
        dist, delivery=[0, 5, 5, 5, 5, 5, 5], fleet=[VehicleType("v", 1, (9.0,))]
    )
    assert diagnose_unserved(cut, [1])[0].reason == UnservedReason.TOO_FAR


def test_shift_too_short_for_the_round_trip_is_a_time_window() -> None:
    problem = line(fleet=[VehicleType("van", 1, (100.0,), shift_start_min=0.0, shift_end_min=5.0)])
    # client 3: 600 s round trip > 300 s shift
    assert diagnose_unserved(problem, [1, 3])[1].reason == UnservedReason.TIME_WINDOW
    assert diagnose_unserved(problem, [1])[0].reason == UnservedReason.NO_VEHICLE


def test_solve_names_a_client_above_every_capacity() -> None:
    problem = line(fleet=[VehicleType("van", 3, (100.0,), max_distance_km=100.0)])
    plan = solve(problem, SolverSettings(time_limit_s=3.0, seed=0, engine="ortools", work_limit=30))
    assert validate_plan(problem, plan) == []
    assert {u.node: u.reason for u in plan.unserved}[2] == UnservedReason.CAPACITY
    assert {1, 3} <= plan.served


@pytest.mark.parametrize(
    ("options", "field"),
    [({"time_limit_s": 0.0}, "time_limit_s"), ({"engine": "gurobi"}, "engine")],
)
def test_bad_settings_are_input_errors(options: dict[str, object], field: str) -> None:
    kwargs: dict[str, object] = {"time_limit_s": 1.0, "seed": 0, "engine": "ortools"}
    kwargs.update(options)
    with pytest.raises(InputError, match=field):
        SolverSettings(**kwargs)  # type: ignore[arg-type]


def scattered(n: int, *, seed: int, **vehicle: object) -> RoutingProblem:
    """Hub in the middle of a 20 km square, ``n`` clients with down and up parcels, 8 m/s."""
    return scattered_problem(
        n, seed=seed, side_m=20_000.0, speed_m_s=8.0, base_capacity=40.0, service_s=120.0, **vehicle
    )


def test_work_limit_gives_the_same_plan_with_rounds_and_pickups() -> None:
    problem = scattered(20, seed=5, count=4, max_trips=2, reload_min=10.0)
    plans = [
        solve(problem, SolverSettings(time_limit_s=60.0, seed=3, engine="ortools", work_limit=25))
        for _ in range(2)
    ]
    assert validate_plan(problem, plans[0]) == []
    assert repr(plans[0].routes) == repr(plans[1].routes)
    assert plans[0] == plans[1]


def test_time_limit_within_ten_percent_on_150_clients() -> None:
    problem = scattered(150, seed=11)
    started = time.perf_counter()
    plan = solve(problem, SolverSettings(time_limit_s=3.0, seed=0, engine="ortools"))
    elapsed = time.perf_counter() - started
    assert elapsed <= 3.3, elapsed
    assert validate_plan(problem, plan) == []
    assert not plan.unserved


@pytest.mark.parametrize("engine", ["pyvrp", "ortools"])
def test_each_engine_gives_the_reasons_of_the_one_diagnosis(engine: str) -> None:
    fleet = [VehicleType("van", 3, (100.0,), cost_per_km_yuan=1.0, max_distance_km=100.0)]
    problem = line(fleet=fleet)
    plan = solve(problem, SolverSettings(time_limit_s=3.0, seed=0, engine=engine, work_limit=30))  # type: ignore[arg-type]
    assert plan.engine == engine
    assert {u.node: u.reason for u in plan.unserved} == {
        2: UnservedReason.CAPACITY,
        4: UnservedReason.TOO_FAR,
        5: UnservedReason.TIME_WINDOW,
        6: UnservedReason.NOT_WORTH_IT,  # 0.5 yuan of penalty against a 4 km detour
    }
    assert list(plan.unserved) == [*unservable_clients(problem), *diagnose_unserved(problem, [6])]
