"""Chinese in the report on a machine without any CJK font: headless Chromium, CDP's used fonts.

The test hides this machine's fonts from Chromium (a fontconfig that knows one Latin font,
matplotlib's own DejaVu Sans) and first shows that a plain Chinese page then draws missing
glyphs, so the check below can fail; then that the report's first screen, its charts and its
printed static map draw every Chinese label with the report's embedded font.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Any

import matplotlib
import pytest
from fontTools.ttLib import TTFont

from scenarios.publish import write_outputs
from scenarios.runner import run_plan
from scenarios.schema import load_scenario
from scenarios.webfont import FAMILY
from tests.browser import chromium
from tests.scenarios.test_report_print import COUNTY, _chinese_tiny

pytestmark = pytest.mark.browser
playwright_api = pytest.importorskip("playwright.sync_api", reason="playwright (dev extra)")

# Marks every element whose own text holds a CJK character; says where it is on the page.
MARK_CJK = """() => {
  const out = [];
  const cjk = /[\\u3400-\\u9fff]/;
  for (const el of document.querySelectorAll('*')) {
    const own = [...el.childNodes].filter(n => n.nodeType === 3).map(n => n.data).join('');
    if (!cjk.test(own)) continue;
    const box = el.getBoundingClientRect();
    el.setAttribute('data-cjk', String(out.length));
    out.push({text: own.trim(), top: box.top, shown: box.width > 0 && box.height > 0,
              svg: el.closest('svg') !== null});
  }
  return out;
}"""


@pytest.fixture(scope="module")
def no_cjk_env(tmp_path_factory: pytest.TempPathFactory) -> Mapping[str, str]:
    """Environment for a Chromium that sees one Latin font and nothing else."""
    folder = tmp_path_factory.mktemp("fonts")
    dejavu = Path(matplotlib.get_data_path()) / "fonts" / "ttf" / "DejaVuSans.ttf"
    shutil.copy(dejavu, folder / "DejaVuSans.ttf")
    config = folder / "fonts.conf"
    config.write_text(
        '<?xml version="1.0"?><!DOCTYPE fontconfig SYSTEM "fonts.dtd"><fontconfig>'
        f"<dir>{folder}</dir><cachedir>{folder / 'cache'}</cachedir></fontconfig>",
        encoding="utf-8",
    )
    env = {k: v for k, v in os.environ.items() if not k.startswith(("FONTCONFIG", "XDG_DATA"))}
    return {**env, "FONTCONFIG_FILE": str(config), "HOME": str(folder)}


@pytest.fixture(scope="module")
def browser(no_cjk_env: Mapping[str, str]) -> Iterator[Any]:
    exe = chromium()
    with playwright_api.sync_playwright() as driver:
        launched = driver.chromium.launch(
            executable_path=exe,
            args=["--no-sandbox", "--disable-gpu", "--proxy-server=127.0.0.1:9"],
            env=dict(no_cjk_env),
        )
        yield launched
        launched.close()


@pytest.fixture(scope="module")
def report(tmp_path_factory: pytest.TempPathFactory) -> Path:
    scenario = _chinese_tiny(tmp_path_factory.mktemp("county"))
    out = tmp_path_factory.mktemp("out")
    write_outputs(run_plan(load_scenario(scenario), fast=True), out)
    return out / "report.html"


def _cjk_fonts(page: Any) -> list[tuple[dict[str, Any], list[dict[str, Any]]]]:
    """Every element with Chinese text of its own, with the fonts Chromium drew it in."""
    page.evaluate("document.fonts.ready")
    marks = page.evaluate(MARK_CJK)
    cdp = page.context.new_cdp_session(page)
    cdp.send("DOM.enable")
    cdp.send("CSS.enable")
    root = cdp.send("DOM.getDocument", {"depth": 0})["root"]["nodeId"]
    found = []
    for number, mark in enumerate(marks):
        node = cdp.send("DOM.querySelector", {"nodeId": root, "selector": f'[data-cjk="{number}"]'})
        fonts = cdp.send("CSS.getPlatformFontsForNode", {"nodeId": node["nodeId"]})["fonts"]
        found.append((mark, fonts))
    cdp.detach()
    return found


def _not_embedded(found: list[tuple[dict[str, Any], list[dict[str, Any]]]]) -> list[str]:
    """Labels drawn (in part) by a font other than the embedded one: missing glyphs here."""
    return [
        f"{mark['text']!r}: {[f['familyName'] for f in fonts]}"
        for mark, fonts in found
        if not fonts or any(not f["isCustomFont"] or f["familyName"] != FAMILY for f in fonts)
    ]


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
    found = _cjk_fonts(page)
    page.close()
    assert len(found) == 1
    families = {f["familyName"] for f in found[0][1]}
    assert families == {"DejaVu Sans"}, families  # the only font it has
    dejavu = TTFont(Path(matplotlib.get_data_path()) / "fonts" / "ttf" / "DejaVuSans.ttf")
    assert not set("长春镇溪南") & {chr(c) for c in dejavu.getBestCmap()}  # so: empty boxes
    assert _not_embedded(found)


def test_report_first_screen_and_charts_draw_chinese_with_the_embedded_font(
    browser: Any, report: Path, tmp_path: Path
) -> None:
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    page.goto(report.as_uri())
    found = _cjk_fonts(page)
    first_screen = [(m, f) for m, f in found if m["shown"] and 0 <= m["top"] < 900]
    chart = [(m, f) for m, f in found if m["shown"] and m["svg"]]
    assert any(COUNTY in m["text"] for m, _ in first_screen), "the county name, at the top"
    assert {m["text"] for m, _ in chart} >= {"长春镇", "崇儒乡"}, "township names on a chart"
    assert _not_embedded(first_screen) == []
    assert _not_embedded([(m, f) for m, f in found if m["shown"]]) == []
    page.screenshot(path=str(tmp_path / "first-screen.png"))
    page.locator("svg:visible", has_text="长春镇").first.screenshot(path=str(tmp_path / "chart.png"))

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
    found = [(m, f) for m, f in _cjk_fonts(page) if m["shown"]]
    assert "县配送中心" in {m["text"] for m, _ in found}  # the county DC's label on the map
    assert _not_embedded(found) == []
    page.close()
