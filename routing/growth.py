"""Cost per parcel year by year as parcels grow, by fleet steps on a solved plan.

Loads grow by ``growth_per_year`` compounded. Every trip of the base plan is kept; a trip whose
peak load fills ``f`` of its vehicle (the highest ratio over the capacity dimensions, load on
board along the trip with pickups) is driven ``ceil(f x scale)`` times in a year whose loads are
``scale`` times today's. A route's trips share its vehicles, ``max_trips`` each: the route costs
its fixed cost per vehicle needed, its distance and fare cost per trip driven, and its hourly
cost in proportion to the trips. No re-solve (and no check of the working day): cheap and
deterministic, an estimate that shows the economies of scale of filling today's trips before
the next trip or vehicle is needed; a re-solve could merge partial loads.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, replace
from decimal import Decimal

import numpy as np

from network.errors import InputError
from routing.cost import route_cost_yuan
from routing.echelons import Solved
from routing.model import Route, RoutingProblem, Trip, VehicleType
from routing.parcel_cost import to_fen


@dataclass(frozen=True)
class YearCost:
    """One year of the path (year 0 = the solved plan)."""

    year: int
    parcels_per_day: float
    daily_cost_yuan: Decimal
    cost_per_parcel_yuan: Decimal
    vehicles: int


def peak_fill(problem: RoutingProblem, route: Route, trip: Trip) -> float:
    """The highest share of capacity on board anywhere on the trip (over dimensions)."""
    capacity = np.asarray(problem.fleet[route.vehicle_type].capacity, dtype=np.float64)
    stops = list(trip.stops)
    on_board = problem.delivery[stops].sum(axis=0)
    loads = [on_board.copy()]
    for s in stops:
        on_board = on_board + problem.pickup[s] - problem.delivery[s]
        loads.append(on_board.copy())
    return float(np.max(np.array(loads) / np.where(capacity > 0, capacity, np.inf)))


def _route_step(problem: RoutingProblem, route: Route, scale: float) -> tuple[float, int]:
    """(cost, vehicles) of a route when its loads are ``scale`` times today's."""
    vt = problem.fleet[route.vehicle_type]
    drives = []
    variable = []
    for trip in route.trips:
        one = replace(route, trips=(trip,))
        drives.append(max(1, math.ceil(peak_fill(problem, route, trip) * scale - 1e-9)))
        variable.append(route_cost_yuan(problem, one) - vt.fixed_cost_yuan - _hourly(vt, one))
    vehicles = math.ceil(sum(drives) / vt.max_trips)
    hourly = _hourly(vt, route) * sum(drives) / len(route.trips)
    trips = sum(k * c for k, c in zip(drives, variable, strict=True))
    return vt.fixed_cost_yuan * vehicles + trips + hourly, vehicles


def _hourly(vt: VehicleType, route: Route) -> float:
    return vt.cost_per_hour_yuan * (route.trips[-1].end_s - route.trips[0].start_s) / 3600.0


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
    routes = [(p.problem, r) for p in parts for r in p.plan.routes if r.stops]
    path = []
    for year in range(years + 1):
        scale = (1.0 + growth_per_year) ** year
        steps = [_route_step(problem, route, scale) for problem, route in routes]
        cost = sum(c for c, _ in steps) / period_days
        parcels = parcels_per_day * scale
        path.append(
            YearCost(
                year=year,
                parcels_per_day=round(parcels, 1),
                daily_cost_yuan=to_fen(cost),
                cost_per_parcel_yuan=to_fen(cost / parcels) if parcels > 0 else Decimal(0),
                vehicles=math.ceil(sum(v for _, v in steps) / period_days),
            )
        )
    return path
