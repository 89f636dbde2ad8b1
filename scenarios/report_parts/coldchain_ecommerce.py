"""The report's part for the cold chain's e-commerce scope, the scope banner of both scopes and
the plan's ``checks`` table, in the run's language (``tr``).

``scope = "ecommerce"``: the cold parcels sold online, the facility list with its capital
against the special fund, the loss per product against its cited range, cheaper builds.
``scope = "industry"``: the bulk-harvest view (:mod:`scenarios.report_parts.coldchain`) with a
banner saying so.

Codes shown to people (products, build kinds, carriages, places, units) are words from
:mod:`coldchain.labels`; money goes through ``tr.yuan`` (Decimal until here).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from decimal import Decimal
from html import escape

from coldchain.build import BuildItem
from coldchain.ecommerce import PLACES
from coldchain.ecommerce_plan import CheaperBuild, EcomPlan
from coldchain.labels import (
    build_kind_label,
    carriage_label,
    place_label,
    product_label,
    unit_label,
)
from network.money import to_fen
from network.texts import N_, Texts, texts_for
from scenarios.checks import Check, figure_label, number, range_text, text
from scenarios.html import note, table
from scenarios.sections.coldchain_ecommerce import (
    FUND_LINE_NAME,
    SPECIAL_FUND_YUAN,
    EcommerceOutcome,
)
from scenarios.sections.coldchain_ecommerce_figures import EcomFigures

SCOPES = {
    "ecommerce": N_(
        "E-commerce scope: the fresh share of the upward parcels. Each village's harvest times "
        "the product's online share is graded, packed and pre-cooled at a village or township "
        "point, carried to the county DC in an insulated box with ice/gel packs (or a reefer "
        "when the trip is longer than the box holds), and sent out on the evening line-haul."
    ),
    "industry": N_(
        "Industry scope: the bulk-harvest view. The whole harvest that enters the cold chain "
        "(processing, pre-cooling, stores, reefers) is simulated and sized; figures are for the "
        "county's industry, not for the parcels sold online."
    ),
}
"""What each ``[coldchain] scope`` means, for the banner above its figures."""


def language(tr: Texts | None) -> Texts:
    """``tr``, or English for a caller that does not pass the run's language (as before the
    catalogue)."""
    return texts_for("en") if tr is None else tr


def scope_banner(scope: str, tr: Texts | None = None) -> str:
    """One paragraph saying which scope the figures are for (and the scenario line that picks
    it)."""
    tr = language(tr)
    meaning = tr(SCOPES[scope]) if scope in SCOPES else ""
    code = escape(f'scope = "{scope}"')
    return f'<p class="note">{escape(meaning)} <code>[coldchain] {code}</code></p>'


def quantity(value: float | Decimal, digits: int, unit: str, tr: Texts) -> str:
    """A number with thousands separators and its unit's word (``3,200 件/日``)."""
    return f"{tr.number(value, digits)} {unit_label(unit, tr)}"


def per_parcel(value: Decimal | None, tr: Texts) -> str:
    """Yuan per parcel to the fen (``1.82 元/件``); no data for None."""
    if value is None:
        return tr("no data")
    return tr("{yuan} yuan/parcel", yuan=tr.number(to_fen(value), 2))


def per_year(value: Decimal, tr: Texts) -> str:
    """Money a year (``12.50 万元/年``)."""
    return tr("{money} a year", money=tr.yuan(value))


def checks_html(checks: Sequence[Check], tr: Texts | None = None) -> str:
    """The plan's headline figures against their ranges (empty without checks): the figure's
    name, its value, the range, the verdict and the source, in ``tr``'s language."""
    if not checks:
        return ""
    tr = language(tr)
    rows = [
        (
            figure_label(c, tr),
            tr("no data") if c.value is None else number(c.value, c.unit, tr),
            range_text(c, tr),
            tr("inside") if c.ok else tr("OUTSIDE"),
            text(c.source, tr) + (tr(" ({note})", note=text(c.note, tr)) if c.note else ""),
        )
        for c in checks
    ]
    headers = [tr("figure"), tr("value"), tr("range"), tr("verdict"), tr("source")]
    return f"<h2>{escape(tr('Figures against their references'))}</h2>" + table(headers, rows)


def ecommerce_html(outcome: EcommerceOutcome, tr: Texts | None = None) -> str:
    """The e-commerce scope's part of the report, from its typed outcome."""
    tr = language(tr)
    plan, figures = outcome.plan, outcome.figures
    parts = [
        (tr("Loss per product"), _losses(figures, tr)),
        (tr("Harvest read from the data"), _harvest(outcome, tr)),
        (tr("Recommended build"), _facilities(plan.build.items, outcome.names, tr)),
        (tr("Cheaper builds"), _cheaper(outcome.curve, tr)),
    ]
    return (
        f"<h2>{escape(tr('Cold chain for the fresh parcels that go up'))}</h2>"
        f"{scope_banner('ecommerce', tr)}{_head(outcome, plan, figures, tr)}"
        + "".join(f"<h3>{escape(title)}</h3>{body}" for title, body in parts)
    )


def _head(outcome: EcommerceOutcome, plan: EcomPlan, figures: EcomFigures, tr: Texts) -> str:
    b = plan.build
    mean, low, high = figures.loss_pct
    lanes: dict[str, int] = {}
    for ln in plan.lanes:
        lanes[ln.carriage.value] = lanes.get(ln.carriage.value, 0) + 1
    carriage = tr("; ").join(
        tr("{carriage}: {n}", carriage=carriage_label(k, tr), n=tr.number(n))
        for k, n in sorted(lanes.items())
    )
    points = plan.points
    return table(
        ["", tr("value")],
        [
            (
                tr("cold parcels a day (yearly average)"),
                quantity(plan.parcels_per_year / 365.0, 0, "parcels/day", tr),
            ),
            (
                tr("cold parcels on the peak (P90) day"),
                quantity(plan.peak_parcels_per_day, 0, "parcels/day", tr),
            ),
            (tr("cost per cold parcel"), per_parcel(plan.cost_per_cold_parcel_yuan, tr)),
            (
                tr("pre-cooling points"),
                tr(
                    "{village} at villages, {hub} at township seats and the county DC",
                    village=tr.number(len(points.village_points)),
                    hub=tr.number(len(points.hub_points)),
                ),
            ),
            (tr("lanes to the county DC by carriage"), carriage or None),
            (tr("capital of the build"), tr.yuan(b.capital_yuan)),
            (
                tr("from the special fund, line '{line}'", line=tr(FUND_LINE_NAME)),
                tr.yuan(b.fund_yuan),
            ),
            (tr("fund line total"), tr.yuan(outcome.options.fund_line_yuan)),
            (tr("special fund, all lines"), tr.yuan(SPECIAL_FUND_YUAN)),
            (tr("carriers' and co-ops' own investment"), tr.yuan(b.carriers_yuan)),
            (tr("running cost"), per_year(b.running_yuan_per_year, tr)),
            (tr("loss, share of value (mean over seasons)"), f"{mean:.2f} %"),
            (tr("95 % confidence interval"), f"{low:.2f} – {high:.2f} %"),
            (tr("unserved or refused"), quantity(figures.unserved_t, 1, "t/yr", tr)),
            (tr("reefer trucks"), quantity(b.reefers, 0, "vehicles", tr)),
        ],
    )


def _losses(figures: EcomFigures, tr: Texts) -> str:
    places = figures.lost_t_by_product_and_place
    rows = [
        (
            product_label(p, tr),
            figures.sold_online_t.get(p),
            f"{pct:.2f}",
            " – ".join(f"{v:.2f}" for v in figures.loss_pct_ci95_by_product.get(p, ())),
            *(places.get(p, {}).get(k) for k in PLACES),
        )
        for p, pct in figures.loss_pct_by_product.items()
    ]
    headers = [tr("product"), tr("sold online (t/yr)"), tr("loss rate (%)"), tr("95 % CI (%)")]
    lost = [tr("{place} (t/yr lost)", place=place_label(k, tr)) for k in PLACES]
    return table([*headers, *lost], rows)


def _harvest(outcome: EcommerceOutcome, tr: Texts) -> str:
    return table(
        [tr("product"), tr("harvest t/yr (node file x stated season days)")],
        [(product_label(p, tr), t) for p, t in sorted(outcome.harvest_t_per_year.items())],
    )


def _facilities(items: Sequence[BuildItem], names: Mapping[str, str], tr: Texts) -> str:
    headers = [tr("facility"), tr("place"), tr("size"), tr("capital"), tr("energy a year")]
    return table(
        [*headers, tr("running cost a year"), tr("paid by")],
        [
            (
                build_kind_label(i.kind, tr),
                names.get(i.node) or i.node,
                quantity(i.size, 1, i.unit, tr),
                tr.yuan(i.capital_yuan),
                tr.yuan(i.energy_yuan_per_year),
                tr.yuan(i.running_yuan_per_year),
                tr("the special fund") if i.fundable else tr("carriers and co-ops"),
            )
            for i in items
        ],
    )


def _cheaper(curve: Sequence[CheaperBuild], tr: Texts) -> str:
    if not curve:
        return note(
            tr(
                "Not computed in this run (a --fast run, or [coldchain.ecommerce] "
                "cheaper_builds = false)."
            )
        )
    return table(
        [tr("build"), tr("capital"), tr("loss rate (%)")],
        [
            (
                c.label if c.text is None else c.text.render(tr),
                tr.yuan(c.capital_yuan),
                f"{c.loss_pct:.2f}",
            )
            for c in curve
        ],
    )
