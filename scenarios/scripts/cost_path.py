"""Five-year cost per parcel as parcels grow: when does the fleet need another vehicle?

Today's routes are solved once; each later year scales every village's parcels by the growth
rate and adds vehicles where a route's loads no longer fit (routing's growth path). Fixed costs
spread over more parcels, so the cost per parcel falls until the next vehicle is needed.

Change ``GROWTH_PER_YEAR`` (0.15 = +15 % parcels a year) and ``YEARS``.

    python -m scenarios.scripts.cost_path --out out/cost_path [--fast] [--small]
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from network.money import format_yuan
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


def main(out_dir: Path, *, fast: bool = False, small: bool = False) -> Path:
    """Solve today's routes and write cost_path.csv, one row per year."""
    scenario = demo_with(
        {**ROUTES_ONLY, "routing.growth_per_year": GROWTH_PER_YEAR, "routing.growth_years": YEARS}
    )
    network, matrix = county_inputs(scenario, small=small)
    say_area(network, small=small)
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
    print(f"{len(network.villages)} villages, parcels +{GROWTH_PER_YEAR:.0%} a year:")
    for row in rows:
        print(
            f"  year {row['year']}: {row['parcels_per_day']:>9} parcels/day  "
            f"{row['daily_cost_yuan']:>9} yuan/day  {row['cost_per_parcel_yuan']} yuan/parcel  "
            f"{row['vehicles']} vehicles"
        )
    return path


if __name__ == "__main__":
    command_line(main, __doc__ or "")
