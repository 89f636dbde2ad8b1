"""Offline assets: Leaflet and jQuery from installed packages, never from a CDN.

Folium elements declare their JS/CSS as ``(name, url)`` pairs pointing at CDNs. Before a map is
rendered, :func:`localise` replaces those pairs *on each element instance* (never on the folium
classes) and puts the files themselves into the page: inline (one self-contained file) or as
copies beside the HTML (sidecar).
"""

from __future__ import annotations

import base64
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import folium
import xstatic.pkg.jquery as xjquery
import xstatic.pkg.leaflet as xleaflet
from branca.element import Element, Figure

_LEAFLET = Path(xleaflet.BASE_DIR)
_JQUERY = Path(xjquery.BASE_DIR)


@dataclass(frozen=True)
class Asset:
    """One local file that a folium asset name maps to."""

    name: str
    path: Path
    kind: str  # "js" | "css"


# What our maps use. Bootstrap, Font Awesome and awesome-markers serve folium.Icon and a few
# plugins only; our maps use circle markers and our own popups, so those links are dropped.
ASSETS = {
    "leaflet": Asset("leaflet.js", _LEAFLET / "leaflet.js", "js"),
    "jquery": Asset("jquery.min.js", _JQUERY / "jquery.min.js", "js"),
    "leaflet_css": Asset("leaflet.css", _LEAFLET / "leaflet.css", "css"),
}
DROPPED = frozenset(
    {
        "bootstrap",
        "bootstrap_css",
        "glyphicons_css",
        "awesome_markers",
        "awesome_markers_css",
        "awesome_markers_font_css",
        "awesome_rotate_css",
    }
)

_CSS_URL = re.compile(r"url\((['\"]?)(images/[^)'\"]+)\1\)")


def elements(root: Element) -> Iterator[Element]:
    yield root
    for child in root._children.values():
        yield from elements(child)


def _css_inline_images(css: str) -> str:
    def data_uri(match: re.Match[str]) -> str:
        image = _LEAFLET / match.group(2)
        encoded = base64.b64encode(image.read_bytes()).decode("ascii")
        return f"url(data:image/png;base64,{encoded})"

    return _CSS_URL.sub(data_uri, css)


def _inline_tag(asset: Asset) -> str:
    text = asset.path.read_text(encoding="utf-8")
    if asset.kind == "css":
        return f"<style>{_css_inline_images(text)}</style>"
    # A literal "</script" inside the file would end the tag early.
    return "<script>" + text.replace("</script", "<\\/script") + "</script>"


def _sidecar_tag(asset: Asset, folder: str) -> str:
    if asset.kind == "css":
        return f'<link rel="stylesheet" href="{folder}/{asset.name}"/>'
    return f'<script src="{folder}/{asset.name}"></script>'


def localise(fmap: folium.Map, *, mode: str, sidecar_folder: str = "map_files") -> list[Asset]:
    """Replace every CDN link in the map by local assets; return the assets used.

    ``mode`` is ``"inline"`` (file contents in the page) or ``"sidecar"`` (links to copies in
    ``sidecar_folder`` beside the HTML; the caller copies :func:`sidecar_files`).
    """
    used: dict[str, Asset] = {}
    for element in elements(fmap):
        if not isinstance(element, folium.elements.JSCSSMixin):
            continue
        for name, url in [*element.default_js, *element.default_css]:
            if name in ASSETS:
                used[name] = ASSETS[name]
            elif name not in DROPPED:
                raise ValueError(f"map element needs {name} ({url}), which has no offline copy")
        # Instance attributes: the folium classes keep their own lists untouched.
        element.default_js = []
        element.default_css = []
    figure = fmap.get_root()
    assert isinstance(figure, Figure)
    order = sorted(used, key=list(ASSETS).index)
    # Each goes to the front of the head, before any script of ours: insert in reverse order.
    for name in reversed(order):
        asset = used[name]
        tag = _inline_tag(asset) if mode == "inline" else _sidecar_tag(asset, sidecar_folder)
        figure.header.add_child(Element(tag), name=f"offline_{name}", index=0)
    return [used[n] for n in order]


def sidecar_files(assets: list[Asset]) -> list[tuple[Path, str]]:
    """(source file, name beside the HTML) for each asset, plus Leaflet's images."""
    files = [(a.path, a.name) for a in assets]
    if any(a.kind == "css" for a in assets):
        files += [(p, f"images/{p.name}") for p in sorted((_LEAFLET / "images").glob("*.png"))]
    return files
