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

    python -m scenarios.scripts.kelp_peak_coldchain --out out/kelp [--fast] [--small] [--lang en]
"""

from __future__ import annotations

from dataclasses import replace
from decimal import Decimal
from pathlib import Path
from types import MappingProxyType
from typing import Any

from network import Network
from network.texts import DEFAULT_LANG, N_, Lang, Texts, texts_for
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


def main(
    out_dir: Path, *, fast: bool = False, small: bool = False, lang: Lang = DEFAULT_LANG
) -> Path:
    """Size the cold chain for last year and for the bigger harvest; write the results
    (printed in ``lang``)."""
    tr = texts_for(lang)
    scenario = demo_with(
        {
            "coldchain.scope": "industry",
            "coldchain.target_loss_pct": TARGET_LOSS_PCT,
            "coldchain.seasons": {"spring_peak": list(SPRING_PEAK)},
        }
    )
    network, matrix = county_inputs(scenario, small=small, townships=KELP_TOWNSHIP_IDS)
    say_area(network, small=small, tr=tr)
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
    _print(cases, curve, tr)
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


CASES = {"last_year": N_("last year"), "peak": N_("this spring's peak")}
"""The compared harvests for people (the JSON keeps the codes)."""

STAGES = {
    "processing": N_("processing line"),
    "precool": N_("pre-cooling"),
    "cold_room": N_("cold room"),
    "frozen_store": N_("frozen store"),
    "reefer": N_("reefer truck"),
    "bulk_reefer": N_("heavy reefer truck"),
}
"""The cold chain's stages for people (the JSON and CSV keep the codes)."""


def _stage(code: str, tr: Texts) -> str:
    return tr(STAGES[code]) if code in STAGES else code


def _print(cases: dict[str, Any], curve: list[dict[str, Any]], tr: Texts) -> None:
    for case, fig in cases.items():
        print(
            tr(
                "{case}: kelp {harvest} t, spring-peak loss with the default build {loss} %; "
                "sized to {sized} % (target met: {met}), capital {capital}, energy {energy} a "
                "year",
                case=tr(CASES[case]),
                harvest=tr.number(fig["kelp_harvest_t"], 1),
                loss=fig["spring_peak_loss_pct"],
                sized=fig["recommended_loss_pct"],
                met=tr("yes") if fig["target_met"] else tr("no"),
                capital=tr.yuan(Decimal(fig["capital_yuan"])),
                energy=tr.yuan(Decimal(fig["energy_yuan_per_year"])),
            )
        )
        for stage, capacity in fig["capacities"].items():
            print(f"    {_stage(stage, tr)}: {capacity}")
    print(
        tr("loss curve ({case}): stage at share of recommended -> loss %", case=tr(CASES["peak"]))
    )
    for row in curve:
        if row["case"] == "peak":
            stage = _stage(row["stage"], tr)
            print(f"    {stage} x{row['share_of_recommended']}: {row['loss_pct']} %")


if __name__ == "__main__":
    command_line(main, __doc__ or "")
