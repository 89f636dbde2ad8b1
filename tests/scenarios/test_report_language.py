"""The report in the run's language: Chinese by default, English with ``--lang en`` or the
scenario's ``lang``; plan.json the same bytes in both (machine keys and values stay English)."""

from __future__ import annotations

import json
import re
import shutil
from html import unescape
from pathlib import Path

import pytest

from network.texts import texts_for
from scenarios.cli import main
from scenarios.registry import SECTIONS
from scenarios.report import render_report
from scenarios.report_parts.coldchain_ecommerce import checks_html
from scenarios.runner import PlanRun, run_plan
from scenarios.schema import load_scenario
from scenarios.sections.economics import EconomicsOutcome
from scenarios.sections.subsidy import SubsidyOutcome

TINY = Path(__file__).parent / "fixtures" / "tiny"
CJK = re.compile(r"[\u4e00-\u9fff]")
# Headings of the report's main text and of the section parts this module checks, in English.
ENGLISH_HEADINGS = (
    "Targets of the plan",
    "Coverage by township",
    "Network",
    "Shared delivery routes",
    "Parcel economics: the whole way",
    "Subsidy: parity for upward parcels",
    "Open the coverage map",
)


@pytest.fixture(scope="module")
def tiny_run(tmp_path_factory: pytest.TempPathFactory) -> PlanRun:
    folder = tmp_path_factory.mktemp("tiny")
    shutil.copytree(TINY, folder, dirs_exist_ok=True)
    scenario = folder / "scenario.toml"
    scenario.write_text(
        scenario.read_text(encoding="utf-8") + '\n[coldchain]\nscope = "industry"\n',
        encoding="utf-8",
    )
    return run_plan(load_scenario(scenario), fast=True)


def _mine(run: PlanRun, html: str, lang: str) -> str:
    """The report without the parts other modules write (checks table, cold chain)."""
    tr = texts_for(lang)
    cold = next(s for s in SECTIONS if s.key == "coldchain")
    html = html.replace(checks_html(run.checks), "")
    return html.replace(cold.report(run.results["coldchain"], run.network, tr), "")


def _texts(html: str, tags: str) -> list[str]:
    found = re.findall(rf"<({tags})\b[^>]*>(.*?)</\1>", html, flags=re.S)
    return [unescape(re.sub(r"<[^>]+>", "", inner)).strip() for _, inner in found]


def test_chinese_report_has_every_heading_header_and_sentence_in_chinese(
    tiny_run: PlanRun,
) -> None:
    html = render_report(tiny_run, tr=texts_for("zh"))
    assert html.startswith('<!DOCTYPE html><html lang="zh-CN">')
    mine = _mine(tiny_run, html, "zh")
    headings = _texts(mine, "h1|h2|h3|h4|title")
    assert len(headings) > 15
    assert [h for h in headings if not CJK.search(h)] == []
    headers = [h for h in _texts(mine, "th") if h]
    assert len(headers) > 40
    # a header is Chinese unless it is a unit or a code the data brings
    assert [h for h in headers if not CJK.search(h)] == []
    sentences = [p for p in _texts(mine, "p") if p]
    assert [p for p in sentences if not CJK.search(p)] == []
    # Chinese punctuation next to Chinese text: （）：；， not ( ) : ; ,
    half_width = re.compile(r"[\u4e00-\u9fff][(:;,)]|[(:;,)][\u4e00-\u9fff]")
    assert [t for t in [*headings, *headers, *sentences] if half_width.search(t)] == []
    for english in ENGLISH_HEADINGS:
        assert english not in mine
    assert "规划目标" in html and "打开覆盖地图" in html and "共同配送线路" in html
    verdicts = re.findall(r'class="(met|not-met)">([^<]*)<', html)
    assert len(verdicts) == 1 + 5 and {v for _, v in verdicts} <= {"达标", "未达标"}


def test_money_in_sentences_is_written_for_the_language(tiny_run: PlanRun) -> None:
    zh, en = texts_for("zh"), texts_for("en")
    subsidy = tiny_run.outcome(SubsidyOutcome)
    economics = tiny_run.outcome(EconomicsOutcome)
    assert subsidy is not None and economics is not None and economics.found is not None
    parity = subsidy.plan.annual_parity_yuan
    per_parcel = economics.found.headline.total().cost_per_parcel_yuan
    chinese = render_report(tiny_run, tr=zh)
    english = render_report(tiny_run, tr=en)
    assert f"<b>{zh.yuan(parity)}</b>" in chinese and f"<b>{en.yuan(parity)}</b>" in english
    assert f"<b>{zh.yuan(per_parcel)}</b>" in chinese
    assert f"<b>{en.yuan(per_parcel)}</b>" in english
    if parity >= 10_000:  # the fund's yearly draw reads in 万元 in Chinese
        assert zh.yuan(parity).endswith(" 万元")


def test_english_report_is_english(tiny_run: PlanRun) -> None:
    html = render_report(tiny_run, tr=texts_for("en"))
    assert html.startswith('<!DOCTYPE html><html lang="en">')
    mine = _mine(tiny_run, html, "en")
    for english in ENGLISH_HEADINGS:
        assert english in mine
    assert not CJK.search(re.sub(r"<svg.*?</svg>", "", _without_names(tiny_run, mine), flags=re.S))


def _without_names(run: PlanRun, html: str) -> str:
    """The page without the county's own (Chinese) place names."""
    for node in run.network:
        html = html.replace(node.name, "")
    return html


def _plan(scenario: Path, out: Path, *extra: str) -> int:
    return main(["plan", str(scenario), "--out", str(out), "--fast", "--quiet", *extra])


def test_plan_writes_chinese_by_default_english_on_request_same_plan_json(
    tmp_path: Path,
) -> None:
    folder = tmp_path / "tiny"
    shutil.copytree(TINY, folder)
    scenario = folder / "scenario.toml"
    assert _plan(scenario, tmp_path / "zh") == 0
    assert _plan(scenario, tmp_path / "en", "--lang", "en") == 0
    english_scenario = folder / "english.toml"
    english_scenario.write_text(
        'lang = "en"\n' + scenario.read_text(encoding="utf-8"), encoding="utf-8"
    )
    assert _plan(english_scenario, tmp_path / "toml_en") == 0
    zh = (tmp_path / "zh" / "report.html").read_text(encoding="utf-8")
    assert '<html lang="zh-CN">' in zh and "规划目标" in zh and "Targets of the plan" not in zh
    for out in ("en", "toml_en"):
        en = (tmp_path / out / "report.html").read_text(encoding="utf-8")
        assert '<html lang="en">' in en and "Targets of the plan" in en and "规划目标" not in en
    # plan.json is for machines: the same bytes whatever the language (skip reasons included)
    plan_zh = (tmp_path / "zh" / "plan.json").read_bytes()
    assert plan_zh == (tmp_path / "en" / "plan.json").read_bytes()
    skipped = json.loads(plan_zh)["coldchain"]["skipped"]
    assert "sold online fresh" in skipped["reason"]


GLOSSARY = Path(__file__).resolve().parents[2] / "docs" / "glossary.md"


def test_the_glossary_gives_the_reports_own_chinese_for_its_terms() -> None:
    from scenarios.report import SEAT_SERVICE, SKIPPED_TITLES, TARGET_ROWS
    from scenarios.report_parts import CARRIERS, MODELS
    from scenarios.report_parts.subsidy import FUND_LINES

    zh = texts_for("zh")
    glossary = GLOSSARY.read_text(encoding="utf-8")
    labels = [label for _, label in TARGET_ROWS]
    labels += [*SEAT_SERVICE.values(), *CARRIERS.values(), *MODELS.values()]
    labels += [*FUND_LINES.values(), *SKIPPED_TITLES.values()]
    labels += ["met", "not met", "no data", "Skipped:", "Targets of the plan"]
    missing = [label for label in labels if zh(label).rstrip("：") not in glossary]
    assert missing == []
    assert all(zh(label) != label for label in labels)  # each one has its Chinese
