"""The report's parts on parcels by rural passenger bus (vans only against vans + buses) and on
township express outlets (each carrier's own outlet against the shared station)."""

from __future__ import annotations

from html import escape

from network.model import Network
from network.texts import N_, Texts
from scenarios.html import note, table, yuan
from scenarios.report_parts import CARRIERS, named
from scenarios.sections.routing_bus import BusComparison, OutletComparison

DIRECTIONS = {"out": N_("outward"), "back": N_("back")}
"""A departure's direction for people (the bus lines file's codes)."""


def bus_report(bus: BusComparison | None, network: Network, tr: Texts) -> str:
    """Vans only against vans + buses, the departures used and the villages riding them."""
    heading = f"<h3>{escape(tr('Parcels by rural bus'))}</h3>"
    if bus is None:
        return heading + note(
            tr('Not compared: no bus lines file ([routing.bus] lines = "bus_lines.csv").')
        )
    vans_only = bus.van_cost_yuan_per_day(bus.vans_only)
    with_bus = bus.van_cost_yuan_per_day(bus.with_bus)
    head = table(
        ["", tr("vans only"), tr("vans + buses")],
        [
            (tr("van routes per day (yuan)"), yuan(vans_only), yuan(with_bus)),
            (
                tr("bus fees and carrying per day (yuan)"),
                yuan(0),
                yuan(bus.bus_cost_yuan_per_day),
            ),
            (
                tr("total per day (yuan)"),
                yuan(vans_only),
                yuan(with_bus + bus.bus_cost_yuan_per_day),
            ),
            (
                tr("hub handling the buses skip (yuan/day)"),
                yuan(0),
                yuan(bus.hub_saved_yuan_per_day),
            ),
            (tr("vehicles (busiest day)"), bus.vehicles_vans_only, bus.vehicles_with_bus),
            (tr("stops served by bus"), 0, len(bus.village_ids)),
            (tr("parcels per day by bus"), 0.0, bus.parcels_per_day),
        ],
    )
    fell_back = [p.day for p in bus.plans if p.status == "FELL_BACK"]
    remark = (
        tr(
            "Days {days} keep the vans only: moving the villages the buses could take cost "
            "more than it saved once the vans were re-planned (first decision: {stops} stops, "
            "saving {saving} per day).",
            days=", ".join(str(d) for d in fell_back),
            stops=len(bus.tried.village_ids),
            saving=tr.yuan(bus.tried.saving_yuan_per_day),
        )
        if fell_back and bus.tried is not None
        else None
    )
    departures = [
        (
            d.key,
            named(tr, DIRECTIONS, d.direction),
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
        heading
        + head
        + note(_in_plan_note(bus, network, tr))
        + note(remark)
        + f"<h4>{escape(tr('Departures'))}</h4>"
        + table(
            [
                tr("departure"),
                tr("direction"),
                tr("leaves"),
                tr("parcels (max)"),
                tr("capacity (parcels)"),
            ],
            departures,
        )
        + f"<h4>{escape(tr('Stops served by bus'))}</h4>"
        + table(
            [
                tr("day"),
                tr("stop"),
                tr("lines"),
                tr("parcels that day"),
                tr("bus fee (yuan)"),
                tr("van marginal cost (yuan)"),
            ],
            riders,
        )
    )


def _in_plan_note(bus: BusComparison, network: Network, tr: Texts) -> str:
    """Whether the plan's routes and costs are the vans + buses days, and the line stops the
    plan cannot serve."""
    if bus.in_plan:
        text = tr(
            "The plan uses the buses: its routes, costs per parcel and whole way are the "
            "vans + buses days (bus fees and trunk shares are the bus stops' line haul)."
        )
    elif bus.adopted:
        text = tr("No stop rides a bus for less than the vans: the plan is the vans only.")
    else:
        text = tr("[routing.bus] adopt = false: the plan is the vans only; this is a comparison.")
    missing = [network[s].name if s in network else s for s in bus.stops_not_served]
    if missing:
        names = ", ".join(missing[:10]) + ("…" if len(missing) > 10 else "")
        text += tr(
            " {n} line stops are no stop of the plan (villages gathered at another village's "
            "service point), so the bus serves nobody there: {names}",
            n=len(missing),
            names=names,
        )
    return text


def outlets_report(outlets: OutletComparison | None, tr: Texts) -> str:
    """Per township and carrier: own outlet or shared station, and what the county saves."""
    if outlets is None:
        return ""
    rows = [
        (
            t.name,
            named(tr, CARRIERS, c.carrier),
            c.parcels_down + c.parcels_up,
            yuan(c.own_yuan),
            yuan(c.shared_yuan),
            tr("shared station") if c.cheaper == "shared_station" else tr("own outlet"),
            yuan(c.saving_yuan),
        )
        for t in outlets.townships
        for c in t.carriers
    ]
    return (
        f"<h3>{escape(tr('Township express outlets: own outlet or the shared station'))}</h3>"
        + note(
            tr(
                "Every carrier taking its cheaper option saves the county {saving} per day "
                "against each keeping its own outlet (rent and staff against a fee per parcel "
                "each way; see routing.outlets).",
                saving=tr.yuan(outlets.saving_yuan_per_day),
            )
        )
        + table(
            [
                tr("township"),
                tr("carrier"),
                tr("parcels per day"),
                tr("own outlet (yuan/day)"),
                tr("shared station (yuan/day)"),
                tr("cheaper"),
                tr("saving (yuan/day)"),
            ],
            rows,
        )
    )
