"""The report's service-points part: what siting chose, what it costs, and the cost of each
extra 10 % of coverage."""

from __future__ import annotations

from html import escape

from network.model import Network
from network.texts import N_, Texts
from scenarios.charts import line_chart
from scenarios.html import table, yuan
from scenarios.report_parts import named
from scenarios.sections.siting import SitingOutcome

SERIES = {
    "villages": N_("target on villages"),
    "poor_villages": N_("target on registered-poor villages"),
}
"""The cost curve's series (the swept target) for people."""

STATUS = {
    "OPTIMAL": N_("optimal (proven)"),
    "FEASIBLE": N_("feasible (time limit reached; see the gap)"),
    "INFEASIBLE": N_("infeasible (some places no candidate can cover)"),
    "UNKNOWN": N_("no solution within the time limit"),
}
"""The solver's status for people (plan.json keeps the code)."""


def siting_report(outcome: SitingOutcome, network: Network, tr: Texts) -> str:
    """The chosen service points and the cost-vs-coverage curve as HTML in ``tr``'s language."""
    result = outcome.result
    reused = len(result.existing_ids)
    head = table(
        ["", tr("value")],
        [
            (tr("service points chosen"), len(result.chosen_ids)),
            (
                tr("existing outlets upgraded / new points"),
                f"{reused} / {len(result.chosen_ids) - reused}",
            ),
            (tr("cost (yuan)"), yuan(result.cost_yuan)),
            (tr("optimality gap %"), result.gap_pct),
            (tr("solver status"), named(tr, STATUS, result.status)),
            (
                tr("all siting targets met"),
                tr("yes") if outcome.targets_met["all"] else tr("no"),
            ),
        ],
    )
    series: dict[str, tuple[list[float], list[float]]] = {}
    for point in outcome.curve:
        if point.cost_yuan is not None:
            xs, ys = series.setdefault(point.series, ([], []))
            xs.append(point.target_pct)
            ys.append(float(point.cost_yuan))
    chart = (
        line_chart(
            [(tr(SERIES.get(name, name)), xs, ys) for name, (xs, ys) in sorted(series.items())],
            x_label=tr("coverage target (%)"),
            y_label=tr("least cost of service points (yuan)"),
        )
        if series
        else ""
    )
    heading = tr("Service points: where, and what each extra 10 % costs")
    return f"<h2>{escape(heading)}</h2>{head}{chart}"
