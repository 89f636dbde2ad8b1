"""Candidate sites for service points and what each costs.

Every place with an existing outlet (post office, co-op, express outlet, shop, party-service
centre) is a candidate at a low upgrade cost; every other township seat and village is a
candidate for a newly built point. A candidate's cost over the planning horizon is its one-off
cost plus its yearly running cost times ``years``.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from network.errors import InputError
from network.model import Network, Tier
from network.texts import Message


@dataclass(frozen=True, slots=True)
class SitingCosts:
    """Cost rules for candidates (yuan).

    Attributes:
        upgrade_yuan: one-off cost of upgrading an existing outlet into a service point.
        build_yuan: one-off cost of a new point where no outlet exists.
        upgrade_running_yuan_per_year: yearly running cost of an upgraded outlet.
        build_running_yuan_per_year: yearly running cost of a new point.
        years: planning horizon over which running costs count.
        capacity_parcels_per_day: capacity of every candidate, or None for no limit.
    """

    upgrade_yuan: Decimal = Decimal(1_000)
    build_yuan: Decimal = Decimal(20_000)
    upgrade_running_yuan_per_year: Decimal = Decimal(0)
    build_running_yuan_per_year: Decimal = Decimal(0)
    years: int = 1
    capacity_parcels_per_day: float | None = None

    def __post_init__(self) -> None:
        for name in ("upgrade_yuan", "build_yuan"):
            if Decimal(getattr(self, name)) < 0:
                raise InputError(Message("{name} must not be negative", name=name), field=name)
        for name in ("upgrade_running_yuan_per_year", "build_running_yuan_per_year"):
            if Decimal(getattr(self, name)) < 0:
                raise InputError(Message("{name} must not be negative", name=name), field=name)
        if self.years < 0:
            raise InputError(
                Message("years must not be negative, got {years}", years=self.years), field="years"
            )


DEFAULT_COSTS = SitingCosts()


@dataclass(frozen=True, slots=True)
class Candidate:
    """A place where a service point could stand.

    Attributes:
        id: node id of the place.
        existing: True when an outlet exists there (upgrade rather than build).
        one_off_yuan: upgrade or build cost.
        running_yuan_per_year: yearly running cost.
        cost_yuan: one-off plus running cost over the horizon (what the models minimise).
        capacity_parcels_per_day: parcels a day it can handle, or None for no limit.
    """

    id: str
    existing: bool
    one_off_yuan: Decimal
    running_yuan_per_year: Decimal
    cost_yuan: Decimal
    capacity_parcels_per_day: float | None = None


def candidates_from_network(
    network: Network, *, costs: SitingCosts = DEFAULT_COSTS
) -> tuple[Candidate, ...]:
    """Every township seat and village as a candidate; places with outlets are upgrades."""
    result = []
    for node in network:
        if node.tier is Tier.COUNTY:
            continue
        existing = bool(node.outlets)
        one_off = costs.upgrade_yuan if existing else costs.build_yuan
        running = (
            costs.upgrade_running_yuan_per_year if existing else costs.build_running_yuan_per_year
        )
        result.append(
            Candidate(
                id=node.id,
                existing=existing,
                one_off_yuan=Decimal(one_off),
                running_yuan_per_year=Decimal(running),
                cost_yuan=Decimal(one_off) + Decimal(running) * costs.years,
                capacity_parcels_per_day=costs.capacity_parcels_per_day,
            )
        )
    return tuple(result)
