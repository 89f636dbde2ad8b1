"""map.html on a machine without any CJK font: legend, tooltips and popups in the embedded font."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from maps import coverage_map
from maps import save as save_map
from network.texts import texts_for
from scenarios.publish import map_layers, map_page
from scenarios.runner import PlanRun, run_plan
from scenarios.schema import load_scenario
from tests.browser_fonts import cjk_fonts, no_cjk_browser, no_cjk_env, not_embedded
from tests.scenarios.test_report_print import _chinese_tiny

pytestmark = pytest.mark.browser

# Opens every tooltip and one village's popup, and adds a Chinese row to the legend (as the
# Chinese legend will have), so that the labels a planner sees are on the page at once.
SHOW_LABELS = """(extra) => {
  const map = Object.values(window).find(v => v instanceof L.Map);
  let popup = false;
  map.eachLayer(layer => {
    if (layer.getTooltip && layer.getTooltip()) layer.openTooltip();
    if (!popup && layer.getPopup && layer.getPopup()) { layer.openPopup(); popup = true; }
  });
  const row = document.createElement('div');
  row.textContent = extra;
  document.querySelector('.cl-legend').appendChild(row);
}"""


@pytest.fixture(scope="module")
def run(tmp_path_factory: pytest.TempPathFactory) -> PlanRun:
    return run_plan(load_scenario(_chinese_tiny(tmp_path_factory.mktemp("county"))), fast=True)


@pytest.fixture(scope="module")
def browser(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Any]:
    with no_cjk_browser(no_cjk_env(tmp_path_factory.mktemp("fonts"))) as launched:
        yield launched


def _labels(browser: Any, page_file: Path, extra: str) -> list[tuple[dict[str, Any], Any]]:
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    page.goto(page_file.as_uri())
    page.wait_for_function("document.querySelector('.cl-legend') !== null")
    page.evaluate(SHOW_LABELS, extra)
    found = [(m, f) for m, f in cjk_fonts(page) if m["shown"]]
    page.close()
    return found


def test_map_labels_draw_chinese_with_the_embedded_font(
    browser: Any, run: PlanRun, tmp_path: Path
) -> None:
    page_file = tmp_path / "map.html"
    page_file.write_text(map_page(run, texts_for("zh")), encoding="utf-8")
    township = run.network.townships[0].name
    found = _labels(browser, page_file, township)
    texts = " ".join(m["text"] for m, _ in found)
    assert township in texts  # the legend row
    assert sum(v.name in texts for v in run.network.villages) >= 3  # tooltips
    assert not_embedded(found) == []


def test_the_map_without_its_font_shows_missing_glyphs(
    browser: Any, run: PlanRun, tmp_path: Path
) -> None:
    """The control: the bare Folium page on this machine falls back to a Latin font."""
    page_file = save_map(
        coverage_map(run.network, tr=texts_for("zh"), plan=map_layers(run)), tmp_path / "bare.html"
    )
    found = _labels(browser, page_file, run.network.townships[0].name)
    assert found and not_embedded(found)
