"""The report's cold-chain part: losses over the season, the bottleneck, utilisation day by
day, the recommended sizes and what is lost with less, in the run's language (``tr``)."""

from __future__ import annotations

from collections.abc import Mapping
from html import escape
from typing import TypeVar

from coldchain.labels import STAGES, stage_label, unit_label
from network.model import Network
from network.texts import Texts
from scenarios.charts import line_chart
from scenarios.html import note, table
from scenarios.report_parts.coldchain_ecommerce import ecommerce_html, language, scope_banner
from scenarios.sections.coldchain import ColdchainOutcome
from scenarios.sections.coldchain_ecommerce import EcommerceOutcome

T = TypeVar("T")


def coldchain_report(
    outcome: ColdchainOutcome | EcommerceOutcome, network: Network, tr: Texts | None = None
) -> str:
    """The cold chain as HTML: the e-commerce scope's parcels, or the bulk harvest over the
    season (charts as inline SVG), in ``tr``'s language (English when not given)."""
    tr = language(tr)
    if isinstance(outcome, EcommerceOutcome):
        return ecommerce_html(outcome, tr)
    mean, lo, hi = outcome.loss_pct
    bottleneck = outcome.bottleneck
    where = None
    if bottleneck is not None:
        node = bottleneck[2]
        place = network[node].name if node in network else node
        where = tr("{stage} at {place}", stage=stage_label(bottleneck[1].value, tr), place=place)
    head = table(
        ["", tr("value")],
        [
            (tr("loss, share of value (mean over seasons)"), f"{mean:.2f} %"),
            (tr("95 % confidence interval"), f"{lo:.2f} – {hi:.2f} %"),
            (
                tr("loss at the P{percentile} season", percentile=f"{outcome.percentile:g}"),
                f"{outcome.loss_pct_at_percentile:.2f} %",
            ),
            (tr("value lost per year"), tr.yuan(outcome.lost_value_yuan[0])),
            (tr("bottleneck"), where),
        ],
    )
    peaks = table(
        [tr("stage"), tr("peak utilisation (%)")],
        [(stage_label(s, tr), v) for s, v in _in_chain_order(outcome.peak_utilisation_pct)],
    )
    banner = scope_banner("industry", tr)
    title = escape(tr("Cold chain over the season"))
    return f"<h2>{title}</h2>{banner}{head}{_daily_chart(outcome, tr)}{peaks}" + _sizing(
        outcome, tr
    )


def _daily_chart(outcome: ColdchainOutcome, tr: Texts) -> str:
    """The busiest facility of each stage, day by day (mean over the seasons)."""
    stats, setup = outcome.stats, outcome.setup
    util = 100.0 * stats.daily_util_sum / len(stats.seeds)
    series = []
    for stage, _ in _in_chain_order({f.stage.value: None for f in setup.facilities}):
        columns = [i for i, f in enumerate(setup.facilities) if f.stage.value == stage]
        busiest = util[:, columns].max(axis=1)
        days = list(range(1, util.shape[0] + 1))
        series.append((stage_label(stage, tr), days, [round(float(v), 1) for v in busiest]))
    if not series:
        return ""
    return line_chart(
        series,
        x_label=tr("day of the season"),
        y_label=tr("busiest facility, % of capacity"),
    )


def _sizing(outcome: ColdchainOutcome, tr: Texts) -> str:
    sizing = outcome.sizing
    if sizing is None:
        return ""
    rows = [
        (
            stage_label(s.stage.value, tr),
            f"{tr.number(s.capacity, 0 if s.unit == 'vehicles' else 1)} {unit_label(s.unit, tr)}",
            tr("{factor} x today", factor=tr.number(s.factor, 2)),
            tr.yuan(s.capital_yuan),
            tr("{money} a year", money=tr.yuan(s.energy_yuan_per_year)),
        )
        for s in sizing.stages
    ]
    headers = [tr("stage"), tr("recommended capacity"), tr("against today"), tr("capital")]
    sizes = table([*headers, tr("energy a year")], rows)
    curve: dict[str, tuple[list[float], list[float]]] = {}
    for point in sizing.loss_curve:
        xs, ys = curve.setdefault(point.stage, ([], []))
        xs.append(100.0 * point.share)
        ys.append(point.loss_pct)
    chart = (
        line_chart(
            [(_curve_label(stage, tr), xs, ys) for stage, (xs, ys) in _in_chain_order(curve)],
            x_label=tr("capacity, % of the recommended size (others at recommended)"),
            y_label=tr("loss, % of value"),
        )
        if curve
        else ""
    )
    title = tr(
        "Sizes that keep the P{percentile} loss under {target} %",
        percentile=f"{sizing.percentile:g}",
        target=f"{sizing.target_pct:g}",
    )
    less = tr("What is lost with less")
    floor = ""
    if not sizing.feasible:
        floor = tr(
            "Capacity alone cannot bring the loss under {target} %: with ample capacity at "
            "every stage it is still {floor} % (harvest that spoils before any stage, and in "
            "transit); the stages are sized to come within 0.1 percentage point of that.",
            target=f"{sizing.target_pct:g}",
            floor=f"{sizing.floor_pct:.2f}",
        )
    return f"<h3>{escape(title)}</h3>{note(floor)}{sizes}<h3>{escape(less)}</h3>{chart}"


def _in_chain_order(by_stage: Mapping[str, T]) -> list[tuple[str, T]]:
    """``by_stage``'s items in the chain's order (processing first, reefers last; ``"all"``
    and stages it does not know after them)."""
    order = {stage: i for i, stage in enumerate(STAGES)}
    return sorted(by_stage.items(), key=lambda kv: (order.get(kv[0], len(order)), kv[0]))


def _curve_label(stage: str, tr: Texts) -> str:
    """A loss curve's stage, or all stages at once (``"all"``)."""
    return tr("all stages") if stage == "all" else stage_label(stage, tr)
