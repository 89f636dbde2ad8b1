"""The validator catches each kind of broken rule on hand-made plans."""

from __future__ import annotations

from dataclasses import replace

import numpy as np
import pytest

from routing import (
    Break,
    Plan,
    PlanInvalidError,
    Route,
    RoutingProblem,
    Trip,
    Unserved,
    UnservedReason,
    VehicleType,
    ViolationKind,
    check_plan,
    plan_cost_yuan,
    validate_plan,
)

#: Depots at x = 0 and x = 10 km; clients at 1, 2, 3 km; 10 m/s; 60 s service.
X_M = np.array([0.0, 10_000.0, 1000.0, 2000.0, 3000.0])


def line_problem(**vehicle: object) -> RoutingProblem:
    dist = np.abs(X_M[:, None] - X_M[None, :])
    options: dict[str, object] = {"capacity": (13.0,), "count": 1, "depots": ("0",)}
    options.update(vehicle)
    return RoutingProblem.from_matrix(
        dist,
        dist / 10.0,
        depots=(0, 1),
        delivery=[0, 0, 2, 8, 3],
        pickup=[0, 0, 8, 2, 0],
        fleet=[VehicleType("van", **options)],  # type: ignore[arg-type]
        service_s=[0, 0, 60, 60, 60],
        tw_late_s=[86_400, 86_400, 86_400, 86_400, 2000],
    )


def priced(
    problem: RoutingProblem, routes: tuple[Route, ...], unserved: tuple[Unserved, ...] = ()
) -> Plan:
    draft = Plan(routes, unserved, cost_yuan=0.0, objective=0.0, engine="hand")
    cost = plan_cost_yuan(problem, draft)
    return replace(draft, cost_yuan=cost, objective=cost)


def good_route() -> Route:
    """Leave at 0; 3 (2 km) at 200; 2 (1 km back) at 360; 4 at 620; home at 980."""
    trip = Trip(stops=(3, 2, 4), arrivals_s=(200.0, 360.0, 620.0), start_s=0.0, end_s=980.0)
    return Route(vehicle_type=0, vehicle=0, depot=0, trips=(trip,))


def kinds(problem: RoutingProblem, plan: Plan) -> set[ViolationKind]:
    return {v.kind for v in validate_plan(problem, plan)}


def test_hand_made_plan_is_valid() -> None:
    problem = line_problem()
    plan = priced(problem, (good_route(),))
    assert validate_plan(problem, plan) == []
    assert check_plan(problem, plan) is plan


def test_served_twice_and_missing_clients_are_visit_violations() -> None:
    problem = line_problem()
    twice = good_route().trips[0]
    twice = replace(twice, stops=(3, 2, 2), arrivals_s=(200.0, 360.0, 420.0))
    assert ViolationKind.VISIT in kinds(
        problem, priced(problem, (replace(good_route(), trips=(twice,)),))
    )
    short = replace(twice, stops=(3, 2), arrivals_s=(200.0, 360.0), end_s=520.0)
    missing = priced(problem, (replace(good_route(), trips=(short,)),))
    assert ViolationKind.VISIT in kinds(problem, missing)
    listed = priced(
        problem, (replace(good_route(), trips=(short,)),), (Unserved(4, UnservedReason.TOO_FAR),)
    )
    assert ViolationKind.VISIT not in kinds(problem, listed)


def test_pickups_overload_the_van_in_the_wrong_order() -> None:
    """Start load 13 (all down parcels); 3 first: 13-8+2 = 7, then 2: 7-2+8 = 13, then 4: 10,
    so capacity 13 holds in this order; 2 first overloads (13-2+8 = 19); 12 fails at the depot."""
    problem = line_problem()
    assert validate_plan(problem, priced(problem, (good_route(),))) == []
    wrong = Trip(stops=(2, 3, 4), arrivals_s=(100.0, 260.0, 420.0), start_s=0.0, end_s=780.0)
    plan = priced(problem, (replace(good_route(), trips=(wrong,)),))
    assert kinds(problem, plan) == {ViolationKind.CAPACITY}
    assert kinds(line_problem(capacity=(12.0,)), priced(problem, (good_route(),))) == {
        ViolationKind.CAPACITY
    }


def test_too_fast_and_too_late_are_time_window_violations() -> None:
    problem = line_problem()
    fast = replace(good_route().trips[0], arrivals_s=(150.0, 360.0, 620.0))
    assert kinds(problem, priced(problem, (replace(good_route(), trips=(fast,)),))) == {
        ViolationKind.TIME_WINDOW
    }
    late = replace(good_route().trips[0], arrivals_s=(200.0, 360.0, 2100.0), end_s=2460.0)
    assert ViolationKind.TIME_WINDOW in kinds(
        problem, priced(problem, (replace(good_route(), trips=(late,)),))
    )
    shift = line_problem(shift_end_min=10.0)
    assert kinds(shift, priced(shift, (good_route(),))) == {ViolationKind.TIME_WINDOW}


def test_duration_distance_depot_fleet_and_cost() -> None:
    problem = line_problem(max_duration_min=10.0)
    assert kinds(problem, priced(problem, (good_route(),))) == {ViolationKind.DURATION}
    problem = line_problem(max_distance_km=5.0)
    assert kinds(problem, priced(problem, (good_route(),))) == {ViolationKind.DISTANCE}
    problem = line_problem()
    elsewhere = replace(good_route(), depot=1, trips=())
    assert ViolationKind.DEPOT in kinds(problem, priced(problem, (good_route(), elsewhere)))
    assert ViolationKind.FLEET in kinds(
        problem, priced(problem, (good_route(), replace(elsewhere, depot=0, vehicle=1)))
    )
    plan = priced(problem, (good_route(),))
    assert kinds(problem, replace(plan, cost_yuan=plan.cost_yuan + 0.01)) == {ViolationKind.COST}
    with pytest.raises(PlanInvalidError, match="cost"):
        check_plan(problem, replace(plan, cost_yuan=plan.cost_yuan + 0.01))


def test_break_outside_its_window_or_during_service_or_without_room() -> None:
    problem = line_problem(driver_break=Break(5.0, 10.0, 2.0))
    route = good_route()
    assert kinds(problem, priced(problem, (route,))) == {ViolationKind.BREAK}  # none taken
    # 360..480 overlaps the service at 2; the leg 2 -> 4 (420..620, 200 s travel) has no room.
    assert kinds(problem, priced(problem, (replace(route, break_start_s=360.0),))) == {
        ViolationKind.BREAK
    }
    roomy = replace(route.trips[0], arrivals_s=(200.0, 360.0, 740.0), end_s=1100.0)
    ok = replace(route, trips=(roomy,), break_start_s=420.0)
    assert validate_plan(problem, priced(problem, (ok,))) == []
    assert kinds(problem, priced(problem, (replace(ok, break_start_s=700.0),))) == {
        ViolationKind.BREAK
    }
    assert kinds(problem, priced(problem, (replace(ok, break_start_s=100.0),))) == {
        ViolationKind.BREAK
    }
