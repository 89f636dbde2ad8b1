"""Shared routes against each carrier alone: what pooling the parcels saves, per carrier.

Every carrier's parcels ride the same routes from the township hubs; the comparison solves the
same day again for each carrier with only its share of the parcels. A carrier's saving is what
it would pay alone minus its share of the pooled cost (shares by parcels).

Change ``CARRIERS`` to your county's carriers and their shares of the parcels (adding up to 1),
e.g. to see what the co-op joining the shared routes is worth.

    python -m scenarios.scripts.shared_vs_separate --out out/shared [--fast] [--small] [--lang en]
"""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path
from typing import Any

from network.money import format_yuan, to_fen
from network.texts import DEFAULT_LANG, Lang, texts_for
from routing import SharedSaving
from scenarios.outputs import write_csv_atomic, write_json_atomic
from scenarios.report_parts import CARRIERS as CARRIER_NAMES
from scenarios.report_parts import named
from scenarios.scripts.demo_inputs import (
    command_line,
    county_inputs,
    demo_with,
    run_section,
    say_area,
)
from scenarios.sections.routing import RoutingOutcome

# Carrier -> share of the county's parcels (post, the express brands together, the supply co-op).
CARRIERS = {"post_office": 0.40, "express": 0.45, "coop": 0.15}


def carrier_rows(shared: SharedSaving, shares: dict[str, float]) -> list[dict[str, Any]]:
    """One row per carrier: alone, its share of the pooled cost, the saving in yuan and %."""
    rows = []
    for carrier, share in shares.items():
        alone = shared.separate_yuan[carrier]
        pooled = to_fen(shared.pooled_yuan * Decimal(repr(share)))
        saving = alone - pooled
        rows.append(
            {
                "carrier": carrier,
                "share": share,
                "alone_yuan_per_day": format_yuan(alone),
                "pooled_yuan_per_day": format_yuan(pooled),
                "saving_yuan_per_day": format_yuan(saving),
                "saving_pct": round(float(saving / alone) * 100.0, 2) if alone else 0.0,
            }
        )
    return rows


def main(
    out_dir: Path, *, fast: bool = False, small: bool = False, lang: Lang = DEFAULT_LANG
) -> Path:
    """Solve day 0 shared and per carrier; write shared_vs_separate.csv/.json (printed in
    ``lang``)."""
    tr = texts_for(lang)
    scenario = demo_with({"routing.carriers": CARRIERS, "routing.compare_flat": False})
    network, matrix = county_inputs(scenario, small=small)
    say_area(network, small=small, tr=tr)
    shared = run_section(RoutingOutcome, scenario, network, matrix, fast=fast).shared
    assert shared is not None  # compare_separate is on
    rows = carrier_rows(shared, CARRIERS)
    total = {
        "villages": len(network.villages),
        "pooled_yuan_per_day": format_yuan(shared.pooled_yuan),
        "alone_yuan_per_day": format_yuan(shared.separate_total_yuan),
        "saving_yuan_per_day": format_yuan(shared.saving_yuan),
        "saving_pct": shared.saving_pct,
        "carriers": rows,
    }
    out_dir.mkdir(parents=True, exist_ok=True)
    write_csv_atomic(out_dir / "shared_vs_separate.csv", rows)
    write_json_atomic(out_dir / "shared_vs_separate.json", total)
    print(
        tr(
            "{villages} villages, day 0: shared {pooled}, each alone {alone} -> saving {saving} "
            "({pct} %)",
            villages=len(network.villages),
            pooled=tr.yuan(shared.pooled_yuan),
            alone=tr.yuan(shared.separate_total_yuan),
            saving=tr.yuan(shared.saving_yuan),
            pct=tr.number(shared.saving_pct, 1),
        )
    )
    for row in rows:
        print(
            tr(
                "  {carrier}: alone {alone}, share of the pooled cost {pooled}, saving {saving} "
                "({pct} %)",
                carrier=named(tr, CARRIER_NAMES, str(row["carrier"])),
                alone=tr.yuan(Decimal(row["alone_yuan_per_day"])),
                pooled=tr.yuan(Decimal(row["pooled_yuan_per_day"])),
                saving=tr.yuan(Decimal(row["saving_yuan_per_day"])),
                pct=tr.number(row["saving_pct"], 1),
            )
        )
    return out_dir / "shared_vs_separate.csv"


if __name__ == "__main__":
    command_line(main, __doc__ or "")
