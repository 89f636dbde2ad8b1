"""The simple two-echelon plan the literature's methods are measured against: each customer
to its nearest satellite (with room left), one routing problem per satellite, then the first
level for the loads that result."""

from __future__ import annotations

import math
import time

import numpy as np

from routing.two_echelon.first_level import solve_first_level
from routing.two_echelon.problem import (
    FreighterRoute,
    TwoEchelonPlan,
    TwoEchelonProblem,
    freight_by_satellite,
)
from routing.two_echelon.second_level import SecondLevel, full_fleet, solve_second_level


def nearest_satellites(problem: TwoEchelonProblem) -> dict[int, list[int]]:
    """Customers by satellite: largest demand first, each to the nearest satellite allowed to
    serve it that it still fits (freighters' reach and capacity; else the nearest allowed)."""
    room = {s: problem.satellite_limit(s) for s in problem.satellites}
    cap = dict(zip(problem.satellites, problem.satellite_capacity or (), strict=False))
    handled = problem.demand if problem.handled is None else problem.handled
    by_sat: dict[int, list[int]] = {s: [] for s in problem.satellites}
    order = sorted(problem.customers, key=lambda c: (-float(problem.demand[c]), c))
    for c in order:
        near = sorted(
            (s for s in problem.satellites if problem.may_serve(s, c)),
            key=lambda s: (float(problem.distance[s, c]), s),
        )
        fits = [
            s
            for s in near
            if room[s] >= problem.demand[c] - 1e-9 and cap.get(s, math.inf) >= handled[c] - 1e-9
        ]
        s = (fits or near)[0]
        room[s] -= float(problem.demand[c])
        cap[s] = cap.get(s, math.inf) - float(handled[c])
        by_sat[s].append(c)
    return by_sat


def solve_nearest_satellite(
    problem: TwoEchelonProblem, *, time_limit_s: float, seed: int = 0
) -> TwoEchelonPlan | None:
    """The baseline plan in ``time_limit_s`` (shared among the satellites' problems by their
    number of customers), or None when a satellite's freighters cannot carry its customers.
    The plan may use more freighters or trucks in all than the fleets have (the assignment
    ignores them): a checker flags it, and it still shows what the simple method costs."""
    start = time.perf_counter()
    second = nearest_second_level(problem, time_limit_s=0.9 * time_limit_s, seed=seed)
    if second is None:
        return None
    first = solve_first_level(
        problem.distance,
        freight_by_satellite(problem, second.routes),
        trucks=problem.trucks + len(problem.satellites),
        capacity=problem.truck_capacity,
        time_limit_s=max(time_limit_s - (time.perf_counter() - start), 1.0),
    )
    if first is None:
        return None
    return TwoEchelonPlan(first.routes, second.routes, first.cost + second.length)


def nearest_second_level(
    problem: TwoEchelonProblem,
    *,
    time_limit_s: float,
    seed: int = 0,
    iterations: int | None = None,
) -> SecondLevel | None:
    """Customers to their nearest satellites (:func:`nearest_satellites`), one routing
    problem per satellite in its share of ``time_limit_s`` (by customers); None when a
    satellite's freighters cannot carry its customers."""
    routes: list[FreighterRoute] = []
    length = 0.0
    n = max(problem.n_customers, 1)
    for s, customers in nearest_satellites(problem).items():
        if not customers:
            continue
        keep = np.zeros(len(problem.demand), dtype=bool)
        keep[customers] = True
        keep[: problem.n_satellites + 1] = True
        second = solve_second_level(
            _only(problem, keep),
            {s: full_fleet(problem, s)},
            {},
            time_limit_s=time_limit_s * len(customers) / n,
            seed=seed,
            iterations=None if iterations is None else max(iterations * len(customers) // n, 1),
        )
        if not second.feasible:
            return None
        back = _back(keep)
        routes += [FreighterRoute(s, tuple(back[c] for c in r.customers)) for r in second.routes]
        length += second.length
    return SecondLevel(tuple(routes), length, True)


def _only(problem: TwoEchelonProblem, keep: np.ndarray) -> TwoEchelonProblem:
    """``problem`` restricted to the nodes in ``keep`` (depot and satellites always kept)."""
    idx = np.flatnonzero(keep)
    return TwoEchelonProblem(
        name=problem.name,
        distance=problem.distance[np.ix_(idx, idx)],
        n_satellites=problem.n_satellites,
        demand=problem.demand[idx],
        trucks=problem.trucks,
        truck_capacity=problem.truck_capacity,
        freighters=problem.freighters,
        freighter_capacity=problem.freighter_capacity,
        freighters_per_satellite=problem.freighters_per_satellite,
        satellite_capacity=problem.satellite_capacity,
    )


def _back(keep: np.ndarray) -> dict[int, int]:
    return dict(enumerate(int(i) for i in np.flatnonzero(keep)))
