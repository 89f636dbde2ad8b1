"""plan.json's ``routing.hub_limits``: each limited hub's busiest day against its limits."""

from __future__ import annotations

from collections.abc import Sequence

from network.model import Network
from routing.echelons import ModelResult
from routing.hub_limits import HubLimits, hub_use
from scenarios.context import Json


def hub_limits_summary(
    network: Network, days: Sequence[ModelResult], limits: HubLimits
) -> list[Json]:
    """One row per hub with a limit: the limits and the most parcels handled and vehicles
    based there on any day of the period, measured on the plan (:func:`routing.hub_use`)."""
    hubs = sorted(set(limits.parcels_per_day) | set(limits.vehicles))
    uses = [hub_use(network, day.parts) for day in days]
    rows: list[Json] = []
    for hub in hubs:
        parcels = max((u[hub].parcels for u in uses if hub in u), default=0.0)
        vehicles = max((u[hub].vehicles for u in uses if hub in u), default=0)
        rows.append(
            {
                "id": hub,
                "name": network[hub].name if hub in network else hub,
                "parcels_per_day_limit": limits.parcels_per_day.get(hub),
                "parcels_per_day_busiest": round(parcels, 1),
                "vehicles_limit": limits.vehicles.get(hub),
                "vehicles_busiest": vehicles,
            }
        )
    return rows
