"""The cold-chain parts of the report and the checks table, in Chinese and in English."""

from __future__ import annotations

import re
from decimal import Decimal
from html import unescape
from pathlib import Path

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from coldchain.labels import PRODUCTS, STAGES, UNITS, product_label, stage_label, unit_label
from network import DistanceMatrix, Network
from network.texts import Texts, texts_for
from scenarios.checks import (
    FIGURE_LABELS,
    Check,
    checks_json,
    figure_label,
    number,
    outside_line,
)
from scenarios.context import RunContext
from scenarios.report_parts.coldchain import coldchain_report
from scenarios.report_parts.coldchain_ecommerce import checks_html
from scenarios.sections import coldchain as section
from scenarios.sections.coldchain import ColdchainOutcome
from scenarios.sections.coldchain_ecommerce import EcommerceOutcome
from tests.coldchain.conftest import small_network

ZH, EN = texts_for("zh"), texts_for("en")

KEPT = frozenset(
    {"P", "GB", "S", "O", "parcels_up", "scope", "coldchain", "ecommerce", "industry"}
    | {"fast", "cheaper_builds", "false"}
)
"""Latin words a Chinese reader may still see: the season percentile (P90), a standard's code
(GB 50072), source tags ([S111]), O2, facts.md rows (3b), a node file's column, and the
scenario lines people write (``[coldchain] scope = "ecommerce"``, ``cheaper_builds = false``,
``--fast``)."""


def _matrix(net: Network, minutes_apart: float) -> DistanceMatrix:
    ids = net.ids()
    minutes = np.full((len(ids), len(ids)), minutes_apart)
    np.fill_diagonal(minutes, 0.0)
    return DistanceMatrix(ids, minutes * 800.0, minutes, "great_circle")


@pytest.fixture(scope="module")
def ecommerce() -> EcommerceOutcome:
    net = small_network()
    ctx = RunContext(network=net, matrix=_matrix(net, 30.0), seed=3, base_dir=Path(), fast=True)
    outcome = section.run(ctx, section.Config())
    assert isinstance(outcome, EcommerceOutcome)
    return outcome


@pytest.fixture(scope="module")
def industry() -> ColdchainOutcome:
    net = small_network()
    ctx = RunContext(network=net, matrix=_matrix(net, 2400.0), seed=7, base_dir=Path(), fast=True)
    outcome = section.run(ctx, section.Config(scope="industry"))
    assert isinstance(outcome, ColdchainOutcome)
    return outcome


def _words(html: str, net: Network | None = None) -> set[str]:
    """The Latin words a person reads in ``html`` (tags, charts and place names taken out)."""
    shown = re.sub(r"<svg.*?</svg>", " ", html, flags=re.S)
    shown = unescape(re.sub(r"<[^>]+>", " ", shown))
    for node in net or ():
        shown = shown.replace(node.name, " ")
    return set(re.findall(r"(?<![0-9])[A-Za-z][A-Za-z_]*", shown)) - KEPT  # not a row: 3b


def test_the_e_commerce_part_in_chinese_has_no_english_words(ecommerce: EcommerceOutcome) -> None:
    net = small_network()
    html = coldchain_report(ecommerce, net, ZH)
    assert _words(html, net) == set()
    assert "<h2>上行生鲜快递冷链</h2>" in html and "电商冷链口径" in html
    build = ecommerce.plan.build
    assert f"<td>{ZH.yuan(build.capital_yuan)}</td>" in html
    assert ZH.yuan(build.capital_yuan).endswith(("元", "万元", "亿元"))
    for product, pct in ecommerce.figures.loss_pct_by_product.items():
        assert f"<td>{product_label(product, ZH)}</td><td>" in html
        assert f"<td>{pct:.2f}</td>" in html
    for item in build.items:
        assert f"{ZH.number(item.size, 1)} {unit_label(item.unit, ZH)}" in html
    assert "保温箱（随共同配送车辆）：5 条" in html  # every lane by box (30 min from the DC)
    assert "件/日" in html and "元/件" in html


def test_the_e_commerce_part_in_english_is_as_before(ecommerce: EcommerceOutcome) -> None:
    net = small_network()
    html = coldchain_report(ecommerce, net, EN)
    assert not re.search(r"[\u4e00-\u9fff]", html)
    assert "Cold chain for the fresh parcels that go up" in html and "E-commerce scope" in html
    assert "<td>grading, packing and testing station</td>" in html
    assert "<td>sea cucumber</td>" in html and "sea_cucumber" not in html
    assert f"<td>{EN.yuan(ecommerce.plan.build.capital_yuan)}</td>" in html
    assert coldchain_report(ecommerce, net) == html  # a caller without the language: English


def test_the_industry_part_in_chinese_names_stages_and_charts(industry: ColdchainOutcome) -> None:
    net = small_network()
    html = coldchain_report(industry, net, ZH)
    assert _words(html, net) == set()
    assert "<h2>产季冷链运行</h2>" in html and "产业冷链口径" in html
    for stage in industry.peak_utilisation_pct:
        assert f"<td>{stage_label(stage, ZH)}</td>" in html
    assert "bulk_reefer" not in html and "重型冷藏车" in html
    # stages in the chain's order: processing first, heavy reefers last
    first, room, heavy = (html.index(f"<td>{s}</td>") for s in ("加工线", "冷藏间", "重型冷藏车"))
    assert first < room < heavy
    charts = re.findall(r"<svg.*?</svg>", html, flags=re.S)
    assert charts and all("产季" in c or "建议规模" in c for c in charts)
    assert "<td>" + ZH.yuan(industry.lost_value_yuan[0]) + "</td>" in html
    english = coldchain_report(industry, net, EN)
    assert "Cold chain over the season" in english and "heavy reefer truck" in english


def _checks() -> list[Check]:
    return [
        Check(
            "economics.cost_per_parcel_yuan",
            Decimal("5.37"),
            Decimal("0.8"),
            Decimal("4.0"),
            "yuan/parcel",
            FIGURE_SOURCE,
        ),
        Check("coldchain.capital_yuan", Decimal("2500000.00"), Decimal(10**6), None, "yuan", "x"),
        Check("routing.km_per_vehicle_day", 98.5, 10.0, 150.0, "km/day", "x"),
        Check("unknown.figure", None, None, 1, "%", "x"),
    ]


FIGURE_SOURCE = "facts 3b: ZTO sorting 0.26 yuan/parcel; rule: half to twice"


def test_the_checks_table_in_both_languages() -> None:
    checks = _checks()
    zh = checks_html(checks, ZH)
    assert zh.startswith("<h2>指标核验</h2>")
    assert "<td>全程单件成本</td><td>5.37 元/件</td><td>0.8 至 4.0 元/件</td>" in zh
    assert "<td>0.8 至 4.0 元/件</td><td>超出区间</td>" in zh
    assert "<td>参考资料 3b：中通分拣 0.26 元/件；规则：取其一半至两倍</td>" in zh
    assert "<td>冷链建设投资</td><td>250.00 万元</td>" in zh
    assert "<td>不低于 100.00 万元</td>" in zh
    assert "<td>单车日均行驶里程</td><td>98.5 公里/日</td>" in zh and "在区间内" in zh
    assert "<td>unknown.figure</td><td>无数据</td><td>不高于 1 %</td>" in zh  # the key itself
    en = checks_html(checks, EN)
    assert en.startswith("<h2>Figures against their references</h2>")
    assert "<td>whole-way cost per parcel</td><td>5.37 yuan/parcel</td>" in en
    assert "<td>0.8 to 4.0 yuan/parcel</td><td>OUTSIDE</td>" in en
    assert "<td>at least 1,000,000.00 yuan</td>" in en
    assert checks_html([], ZH) == ""


def test_plan_json_keeps_the_machine_values_of_a_check() -> None:
    check = Check(
        "coldchain.loss_pct.abalone", 7.5, 0.0, 6.0, "%", FIGURE_SOURCE, note="", label="x"
    )
    (row,) = checks_json([check])
    assert row == {
        "figure": "coldchain.loss_pct.abalone",
        "value": 7.5,
        "low": 0.0,
        "high": 6.0,
        "unit": "%",
        "source": FIGURE_SOURCE,
        "ok": False,
    }


def test_the_cold_chain_checks_read_in_chinese(ecommerce: EcommerceOutcome) -> None:
    checks = ecommerce.checks
    html = checks_html(checks, ZH)
    assert _words(html) == set()
    for c in checks:
        assert figure_label(c, ZH) != c.figure  # every cold-chain figure has a name
    loss = next(c for c in checks if c.figure == "coldchain.loss_pct.abalone")
    assert figure_label(loss, ZH) == "网销鲍鱼损耗率"
    assert figure_label(loss, EN) == "loss rate of abalone sold online"
    rows = {r["figure"]: r for r in checks_json(checks)}
    assert rows["coldchain.fund_yuan"]["source"] == (
        "special fund line 'logistics and supply chain' (subsidy default fund lines)"
    )
    assert rows["coldchain.fund_yuan"]["note"] == "60% of the fundable points' capital"


def test_a_figure_outside_its_range_is_one_line_in_the_language() -> None:
    check = _checks()[0]
    line = outside_line(check, ZH)
    assert line == (
        "全程单件成本（economics.cost_per_parcel_yuan）= 5.37 元/件，超出参考区间 0.8 至 4.0 元/件"
        "（来源：参考资料 3b：中通分拣 0.26 元/件；规则：取其一半至两倍）"
    )
    assert outside_line(check, EN).startswith(
        "whole-way cost per parcel (economics.cost_per_parcel_yuan) = 5.37 yuan/parcel is outside"
    )


@pytest.mark.parametrize("tr", [ZH, EN], ids=["zh", "en"])
def test_every_code_has_its_word(tr: Texts) -> None:
    for table, label in ((PRODUCTS, product_label), (STAGES, stage_label), (UNITS, unit_label)):
        for code in table:
            word = label(code, tr)
            assert word and "_" not in word
            if tr.lang == "zh" and code not in ("%",):
                assert re.search(r"[\u4e00-\u9fff]", word), (code, word)
    for key, msgid in FIGURE_LABELS.items():
        assert tr(msgid) != key
    assert product_label("grape", tr) == "grape"  # a product a scenario adds keeps its id


@pytest.mark.filterwarnings("ignore:coldchain skipped")  # tiny sells nothing fresh online
def test_every_check_of_a_plan_has_a_chinese_name_and_source() -> None:
    from scenarios.runner import run_plan
    from scenarios.schema import load_scenario

    tiny = Path(__file__).parent / "fixtures" / "tiny" / "scenario.toml"
    run = run_plan(load_scenario(tiny), fast=True)
    assert {c.figure.split(".")[0] for c in run.checks} >= {"economics", "routing", "subsidy"}
    html = checks_html(run.checks, ZH)
    assert _words(html) == set()
    for check in run.checks:
        assert figure_label(check, ZH) != check.figure
        assert re.search(r"[\u4e00-\u9fff]", outside_line(check, ZH))
    english = checks_html(run.checks, EN)
    assert not re.search(r"[\u4e00-\u9fff]", english)


def test_cheaper_builds_are_named_in_the_language(ecommerce: EcommerceOutcome) -> None:
    from dataclasses import replace

    from coldchain import load_catalogue
    from coldchain.ecommerce_plan import cheaper_builds

    net = small_network()
    curve = cheaper_builds(
        net, _matrix(net, 30.0), load_catalogue(), ecommerce.plan, ecommerce.options
    )
    assert [c.label for c in curve] == [
        "village points at 0% of the budget",
        "village points at 50% of the budget",
        "pre-coolers at 50% of the design day",
        "pre-coolers at 75% of the design day",
    ]
    with_curve = replace(ecommerce, curve=curve)
    zh = coldchain_report(with_curve, net, ZH)
    assert "<td>村级预冷点按预算的 50% 建设</td>" in zh
    assert "<td>预冷设备按设计日的 75% 配置</td>" in zh
    assert _words(zh, net) == set()
    en = coldchain_report(with_curve, net, EN)
    assert all(f"<td>{c.label}</td><td>{EN.yuan(c.capital_yuan)}</td>" in en for c in curve)
    # without them (a --fast run) the part says why instead of an empty table
    assert "本次运行未计算" in coldchain_report(ecommerce, net, ZH)


@given(st.decimals(min_value=-(10**9), max_value=10**9, places=2, allow_nan=False))
def test_a_figure_keeps_its_value_and_gets_its_unit_word(value: Decimal) -> None:
    shown = number(value, "yuan/parcel", ZH)
    digits, unit = shown.rsplit(" ", 1)
    assert unit == "元/件" and Decimal(digits.replace(",", "")) == value
    assert number(value, "yuan/parcel", EN).endswith(" yuan/parcel")
    money = number(value, "yuan", ZH)
    assert money == ZH.yuan(value) and money.endswith(("元", "万元", "亿元"))
