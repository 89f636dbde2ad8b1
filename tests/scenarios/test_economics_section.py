"""The economics section on a small county: plan keys, stages adding up, checks, the peak day
with a sorting line too slow, the subsidy fed from the tariffs, and bad [economics] input."""

from __future__ import annotations

import json
import re
import shutil
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

from network import InputError
from network.texts import texts_for
from scenarios.checks import text
from scenarios.context import RunContext
from scenarios.schema import scenario_from_data
from scenarios.sections import economics, routing, subsidy
from scenarios.sections.economics import EconomicsOutcome
from tests.routing.small_county import small_county


@pytest.fixture(scope="module")
def ctx() -> RunContext:
    net, matrix = small_county()
    ctx = RunContext(
        network=net, matrix=matrix, seed=1, base_dir=Path(), fast=True, workers=1, work_limit=200
    )
    config = routing.Config(fast_time_limit_s=0.5, growth_years=1)
    return RunContext(
        network=net,
        matrix=matrix,
        seed=1,
        base_dir=Path(),
        fast=True,
        workers=1,
        work_limit=200,
        results={"routing": routing.run(ctx, config)},
    )


@pytest.fixture(scope="module")
def result(ctx: RunContext) -> EconomicsOutcome:
    return economics.run(ctx, economics.Config())


def test_plan_keys_of_the_issue(result: EconomicsOutcome) -> None:
    s = result.summary()
    assert set(s["stages_yuan_per_parcel"]) == {
        "sorting",
        "line_haul",
        "hub_handling",
        "station",
        "last_mile",
    }
    for key in ("cost_per_parcel_yuan", "price_up_yuan", "benchmark_up_yuan"):
        assert Decimal(s[key]) > 0
    for key in (
        "parcels",
        "vehicles",
        "cost_per_parcel_yuan",
        "sorting_hours",
        "sorting_window_hours",
    ):
        assert key in s["peak_day"]
    assert s["models"]["chosen"] == s["model"] and s["models"]["chosen_by"] == "cheaper"
    assert set(s["pooling"]["saving_breakdown_yuan"]) == {"vehicles", "km", "handling"}


def test_stages_add_up_to_the_total_per_parcel_and_per_day(result: EconomicsOutcome) -> None:
    s = result.summary()
    per = sum(Decimal(v) for v in s["stages_yuan_per_parcel"].values())
    assert per == Decimal(s["cost_per_parcel_yuan"])
    assert sum(Decimal(v) for v in s["stages_daily_yuan"].values()) == Decimal(s["daily_cost_yuan"])
    saving = s["pooling"]
    parts = sum(Decimal(v) for v in saving["saving_breakdown_yuan"].values())
    assert parts == Decimal(saving["saving_yuan_per_day"])


def test_the_cheaper_model_is_the_headline_and_both_pay_hub_handling(
    ctx: RunContext, result: EconomicsOutcome
) -> None:
    models = result.summary()["models"]
    two = Decimal(models["two_echelon"]["cost_per_parcel_yuan"])
    flat = Decimal(models["flat"]["cost_per_parcel_yuan"])
    assert models["chosen"] == ("flat" if flat < two else "two_echelon")
    assert Decimal(models["two_echelon"]["stages_yuan_per_parcel"]["hub_handling"]) > 0
    assert ctx.results["routing"].summary()["echelon"] == models["chosen"]


def test_checks_cover_the_headline_figures(result: EconomicsOutcome) -> None:
    figures = {c.figure for c in result.checks}
    assert {
        "economics.cost_per_parcel_yuan",
        "economics.stages_yuan_per_parcel.sorting",
        "economics.stages_yuan_per_parcel.last_mile",
        "routing.shared_saving_pct",
        "economics.models.chosen_over_other_pct",
        "routing.km_per_vehicle_day",
        "economics.parcels_per_courier_day",
    } <= figures
    assert all(c.source for c in result.checks)


def test_a_sorting_line_too_slow_for_the_peak_day_is_reported(ctx: RunContext) -> None:
    slow = economics.run(ctx, economics.Config(sorting_parcels_per_hour=20.0))
    peak = slow.summary()["peak_day"]
    assert peak["sorting_hours"] > peak["sorting_window_hours"]
    assert peak["late_hubs"] and peak["missed_villages"]
    late = {v.id for v in ctx.network.villages if v.parent in peak["late_hubs"]}
    assert late <= set(peak["missed_villages"])
    check = next(c for c in slow.checks if c.figure == "economics.peak_day.sorting_hours")
    assert not check.ok and "miss the vans" in str(check.note)
    assert "赶不上发车" in text(check.note, texts_for("zh"))


def test_the_subsidy_pays_the_tariff_gap_within_the_cap(
    ctx: RunContext, result: EconomicsOutcome
) -> None:
    both = RunContext(
        network=ctx.network,
        matrix=ctx.matrix,
        seed=1,
        base_dir=Path(),
        results={**ctx.results, "economics": result},
    )
    paid = subsidy.run(both, subsidy.Config())
    assert paid.summary()["cost_source"] == "economics"
    assert paid.summary()["benchmark_yuan"] == result.summary()["benchmark_up_yuan"]
    assert Decimal(paid.summary()["per_up_parcel_yuan"]) <= Decimal("0.50")
    assert {c.figure for c in paid.checks} == {
        "subsidy.per_up_parcel_yuan",
        "subsidy.annual_parity_yuan",
    }


def _load(economics_table: dict[str, Any]) -> None:
    scenario_from_data({"network": {"nodes": ["x.csv"]}, "economics": economics_table})


@pytest.mark.parametrize(
    ("table", "field", "words"),
    [
        (
            {"costs": {"sorting_yuan_per_parcel": -0.1}},
            "economics.costs.sorting_yuan_per_parcel",
            "greater",
        ),
        (
            {"carriers": {"sf": {"station_yuan_per_parcel": 0.5}}},
            "economics.carriers.sf",
            "unknown carrier",
        ),
        (
            {
                "benchmark_up": [
                    {"min_kg": 0, "max_kg": 3, "yuan": 4},
                    {"min_kg": 2, "max_kg": 5, "yuan": 5},
                ]
            },
            "economics.benchmark_up",
            "overlap",
        ),
        (
            {"tariff_up": [{"carrier": "dhl", "min_kg": 0, "max_kg": 30, "yuan": 5}]},
            "economics.tariff_up[0].carrier",
            "unknown carrier",
        ),
        ({"month_profile_up": [1.0] * 11}, "economics.month_profile_up", "12"),
    ],
)
def test_bad_economics_input_names_the_field(table: dict[str, Any], field: str, words: str) -> None:
    with pytest.raises(InputError, match=words) as err:
        _load(table)
    assert err.value.field == field and err.value.file == "<scenario>"


def test_reach_naming_an_unknown_carrier_is_refused_at_load() -> None:
    with pytest.raises(InputError, match="no share") as err:
        scenario_from_data(
            {"network": {"nodes": ["x.csv"]}, "routing": {"reach": {"sf": {"everywhere": True}}}}
        )
    assert err.value.field == "routing"


def test_validate_catches_a_sorting_start_after_the_vans_leave(ctx: RunContext) -> None:
    with pytest.raises(InputError, match="before the cut-off") as err:
        economics.check(ctx, economics.Config(sorting_start_min=500.0))
    assert err.value.field == "sorting_start_min"
    economics.check(ctx, economics.Config())


def test_plan_prints_figures_outside_their_range_and_still_succeeds(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:

    from scenarios.cli import main

    county = tmp_path / "county"
    shutil.copytree(Path(__file__).parent / "fixtures" / "tiny", county)
    argv = ["plan", str(county / "scenario.toml"), "--out", str(tmp_path / "out"), "--fast"]
    assert main([*argv, "--quiet"]) == 0  # Chinese by default
    out = capsys.readouterr().out
    plan = json.loads((tmp_path / "out" / "plan.json").read_text(encoding="utf-8"))
    outside = [c["figure"] for c in plan["checks"] if not c["ok"]]
    assert outside  # a tiny county of a few villages pays far more per parcel
    for figure in outside:  # the figure's name in the scenario's language, then its key
        found = re.search(rf"核验：(\S[^\n]*)（{re.escape(figure)}）= ", out)
        assert found and re.search(r"[\u4e00-\u9fff]", found.group(1)), figure
    assert "超出参考区间" in out
