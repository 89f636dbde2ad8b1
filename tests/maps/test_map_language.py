"""The map speaks the run's language: legend, layer list, popups, tooltips and title."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest

from maps import FacilityMarker, FacilityPart, PlanLayers, coverage_map, save
from network import Network
from network.texts import DEFAULT_LANG, texts_for
from tests.maps.test_coverage_map import asset_urls

# Every English label a planner would see on the map (layer list, legend, popups, tooltips).
ENGLISH = (
    "county boundary",
    "cold-chain facilities",
    "service areas",
    "villages: service point in the village",
    "county DC and township hubs",
    "registered poor village: black ring",
    "route R1 (e-tricycle)",
    "parcels down/up per day",
    "stop 1",
)


def _map_html(county: Network, coverage: Any, routes: Any, lang: str, tmp_path: Path) -> str:
    plan = PlanLayers(
        coverage=coverage,
        routes=routes,
        facilities=[FacilityMarker("T1", "cold chain", 50.0, "cold room 50 t")],
    )
    fmap = coverage_map(county, tr=texts_for(lang), plan=plan)
    return save(fmap, tmp_path / f"map_{lang}.html").read_text(encoding="utf-8")


def _legend(html: str) -> tuple[str, list[str]]:
    title = re.search(r"title\.textContent = (\"[^\"]*\");", html)
    entries = re.search(r"\n\s*(\[\[.*?\]\])\.forEach", html)
    assert title is not None and entries is not None, "legend not found"
    return json.loads(title.group(1)), [e[0] for e in json.loads(entries.group(1))]


def _layer_names(html: str) -> list[str]:
    control = re.search(r"overlays :\s*\{(.*?)\}", html, flags=re.S)
    assert control is not None, "layer control not found"
    return [json.loads(n) for n in re.findall(r'("(?:[^"\\]|\\.)*") :', control.group(1))]


def test_the_default_language_is_chinese() -> None:
    assert DEFAULT_LANG == "zh"


def test_chinese_map_has_chinese_legend_layers_and_popups(
    county: Network, coverage: Any, routes: Any, tmp_path: Path
) -> None:
    html = _map_html(county, coverage, routes, "zh", tmp_path)
    title, entries = _legend(html)
    assert title == "快递物流配送覆盖"
    assert entries[:4] == ["本村设有服务点", "共同配送线路到村", "服务半径内有服务点", "未覆盖"]
    assert "县级仓储配送中心" in entries and "建档立卡贫困村：黑色外圈" in entries
    layers = _layer_names(html)
    assert "县界" in layers and "冷链设施" in layers and "县级仓储配送中心和乡镇服务站" in layers
    assert "线路 R1（电动三轮车）" in layers
    assert any(name.startswith("村：") for name in layers)
    assert "服务半径范围（3.0 公里）" in layers
    assert "<title>测试县快递物流配送覆盖图</title>" in html
    assert 'document.documentElement.lang = "zh-CN"' in html
    # popups and tooltips
    assert '"层级","乡镇服务站"' in html and '"建档立卡贫困村","是"' in html
    assert "线路 R1（电动三轮车），第 1 站" in html
    assert '"库容","50 吨"' in html
    for english in ENGLISH:
        assert english not in html, english


def test_english_map_has_the_english_labels(
    county: Network, coverage: Any, routes: Any, tmp_path: Path
) -> None:
    html = _map_html(county, coverage, routes, "en", tmp_path)
    title, entries = _legend(html)
    assert title == "Coverage"
    assert entries[:4] == [
        "service point in the village",
        "delivery route serves it",
        "service point within reach",
        "uncovered",
    ]
    layers = _layer_names(html)
    assert "county boundary" in layers and "route R1 (e-tricycle)" in layers
    assert "<title>Coverage map: 测试县</title>" in html
    for english in ENGLISH:
        assert english in html, english
    assert not re.search(r"[\u4e00-\u9fff]", "".join([title, *entries, *layers]))


def test_a_hostile_county_name_stays_out_of_the_title(county: Network, tmp_path: Path) -> None:
    evil = Network(list(county), name="<script>alert(1)</script>县", boundary=county.boundary)
    html = save(coverage_map(evil, tr=texts_for("zh")), tmp_path / "m.html").read_text("utf-8")
    assert "<title>&lt;script&gt;alert(1)&lt;/script&gt;县快递物流配送覆盖图</title>" in html
    assert "<script>alert(1)" not in html


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_map_in_either_language_stays_offline(
    county: Network, coverage: Any, routes: Any, tmp_path: Path, lang: str
) -> None:
    html = _map_html(county, coverage, routes, lang, tmp_path)
    assert asset_urls(html) == []
    assert list(tmp_path.iterdir()) == [tmp_path / f"map_{lang}.html"]


@pytest.mark.parametrize(
    ("lang", "expected"),
    [
        ("zh", "县级仓储配送中心冷藏间 299.6 立方米；冷藏车 2 辆"),
        ("en", "cold room at the county DC 299.6 m³; reefer truck 2 vehicles"),
    ],
)
def test_facility_parts_in_the_run_language(
    county: Network, tmp_path: Path, lang: str, expected: str
) -> None:
    parts = (FacilityPart("dc_cold_room", 299.63, "m3"), FacilityPart("reefer", 2, "vehicles"))
    plan = PlanLayers(facilities=[FacilityMarker("C", "cold chain", 70.0, parts=parts)])
    html = save(coverage_map(county, tr=texts_for(lang), plan=plan), tmp_path / "m.html")
    text = html.read_text(encoding="utf-8")
    assert f'"{expected}"' in text  # the popup's row
    assert "dc_cold_room" not in text
