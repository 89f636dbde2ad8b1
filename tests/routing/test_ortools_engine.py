"""The OR-Tools engine through ``routing.solve(engine="ortools")``: every plan validated."""

from __future__ import annotations

import math
import time
from dataclasses import replace

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from routing import (
    Break,
    OrtoolsParams,
    RoutingProblem,
    SolverSettings,
    UnservedReason,
    VehicleType,
    solve,
    solve_ortools,
    validate_plan,
)
from tests.routing.scattered import scattered_problem


def scattered(n: int, *, seed: int = 1, **vehicle: object) -> RoutingProblem:
    """Depot in the middle of a 10 km square, ``n`` clients, 10 m/s, 5 min service."""
    return scattered_problem(
        n,
        seed=seed,
        side_m=10_000.0,
        speed_m_s=10.0,
        base_capacity=30.0,
        service_s=300.0,
        **vehicle,
    )


def ortools(problem: RoutingProblem, progress=None, **options: object):  # type: ignore[no-untyped-def]
    kwargs: dict[str, object] = {"time_limit_s": 5.0, "seed": 0, "work_limit": 40}
    kwargs.update(options)
    settings = SolverSettings(engine="ortools", **kwargs)  # type: ignore[arg-type]
    plan = solve(problem, settings, progress=progress)
    assert validate_plan(problem, plan) == []
    return plan


def test_pickup_and_delivery_order_keeps_the_load_within_capacity() -> None:
    """Line 0 - a (1 km) - b (2 km); a: 2 down 8 up, b: 8 down 2 up, capacity 10. Both orders
    drive 4 km, but a first carries 10-2+8 = 16: only b first (10-8+2 = 4, then 10) fits."""
    x = np.array([0.0, 1000.0, 2000.0])
    dist = np.abs(x[:, None] - x[None, :])
    problem = RoutingProblem.from_matrix(
        dist,
        delivery=[0, 2, 8],
        pickup=[0, 8, 2],
        fleet=[VehicleType("van", 1, (10.0,))],
    )
    plan = ortools(problem)
    assert [r.stops for r in plan.routes] == [(2, 1)]
    assert plan.cost_yuan == pytest.approx(4.0)


def test_two_depots_serve_their_own_clusters_and_types_keep_to_their_depots() -> None:
    x = np.array([0.0, 50_000.0, 1000.0, 2000.0, 49_000.0, 48_000.0])
    dist = np.abs(x[:, None] - x[None, :])
    fleet = [
        VehicleType("west van", 1, (10.0,), depots=("0",)),
        VehicleType("east van", 1, (10.0,), depots=("1",)),
        VehicleType("any van", 2, (10.0,), fixed_cost_yuan=1000.0),
    ]
    problem = RoutingProblem.from_matrix(
        dist, depots=(0, 1), delivery=[0, 0, 3, 3, 3, 3], fleet=fleet
    )
    plan = ortools(problem)
    depot_of = {s: r.depot for r in plan.routes for s in r.stops}
    assert depot_of == {2: 0, 3: 0, 4: 1, 5: 1}
    assert {r.vehicle_type for r in plan.routes} == {0, 1}


def test_shared_count_over_two_depots_is_respected() -> None:
    x = np.array([0.0, 50_000.0, 1000.0, 49_000.0])
    dist = np.abs(x[:, None] - x[None, :])
    problem = RoutingProblem.from_matrix(
        dist,
        dist / 20.0,
        depots=(0, 1),
        delivery=[0, 0, 3, 3],
        fleet=[VehicleType("van", 1, (10.0,))],
    )
    plan = ortools(problem)
    assert len(plan.routes) == 1
    assert len(plan.served) == 2  # one van drives both


def test_dropped_villages_are_listed_with_their_reasons() -> None:
    x = np.array([0.0, 1000.0, 2000.0, 3000.0, 80_000.0, 4000.0, 5000.0])
    dist = np.abs(x[:, None] - x[None, :])
    problem = RoutingProblem.from_matrix(
        dist,
        dist / 10.0,
        delivery=[0, 5, 500, 5, 5, 5, 5],
        fleet=[VehicleType("van", 1, (100.0,), max_distance_km=100.0)],
        tw_early_s=[0, 0, 0, 0, 0, 0, 0],
        tw_late_s=[86_400, 86_400, 86_400, 86_400, 86_400, 10, 86_400],
        penalty_yuan=[math.inf] * 6 + [0.5],
    )
    plan = ortools(problem)
    reasons = {u.node: u.reason for u in plan.unserved}
    assert reasons == {
        2: UnservedReason.CAPACITY,  # 500 parcels > 100 on every vehicle
        4: UnservedReason.TOO_FAR,  # 160 km there and back > 100 km range
        5: UnservedReason.TIME_WINDOW,  # closes 10 s after the van can leave, 400 s away
        6: UnservedReason.NOT_WORTH_IT,  # a 2 km detour for a 0.5 yuan penalty
    }
    assert plan.served == {1, 3}


def test_mandatory_villages_beyond_the_fleet_are_named() -> None:
    problem = scattered(6, count=1, capacity=(10.0,), max_trips=1)
    plan = ortools(problem)
    assert plan.unserved
    assert {u.reason for u in plan.unserved} == {UnservedReason.NO_VEHICLE}
    assert len(plan.served) + len(plan.unserved) == 6


def test_same_seed_and_work_limit_give_the_same_plan() -> None:
    problem = scattered(20)
    first = ortools(problem, seed=7, work_limit=40, time_limit_s=60.0)
    again = ortools(problem, seed=7, work_limit=40, time_limit_s=60.0)
    assert first == again
    assert repr(first.routes) == repr(again.routes)


def test_time_limit_is_honoured_within_ten_percent() -> None:
    problem = scattered(60)
    start = time.perf_counter()
    solve(problem, SolverSettings(engine="ortools", time_limit_s=2.0, seed=0))
    assert time.perf_counter() - start <= 2.2


def test_progress_reports_improving_costs() -> None:
    seen: list[float] = []
    plan = ortools(scattered(15), progress=seen.append, work_limit=30)
    assert seen and seen == sorted(seen, reverse=True)
    assert seen[-1] == pytest.approx(plan.objective, rel=1e-3)


def test_second_round_after_reload_at_the_hub() -> None:
    """One tricycle of 10 parcels, four clients of 5: two rounds, the second after the reload."""
    x = np.array([0.0, 1000.0, 1200.0, -1000.0, -1200.0])
    dist = np.abs(x[:, None] - x[None, :])
    vt = VehicleType("tricycle", 1, (10.0,), max_trips=2, reload_min=15.0)
    problem = RoutingProblem.from_matrix(dist, dist / 5, delivery=[0, 5, 5, 5, 5], fleet=[vt])
    plan = ortools(problem)
    assert not plan.unserved
    (route,) = plan.routes
    assert len(route.trips) == 2
    assert route.trips[1].start_s >= route.trips[0].end_s + 900
    assert sorted(map(sorted, (t.stops for t in route.trips))) == [[1, 2], [3, 4]]
    one_round = RoutingProblem.from_matrix(
        dist, dist / 5, delivery=[0, 5, 5, 5, 5], fleet=[VehicleType("tricycle", 1, (10.0,))]
    )
    assert len(ortools(one_round).unserved) == 2


def test_rounds_share_the_day_limit() -> None:
    """Each round takes 1,000 s; a 30-minute day fits one round only."""
    x = np.array([0.0, 2500.0, -2500.0])
    dist = np.abs(x[:, None] - x[None, :])
    vt = VehicleType("tricycle", 1, (5.0,), max_trips=2, max_duration_min=30.0)
    problem = RoutingProblem.from_matrix(dist, dist / 5, delivery=[0, 5, 5], fleet=[vt])
    plan = ortools(problem)
    assert len(plan.unserved) == 1
    longer = RoutingProblem.from_matrix(
        dist, dist / 5, delivery=[0, 5, 5], fleet=[VehicleType("tricycle", 1, (5.0,), max_trips=2)]
    )
    assert not ortools(longer).unserved


def test_driver_break_within_its_window_lengthens_the_day() -> None:
    problem = scattered(8, count=1, capacity=(100.0,), driver_break=Break(30.0, 45.0, 30.0))
    plan = ortools(problem)
    (route,) = plan.routes
    assert route.break_start_s is not None
    assert 30 * 60 <= route.break_start_s <= 45 * 60
    trip = route.trips[0]
    assert trip.end_s - trip.start_s >= 8 * 300 + 30 * 60  # service + break at least


def test_break_between_two_rounds_is_taken_at_the_hub() -> None:
    """Two rounds of ~1,000 s each; the break window opens when the first round is back."""
    x = np.array([0.0, 2500.0, -2500.0])
    dist = np.abs(x[:, None] - x[None, :])
    brk = Break(20.0, 25.0, 30.0)
    vt = VehicleType("tricycle", 1, (5.0,), max_trips=2, driver_break=brk)
    problem = RoutingProblem.from_matrix(dist, dist / 5, delivery=[0, 5, 5], fleet=[vt])
    plan = ortools(problem)
    (route,) = plan.routes
    assert len(route.trips) == 2 and route.break_start_s is not None
    assert route.trips[1].start_s >= route.break_start_s + 30 * 60 or (
        route.break_start_s + 30 * 60 <= route.trips[0].end_s
    )


def test_unknown_strategy_names_are_input_errors() -> None:
    from network.errors import InputError

    with pytest.raises(InputError, match="strategy"):
        solve_ortools(
            scattered(3),
            time_limit_s=1.0,
            seed=0,
            params=OrtoolsParams(first_solution_strategy="NOPE"),
        )


def test_a_neighbour_cap_still_serves_everyone() -> None:
    problem = scattered(12)
    plan = solve_ortools(
        problem, time_limit_s=2.0, seed=0, work_limit=40, params=OrtoolsParams(neighbours=4)
    )
    assert validate_plan(problem, plan) == []
    assert not plan.unserved


def test_search_parameters_ortools_rejects_are_input_errors() -> None:
    from network.errors import InputError

    with pytest.raises(InputError, match="guided_local_search_lambda"):
        solve_ortools(
            scattered(3),
            time_limit_s=1.0,
            seed=0,
            params=OrtoolsParams(guided_local_search_lambda=-1.0),
        )


@settings(max_examples=8, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    n=st.integers(1, 7),
    seed=st.integers(0, 1000),
    capacity=st.integers(5, 40),
    trips=st.integers(1, 2),
    optional=st.booleans(),
)
def test_every_client_once_in_any_plan(
    n: int, seed: int, capacity: int, trips: int, optional: bool
) -> None:
    problem = scattered(n, seed=seed, count=2, capacity=(float(capacity),), max_trips=trips)
    if optional:
        problem = RoutingProblem.from_matrix(
            problem.distance_m,
            problem.duration_s,
            delivery=problem.delivery,
            pickup=problem.pickup,
            fleet=problem.fleet,
            service_s=problem.service_s,
            penalty_yuan=np.r_[0.0, np.full(n, 5.0)],
        )
    plan = ortools(problem, work_limit=10)
    stops = [s for r in plan.routes for s in r.stops] + [u.node for u in plan.unserved]
    assert sorted(stops) == list(range(1, n + 1))


def test_first_solution_serves_everyone_with_rounds_and_pickups() -> None:
    """OR-Tools' first-solution heuristics drop every client when rounds must run in order;
    the engine starts from a relaxed model (rounds unordered, down + up within capacity)."""
    problem = scattered(25, count=6, max_trips=2)
    plan = ortools(problem, work_limit=1)
    assert not plan.unserved


def delivery_only(n: int, *, seed: int = 1, **vehicle: object) -> RoutingProblem:
    """``scattered`` without up parcels: OR-Tools' iterated local search starts from its own
    first solution (a problem with pickups needs the engine's relaxed start instead)."""
    problem = scattered(n, seed=seed, **vehicle)
    return replace(problem, pickup=np.zeros_like(problem.pickup))


ILS = OrtoolsParams(first_solution_strategy="PATH_CHEAPEST_ARC", iterated_local_search=True)


def test_iterated_local_search_is_valid_and_reproducible_under_a_work_limit() -> None:
    problem = delivery_only(40)
    plans = [
        solve_ortools(problem, time_limit_s=60.0, seed=3, work_limit=300, params=ILS)
        for _ in range(2)
    ]
    assert validate_plan(problem, plans[0]) == []
    assert not plans[0].unserved
    assert plans[0] == plans[1]
    assert repr(plans[0].routes) == repr(plans[1].routes)


def test_iterated_local_search_leaves_the_first_local_optimum() -> None:
    """Greedy descent stops at its first local optimum; the ruin-and-recreate steps go on
    from there (same start, same operators) and end cheaper."""
    problem = delivery_only(60, seed=4)
    descent = OrtoolsParams(
        first_solution_strategy="PATH_CHEAPEST_ARC", local_search_metaheuristic="GREEDY_DESCENT"
    )
    local = solve_ortools(problem, time_limit_s=30.0, seed=0, params=descent)
    iterated = solve_ortools(problem, time_limit_s=30.0, seed=0, work_limit=3000, params=ILS)
    assert validate_plan(problem, iterated) == []
    assert iterated.objective < local.objective


def test_iterated_local_search_keeps_time_windows_and_drops_with_reasons() -> None:
    problem = delivery_only(30, seed=5, count=3)
    problem = replace(
        problem,
        tw_late_s=np.r_[problem.tw_late_s[0], np.where(np.arange(30) % 3 == 0, 3_600.0, 86_400.0)],
        penalty_yuan=np.r_[0.0, np.full(30, 40.0)],
    )
    plan = solve_ortools(problem, time_limit_s=30.0, seed=0, work_limit=500, params=ILS)
    assert validate_plan(problem, plan) == []
    stops = [s for r in plan.routes for s in r.stops] + [u.node for u in plan.unserved]
    assert sorted(stops) == list(range(1, 31))
    assert all(u.reason is not None for u in plan.unserved)


def test_iterated_local_search_honours_the_time_limit() -> None:
    problem = delivery_only(80)
    start = time.perf_counter()
    plan = solve_ortools(problem, time_limit_s=2.0, seed=0, params=ILS)
    assert time.perf_counter() - start <= 2.2
    assert validate_plan(problem, plan) == []


def test_iterated_local_search_with_pickups_runs_the_metaheuristic_from_its_start() -> None:
    problem = scattered(20, count=4, max_trips=2)
    plan = solve_ortools(problem, time_limit_s=30.0, seed=0, work_limit=50, params=ILS)
    assert validate_plan(problem, plan) == []
    assert not plan.unserved


@pytest.mark.parametrize("field", ["ruin_visits", "ruin_sequence"])
def test_ruin_sizes_below_one_are_input_errors(field: str) -> None:
    from network.errors import InputError

    with pytest.raises(InputError, match="ruin_visits"):
        solve_ortools(delivery_only(3), time_limit_s=1.0, seed=0, params=replace(ILS, **{field: 0}))


def test_fallback_parameters_run_only_where_the_iterated_search_cannot(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The fallback runs on a problem with pickups (the engine's own start), the ILS on a
    delivery-only one (OR-Tools' own start)."""
    from routing import ortools_engine

    fallback = OrtoolsParams(local_search_metaheuristic="TABU_SEARCH")
    params = replace(ILS, fallback=fallback)
    used: list[OrtoolsParams] = []
    real = ortools_engine._search_parameters

    def recording(p: OrtoolsParams, *args: object) -> object:
        used.append(p)
        return real(p, *args)  # type: ignore[arg-type]

    monkeypatch.setattr(ortools_engine, "_search_parameters", recording)
    plan = solve_ortools(delivery_only(8), time_limit_s=5.0, seed=0, work_limit=50, params=params)
    assert not plan.unserved
    assert used and all(p is params for p in used)
    used.clear()
    solve_ortools(scattered(8), time_limit_s=5.0, seed=0, work_limit=50, params=params)
    assert used and all(p is fallback for p in used)


def test_bad_parameters_fail_when_made() -> None:
    from network.errors import InputError

    with pytest.raises(InputError, match="strategy"):
        replace(ILS, fallback=OrtoolsParams(first_solution_strategy="NOPE"))


def test_schedules_hold_in_the_problems_own_fractional_times() -> None:
    """Travel times of 0.1 s steps and windows closing when the van can just make them: the
    engine's whole-second schedule must hold in the real times, checked with no tolerance."""
    base = scattered(30, seed=6, count=4, capacity=(60.0,))
    duration = np.floor(base.duration_s * 10.0) / 10.0 + 0.45
    np.fill_diagonal(duration, 0.0)
    late = np.r_[86_400.0, duration[0, 1:] + 0.3]  # open only just long enough to go direct
    problem = replace(
        base,
        duration_s=duration,
        pickup=np.zeros_like(base.pickup),
        service_s=np.zeros_like(base.service_s),
        tw_late_s=late,
        penalty_yuan=np.r_[0.0, np.full(30, 100.0)],
    )
    plan = solve_ortools(problem, time_limit_s=30.0, seed=0, work_limit=200, params=OrtoolsParams())
    assert validate_plan(problem, plan, tolerance_s=1e-6) == []
