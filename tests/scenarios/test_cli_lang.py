"""The CLI's own lines in the chosen language: --lang, else the scenario's lang, else Chinese."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

from scenarios.cli import main

TINY = Path(__file__).parent / "fixtures" / "tiny"
CJK = re.compile("[\u4e00-\u9fff]")


@pytest.fixture
def county(tmp_path: Path) -> Path:
    folder = tmp_path / "county"
    shutil.copytree(TINY, folder)
    return folder


def _bad_lat(folder: Path) -> None:
    path = folder / "nodes.csv"
    text = path.read_text(encoding="utf-8")
    assert "119.950,26.955" in text
    path.write_text(text.replace("119.950,26.955", "119.950,261.2"), encoding="utf-8")


def _scenario_lang(folder: Path, lang: str) -> None:
    path = folder / "scenario.toml"
    path.write_text(f'lang = "{lang}"\n' + path.read_text(encoding="utf-8"), encoding="utf-8")


def _plan(folder: Path, *extra: str) -> int:
    argv = ["plan", str(folder / "scenario.toml"), "--out", str(folder / "out"), "--fast"]
    return main([*argv, "--quiet", *extra])


def test_bad_input_line_is_chinese_by_default(
    county: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    _bad_lat(county)
    assert _plan(county) == 2
    assert (
        capsys.readouterr().err.strip()
        == "错误：nodes.csv 第 8 行，字段 lat：261.2 超出 -90..90 的范围"
    )


def test_the_scenarios_lang_chooses_the_language_of_the_error_line(
    county: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    _bad_lat(county)
    _scenario_lang(county, "en")
    assert _plan(county) == 2
    assert capsys.readouterr().err.strip() == (
        "error: nodes.csv row 8, field lat: 261.2 is outside -90..90"
    )
    assert _plan(county, "--lang", "zh") == 2  # --lang wins over the scenario
    assert capsys.readouterr().err.strip().startswith("错误：nodes.csv 第 8 行，字段 lat：")


def test_a_scenario_that_does_not_load_is_reported_in_chinese_unless_lang_says(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    missing = tmp_path / "nope.toml"
    assert main(["validate", str(missing)]) == 2
    assert capsys.readouterr().err.strip() == f"错误：{missing}：找不到情景文件"
    assert main(["validate", str(missing), "--lang", "en"]) == 2
    assert capsys.readouterr().err.strip() == f"error: {missing}: scenario file not found"


def test_validate_ok_line_in_chinese(county: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["validate", str(county / "scenario.toml")]) == 0
    out = capsys.readouterr().out
    assert f"{county / 'scenario.toml'}：通过（" in out.replace("\n", "")


def test_plan_summary_lines_in_chinese(county: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert _plan(county) == 0
    out = capsys.readouterr().out
    written = sorted(p for p in (county / "out").iterdir() if not p.name.startswith("."))
    assert re.search(r"：\d+ 个村", out), out
    assert f"已写出 {len(written)} 个文件到 {county / 'out'}" in out.replace("\n", ""), out
    assert "主要指标" in out and "数值" in out
