"""The county-logistics command line, end to end on a tiny county."""

from __future__ import annotations

import csv
import json
import shutil
from pathlib import Path

import pytest

from scenarios.cli import main

TINY = Path(__file__).parent / "fixtures" / "tiny"
COVERAGE_KEYS = {
    "townships_delivery_pct",
    "villages_delivery_pct",
    "townships_service_pct",
    "villages_service_pct",
    "poor_villages_service_pct",
    "targets_met",
}


@pytest.fixture
def tiny(tmp_path: Path) -> Path:
    folder = tmp_path / "tiny"
    shutil.copytree(TINY, folder)
    return folder


def _plan(scenario: Path, out: Path, *extra: str) -> int:
    return main(
        ["plan", str(scenario), "--out", str(out), "--fast", "--quiet", "--lang", "en", *extra]
    )


def test_plan_writes_every_output(tiny: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    assert _plan(tiny / "scenario.toml", out) == 0
    plan = json.loads((out / "plan.json").read_text(encoding="utf-8"))
    assert set(plan["coverage"]) >= COVERAGE_KEYS
    assert plan["network"]["villages"] == 6
    figures = {c["figure"] for c in plan["checks"]}
    assert {"routing.outlets.saving_pct", "routing.outlets.cost_per_parcel_yuan"} <= figures
    villages = (out / "villages.csv").read_text(encoding="utf-8-sig").splitlines()
    assert len(villages) == 1 + 6
    for name in ("map.html", "report.html", "plan.xlsx", "villages.geojson"):
        assert (out / name).stat().st_size > 0, name
    assert not [p for p in out.iterdir() if p.name.endswith(".tmp")]


def test_same_seed_same_plan(tiny: Path, tmp_path: Path) -> None:
    assert _plan(tiny / "scenario.toml", tmp_path / "a", "--seed", "3") == 0
    assert _plan(tiny / "scenario.toml", tmp_path / "b", "--seed", "3") == 0
    for name in ("plan.json", "villages.csv"):
        assert (tmp_path / "a" / name).read_bytes() == (tmp_path / "b" / name).read_bytes()


def test_bad_row_is_one_line_exit_2_and_nothing_written(
    tiny: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    nodes = tiny / "nodes.csv"
    nodes.write_text(
        nodes.read_text(encoding="utf-8").replace("119.950,26.955", "119.950,261.2"),
        encoding="utf-8",
    )
    out = tmp_path / "out"
    assert _plan(tiny / "scenario.toml", out) == 2
    err = capsys.readouterr().err.strip()
    assert len(err.splitlines()) == 1
    assert "nodes.csv" in err and "row 8" in err and "lat" in err
    assert "Traceback" not in err
    assert not out.exists() or not any(out.iterdir())


def test_failed_run_keeps_earlier_results(tiny: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    assert _plan(tiny / "scenario.toml", out) == 0
    before = (out / "plan.json").read_bytes()
    (tiny / "nodes.csv").write_text("id,name\n", encoding="utf-8")
    assert _plan(tiny / "scenario.toml", out) == 2
    assert (out / "plan.json").read_bytes() == before


def test_bad_scenario_key_names_its_path(
    tiny: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    scenario = tiny / "scenario.toml"
    scenario.write_text(
        scenario.read_text(encoding="utf-8").replace('coords = "wgs84"', 'coords = "utm"'),
        encoding="utf-8",
    )
    assert main(["validate", str(scenario)]) == 2
    err = capsys.readouterr().err
    assert "scenario.toml" in err and "network.coords" in err


def test_validate_checks_inputs(tiny: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["validate", str(tiny / "scenario.toml"), "--lang", "en"]) == 0
    assert "OK" in capsys.readouterr().out


def test_missing_scenario_is_bad_input(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["validate", str(tmp_path / "nope.toml"), "--lang", "en"]) == 2
    assert "not found" in capsys.readouterr().err


def _without_supply_columns(folder: Path) -> None:
    path = folder / "nodes.csv"
    lines = path.read_text(encoding="utf-8").splitlines()
    header = lines[0].split(",")
    keep = [k for k, name in enumerate(header) if not name.startswith("supply_")]
    rows = [",".join(line.split(",")[k] for k in keep) for line in lines]
    path.write_text("\n".join(rows) + "\n", encoding="utf-8")


def test_a_section_without_inputs_steps_aside_with_a_reason(
    tiny: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    _without_supply_columns(tiny)
    out = tmp_path / "out"
    assert _plan(tiny / "scenario.toml", out, "--lang", "zh") == 0  # not an error
    plan = json.loads((out / "plan.json").read_text(encoding="utf-8"))
    skipped = plan["coldchain"]["skipped"]
    assert "no node has fresh-product supply" in skipped["reason"]
    assert "supply_<product>_kg" in skipped["add"]
    assert "routing" in plan and "skipped" not in plan["routing"]
    # the warning and the report in the run's language (Chinese by default), plan.json English
    err = capsys.readouterr().err
    assert "coldchain 未运行（缺少输入）：没有地点供应目录中的生鲜产品" in err
    assert "supply_tea_kg" in err and "fresh-product" not in err
    report = (out / "report.html").read_text(encoding="utf-8")
    assert "<h2>冷链：未运行（缺少输入）</h2>" in report and "Skipped:" not in report


def test_supply_not_sold_online_fresh_skips_the_e_commerce_cold_chain_with_a_reason(
    tiny: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # tiny supplies kelp and tea only: their online parcels hold the made product (no cold chain)
    out = tmp_path / "out"
    assert _plan(tiny / "scenario.toml", out, "--lang", "en") == 0  # not an error
    plan = json.loads((out / "plan.json").read_text(encoding="utf-8"))
    assert set(plan["coldchain"]) == {"skipped"}
    skipped = plan["coldchain"]["skipped"]
    assert "sold online fresh" in skipped["reason"]
    assert "online_share" in skipped["add"] and "sea_cucumber" in skipped["add"]
    assert "coldchain skipped: no cold parcels" in capsys.readouterr().err
    report = (out / "report.html").read_text(encoding="utf-8")
    assert "<h2>Cold chain: skipped</h2>" in report and "sold online fresh" in report


def test_island_villages_without_a_ferry_are_listed_as_unreachable(
    tiny: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tiny / "nodes.csv"
    lines = path.read_text(encoding="utf-8").splitlines()
    lines[0] += ",island"
    lines[1:] = [line + ("," + ("大嵛山" if line.startswith("V11,") else "")) for line in lines[1:]]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    out = tmp_path / "out"
    assert _plan(tiny / "scenario.toml", out, "--lang", "en") == 0
    plan = json.loads((out / "plan.json").read_text(encoding="utf-8"))
    (row,) = plan["network"]["unreachable"]
    assert row["id"] == "V11" and "no ferry link serves" in row["reason"]
    villages = {
        r["village_id"]: r
        for r in csv.DictReader((out / "villages.csv").open(encoding="utf-8-sig"))
    }
    assert villages["V11"]["delivery"] == "0" and villages["V11"]["service"] == "uncovered"
    assert "is unreachable" in capsys.readouterr().err


def test_bad_values_still_exit_2_with_file_row_and_field(
    tiny: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    _without_supply_columns(tiny)
    path = tiny / "nodes.csv"
    text = path.read_text(encoding="utf-8").replace(
        "V11,大京村,village,120.060,26.735", "V11,大京村,village,120.060,261.2"
    )
    path.write_text(text, encoding="utf-8")
    assert _plan(tiny / "scenario.toml", tmp_path / "out") == 2
    assert "nodes.csv row 5, field lat: 261.2 is outside -90..90" in capsys.readouterr().err
    assert not (tmp_path / "out").exists()


def test_a_whole_file_error_names_the_file(
    tiny: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tiny / "nodes.csv"
    lines = path.read_text(encoding="utf-8").splitlines()
    lines = [lines[0] + ",supply_durian_kg"] + [
        f"{line},{'5' if k == 3 else ''}" for k, line in enumerate(lines[1:])
    ]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    assert _plan(tiny / "scenario.toml", tmp_path / "out") == 2
    err = capsys.readouterr().err
    assert err.startswith("error: nodes.csv, field supply_durian_kg:"), err
