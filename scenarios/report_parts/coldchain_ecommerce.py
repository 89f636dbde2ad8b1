"""The report's part for the cold chain's e-commerce scope, the scope banner of both scopes and
the plan's ``checks`` table.

``scope = "ecommerce"``: the cold parcels sold online, the facility list with its capital
against the special fund, the loss per product against its cited range, cheaper builds.
``scope = "industry"``: the bulk-harvest view (:mod:`scenarios.report_parts.coldchain`) with a
banner saying so.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from decimal import Decimal
from html import escape
from typing import Any

from scenarios.checks import Check
from scenarios.html import table, yuan

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


def _yuan(value: Any) -> str:
    """Yuan text of plan.json for people (empty for None)."""
    return "" if value is None else yuan(Decimal(str(value)))


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


def ecommerce_html(s: Mapping[str, Any]) -> str:
    """The e-commerce scope's part of the report from its plan.json summary."""
    if s.get("stepped_aside"):
        return (
            "<h2>Cold chain for the fresh parcels that go up</h2>"
            f"{scope_banner('ecommerce')}<p>{escape(str(s['stepped_aside']))}</p>"
        )
    fund = s.get("fund") or {}
    ci = s.get("spoilage_pct_ci95") or [None, None]
    head = table(
        ["", "value"],
        [
            ("cold parcels a day (yearly average)", s.get("cold_parcels_per_day")),
            ("cold parcels on the peak (P90) day", s.get("cold_parcels_peak_day")),
            ("cost per cold parcel (yuan)", _yuan(s.get("cost_per_cold_parcel_yuan"))),
            ("capital of the build (yuan)", _yuan(s.get("capital_yuan"))),
            (
                f"from the special fund, line '{fund.get('line')}' (yuan)",
                _yuan(fund.get("fund_yuan")),
            ),
            ("fund line total (yuan)", _yuan(fund.get("line_yuan"))),
            ("special fund, all lines (yuan)", _yuan(fund.get("special_fund_total_yuan"))),
            ("carriers' and co-ops' own investment (yuan)", _yuan(fund.get("carriers_yuan"))),
            ("running cost (yuan/yr)", _yuan(s.get("running_yuan_per_year"))),
            ("loss, share of value (mean over seasons)", f"{s.get('spoilage_pct')} %"),
            ("95 % confidence interval", f"{ci[0]} - {ci[1]} %"),
            ("unserved or refused (t/yr)", s.get("unserved_t")),
            ("reefers", s.get("reefers")),
        ],
    )
    places = s.get("lost_t_by_product_and_place") or {}
    ci_by = s.get("loss_pct_by_product_ci95") or {}
    sold = s.get("sold_online_t") or {}
    loss_rows = [
        (
            p,
            sold.get(p),
            f"{pct:.2f}",
            " - ".join(str(v) for v in ci_by.get(p, [])),
            *(places.get(p, {}).get(k) for k in ("landing", "storage", "transit", "refused")),
        )
        for p, pct in (s.get("loss_pct_by_product") or {}).items()
    ]
    loss_table = table(
        [
            "product",
            "sold online t/yr",
            "loss %",
            "95 % CI",
            "landing t",
            "storage t",
            "transit t",
            "refused t",
        ],
        loss_rows,
    )
    facilities = table(
        [
            "kind",
            "node",
            "size",
            "unit",
            "capital (yuan)",
            "energy (yuan/yr)",
            "running (yuan/yr)",
            "fund",
        ],
        [
            (
                f["kind"],
                f.get("name") or f["node"],
                f["size"],
                f["unit"],
                _yuan(f["capital_yuan"]),
                _yuan(f["energy_yuan_per_year"]),
                _yuan(f["running_yuan_per_year"]),
                "yes" if f["fundable"] else "carriers",
            )
            for f in s.get("facilities") or []
        ],
    )
    cheaper = table(
        ["build", "capital (yuan)", "loss %"],
        [
            (c["build"], _yuan(c["capital_yuan"]), c["loss_pct"])
            for c in s.get("cheaper_builds") or []
        ],
    )
    harvest = table(
        ["product", "harvest t/yr (node file x stated season days)"],
        sorted((s.get("harvest_t_per_year") or {}).items()),
    )
    return (
        f"<h2>Cold chain for the fresh parcels that go up</h2>{scope_banner('ecommerce')}{head}"
        f"<h3>Loss per product</h3>{loss_table}<h3>Harvest read from the data</h3>{harvest}"
        "<h3>Recommended build</h3>" + facilities + f"<h3>Cheaper builds</h3>{cheaper}"
    )
