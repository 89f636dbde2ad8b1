"""The report's parts on parcels by rural passenger bus (vans only against vans + buses) and on
township express outlets (each carrier's own outlet against the shared station)."""

from __future__ import annotations

from network.model import Network
from scenarios.html import note, table, yuan
from scenarios.sections.routing_bus import BusComparison, OutletComparison


def bus_report(bus: BusComparison | None, network: Network) -> str:
    """Vans only against vans + buses, the departures used and the villages riding them."""
    if bus is None:
        return "<h3>Parcels by rural bus</h3>" + note(
            'Not compared: no bus lines file ([routing.bus] lines = "bus_lines.csv").'
        )
    vans_only = bus.van_cost_yuan_per_day(bus.vans_only)
    with_bus = bus.van_cost_yuan_per_day(bus.with_bus)
    head = table(
        ["", "vans only", "vans + buses"],
        [
            ("van routes per day (yuan)", yuan(vans_only), yuan(with_bus)),
            ("bus fees and carrying per day (yuan)", yuan(0), yuan(bus.bus_cost_yuan_per_day)),
            ("total per day (yuan)", yuan(vans_only), yuan(with_bus + bus.bus_cost_yuan_per_day)),
            ("hub handling the buses skip (yuan/day)", yuan(0), yuan(bus.hub_saved_yuan_per_day)),
            ("vehicles (busiest day)", bus.vehicles_vans_only, bus.vehicles_with_bus),
            ("stops served by bus", 0, len(bus.village_ids)),
            ("parcels per day by bus", 0.0, bus.parcels_per_day),
        ],
    )
    fell_back = [p.day for p in bus.plans if p.status == "FELL_BACK"]
    remark = (
        f"Days {fell_back} keep the vans only: moving the villages the buses could take cost "
        f"more than it saved once the vans were re-planned (first decision: "
        f"{len(bus.tried.village_ids)} stops, saving {yuan(bus.tried.saving_yuan_per_day)} "
        "yuan per day)."
        if fell_back and bus.tried is not None
        else None
    )
    departures = [
        (
            d.key,
            d.direction,
            f"{int(d.arrivals_min[0]) // 60:02d}:{int(d.arrivals_min[0]) % 60:02d}",
            max((p.load_on(d.key) for p in bus.plans), default=0.0),
            d.capacity_parcels,
        )
        for d in bus.departures
    ]
    riders = [
        (
            p.day,
            network[a.village_id].name if a.village_id in network else a.village_id,
            ", ".join(a.line_ids),
            a.parcels,
            yuan(a.fee_yuan),
            yuan(a.van_cost_yuan),
        )
        for p in bus.plans
        for a in p.assignments
    ]
    return (
        "<h3>Parcels by rural bus (客货邮融合)</h3>"
        + head
        + note(_in_plan_note(bus, network))
        + note(remark)
        + "<h4>Departures</h4>"
        + table(["departure", "direction", "leaves", "parcels (max)", "capacity"], departures)
        + "<h4>Stops served by bus</h4>"
        + table(
            ["day", "stop", "lines", "parcels", "bus fee (yuan)", "van marginal cost (yuan)"],
            riders,
        )
    )


def _in_plan_note(bus: BusComparison, network: Network) -> str:
    """Whether the plan's routes and costs are the vans + buses days, and the line stops the
    plan cannot serve (human-facing text, kept here for the message catalogue)."""
    if bus.in_plan:
        text = (
            "The plan uses the buses: its routes, costs per parcel and whole way are the "
            "vans + buses days (bus fees and trunk shares are the bus stops' line haul)."
        )
    elif bus.adopted:
        text = "No stop rides a bus for less than the vans: the plan is the vans only."
    else:
        text = "[routing.bus] adopt = false: the plan is the vans only; this is a comparison."
    missing = [network[s].name if s in network else s for s in bus.stops_not_served]
    if missing:
        text += (
            f" {len(missing)} line stops are no stop of the plan (villages gathered at another "
            "village's service point), so the bus serves nobody there: "
            + ", ".join(missing[:10])
            + ("…" if len(missing) > 10 else "")
        )
    return text


def outlets_report(outlets: OutletComparison | None) -> str:
    """Per township and carrier: own outlet or shared station, and what the county saves."""
    if outlets is None:
        return ""
    rows = [
        (
            t.name,
            c.carrier,
            c.parcels_down + c.parcels_up,
            yuan(c.own_yuan),
            yuan(c.shared_yuan),
            "shared station" if c.cheaper == "shared_station" else "own outlet",
            yuan(c.saving_yuan),
        )
        for t in outlets.townships
        for c in t.carriers
    ]
    return (
        "<h3>Township express outlets: own outlet or the shared station</h3>"
        + note(
            f"Every carrier taking its cheaper option saves the county "
            f"{yuan(outlets.saving_yuan_per_day)} yuan per day against each keeping its own "
            "outlet (rent and staff against a fee per parcel each way; see routing.outlets)."
        )
        + table(
            [
                "township",
                "carrier",
                "parcels per day",
                "own outlet (yuan/day)",
                "shared station (yuan/day)",
                "cheaper",
                "saving (yuan/day)",
            ],
            rows,
        )
    )
