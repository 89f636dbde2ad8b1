"""Our 2E-CVRP method: satellite configurations and freight prices coordinating the first level
(exact with split deliveries for up to six loaded satellites) with a multi-depot second level.

Follows the decomposition of Breunig, Schmid, Hartl & Vidal (2016), "A large neighbourhood
search heuristic for the two-echelon vehicle routing problem", Computers & Operations Research
76: the second level is searched as a multi-depot problem over the open satellites (here by
PyVRP's hybrid genetic search, Vidal 2022), the small first level is optimised for the loads it
induces (here with split deliveries, :mod:`routing.two_echelon.first_level`), and the
set of open satellites is itself searched (all subsets when there are few satellites, opening and
closing moves otherwise). The levels are coupled by a price per unit of freight at each
satellite (:mod:`routing.two_echelon.second_level`): it starts at the round trip of a full truck
shared by its freight and is then re-set from the best plan's first level (each truck's length
shared among the freight it carries), with random perturbations in between, so customers move
between satellites when their freight is cheaper to bring elsewhere.
"""

from __future__ import annotations

import itertools
import math
import random
import time
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from routing.two_echelon.baseline import nearest_second_level
from routing.two_echelon.first_level import FirstLevel, solve_first_level
from routing.two_echelon.problem import (
    TwoEchelonPlan,
    TwoEchelonProblem,
    freight_by_satellite,
    path_length,
)
from routing.two_echelon.second_level import SecondLevel, full_fleet, solve_second_level

#: Up to this many satellites every subset is tried as the set of open satellites.
ENUMERATE_UP_TO = 4


@dataclass(frozen=True)
class SearchLimits:
    """When the search stops: at ``time_limit_s``, or after ``rounds`` second-level solves of
    ``iterations`` PyVRP iterations each when both are given (a work limit: same plan on any
    machine)."""

    time_limit_s: float
    rounds: int | None = None
    iterations: int | None = None


Fleet = dict[int, int]


@dataclass(frozen=True)
class _Candidate:
    plan: TwoEchelonPlan
    fleet: Fleet
    prices: dict[int, float]


class _Search:
    def __init__(self, problem: TwoEchelonProblem, limits: SearchLimits, seed: int) -> None:
        self.problem = problem
        self.limits = limits
        self.seed = seed
        self.rng = random.Random(seed)
        self.deadline = time.perf_counter() + limits.time_limit_s
        self.rounds = 0
        self.first: dict[tuple[tuple[int, float], ...], FirstLevel | None] = {}
        self.vehicle_cost = 0.0
        self.best: _Candidate | None = None
        self.boost: dict[int, float] = {}

    def left_s(self) -> float:
        return self.deadline - time.perf_counter()

    def done(self) -> bool:
        if self.limits.rounds is not None and self.limits.iterations is not None:
            return self.rounds >= self.limits.rounds
        return self.left_s() <= 0

    def evaluate(self, fleet: Fleet, prices: Mapping[int, float], budget_s: float) -> None:
        """Solve both levels for the satellites of ``fleet`` (each with its freighters) at
        ``prices``; keep the plan if best."""
        problem = self.problem
        self.rounds += 1
        second = self._second(fleet, prices, budget_s)
        if len(second.routes) > problem.freighters and self.vehicle_cost == 0.0:
            # The fleet binds: from now on every freighter pays the longest arc, so PyVRP
            # uses as few as it can before it shortens routes.
            self.vehicle_cost = float(problem.distance.max())
            second = self._second(fleet, prices, budget_s)
        if second.feasible:
            self.consider(second, fleet, prices)

    def consider(self, second: SecondLevel, fleet: Fleet, prices: Mapping[int, float]) -> None:
        """Keep ``second`` with its best first level if that is the best plan so far."""
        problem = self.problem
        per_satellite = Counter(r.satellite for r in second.routes)
        if len(second.routes) > problem.freighters or any(
            n > full_fleet(problem, s) for s, n in per_satellite.items()
        ):
            return
        over = problem.over_capacity(second.routes)
        stray = [
            r for r in second.routes for c in r.customers if not problem.may_serve(r.satellite, c)
        ]
        for s in over:
            # a satellite over its limit gets dearer until its customers move elsewhere
            self.boost[s] = self.boost.get(s, 1.0) * 1.5 + 0.5
        if over or stray:
            return
        loads = freight_by_satellite(problem, second.routes)
        first = self._first(loads)
        if first is None:
            return
        plan = TwoEchelonPlan(first.routes, second.routes, first.cost + second.length)
        if self.best is None or plan.cost < self.best.plan.cost - 1e-9:
            self.best = _Candidate(plan, dict(fleet), dict(prices))

    def _second(self, fleet: Fleet, prices: Mapping[int, float], budget_s: float) -> SecondLevel:
        return solve_second_level(
            self.problem,
            fleet,
            {s: p * self.boost.get(s, 1.0) for s, p in prices.items()},
            time_limit_s=budget_s if self.limits.iterations is None else 20 * budget_s + 60,
            iterations=self.limits.iterations,
            seed=self.rng.randrange(2**31),
            vehicle_cost=self.vehicle_cost,
            start=() if self.best is None else self.best.plan.freighters,
        )

    def _first(self, loads: Mapping[int, float]) -> FirstLevel | None:
        key = tuple(sorted(loads.items()))
        if key not in self.first:
            p = self.problem
            self.first[key] = solve_first_level(
                p.distance,
                loads,
                trucks=p.trucks,
                capacity=p.truck_capacity,
                time_limit_s=max(0.1, 0.05 * self.limits.time_limit_s),
            )
        return self.first[key]


def solve_two_echelon_problem(
    problem: TwoEchelonProblem, *, limits: SearchLimits, seed: int = 0
) -> TwoEchelonPlan | None:
    """Our best plan for ``problem`` within ``limits`` (None if none satisfies the fleets)."""
    search = _Search(problem, limits, seed)
    radial = radial_prices(problem)
    # The nearest-satellite plan is the first incumbent (and the warm start of what follows).
    nearest = nearest_second_level(
        problem,
        time_limit_s=0.2 * limits.time_limit_s,
        seed=seed,
        iterations=limits.iterations,
    )
    if nearest is not None:
        search.consider(nearest, _fleet_of(problem, problem.satellites), radial)
    # Each configuration at the radial prices and free of charge: with few satellites the
    # first level's cost is mostly which satellites get trucks, not how much freight.
    free = dict.fromkeys(problem.satellites, 0.0)
    starts = [
        (_fleet_of(problem, open_), prices)
        for open_ in _configurations(problem)
        for prices in (radial, free)
    ]
    starts += [(fleet, free) for fleet in _fleet_splits(problem)]
    share = 0.5 / len(starts)
    for fleet, prices in starts:
        search.evaluate(fleet, prices, max(share * limits.time_limit_s, 0.05))
        if search.done():
            break
    while not search.done():
        best = search.best
        if best is None:
            search.evaluate(
                _fleet_of(problem, problem.satellites), radial, max(search.left_s(), 0.05)
            )
            continue
        prices, fleet = _next_move(search, best, radial)
        search.evaluate(fleet, prices, max(min(search.left_s(), 0.1 * limits.time_limit_s), 0.05))
    return None if search.best is None else search.best.plan


def radial_prices(problem: TwoEchelonProblem) -> dict[int, float]:
    """A full truck's round trip to each satellite, per unit of freight it carries."""
    return {
        s: 2.0 * float(problem.distance[0, s]) / problem.truck_capacity for s in problem.satellites
    }


def allocated_prices(
    problem: TwoEchelonProblem, plan: TwoEchelonPlan, fallback: Mapping[int, float]
) -> dict[int, float]:
    """First-level length per unit of freight at each satellite: each truck's length shared
    among the freight it leaves (satellites it does not serve keep ``fallback``)."""
    spent = dict.fromkeys(problem.satellites, 0.0)
    freight = dict.fromkeys(problem.satellites, 0.0)
    for route in plan.trucks:
        length = path_length(problem.distance, (0, *route.satellites, 0))
        total = sum(route.delivered)
        for s, q in zip(route.satellites, route.delivered, strict=True):
            spent[s] += length * q / total
            freight[s] += q
    return {s: spent[s] / freight[s] if freight[s] > 0 else fallback[s] for s in problem.satellites}


def _next_move(
    search: _Search, best: _Candidate, radial: Mapping[int, float]
) -> tuple[dict[int, float], Fleet]:
    """Alternate: re-price from the best plan; perturb its prices; open or close a satellite
    (with many satellites)."""
    problem, rng = search.problem, search.rng
    move = search.rounds % 3
    if move == 0:
        return allocated_prices(problem, best.plan, radial), best.fleet
    prices = {s: p * rng.uniform(0.5, 1.5) for s, p in best.prices.items()}
    if move == 2 and problem.n_satellites > ENUMERATE_UP_TO:
        used = {s for s, q in freight_by_satellite(problem, best.plan.freighters).items() if q > 0}
        closed = [s for s in problem.satellites if s not in used]
        if closed and rng.random() < 0.5:
            return prices, _fleet_of(problem, used | {rng.choice(closed)})
        if len(used) > 1:
            return prices, _fleet_of(problem, used - {rng.choice(sorted(used))})
    return prices, best.fleet


def _fleet_of(problem: TwoEchelonProblem, satellites: Iterable[int]) -> Fleet:
    """Each of ``satellites`` with all the freighters it may use."""
    return {s: full_fleet(problem, s) for s in sorted(satellites)}


#: Most ways of sharing a binding fleet among the satellites tried as starts.
MAX_SPLITS = 40


def _fleet_splits(problem: TwoEchelonProblem) -> list[Fleet]:
    """When the fleet binds (at most one freighter more than the freight needs) and there
    are few satellites: every way of sharing all freighters among the satellites. The count
    at a satellite caps its freight, which is what sets its trucks: Set2a's optimum for
    E-n22-k4-s11-12 has two freighters at each satellite, so each needs one truck."""
    need = math.ceil(float(problem.demand.sum()) / problem.freighter_capacity - 1e-9)
    sats = list(problem.satellites)
    if problem.freighters > need + 1 or len(sats) > ENUMERATE_UP_TO:
        return []
    splits = [
        dict(zip(sats, counts, strict=True))
        for counts in itertools.product(*(range(full_fleet(problem, s) + 1) for s in sats))
        if sum(counts) == problem.freighters
    ]
    return splits if len(splits) <= MAX_SPLITS else []


def _configurations(problem: TwoEchelonProblem) -> list[tuple[int, ...]]:
    """Sets of open satellites tried first: every subset able to hold all the freight when
    there are few satellites, else all of them."""
    sats = list(problem.satellites)
    if len(sats) > ENUMERATE_UP_TO:
        return [tuple(sats)]
    total = float(problem.demand.sum())
    subsets = [
        c
        for size in range(len(sats), 0, -1)
        for c in itertools.combinations(sats, size)
        if sum(problem.satellite_limit(s) for s in c) >= total - 1e-9
        and sum(min(problem.freighters_per_satellite[s - 1], problem.freighters) for s in c)
        * problem.freighter_capacity
        >= total - 1e-9
    ]
    return subsets or [tuple(sats)]
