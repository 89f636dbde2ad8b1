"""The main run wires the sections to the scenario's targets."""

from __future__ import annotations

from pathlib import Path

from scenarios.runner import run_plan
from scenarios.schema import read_scenario_data, scenario_from_data

TINY = Path(__file__).parent / "fixtures" / "tiny" / "scenario.toml"


def _scenario(**targets: float):  # type: ignore[no-untyped-def]
    data = read_scenario_data(TINY)
    data["targets"] = dict(targets)
    return scenario_from_data(data, path=TINY.resolve())


def test_siting_aims_at_the_scenario_targets() -> None:
    low = run_plan(
        _scenario(villages_service_pct=10, poor_villages_service_pct=0, service_radius_km=2.0),
        fast=True,
        sections=["siting"],
    )
    high = run_plan(
        _scenario(villages_service_pct=100, poor_villages_service_pct=100, service_radius_km=2.0),
        fast=True,
        sections=["siting"],
    )
    assert high.coverage.summary()["villages_service_pct"] == 100.0
    assert high.coverage.summary()["targets_met"]["villages_service"]
    assert len(high.results["siting"].chosen_ids) > len(low.results["siting"].chosen_ids)


def test_siting_table_overrides_the_targets() -> None:
    data = read_scenario_data(TINY)
    data["targets"] = {"villages_service_pct": 100, "service_radius_km": 2.0}
    data["siting"] = {"villages_pct": 0, "poor_villages_pct": 0}
    run = run_plan(scenario_from_data(data, path=TINY.resolve()), fast=True, sections=["siting"])
    assert not run.coverage.summary()["targets_met"]["villages_service"]
