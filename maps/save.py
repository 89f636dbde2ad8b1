"""Saving a map as an offline HTML page: one self-contained file, or a file and its assets."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Literal

import folium

from maps.assets import Asset, elements, localise, sidecar_files
from network.files import write_text_atomic


def render_offline(
    fmap: folium.Map, *, mode: Literal["inline", "sidecar"], folder: str
) -> tuple[str, list[Asset]]:
    """The map's HTML with local assets and stable element ids (same map -> same bytes)."""
    if mode not in ("inline", "sidecar"):
        raise ValueError(f"mode must be 'inline' or 'sidecar', not {mode!r}")
    assets = localise(fmap, mode=mode, sidecar_folder=folder)
    for number, element in enumerate(elements(fmap.get_root())):
        element._id = f"{number:05d}"
    return str(fmap.get_root().render()), assets


def save(
    fmap: folium.Map, path: str | Path, *, mode: Literal["inline", "sidecar"] = "inline"
) -> Path:
    """Write the map to ``path`` so that it opens with no network connection.

    ``inline``: Leaflet, jQuery and their images are inside the one HTML file.
    ``sidecar``: they are copied into ``<name>_files/`` beside it (smaller page, several files).
    """
    path = Path(path)
    folder = f"{path.stem}_files"
    html, assets = render_offline(fmap, mode=mode, folder=folder)
    if mode == "sidecar":
        for source, name in sidecar_files(assets):
            target = path.parent / folder / name
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(source, target)
    write_text_atomic(path, html)
    return path
