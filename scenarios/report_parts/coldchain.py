"""The report's cold-chain part: losses over the season, the bottleneck, utilisation day by
day, the recommended sizes and what is lost with less."""

from __future__ import annotations

from network.model import Network
from scenarios.charts import line_chart
from scenarios.html import cell, table, yuan
from scenarios.report_parts.coldchain_ecommerce import ecommerce_html, scope_banner
from scenarios.sections.coldchain import ColdchainOutcome
from scenarios.sections.coldchain_ecommerce import EcommerceOutcome


def coldchain_report(outcome: ColdchainOutcome | EcommerceOutcome, network: Network) -> str:
    """The cold chain as HTML: the e-commerce scope's parcels, or the bulk harvest over the
    season (charts as inline SVG)."""
    if isinstance(outcome, EcommerceOutcome):
        return ecommerce_html(outcome)
    mean, lo, hi = outcome.loss_pct
    bottleneck = outcome.bottleneck
    where = "" if bottleneck is None else f"{bottleneck[1].value} at {bottleneck[2]}"
    head = table(
        ["", "value"],
        [
            ("loss, share of value (mean over seasons)", f"{mean:.2f} %"),
            ("95 % confidence interval", f"{lo:.2f} - {hi:.2f} %"),
            (
                f"loss at the P{outcome.percentile:g} season",
                f"{outcome.loss_pct_at_percentile:.2f} %",
            ),
            ("value lost per year (yuan)", yuan(outcome.lost_value_yuan[0])),
            ("bottleneck", where or None),
        ],
    )
    peaks = table(["stage", "peak utilisation %"], sorted(outcome.peak_utilisation_pct.items()))
    banner = scope_banner("industry")
    return (
        f"<h2>Cold chain over the season</h2>{banner}{head}{_daily_chart(outcome)}{peaks}"
        + _sizing(outcome)
    )


def _daily_chart(outcome: ColdchainOutcome) -> str:
    """The busiest facility of each stage, day by day (mean over the seasons)."""
    stats, setup = outcome.stats, outcome.setup
    util = 100.0 * stats.daily_util_sum / len(stats.seeds)
    series = []
    for stage in sorted({f.stage.value for f in setup.facilities}):
        columns = [i for i, f in enumerate(setup.facilities) if f.stage.value == stage]
        busiest = util[:, columns].max(axis=1)
        days = list(range(1, util.shape[0] + 1))
        series.append((stage, days, [round(float(v), 1) for v in busiest]))
    if not series:
        return ""
    return line_chart(
        series, x_label="day of the season", y_label="busiest facility, % of capacity"
    )


def _sizing(outcome: ColdchainOutcome) -> str:
    sizing = outcome.sizing
    if sizing is None:
        return ""
    rows = [
        (
            s.stage.value,
            round(s.capacity, 1),
            s.unit,
            round(s.factor, 3),
            yuan(s.capital_yuan),
            yuan(s.energy_yuan_per_year),
        )
        for s in sizing.stages
    ]
    sizes = table(
        ["stage", "capacity", "unit", "x today", "capital (yuan)", "energy (yuan/yr)"], rows
    )
    curve: dict[str, tuple[list[float], list[float]]] = {}
    for point in sizing.loss_curve:
        xs, ys = curve.setdefault(point.stage, ([], []))
        xs.append(100.0 * point.share)
        ys.append(point.loss_pct)
    chart = (
        line_chart(
            [(stage, xs, ys) for stage, (xs, ys) in sorted(curve.items())],
            x_label="capacity, % of the recommended size (others at recommended)",
            y_label="loss, % of value",
        )
        if curve
        else ""
    )
    return (
        f"<h3>Sizes that keep the P{cell(sizing.percentile)} loss under "
        f"{cell(sizing.target_pct)} %</h3>{sizes}<h3>What is lost with less</h3>{chart}"
    )
