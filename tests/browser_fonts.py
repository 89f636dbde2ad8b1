"""Headless Chromium that sees no CJK font, and which fonts it drew each Chinese label in.

A fontconfig that knows one Latin font (matplotlib's own DejaVu Sans, so no system path) hides
every font of the machine; CDP's ``CSS.getPlatformFontsForNode`` then tells, per element with
Chinese text of its own, which fonts drew it. Used by the browser-marked tests.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import matplotlib

from scenarios.webfont import FAMILY
from tests.browser import chromium

DEJAVU = Path(matplotlib.get_data_path()) / "fonts" / "ttf" / "DejaVuSans.ttf"

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


def no_cjk_env(folder: Path) -> dict[str, str]:
    """Environment for a Chromium that sees DejaVu Sans and nothing else (config in ``folder``)."""
    shutil.copy(DEJAVU, folder / "DejaVuSans.ttf")
    config = folder / "fonts.conf"
    config.write_text(
        '<?xml version="1.0"?><!DOCTYPE fontconfig SYSTEM "fonts.dtd"><fontconfig>'
        f"<dir>{folder}</dir><cachedir>{folder / 'cache'}</cachedir></fontconfig>",
        encoding="utf-8",
    )
    env = {k: v for k, v in os.environ.items() if not k.startswith(("FONTCONFIG", "XDG_DATA"))}
    return {**env, "FONTCONFIG_FILE": str(config), "HOME": str(folder)}


@contextmanager
def no_cjk_browser(env: Mapping[str, str]) -> Iterator[Any]:
    """A Playwright browser on the machine's Chromium with ``env`` (skips without either)."""
    import pytest

    exe = chromium()
    sync_api = pytest.importorskip("playwright.sync_api", reason="playwright (dev extra)")
    with sync_api.sync_playwright() as driver:
        launched = driver.chromium.launch(
            executable_path=exe,
            args=["--no-sandbox", "--disable-gpu", "--proxy-server=127.0.0.1:9"],
            env=dict(env),
        )
        try:
            yield launched
        finally:
            launched.close()


def cjk_fonts(page: Any) -> list[tuple[dict[str, Any], list[dict[str, Any]]]]:
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


def not_embedded(found: list[tuple[dict[str, Any], list[dict[str, Any]]]]) -> list[str]:
    """Labels drawn (in part) by a font other than the embedded one: missing glyphs here."""
    return [
        f"{mark['text']!r}: {[f['familyName'] for f in fonts]}"
        for mark, fonts in found
        if not fonts or any(not f["isCustomFont"] or f["familyName"] != FAMILY for f in fonts)
    ]
