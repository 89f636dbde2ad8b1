"""The HTML report and the office exports of a run."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

from network.money import format_yuan
from network.texts import texts_for
from scenarios.exports import villages_geojson
from scenarios.publish import write_outputs
from scenarios.registry import SECTIONS
from scenarios.report import render_report
from scenarios.runner import PlanRun, run_plan
from scenarios.schema import load_scenario
from scenarios.sections.coldchain import ColdchainOutcome
from scenarios.sections.routing import RoutingOutcome
from scenarios.sections.siting import SitingOutcome
from scenarios.sections.subsidy import SubsidyOutcome
from tests.browser import visit

TINY = Path(__file__).parent / "fixtures" / "tiny"
EVIL = "<img src=x onerror=alert(1)>"


@pytest.fixture(scope="module")
def hostile_run(tmp_path_factory: pytest.TempPathFactory) -> PlanRun:
    folder = tmp_path_factory.mktemp("hostile")
    shutil.copytree(TINY, folder, dirs_exist_ok=True)
    nodes = folder / "nodes.csv"
    nodes.write_text(nodes.read_text(encoding="utf-8").replace("东冲村", EVIL), encoding="utf-8")
    scenario = folder / "scenario.toml"  # the tiny county sells nothing fresh online: bulk view
    scenario.write_text(
        scenario.read_text(encoding="utf-8") + '\n[coldchain]\nscope = "industry"\n',
        encoding="utf-8",
    )
    return run_plan(load_scenario(scenario), fast=True)


def test_report_escapes_input_names(hostile_run: PlanRun) -> None:
    html = render_report(hostile_run, tr=texts_for("en"))
    assert EVIL not in html
    assert "onerror=alert" not in html.replace("&lt;img src=x onerror=alert(1)&gt;", "")


def test_report_has_targets_with_verdicts(hostile_run: PlanRun) -> None:
    html = render_report(hostile_run, tr=texts_for("en"))
    assert "Targets of the plan" in html
    verdicts = re.findall(r'class="(met|not-met)"', html)
    assert len(verdicts) == 1 + 5  # overall + one per target
    assert "长春镇" in html and "<svg" in html


def _row(label: str, value: str) -> str:
    return f"<tr><td>{label}</td><td>{value}</td></tr>"


def test_report_shows_each_section_from_its_typed_outcome(hostile_run: PlanRun) -> None:
    html = render_report(hostile_run, tr=texts_for("en"))
    assert set(hostile_run.results) == {s.key for s in SECTIONS}
    routing = hostile_run.outcome(RoutingOutcome)
    siting = hostile_run.outcome(SitingOutcome)
    subsidy = hostile_run.outcome(SubsidyOutcome)
    coldchain = hostile_run.outcome(ColdchainOutcome)
    assert routing and siting and subsidy and coldchain
    attr = routing.attribution
    per_parcel_yuan = format_yuan(attr.cost_per_parcel_yuan, grouped=True)
    assert _row("line-haul cost per parcel (yuan)", per_parcel_yuan) in html
    assert (
        _row("delivery cost per day (yuan)", format_yuan(attr.daily_cost_yuan, grouped=True))
        in html
    )
    assert _row("vehicles used", str(routing.vehicles)) in html
    assert _row("cost (yuan)", format_yuan(siting.result.cost_yuan, grouped=True)) in html
    assert f"<b>{format_yuan(subsidy.plan.annual_parity_yuan, grouped=True)} yuan" in html
    lost = texts_for("en").yuan(coldchain.lost_value_yuan[0])
    assert _row("value lost per year", lost) in html
    # every township's cost per parcel is routing's own attribution, none missing
    for township, per_parcel in routing.cost_per_parcel_by_township_yuan.items():
        name = hostile_run.network[township].name
        cost = format_yuan(routing.cost_by_township_yuan[township], grouped=True)
        assert per_parcel is not None
        assert f"<td>{name}</td><td>{cost}</td><td>{format_yuan(per_parcel)}</td>" in html


def test_plan_json_is_built_once_per_run(hostile_run: PlanRun) -> None:
    assert hostile_run.plan_json() is hostile_run.plan_json()
    assert set(hostile_run.plan_json()) >= {"network", "coverage", *hostile_run.results}


def test_report_needs_no_network(hostile_run: PlanRun) -> None:
    html = render_report(hostile_run, tr=texts_for("en"))
    assert not re.findall(r"""(?:src|href)\s*=\s*["']https?://""", html)


def test_villages_geojson_has_every_village(hostile_run: PlanRun) -> None:
    collection = villages_geojson(hostile_run.network, hostile_run.coverage)
    assert len(collection["features"]) == len(hostile_run.network.villages)
    first = collection["features"][0]
    assert first["geometry"]["type"] == "Point"
    assert {"service", "delivery", "population"} <= set(first["properties"])


def test_workbook_has_a_sheet_per_table(hostile_run: PlanRun, tmp_path: Path) -> None:
    from openpyxl import load_workbook

    write_outputs(hostile_run, tmp_path)
    book = load_workbook(tmp_path / "plan.xlsx")
    assert {"覆盖目标", "乡镇", "行政村和社区"} <= set(book.sheetnames)  # zh by default
    assert book["行政村和社区"].max_row == 1 + len(hostile_run.network.villages)


@pytest.mark.browser
def test_report_and_map_open_offline_in_a_browser(hostile_run: PlanRun, tmp_path: Path) -> None:
    write_outputs(hostile_run, tmp_path)
    seen = visit(tmp_path / "report.html", tmp_path, screenshot=True)
    assert "规划目标" in seen.dom  # Chinese by default
    assert seen.remote_urls == ()
    assert seen.screenshot is not None and seen.screenshot.stat().st_size > 5_000
    shown = visit(tmp_path / "map.html", tmp_path)
    count = re.search(r'data-village-markers="(\d+)"', shown.dom)
    assert count is not None and int(count.group(1)) == len(hostile_run.network.villages)
    assert shown.remote_urls == ()


def test_plan_json_and_report_hold_the_checks(hostile_run: PlanRun) -> None:
    checks = hostile_run.plan_json()["checks"]
    assert isinstance(checks, list) and checks
    for entry in checks:
        assert isinstance(entry, dict)
        assert {"figure", "value", "low", "high", "unit", "source", "ok"} <= set(entry)
    figures = {e["figure"] for e in checks if isinstance(e, dict)}
    assert {"economics.cost_per_parcel_yuan", "subsidy.per_up_parcel_yuan"} <= figures
    html = render_report(hostile_run, tr=texts_for("en"))
    assert html.index("Figures against their references") < html.index("Targets of the plan")
    assert "Parcel economics: the whole way" in html
