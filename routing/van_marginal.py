"""What a van saves by not calling at a village: its marginal cost in a solved day.

Two rules, for each village a feeder (or flat) route visits:

- ``detour``: the detour it costs (distance x cost per km, travel and service time x cost per
  hour, ferry fares) between the stops before and after it on its trip; when it is the route's
  only stop, the whole route (fixed cost included). This is the short-run saving of dropping
  one village; it misses what dropping a whole cluster at the end of a route saves.
- ``route_share`` (default): the long-run marginal cost once the fleet is resized: the route's
  cost per parcel x the village's parcels, and never less than its detour. The vans-only and
  vans + bus solves then measure what moving the chosen villages really saves.

Trunk legs
to the hubs are left out: a bus from the county DC saves a little trunk load too, which this
conservative figure does not count. A village visited on several routes sums them.
"""

from __future__ import annotations

from collections.abc import Sequence
from decimal import ROUND_HALF_UP, Decimal
from typing import Literal

from network.money import FEN
from routing.cost import route_cost_yuan
from routing.echelons import Solved
from routing.model import Route, RoutingProblem

MarginalRule = Literal["detour", "route_share"]


def van_marginal_cost_yuan(
    parts: Sequence[Solved], *, rule: MarginalRule = "route_share"
) -> dict[str, Decimal]:
    """Village id -> the vans' saving if they skipped it that day (yuan, fen, HALF_UP)."""
    saving: dict[str, float] = {}
    for part in parts:
        if part.echelon == "trunk":
            continue
        problem = part.problem
        for route in part.plan.routes:
            if not route.stops:
                continue
            savings = _route_savings(problem, route)
            if rule == "route_share":
                savings = _with_route_share(problem, route, savings)
            for node, yuan in savings:
                vid = problem.ids[node]
                saving[vid] = saving.get(vid, 0.0) + yuan
    return {vid: Decimal(repr(yuan)).quantize(FEN, ROUND_HALF_UP) for vid, yuan in saving.items()}


def _route_savings(problem: RoutingProblem, route: Route) -> list[tuple[int, float]]:
    if len(route.stops) == 1:
        return [(route.stops[0], route_cost_yuan(problem, route))]
    vt = problem.fleet[route.vehicle_type]
    result = []
    for trip in route.trips:
        path = (route.depot, *trip.stops, route.depot)
        for k in range(1, len(path) - 1):
            a, s, b = path[k - 1], path[k], path[k + 1]
            metres = problem.distance_m[a, s] + problem.distance_m[s, b] - problem.distance_m[a, b]
            seconds = (
                problem.duration_s[a, s] + problem.duration_s[s, b] - problem.duration_s[a, b]
            ) * vt.speed_factor + problem.service_s[s]
            fares = 0.0
            if problem.fare_yuan is not None:
                fares = float(
                    problem.fare_yuan[a, s] + problem.fare_yuan[s, b] - problem.fare_yuan[a, b]
                )
            yuan = (
                vt.cost_per_km_yuan * float(metres) / 1000.0
                + vt.cost_per_hour_yuan * float(seconds) / 3600.0
                + fares
            )
            result.append((s, max(yuan, 0.0)))
    return result


def _with_route_share(
    problem: RoutingProblem, route: Route, detours: list[tuple[int, float]]
) -> list[tuple[int, float]]:
    """Each stop's detour raised to its share of the route's cost by parcels (down + up)."""

    def parcels(node: int) -> float:
        return float(problem.delivery[node, 0] + problem.pickup[node, 0])

    total = sum(parcels(s) for s in route.stops)
    if total <= 0:
        return detours
    per_parcel = route_cost_yuan(problem, route) / total
    return [(s, max(yuan, per_parcel * parcels(s))) for s, yuan in detours]
