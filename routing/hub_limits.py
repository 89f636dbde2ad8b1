"""A township hub's limits, and what a day's plan asks of each hub.

Two limits per hub, both optional (``[routing] hub_capacity_parcels_per_day`` and
``hub_vehicles``):

- parcels handled per day: the hub's own parcels plus those of every village a vehicle based
  at the hub serves, down plus up (what the station sorts and stores);
- feeder vehicles based at the hub (routes of the day starting there, any type).

They mean the same in both models. In the two-echelon model every village is fed from a hub,
so the assignment (:mod:`routing.assignment`) keeps each hub's villages within its capacity.
In the flat model the county DC's vans may serve a village directly, so a parcel passes a hub
only when one of the hub's own vehicles serves it: :func:`routing.echelons.solve_flat` caps the
hub's vehicles and, when the hub's vehicles took more parcels than it handles, gives the hub a
catchment that fits (the nearest of the villages they took) and serves the rest from the county
DC or other hubs. The county DC's trunk vehicles are not based at a hub and do not count.
:func:`hub_use` measures both figures from the solved plan itself, whichever model made it.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING

from network.errors import InputError
from network.model import Network
from network.texts import Message
from routing.model import RoutingProblem

if TYPE_CHECKING:
    from routing.echelons import Solved

ByHub = Mapping[str, Mapping[str, tuple[float, float]]]


@dataclass(frozen=True)
class HubLimits:
    """Per hub id: most parcels handled per day (down + up, its own included) and most
    feeder vehicles based there. Hubs not named have no limit."""

    parcels_per_day: Mapping[str, float] = field(default_factory=dict)
    vehicles: Mapping[str, int] = field(default_factory=dict)

    def __bool__(self) -> bool:
        return bool(self.parcels_per_day or self.vehicles)


@dataclass(frozen=True)
class HubUse:
    """What a day's plan asks of one hub: parcels handled (down + up) and vehicles based there."""

    parcels: float
    vehicles: int


def hub_throughput(network: Network, by_hub: ByHub) -> dict[str, float]:
    """Parcels each hub handles per day: its own and its villages', down plus up."""
    return {
        hub: network[hub].parcels_per_day + sum(d + u for d, u in loads.values())
        for hub, loads in by_hub.items()
    }


def over_capacity(network: Network, by_hub: ByHub, limits: HubLimits) -> dict[str, float]:
    """Hubs handling more parcels per day than their limit, with the parcels they handle."""
    return {
        hub: parcels
        for hub, parcels in hub_throughput(network, by_hub).items()
        if parcels > limits.parcels_per_day.get(hub, math.inf) + 1e-9
    }


def check_limits(network: Network, limits: HubLimits) -> None:
    """Raise :class:`InputError` for a limit on an id that is not a township hub."""
    hubs = {n.id for n in network.townships}
    for name, table in (
        ("hub_capacity_parcels_per_day", limits.parcels_per_day),
        ("hub_vehicles", limits.vehicles),
    ):
        for hub, value in table.items():
            if hub not in hubs:
                raise InputError(
                    Message("[routing] {name}: {hub!r} is not a township hub", name=name, hub=hub),
                    field=name,
                )
            if value < 0:
                raise InputError(
                    Message(
                        "[routing] {name}: {hub} has {value} < 0", name=name, hub=hub, value=value
                    ),
                    field=name,
                )


def hub_use(network: Network, parts: Sequence[Solved]) -> dict[str, HubUse]:
    """Each hub's parcels handled and vehicles based there in a day's solved parts (any
    model): its own parcels, plus the down and up parcels of every stop a route starting at
    the hub serves; vehicles are the routes with at least one stop starting there."""
    hubs = {n.id for n in network.townships}
    parcels = {hub: network[hub].parcels_per_day for hub in hubs}
    vehicles = dict.fromkeys(hubs, 0)
    for part in parts:
        problem = part.problem
        for route in part.plan.routes:
            depot = problem.ids[route.depot]
            if depot not in hubs or not route.stops:
                continue
            vehicles[depot] += 1
            for stop in route.stops:
                parcels[depot] += float(problem.delivery[stop, 0] + problem.pickup[stop, 0])
    return {hub: HubUse(parcels[hub], vehicles[hub]) for hub in sorted(hubs)}


def exceeded(use: Mapping[str, HubUse], limits: HubLimits) -> dict[str, tuple[bool, bool]]:
    """Hubs over a limit: (over parcels, over vehicles)."""
    out = {}
    for hub, u in use.items():
        parcels = u.parcels > limits.parcels_per_day.get(hub, math.inf) + 1e-9
        vehicles = u.vehicles > limits.vehicles.get(hub, math.inf)
        if parcels or vehicles:
            out[hub] = (parcels, vehicles)
    return out


def capped(problem: RoutingProblem, vehicles: int, depot: str | None = None) -> RoutingProblem:
    """``problem`` with each vehicle type (only those based at ``depot`` when given) at most
    ``vehicles`` strong; types left with none are dropped."""
    fleet = tuple(
        replace(vt, count=min(vt.count, vehicles)) if depot is None or vt.depots == (depot,) else vt
        for vt in problem.fleet
    )
    return replace(problem, fleet=tuple(vt for vt in fleet if vt.count > 0))


def largest_only(
    problem: RoutingProblem, vehicles: int, depot: str | None = None
) -> RoutingProblem:
    """``problem`` with one vehicle type (the largest by a day's parcels) at ``depot`` (or in
    all), ``vehicles`` of it: at most that many vehicles, whatever the solver picks."""
    mine = [vt for vt in problem.fleet if depot is None or vt.depots == (depot,)]
    if not mine:
        return problem
    largest = max(mine, key=lambda vt: vt.capacity[0] * vt.max_trips)
    others = tuple(vt for vt in problem.fleet if vt not in mine)
    fleet = (*others, replace(largest, count=vehicles)) if vehicles > 0 else others
    return replace(problem, fleet=fleet)
