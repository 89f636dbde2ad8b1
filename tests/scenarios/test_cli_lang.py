"""The CLI's own lines in the chosen language: --lang, else the scenario's lang, else Chinese."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

from network.texts import texts_for
from scenarios.cli import main
from scenarios.interrupts import run_interruptible
from scenarios.run_log import run_log_text, warning_lines

TINY = Path(__file__).parent / "fixtures" / "tiny"
SMALL = Path(__file__).parent / "fixtures" / "init_small"
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


def test_interrupted_line_in_the_commands_language() -> None:
    def command() -> int:
        raise KeyboardInterrupt

    said: list[str] = []
    assert run_interruptible(command, say=said.append, texts=lambda: texts_for("zh")) == 130
    assert run_interruptible(command, say=said.append) == 130
    assert said == ["已中断：未写出任何文件", "interrupted: nothing written"]


def test_run_log_in_chinese() -> None:
    zh = texts_for("zh")
    lines = warning_lines(["UserWarning: x", "UserWarning: x", "DeprecationWarning: y"], zh)
    assert lines == ["UserWarning: x（2 次）", "DeprecationWarning: y"]
    assert run_log_text(lines, zh) == "警告：UserWarning: x（2 次）\n警告：DeprecationWarning: y\n"
    assert run_log_text([], zh) == "无警告\n"
    assert run_log_text([]) == "no warnings\n"


def test_init_in_chinese(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """A village whose township cannot be told: a message inside a message, both in Chinese;
    then the summary of a good init."""
    (tmp_path / "v.csv").write_text("名称,编码\n东村,12345\n", encoding="utf-8")
    argv = ["init", str(tmp_path / "o"), "--townships", str(SMALL / "townships.csv")]
    assert main([*argv, "--villages", str(tmp_path / "v.csv")]) == 2
    assert capsys.readouterr().err.strip() == (
        "错误：v.csv 第 2 行，字段 编码：无法判断所属乡镇：没有上级或乡镇列，"
        "且其代码 '12345' 不是所列乡镇的 12 位统计用区划代码"
    )
    assert main([*argv, "--villages", str(SMALL / "villages.csv")]) == 0
    out = capsys.readouterr().out.replace("\n", "")
    assert re.search(
        r"\d+ 个乡镇，\d+ 个村级单位（\d+ 个行政村，\d+ 个社区）；生成了 \d+ 个位置", out
    )
    assert "已写出 DATA_QUALITY.md" in out and "详见" in out


@pytest.mark.parametrize(
    ("lang", "text"),
    [("zh", "输出文件夹（运行结束时整体替换"), ("en", "output folder (replaced whole")],
)
def test_help_is_in_the_asked_language(
    lang: str, text: str, capsys: pytest.CaptureFixture[str]
) -> None:
    args = ["plan", "--help"] if lang == "zh" else ["plan", "--lang", "en", "--help"]  # zh default
    with pytest.raises(SystemExit):
        main(args)
    assert text in capsys.readouterr().out
