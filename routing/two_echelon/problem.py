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
    ``satellite_capacity`` optionally caps the freight a satellite handles (parcels/day).
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
        """The freight ``satellite`` (a node index) may handle: its capacity if given, else
        what its freighters can carry."""
        by_fleet = self.freighters_per_satellite[satellite - 1] * self.freighter_capacity
        if self.satellite_capacity is None:
            return by_fleet
        return min(by_fleet, self.satellite_capacity[satellite - 1])


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
