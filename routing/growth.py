"""Cost per parcel year by year as parcels grow, by fleet steps on a solved plan.

Loads grow by ``growth_per_year`` compounded. Each route of the base plan is kept and, when its
busiest trip would no longer fit, repeated: a route whose peak load fills ``f`` of its vehicle
(the highest ratio over the capacity dimensions, load on board along each trip with pickups)
needs ``ceil(f x scale)`` copies in a year whose loads are ``scale`` times today's, each copy
costing what the route costs today. No re-solve: this is an upper bound of the cost (a re-solve
could merge partial loads), cheap and deterministic, and it shows the economies of scale of
filling today's routes before the next vehicle is needed.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal

import numpy as np

from network.errors import InputError
from routing.cost import route_cost_yuan
from routing.echelons import Solved
from routing.model import Route, RoutingProblem
from routing.parcel_cost import to_fen


@dataclass(frozen=True)
class YearCost:
    """One year of the path (year 0 = the solved plan)."""

    year: int
    parcels_per_day: float
    daily_cost_yuan: Decimal
    cost_per_parcel_yuan: Decimal
    vehicles: int


def peak_fill(problem: RoutingProblem, route: Route) -> float:
    """The highest share of capacity on board anywhere on the route (over dimensions)."""
    capacity = np.asarray(problem.fleet[route.vehicle_type].capacity, dtype=np.float64)
    peak = 0.0
    for trip in route.trips:
        stops = list(trip.stops)
        on_board = problem.delivery[stops].sum(axis=0)
        loads = [on_board.copy()]
        for s in stops:
            on_board = on_board + problem.pickup[s] - problem.delivery[s]
            loads.append(on_board.copy())
        ratio = np.max(np.array(loads) / np.where(capacity > 0, capacity, np.inf), axis=0)
        peak = max(peak, float(np.max(ratio)))
    return peak


def growth_path(
    parts: Sequence[Solved],
    *,
    period_days: int,
    parcels_per_day: float,
    growth_per_year: float,
    years: int,
) -> list[YearCost]:
    """Years 0..``years`` of the path (module docstring); ``parcels_per_day`` is today's."""
    if growth_per_year <= -1 or years < 0:
        raise InputError("growth_per_year must be > -1 and years >= 0", field="growth")
    routes = [
        (route_cost_yuan(p.problem, r), peak_fill(p.problem, r))
        for p in parts
        for r in p.plan.routes
        if r.stops
    ]
    path = []
    for year in range(years + 1):
        scale = (1.0 + growth_per_year) ** year
        copies = [max(1, math.ceil(fill * scale - 1e-9)) for _, fill in routes]
        cost = sum(c * k for (c, _), k in zip(routes, copies, strict=True)) / period_days
        parcels = parcels_per_day * scale
        path.append(
            YearCost(
                year=year,
                parcels_per_day=round(parcels, 1),
                daily_cost_yuan=to_fen(cost),
                cost_per_parcel_yuan=to_fen(cost / parcels) if parcels > 0 else Decimal(0),
                vehicles=math.ceil(sum(copies) / period_days),
            )
        )
    return path
