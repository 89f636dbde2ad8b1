"""The report's subsidy part: what parity for upward parcels draws from each fund line."""

from __future__ import annotations

from html import escape

from network.model import Network
from network.texts import N_, Texts
from scenarios.charts import bar_chart
from scenarios.html import table, yuan
from scenarios.report_parts import CARRIERS, filled, named
from scenarios.sections.subsidy import SubsidyOutcome

COST_SOURCES = {
    "economics": N_("the whole way's cost per parcel (parcel economics)"),
    "routing": N_("the shared routes' cost per parcel"),
    "config": N_("the scenario's cost table"),
    "default": N_("the default costs"),
}
"""Where the per-parcel costs came from, for people (plan.json keeps the code)."""

FUND_LINES = {
    "service_system": N_("county e-commerce public service system"),
    "logistics": N_("logistics and supply chain"),
    "training": N_("e-commerce training"),
    "poverty_alleviation": N_("poverty alleviation"),
    "other": N_("other"),
}
"""The special fund's default programme lines for people; a county's own lines as named."""


def subsidy_report(outcome: SubsidyOutcome, network: Network, tr: Texts) -> str:
    """The yearly parity subsidy per fund line and carrier as HTML in ``tr``'s language."""
    plan = outcome.plan
    months = plan.months_until_exhausted
    rows = []
    for line, amount in plan.draw_by_line_yuan.items():
        left = months.get(line)
        rows.append(
            (named(tr, FUND_LINES, line), yuan(amount), None if left is None else float(left))
        )
    chart = bar_chart(
        [named(tr, FUND_LINES, line) for line in plan.draw_by_line_yuan],
        [float(v) for v in plan.draw_by_line_yuan.values()],
        y_label=tr("yuan per year"),
    )
    by_carrier = [(named(tr, CARRIERS, k), yuan(v)) for k, v in plan.annual_by_carrier_yuan.items()]
    costs = filled(
        tr(
            "Parity costs the fund {amount} a year (benchmark price {benchmark} per parcel; "
            "costs from {source})."
        ),
        bold={"amount": tr.yuan(plan.annual_parity_yuan)},
        benchmark=tr.yuan(outcome.benchmark_yuan),
        source=named(tr, COST_SOURCES, outcome.cost_source),
    )
    return (
        f"<h2>{escape(tr('Subsidy: parity for upward parcels'))}</h2>"
        f"<p>{costs}</p>"
        + table([tr("fund line"), tr("draw per year (yuan)"), tr("months until exhausted")], rows)
        + chart
        + table([tr("carrier"), tr("parity per year (yuan)")], by_carrier)
    )
