"""The bad-input corpus (issue 18) and the README's promises, case by case, through the CLI.

Each bad case: exit code 2, one line on stderr naming the file (and field), no traceback, and
nothing written (the scratch folder holds the same files as before). ``validate`` rejects every
case that ``plan`` rejects for its inputs, with the same line. Valid odd inputs (GB18030, BOM,
``;`` separators, CRLF line ends, names with markup) load to the same network as the plain file.
"""

# ruff: noqa: E501  (the corpus reads best as one case a line)

from __future__ import annotations

import csv
import io
import json
import re
import shutil
import subprocess
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest

from scenarios.cli import main
from scenarios.runner import load_inputs
from scenarios.schema import load_scenario

TINY = Path(__file__).parent / "fixtures" / "tiny"
FERRIES = (
    "name,island,mainland_lon,mainland_lat,island_lon,island_lat,crossing_min,"
    "cost_per_trip_yuan,sea_distance_km,departures_per_day\n"
    "渡,岛,120.07,26.75,120.08,26.758,20,100,2,4\n"
)
FLEET = (
    '[[routing.fleet]]\nname = "van"\nechelons = ["trunk", "feeder"]\n'
    "fixed_cost_yuan_per_day = 290\ncost_per_km_yuan = 0.8\n"
)


def _edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, (path, old)
    path.write_text(text.replace(old, new), encoding="utf-8")


def _keep_rows(folder: Path, keep: Callable[[str], bool]) -> None:
    lines = (folder / "nodes.csv").read_text(encoding="utf-8").splitlines()
    rows = [lines[0], *(line for line in lines[1:] if keep(line))]
    (folder / "nodes.csv").write_text("\n".join(rows) + "\n", encoding="utf-8")


def _append(folder: Path, text: str) -> None:
    with (folder / "scenario.toml").open("a", encoding="utf-8") as handle:
        handle.write("\n" + text + "\n")


def _island(folder: Path, *, ferries: bool) -> None:
    """Village V13 (渔洋村, nodes.csv row 7) on island 岛, with or without its ferry."""
    lines = (folder / "nodes.csv").read_text(encoding="utf-8").splitlines()
    lines = [lines[0] + ",island"] + [
        line + (",岛" if line.startswith("V13,") else ",") for line in lines[1:]
    ]
    (folder / "nodes.csv").write_text("\n".join(lines) + "\n", encoding="utf-8")
    if ferries:
        (folder / "ferries.csv").write_text(FERRIES, encoding="utf-8")
        _edit(
            folder / "scenario.toml",
            'coords = "wgs84"',
            'coords = "wgs84"\nferries = "ferries.csv"',
        )


def _nodes_line(old: str, new: str) -> Callable[[Path], None]:
    return lambda folder: _edit(folder / "nodes.csv", old, new)


def _scenario_line(old: str, new: str) -> Callable[[Path], None]:
    return lambda folder: _edit(folder / "scenario.toml", old, new)


def _scenario_extra(text: str) -> Callable[[Path], None]:
    return lambda folder: _append(folder, text)


def _no_villages_with_ferries(folder: Path) -> None:
    _island(folder, ferries=True)
    _keep_rows(folder, lambda line: ",village," not in line)


def _no_county(folder: Path) -> None:
    _keep_rows(folder, lambda line: not line.startswith("C,"))
    _edit(folder / "nodes.csv", ",C,", ",,")


def _misspelt_ferry(folder: Path) -> None:
    _island(folder, ferries=True)
    _edit(folder / "ferries.csv", "渡,岛", "渡,导")


def _a_file(name: str) -> Callable[[Path], None]:
    return lambda folder: (folder / name).write_text("not a folder\n", encoding="utf-8")


def _other_files(folder: Path) -> None:
    (folder / "mine").mkdir()
    (folder / "mine" / "notes.txt").write_text("a planner's own notes\n", encoding="utf-8")


def _sweep_file(text: str) -> Callable[[Path], None]:
    return lambda folder: (folder / "sweep.toml").write_text(text, encoding="utf-8")


@dataclass(frozen=True)
class Case:
    """A bad input: how to make it from the tiny county, the command, what the line names."""

    setup: Callable[[Path], object]
    names: tuple[str, ...]
    command: tuple[str, ...] = ("plan", "scenario.toml", "--out", "out")

    @property
    def is_scenario_input(self) -> bool:
        """A plan of the scenario, failing for what the scenario's files hold."""
        return self.command[0] == "plan" and self.command[1:] == ("scenario.toml", "--out", "out")


# Not bad input (issue 22): no fresh-product supply anywhere (the cold chain steps aside) and
# island places without any ferries file (listed as unreachable): tests/scenarios/test_cli.py.
CASES = {
    "lat out of range": Case(_nodes_line("119.950,26.955", "119.950,261.2"), ("nodes.csv row 8", "lat")),
    "lon not a number": Case(_nodes_line("119.950,26.955", "abc,26.955"), ("nodes.csv row 8", "lon")),
    "lat nan": Case(_nodes_line("119.950,26.955", "119.950,nan"), ("nodes.csv row 8", "lat")),
    "column missing": Case(_nodes_line(",parcels_up,", ",parcels_upx,"), ("nodes.csv", "parcels_up")),
    "duplicate id": Case(_nodes_line("V22,", "V21,"), ("nodes.csv row 9", "id")),
    "unknown tier": Case(_nodes_line(",village,119.915", ",hamlet,119.915"), ("nodes.csv row 9", "tier")),
    "parent unknown": Case(_nodes_line(",T2,800", ",T9,800"), ("nodes.csv row 9", "parent")),
    "negative parcels": Case(_nodes_line("800,1,18,10", "800,1,-18,10"), ("nodes.csv row 9", "parcels_down")),
    "fractional population": Case(_nodes_line("800,1,18", "800.5,1,18"), ("nodes.csv row 9", "population")),
    "parcels 1e308": Case(_nodes_line("800,1,18,10", "800,1,1e308,10"), ("nodes.csv row 9", "parcels_down", "10,000,000")),
    "population 1e15": Case(_nodes_line("800,1,18,10", "1000000000000000,1,18,10"), ("nodes.csv row 9", "population", "5,000,000")),
    "supply 1e300": Case(_nodes_line(",,0,250", ",,0,1e300"), ("nodes.csv row 9", "supply_tea_kg")),
    "far from the county": Case(_nodes_line("119.950,26.955", "109.950,26.955"), ("nodes.csv row 8", "lon/lat")),
    "header only": Case(lambda d: _keep_rows(d, lambda line: False), ("nodes.csv",)),
    "empty nodes file": Case(lambda d: (d / "nodes.csv").write_text("", encoding="utf-8"), ("nodes.csv",)),
    "utf-16 nodes file": Case(lambda d: (d / "nodes.csv").write_bytes((d / "nodes.csv").read_text(encoding="utf-8").encode("utf-16")), ("nodes.csv", "UTF-16")),
    "nodes file missing": Case(lambda d: (d / "nodes.csv").unlink(), ("nodes.csv", "does not exist")),
    "zero villages": Case(lambda d: _keep_rows(d, lambda line: ",village," not in line), ("nodes.csv", "no village")),
    "zero villages, ferries kept": Case(_no_villages_with_ferries, ("nodes.csv", "no village")),
    "ferry to an unknown island": Case(_misspelt_ferry, ("ferries.csv row 2", "island")),
    "no county node": Case(_no_county, ("nodes.csv", "no county")),
    "scenario missing": Case(lambda d: (d / "scenario.toml").unlink(), ("scenario.toml", "not found")),
    "scenario not TOML": Case(_scenario_extra("[solver\nseed = 1"), ("scenario.toml", "TOML")),
    "scenario unknown key": Case(_scenario_extra("colour = 1"), ("scenario.toml", "colour")),
    "scenario bad coords": Case(_scenario_line('"wgs84"', '"utm"'), ("scenario.toml", "network.coords")),
    "time limit 0": Case(_scenario_line("time_limit_s = 2", "time_limit_s = 0"), ("scenario.toml", "solver.time_limit_s")),
    "fleet capacity 0": Case(_scenario_extra(FLEET + "capacity_parcels = 0\ncapacity_kg = 100"), ("scenario.toml", "capacity_parcels")),
    "fleet capacity 1e12": Case(_scenario_extra(FLEET + "capacity_parcels = 1e12\ncapacity_kg = 1e12"), ("scenario.toml", "capacity_parcels", "100,000")),
    "fleet below one parcel": Case(_scenario_extra(FLEET + "capacity_parcels = 10\ncapacity_kg = 1"), ("scenario.toml", "routing.fleet.capacity_kg")),
    "fleet without trunk": Case(_scenario_extra(FLEET.replace('"trunk", ', "") + "capacity_parcels = 10\ncapacity_kg = 15"), ("scenario.toml", "routing.fleet")),
    "reefer capacity 1e9": Case(_scenario_extra("[[coldchain.reefer_routes.fleet]]\ncapacity_kg = 1e9"), ("scenario.toml", "coldchain.reefer_routes.fleet[0].capacity_kg", "100000")),
    "mclp without budget": Case(_scenario_extra('[siting]\nmodel = "mclp"'), ("scenario.toml", "siting.budget_yuan")),
    "--out is a file": Case(_a_file("outfile"), ("outfile", "--out", "is a file"), ("plan", "scenario.toml", "--out", "outfile")),
    "--out under a file": Case(_a_file("outfile"), ("outfile", "--out"), ("plan", "scenario.toml", "--out", "outfile/sub")),
    "--out cannot be written": Case(lambda d: None, ("/proc/i18-out", "--out"), ("plan", "scenario.toml", "--out", "/proc/i18-out")),
    "--out holds other files": Case(_other_files, ("mine", "not an earlier"), ("plan", "scenario.toml", "--out", "mine")),
    "sweep --out is a file": Case(lambda d: (_a_file("outfile")(d), _sweep_file('base = "scenario.toml"\nseeds = [1]\n')(d)), ("outfile", "--out"), ("sweep", "sweep.toml", "--out", "outfile", "--quiet")),
    "sweep grid not a list": Case(_sweep_file('base = "scenario.toml"\n[grid]\n"solver.seed" = 3\n'), ("sweep.toml", "grid.solver.seed"), ("sweep", "sweep.toml", "--out", "sw", "--quiet")),
    "compare: plan missing": Case(lambda d: None, ("a/plan.json", "not found"), ("compare", "a/plan.json", "b/plan.json", "--out", "c.csv")),
    "compare --out is a folder": Case(lambda d: ((d / "cmp").mkdir(), (d / "p.json").write_text('{"coverage": {}}')), ("cmp", "--out", "is a folder"), ("compare", "p.json", "p.json", "--out", "cmp")),
}  # fmt: skip


def _files(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in folder.rglob("*") if p.is_file()}


def _run(
    folder: Path, argv: tuple[str, ...], monkeypatch: pytest.MonkeyPatch, lang: str = "en"
) -> int:
    monkeypatch.chdir(folder)
    extra = ("--fast", "--quiet") if argv[0] == "plan" else ()
    return main([*argv, *extra, "--lang", lang])


@pytest.fixture
def county(tmp_path: Path) -> Path:
    folder = tmp_path / "county"
    shutil.copytree(TINY, folder)
    return folder


@pytest.mark.parametrize("name", list(CASES))
def test_bad_input_is_one_line_exit_2_nothing_written(
    name: str, county: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    case = CASES[name]
    case.setup(county)
    before = _files(county)
    status = _run(county, case.command, monkeypatch)
    err = capsys.readouterr().err
    lines = err.strip().splitlines()
    assert status == 2, err
    assert len(lines) == 1, err
    assert lines[0].startswith("error: ") and "Traceback" not in err
    for part in case.names:
        assert part in lines[0], (part, lines[0])
    assert _files(county) == before
    assert not [p for p in county.parent.iterdir() if p.name.endswith(".partial")]


_CJK = re.compile("[\u4e00-\u9fff]")
_EN_PLACE = re.compile(r"^(?P<file>.*?)(?: row (?P<row>\d+))?(?:, field (?P<field>.+))?$")


def _zh_place(en_place: str) -> str:
    """The place of an English line ("nodes.csv row 8, field lat") as the Chinese line has it."""
    match = _EN_PLACE.match(en_place)
    assert match, en_place
    file, row, field = match.group("file", "row", "field")
    if file.startswith("field ") and row is None and field is None:
        file, field = "", file.removeprefix("field ")
    place = " ".join(p for p in (file, f"第 {row} 行" if row else "") if p)
    if field is not None:
        place = f"{place}，字段 {field}" if place else f"字段 {field}"
    return place


@pytest.mark.parametrize("name", list(CASES))
def test_bad_input_in_chinese_is_one_line_naming_file_row_and_field(
    name: str, county: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """The default language: the same one line, with file, row (第 N 行) and field (字段 x) as
    in English and the message itself in Chinese."""
    case = CASES[name]
    case.setup(county)
    before = _files(county)
    assert _run(county, case.command, monkeypatch, lang="en") == 2
    en_line = capsys.readouterr().err.strip()
    en_place = en_line.removeprefix("error: ").split(": ", 1)[0]
    status = main([*case.command, *(("--fast", "--quiet") if case.command[0] == "plan" else ())])
    err = capsys.readouterr().err
    lines = err.strip().splitlines()
    assert status == 2, err
    assert len(lines) == 1 and "Traceback" not in err, err
    assert lines[0].startswith("错误："), lines[0]
    place, message = lines[0].removeprefix("错误：").split("：", 1)
    assert place == _zh_place(en_place), (place, en_line)
    assert _CJK.search(message), lines[0]
    assert _files(county) == before


@pytest.mark.parametrize("name", [n for n, c in CASES.items() if c.is_scenario_input])
def test_validate_rejects_what_plan_rejects(
    name: str, county: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    CASES[name].setup(county)
    assert _run(county, ("plan", "scenario.toml", "--out", "out"), monkeypatch) == 2
    plan_line = capsys.readouterr().err.strip()
    assert _run(county, ("validate", "scenario.toml"), monkeypatch) == 2
    assert capsys.readouterr().err.strip() == plan_line


def test_validate_names_the_check_left_to_plan(
    county: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    assert _run(county, ("validate", "scenario.toml"), monkeypatch) == 0
    out = capsys.readouterr().out
    assert "OK" in out and "needs a solve" in out and "reefer" in out


def _reencode(
    encoding: str, *, bom: bool = False, separator: str = ",", crlf: bool = False
) -> Callable[[Path], None]:
    def setup(folder: Path) -> None:
        rows = list(csv.reader(io.StringIO((folder / "nodes.csv").read_text(encoding="utf-8"))))
        buffer = io.StringIO()
        csv.writer(buffer, delimiter=separator, lineterminator="\r\n" if crlf else "\n").writerows(
            rows
        )
        data = buffer.getvalue().encode(encoding)
        (folder / "nodes.csv").write_bytes((b"\xef\xbb\xbf" if bom else b"") + data)

    return setup


ODD = {
    "GB18030": _reencode("gb18030"),
    "UTF-8 with BOM": _reencode("utf-8", bom=True),
    "semicolons": _reencode("utf-8", separator=";"),
    "CRLF": _reencode("utf-8", crlf=True),
    "tab, GB18030, CRLF": _reencode("gb18030", separator="\t", crlf=True),
}


@pytest.mark.parametrize("name", list(ODD))
def test_odd_but_valid_files_give_the_same_network(
    name: str, county: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    plain, _ = load_inputs(load_scenario(county / "scenario.toml"))
    ODD[name](county)
    odd, _ = load_inputs(load_scenario(county / "scenario.toml"))
    assert list(odd) == list(plain)
    assert _run(county, ("validate", "scenario.toml"), monkeypatch) == 0


def test_names_with_markup_plan_and_print_as_given(
    county: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    _edit(county / "nodes.csv", "霞坪村", "<b>霞坪</b>[/]村")
    _edit(county / "scenario.toml", 'name = "tiny"', 'name = "[/]tiny <i>"')
    assert _run(county, ("plan", "scenario.toml", "--out", "out"), monkeypatch) == 0
    out = capsys.readouterr().out
    assert "[/]tiny <i>" in out
    plan = json.loads((county / "out" / "plan.json").read_text(encoding="utf-8"))
    assert plan["network"]["villages"] == 6
    report = (county / "out" / "report.html").read_text(encoding="utf-8")
    assert "<b>霞坪</b>" not in report and "[/]tiny &lt;i&gt;" in report
    villages = (county / "out" / "villages.csv").read_text(encoding="utf-8-sig")
    assert "<b>霞坪</b>[/]村" in villages


@pytest.mark.slow
@pytest.mark.parametrize("name", list(ODD))
def test_odd_but_valid_files_plan(
    name: str, county: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    ODD[name](county)
    assert _run(county, ("plan", "scenario.toml", "--out", "out"), monkeypatch) == 0
    plan = json.loads((county / "out" / "plan.json").read_text(encoding="utf-8"))
    assert plan["network"]["villages"] == 6


def test_a_script_keeps_the_same_promises(tmp_path: Path) -> None:
    """A script's --out: a file is one line and exit 2; a run is a whole folder with run.log,
    and the run before it is kept as OUT.previous."""
    script = [sys.executable, "-m", "scenarios.scripts.subsidy_policies", "--fast", "--out"]
    (tmp_path / "afile").write_text("mine\n", encoding="utf-8")
    bad = subprocess.run(
        [*script, "afile", "--lang", "en"], cwd=tmp_path, capture_output=True, text=True
    )
    assert bad.returncode == 2 and "Traceback" not in bad.stderr
    assert bad.stderr.strip().splitlines() == [
        "error: afile, field --out: is a file, not a folder: give a folder for the outputs"
    ]
    chinese = subprocess.run([*script, "afile"], cwd=tmp_path, capture_output=True, text=True)
    assert chinese.returncode == 2 and chinese.stderr.startswith("错误：afile")
    for _ in range(2):
        good = subprocess.run([*script, "res"], cwd=tmp_path, capture_output=True, text=True)
        assert good.returncode == 0, good.stderr
        assert good.stdout.strip().endswith("-> res/subsidy_policies.csv")
    for folder in ("res", "res.previous"):
        assert sorted(p.name for p in (tmp_path / folder).iterdir()) == [
            ".county-logistics-run",
            "run.log",
            "subsidy_policies.csv",
        ]
