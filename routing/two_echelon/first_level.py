"""The first level exactly: depot -> satellites with split deliveries, for given satellite loads.

A satellite count is small (2-10 in the literature, a county's township hubs), so every truck
route is one of a few "route types": a subset of the loaded satellites visited in its shortest
order (Held-Karp). The split-delivery problem is then an integer program over how many trucks
run each type and how much freight each type leaves at each satellite (CP-SAT); trucks of one
type share its freight in any split, so the program is exact for the types it is given. Types
visit at most ``max_stops`` satellites (all of them when there are few).
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from ortools.sat.python import cp_model

from routing.two_echelon.problem import FloatArray, TruckRoute, path_length

#: Cost units per distance unit inside CP-SAT (costs are re-measured exactly afterwards).
_COST_SCALE = 1000
#: Load units per freight unit inside CP-SAT when loads are fractional.
_LOAD_SCALE = 100


@dataclass(frozen=True)
class FirstLevel:
    """The trucks' routes for given satellite loads and their total length."""

    routes: tuple[TruckRoute, ...]
    cost: float


def shortest_tours(
    distance: FloatArray, satellites: Sequence[int], *, max_stops: int
) -> dict[frozenset[int], tuple[tuple[int, ...], float]]:
    """The shortest depot -> subset -> depot tour of every subset of ``satellites`` with at
    most ``max_stops`` members (Held-Karp dynamic programme from the depot, node 0)."""
    sats = list(satellites)
    best: dict[tuple[frozenset[int], int], tuple[float, tuple[int, ...]]] = {
        (frozenset([s]), s): (float(distance[0, s]), (s,)) for s in sats
    }
    tours: dict[frozenset[int], tuple[tuple[int, ...], float]] = {}
    for size in range(1, min(max_stops, len(sats)) + 1):
        for subset in map(frozenset, itertools.combinations(sats, size)):
            if size > 1:
                for last in subset:
                    rest = subset - {last}
                    best[(subset, last)] = min(
                        (
                            best[(rest, k)][0] + float(distance[k, last]),
                            best[(rest, k)][1] + (last,),
                        )
                        for k in rest
                    )
            length, order = min(
                (best[(subset, last)][0] + float(distance[last, 0]), best[(subset, last)][1])
                for last in subset
            )
            tours[subset] = (order, length)
    return tours


def solve_first_level(
    distance: FloatArray,
    loads: Mapping[int, float],
    *,
    trucks: int,
    capacity: float,
    max_stops: int = 4,
    time_limit_s: float = 5.0,
) -> FirstLevel | None:
    """The cheapest truck routes delivering ``loads`` (satellite -> freight), or None when
    ``trucks`` trucks of ``capacity`` cannot carry them."""
    loaded = sorted(s for s, q in loads.items() if q > 0)
    if not loaded:
        return FirstLevel((), 0.0)
    unit = 1 if all(float(loads[s]).is_integer() for s in loaded) else _LOAD_SCALE
    need = {s: round(loads[s] * unit) for s in loaded}
    cap = math.floor(capacity * unit + 1e-9)
    if sum(need.values()) > trucks * cap:
        return None
    stops = len(loaded) if len(loaded) <= 6 else max_stops
    tours = shortest_tours(distance, loaded, max_stops=stops)
    model = cp_model.CpModel()
    count = {t: model.new_int_var(0, trucks, f"x{sorted(t)}") for t in tours}
    share = {
        (t, s): model.new_int_var(0, min(need[s], cap * trucks), f"y{sorted(t)},{s}")
        for t in tours
        for s in t
    }
    for t in tours:
        model.add(sum(share[t, s] for s in t) <= cap * count[t])
    for s in loaded:
        model.add(sum(share[t, s] for t in tours if s in t) == need[s])
    model.add(sum(count.values()) <= trucks)
    model.minimize(sum(round(tours[t][1] * _COST_SCALE) * count[t] for t in tours))
    solver = cp_model.CpSolver()
    solver.parameters.num_workers = 1
    solver.parameters.max_time_in_seconds = time_limit_s
    status = solver.solve(model)
    if status not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
        return None
    routes: list[TruckRoute] = []
    for t, order_length in tours.items():
        n = solver.value(count[t])
        if n:
            freight = {s: solver.value(share[t, s]) for s in t}
            routes += _split(order_length[0], freight, n, cap, unit)
    return FirstLevel(
        tuple(routes), sum(path_length(distance, (0, *r.satellites, 0)) for r in routes)
    )


def _split(
    order: tuple[int, ...], freight: dict[int, int], trucks: int, cap: int, unit: int
) -> list[TruckRoute]:
    """``trucks`` trucks sharing one route type's freight: each filled in tour order before
    the next starts, visiting only the satellites it leaves freight at."""
    routes: list[TruckRoute] = []
    left = [(s, freight[s]) for s in order if freight[s] > 0]
    for _ in range(trucks):
        room, stops, amounts = cap, [], []
        while left and room > 0:
            s, q = left[0]
            take = min(q, room)
            stops.append(s)
            amounts.append(take / unit)
            room -= take
            left[0] = (s, q - take)
            if left[0][1] == 0:
                left.pop(0)
        if stops:
            routes.append(TruckRoute(tuple(stops), tuple(amounts)))
    return routes
