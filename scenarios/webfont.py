"""The report's own Chinese font: Noto Sans SC, cut down to the page's characters, inside the page.

An office PC without a CJK font draws Chinese township names as empty boxes. So every page we
write carries the glyphs it uses as a web font (``@font-face`` with a ``data:`` URI): the full
font comes from the ``pylopdf-fonts-zh-cn`` package (Noto Sans SC, SIL Open Font License 1.1,
see ``docs/fonts/OFL.txt``); fontTools keeps only the characters of the page (plus printable
ASCII), so a report holds a few tens to a few hundred KB of font, not 8 MB. Nothing is
downloaded and no system font is read: the page looks the same on every machine and on paper.
The same file gives matplotlib its glyph metrics (:func:`font_path`), so chart labels are laid
out for the glyphs the browser will draw.
"""

from __future__ import annotations

import base64
import html
import io
import re
from collections.abc import Iterable
from pathlib import Path

import pylopdf_fonts_zh_cn
from fontTools import subset
from fontTools.ttLib import TTFont

FAMILY = "Noto Sans SC"
"""The font's family name, as its name table gives it (charts and CSS ask for it by name)."""

FONT_STACK = f'"{FAMILY}","Microsoft YaHei","Noto Sans CJK SC","PingFang SC",sans-serif'
"""CSS font-family: the embedded font first; the system's only for what a page adds later."""

_ASCII = "".join(chr(code) for code in range(0x20, 0x7F))
_JS_ESCAPE = re.compile(r"\\u([0-9a-fA-F]{4})")


def font_path() -> Path:
    """The full Noto Sans SC (OpenType/CFF) installed with the package's dependencies."""
    return pylopdf_fonts_zh_cn.sans_path()


def page_characters(page: str) -> set[str]:
    """The characters ``page`` (HTML, entities included) can show, plus printable ASCII."""
    shown = html.unescape(page)
    shown += "".join(chr(int(code, 16)) for code in _JS_ESCAPE.findall(shown))  # in scripts
    return {c for c in shown if c.isprintable() or c == "\u3000"} | set(_ASCII)


def subset_woff(characters: Iterable[str]) -> bytes:
    """The font cut down to ``characters``, as WOFF bytes (the same characters, the same bytes).

    Characters the font lacks are left out (the browser falls back for those alone).
    """
    options = subset.Options()
    options.flavor = "woff"  # zlib: no extra compression package; WOFF2 would need brotli
    options.name_IDs = ["*"]  # keep the copyright and licence entries the OFL asks for
    options.name_languages = ["*"]
    options.notdef_outline = True
    options.layout_features = ["kern", "liga", "locl", "palt", "vert", "vrt2", "ccmp"]
    font = TTFont(font_path(), lazy=True, recalcTimestamp=False)
    try:
        subsetter = subset.Subsetter(options)
        subsetter.populate(unicodes=sorted({ord(c) for c in characters}))
        subsetter.subset(font)
        font.flavor = "woff"
        buffer = io.BytesIO()
        font.save(buffer, reorderTables=True)
    finally:
        font.close()
    return buffer.getvalue()


def font_face_css(page: str) -> str:
    """An ``@font-face`` rule for :data:`FAMILY` holding the glyphs ``page`` shows."""
    data = base64.b64encode(subset_woff(page_characters(page))).decode("ascii")
    return (
        f'@font-face{{font-family:"{FAMILY}";font-style:normal;font-weight:400;'
        f'font-display:block;src:url("data:font/woff;base64,{data}") format("woff")}}'
    )


def with_embedded_font(page: str, *, selector: str) -> str:
    """``page`` (a whole HTML document) with the glyphs it shows (text, and ``\\uXXXX`` in its
    scripts) embedded, and drawn in that font wherever ``selector`` matches (overriding inline
    styles: used for the Leaflet map's legend, layer list, tooltips and popups)."""
    rule = f"{selector}{{font-family:{FONT_STACK}!important}}"
    style = f"<style>{font_face_css(page + rule)}{rule}</style>"
    at = page.find("</head>")
    if at < 0:
        raise ValueError("not a whole HTML page: no </head>")
    return page[:at] + style + page[at:]


__all__ = [
    "FAMILY",
    "FONT_STACK",
    "font_face_css",
    "font_path",
    "page_characters",
    "subset_woff",
    "with_embedded_font",
]
