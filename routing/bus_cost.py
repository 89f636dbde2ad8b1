"""What the parcels that ride a bus cost in the plan: fees, trunk share, and which skip the hub.

When the bus decision (:mod:`routing.bus_lines`) is part of the plan, a village's parcels on a
bus day are not on any van route, but they still cost something at every stage of their way:

- line haul: the bus fees (its legs' per-parcel fees, and its share, by parcels, of each
  per-departure fee it rides; to the fen, largest remainder), the carrying between a line stop
  and the village's service point when the bus does not stop there (:mod:`routing.bus_carry`),
  plus, for a leg that boards (or
  alights) at a township hub, a share of that hub's trunk run of the day like the villages the
  hub's vans serve (the trunk keeps carrying those parcels to and from the hub:
  :func:`hub_extras` gives the loads to add to the hub's own for the trunk's solve);
- hub handling only for legs at a hub: a leg from or to the county DC passes no hub
  (:func:`bypass_parcels`);
- sorting, the village station and the last metre as any other parcel (the bus stop is the
  village's stop: its service point, whose station and door couriers take over).

:func:`attribute_with_bus` joins this to the vans' attribution (:mod:`routing.parcel_cost`):
each departure used is one ``bus`` entry among the routes, so routes and villages still add up
to the same total in fen.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import replace
from decimal import Decimal
from types import MappingProxyType
from typing import Literal

from network.model import Network, Tier
from network.money import to_fen
from routing.bus_lines import BusPlan, Departure, Leg, parcel_fee_yuan
from routing.echelons import Solved
from routing.parcel_cost import (
    Attribution,
    RouteCost,
    VillageCost,
    attribute_costs,
    split_by_weights,
)
from routing.stops import RoutingStops

ZERO = Decimal(0)


def _legs(plan: BusPlan) -> list[tuple[str, Leg, str]]:
    """(village, leg, source) for every leg of the day; the source is the hub or county DC
    the parcels come from (down) or go to (up)."""
    out = []
    for a in plan.assignments:
        if a.down is not None:
            out.append((a.village_id, a.down, a.down.board_id))
        if a.up is not None:
            out.append((a.village_id, a.up, a.up.alight_id))
    return out


def _down_up(
    network: Network, plans: Sequence[BusPlan], tier: Tier, *, by: Literal["source", "village"]
) -> dict[str, tuple[float, float]]:
    """Bus parcels (down, up) of the legs whose source is of ``tier``, summed per source or per
    village."""
    out: dict[str, tuple[float, float]] = {}
    for plan in plans:
        for village, leg, source in _legs(plan):
            if network[source].tier is not tier:
                continue
            key = source if by == "source" else village
            down, up = out.get(key, (0.0, 0.0))
            is_down = leg.alight_id == village
            out[key] = (down + leg.parcels, up) if is_down else (down, up + leg.parcels)
    return out


def hub_extras(network: Network, plan: BusPlan) -> dict[str, tuple[float, float]]:
    """Per township hub, the day's bus parcels (down, up) that change between trunk and bus
    there."""
    return _down_up(network, [plan], Tier.TOWNSHIP, by="source")


def with_hub_extras(network: Network, extras: Mapping[str, tuple[float, float]]) -> Network:
    """``network`` with each hub's own parcels raised by ``extras`` (the trunk carries them)."""
    if not extras:
        return network
    return network.replace_nodes(
        replace(
            n,
            parcels_down_per_day=n.parcels_down_per_day + extras[n.id][0],
            parcels_up_per_day=n.parcels_up_per_day + extras[n.id][1],
        )
        if n.id in extras
        else n
        for n in network
    )


def hub_riders(
    network: Network, plans: Sequence[BusPlan]
) -> dict[tuple[int, str], dict[str, float]]:
    """Per (day, hub), the villages whose bus parcels ride the trunk to or from that hub."""
    riders: dict[tuple[int, str], dict[str, float]] = {}
    for plan in plans:
        for village, leg, source in _legs(plan):
            if network[source].tier is Tier.TOWNSHIP:
                got = riders.setdefault((plan.day, source), {})
                got[village] = got.get(village, 0.0) + leg.parcels
    return riders


def departure_fees_yuan(
    plan: BusPlan, departures: Sequence[Departure]
) -> dict[str, dict[str, Decimal]]:
    """Per departure used, what each village on it pays (fen): its leg's per-parcel fee plus
    its share of the per-departure fee by parcels (largest remainder)."""
    by_key = {d.key: d for d in departures}
    on: dict[str, list[tuple[str, Leg]]] = {}
    for village, leg, _ in _legs(plan):
        on.setdefault(leg.departure, []).append((village, leg))
    out: dict[str, dict[str, Decimal]] = {}
    for key, legs in sorted(on.items()):
        fixed = to_fen(plan.departure_fees_yuan.get(key, ZERO))
        shares = split_by_weights(fixed, [leg.parcels for _, leg in legs])
        fees: dict[str, Decimal] = {}
        for (village, leg), share in zip(legs, shares, strict=True):
            fee = parcel_fee_yuan(by_key[key], leg.parcels) + share
            fees[village] = fees.get(village, ZERO) + fee
        out[key] = fees
    return out


def bypass_parcels(network: Network, plans: Sequence[BusPlan]) -> dict[str, tuple[float, float]]:
    """Per stop, parcels (down, up) over the period that ride a bus straight from or to a
    county DC: they pass no township hub."""
    return _down_up(network, plans, Tier.COUNTY, by="village")


def attribute_with_bus(
    network: Network,
    parts: Sequence[Solved],
    plans: Sequence[BusPlan],
    departures: Sequence[Departure],
    *,
    period_days: int,
    at_hubs: Mapping[str, Sequence[str]] | None = None,
) -> Attribution:
    """The vans' attribution (:func:`routing.parcel_cost.attribute_costs`) with the bus
    villages' trunk shares, their bus fees and their parcels delivered (module docstring)."""
    base = attribute_costs(
        network,
        parts,
        period_days=period_days,
        at_hubs=at_hubs,
        riders=hub_riders(network, plans),
    )
    cost = {vid: v.cost_yuan for vid, v in base.villages.items()}
    got = {vid: [v.parcels_down, v.parcels_up] for vid, v in base.villages.items()}
    routes = list(base.routes)
    for plan in plans:
        loads = dict.fromkeys(plan.village_ids, 0.0)
        for village, leg, _ in _legs(plan):
            parcels = got.setdefault(village, [0.0, 0.0])
            parcels[0 if leg.alight_id == village else 1] += leg.parcels
            loads[village] += leg.parcels
        for a in plan.assignments:
            if a.transfer_yuan > 0:  # carried between a line stop and the village's point
                cost[a.village_id] = cost.get(a.village_id, ZERO) + a.transfer_yuan
                routes.append(
                    RouteCost(
                        route_id=f"d{plan.day}-carry-{a.village_id}",
                        echelon="bus",
                        day=plan.day,
                        vehicle_type="e-tricycle",
                        cost_yuan=a.transfer_yuan,
                        distance_km=0.0,
                        parcels=a.parcels,
                    )
                )
        for key, fees in departure_fees_yuan(plan, departures).items():
            for village, fee in fees.items():
                cost[village] = cost.get(village, ZERO) + fee
            routes.append(
                RouteCost(
                    route_id=f"d{plan.day}-bus-{key}",
                    echelon="bus",
                    day=plan.day,
                    vehicle_type="bus",
                    cost_yuan=sum(fees.values(), ZERO),
                    distance_km=0.0,  # the bus runs anyway: its km are not the plan's
                    parcels=plan.load_on(key),
                )
            )
    villages = {
        vid: VillageCost(vid, network[vid].parent or "", cost[vid], *got[vid])
        for vid in sorted(cost)
    }
    return replace(base, routes=tuple(routes), villages=MappingProxyType(villages))


def bypass_by_village(
    stops: RoutingStops, plans: Sequence[BusPlan]
) -> dict[str, tuple[float, float]]:
    """:func:`bypass_parcels` per village of the original network: a service point's split
    over the villages it carries by their parcels down and up (as :func:`routing.spread_costs`
    splits its parcels)."""
    out: dict[str, tuple[float, float]] = {}
    for stop, (down, up) in bypass_parcels(stops.network, plans).items():
        members = [stops.original[v] for v in stops.carries.get(stop, (stop,))]
        all_down = sum(m.parcels_down_per_day for m in members)
        all_up = sum(m.parcels_up_per_day for m in members)
        for m in members:
            d = down * m.parcels_down_per_day / all_down if all_down > 0 else 0.0
            u = up * m.parcels_up_per_day / all_up if all_up > 0 else 0.0
            out[m.id] = (d, u)
    return out
