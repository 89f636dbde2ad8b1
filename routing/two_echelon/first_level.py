"""The first level: depot -> satellites with split deliveries, for given satellite loads.

A satellite count is small (2-10 in the literature, a county's township hubs), so every truck
route is one of a few "route types": a subset of the loaded satellites visited in its shortest
order (Held-Karp). The split-delivery problem is then an integer program over how many trucks
run each type and how much freight each type leaves at each satellite (CP-SAT); trucks of one
type share its freight in any split, so the program is exact for the types it is given. With up
to six loaded satellites every subset is a type; with more, the types visit at most
``max_stops`` satellites, plus those of a start without split remainders (:func:`unsplit_start`):
with all subsets of ten satellites CP-SAT needed minutes where the restricted program takes
a fraction of a second.
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
    max_stops: int = 2,
    time_limit_s: float = 5.0,
) -> FirstLevel | None:
    """The cheapest truck routes delivering ``loads`` (satellite -> freight) found within
    ``time_limit_s``, or None when ``trucks`` trucks of ``capacity`` cannot carry them. The
    search starts from :func:`unsplit_start` (CP-SAT proves it optimal or improves on it by
    splitting)."""
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
    start = unsplit_start(distance, need, cap=cap, trucks=trucks)
    for t in start or {}:
        tours.setdefault(t, shortest_tours(distance, sorted(t), max_stops=len(t))[t])
    chosen = _best_types(tours, need, cap=cap, trucks=trucks, start=start, limit_s=time_limit_s)
    if chosen is None:
        return None
    routes: list[TruckRoute] = []
    for t, (n, freight) in chosen.items():
        routes += _split(tours[t][0], freight, n, cap, unit)
    length = sum(path_length(distance, (0, *r.satellites, 0)) for r in routes)
    return FirstLevel(tuple(routes), length)


Types = dict[frozenset[int], tuple[int, dict[int, int]]]


def _best_types(
    tours: Mapping[frozenset[int], tuple[tuple[int, ...], float]],
    need: Mapping[int, int],
    *,
    cap: int,
    trucks: int,
    start: Types | None,
    limit_s: float,
) -> Types | None:
    """Route types with their truck counts and freight per satellite (the integer program of
    the module docstring), hinted with ``start``; ``start`` itself if CP-SAT finds nothing."""
    model = cp_model.CpModel()
    count = {t: model.new_int_var(0, trucks, f"x{sorted(t)}") for t in tours}
    share = {(t, s): model.new_int_var(0, need[s], f"y{sorted(t)},{s}") for t in tours for s in t}
    for t in tours:
        model.add(sum(share[t, s] for s in t) <= cap * count[t])
        for s in t:  # tightens the relaxation: a type brings a satellite at most a truckload each
            model.add(share[t, s] <= min(need[s], cap) * count[t])
    for s in need:
        model.add(sum(share[t, s] for t in tours if s in t) == need[s])
    model.add(sum(count.values()) <= trucks)
    model.minimize(sum(round(tours[t][1] * _COST_SCALE) * count[t] for t in tours))
    if start is not None:
        for t in tours:
            n, freight = start.get(t, (0, {}))
            model.add_hint(count[t], n)
            for s in t:
                model.add_hint(share[t, s], freight.get(s, 0))
    solver = cp_model.CpSolver()
    solver.parameters.num_workers = 1
    solver.parameters.max_time_in_seconds = limit_s
    if solver.solve(model) not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
        return start
    return {
        t: (solver.value(count[t]), {s: solver.value(share[t, s]) for s in t})
        for t in tours
        if solver.value(count[t])
    }


def unsplit_start(
    distance: FloatArray, need: Mapping[int, int], *, cap: int, trucks: int
) -> Types | None:
    """A first level without split residuals: full trucks straight to each satellite, then the
    cheapest partition of the remainders into truckloads (dynamic programme over subsets;
    fewest trucks instead when the cheapest needs too many). None if that does not fit."""
    full = {s: need[s] // cap for s in need}
    rest = {s: need[s] - full[s] * cap for s in need if need[s] % cap}
    left = trucks - sum(full.values())
    types: Types = {frozenset([s]): (n, {s: n * cap}) for s, n in full.items() if n}
    if rest:
        parts = _partition(distance, rest, cap, left)
        if parts is None:
            return None
        for part in parts:
            n, freight = types.get(part, (0, {}))
            types[part] = (n + 1, {s: freight.get(s, 0) + rest[s] for s in part})
    return types if left >= 0 else None


def _partition(
    distance: FloatArray, rest: Mapping[int, int], cap: int, routes: int
) -> list[frozenset[int]] | None:
    sats = sorted(rest)
    tours = shortest_tours(distance, sats, max_stops=len(sats))
    n = len(sats)
    members = [frozenset(sats[i] for i in range(n) if m >> i & 1) for m in range(1 << n)]
    ok = [sum(rest[s] for s in members[m]) <= cap for m in range(1 << n)]
    plans = []
    for key in ((1, 0), (0, 1)):  # by cost then count, else by count then cost
        best: dict[int, tuple[float, int, int]] = {0: (0.0, 0, 0)}
        for mask in range(1, 1 << n):
            low = mask & -mask
            options = []
            sub = mask
            while sub:
                if sub & low and ok[sub]:
                    cost, k, _ = best[mask ^ sub]
                    options.append((cost + tours[members[sub]][1], k + 1, sub))
                sub = (sub - 1) & mask
            best[mask] = min(options, key=lambda o: (o[key[0]], o[key[1]]))
        plans.append(best)
    for best in plans:
        mask, parts = (1 << n) - 1, []
        if best[mask][1] <= routes:
            while mask:
                parts.append(members[best[mask][2]])
                mask ^= best[mask][2]
            return parts
    return None


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
