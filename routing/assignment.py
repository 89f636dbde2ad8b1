"""Which hub feeds which village: the township's own (administrative) or any hub (free).

Administrative assignment is the county's map: each village is fed from its township's hub.
Free assignment lets a village be fed from another hub when that is cheaper, within
``max_detour_km`` (the other hub is at most that much farther from the village than its own)
and within each hub's limits (parcels handled per day, feeder vehicles based there). Villages
on islands keep their own hub (their ferry is their township's).

The free assignment comes from our two-echelon method (:mod:`routing.two_echelon`, after
Breunig et al. 2016): county DC -> hubs with split truckloads, hubs -> villages as one
multi-depot problem whose hubs price the freight they receive, so villages move between hubs by
the cost of both levels. Its assignment is then routed by the usual engines with every rule of
the day (time windows, trips, pickups, ferries); the administrative assignment is routed too
and the cheaper plan kept (fewest unserved villages first), so free is never worse.

A plan keeps one assignment for its period: the caller chooses it once (on a day with every
village, e.g. the average day) and passes it as ``fixed`` for each day, which is then routed
as it stands. A day whose loads do not fit the hubs' capacities under it (villages visited
every few days bring several days' parcels) is chosen for itself and flagged ``rechosen``.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import partial
from typing import Literal

import numpy as np

from network.distances import DistanceMatrix
from network.errors import InputError
from network.model import Network
from network.texts import Message
from routing.echelons import (
    Fleets,
    ModelResult,
    ProblemSettings,
    Solved,
    solve_parts,
    two_echelon_problems,
)
from routing.hub_limits import (
    ByHub,
    HubLimits,
    capped,
    check_limits,
    largest_only,
    over_capacity,
)
from routing.settings import SolverSettings
from routing.two_echelon import SearchLimits, TwoEchelonProblem, solve_two_echelon_problem

Assignment = Literal["administrative", "free"]

#: The assignment search's work when the solver has no work limit: rounds of PyVRP iterations.
ASSIGNMENT_ROUNDS = 8
ASSIGNMENT_ITERATIONS = 300


@dataclass(frozen=True)
class AssignmentRules:
    """How villages are given to hubs (module docstring)."""

    mode: Assignment = "administrative"
    max_detour_km: float = 5.0
    limits: HubLimits = field(default_factory=HubLimits)


@dataclass(frozen=True)
class Crossing:
    """A village fed from a hub of another township."""

    village: str
    township: str
    hub: str


@dataclass(frozen=True)
class Assigned:
    """The day's two-echelon result, the loads by hub it routed, the villages fed across a
    township border, and whether the free assignment was kept."""

    result: ModelResult
    by_hub: dict[str, dict[str, tuple[float, float]]]
    crossings: tuple[Crossing, ...]
    free_kept: bool
    rechosen: bool = False

    def hub_of(self) -> dict[str, str]:
        """Each village's hub in this assignment (the map to keep for the period)."""
        return {v: hub for hub, loads in self.by_hub.items() for v in loads}


def solve_assigned(
    network: Network,
    matrix: DistanceMatrix,
    by_hub: ByHub,
    *,
    rules: AssignmentRules,
    fleets: Fleets,
    settings: ProblemSettings,
    solver: SolverSettings,
    workers: int = 1,
    day: int = 0,
    done: Callable[[int], None] | None = None,
    fixed: Mapping[str, str] | None = None,
) -> Assigned:
    """The day's two-echelon plan under ``rules``; raises :class:`InputError` when a hub's
    own township needs more than its capacity and the assignment is administrative. With a
    free assignment ``fixed`` for the period (village -> hub; villages not in it stay with
    their own hub), the day is routed under it when it fits (module docstring)."""
    check_limits(network, rules.limits)
    admin = {hub: dict(loads) for hub, loads in by_hub.items()}
    over = over_capacity(network, admin, rules.limits)
    if rules.mode == "administrative" and over:
        hub, parcels = min(over.items())
        raise InputError(
            Message(
                "hub {name} ({hub}) would handle {parcels:.0f} parcels/day, above its capacity "
                'of {parcels_per_day:.0f}: raise it or use assignment = "free"',
                name=network[hub].name,
                hub=hub,
                parcels=parcels,
                parcels_per_day=rules.limits.parcels_per_day[hub],
            ),
            field="hub_capacity_parcels_per_day",
        )
    route = partial(
        _routed,
        network,
        matrix,
        limits=rules.limits,
        fleets=fleets,
        settings=settings,
        solver=solver,
        workers=workers,
        day=day,
    )
    rechosen = False
    if fixed is not None and rules.mode == "free":
        keyed = rekeyed(admin, fixed)
        if not over_capacity(network, keyed, rules.limits):
            result = route(keyed)
            if done is not None:
                done(len(result.parts))
            return Assigned(result, keyed, crossings(network, keyed), keyed != admin)
        rechosen = True
    best = None if over else route(admin)
    free_kept = False
    if rules.mode == "free":
        free = free_assignment(network, matrix, admin, rules=rules, fleets=fleets, seed=solver.seed)
        if free != admin and not over_capacity(network, free, rules.limits):
            routed = route(free)
            if best is None or _rank(routed) < _rank(best):
                best, admin, free_kept = routed, free, True
    if best is None:
        raise InputError(Message("no assignment of villages to hubs fits the hubs' capacities"))
    if done is not None:
        done(len(best.parts))
    return Assigned(best, admin, crossings(network, admin), free_kept, rechosen)


def rekeyed(by_hub: ByHub, hub_of: Mapping[str, str]) -> dict[str, dict[str, tuple[float, float]]]:
    """``by_hub`` with each village moved to ``hub_of[village]`` (where it has one); every
    hub of ``by_hub`` stays, with no village if it lost them all."""
    out: dict[str, dict[str, tuple[float, float]]] = {hub: {} for hub in by_hub}
    for hub, loads in sorted(by_hub.items()):
        for village, load in sorted(loads.items()):
            out.setdefault(hub_of.get(village, hub), {})[village] = load
    return out


def _rank(result: ModelResult) -> tuple[int, float]:
    return (sum(len(p.plan.unserved) for p in result.parts), result.cost_yuan)


def crossings_of(network: Network, parts: Sequence[Solved]) -> tuple[Crossing, ...]:
    """Villages the feeders of ``parts`` serve from a hub other than their township's."""
    by_hub: dict[str, dict[str, tuple[float, float]]] = {}
    for part in parts:
        if part.echelon == "feeder":
            served = by_hub.setdefault(part.name, {})
            for route in part.plan.routes:
                for stop in route.stops:
                    served[part.problem.ids[stop]] = (0.0, 0.0)
    return tuple(sorted(set(crossings(network, by_hub)), key=lambda c: c.village))


def crossings(network: Network, by_hub: ByHub) -> tuple[Crossing, ...]:
    """Villages fed from a hub other than their township's."""
    return tuple(
        Crossing(village, network[village].parent or "", hub)
        for hub, loads in sorted(by_hub.items())
        for village in sorted(loads)
        if network[village].parent != hub and network[village].tier != "township"
    )


def free_assignment(
    network: Network,
    matrix: DistanceMatrix,
    by_hub: ByHub,
    *,
    rules: AssignmentRules,
    fleets: Fleets,
    seed: int,
) -> dict[str, dict[str, tuple[float, float]]]:
    """Villages given to hubs by the two-echelon method (module docstring)."""
    hubs = sorted(by_hub)
    villages = sorted(v for loads in by_hub.values() for v in loads)
    if not villages or len(hubs) < 2 or not network.county_dcs:
        return {hub: dict(loads) for hub, loads in by_hub.items()}
    own = {v: hub for hub, loads in by_hub.items() for v in loads}
    load = {v: x for loads in by_hub.values() for v, x in loads.items()}
    problem = _as_problem(network, matrix, hubs, villages, own, load, rules, fleets)
    limits = SearchLimits(60.0, rounds=ASSIGNMENT_ROUNDS, iterations=ASSIGNMENT_ITERATIONS)
    plan = solve_two_echelon_problem(problem, limits=limits, seed=seed)
    out: dict[str, dict[str, tuple[float, float]]] = {hub: {} for hub in hubs}
    if plan is None:
        return {hub: dict(loads) for hub, loads in by_hub.items()}
    for route in plan.freighters:
        for c in route.customers:
            village = villages[c - len(hubs) - 1]
            out[hubs[route.satellite - 1]][village] = load[village]
    return out


def _as_problem(
    network: Network,
    matrix: DistanceMatrix,
    hubs: list[str],
    villages: list[str],
    own: Mapping[str, str],
    load: Mapping[str, tuple[float, float]],
    rules: AssignmentRules,
    fleets: Fleets,
) -> TwoEchelonProblem:
    """The day as a 2E-CVRP in km: parcels (the larger of down and up) as demand, a day's
    trips of the largest vehicle as capacity, each hub's vehicle limit as its freighters."""
    ids = [network.county_dcs[0].id, *hubs, *villages]
    km = matrix.sub(ids).distance_m / 1000.0
    km = np.where(np.isfinite(km), km, km[np.isfinite(km)].max() * 10.0)
    demand = np.array([0.0] * (len(hubs) + 1) + [max(load[v]) for v in villages])
    handled = np.array([0.0] * (len(hubs) + 1) + [sum(load[v]) for v in villages])
    feeder = max(fleets.feeder, key=lambda vt: vt.capacity[0] * vt.max_trips)
    trunk = max(fleets.trunk, key=lambda vt: vt.capacity[0] * vt.max_trips)
    allowed = np.zeros((len(hubs), len(ids)), dtype=bool)
    for k, v in enumerate(villages, start=len(hubs) + 1):
        home = hubs.index(own[v])
        for s in range(len(hubs)):
            near = km[s + 1, k] <= km[home + 1, k] + rules.max_detour_km
            allowed[s, k] = s == home or (near and network[v].island is None)
    per_trip = feeder.capacity[0] * feeder.max_trips
    limits = rules.limits
    return TwoEchelonProblem(
        name="day",
        distance=km,
        n_satellites=len(hubs),
        demand=np.minimum(demand, per_trip),
        trucks=len(villages) + len(hubs),
        truck_capacity=trunk.capacity[0] * trunk.max_trips,
        freighters=len(villages) * len(hubs),
        freighter_capacity=per_trip,
        freighters_per_satellite=tuple(limits.vehicles.get(h, len(villages)) for h in hubs),
        satellite_capacity=tuple(
            limits.parcels_per_day.get(h, math.inf) - network[h].parcels_per_day for h in hubs
        ),
        handled=handled,
        allowed=allowed,
    )


def _routed(
    network: Network,
    matrix: DistanceMatrix,
    by_hub: ByHub,
    *,
    limits: HubLimits,
    fleets: Fleets,
    settings: ProblemSettings,
    solver: SolverSettings,
    workers: int,
    day: int,
) -> ModelResult:
    """The usual trunk and feeder problems for ``by_hub``, each hub's feeder fleet within
    its vehicle limit: first every type up to the limit; where the plan then uses more
    vehicles in all, the hub's largest type alone, at most the limit."""
    named = two_echelon_problems(network, matrix, by_hub, fleets=fleets, settings=settings)
    limited = [
        (
            e,
            name,
            capped(p, limits.vehicles[name]) if e == "feeder" and name in limits.vehicles else p,
        )
        for e, name, p in named
    ]
    result = solve_parts(limited, solver=solver, workers=workers, day=day)
    again = [
        k
        for k, part in enumerate(result.parts)
        if part.echelon == "feeder"
        and part.name in limits.vehicles
        and sum(1 for r in part.plan.routes if r.stops) > limits.vehicles[part.name]
    ]
    if not again:
        return result
    single = [
        (e, name, largest_only(p, limits.vehicles[name]) if k in again else p)
        for k, (e, name, p) in enumerate(limited)
    ]
    fixed = solve_parts([single[k] for k in again], solver=solver, workers=workers, day=day)
    parts = list(result.parts)
    for k, part in zip(again, fixed.parts, strict=True):
        parts[k] = part
    return ModelResult(tuple(parts), result.seconds + fixed.seconds)
