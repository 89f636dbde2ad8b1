"""The report's shared-routes part: cost per day and per parcel, by township and carrier,
the two models, the year-on-year path and the stops left out."""

from __future__ import annotations

from decimal import Decimal

from network.model import Network
from scenarios.charts import bar_chart, line_chart
from scenarios.html import note, table, yuan
from scenarios.report_parts.bus import bus_report, outlets_report
from scenarios.sections.routing import RoutingOutcome


def _float(value: Decimal | None) -> float:
    return 0.0 if value is None else float(value)


def routing_report(outcome: RoutingOutcome, network: Network) -> str:
    """The shared routes of the plan as HTML (charts as inline SVG)."""
    attr, shared = outcome.attribution, outcome.shared
    head = table(
        ["", "value"],
        [
            ("delivery cost per day (yuan)", yuan(attr.daily_cost_yuan)),
            ("line-haul cost per parcel (yuan)", yuan(attr.cost_per_parcel_yuan)),
            ("distance per day (km)", round(outcome.distance_km_per_day, 1)),
            ("vehicles", outcome.vehicles),
            ("stops routed", len(outcome.stops.network.villages)),
            ("stops are", outcome.stops_from),
            ("villages delivered via a service point", outcome.villages_via_points),
            ("stops not served", len(outcome.unserved)),
            ("model", outcome.echelon),
            ("shared routes save (%)", None if shared is None else shared.saving_pct),
            (
                "shared routes save (yuan per day)",
                None if shared is None else yuan(shared.saving_yuan),
            ),
        ],
    )
    return (
        f"<h2>Shared delivery routes</h2>{head}{note(outcome.saving_check)}"
        + _by_township(outcome, network)
        + _by_carrier(outcome)
        + _models(outcome)
        + _year_path(outcome)
        + _unserved(outcome)
        + bus_report(outcome.bus, outcome.stops.original)
        + outlets_report(outcome.outlets)
    )


def _by_township(outcome: RoutingOutcome, network: Network) -> str:
    per_parcel = outcome.cost_per_parcel_by_township_yuan
    rows = []
    for township_id, cost in outcome.cost_by_township_yuan.items():
        node = network.get(township_id)
        rows.append((node.name if node else township_id, cost, per_parcel.get(township_id)))
    chart = (
        bar_chart(
            [name for name, _, _ in rows],
            [_float(pp) for _, _, pp in rows],
            y_label="cost per parcel (yuan)",
        )
        if rows
        else ""
    )
    return (
        "<h3>Cost per parcel by township</h3>"
        + chart
        + table(
            ["township", "cost per day (yuan)", "cost per parcel (yuan)"],
            [(name, yuan(cost), yuan(pp)) for name, cost, pp in rows],
        )
    )


def _by_carrier(outcome: RoutingOutcome) -> str:
    per_parcel = outcome.cost_per_parcel_by_carrier_yuan
    rows = [
        (carrier, yuan(cost), yuan(per_parcel.get(carrier)))
        for carrier, cost in outcome.cost_by_carrier_yuan.items()
    ]
    return "<h3>Cost per parcel by carrier (shared routes)</h3>" + table(
        ["carrier", "cost per day (yuan)", "cost per parcel (yuan)"], rows
    )


def _models(outcome: RoutingOutcome) -> str:
    rows = [
        (name, yuan(model.cost_yuan), round(model.seconds, 2))
        for name, model in (("two_echelon", outcome.two_echelon_day0), ("flat", outcome.flat_day0))
        if model is not None
    ]
    return "<h3>Two echelons against one flat model (day 0)</h3>" + table(
        ["model", "cost (yuan)", "solve time (s)"], rows
    )


def _year_path(outcome: RoutingOutcome) -> str:
    path = outcome.year_path
    chart = (
        line_chart(
            [
                (
                    "cost per parcel",
                    [p.year for p in path],
                    [float(p.cost_per_parcel_yuan) for p in path],
                )
            ],
            x_label="year",
            y_label="yuan per parcel",
        )
        if path
        else ""
    )
    rows = [
        (
            p.year,
            p.parcels_per_day,
            yuan(p.daily_cost_yuan),
            yuan(p.cost_per_parcel_yuan),
            p.vehicles,
        )
        for p in path
    ]
    headers = ["year", "parcels per day", "cost per day (yuan)", "cost per parcel (yuan)"]
    return "<h3>Cost per parcel year by year</h3>" + chart + table([*headers, "vehicles"], rows)


def _unserved(outcome: RoutingOutcome) -> str:
    if not outcome.unserved:
        return ""
    rows = [(u.id, u.name, str(u.reason)) for u in outcome.unserved]
    return "<h3>Villages not served</h3>" + table(["id", "name", "reason"], rows)
