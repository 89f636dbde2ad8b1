"""Check a plan against its problem without trusting the solver that made it.

Times: a trip leaves its depot at ``start_s``; ``arrivals_s`` are the times service starts at
each stop (after any waiting); it is back at ``end_s``. Travel takes ``duration_s x speed
factor``; depots have no service time. A driver's break may fall inside a leg (the leg then has
room for the travel and the break), between two trips (room for the reload and the break), or
outside the working day, but never during a service. Times are checked to ``TOLERANCE_S`` by
default (schedules in whole seconds); ``validate_plan(..., tolerance_s=...)`` sets another.
"""

from __future__ import annotations

import itertools
import math
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from enum import StrEnum

import numpy as np

from routing.cost import penalty_yuan, plan_cost_yuan, route_distance_m
from routing.model import Plan, Route, RoutingProblem, Trip

TOLERANCE_S = 1.0
#: A rule broken on a route, before it is numbered.
Found = tuple["ViolationKind", str]
#: Relative tolerance of the cost check (floating-point sums in another order).
COST_RTOL = 1e-9


class ViolationKind(StrEnum):
    VISIT = "visit"  # a client served twice, missing, both served and unserved, a depot as stop
    DEPOT = "depot"  # a vehicle type at a depot it may not start at
    FLEET = "fleet"  # more vehicles or trips than the type has
    CAPACITY = "capacity"  # load above capacity somewhere on a trip
    TIME_WINDOW = "time_window"  # outside opening hours or the shift, or travel too fast
    DURATION = "duration"  # working day longer than allowed
    DISTANCE = "distance"  # driven further than the range
    BREAK = "break"  # break missing, outside its window, or overlapping work
    COST = "cost"  # the plan's cost differs from the one recomputed from the matrices


@dataclass(frozen=True)
class Violation:
    """One broken rule: which kind, on which route (index in ``plan.routes``, or None) and at
    which node (problem index, or None when the rule is about a whole route or the plan)."""

    kind: ViolationKind
    message: str
    route: int | None = None
    node: int | None = None


class PlanInvalidError(ValueError):
    """Raised by :func:`check_plan` with every violation found."""

    def __init__(self, violations: list[Violation]) -> None:
        super().__init__("; ".join(v.message for v in violations))
        self.violations = violations


def validate_plan(
    problem: RoutingProblem, plan: Plan, *, tolerance_s: float = TOLERANCE_S
) -> list[Violation]:
    """Every violation of ``plan`` against ``problem`` (empty if the plan is valid), times
    checked to ``tolerance_s`` (a benchmark in its own time units checks them strictly)."""
    found = list(_visits(problem, plan))
    found += _fleet(problem, plan)
    for r, route in enumerate(plan.routes):
        if not 0 <= route.vehicle_type < len(problem.fleet):
            found.append(Violation(ViolationKind.FLEET, f"unknown vehicle type on route {r}", r))
            continue
        found += [
            Violation(kind, f"route {r}: {msg}", r)
            for kind, msg in _route(problem, route, tolerance_s)
        ]
    found += _cost(problem, plan)
    return found


def check_plan(problem: RoutingProblem, plan: Plan) -> Plan:
    """``plan`` if it is valid, else raise :class:`PlanInvalidError`."""
    violations = validate_plan(problem, plan)
    if violations:
        raise PlanInvalidError(violations)
    return plan


def _visits(problem: RoutingProblem, plan: Plan) -> Iterator[Violation]:
    served = Counter(s for route in plan.routes for s in route.stops)
    unserved = Counter(u.node for u in plan.unserved)
    for node in sorted(set(served) | set(unserved)):
        where = f"node {node}"
        if not 0 <= node < problem.n or problem.is_depot(node):
            yield Violation(ViolationKind.VISIT, f"{where} is not a client", node=node)
        elif served[node] > 1:
            yield Violation(
                ViolationKind.VISIT, f"{where} ({problem.ids[node]}) served twice", node=node
            )
        elif served[node] and unserved[node]:
            yield Violation(ViolationKind.VISIT, f"{where} both served and unserved", node=node)
        elif unserved[node] > 1:
            yield Violation(ViolationKind.VISIT, f"{where} listed unserved twice", node=node)
    for c in problem.clients:
        if not served[c] and not unserved[c]:
            yield Violation(
                ViolationKind.VISIT, f"client {problem.ids[c]} neither served nor unserved", node=c
            )


def _fleet(problem: RoutingProblem, plan: Plan) -> list[Violation]:
    found = []
    used = Counter(r.vehicle_type for r in plan.routes)
    for k, count in used.items():
        if 0 <= k < len(problem.fleet) and count > problem.fleet[k].count:
            name = problem.fleet[k].name
            found.append(
                Violation(
                    ViolationKind.FLEET, f"{count} {name!r} used, {problem.fleet[k].count} exist"
                )
            )
    pairs = Counter((r.vehicle_type, r.vehicle) for r in plan.routes)
    found += [
        Violation(ViolationKind.FLEET, f"vehicle {pair} has two routes")
        for pair, n in pairs.items()
        if n > 1
    ]
    return found


def _route(problem: RoutingProblem, route: Route, tol: float) -> Iterator[Found]:
    vt = problem.fleet[route.vehicle_type]
    if route.depot not in problem.depots_of(route.vehicle_type):
        yield ViolationKind.DEPOT, f"{vt.name!r} may not start at {problem.ids[route.depot]}"
    if len(route.trips) > vt.max_trips:
        yield ViolationKind.FLEET, f"{len(route.trips)} trips, {vt.max_trips} allowed"
    for trip in route.trips:
        yield from _loads(problem, route, trip)
        yield from _times(problem, route, trip, tol)
    if not route.trips:
        return
    for prev, nxt in zip(route.trips, route.trips[1:], strict=False):
        if nxt.start_s + tol < prev.end_s + vt.reload_min * 60:
            yield ViolationKind.TIME_WINDOW, "a trip leaves before the reload after the last"
    day_s = route.trips[-1].end_s - route.trips[0].start_s
    if day_s > vt.max_duration_min * 60 + tol:
        yield ViolationKind.DURATION, f"working day {day_s / 60:.1f} min > {vt.max_duration_min}"
    metres = route_distance_m(problem, route)
    if metres > vt.max_distance_km * 1000 * (1 + 1e-9):
        yield ViolationKind.DISTANCE, f"{metres / 1000:.2f} km > {vt.max_distance_km} km"
    yield from _break(problem, route, tol)


def _loads(problem: RoutingProblem, route: Route, trip: Trip) -> Iterator[Found]:
    """Load on board: the trip's down total at the depot, then ``+ pickup - delivery``."""
    capacity = np.asarray(problem.fleet[route.vehicle_type].capacity, dtype=np.float64)
    stops = list(trip.stops)
    load = problem.delivery[stops].sum(axis=0)
    profile = [load.copy()]
    for stop in stops:
        load = load + problem.pickup[stop] - problem.delivery[stop]
        profile.append(load.copy())
    for position, on_board in enumerate(profile):
        over = on_board > capacity * (1 + 1e-9) + 1e-9
        if np.any(over):
            dim = problem.dimensions[int(np.argmax(over))]
            yield (
                ViolationKind.CAPACITY,
                f"{dim} load {on_board.max():g} above capacity at position {position}",
            )


def _legs(problem: RoutingProblem, route: Route, trip: Trip) -> list[tuple[float, float, float]]:
    """(leave, arrive, travel seconds) of every leg of the trip, back to the depot included."""
    speed = problem.fleet[route.vehicle_type].speed_factor
    path = (route.depot, *trip.stops, route.depot)
    times = (*trip.arrivals_s, trip.end_s)
    legs = []
    leave = trip.start_s
    for (a, b), arrive in zip(itertools.pairwise(path), times, strict=True):
        legs.append((leave, arrive, float(problem.duration_s[a, b]) * speed))
        leave = arrive + (0.0 if problem.is_depot(b) else float(problem.service_s[b]))
    return legs


def _times(problem: RoutingProblem, route: Route, trip: Trip, tol: float) -> Iterator[Found]:
    vt = problem.fleet[route.vehicle_type]
    if len(trip.arrivals_s) != len(trip.stops):
        yield ViolationKind.TIME_WINDOW, "arrival times do not match the stops"
        return
    depot = route.depot
    early = max(vt.shift_start_min * 60, problem.tw_early_s[depot])
    late = min(vt.shift_end_min * 60, problem.tw_late_s[depot])
    if trip.start_s + tol < early or trip.end_s > late + tol:
        yield ViolationKind.TIME_WINDOW, "trip outside the shift or the depot's hours"
    for leave, arrive, travel in _legs(problem, route, trip):
        if not math.isfinite(travel) or arrive + tol < leave + travel:
            yield ViolationKind.TIME_WINDOW, f"arrives at {arrive:.0f} s, too soon after leaving"
    for stop, arrive in zip(trip.stops, trip.arrivals_s, strict=True):
        if not problem.tw_early_s[stop] - tol <= arrive <= problem.tw_late_s[stop] + tol:
            yield ViolationKind.TIME_WINDOW, f"{problem.ids[stop]} served outside its hours"


def _break(problem: RoutingProblem, route: Route, tol: float) -> Iterator[Found]:
    brk = problem.fleet[route.vehicle_type].driver_break
    if brk is None:
        return
    first, last = route.trips[0].start_s, route.trips[-1].end_s
    start = route.break_start_s
    if start is None:
        if first <= brk.latest_start_min * 60 < last:
            yield ViolationKind.BREAK, "no break in a day that spans the break window"
        return
    if not brk.earliest_start_min * 60 - tol <= start <= brk.latest_start_min * 60 + tol:
        yield ViolationKind.BREAK, f"break at {start:.0f} s outside its window"
    end = start + brk.duration_min * 60
    vt = problem.fleet[route.vehicle_type]
    for trip in route.trips:
        for stop, arrive in zip(trip.stops, trip.arrivals_s, strict=True):
            if _overlap(start, end, arrive, arrive + float(problem.service_s[stop])) > tol:
                yield ViolationKind.BREAK, f"break overlaps the service at {problem.ids[stop]}"
        for leave, arrive, travel in _legs(problem, route, trip):
            if arrive - leave + tol < travel + _overlap(start, end, leave, arrive):
                yield ViolationKind.BREAK, "no room for the break and the travel on a leg"
    for prev, nxt in zip(route.trips, route.trips[1:], strict=False):
        room = nxt.start_s - prev.end_s
        if room + tol < vt.reload_min * 60 + _overlap(start, end, prev.end_s, nxt.start_s):
            yield ViolationKind.BREAK, "no room for the break and the reload between trips"
    if (
        _overlap(start, end, first, last)
        and not any(
            _overlap(start, end, leave, arrive) >= brk.duration_min * 60 - tol
            for trip in route.trips
            for leave, arrive, _ in _legs(problem, route, trip)
        )
        and not any(
            _overlap(start, end, prev.end_s, nxt.start_s) >= brk.duration_min * 60 - tol
            for prev, nxt in zip(route.trips, route.trips[1:], strict=False)
        )
    ):
        yield ViolationKind.BREAK, "break split over several legs or services"


def _overlap(a0: float, a1: float, b0: float, b1: float) -> float:
    return max(0.0, min(a1, b1) - max(a0, b0))


def _cost(problem: RoutingProblem, plan: Plan) -> list[Violation]:
    cost = plan_cost_yuan(problem, plan)
    found = []
    if not math.isclose(cost, plan.cost_yuan, rel_tol=COST_RTOL, abs_tol=1e-6):
        found.append(
            Violation(ViolationKind.COST, f"cost {plan.cost_yuan} but the matrices give {cost}")
        )
    objective = cost + penalty_yuan(problem, plan)
    if not (
        objective == plan.objective
        or math.isclose(objective, plan.objective, rel_tol=1e-9, abs_tol=1e-6)
    ):
        found.append(
            Violation(ViolationKind.COST, f"objective {plan.objective} but recomputed {objective}")
        )
    return found
