"""The siting section of the main run, on the hand-made county of test_siting."""

from __future__ import annotations

from pathlib import Path

import pydantic
import pytest

from network import InputError
from scenarios.context import RunContext
from scenarios.sections import siting
from scenarios.sections.siting import SitingOutcome
from tests.network.test_siting import _county


def _run(**options: object) -> SitingOutcome:
    net, matrix = _county()
    ctx = RunContext(network=net, matrix=matrix, seed=3, base_dir=Path(), fast=True)
    return siting.run(ctx, siting.Config(**options))  # type: ignore[arg-type]


def test_summary_tables_and_chosen_ids() -> None:
    # Running costs off so the figures match the hand optimum (23,000 yuan; see test_siting).
    result = _run(upgrade_running_yuan_per_year=0, build_running_yuan_per_year=0, curve_step_pct=50)
    summary = result.summary()
    assert summary["points"] == 4 and summary["cost_yuan"] == "23000.00"
    assert summary["targets_met"]["all"] and summary["gap_pct"] == 0.0
    assert set(result.chosen_ids) == {"T1", "D", "E", "F"}
    rows = result.tables()["service_points"]
    assert {r["point_id"] for r in rows} == set(result.chosen_ids)
    assert len({tuple(r) for r in rows}) == 1  # same keys in every row
    assert [p["cost_yuan"] for p in summary["curve"] if p["series"] == "villages"] == [
        "2000.00",
        "3000.00",
        "24000.00",
    ]
    assert [r["place_id"] for r in result.tables()["siting_gaps"]] == ["B"]


def test_running_costs_count_over_the_horizon() -> None:
    # Defaults: 1,200 yuan/year per upgrade, 6,000 per new point, over 3 years:
    # T1, D, F upgrades 3 x (1,000 + 3,600) + E new 20,000 + 18,000 = 51,800.
    assert _run(curve=False).summary()["cost_yuan"] == "51800.00"


def test_mclp_within_budget() -> None:
    # 3,000 yuan buys three upgrades: B, D, F cover the most weight (see test_siting).
    result = _run(
        model="mclp",
        budget_yuan=3000,
        upgrade_running_yuan_per_year=0,
        curve=False,
    )
    assert set(result.chosen_ids) == {"B", "D", "F"}
    assert result.summary()["model"] == "mclp" and result.summary()["cost_yuan"] == "3000.00"
    assert not result.summary()["targets_met"]["townships"]  # T1's seat is 4 km from B


def test_mclp_without_budget_is_an_input_error() -> None:
    with pytest.raises(InputError, match="needs budget_yuan"):
        _run(model="mclp", curve=False)


def test_config_defaults_and_unknown_keys() -> None:
    assert siting.Config().villages_pct == 50.0
    with pytest.raises(pydantic.ValidationError):
        siting.Config(radius=3)  # type: ignore[call-arg]
