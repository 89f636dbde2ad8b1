"""Cost per parcel year by year as parcels grow, by fleet steps on a solved plan.

Loads grow by ``growth_per_year`` compounded; in a year whose loads are ``scale`` times today's,
each group of routes (one vehicle type from one depot of one sub-problem) keeps its trips and
adds trips when they no longer fit: a trip whose peak load fills ``f`` of its vehicle (highest
ratio over the capacity dimensions, load on board along the trip with pickups) needs ``f x scale``
trips' worth of capacity, the group ``ceil(sum f x scale)`` trips (never fewer than today's),
on ``ceil(trips / max_trips)`` vehicles (never fewer than today's). The group costs its fixed
cost per vehicle and its other costs (distance, hours, fares) per trip, at today's average per
trip. No re-solve and no check of the working day: cheap, deterministic, and it shows the
economies of scale of filling today's trips before the next trip or vehicle is needed.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal

import numpy as np

from network.errors import InputError
from network.money import to_fen
from network.texts import Message
from routing.cost import route_cost_yuan
from routing.echelons import Solved
from routing.model import Route, RoutingProblem, Trip


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


def _group_step(problem: RoutingProblem, routes: list[Route], scale: float) -> tuple[float, int]:
    """(cost, vehicles) of one vehicle type's routes from one depot at ``scale`` x the loads."""
    vt = problem.fleet[routes[0].vehicle_type]
    trips = [(route, trip) for route in routes for trip in route.trips]
    fill = sum(peak_fill(problem, route, trip) for route, trip in trips)
    drives = max(len(trips), math.ceil(fill * scale - 1e-9))
    vehicles = max(len(routes), math.ceil(drives / vt.max_trips))
    variable = sum(route_cost_yuan(problem, r) - vt.fixed_cost_yuan for r in routes)
    return vt.fixed_cost_yuan * vehicles + variable * drives / len(trips), vehicles


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
        raise InputError(Message("growth_per_year must be > -1 and years >= 0"), field="growth")
    groups: dict[tuple[int, int, int], tuple[RoutingProblem, list[Route]]] = {}
    for k, part in enumerate(parts):
        for r in part.plan.routes:
            if r.stops:
                groups.setdefault((k, r.depot, r.vehicle_type), (part.problem, []))[1].append(r)
    path = []
    for year in range(years + 1):
        scale = (1.0 + growth_per_year) ** year
        steps = [_group_step(problem, routes, scale) for problem, routes in groups.values()]
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
