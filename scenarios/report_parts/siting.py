"""The report's service-points part: what siting chose, what it costs, and the cost of each
extra 10 % of coverage."""

from __future__ import annotations

from network.model import Network
from scenarios.charts import line_chart
from scenarios.html import table, yuan
from scenarios.sections.siting import SitingOutcome


def siting_report(outcome: SitingOutcome, network: Network) -> str:
    """The chosen service points and the cost-vs-coverage curve as HTML."""
    result = outcome.result
    reused = len(result.existing_ids)
    head = table(
        ["", "value"],
        [
            ("service points chosen", len(result.chosen_ids)),
            (
                "existing outlets upgraded / new points",
                f"{reused} / {len(result.chosen_ids) - reused}",
            ),
            ("cost (yuan)", yuan(result.cost_yuan)),
            ("optimality gap %", result.gap_pct),
            ("solver status", result.status),
            ("all siting targets met", "yes" if outcome.targets_met["all"] else "no"),
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
            [(f"target on {name}", xs, ys) for name, (xs, ys) in sorted(series.items())],
            x_label="coverage target (%)",
            y_label="least cost of service points (yuan)",
        )
        if series
        else ""
    )
    return f"<h2>Service points: where, and what each extra 10 % costs</h2>{head}{chart}"
