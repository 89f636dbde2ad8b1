"""What a route costs, recomputed from the problem's matrices (the one rule every engine uses).

cost = fixed cost of the vehicle (if it leaves the depot)
     + cost per km x distance driven
     + cost per hour x hours from first departure to last return
     + fares on the arcs driven (ferries).
"""

from __future__ import annotations

import time
from collections.abc import Iterable, Sequence
from dataclasses import replace
from itertools import pairwise

from routing.model import Plan, Route, RoutingProblem, Unserved


def arcs(route: Route) -> Iterable[tuple[int, int]]:
    """Every arc the route drives: depot -> stops -> depot, for each trip."""
    for trip in route.trips:
        path = (route.depot, *trip.stops, route.depot)
        yield from pairwise(path)


def route_distance_m(problem: RoutingProblem, route: Route) -> float:
    """Metres driven over all trips."""
    return float(sum(problem.distance_m[a, b] for a, b in arcs(route)))


def route_cost_yuan(problem: RoutingProblem, route: Route) -> float:
    """The route's cost by the rule in the module docstring (0 for a route with no stops)."""
    if not route.stops:
        return 0.0
    vt = problem.fleet[route.vehicle_type]
    hours = (route.trips[-1].end_s - route.trips[0].start_s) / 3600.0
    fares = 0.0
    if problem.fare_yuan is not None:
        fares = float(sum(problem.fare_yuan[a, b] for a, b in arcs(route)))
    return (
        vt.fixed_cost_yuan
        + vt.cost_per_km_yuan * route_distance_m(problem, route) / 1000.0
        + vt.cost_per_hour_yuan * hours
        + fares
    )


def plan_cost_yuan(problem: RoutingProblem, plan: Plan) -> float:
    """Sum of the route costs."""
    return sum(route_cost_yuan(problem, r) for r in plan.routes)


def penalty_yuan(problem: RoutingProblem, plan: Plan) -> float:
    """Sum of the penalties of unserved clients (``inf`` if a mandatory one is unserved)."""
    return float(sum(problem.penalty_yuan[u.node] for u in plan.unserved))


def costed_plan(
    problem: RoutingProblem,
    routes: Sequence[Route],
    unserved: Sequence[Unserved],
    *,
    engine: str,
    started: float,
) -> Plan:
    """An engine's plan with its cost recomputed by the shared rule; ``started`` is the
    ``time.perf_counter()`` at the start of the solve."""
    ordered = tuple(sorted(unserved, key=lambda u: u.node))
    draft = Plan(tuple(routes), ordered, cost_yuan=0.0, objective=0.0, engine=engine)
    cost = plan_cost_yuan(problem, draft)
    return replace(
        draft,
        cost_yuan=cost,
        objective=cost + penalty_yuan(problem, draft),
        seconds=time.perf_counter() - started,
    )
