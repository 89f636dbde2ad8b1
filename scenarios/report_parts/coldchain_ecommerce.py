"""The report's part for the cold chain's e-commerce scope, the scope banner of both scopes and
the plan's ``checks`` table.

``scope = "ecommerce"``: the cold parcels sold online, the facility list with its capital
against the special fund, the loss per product against its cited range, cheaper builds.
``scope = "industry"``: the bulk-harvest view (:mod:`scenarios.report_parts.coldchain`) with a
banner saying so.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from coldchain.build import BuildItem
from coldchain.ecommerce_plan import CheaperBuild, EcomPlan
from scenarios.checks import Check
from scenarios.html import table, yuan
from scenarios.sections.coldchain_ecommerce import (
    FUND_LINE,
    SPECIAL_FUND_YUAN,
    EcommerceOutcome,
)
from scenarios.sections.coldchain_ecommerce_figures import EcomFigures

SCOPES = {
    "ecommerce": (
        "E-commerce scope: the fresh share of the upward parcels. Each village's harvest times "
        "the product's online share is graded, packed and pre-cooled at a village or township "
        "point, carried to the county DC in an insulated box with ice/gel packs (or a reefer "
        "when the trip is longer than the box holds), and sent out on the evening line-haul."
    ),
    "industry": (
        "Industry scope: the bulk-harvest view. The whole harvest that enters the cold chain "
        "(processing, pre-cooling, stores, reefers) is simulated and sized; figures are for the "
        "county's industry, not for the parcels sold online."
    ),
}


def scope_banner(scope: str) -> str:
    """One paragraph saying which scope the figures are for."""
    return f'<p class="note"><b>{scope}</b>: {SCOPES.get(scope, "")}</p>'


def checks_html(checks: Sequence[Check]) -> str:
    """The plan's headline figures against their ranges (empty without checks)."""
    if not checks:
        return ""
    rows = [
        (
            c.figure,
            None if c.value is None else str(c.value),
            None if c.low is None else str(c.low),
            None if c.high is None else str(c.high),
            c.unit,
            "inside" if c.ok else "OUTSIDE",
            c.source + (f" ({c.note})" if c.note else ""),
        )
        for c in checks
    ]
    return "<h2>Figures against their references</h2>" + table(
        ["figure", "value", "low", "high", "unit", "", "source"], rows
    )


def ecommerce_html(outcome: EcommerceOutcome) -> str:
    """The e-commerce scope's part of the report, from its typed outcome."""
    title = "<h2>Cold chain for the fresh parcels that go up</h2>"
    plan, figures = outcome.plan, outcome.figures
    return (
        f"{title}{scope_banner('ecommerce')}{_head(outcome, plan, figures)}"
        f"<h3>Loss per product</h3>{_losses(figures)}"
        f"<h3>Harvest read from the data</h3>{_harvest(outcome)}"
        f"<h3>Recommended build</h3>{_facilities(plan.build.items, outcome.names)}"
        f"<h3>Cheaper builds</h3>{_cheaper(outcome.curve)}"
    )


def _head(outcome: EcommerceOutcome, plan: EcomPlan, figures: EcomFigures) -> str:
    b = plan.build
    mean, low, high = figures.loss_pct
    return table(
        ["", "value"],
        [
            ("cold parcels a day (yearly average)", plan.parcels_per_year / 365.0),
            ("cold parcels on the peak (P90) day", plan.peak_parcels_per_day),
            ("cost per cold parcel (yuan)", yuan(plan.cost_per_cold_parcel_yuan)),
            ("capital of the build (yuan)", yuan(b.capital_yuan)),
            (f"from the special fund, line '{FUND_LINE}' (yuan)", yuan(b.fund_yuan)),
            ("fund line total (yuan)", yuan(outcome.options.fund_line_yuan)),
            ("special fund, all lines (yuan)", yuan(SPECIAL_FUND_YUAN)),
            ("carriers' and co-ops' own investment (yuan)", yuan(b.carriers_yuan)),
            ("running cost (yuan/yr)", yuan(b.running_yuan_per_year)),
            ("loss, share of value (mean over seasons)", f"{round(mean, 2)} %"),
            ("95 % confidence interval", f"{round(low, 2)} - {round(high, 2)} %"),
            ("unserved or refused (t/yr)", figures.unserved_t),
            ("reefers", b.reefers),
        ],
    )


def _losses(figures: EcomFigures) -> str:
    places = figures.lost_t_by_product_and_place
    rows = [
        (
            p,
            figures.sold_online_t.get(p),
            f"{pct:.2f}",
            " - ".join(f"{round(v, 2)}" for v in figures.loss_pct_ci95_by_product.get(p, ())),
            *(places.get(p, {}).get(k) for k in ("landing", "storage", "transit", "refused")),
        )
        for p, pct in figures.loss_pct_by_product.items()
    ]
    headers = ["product", "sold online t/yr", "loss %", "95 % CI"]
    return table([*headers, "landing t", "storage t", "transit t", "refused t"], rows)


def _harvest(outcome: EcommerceOutcome) -> str:
    return table(
        ["product", "harvest t/yr (node file x stated season days)"],
        sorted(outcome.harvest_t_per_year.items()),
    )


def _facilities(items: Sequence[BuildItem], names: Mapping[str, str]) -> str:
    headers = ["kind", "node", "size", "unit", "capital (yuan)", "energy (yuan/yr)"]
    return table(
        [*headers, "running (yuan/yr)", "fund"],
        [
            (
                i.kind,
                names.get(i.node) or i.node,
                float(i.size),
                i.unit,
                yuan(i.capital_yuan),
                yuan(i.energy_yuan_per_year),
                yuan(i.running_yuan_per_year),
                "yes" if i.fundable else "carriers",
            )
            for i in items
        ],
    )


def _cheaper(curve: Sequence[CheaperBuild]) -> str:
    return table(
        ["build", "capital (yuan)", "loss %"],
        [(c.label, yuan(c.capital_yuan), c.loss_pct) for c in curve],
    )
