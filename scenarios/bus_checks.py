"""The routing section's bus and township-outlet figures against their ranges (plan.json
``checks``).

facts.md gives no range for a rural bus's fee per parcel or for the share of villages served by
bus (row 3d: 1,888 bus routes carried parcels in 2022, "cost falls, no % given"), nor for an
outlet's cost; each check below states the rule it holds the figure to, built from the nearest
cited rows.
"""

from __future__ import annotations

from decimal import Decimal
from typing import TYPE_CHECKING

from network.texts import N_
from scenarios.checks import Check

if TYPE_CHECKING:
    from scenarios.sections.routing import RoutingOutcome
    from scenarios.sections.routing_bus import BusComparison, OutletComparison

D = Decimal

#: A bus fee per parcel replaces the van's line haul: the line-haul stage's range.
BUS_FEE_RANGE = (D("0.10"), D("1.00"))
#: At most this share of villages on buses (rule, module docstring of :func:`bus_checks`).
BUS_VILLAGES_MAX_PCT = 30.0
#: What a station or outlet is paid to hand a parcel over: a courier's piece rate.
PIECE_RATE = (D("0.4"), D("1.2"))


def bus_checks(outcome: RoutingOutcome) -> list[Check]:
    """Bus figures (when a lines file is named) and outlet figures (when compared).

    Bus, always: the vans + bus days never cost more than the vans alone; no departure carries
    more than its capacity. Bus, when buses are in the plan: the fee per parcel sits in the
    line-haul stage's range (facts 3b: ZTO line-haul 0.39 yuan/parcel; a quarter to 2.5x), the
    share of villages by bus at most 30 % (facts 3d: 1,888 bus routes in 2022 against 289k
    village stations, facts 3a: at ~10 villages a route, some 7 % of villages nationally; rule:
    up to four times that where a county builds on its bus lines).
    """
    checks: list[Check] = []
    if outcome.bus is not None:
        checks += _bus(outcome, outcome.bus)
    if outcome.outlets is not None:
        checks += _outlets(outcome.outlets)
    return checks


def _bus(outcome: RoutingOutcome, bus: BusComparison) -> list[Check]:
    loads = [
        max((p.load_on(d.key) for p in bus.plans), default=0.0) / d.capacity_parcels * 100
        for d in bus.departures
    ]
    checks = [
        Check(
            "routing.bus.saving_yuan_per_day",
            bus.saving_yuan_per_day.quantize(D("0.01")),
            D(0),
            None,
            "yuan/day",
            N_(
                "rule: a day keeps its buses only when vans + bus fees cost no more than the vans "
                "alone (the second solve measures it)"
            ),
        ),
        Check(
            "routing.bus.departure_load_pct_max",
            round(max(loads, default=0.0), 1),
            0.0,
            100.0,
            "%",
            N_("rule: no departure carries more parcels than bus_lines.csv capacity_parcels"),
        ),
    ]
    if not bus.in_plan or bus.parcels_per_day <= 0:
        return checks
    fee = bus.fee_yuan_per_day / D(repr(bus.parcels_per_day))
    low, high = BUS_FEE_RANGE
    checks.append(
        Check(
            "routing.bus.fee_yuan_per_parcel",
            fee.quantize(D("0.01")),
            low,
            high,
            "yuan/parcel",
            N_(
                "rule: the bus fee replaces the van's line haul, so it sits in the line-haul "
                "stage's range (facts 3b: ZTO line-haul 0.39 yuan/parcel; a quarter to 2.5x)"
            ),
            note=N_("bus_lines.csv fee_yuan_per_parcel and fee_yuan_per_departure set it"),
        )
    )
    carries = outcome.stops.carries
    by_bus = {v for s in bus.village_ids for v in carries.get(s, (s,))}
    villages = len(outcome.stops.original.villages)
    if villages:
        checks.append(
            Check(
                "routing.bus.villages_share_pct",
                round(len(by_bus) / villages * 100, 1),
                0.0,
                BUS_VILLAGES_MAX_PCT,
                "%",
                N_(
                    "facts 3d: 1,888 bus routes carried parcels in 2022; facts 3a: 289k village "
                    "stations; at ~10 villages a route ~7 % of villages; rule: at most 4x that"
                ),
            )
        )
    return checks


def _outlets(outlets: OutletComparison) -> list[Check]:
    own = sum((c.own_yuan for t in outlets.townships for c in t.carriers), D(0))
    best = own - outlets.saving_yuan_per_day
    parcels = sum(c.parcels_down + c.parcels_up for t in outlets.townships for c in t.carriers)
    if own <= 0 or parcels <= 0:
        return []
    low, high = PIECE_RATE
    return [
        Check(
            "routing.outlets.saving_pct",
            round(float(outlets.saving_yuan_per_day / own) * 100, 2),
            5.0,
            35.0,
            "%",
            N_(
                "facts 3d: carrier collaboration saves 14.4 % on average, 22.1 % in the top "
                "quartile; issue 16: 5-35 % for pooling"
            ),
        ),
        Check(
            "routing.outlets.cost_per_parcel_yuan",
            (best / D(repr(parcels))).quantize(D("0.01")),
            low / 2,
            high,
            "yuan/parcel",
            N_(
                "facts 3b: courier piece rates 0.4-1.2 yuan/parcel (an outlet hands parcels over "
                "like a courier, without travelling); rule: from half the lowest"
            ),
        ),
    ]
