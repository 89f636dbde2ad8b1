"""Every planner script runs in its fast form and writes sensible results.

The fast forms solve a few townships with short limits (seconds each on a quiet machine); each
test checks the script's main file, its columns/keys and the relations its figures must keep.
"""

from __future__ import annotations

import csv
import json
from decimal import Decimal
from itertools import pairwise
from pathlib import Path

import pytest

from scenarios.registry import SECTION_KEYS
from scenarios.scripts import (
    add_township_hub,
    baseline,
    cost_path,
    kelp_peak_coldchain,
    shared_vs_separate,
    subsidy_policies,
)
from scenarios.scripts.demo_inputs import command_line, county_inputs, demo_with

pytestmark = pytest.mark.filterwarnings("ignore::routing.PyvrpPrecisionWarning")


def read_csv(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8-sig", newline="") as f:
        return list(csv.DictReader(f))


def test_baseline_writes_the_plan_and_prints_headline(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    main_file = baseline.main(tmp_path, fast=True, skip=("routing", "coldchain"), lang="en")
    plan = json.loads(main_file.read_text(encoding="utf-8"))
    assert main_file == tmp_path / "plan.json"
    assert plan["network"]["villages"] == 320
    assert Decimal(plan["siting"]["cost_yuan"]) > 0
    assert (tmp_path / "map.html").is_file() and (tmp_path / "villages.csv").is_file()
    out = capsys.readouterr().out
    assert "service points cost (yuan)" in out
    assert "skipped on request: routing, coldchain" in out
    assert '<html lang="en">' in (tmp_path / "report.html").read_text(encoding="utf-8")


def test_baseline_fast_only_shortens_limits(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    seen: dict[str, object] = {}

    def fake_run_plan(scenario: object, **kwargs: object) -> object:
        seen.update(kwargs)
        raise RuntimeError("stop here")

    monkeypatch.setattr(baseline, "run_plan", fake_run_plan)
    with pytest.raises(RuntimeError, match="stop here"):
        baseline.main(tmp_path, fast=True)
    assert seen["fast"] is True
    # every section of the registry runs: --fast leaves none out
    assert list(seen["sections"]) == list(SECTION_KEYS)  # type: ignore[call-overload]


def test_shared_routes_save_for_every_carrier(tmp_path: Path) -> None:
    rows = read_csv(shared_vs_separate.main(tmp_path, fast=True, small=True))
    total = json.loads((tmp_path / "shared_vs_separate.json").read_text(encoding="utf-8"))
    assert [r["carrier"] for r in rows] == list(shared_vs_separate.CARRIERS)
    assert total["saving_pct"] >= 0
    assert Decimal(total["alone_yuan_per_day"]) >= Decimal(total["pooled_yuan_per_day"]) > 0
    pooled_shares = sum(Decimal(r["pooled_yuan_per_day"]) for r in rows)
    assert abs(pooled_shares - Decimal(total["pooled_yuan_per_day"])) <= Decimal("0.02")
    for row in rows:
        alone, pooled = Decimal(row["alone_yuan_per_day"]), Decimal(row["pooled_yuan_per_day"])
        assert Decimal(row["saving_yuan_per_day"]) == alone - pooled
        assert 0 < pooled < alone


def test_extra_hub_is_compared_before_and_after(tmp_path: Path) -> None:
    rows = read_csv(add_township_hub.main(tmp_path, fast=True, small=True))
    before, after, change = rows
    assert [r["case"] for r in rows] == ["before", "after", "change"]
    assert (int(before["hubs"]), int(after["hubs"])) == (3, 4)
    for key in ("daily_cost_yuan", "cost_per_parcel_yuan"):
        assert Decimal(before[key]) > 0 and Decimal(after[key]) > 0
        assert Decimal(change[key]) == Decimal(after[key]) - Decimal(before[key])
    assert int(change["vehicles"]) == int(after["vehicles"]) - int(before["vehicles"])


def test_extra_hub_takes_the_villages_nearer_to_it() -> None:
    network, matrix = county_inputs(demo_with(), small=True)
    site = add_township_hub.NEW_HUB_AT
    after, moved = add_township_hub.with_hub(network, matrix, site)
    hub = add_township_hub.hub_id(site)
    children = {v.id for v in after.children(hub)}
    assert moved == len(children) > 0 and site in children
    twin = add_township_hub.with_twin(matrix, site, hub)
    assert twin.km(hub, site) == 0.0
    assert all(twin.km(hub, v) == matrix.km(site, v) for v in children)
    assert all(matrix.km(site, v) < matrix.km(network[v].parent or "", v) for v in children)


def test_kelp_peak_sizes_a_bigger_cold_chain(tmp_path: Path) -> None:
    result = json.loads(
        kelp_peak_coldchain.main(tmp_path, fast=True, small=True).read_text("utf-8")
    )
    last, peak = result["last_year"], result["peak"]
    assert peak["kelp_harvest_t"] == pytest.approx(1.3 * last["kelp_harvest_t"], rel=0.15)
    assert Decimal(peak["capital_yuan"]) >= Decimal(last["capital_yuan"]) > 0
    assert peak["capacities"] and peak["cold_store_t"] > 0
    curve = read_csv(tmp_path / "kelp_peak_loss_curve.csv")
    assert {r["case"] for r in curve} == {"last_year", "peak"}
    assert all(float(r["loss_pct"]) >= 0 for r in curve)


CHEAP_COMPARABLE_COUNTY = {"economics.comparable_county_yuan": "0.20"}


def test_a_bigger_cap_never_draws_less(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # At the demo's prices the parity gap (about 0.4 yuan) is under every cap; a comparable
    # county whose parcels cost 0.20 yuan in the county widens the gap so the caps bind.
    real = subsidy_policies.demo_with
    monkeypatch.setattr(
        subsidy_policies,
        "demo_with",
        lambda overrides=None: real({**(overrides or {}), **CHEAP_COMPARABLE_COUNTY}),
    )
    rows = {
        r["policy"]: r for r in read_csv(subsidy_policies.main(tmp_path, fast=True, small=True))
    }
    assert list(rows) == list(subsidy_policies.POLICIES)
    assert {r["cost_source"] for r in rows.values()} == {"economics"}
    draw = {name: Decimal(r["annual_parity_yuan"]) for name, r in rows.items()}
    assert 0 < draw["cap_0.50"] < draw["cap_1.00"] < draw["no_practical_cap"]
    assert draw["cap_1.00_monthly_200000"] <= draw["cap_1.00"]
    months = {name: float(r["months_until_exhausted"]) for name, r in rows.items()}
    assert months["cap_0.50"] >= months["cap_1.00"] >= months["no_practical_cap"] > 0


def test_cost_path_covers_every_year_with_growing_parcels(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    rows = read_csv(cost_path.main(tmp_path, fast=True, small=True))
    # printed in Chinese by default, money as people read it; the CSV keeps its English keys
    out = capsys.readouterr().out
    assert "小范围测算（--small）" in out and "第 5 年" in out and " 元" in out
    assert "parcels a day" not in out and "year 5" not in out
    assert set(rows[0]) == {
        "year",
        "parcels_per_day",
        "daily_cost_yuan",
        "cost_per_parcel_yuan",
        "vehicles",
    }
    assert [int(r["year"]) for r in rows] == list(range(cost_path.YEARS + 1))
    parcels = [float(r["parcels_per_day"]) for r in rows]
    for a, b in pairwise(parcels):
        assert b == pytest.approx(a * (1 + cost_path.GROWTH_PER_YEAR), rel=0.01)
    assert all(Decimal(r["cost_per_parcel_yuan"]) > 0 for r in rows)
    vehicles = [int(r["vehicles"]) for r in rows]
    assert vehicles == sorted(vehicles)  # growth never needs fewer vehicles


@pytest.mark.parametrize(
    ("argv", "lang"), [([], "zh"), (["--lang", "en"], "en"), (["--lang", "zh"], "zh")]
)
def test_every_script_takes_lang_and_defaults_to_chinese(
    argv: list[str], lang: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    seen: dict[str, object] = {}

    def fake_main(out_dir: Path, **options: object) -> Path:
        seen.update(options)
        return out_dir / "x.csv"

    out = tmp_path / "out"
    monkeypatch.setattr("sys.argv", ["script", "--out", str(out), "--small", *argv])
    with pytest.raises(SystemExit) as stop:
        command_line(fake_main, "A script.")
    assert stop.value.code == 0
    assert seen == {"fast": False, "small": True, "lang": lang}


def test_a_script_rejects_an_unknown_language(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setattr("sys.argv", ["script", "--out", str(tmp_path / "o"), "--lang", "fr"])
    with pytest.raises(SystemExit) as stop:
        command_line(lambda out_dir, **_: out_dir, "A script.")
    assert stop.value.code == 2
    assert "--lang" in capsys.readouterr().err


def test_a_script_says_bad_input_in_its_language(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    from network.errors import InputError

    def bad(out_dir: Path, **_: object) -> Path:
        raise InputError("x is bad", file="nodes.csv", row=3, field="lat")

    for argv, expected in (([], "错误："), (["--lang", "en"], "error: nodes.csv row 3")):
        monkeypatch.setattr("sys.argv", ["s", "--out", str(tmp_path / "o"), "--small", *argv])
        with pytest.raises(SystemExit) as stop:
            command_line(bad, "A script.")
        assert stop.value.code == 2
        assert expected in capsys.readouterr().err
