"""Vans only against vans + rural passenger buses (客货邮融合) on the demo county's example lines.

The example ``bus_lines.csv`` (an estimate: county seat -> township seat -> remote villages, two
runs out and two back a day, 100 parcels / 150 kg a run, 0.3 yuan a parcel; see
``scenarios/data/xiapu/SOURCES.md``) is read; each day the villages a bus carries for less than
the van's marginal cost (plus the hub handling a bus from the county DC skips) ride it, and the
vans serve the rest. Writes ``bus_lines.csv`` (one row
per case: cost per day, vehicles, villages and parcels by bus) and ``bus_villages.csv`` (which
villages ride which departure), and the township outlet comparison ``outlets.csv``. A day whose
vans + bus cost more than its vans alone (the second solve measures it) keeps the vans only.

Point ``LINES`` at your own file (same columns; README "Bus lines") to try real timetables.

    python -m scenarios.scripts.bus_lines --out out/bus [--fast] [--small] [--lang en]
"""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path
from typing import Any

from network.texts import DEFAULT_LANG, Lang, texts_for
from scenarios.outputs import write_csv_atomic
from scenarios.scripts.demo_inputs import (
    ROUTES_ONLY,
    command_line,
    county_inputs,
    demo_with,
    run_section,
    say_area,
)
from scenarios.sections.routing import RoutingOutcome

LINES = "bus_lines.csv"  # relative to the demo scenario's folder


def main(
    out_dir: Path, *, fast: bool = False, small: bool = False, lang: Lang = DEFAULT_LANG
) -> Path:
    """Solve the routes with and without the buses; write the comparison (printed in
    ``lang``)."""
    tr = texts_for(lang)
    # the small area keeps three townships: lines to the others are left out
    lines = {"routing.bus.lines": LINES, "routing.bus.skip_lines_outside": small}
    scenario = demo_with({**ROUTES_ONLY, **lines})
    network, matrix = county_inputs(scenario, small=small)
    say_area(network, small=small, tr=tr)
    outcome = run_section(RoutingOutcome, scenario, network, matrix, fast=fast)
    bus = outcome.bus
    assert bus is not None  # the scenario names the lines file
    summary = bus.summary()
    vans_only = summary["van_cost_yuan_per_day_vans_only"]
    with_bus = summary["van_cost_yuan_per_day_with_bus"]
    rows: list[dict[str, Any]] = [
        {
            "case": "vans only",
            "van_cost_yuan_per_day": vans_only,
            "bus_cost_yuan_per_day": "0.00",
            "hub_handling_saved_yuan_per_day": "0.00",
            "vehicles": summary["vehicles_vans_only"],
            "villages_by_bus": 0,
            "parcels_per_day_by_bus": 0.0,
        },
        {
            "case": "vans + buses",
            "van_cost_yuan_per_day": with_bus,
            "bus_cost_yuan_per_day": summary["cost_yuan_per_day"],
            "hub_handling_saved_yuan_per_day": summary["hub_handling_saved_yuan_per_day"],
            "vehicles": summary["vehicles_with_bus"],
            "villages_by_bus": summary["villages"],
            "parcels_per_day_by_bus": summary["parcels_per_day"],
        },
    ]
    out_dir.mkdir(parents=True, exist_ok=True)
    path = out_dir / "bus_lines.csv"
    write_csv_atomic(path, rows)
    write_csv_atomic(out_dir / "bus_villages.csv", bus.rows())
    outlets = outcome.outlets.summary()["townships"] if outcome.outlets else []
    write_csv_atomic(out_dir / "outlets.csv", _outlet_rows(outlets))
    print(
        tr(
            "{lines} bus lines, {departures} departures a day",
            lines=len(bus.lines),
            departures=len(bus.departures),
        )
    )
    for row, case in zip(rows, (tr("vans only"), tr("vans + buses")), strict=True):
        print(
            tr(
                "  {case}: vans {van} a day, buses {bus} a day, {vehicles} vehicles; by bus "
                "{villages} villages, {parcels} parcels a day",
                case=case,
                van=tr.yuan(Decimal(row["van_cost_yuan_per_day"])),
                bus=tr.yuan(Decimal(row["bus_cost_yuan_per_day"])),
                vehicles=row["vehicles"],
                villages=row["villages_by_bus"],
                parcels=tr.number(row["parcels_per_day_by_bus"], 1),
            )
        )
    print(
        tr(
            "  saving per day: {saving}, vans saved: {vans}",
            saving=tr.yuan(Decimal(str(summary["saving_yuan_per_day"]))),
            vans=bus.vans_saved,
        )
    )
    if summary["fell_back_days"]:
        days = ", ".join(str(p.day) for p in bus.plans if p.status == "FELL_BACK")
        print(tr("  days kept on vans only (the buses did not pay): {days}", days=days))
        print(tr("  the first decision on every day: {tried}", tried=summary["tried"]))
    if outcome.outlets:
        saving = tr.yuan(outcome.outlets.saving_yuan_per_day)
        print(tr("  outlets: the county saves {saving} a day", saving=saving))
    return path


def _outlet_rows(townships: Any) -> list[dict[str, Any]]:
    return [
        {"township_id": t["township_id"], "name": t["name"], "carrier": carrier, **figures}
        for t in townships
        for carrier, figures in t["carriers"].items()
    ]


if __name__ == "__main__":
    command_line(main, __doc__ or "")
