"""Open a local page in headless Chromium with no network: DOM, screenshot and the requests made.

Used by the browser-marked tests; they skip where Chromium is not installed (``make test``
installs Debian's ``chromium`` when the machine allows).
"""

from __future__ import annotations

import json
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path

import pytest

FLAGS = (
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
    "--disable-extensions",
    # Anything that still tried to leave the machine would go to a dead proxy and be logged.
    "--proxy-server=127.0.0.1:9",
)


@dataclass(frozen=True)
class PageVisit:
    dom: str
    screenshot: Path | None
    urls: tuple[str, ...]  # every URL the page requested

    @property
    def remote_urls(self) -> tuple[str, ...]:
        return tuple(u for u in self.urls if u.startswith(("http://", "https://", "ws")))


def chromium() -> str:
    exe = shutil.which("chromium") or shutil.which("chromium-browser")
    if exe is None:
        pytest.skip("Chromium is not installed (make test installs it where it can)")
    return exe


def _requested_urls(netlog: Path) -> tuple[str, ...]:
    if not netlog.exists():
        return ()
    text = netlog.read_text(encoding="utf-8", errors="replace").rstrip().rstrip(",")
    if not text.endswith("}"):
        text += "]}"  # Chromium may stop before closing the log
    try:
        events = json.loads(text).get("events", [])
    except json.JSONDecodeError:
        return ()
    # Chromium's own housekeeping (update checks, clock sync) is started by the browser, with
    # initiator "not an origin"; everything the page asked for has the page's origin.
    urls = {
        e["params"]["url"]
        for e in events
        if isinstance(e.get("params", {}).get("url"), str)
        and "initiator" in e["params"]
        and e["params"]["initiator"] != "not an origin"
    }
    return tuple(sorted(urls))


def visit(page: Path, work: Path, *, screenshot: bool = False, wait_ms: int = 3000) -> PageVisit:
    """Load ``page`` from disk; return its DOM after scripts ran, a screenshot, and the URLs."""
    exe = chromium()
    profile = work / "profile"
    netlog = work / "netlog.json"
    shot = work / f"{page.stem}.png"
    base = [
        exe,
        *FLAGS,
        f"--user-data-dir={profile}",
        f"--log-net-log={netlog}",
        f"--virtual-time-budget={wait_ms}",
        "--window-size=1280,900",
    ]
    url = page.resolve().as_uri()
    dom = subprocess.run(
        [*base, "--dump-dom", url], capture_output=True, text=True, timeout=120, check=True
    ).stdout
    urls = _requested_urls(netlog)
    if screenshot:
        subprocess.run(
            [*base, f"--screenshot={shot}", url], capture_output=True, timeout=120, check=True
        )
    return PageVisit(dom=dom, screenshot=shot if screenshot else None, urls=urls)
