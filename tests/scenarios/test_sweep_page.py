"""sweep.html speaks the sweep's language: title, headers and chart titles; names as written."""

from __future__ import annotations

import re
from typing import Any

import pytest

from network.texts import texts_for
from scenarios.headline import HEADLINE
from scenarios.sweep_page import render_sweep, sweep_texts


def _rows() -> list[dict[str, Any]]:
    figures = {column: None for column, _, _ in HEADLINE}
    ok = {**figures, "villages_service_pct": "61.5", "targets_met": "True"}
    return [
        {"name": "radius 3 km", "seed": 1, "status": "ok", "error": "", **ok},
        {"name": "<b>bad</b>", "seed": 2, "status": "error", "error": "gone.csv: not found"},
    ]


def _headers(page: str) -> list[str]:
    head = re.search(r"<thead><tr>(.*?)</tr></thead>", page)
    assert head is not None
    return re.findall(r"<th>(.*?)</th>", head.group(1))


def test_chinese_sweep_page() -> None:
    page = render_sweep(_rows(), name="sweep.toml", tr=texts_for("zh"))
    assert '<html lang="zh-CN">' in page
    assert "<title>参数扫描 sweep.toml</title>" in page
    headers = _headers(page)
    assert headers[:3] == ["方案", "随机种子", "状态"]
    assert "有电商服务站点的行政村 %" in headers and "覆盖目标全部达标" in headers
    assert "<h2>有电商服务站点的行政村 %</h2>" in page  # the chart's title
    assert "<td>完成</td>" in page and "<td>是</td>" in page
    assert "gone.csv: not found" in page  # the case's own error, as written
    assert "&lt;b&gt;bad&lt;/b&gt;" in page and "<b>bad</b>" not in page
    assert not any(re.fullmatch(r"[ -~]+", h) for h in headers[3:])  # no English header left


def test_english_sweep_page() -> None:
    page = render_sweep(_rows(), name="sweep.toml", tr=texts_for("en"))
    assert '<html lang="en">' in page and "<title>Sweep sweep.toml</title>" in page
    assert _headers(page)[:4] == ["case", "seed", "status", "townships with delivery %"]
    assert "All cases" in page and "<td>yes</td>" in page
    assert not re.search(r"[\u4e00-\u9fff]", page)


@pytest.mark.parametrize(
    ("base", "lang", "expected"),
    [({}, None, "zh"), ({"lang": "en"}, None, "en"), ({"lang": "en"}, "zh", "zh")],
)
def test_sweep_page_language(base: dict[str, str], lang: str | None, expected: str) -> None:
    assert sweep_texts(base, lang).lang == expected
