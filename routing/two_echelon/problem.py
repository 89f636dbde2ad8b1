"""The two-echelon capacitated routing problem (2E-CVRP) as neutral, immutable data.

Node 0 is the depot (the county DC), nodes ``1..n_satellites`` are the satellites (township
hubs), the rest are customers (villages). First-level trucks carry freight depot -> satellites
-> depot and may split a satellite's freight over several trucks; second-level freighters start
and end at one satellite and serve customers, each customer on exactly one route. The objective
is the total length (or cost) of both levels.
"""

from __future__ import annotations

import itertools
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

FloatArray = npt.NDArray[np.float64]


@dataclass(frozen=True)
class TwoEchelonProblem:
    """One 2E-CVRP instance.

    ``distance`` is the (n x n) arc length or cost between all nodes; ``demand`` has one entry
    per node (zero for the depot and the satellites); ``freighters_per_satellite`` is the most
    freighters based at each satellite (one entry per satellite: a hub's own vehicles).
    ``satellite_capacity`` optionally caps what a satellite handles per day, counted in
    ``handled`` per customer (default: the demand). ``allowed`` optionally says which
    satellite may serve which customer (``allowed[s - 1, c]``; e.g. within a detour).
    """

    name: str
    distance: FloatArray
    n_satellites: int
    demand: FloatArray
    trucks: int
    truck_capacity: float
    freighters: int
    freighter_capacity: float
    freighters_per_satellite: tuple[int, ...]
    satellite_capacity: tuple[float, ...] | None = None
    handled: FloatArray | None = None
    allowed: npt.NDArray[np.bool_] | None = None

    def __post_init__(self) -> None:
        n = len(self.demand)
        if self.distance.shape != (n, n):
            raise ValueError(f"distance is {self.distance.shape}, expected ({n}, {n})")
        if len(self.freighters_per_satellite) != self.n_satellites:
            raise ValueError("freighters_per_satellite needs one entry per satellite")
        if self.satellite_capacity is not None and len(self.satellite_capacity) != (
            self.n_satellites
        ):
            raise ValueError("satellite_capacity needs one entry per satellite")
        if self.allowed is not None and self.allowed.shape != (self.n_satellites, n):
            raise ValueError("allowed needs one row per satellite and one column per node")
        if np.any(self.demand[self.customers] > self.freighter_capacity):
            raise ValueError("a customer's demand exceeds the freighter capacity")

    @property
    def satellites(self) -> range:
        """Node indices of the satellites."""
        return range(1, self.n_satellites + 1)

    @property
    def customers(self) -> range:
        """Node indices of the customers."""
        return range(self.n_satellites + 1, len(self.demand))

    @property
    def n_customers(self) -> int:
        return len(self.demand) - self.n_satellites - 1

    def satellite_limit(self, satellite: int) -> float:
        """The freight ``satellite`` (a node index) may hand out: what its freighters carry."""
        return self.freighters_per_satellite[satellite - 1] * self.freighter_capacity

    def may_serve(self, satellite: int, customer: int) -> bool:
        """Whether ``satellite`` may serve ``customer`` (node indices)."""
        return self.allowed is None or bool(self.allowed[satellite - 1, customer])

    def over_capacity(self, routes: Sequence[FreighterRoute]) -> dict[int, float]:
        """Satellites whose customers exceed their capacity or their freighters' reach (by
        how much), for ``routes``."""
        freight = freight_by_satellite(self, routes)
        handled = dict.fromkeys(self.satellites, 0.0)
        weights = self.demand if self.handled is None else self.handled
        for route in routes:
            handled[route.satellite] += float(sum(weights[c] for c in route.customers))
        over = {}
        for s in self.satellites:
            excess = freight[s] - self.satellite_limit(s)
            if self.satellite_capacity is not None:
                excess = max(excess, handled[s] - self.satellite_capacity[s - 1])
            if excess > 1e-9:
                over[s] = excess
        return over


@dataclass(frozen=True)
class TruckRoute:
    """A first-level route: the satellites visited in order and the freight left at each."""

    satellites: tuple[int, ...]
    delivered: tuple[float, ...]


@dataclass(frozen=True)
class FreighterRoute:
    """A second-level route: its satellite and the customers visited in order."""

    satellite: int
    customers: tuple[int, ...]


@dataclass(frozen=True)
class TwoEchelonPlan:
    """Routes of both levels; ``cost`` is their total length as the solver measured it."""

    trucks: tuple[TruckRoute, ...]
    freighters: tuple[FreighterRoute, ...]
    cost: float


def path_length(distance: FloatArray, nodes: Sequence[int]) -> float:
    """Length of the path through ``nodes`` in order."""
    return float(sum(distance[a, b] for a, b in itertools.pairwise(nodes)))


def freight_by_satellite(
    problem: TwoEchelonProblem, routes: Sequence[FreighterRoute]
) -> dict[int, float]:
    """Freight each satellite hands to its freighters (its customers' demand)."""
    loads = dict.fromkeys(problem.satellites, 0.0)
    for route in routes:
        loads[route.satellite] += float(sum(problem.demand[c] for c in route.customers))
    return loads
