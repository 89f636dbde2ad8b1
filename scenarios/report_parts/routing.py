"""The report's shared-routes part: cost per day and per parcel, by township and carrier,
the two models, the year-on-year path and the stops left out."""

from __future__ import annotations

from decimal import Decimal
from html import escape

from network.model import Network
from network.texts import N_, Texts
from scenarios.charts import bar_chart, line_chart
from scenarios.html import note, table, yuan
from scenarios.report_parts import CARRIERS, MODELS, named
from scenarios.report_parts.bus import bus_report, outlets_report
from scenarios.sections.routing import MEASURED_SAVING_PCT, RoutingOutcome

STOPS_FROM = {
    "service_points": N_("service points (each carries the villages it covers)"),
    "villages": N_("every village"),
}
"""What the routes stop at, for people."""

UNSERVED = {
    "capacity": N_("its parcels exceed every vehicle's capacity"),
    "time_window": N_("no vehicle reaches it within its hours and the shift"),
    "too_far": N_("beyond every vehicle's distance or duration limit, or no road to it"),
    "not_worth_it": N_("optional, and serving it costs more than leaving it out"),
    "no_vehicle": N_("reachable alone, but the fleet ran out"),
}
"""Why a stop is not served (routing's reason codes, kept in plan.json), for people."""


def _float(value: Decimal | None) -> float:
    return 0.0 if value is None else float(value)


def routing_report(outcome: RoutingOutcome, network: Network, tr: Texts) -> str:
    """The shared routes of the plan as HTML in ``tr``'s language (charts as inline SVG)."""
    attr, shared = outcome.attribution, outcome.shared
    head = table(
        ["", tr("value")],
        [
            (tr("delivery cost per day (yuan)"), yuan(attr.daily_cost_yuan)),
            (tr("line-haul cost per parcel (yuan)"), yuan(attr.cost_per_parcel_yuan)),
            (tr("distance per day (km)"), tr.number(outcome.distance_km_per_day, 1)),
            (tr("vehicles used"), outcome.vehicles),
            (tr("stops routed"), len(outcome.stops.network.villages)),
            (tr("stops are"), named(tr, STOPS_FROM, outcome.stops_from)),
            (tr("villages delivered via a service point"), outcome.villages_via_points),
            (tr("stops not served"), len(outcome.unserved)),
            (tr("model"), named(tr, MODELS, outcome.echelon)),
            (tr("shared routes save (%)"), None if shared is None else shared.saving_pct),
            (
                tr("shared routes save (yuan per day)"),
                None if shared is None else yuan(shared.saving_yuan),
            ),
        ],
    )
    return (
        f"<h2>{escape(tr('Shared delivery routes'))}</h2>{head}{note(_saving_check(outcome, tr))}"
        + _by_township(outcome, network, tr)
        + _by_carrier(outcome, tr)
        + _models(outcome, tr)
        + _year_path(outcome, tr)
        + _unserved(outcome, tr)
        + bus_report(outcome.bus, outcome.stops.original, tr)
        + outlets_report(outcome.outlets, tr)
    )


def _saving_check(outcome: RoutingOutcome, tr: Texts) -> str | None:
    """Where the shared routes' saving falls against the measured range (facts.md 3d)."""
    if outcome.shared is None:
        return None
    low, high = MEASURED_SAVING_PCT
    pct = outcome.shared.saving_pct
    if pct < low:
        return tr("below the {low}-{high} % measured for carrier collaboration", low=low, high=high)
    if pct > high:
        return tr("above the {low}-{high} % measured for carrier collaboration", low=low, high=high)
    return tr("within the {low}-{high} % measured for carrier collaboration", low=low, high=high)


def _by_township(outcome: RoutingOutcome, network: Network, tr: Texts) -> str:
    per_parcel = outcome.cost_per_parcel_by_township_yuan
    rows = []
    for township_id, cost in outcome.cost_by_township_yuan.items():
        node = network.get(township_id)
        rows.append((node.name if node else township_id, cost, per_parcel.get(township_id)))
    chart = (
        bar_chart(
            [name for name, _, _ in rows],
            [_float(pp) for _, _, pp in rows],
            y_label=tr("cost per parcel (yuan)"),
        )
        if rows
        else ""
    )
    return (
        f"<h3>{escape(tr('Cost per parcel by township'))}</h3>"
        + chart
        + table(
            [tr("township"), tr("cost per day (yuan)"), tr("cost per parcel (yuan)")],
            [(name, yuan(cost), yuan(pp)) for name, cost, pp in rows],
        )
    )


def _by_carrier(outcome: RoutingOutcome, tr: Texts) -> str:
    per_parcel = outcome.cost_per_parcel_by_carrier_yuan
    rows = [
        (named(tr, CARRIERS, carrier), yuan(cost), yuan(per_parcel.get(carrier)))
        for carrier, cost in outcome.cost_by_carrier_yuan.items()
    ]
    return f"<h3>{escape(tr('Cost per parcel by carrier (shared routes)'))}</h3>" + table(
        [tr("carrier"), tr("cost per day (yuan)"), tr("cost per parcel (yuan)")], rows
    )


def _models(outcome: RoutingOutcome, tr: Texts) -> str:
    rows = [
        (named(tr, MODELS, name), yuan(model.cost_yuan), round(model.seconds, 2))
        for name, model in (("two_echelon", outcome.two_echelon_day0), ("flat", outcome.flat_day0))
        if model is not None
    ]
    return f"<h3>{escape(tr('Two echelons against one flat model (day 0)'))}</h3>" + table(
        [tr("model"), tr("cost (yuan)"), tr("solve time (s)")], rows
    )


def _year_path(outcome: RoutingOutcome, tr: Texts) -> str:
    path = outcome.year_path
    chart = (
        line_chart(
            [
                (
                    tr("cost per parcel"),
                    [p.year for p in path],
                    [float(p.cost_per_parcel_yuan) for p in path],
                )
            ],
            x_label=tr("year"),
            y_label=tr("yuan per parcel"),
        )
        if path
        else ""
    )
    rows = [
        (
            p.year,
            tr.number(p.parcels_per_day, 1),
            yuan(p.daily_cost_yuan),
            yuan(p.cost_per_parcel_yuan),
            p.vehicles,
        )
        for p in path
    ]
    headers = [
        tr("year"),
        tr("parcels per day"),
        tr("cost per day (yuan)"),
        tr("cost per parcel (yuan)"),
        tr("vehicles used"),
    ]
    return f"<h3>{escape(tr('Cost per parcel year by year'))}</h3>" + chart + table(headers, rows)


def _unserved(outcome: RoutingOutcome, tr: Texts) -> str:
    if not outcome.unserved:
        return ""
    rows = [(u.id, u.name, named(tr, UNSERVED, str(u.reason))) for u in outcome.unserved]
    return f"<h3>{escape(tr('Villages not served'))}</h3>" + table(
        [tr("id"), tr("name"), tr("reason")], rows
    )
