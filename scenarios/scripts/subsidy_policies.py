"""Parity subsidy policies compared: yearly draw on the special fund and months it lasts.

Parity pays a village sender the gap between the local price of an upward parcel (the tariff
the economics section sets: the whole way's cost per parcel plus the carrier's margin, as in the
main plan) and the urban benchmark price, at most the per-parcel cap, and at most the monthly cap
per carrier. The costs come from the demo county's routes (one routing run; ``--fast`` shortens
its limits, ``--small`` runs it on a few townships only and says so).

Change ``POLICIES`` (name -> the ``[subsidy.policy.parity]`` table) to compare your own.

    python -m scenarios.scripts.subsidy_policies --out out/subsidy [--fast] [--small] [--lang en]
"""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path
from typing import Any

from network.money import format_yuan
from network.texts import DEFAULT_LANG, Lang, texts_for
from scenarios.context import Outcome
from scenarios.outputs import write_csv_atomic
from scenarios.report_parts import named
from scenarios.report_parts.subsidy import COST_SOURCES
from scenarios.scripts.demo_inputs import (
    ROUTES_ONLY,
    command_line,
    county_inputs,
    demo_with,
    run_section,
    say_area,
)
from scenarios.sections.economics import EconomicsOutcome
from scenarios.sections.routing import RoutingOutcome
from scenarios.sections.subsidy import SubsidyOutcome

# Per-parcel cap 0.50 yuan (the county's rule), 1.00 yuan, and a cap too high to bind; the last
# adds a monthly cap of 200,000 yuan per carrier to the 1.00-yuan rule.
POLICIES: dict[str, dict[str, Any]] = {
    "cap_0.50": {"per_parcel_cap_yuan": "0.50"},
    "cap_1.00": {"per_parcel_cap_yuan": "1.00"},
    "no_practical_cap": {"per_parcel_cap_yuan": "100.00"},
    "cap_1.00_monthly_200000": {
        "per_parcel_cap_yuan": "1.00",
        "monthly_cap_per_carrier_yuan": "200000",
    },
}
FUND_LINE = "logistics"  # the special fund's line that parity draws on


def main(
    out_dir: Path, *, fast: bool = False, small: bool = False, lang: Lang = DEFAULT_LANG
) -> Path:
    """Run the subsidy section once per policy; write subsidy_policies.csv (printed in
    ``lang``)."""
    tr = texts_for(lang)
    # Routing for its routes, economics for the whole way's tariff the main plan pays parity on.
    base = demo_with(ROUTES_ONLY)
    network, matrix = county_inputs(base, small=small)
    say_area(network, small=small, tr=tr)
    earlier: dict[str, Outcome] = {
        "routing": run_section(RoutingOutcome, base, network, matrix, fast=fast)
    }
    earlier["economics"] = run_section(
        EconomicsOutcome, base, network, matrix, fast=fast, results=earlier
    )
    rows = []
    for name, parity in POLICIES.items():
        scenario = demo_with({"subsidy.policy": {"parity": parity}})
        result = run_section(SubsidyOutcome, scenario, network, matrix, fast=fast, results=earlier)
        plan = result.plan
        months = plan.months_until_exhausted.get(FUND_LINE)
        rows.append(
            {
                "policy": name,
                "per_parcel_cap_yuan": parity["per_parcel_cap_yuan"],
                "monthly_cap_per_carrier_yuan": parity.get("monthly_cap_per_carrier_yuan", ""),
                "annual_parity_yuan": format_yuan(plan.annual_parity_yuan),
                f"{FUND_LINE}_draw_yuan": format_yuan(plan.draw_by_line_yuan.get(FUND_LINE, 0)),
                "months_until_exhausted": None if months is None else float(months),
                "cost_source": result.cost_source,
            }
        )
    out_dir.mkdir(parents=True, exist_ok=True)
    path = out_dir / "subsidy_policies.csv"
    write_csv_atomic(path, rows)
    source = named(tr, COST_SOURCES, str(rows[0]["cost_source"]))
    print(tr("parity subsidy, per-parcel costs from: {source}", source=source))
    for row in rows:
        months = row["months_until_exhausted"]
        lasts = (
            tr("the fund line is not drawn on")
            if months is None
            else tr("the fund line lasts {months} months", months=tr.number(months, 1))
        )
        amount = tr.yuan(Decimal(str(row["annual_parity_yuan"])))
        print(
            tr(
                "  {policy}: {amount} a year; {lasts}",
                policy=row["policy"],
                amount=amount,
                lasts=lasts,
            )
        )
    return path


if __name__ == "__main__":
    command_line(main, __doc__ or "")
