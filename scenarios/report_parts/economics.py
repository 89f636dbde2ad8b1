"""The report's parcel economics part: the whole way by stage and direction, by carrier, the
sender's price, two echelons against flat, pooled against each carrier alone, the peak day."""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal
from html import escape

from network.model import Network
from network.texts import N_, Texts
from routing import STAGES, Costs
from routing.model_choice import Model
from scenarios.charts import bar_chart
from scenarios.html import HtmlCell, note, table
from scenarios.report_parts import CARRIERS, MODELS, filled, named
from scenarios.sections.economics import EconomicsOutcome, EconomicsResult

STAGE_LABELS = {
    "sorting": N_("county DC sorting"),
    "line_haul": N_("line haul (routes)"),
    "hub_handling": N_("township hub handling"),
    "station": N_("village station fee"),
    "last_mile": N_("last metre (door / pickup)"),
}
"""The whole way's stages for people (the tables keep the codes)."""


def economics_report(outcome: EconomicsOutcome, network: Network, tr: Texts) -> str:
    """The economics section as HTML in ``tr``'s language."""
    found = outcome.found
    if found is None:
        reason = tr("Not costed: the routing section did not run, so there are no routes to cost.")
        return f"<h2>{escape(tr('Parcel economics'))}</h2>{note(reason)}"
    head = found.headline
    total, down, up = head.total(), head.total("down"), head.total("up")
    per, per_down, per_up = (
        total.stages_per_parcel_yuan,
        down.stages_per_parcel_yuan,
        up.stages_per_parcel_yuan,
    )
    rows: list[tuple[HtmlCell, ...]] = [
        (tr(STAGE_LABELS[k]), per[k], per_down[k], per_up[k]) for k in STAGES
    ]
    rows.append(
        (
            tr("whole way"),
            total.cost_per_parcel_yuan,
            down.cost_per_parcel_yuan,
            up.cost_per_parcel_yuan,
        )
    )
    chart = bar_chart(
        [tr(STAGE_LABELS[k]) for k in STAGES],
        [float(per[k]) for k in STAGES],
        y_label=tr("yuan per parcel"),
    )
    carriers = [
        (named(tr, CARRIERS, c), tr.number(x.parcels, 1), x.cost_per_parcel_yuan)
        for c, x in head.by("carrier").items()
    ]
    summary = filled(
        tr(
            "A parcel costs {cost} from the county DC to the villager and back up "
            "({model}; {per_day} a day; {couriers} courier-days and {keepers} station keepers)."
        ),
        bold={"cost": tr.yuan(total.cost_per_parcel_yuan)},
        model=named(tr, MODELS, found.model),
        per_day=tr.yuan(total.total_yuan),
        couriers=tr.number(head.couriers, 1),
        keepers=tr.number(head.station_keepers),
    )
    return (
        f"<h2>{escape(tr('Parcel economics: the whole way'))}</h2><p>{summary}</p>"
        + table([tr("stage"), tr("all parcels (yuan)"), tr("down (yuan)"), tr("up (yuan)")], rows)
        + chart
        + f"<h3>{escape(tr('By carrier'))}</h3>"
        + table([tr("carrier"), tr("parcels per day"), tr("cost per parcel (yuan)")], carriers)
        + _price(found, tr)
        + _models(found, tr)
        + _pooling(found, tr)
        + _peak(found, tr)
    )


def _price(found: EconomicsResult, tr: Texts) -> str:
    price = found.price_up_yuan
    text = filled(
        tr(
            "An upward parcel of {kg} kg: village tariff {price} against {benchmark} in "
            "comparable areas; the subsidy section pays the gap within the policy's cap."
        ),
        bold={"price": "" if price is None else tr.yuan(price)},
        kg=f"{found.up_kg:g}",
        benchmark="" if found.benchmark_up_yuan is None else tr.yuan(found.benchmark_up_yuan),
    )
    return f"<h3>{escape(tr('The village sender’s price'))}</h3><p>{text}</p>"


def _models(found: EconomicsResult, tr: Texts) -> str:
    choice = found.routing.choice
    if choice is None:
        return ""
    rows = [
        (
            named(tr, MODELS, name),
            costs.cost_per_parcel_yuan,
            costs.stages_per_parcel_yuan["hub_handling"],
        )
        for name, costs in (("two_echelon", choice.two_echelon), ("flat", choice.flat))
    ]
    why = tr("the scenario chose it") if choice.by == "scenario" else tr("it is the cheaper")
    cheap = choice.cheaper
    dear: Model = "flat" if cheap == "two_echelon" else "two_echelon"
    a, b = choice.costs(cheap), choice.costs(dear)
    sa, sb = a.stages_per_parcel_yuan, b.stages_per_parcel_yuan
    gap = tr(
        "{cheaper} costs {gap} a parcel less than {dearer}: line haul {haul_a} against "
        "{haul_b}, hub handling {hub_a} against {hub_b}.",
        cheaper=named(tr, MODELS, cheap),
        gap=tr.yuan(b.cost_per_parcel_yuan - a.cost_per_parcel_yuan),
        dearer=named(tr, MODELS, dear),
        haul_a=tr.yuan(sa["line_haul"]),
        haul_b=tr.yuan(sb["line_haul"]),
        hub_a=tr.yuan(sa["hub_handling"]),
        hub_b=tr.yuan(sb["hub_handling"]),
    )
    uses = filled(
        tr("The plan uses {model}: {why}."),
        bold={"model": named(tr, MODELS, choice.chosen)},
        why=why,
    )
    return (
        f"<h3>{escape(tr('Two echelons against flat (day 0, hub handling included)'))}</h3>"
        f"<p>{uses}{'' if tr.lang == 'zh' else ' '}{escape(gap)}</p>"
        + table([tr("model"), tr("whole way per parcel (yuan)"), tr("of which hub handling")], rows)
    )


def _costs_row(name: str, costs: Costs, tr: Texts) -> tuple[str, str, Decimal]:
    return (name, tr.number(costs.parcels, 1), costs.cost_per_parcel_yuan)


def _pooling(found: EconomicsResult, tr: Texts) -> str:
    p = found.pooling
    if p is None:
        return ""
    rows = [_costs_row(tr("pooled"), p.pooled, tr)]
    rows += [
        _costs_row(tr("{carrier} alone", carrier=named(tr, CARRIERS, c)), x, tr)
        for c, x in p.separate_by_carrier.items()
    ]
    text = filled(
        tr(
            "Pooling saves {pct} % of the whole way ({saving} a day: vehicles {vehicles}, km "
            "{km}, handling {handling}). Alone, each carrier serves only the places it reaches, "
            "with a fleet for its own volume."
        ),
        bold={"pct": "–" if p.saving_pct is None else tr.number(p.saving_pct, 1)},
        saving=tr.yuan(p.saving_yuan),
        vehicles=tr.yuan(p.vehicles_yuan),
        km=tr.yuan(p.km_yuan),
        handling=tr.yuan(p.handling_yuan),
    )
    return (
        f"<h3>{escape(tr('Pooled against each carrier alone (day 0)'))}</h3><p>{text}</p>"
        + table(["", tr("parcels per day"), tr("cost per parcel (yuan)")], rows)
    )


def _peak(found: EconomicsResult, tr: Texts) -> str:
    k = found.peak
    if k is None:
        return ""
    s = k.sorting
    heading = tr("Peak day (month {month})", month=k.month)
    return f"<h3>{escape(heading)}</h3>" + table(
        ["", tr("value")],
        [
            (tr("parcels that day"), tr.number(k.parcels)),
            (tr("vehicles used"), k.vehicles),
            (tr("cost per parcel (yuan)"), k.costs.cost_per_parcel_yuan),
            (tr("DC sorting hours / window"), f"{s.hours:.2f} / {s.window_hours:.2f}"),
            (tr("hubs late for the vans"), _names(s.late_hubs, tr) or tr("none")),
            (tr("villages missing delivery"), len(k.missed_villages)),
        ],
    )


def _names(names: Sequence[str], tr: Texts) -> str:
    """Names in a list as the language writes them (``甲、乙`` / ``a, b``)."""
    return ("、" if tr.lang == "zh" else ", ").join(names)
