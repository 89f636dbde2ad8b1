"""Cold chain for a spring peak with the kelp harvest 30 % above last year: sized to the loss
target, against last year's harvest.

Every village's supply of each product in ``GROWTH_BY_PRODUCT`` (kelp: ``supply_kelp_kg``) is
scaled; the cold-chain section then simulates the seasons (Monte Carlo: weather and landings
vary), sizes each stage (pre-coolers, processing lines, cold stores, reefers) to keep the loss
of the 90th-percentile season below ``TARGET_LOSS_PCT``, and traces the loss curve (loss when a
stage is built smaller than recommended). The spring peak is March-June (days 60-181).
"Default build" is the section's default facilities, which follow each case's supply; "sized"
is the recommendation.

Change ``GROWTH_BY_PRODUCT`` (e.g. add laver), ``TARGET_LOSS_PCT`` and ``SPRING_PEAK``.

    python -m scenarios.scripts.kelp_peak_coldchain --out out/kelp [--fast] [--small]
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path
from types import MappingProxyType
from typing import Any

from network import Network
from scenarios.outputs import write_csv_atomic, write_json_atomic
from scenarios.scripts.demo_inputs import (
    command_line,
    county_inputs,
    demo_with,
    run_section,
    say_area,
)
from scenarios.sections.coldchain import ColdchainOutcome

GROWTH_BY_PRODUCT = {"kelp": 1.30}  # kelp +30 % over last year; e.g. add "laver": 1.10
TARGET_LOSS_PCT = 2.0  # of the harvest's value, at the 90th percentile season
SPRING_PEAK = (60, 181)  # first and last day of year
# The small area (--small) keeps only 三沙镇 and 长春镇, coastal townships with kelp farms.
KELP_TOWNSHIP_IDS = ("350921106", "350921101")


def with_harvest(network: Network, growth: dict[str, float]) -> Network:
    """Every node's supply of each product in ``growth`` multiplied by its factor."""
    return network.replace_nodes(
        replace(
            node,
            supply_kg_per_day=MappingProxyType(
                {p: kg * growth.get(p, 1.0) for p, kg in node.supply_kg_per_day.items()}
            ),
        )
        for node in network
    )


def main(out_dir: Path, *, fast: bool = False, small: bool = False) -> Path:
    """Size the cold chain for last year and for the bigger harvest; write the results."""
    scenario = demo_with(
        {
            "coldchain.scope": "industry",
            "coldchain.target_loss_pct": TARGET_LOSS_PCT,
            "coldchain.seasons": {"spring_peak": list(SPRING_PEAK)},
        }
    )
    network, matrix = county_inputs(scenario, small=small, townships=KELP_TOWNSHIP_IDS)
    say_area(network, small=small)
    cases: dict[str, Any] = {}
    curve: list[dict[str, Any]] = []
    for case, net in (("last_year", network), ("peak", with_harvest(network, GROWTH_BY_PRODUCT))):
        result = run_section(ColdchainOutcome, scenario, net, matrix, fast=fast)
        cases[case] = _figures(result.summary())
        curve += [{"case": case, **row} for row in result.tables()["coldchain_loss_curve"]]
    out_dir.mkdir(parents=True, exist_ok=True)
    path = out_dir / "kelp_peak_coldchain.json"
    write_json_atomic(path, {"growth_by_product": GROWTH_BY_PRODUCT, **cases})
    write_csv_atomic(out_dir / "kelp_peak_loss_curve.csv", curve)
    _print(cases, curve)
    return path


def _figures(summary: Any) -> dict[str, Any]:
    """The planner's figures from the cold-chain section's summary."""
    recommended = summary["recommended"]
    return {
        "kelp_harvest_t": summary["products"]["kelp"]["harvest_t"],
        "spring_peak_loss_pct": summary["seasons"]["spring_peak"],
        "loss_pct_default_build": summary["spoilage_pct"],
        "recommended_loss_pct": recommended["achieved_pct"],
        "target_met": recommended["feasible"],
        "capacities": {
            stage: f"{s['capacity']} {s['unit']}" for stage, s in recommended["stages"].items()
        },
        "cold_store_t": recommended["cold_store_t"],
        "capital_yuan": recommended["capital_yuan"],
        "energy_yuan_per_year": recommended["energy_yuan_per_year"],
    }


def _print(cases: dict[str, Any], curve: list[dict[str, Any]]) -> None:
    for case, fig in cases.items():
        print(
            f"{case}: kelp {fig['kelp_harvest_t']} t, spring-peak loss with the default build "
            f"{fig['spring_peak_loss_pct']} %; sized to {fig['recommended_loss_pct']} % "
            f"(target met: {fig['target_met']}), capital {fig['capital_yuan']} yuan, "
            f"energy {fig['energy_yuan_per_year']} yuan/year"
        )
        for stage, capacity in fig["capacities"].items():
            print(f"    {stage:<12} {capacity}")
    print("loss curve (peak): stage at share of recommended -> loss %")
    for row in curve:
        if row["case"] == "peak":
            print(f"    {row['stage']:<12} x{row['share_of_recommended']}: {row['loss_pct']} %")


if __name__ == "__main__":
    command_line(main, __doc__ or "")
