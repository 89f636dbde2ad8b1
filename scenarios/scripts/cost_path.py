"""Five-year cost per parcel as parcels grow: when does the fleet need another vehicle?

Today's routes are solved once; each later year scales every village's parcels by the growth
rate and adds vehicles where a route's loads no longer fit (routing's growth path). Fixed costs
spread over more parcels, so the cost per parcel falls until the next vehicle is needed.

Change ``GROWTH_PER_YEAR`` (0.15 = +15 % parcels a year) and ``YEARS``.

    python -m scenarios.scripts.cost_path --out out/cost_path [--fast] [--small] [--lang en]
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from network.money import format_yuan
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

GROWTH_PER_YEAR = 0.15
YEARS = 5


def main(
    out_dir: Path, *, fast: bool = False, small: bool = False, lang: Lang = DEFAULT_LANG
) -> Path:
    """Solve today's routes and write cost_path.csv, one row per year (printed in ``lang``)."""
    tr = texts_for(lang)
    scenario = demo_with(
        {**ROUTES_ONLY, "routing.growth_per_year": GROWTH_PER_YEAR, "routing.growth_years": YEARS}
    )
    network, matrix = county_inputs(scenario, small=small)
    say_area(network, small=small, tr=tr)
    result = run_section(RoutingOutcome, scenario, network, matrix, fast=fast)
    rows: list[dict[str, Any]] = [
        {
            "year": y.year,
            "parcels_per_day": y.parcels_per_day,
            "daily_cost_yuan": format_yuan(y.daily_cost_yuan),
            "cost_per_parcel_yuan": format_yuan(y.cost_per_parcel_yuan),
            "vehicles": y.vehicles,
        }
        for y in result.year_path
    ]
    out_dir.mkdir(parents=True, exist_ok=True)
    path = out_dir / "cost_path.csv"
    write_csv_atomic(path, rows)
    print(
        tr(
            "{villages} villages, parcels +{growth} % a year:",
            villages=len(network.villages),
            growth=tr.number(GROWTH_PER_YEAR * 100),
        )
    )
    for y in result.year_path:
        print(
            tr(
                "  year {year}: {parcels} parcels a day, {daily} a day, {per_parcel} a parcel, "
                "{vehicles} vehicles",
                year=y.year,
                parcels=tr.number(y.parcels_per_day, 1),
                daily=tr.yuan(y.daily_cost_yuan),
                per_parcel=tr.yuan(y.cost_per_parcel_yuan),
                vehicles=y.vehicles,
            )
        )
    return path


if __name__ == "__main__":
    command_line(main, __doc__ or "")
