"""The report's subsidy part: what parity for upward parcels draws from each fund line."""

from __future__ import annotations

from html import escape

from network.model import Network
from scenarios.charts import bar_chart
from scenarios.html import table, yuan
from scenarios.sections.subsidy import SubsidyOutcome


def subsidy_report(outcome: SubsidyOutcome, network: Network) -> str:
    """The yearly parity subsidy per fund line and carrier as HTML."""
    plan = outcome.plan
    months = plan.months_until_exhausted
    rows = []
    for line, amount in plan.draw_by_line_yuan.items():
        left = months.get(line)
        rows.append((line, yuan(amount), None if left is None else float(left)))
    chart = bar_chart(
        list(plan.draw_by_line_yuan),
        [float(v) for v in plan.draw_by_line_yuan.values()],
        y_label="yuan per year",
    )
    by_carrier = [(k, yuan(v)) for k, v in plan.annual_by_carrier_yuan.items()]
    return (
        "<h2>Subsidy: parity for upward parcels</h2>"
        f"<p>Parity costs the fund <b>{yuan(plan.annual_parity_yuan)} yuan a year</b> "
        f"(benchmark price {escape(yuan(outcome.benchmark_yuan))} yuan per parcel; costs from "
        f"{escape(outcome.cost_source)}).</p>"
        f"{table(['fund line', 'draw per year (yuan)', 'months until exhausted'], rows)}{chart}"
        f"{table(['carrier', 'parity per year (yuan)'], by_carrier)}"
    )
