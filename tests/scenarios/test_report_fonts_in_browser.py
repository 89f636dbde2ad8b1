"""Chinese in the report on a machine without any CJK font: headless Chromium, CDP's used fonts.

The test hides this machine's fonts from Chromium (:mod:`tests.browser_fonts`) and first shows
that a plain Chinese page then draws missing glyphs, so the check below can fail; then that the
report's first screen, its charts and its printed static map draw every Chinese label with the
report's embedded font.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from fontTools.ttLib import TTFont

from scenarios.publish import write_outputs
from scenarios.runner import run_plan
from scenarios.schema import load_scenario
from tests.browser_fonts import DEJAVU, cjk_fonts, no_cjk_browser, no_cjk_env, not_embedded
from tests.scenarios.test_report_print import COUNTY, _chinese_tiny

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def browser(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Any]:
    with no_cjk_browser(no_cjk_env(tmp_path_factory.mktemp("fonts"))) as launched:
        yield launched


@pytest.fixture(scope="module")
def report(tmp_path_factory: pytest.TempPathFactory) -> Path:
    scenario = _chinese_tiny(tmp_path_factory.mktemp("county"))
    out = tmp_path_factory.mktemp("out")
    write_outputs(run_plan(load_scenario(scenario), fast=True), out)
    return out / "report.html"


def test_without_the_embedded_font_chinese_draws_missing_glyphs(
    browser: Any, tmp_path: Path
) -> None:
    """The control: this Chromium really has no CJK font, so the check can fail."""
    plain = tmp_path / "plain.html"
    plain.write_text(
        '<!DOCTYPE html><meta charset="utf-8"><p style="font:20px sans-serif">长春镇 溪南镇</p>',
        encoding="utf-8",
    )
    page = browser.new_page()
    page.goto(plain.as_uri())
    found = cjk_fonts(page)
    page.close()
    assert len(found) == 1
    families = {f["familyName"] for f in found[0][1]}
    assert families == {"DejaVu Sans"}, families  # the only font it has
    dejavu = TTFont(DEJAVU)
    assert not set("长春镇溪南") & {chr(c) for c in dejavu.getBestCmap()}  # so: empty boxes
    assert not_embedded(found)


def test_report_first_screen_and_charts_draw_chinese_with_the_embedded_font(
    browser: Any, report: Path, tmp_path: Path
) -> None:
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    page.goto(report.as_uri())
    found = cjk_fonts(page)
    first_screen = [(m, f) for m, f in found if m["shown"] and 0 <= m["top"] < 900]
    chart = [(m, f) for m, f in found if m["shown"] and m["svg"]]
    assert any(COUNTY in m["text"] for m, _ in first_screen), "the county name, at the top"
    assert {m["text"] for m, _ in chart} >= {"长春镇", "崇儒乡"}, "township names on a chart"
    assert not_embedded(first_screen) == []
    assert not_embedded([(m, f) for m, f in found if m["shown"]]) == []
    page.screenshot(path=str(tmp_path / "first-screen.png"))
    page.locator("svg:visible", has_text="长春镇").first.screenshot(
        path=str(tmp_path / "chart.png")
    )

    # The same title in the machine's own fonts looks different: boxes, not the glyphs.
    title = page.locator("h1")
    drawn = title.screenshot()
    title.evaluate("el => { el.style.fontFamily = 'DejaVu Sans' }")
    assert title.screenshot() != drawn
    page.close()


def test_printed_report_draws_the_static_map_labels_with_the_embedded_font(
    browser: Any, report: Path
) -> None:
    page = browser.new_page()
    page.emulate_media(media="print")
    page.goto(report.as_uri())
    found = [(m, f) for m, f in cjk_fonts(page) if m["shown"]]
    assert "县配送中心" in {m["text"] for m, _ in found}  # the county DC's label on the map
    assert not_embedded(found) == []
    page.close()
