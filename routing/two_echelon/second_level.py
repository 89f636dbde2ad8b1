"""The second level: customers to open satellites as one multi-depot problem (PyVRP).

Each open satellite is a depot with its own freighters (at most its ``freighters_per_satellite``)
and its own routing profile: the arc lengths plus a *price* per unit of freight the satellite
hands out (``price x (q_i + q_j) / 2`` on every arc, so a route pays ``price x`` its load). The
price stands for the first-level cost of bringing that freight to the satellite, so PyVRP's
search moves customers between satellites by both levels' cost, not by distance alone.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
from pyvrp import Client, Depot, Location, ProblemData, Route, Solution, VehicleType
from pyvrp import solve as pyvrp_solve
from pyvrp.stop import MaxIterations, MaxRuntime, MultipleCriteria, StoppingCriterion

from routing.pyvrp_engine import solve_params
from routing.two_echelon.problem import (
    FloatArray,
    FreighterRoute,
    TwoEchelonProblem,
    path_length,
)

#: Scaled length of the median arc: PyVRP works on integers.
_TYPICAL_ARC = 10_000.0
_LOAD_SCALE = 100


@dataclass(frozen=True)
class SecondLevel:
    """Freighter routes, their true total length, and whether PyVRP found them feasible."""

    routes: tuple[FreighterRoute, ...]
    length: float
    feasible: bool


def solve_second_level(
    problem: TwoEchelonProblem,
    fleet: Mapping[int, int],
    prices: Mapping[int, float],
    *,
    time_limit_s: float,
    seed: int,
    iterations: int | None = None,
    vehicle_cost: float = 0.0,
    start: Sequence[FreighterRoute] = (),
) -> SecondLevel:
    """Serve every customer from a satellite of ``fleet`` (node index -> freighters based
    there) at least length plus price; ``vehicle_cost`` (per freighter used) pushes towards
    fewer routes when the fleet limit binds. The search starts from the routes of ``start``
    that leave open satellites (the others' customers are inserted by PyVRP)."""
    satellites = [s for s in sorted(fleet) if fleet[s] > 0]
    nodes = [*satellites, *problem.customers]
    sub = problem.distance[np.ix_(nodes, nodes)]
    positive = sub[sub > 0]
    scale = _TYPICAL_ARC / float(np.median(positive)) if positive.size else 1.0
    demand = problem.demand[nodes]
    integral = bool(np.all(np.equal(np.mod(demand, 1), 0)))
    unit = 1 if integral else _LOAD_SCALE
    depots = [Depot(k) for k in range(len(satellites))]
    clients = [
        Client(k, delivery=[round(float(demand[k]) * unit)])
        for k in range(len(satellites), len(nodes))
    ]
    capacity = math.floor(problem.freighter_capacity * unit + 1e-9)
    vehicle_types = [
        VehicleType(
            num_available=fleet[s],
            capacity=[capacity],
            start_depot=k,
            end_depot=k,
            fixed_cost=round(vehicle_cost * scale),
            profile=k,
        )
        for k, s in enumerate(satellites)
    ]
    barred = float(sub.max()) * len(nodes)
    matrices = [
        _priced(sub, demand, prices.get(s, 0.0), scale, _barred(problem, s, nodes) * barred)
        for s in satellites
    ]
    zero = np.zeros_like(matrices[0])
    data = ProblemData(
        [Location(0.0, 0.0) for _ in nodes],
        clients,
        depots,
        vehicle_types,
        matrices,
        [zero] * len(matrices),
    )
    result = pyvrp_solve(
        data,
        _stop(time_limit_s, iterations),
        seed=seed,
        collect_stats=False,
        display=False,
        params=solve_params(data),
        initial_solution=_warm(data, nodes, satellites, start) if start else None,
    )
    best = result.best
    routes = []
    for route in best.routes():
        visits = [nodes[a.idx + len(satellites)] for a in route if a.is_client()]
        routes.append(FreighterRoute(nodes[int(route.start_depot())], tuple(visits)))
    return SecondLevel(
        tuple(routes), freighter_length(problem.distance, routes), bool(best.is_feasible())
    )


def _warm(
    data: ProblemData,
    nodes: Sequence[int],
    satellites: Sequence[int],
    start: Sequence[FreighterRoute],
) -> Solution:
    """``start`` as a PyVRP solution: routes of open satellites, within each one's fleet."""
    client = {node: k - len(satellites) for k, node in enumerate(nodes)}
    depot = {s: k for k, s in enumerate(satellites)}
    room = [vt.num_available for vt in data.vehicle_types()]
    routes = []
    for route in start:
        k = depot.get(route.satellite)
        if k is not None and room[k] > 0 and route.customers:
            room[k] -= 1
            routes.append(Route(data, [client[c] for c in route.customers], k))
    return Solution(data, routes)


def full_fleet(problem: TwoEchelonProblem, satellite: int) -> int:
    """The most freighters ``satellite`` may use: its own limit within the whole fleet."""
    return min(problem.freighters_per_satellite[satellite - 1], problem.freighters)


def freighter_length(distance: FloatArray, routes: Sequence[FreighterRoute]) -> float:
    """Total length of freighter routes (satellite -> customers -> satellite)."""
    return sum(path_length(distance, (r.satellite, *r.customers, r.satellite)) for r in routes)


def _barred(problem: TwoEchelonProblem, satellite: int, nodes: Sequence[int]) -> FloatArray:
    """1 for the nodes ``satellite`` may not serve (0 for the rest and the depots)."""
    return np.array(
        [0.0 if n in problem.satellites or problem.may_serve(satellite, n) else 1.0 for n in nodes]
    )


def _priced(
    sub: FloatArray, demand: FloatArray, price: float, scale: float, barred: FloatArray
) -> Any:
    """One satellite's profile: arcs plus the price of the freight at both ends (halved), and
    a prohibitive length into and out of customers it may not serve."""
    extra = price * (demand[:, None] + demand[None, :]) / 2.0 + barred[:, None] + barred[None, :]
    np.fill_diagonal(extra, 0.0)
    return np.rint((sub + extra) * scale).astype(np.int64)


def _stop(time_limit_s: float, iterations: int | None) -> StoppingCriterion:
    if iterations is None:
        return MaxRuntime(time_limit_s)
    return MultipleCriteria([MaxIterations(iterations), MaxRuntime(time_limit_s)])
