"""Two echelons (county DC -> township hubs -> villages) and the flat model, solved as
independent sub-problems.

Two-echelon: one trunk problem (the county DC's vans carry each hub's total for the day, down
and up; hubs are open all day since the trunk runs before the feeder rounds) and one feeder
problem per hub (the hub's own vehicles serve the villages of its township). The sub-problems
are independent, so they are solved in ``workers`` processes (1 = in this process) and joined.

Flat: one problem with the county DC and every hub as depots and all villages at once (each
hub's feeder vehicles, the county DC's trunk vehicles, any of them serving any village), plus
the trunk that brings the hubs' share of it (the villages served from each hub) to the hubs,
so both models move every parcel from the county DC to the villages. Villages on islands keep
their hub's feeder in the flat model too (a ferry crossing pools with no mainland stop).

Hub limits (:mod:`routing.hub_limits`) hold in the flat model as in the two-echelon one: see
:func:`solve_flat`.

Ferries: the trunk has one problem for the mainland hubs and one per island; a sub-problem with
ferry fares gets single-trip vehicles (see :func:`ferry_ready`).

Fleet sizes: a vehicle type's ``count`` is per depot; 0 means "as many as the depot's loads
need on full trips, plus one trip per client for packing slack, plus one" (fixed costs keep the
solver from using more than it must).
"""

from __future__ import annotations

import math
import time
from collections.abc import Callable, Mapping, Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field, replace
from typing import Literal

from network.distances import DistanceMatrix
from network.errors import InputError
from network.model import Network
from network.texts import Message
from routing.build import (
    PARCEL_SIZE,
    Loads,
    Opening,
    ParcelSize,
    Penalties,
    ServiceTime,
    problem_from_network,
)
from routing.hub_limits import (
    HubLimits,
    capped,
    check_limits,
    exceeded,
    hub_use,
    largest_only,
)
from routing.model import Plan, RoutingProblem, VehicleType
from routing.settings import SolverError, SolverSettings
from routing.solve import solve

Echelon = Literal["trunk", "feeder", "flat"]


@dataclass(frozen=True)
class Fleets:
    """Vehicle types per echelon; ``count`` per depot (0 = sized from the loads)."""

    trunk: tuple[VehicleType, ...]
    feeder: tuple[VehicleType, ...]


@dataclass(frozen=True)
class ProblemSettings:
    """How problems are built from the network (see :mod:`routing.build`)."""

    parcel: ParcelSize = PARCEL_SIZE
    service: ServiceTime = field(default_factory=ServiceTime)
    hub_service: ServiceTime = field(
        default_factory=lambda: ServiceTime(fixed_min=10.0, per_parcel_min=0.01)
    )
    opening: Opening = field(default_factory=Opening)
    penalty: Penalties = field(default_factory=Penalties)
    mandatory: frozenset[str] | None = None


@dataclass(frozen=True)
class Solved:
    """One solved sub-problem: which echelon, its depot (hub id, or "county"), the day."""

    echelon: Echelon
    name: str
    day: int
    problem: RoutingProblem
    plan: Plan


@dataclass(frozen=True)
class ModelResult:
    """All sub-problems of one model for one day, and the wall time to solve them."""

    parts: tuple[Solved, ...]
    seconds: float

    @property
    def cost_yuan(self) -> float:
        return sum(p.plan.cost_yuan for p in self.parts)


def sized(
    types: Sequence[VehicleType],
    depots: Sequence[str],
    loads: Loads,
    parcel: ParcelSize = PARCEL_SIZE,
) -> list[VehicleType]:
    """Vehicle types placed at ``depots`` with their counts (module docstring)."""
    down = sum(d for d, _ in loads.values())
    up = sum(u for _, u in loads.values())
    out = []
    for vt in types:
        trips = max(
            down / max(parcel.per_trip(vt, "down"), 1e-9), up / max(parcel.per_trip(vt, "up"), 1e-9)
        )
        need = math.ceil((trips + len(loads)) / vt.max_trips) + 1
        count = (vt.count or need) * len(depots)
        if count > 0:
            out.append(replace(vt, count=count, depots=tuple(depots)))
    return out


def largest_drop(types: Sequence[VehicleType], parcel: ParcelSize) -> float:
    """Parcels the largest vehicle carries (by parcels, kg and m3): bigger clients are split."""
    return max((parcel.per_trip(vt) for vt in types), default=math.inf)


def hub_loads(network: Network, villages: Mapping[str, Loads]) -> dict[str, tuple[float, float]]:
    """Each hub's total (down, up) for the trunk: its villages' parcels and its own (a hub
    listed with no village to visit still gets its own parcels, e.g. those gathered at a
    township service point)."""
    return {
        hub: (
            network[hub].parcels_down_per_day + sum(d for d, _ in loads.values()),
            network[hub].parcels_up_per_day + sum(u for _, u in loads.values()),
        )
        for hub, loads in villages.items()
        if loads or network[hub].parcels_per_day > 0
    }


def trunk_problem(
    network: Network,
    matrix: DistanceMatrix,
    hubs: Loads,
    *,
    fleets: Fleets,
    settings: ProblemSettings,
) -> RoutingProblem:
    """County DC -> hubs with each hub's total; every hub mandatory, open all day."""
    county = tuple(n.id for n in network.county_dcs)
    problem = problem_from_network(
        network,
        matrix,
        fleet=sized(fleets.trunk, county, hubs, settings.parcel),
        depots=county,
        villages=tuple(hubs),
        parcels=hubs,
        parcel=settings.parcel,
        service=settings.hub_service,
        opening=Opening(open_min=0.0, close_min=24 * 60.0),
        mandatory=frozenset(hubs),
        max_drop_parcels=largest_drop(fleets.trunk, settings.parcel),
    )
    return ferry_ready(problem)


def trunk_problems(
    network: Network,
    matrix: DistanceMatrix,
    hubs: Loads,
    *,
    fleets: Fleets,
    settings: ProblemSettings,
) -> list[tuple[str, RoutingProblem]]:
    """One trunk problem for the mainland hubs ("county") and one per island ("county-<island>")."""
    by_land: dict[str, dict[str, tuple[float, float]]] = {}
    for hub, loads in hubs.items():
        by_land.setdefault(network[hub].island or "", {})[hub] = loads
    return [
        (
            f"county-{land}" if land else "county",
            trunk_problem(network, matrix, part, fleets=fleets, settings=settings),
        )
        for land, part in sorted(by_land.items())
    ]


def ferry_ready(problem: RoutingProblem) -> RoutingProblem:
    """With ferry fares, vehicles make single trips (``count x max_trips`` of them): only
    OR-Tools models fares, and its multi-trip model found no first plan within seconds on the
    demo county's islands."""
    if not problem.has_fares:
        return problem
    fleet = tuple(replace(vt, count=vt.count * vt.max_trips, max_trips=1) for vt in problem.fleet)
    return replace(problem, fleet=fleet)


def feeder_problems(
    network: Network,
    matrix: DistanceMatrix,
    by_hub: Mapping[str, Loads],
    *,
    fleets: Fleets,
    settings: ProblemSettings,
) -> list[tuple[str, RoutingProblem]]:
    """One problem per hub with villages to visit: hub -> its villages."""
    return [
        (hub, _village_problem(network, matrix, (hub,), loads, fleets.feeder, settings))
        for hub, loads in sorted(by_hub.items())
        if loads
    ]


def flat_problem(
    network: Network,
    matrix: DistanceMatrix,
    by_hub: Mapping[str, Loads],
    *,
    fleets: Fleets,
    settings: ProblemSettings,
) -> RoutingProblem:
    """County DC and every hub as depots, all villages at once (module docstring)."""
    county = tuple(n.id for n in network.county_dcs)
    hubs = tuple(h for h, loads in sorted(by_hub.items()) if loads)
    loads = {v: x for h in hubs for v, x in by_hub[h].items()}
    fleet = sized(fleets.trunk, county, loads, settings.parcel)
    for hub in hubs:
        fleet += sized(fleets.feeder, (hub,), by_hub[hub], settings.parcel)
    return _village_problem(network, matrix, county + hubs, loads, fleet, settings, sized_=True)


def _village_problem(
    network: Network,
    matrix: DistanceMatrix,
    depots: tuple[str, ...],
    loads: Loads,
    fleet: Sequence[VehicleType],
    settings: ProblemSettings,
    *,
    sized_: bool = False,
) -> RoutingProblem:
    problem = problem_from_network(
        network,
        matrix,
        fleet=fleet if sized_ else sized(fleet, depots, loads, settings.parcel),
        depots=depots,
        villages=tuple(loads),
        parcels=loads,
        parcel=settings.parcel,
        service=settings.service,
        opening=settings.opening,
        penalty=settings.penalty,
        mandatory=settings.mandatory,
        max_drop_parcels=largest_drop(fleet, settings.parcel),
    )
    return ferry_ready(problem)


def solve_all(
    problems: Sequence[RoutingProblem],
    *,
    solver: SolverSettings,
    workers: int = 1,
    done: Callable[[int], None] | None = None,
) -> list[Plan]:
    """Solve independent problems, in ``workers`` processes when > 1 (results in order)."""
    if workers <= 1 or len(problems) <= 1:
        plans = []
        for problem in problems:
            plans.append(_solve_one(problem, solver))
            if done is not None:
                done(len(plans))
        return plans
    pool = ProcessPoolExecutor(max_workers=workers)
    try:
        futures = [pool.submit(_solve_one, p, solver) for p in problems]
        plans = []
        for future in futures:
            plans.append(future.result())
            if done is not None:
                done(len(plans))
    except BaseException:  # interrupted or failed: drop the queued problems, wait for none
        pool.shutdown(wait=False, cancel_futures=True)
        raise
    pool.shutdown()
    return plans


def _solve_one(problem: RoutingProblem, solver: SolverSettings) -> Plan:
    return solve(problem, replace(solver, time_limit_s=solver.seconds_for(problem)))


def two_echelon_problems(
    network: Network,
    matrix: DistanceMatrix,
    by_hub: Mapping[str, Loads],
    *,
    fleets: Fleets,
    settings: ProblemSettings,
) -> list[tuple[Echelon, str, RoutingProblem]]:
    """The day's trunk problems, then one feeder problem per hub (by hub id)."""
    hubs = hub_loads(network, by_hub)
    trunks = trunk_problems(network, matrix, hubs, fleets=fleets, settings=settings)
    feeders = feeder_problems(network, matrix, by_hub, fleets=fleets, settings=settings)
    return [
        *(("trunk", name, p) for name, p in trunks),
        *(("feeder", hub, p) for hub, p in feeders),
    ]


def solve_parts(
    named: Sequence[tuple[Echelon, str, RoutingProblem]],
    *,
    solver: SolverSettings,
    workers: int = 1,
    day: int = 0,
    done: Callable[[int], None] | None = None,
) -> ModelResult:
    """Solve independent named sub-problems (in parallel) and join them into one result."""
    start = time.perf_counter()
    plans = solve_all([p for _, _, p in named], solver=solver, workers=workers, done=done)
    parts = tuple(
        Solved(echelon, name, day, problem, plan)
        for (echelon, name, problem), plan in zip(named, plans, strict=True)
    )
    return ModelResult(parts, time.perf_counter() - start)


def solve_two_echelon(
    network: Network,
    matrix: DistanceMatrix,
    by_hub: Mapping[str, Loads],
    *,
    fleets: Fleets,
    settings: ProblemSettings,
    solver: SolverSettings,
    workers: int = 1,
    day: int = 0,
    done: Callable[[int], None] | None = None,
) -> ModelResult:
    """The trunk and every hub's feeder problem for one day, solved in parallel."""
    start = time.perf_counter()
    named = two_echelon_problems(network, matrix, by_hub, fleets=fleets, settings=settings)
    result = solve_parts(named, solver=solver, workers=workers, day=day, done=done)
    return ModelResult(result.parts, time.perf_counter() - start)


def solve_flat(
    network: Network,
    matrix: DistanceMatrix,
    by_hub: Mapping[str, Loads],
    *,
    fleets: Fleets,
    settings: ProblemSettings,
    solver: SolverSettings,
    day: int = 0,
    flat_time_limit_s: float | None = None,
    limits: HubLimits | None = None,
) -> ModelResult:
    """The flat model for one day (``flat_time_limit_s`` for its one big problem, default the
    solver's), the island villages' feeders, then the trunk to the hubs served from.

    With hub ``limits`` (:mod:`routing.hub_limits`): a hub's vehicles, island feeders and
    flat routes together, are at most its vehicle limit (each type capped; where the plan
    still uses more, the hub's largest type alone); where a hub's vehicles take more parcels
    than it handles, the hub keeps the nearest of the villages they took that fit and the
    others go back to the flat problem without its vehicles, solved again. Raises
    :class:`InputError` when a hub's own parcels and its island villages alone exceed it."""
    start = time.perf_counter()
    limits = limits if limits is not None else HubLimits()
    check_limits(network, limits)
    mainland = {
        h: {v: x for v, x in vs.items() if network[v].island is None} for h, vs in by_hub.items()
    }
    islands = {h: {v: x for v, x in vs.items() if network[v].island} for h, vs in by_hub.items()}
    seconds = solver.time_limit_s if flat_time_limit_s is None else flat_time_limit_s
    island_parts = _island_feeders(network, matrix, islands, fleets, settings, solver, limits, day)
    fixed = hub_use(network, island_parts)
    for hub, use in fixed.items():
        if use.parcels > limits.parcels_per_day.get(hub, math.inf) + 1e-9:
            raise InputError(
                Message(
                    "hub {name} ({hub}) handles {parcels:,.0f} parcels/day of its own and its "
                    "island villages', above its capacity of {capacity:,.0f}",
                    name=network[hub].name,
                    hub=hub,
                    parcels=use.parcels,
                    capacity=limits.parcels_per_day[hub],
                ),
                field="hub_capacity_parcels_per_day",
            )
    load = {v: x for vs in mainland.values() for v, x in vs.items()}
    carved: dict[str, dict[str, tuple[float, float]]] = {}
    largest: set[str] = set()
    while True:
        taken = {v for kept in carved.values() for v in kept}
        rest = {h: {v: x for v, x in vs.items() if v not in taken} for h, vs in mainland.items()}
        problem = flat_problem(network, matrix, rest, fleets=fleets, settings=settings)
        if carved:  # a hub with a catchment of its own sends no vehicle into the flat problem
            fleet = tuple(vt for vt in problem.fleet if not set(vt.depots) & carved.keys())
            problem = replace(problem, fleet=fleet)
        carved_named = feeder_problems(network, matrix, carved, fleets=fleets, settings=settings)
        for hub in sorted(h for h in limits.vehicles if h in fixed):
            left = limits.vehicles[hub] - fixed[hub].vehicles
            limit = largest_only if hub in largest else capped
            problem = limit(problem, left, hub)
            carved_named = [(h, limit(p, left) if h == hub else p) for h, p in carved_named]
        plan = solve_all([problem], solver=replace(solver, time_limit_s=seconds))[0]
        carved_plans = solve_all([p for _, p in carved_named], solver=solver)
        parts = [Solved("flat", "flat", day, problem, plan)]
        parts += [
            Solved("feeder", hub, day, p, fplan)
            for (hub, p), fplan in zip(carved_named, carved_plans, strict=True)
        ]
        over = exceeded(hub_use(network, [*parts, *island_parts]), limits)
        if not over:
            break
        before = (len(carved), len(largest))
        for hub, (too_many_parcels, too_many_vehicles) in sorted(over.items()):
            if too_many_vehicles:
                largest.add(hub)
            if too_many_parcels and hub not in carved:
                room = limits.parcels_per_day[hub] - fixed[hub].parcels
                carved[hub] = _catchment(matrix, hub, _served_from(parts[0], hub), load, room)
        if (len(carved), len(largest)) == before:  # cannot happen: each hub changes twice
            raise SolverError(f"the flat model could not keep hubs {sorted(over)} in limits")
    parts += island_parts
    served: dict[str, dict[str, tuple[float, float]]] = {hub: {} for hub in by_hub}
    for part in parts:
        for route in part.plan.routes:
            depot = part.problem.ids[route.depot]
            for stop in route.stops if depot in by_hub else ():
                loads = (float(part.problem.delivery[stop, 0]), float(part.problem.pickup[stop, 0]))
                served.setdefault(depot, {})[part.problem.ids[stop]] = loads
    trunks = trunk_problems(
        network, matrix, hub_loads(network, served), fleets=fleets, settings=settings
    )
    plans = solve_all([p for _, p in trunks], solver=solver)
    trunk_parts = [
        Solved("trunk", name, day, p, tplan) for (name, p), tplan in zip(trunks, plans, strict=True)
    ]
    return ModelResult(tuple(trunk_parts + parts), time.perf_counter() - start)


def _island_feeders(
    network: Network,
    matrix: DistanceMatrix,
    islands: Mapping[str, Loads],
    fleets: Fleets,
    settings: ProblemSettings,
    solver: SolverSettings,
    limits: HubLimits,
    day: int,
) -> list[Solved]:
    """Each hub's feeder to its island villages, within the hub's vehicle limit (each type
    capped; where the plan uses more in all, the largest type alone)."""
    named = feeder_problems(network, matrix, islands, fleets=fleets, settings=settings)
    named = [(h, capped(p, limits.vehicles[h]) if h in limits.vehicles else p) for h, p in named]
    plans = solve_all([p for _, p in named], solver=solver)
    again = [
        k
        for k, ((hub, _), plan) in enumerate(zip(named, plans, strict=True))
        if sum(1 for r in plan.routes if r.stops) > limits.vehicles.get(hub, math.inf)
    ]
    if again:
        fixed = [
            (named[k][0], largest_only(named[k][1], limits.vehicles[named[k][0]])) for k in again
        ]
        for k, plan, (hub, p) in zip(
            again, solve_all([p for _, p in fixed], solver=solver), fixed, strict=True
        ):
            named[k], plans[k] = (hub, p), plan
    return [
        Solved("feeder", hub, day, p, plan) for (hub, p), plan in zip(named, plans, strict=True)
    ]


def _served_from(part: Solved, hub: str) -> set[str]:
    """Villages the routes of ``part`` starting at ``hub`` visit."""
    ids = part.problem.ids
    return {ids[s] for r in part.plan.routes if ids[r.depot] == hub for s in r.stops}


def _catchment(
    matrix: DistanceMatrix,
    hub: str,
    villages: set[str],
    load: Mapping[str, tuple[float, float]],
    room_parcels: float,
) -> dict[str, tuple[float, float]]:
    """The nearest of ``villages`` to ``hub`` (road distance, ids on ties) whose parcels
    (down + up) fit in ``room_parcels``, taken in that order."""
    ids = sorted(villages)
    km = matrix.sub([hub, *ids]).distance_m[0, 1:]
    kept: dict[str, tuple[float, float]] = {}
    used = 0.0
    for _, village in sorted(zip(km.tolist(), ids, strict=True)):
        parcels = sum(load[village])
        if used + parcels <= room_parcels + 1e-9:
            kept[village] = load[village]
            used += parcels
        else:
            break
    return kept
