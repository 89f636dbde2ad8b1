"""The report's parcel economics part: the whole way by stage and direction, by carrier, the
sender's price, two echelons against flat, pooled against each carrier alone, the peak day."""

from __future__ import annotations

from decimal import Decimal

from network.model import Network
from routing import STAGES, Costs
from scenarios.charts import bar_chart
from scenarios.html import cell, note, table, yuan
from scenarios.sections.economics import EconomicsOutcome, EconomicsResult

STAGE_LABELS = {
    "sorting": "county DC sorting",
    "line_haul": "line haul (routes)",
    "hub_handling": "township hub handling",
    "station": "village station fee",
    "last_mile": "last metre (door / pickup)",
}


def economics_report(outcome: EconomicsOutcome, network: Network) -> str:
    """The economics section as HTML."""
    found = outcome.found
    if found is None:
        return f"<h2>Parcel economics</h2>{note(outcome.skipped)}"
    head = found.headline
    total, down, up = head.total(), head.total("down"), head.total("up")
    per, per_down, per_up = (
        total.stages_per_parcel_yuan,
        down.stages_per_parcel_yuan,
        up.stages_per_parcel_yuan,
    )
    rows = [(STAGE_LABELS[k], per[k], per_down[k], per_up[k]) for k in STAGES]
    rows.append(
        (
            "whole way",
            total.cost_per_parcel_yuan,
            down.cost_per_parcel_yuan,
            up.cost_per_parcel_yuan,
        )
    )
    chart = bar_chart(
        [STAGE_LABELS[k] for k in STAGES],
        [float(per[k]) for k in STAGES],
        y_label="yuan per parcel",
    )
    carriers = [
        (c, round(float(x.parcels), 1), x.cost_per_parcel_yuan)
        for c, x in head.by("carrier").items()
    ]
    return (
        "<h2>Parcel economics: the whole way</h2>"
        f"<p>A parcel costs <b>{cell(total.cost_per_parcel_yuan)} yuan</b> from the county DC to "
        f"the villager and back up ({cell(found.model)} model; {yuan(total.total_yuan)} yuan a "
        f"day; {float(head.couriers):,.1f} courier-days and {head.station_keepers} station "
        "keepers).</p>"
        + table(["stage", "all parcels (yuan)", "down (yuan)", "up (yuan)"], rows)
        + chart
        + "<h3>By carrier</h3>"
        + table(["carrier", "parcels per day", "cost per parcel (yuan)"], carriers)
        + _price(found)
        + _models(found)
        + _pooling(found)
        + _peak(found)
    )


def _price(found: EconomicsResult) -> str:
    price = found.price_up_yuan
    return (
        "<h3>The village sender's price</h3>"
        f"<p>An upward parcel of {found.up_kg:g} kg: village tariff <b>{cell(price)} yuan</b> "
        f"against {cell(found.benchmark_up_yuan)} yuan in comparable areas; the subsidy section "
        "pays the gap within the policy's cap.</p>"
    )


def _models(found: EconomicsResult) -> str:
    choice = found.routing.choice
    if choice is None:
        return ""
    rows = [
        (name, costs.cost_per_parcel_yuan, costs.stages_per_parcel_yuan["hub_handling"])
        for name, costs in (("two_echelon", choice.two_echelon), ("flat", choice.flat))
    ]
    why = "the scenario chose it" if choice.by == "scenario" else "it is the cheaper"
    return (
        "<h3>Two echelons against flat (day 0, hub handling included)</h3>"
        f"<p>The plan uses <b>{cell(choice.chosen)}</b>: {why}. {cell(choice.why())}.</p>"
        + table(["model", "whole way per parcel (yuan)", "of which hub handling"], rows)
    )


def _costs_row(name: str, costs: Costs) -> tuple[str, float, Decimal]:
    return (name, round(float(costs.parcels), 1), costs.cost_per_parcel_yuan)


def _pooling(found: EconomicsResult) -> str:
    p = found.pooling
    if p is None:
        return ""
    rows = [_costs_row("pooled", p.pooled)]
    rows += [_costs_row(f"{c} alone", x) for c, x in p.separate_by_carrier.items()]
    return (
        "<h3>Pooled against each carrier alone (day 0)</h3>"
        f"<p>Pooling saves <b>{cell(p.saving_pct)} %</b> of the whole way "
        f"({yuan(p.saving_yuan)} yuan a day: vehicles {yuan(p.vehicles_yuan)}, "
        f"km {yuan(p.km_yuan)}, handling {yuan(p.handling_yuan)}). Alone, each carrier serves "
        "only the places it reaches, with a fleet for its own volume.</p>"
        + table(["", "parcels per day", "cost per parcel (yuan)"], rows)
    )


def _peak(found: EconomicsResult) -> str:
    k = found.peak
    if k is None:
        return ""
    s = k.sorting
    return f"<h3>Peak day (month {k.month})</h3>" + table(
        ["", "value"],
        [
            ("parcels", k.parcels),
            ("vehicles", k.vehicles),
            ("cost per parcel (yuan)", k.costs.cost_per_parcel_yuan),
            ("DC sorting hours / window", f"{s.hours:.2f} / {s.window_hours:.2f}"),
            ("hubs late for the vans", ", ".join(s.late_hubs) or "none"),
            ("villages missing delivery", len(k.missed_villages)),
        ],
    )
