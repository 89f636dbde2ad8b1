"""Driver breaks and several rounds per vehicle on the OR-Tools engine, every plan validated."""

from __future__ import annotations

import numpy as np

from routing import (
    Break,
    Plan,
    RoutingProblem,
    SolverSettings,
    UnservedReason,
    VehicleType,
    solve,
    validate_plan,
)

#: A tricycle hub at 0 and clients on a line (metres); 5 m/s; 60 s service.
X_M = np.array([0.0, 1000.0, 1500.0, -1000.0, -1500.0, 2000.0, -2000.0])


def hub(n_clients: int, vehicle: VehicleType, **options: object) -> RoutingProblem:
    x = X_M[: n_clients + 1]
    dist = np.abs(x[:, None] - x[None, :])
    return RoutingProblem.from_matrix(
        dist,
        dist / 5.0,
        delivery=[0] + [5] * n_clients,
        fleet=[vehicle],
        service_s=60.0,
        **options,  # type: ignore[arg-type]
    )


def ortools(problem: RoutingProblem) -> Plan:
    plan = solve(problem, SolverSettings(time_limit_s=5.0, seed=0, engine="ortools", work_limit=40))
    assert validate_plan(problem, plan) == []
    return plan


def test_two_full_rounds_with_the_reload_between() -> None:
    """Capacity 10, four clients of 5: each round is full; the second leaves after the
    first is back plus 20 min of reloading."""
    tricycle = VehicleType("tricycle", 1, (10.0,), max_trips=2, reload_min=20.0)
    plan = ortools(hub(4, tricycle))
    assert not plan.unserved
    (route,) = plan.routes
    assert len(route.trips) == 2
    for trip in route.trips:
        assert sum(5 for _ in trip.stops) == 10  # both rounds full
    first, second = route.trips
    assert second.start_s >= first.end_s + 20 * 60 - 1
    assert min(second.arrivals_s) > first.end_s


def test_a_third_round_is_refused_when_two_are_allowed() -> None:
    tricycle = VehicleType("tricycle", 1, (10.0,), max_trips=2, reload_min=20.0)
    plan = ortools(hub(6, tricycle))
    (route,) = plan.routes
    assert len(route.trips) == 2
    assert len(plan.unserved) == 2
    assert {u.reason for u in plan.unserved} == {UnservedReason.NO_VEHICLE}
    three = VehicleType("tricycle", 1, (10.0,), max_trips=3, reload_min=20.0)
    assert not ortools(hub(6, three)).unserved


def test_the_reload_counts_in_the_working_day() -> None:
    """A full round (1 -> 1.5 km -> back) takes 720 s, a one-client round 460 s; with a
    60-minute reload even two one-client rounds (4,520 s) exceed a 75-minute day, so the
    tricycle runs one round and two clients stay unserved."""
    tricycle = VehicleType(
        "tricycle", 1, (10.0,), max_trips=2, reload_min=60.0, max_duration_min=75.0
    )
    plan = ortools(hub(4, tricycle))
    assert len(plan.unserved) == 2
    relaxed = VehicleType("tricycle", 1, (10.0,), max_trips=2, reload_min=5.0)
    assert not ortools(hub(4, relaxed)).unserved


def test_the_break_lands_in_its_window_and_shifts_later_arrivals() -> None:
    """Shift from 08:00; a 30-minute break to start between 08:05 and 08:10, before the van
    could finish its round (~ 8 min of driving + 4 min of service after leaving at 08:00)."""
    van = VehicleType("van", 1, (100.0,), shift_start_min=480.0)
    without = ortools(hub(4, van, tw_early_s=0.0))
    brk = Break(485.0, 490.0, 30.0)
    with_break = ortools(
        hub(4, VehicleType("van", 1, (100.0,), shift_start_min=480.0, driver_break=brk))
    )
    (route,) = with_break.routes
    assert route.break_start_s is not None
    assert 485 * 60 <= route.break_start_s <= 490 * 60
    (plain,) = without.routes
    trip, plain_trip = route.trips[0], plain.trips[0]
    # the day is at least the break longer, and the stops after the break are served later
    assert trip.end_s - trip.start_s >= plain_trip.end_s - plain_trip.start_s + 30 * 60 - 1
    after = [a for a in trip.arrivals_s if a >= route.break_start_s]
    assert after and min(after) >= route.break_start_s + 30 * 60


def test_break_at_the_hub_between_two_rounds() -> None:
    """Rounds of ~1,000 s from 08:00; the break window opens after the first round."""
    x = np.array([0.0, 2500.0, -2500.0])
    dist = np.abs(x[:, None] - x[None, :])
    brk = Break(500.0, 505.0, 30.0)
    vt = VehicleType("tricycle", 1, (5.0,), max_trips=2, shift_start_min=480.0, driver_break=brk)
    problem = RoutingProblem.from_matrix(dist, dist / 5, delivery=[0, 5, 5], fleet=[vt])
    plan = ortools(problem)
    (route,) = plan.routes
    assert len(route.trips) == 2
    assert route.break_start_s is not None
    assert 500 * 60 <= route.break_start_s <= 505 * 60
    assert route.trips[1].start_s >= route.break_start_s + 30 * 60 - 1


def test_a_day_with_breaks_rounds_pickups_and_hourly_cost_serves_everyone() -> None:
    """80 clients with down and up parcels, tricycles paid by the hour with two rounds and a
    lunch break: every client is served within a 6 s limit."""
    rng = np.random.default_rng(3)
    n = 80
    xy = np.vstack([[5000.0, 5000.0], rng.uniform(0, 20_000, (n, 2))])
    dist = np.linalg.norm(xy[:, None] - xy[None, :], axis=2)
    tricycle = VehicleType(
        "tricycle",
        20,
        (60.0,),
        fixed_cost_yuan=50.0,
        cost_per_hour_yuan=30.0,
        shift_start_min=480.0,
        shift_end_min=1080.0,
        max_trips=2,
        reload_min=10.0,
        driver_break=Break(660.0, 780.0, 30.0),
    )
    problem = RoutingProblem.from_matrix(
        dist,
        dist / 8,
        delivery=np.r_[0, rng.integers(1, 10, n)],
        pickup=np.r_[0, rng.integers(0, 6, n)],
        fleet=[tricycle],
        service_s=120.0,
    )
    plan = solve(problem, SolverSettings(time_limit_s=6.0, seed=0, engine="ortools"))
    assert validate_plan(problem, plan) == []
    assert not plan.unserved
    assert all(r.break_start_s is not None for r in plan.routes)
