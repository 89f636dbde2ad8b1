"""The column-title catalogue covers every table and column the plan writes; plan.xlsx reads in
the run's language while the CSV files keep their English keys; docs/columns.md is current."""

from __future__ import annotations

import csv
import dataclasses
import json
import re
import shutil
from pathlib import Path
from typing import Any

import pytest

from coldchain.demand import ReeferDemand
from network.texts import LANGS, texts_for
from scenarios.columns import (
    COLUMNS,
    TABLES,
    cell_text,
    column_header,
    columns_markdown,
    sheet_title,
)
from scenarios.exports import MONEY_FORMAT
from scenarios.publish import write_outputs
from scenarios.report import plan_tables
from scenarios.runner import PlanRun, run_plan
from scenarios.schema import load_scenario

TINY = Path(__file__).parent / "fixtures" / "tiny"
DOC = Path(__file__).resolve().parents[2] / "docs" / "columns.md"
CJK = re.compile(r"[\u4e00-\u9fff]")


def _tiny(folder: Path, *, scope: str) -> Path:
    """The tiny county; ``ecommerce``: its villages land abalone (sold online fresh)."""
    shutil.copytree(TINY, folder, dirs_exist_ok=True)
    nodes = folder / "nodes.csv"
    if scope == "ecommerce":
        text = nodes.read_text(encoding="utf-8").replace("supply_tea_kg", "supply_abalone_kg")
        nodes.write_text(text, encoding="utf-8")
    scenario = folder / "scenario.toml"
    with scenario.open("a", encoding="utf-8") as f:
        f.write(f'\n[coldchain]\nscope = "{scope}"\n')
    return scenario


@pytest.fixture(scope="module")
def ecommerce_run(tmp_path_factory: pytest.TempPathFactory) -> PlanRun:
    folder = tmp_path_factory.mktemp("ecommerce")
    return run_plan(load_scenario(_tiny(folder, scope="ecommerce")), fast=True)


@pytest.fixture(scope="module")
def industry_run(tmp_path_factory: pytest.TempPathFactory) -> PlanRun:
    folder = tmp_path_factory.mktemp("industry")
    return run_plan(load_scenario(_tiny(folder, scope="industry")), fast=True)


@pytest.fixture(params=["ecommerce", "industry"])
def run(request: pytest.FixtureRequest) -> PlanRun:
    """The tiny county's plan with each cold-chain scope (their tables differ)."""
    found: PlanRun = request.getfixturevalue(f"{request.param}_run")
    return found


def _layouts(name: str) -> list[tuple[str, ...]]:
    return [layout.columns for layout in TABLES[name].layouts]


def test_every_table_and_column_of_a_plan_has_a_title(run: PlanRun) -> None:
    tables = plan_tables(run)
    assert "coldchain_lanes" in tables or "coldchain" in tables  # the cold chain ran
    for name, rows in tables.items():
        assert name in TABLES, f"table {name} has no entry in scenarios.columns.TABLES"
        for row in rows:
            assert tuple(row) in _layouts(name), f"{name}: columns {list(row)} not catalogued"
            missing = [key for key in row if key not in COLUMNS]
            assert not missing, f"{name}: no title for {missing}"


def test_bus_and_reefer_tables_are_catalogued(tmp_path: Path) -> None:
    from tests.scenarios.test_routing_bus import _run

    rows = _run(tmp_path, "0").tables()["bus_villages"]
    assert rows and all(tuple(r) in _layouts("bus_villages") for r in rows)
    fields = tuple(f.name for f in dataclasses.fields(ReeferDemand))
    assert fields in _layouts("coldchain_reefer_demand")  # written as asdict(demand)


def test_the_catalogue_has_no_stale_or_missing_column() -> None:
    listed = {key for t in TABLES.values() for layout in t.layouts for key in layout.columns}
    assert listed == set(COLUMNS)


@pytest.mark.parametrize("lang", LANGS)
def test_sheet_names_are_valid_and_distinct(lang: str) -> None:
    tr = texts_for(lang)
    titles = [sheet_title(name, tr) for name in TABLES]
    assert len({t.casefold() for t in titles}) == len(titles)
    for title in titles:
        assert 0 < len(title) <= 31 and not re.search(r"[\[\]:*?/\\]", title), title
        assert bool(CJK.search(title)) == (lang == "zh"), title


def test_docs_columns_md_is_generated_from_the_catalogue() -> None:
    assert DOC.read_text(encoding="utf-8") == columns_markdown(), (
        "docs/columns.md is stale: run .venv/bin/python tools/columns_doc.py"
    )
    text = columns_markdown()
    for name, table in TABLES.items():
        assert f"## {name}: " in text
        if table.csv:
            assert f"`{name}.csv`" in text
    for key, column in COLUMNS.items():
        zh = texts_for("zh")(column.title)
        assert f"| `{key}` | {zh} | {column.title} |" in text
        assert CJK.search(zh), f"{key}: {zh!r} is not Chinese"


def _sheet(book: Any, title: str) -> list[list[Any]]:
    return [list(r) for r in book[title].iter_rows(values_only=True)]


@pytest.mark.parametrize("lang", LANGS)
def test_workbook_is_translated_and_csv_headers_stay_english(
    ecommerce_run: PlanRun, tmp_path: Path, lang: str
) -> None:
    from openpyxl import load_workbook

    tr = texts_for(lang)
    run = dataclasses.replace(
        ecommerce_run, scenario=ecommerce_run.scenario.model_copy(update={"lang": lang})
    )
    write_outputs(run, tmp_path)
    book = load_workbook(tmp_path / "plan.xlsx")
    tables = plan_tables(run)
    assert book.sheetnames == [sheet_title(n, tr) for n in tables] + [tr("columns")]
    for name, rows in tables.items():
        sheet = _sheet(book, sheet_title(name, tr))
        if not rows:
            continue
        keys = list(rows[0])
        assert sheet[0] == [column_header(k, tr) for k in keys]
        assert len(sheet) == 1 + len(rows)
        if TABLES[name].csv:
            with (tmp_path / f"{name}.csv").open(encoding="utf-8-sig", newline="") as f:
                assert next(csv.reader(f)) == keys  # the machine header, in every language
    villages = _sheet(book, sheet_title("villages", tr))
    header = "".join(str(h) for h in villages[0])
    assert bool(CJK.search(header)) == (lang == "zh")
    if lang == "zh":
        assert villages[0][:4] == ["村编号", "名称", "乡镇编号", "乡镇"]
        assert "距服务点距离（公里）" in villages[0]
    else:
        assert villages[0][:4] == ["village ID", "name", "township ID", "township"]
        assert "distance to the service point (km)" in villages[0]
    # codes: the meaning in the workbook, the code in the CSV
    service = villages[0].index(column_header("service", tr))
    shown = {row[service] for row in villages[1:]}
    codes = {r["service"] for r in tables["villages"]}
    assert shown == {cell_text("service", c, tr) for c in codes}
    if lang == "zh":
        assert shown <= {"本地设有服务点", "服务半径内有服务点", "未覆盖"}
    with (tmp_path / "villages.csv").open(encoding="utf-8-sig", newline="") as f:
        assert {r["service"] for r in csv.DictReader(f)} == codes
    listed = _sheet(book, tr("columns"))

    keys_listed = [r[1] for r in listed[1:]]
    assert "service_distance_km" in keys_listed and "cost_per_parcel_yuan" in keys_listed


def test_money_is_a_number_in_the_workbook(industry_run: PlanRun, tmp_path: Path) -> None:
    run = industry_run
    from openpyxl import load_workbook

    write_outputs(run, tmp_path)
    book = load_workbook(tmp_path / "plan.xlsx")
    tr = texts_for(run.scenario.lang)
    rows = plan_tables(run)["subsidy"]
    sheet = book[sheet_title("subsidy", tr)]
    column = list(rows[0]).index("annual_need_yuan") + 1
    cells = [sheet.cell(row=i, column=column) for i in range(2, 2 + len(rows))]
    assert all(isinstance(c.value, (int, float)) for c in cells)  # not the text of a number
    assert all(c.number_format == MONEY_FORMAT for c in cells)
    assert [round(c.value, 2) for c in cells] == [float(r["annual_need_yuan"]) for r in rows]


def test_sweep_and_compare_files_are_documented() -> None:
    from scenarios.columns import COMPARE_COLUMNS, SWEEP_COLUMNS
    from scenarios.compare import compare_plans
    from scenarios.sweep import ROW_KEYS

    assert tuple(SWEEP_COLUMNS) == ROW_KEYS
    rows = compare_plans({"coverage": {}}, {"coverage": {}})
    assert all(tuple(r) == tuple(COMPARE_COLUMNS) for r in rows)
    text = columns_markdown()
    assert "### sweep.csv: " in text and "### compare.csv: " in text
    assert "| `annual_parity_yuan` | 年价格补贴（元） |" in text


def test_map_html_follows_the_run_language(ecommerce_run: PlanRun, tmp_path: Path) -> None:
    run = ecommerce_run
    assert run.scenario.lang == "zh"  # the scenario says nothing: Chinese by default
    write_outputs(run, tmp_path / "zh")
    zh = (tmp_path / "zh" / "map.html").read_text(encoding="utf-8")
    assert '"快递物流配送覆盖"' in zh and "<title>tiny快递物流配送覆盖图</title>" in zh
    assert json.dumps("县级仓储配送中心和乡镇服务站") in zh  # the layer list (JSON-escaped)
    assert "county DC and township hubs" not in zh
    english = dataclasses.replace(run, scenario=run.scenario.model_copy(update={"lang": "en"}))
    write_outputs(english, tmp_path / "en")
    en = (tmp_path / "en" / "map.html").read_text(encoding="utf-8")
    assert '"Coverage"' in en and '"county DC and township hubs"' in en
    assert "快递物流配送覆盖" not in en


@pytest.mark.slow
def test_every_table_of_the_demo_plan_has_a_title() -> None:
    from scenarios.demo import demo_scenario

    tables = plan_tables(run_plan(load_scenario(demo_scenario()), fast=True))
    assert {"routes", "coldchain_lanes", "subsidy", "stage_costs"} <= set(tables)
    for name, rows in tables.items():
        assert name in TABLES, name
        for row in rows[:1]:
            assert tuple(row) in _layouts(name), f"{name}: {list(row)}"


def test_codes_and_numbers_for_people() -> None:
    zh, en = texts_for("zh"), texts_for("en")
    assert cell_text("outlets", "post_office;coop", zh) == "邮政网点、供销社"
    assert cell_text("outlets", "post_office;coop", en) == "post office; supply co-op"
    assert cell_text("carrier", "express", zh) == "快递企业"
    assert cell_text("kind", "dc_cold_room", zh) == "县级仓储配送中心冷藏间"
    assert cell_text("products", "sea_cucumber;abalone", zh) == "海参、鲍鱼"
    assert cell_text("stage", "precool", zh) == "预冷设备"
    assert cell_text("carrier", "顺丰", zh) == "顺丰"  # a carrier of the county's own: as written
    assert cell_text("name", "service_point", zh) == "service_point"  # names are never codes
    assert column_header("lon", zh) == "经度（度，WGS-84）"


def test_a_name_like_a_formula_stays_text(tmp_path: Path) -> None:
    from openpyxl import load_workbook

    from scenarios.exports import write_workbook

    rows = [{"village_id": "V1", "name": '=HYPERLINK("http://x.example","点我")', "poor": 1}]
    write_workbook(tmp_path / "p.xlsx", {"villages": rows}, tr=texts_for("zh"))
    cell = load_workbook(tmp_path / "p.xlsx")["行政村和社区"]["B2"]
    assert cell.data_type == "s" and cell.value == rows[0]["name"]
