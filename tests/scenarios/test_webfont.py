"""The report's embedded Chinese font: which glyphs a page carries, and at what size."""

from __future__ import annotations

import base64
import csv
import io
import re
from pathlib import Path

from fontTools.ttLib import TTFont
from hypothesis import given, settings
from hypothesis import strategies as st

from scenarios.charts import bar_chart
from scenarios.demo import demo_scenario
from scenarios.page import REPORT_CSS, html_page
from scenarios.webfont import FAMILY, font_path, page_characters, subset_woff

FONT_URI = re.compile(r'src:url\("data:font/woff;base64,([A-Za-z0-9+/=]+)"\)')


def _cmap(woff: bytes) -> set[str]:
    font = TTFont(io.BytesIO(woff))
    assert font.flavor == "woff"
    return {chr(code) for code in font.getBestCmap()}


def _embedded(page: str) -> bytes:
    found = FONT_URI.findall(page)
    assert len(found) == 1, "one embedded font per page"
    return base64.b64decode(found[0])


def _demo_names() -> list[str]:
    folder = demo_scenario().parent
    names: list[str] = []
    for path in sorted(folder.rglob("*.csv")):
        with path.open(encoding="utf-8-sig", newline="") as handle:
            reader = csv.DictReader(handle)
            if reader.fieldnames and "name" in reader.fieldnames:
                names += [row["name"] for row in reader if row.get("name")]
    return names


def test_the_font_is_noto_sans_sc_with_its_licence_entries() -> None:
    font = TTFont(font_path(), lazy=True)
    assert font["name"].getDebugName(1) == FAMILY
    assert "Open Font License" in (font["name"].getDebugName(13) or "")
    licence = Path(__file__).parents[2] / "docs" / "fonts" / "OFL.txt"
    assert "SIL Open Font License" in licence.read_text(encoding="utf-8")


def test_the_full_font_covers_every_gb2312_hanzi() -> None:
    """Any county's names: all 6,763 hanzi of GB 2312 levels 1 and 2 have a glyph."""
    hanzi = []
    for high in range(0xB0, 0xF8):
        for low in range(0xA1, 0xFF):
            try:
                hanzi.append(bytes([high, low]).decode("gb2312"))
            except UnicodeDecodeError:
                continue
    assert len(hanzi) == 6763
    covered = set(map(chr, TTFont(font_path(), lazy=True).getBestCmap()))
    assert [c for c in hanzi if c not in covered] == []


def test_a_page_carries_exactly_the_glyphs_it_shows_and_stays_small() -> None:
    names = _demo_names()
    assert len(names) > 50 and any("\u4e00" <= c <= "\u9fff" for c in "".join(names))
    body = "<h1>报告</h1><table>" + "".join(f"<tr><td>{n}</td></tr>" for n in names) + "</table>"
    page = html_page(title="松溪县 &amp; 测试", body=body)
    woff = _embedded(page)
    shown = {c for c in "".join(names) + "报告松溪县测试&" if not c.isspace()}
    cmap = _cmap(woff)
    assert shown <= cmap
    assert "\u9f98" not in cmap  # 龘: a hanzi the page does not show is left out
    # Hundreds of distinct hanzi in a few hundred KB, against the 8 MB of the full font.
    full = font_path().stat().st_size
    distinct = len({c for c in shown if ord(c) > 0x3000})
    assert len(woff) < 0.1 * full
    assert len(woff) / distinct < 2500, f"{len(woff)} bytes for {distinct} hanzi"


def test_entities_count_as_the_characters_they_show() -> None:
    chars = page_characters("<p>&ge; 5 &ndash; 长春镇&#x4E61;</p>")
    assert {"≥", "–", "长", "乡"} <= chars
    assert "&" in chars  # printable ASCII is always there


@settings(max_examples=5, deadline=None)
@given(st.text(alphabet=st.characters(min_codepoint=0x4E00, max_codepoint=0x9FA5), max_size=12))
def test_same_characters_same_bytes(text: str) -> None:
    first = subset_woff(set(text) | {"a"})
    assert first == subset_woff(["a", *reversed(text)])
    assert set(text) <= _cmap(first)


def test_report_text_and_chart_labels_ask_for_the_embedded_family() -> None:
    body_font = re.search(r'body\{font:[^;]*?"([^"]+)"', REPORT_CSS)
    assert body_font is not None and body_font.group(1) == FAMILY
    svg = bar_chart(["长春镇"], [1.0], y_label="村")
    families = re.findall(r"font-family: '([^']+)'", svg)
    assert families and set(families) == {FAMILY}
