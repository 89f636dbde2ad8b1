"""The coverage map renders offline, escapes input, and is stable."""

from __future__ import annotations

import re
from pathlib import Path

import folium
import pytest

from maps import FacilityMarker, PlanLayers, TileConfig, coverage_map, save
from network import Network
from network.texts import texts_for
from tests.maps.conftest import EVIL

ASSET_URL = re.compile(
    r"""(?:<script[^>]+src|<link[^>]+href|<img[^>]+src)\s*=\s*["']?(https?://[^"' >]+)"""
    r"""|url\(\s*["']?(https?://[^)"']+)""",
    re.IGNORECASE,
)

EN = texts_for("en")


def asset_urls(html: str) -> list[str]:
    return [a or b for a, b in ASSET_URL.findall(html)]


def _plan(coverage, routes) -> PlanLayers:  # type: ignore[no-untyped-def]
    return PlanLayers(
        coverage=coverage,
        routes=routes,
        facilities=[FacilityMarker("T1", "cold_room", 50.0, "cold room 50 t")],
    )


def test_inline_map_has_no_remote_assets(county: Network, coverage, routes, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    path = save(coverage_map(county, tr=EN, plan=_plan(coverage, routes)), tmp_path / "map.html")
    html = path.read_text(encoding="utf-8")
    assert asset_urls(html) == []
    assert "L.map(" in html and "leaflet" in html.lower()
    assert "jQuery" in html  # inlined jQuery, not a link
    assert "jsdelivr" not in html and "code.jquery.com" not in html and "bootstrap" not in html
    assert list(tmp_path.iterdir()) == [path]  # one self-contained file


def test_sidecar_map_links_local_copies(county: Network, tmp_path: Path) -> None:
    path = save(coverage_map(county, tr=EN), tmp_path / "map.html", mode="sidecar")
    html = path.read_text(encoding="utf-8")
    assert asset_urls(html) == []
    assert 'src="map_files/leaflet.js"' in html
    assert (tmp_path / "map_files" / "leaflet.js").is_file()
    assert (tmp_path / "map_files" / "images" / "layers.png").is_file()


def test_configured_tile_url_is_the_only_remote_url(county: Network, tmp_path: Path) -> None:
    tiles = TileConfig(url="https://tiles.county.gov.cn/{z}/{x}/{y}.png", attribution="县测绘")
    html = save(coverage_map(county, tr=EN, tiles=tiles), tmp_path / "m.html").read_text("utf-8")
    remote = set(re.findall(r"https?://[^\s\"'<>\\]+", html))
    # Leaflet's own source mentions its home page in comments and the attribution link.
    remote = {u for u in remote if "leafletjs.com" not in u and "openstreetmap" not in u}
    assert asset_urls(html) == []
    assert any(u.startswith("https://tiles.county.gov.cn/") for u in remote)


def test_hostile_names_are_data_not_markup(
    county: Network, coverage, routes, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    html = save(coverage_map(county, tr=EN, plan=_plan(coverage, routes)), tmp_path / "m.html")
    text = html.read_text(encoding="utf-8")
    assert EVIL not in text  # never raw in the page
    assert "\\u003cimg src=x onerror=alert(1)\\u003e" in text  # but present as JSON text
    assert "textContent" in text


def test_chinese_names_kept(county: Network, tmp_path: Path) -> None:
    text = save(coverage_map(county, tr=EN), tmp_path / "m.html").read_text(encoding="utf-8")
    assert "长春镇" in text and "charset=UTF-8" in text


def test_same_map_same_bytes(county: Network, coverage, routes, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    a = save(coverage_map(county, tr=EN, plan=_plan(coverage, routes)), tmp_path / "a.html")
    b = save(coverage_map(county, tr=EN, plan=_plan(coverage, routes)), tmp_path / "b.html")
    assert a.read_bytes() == b.read_bytes()


def test_gcj02_basemap_shifts_points(county: Network, tmp_path: Path) -> None:
    wgs = save(coverage_map(county, tr=EN), tmp_path / "w.html").read_text("utf-8")
    gcj_tiles = TileConfig(url="tiles/{z}/{x}/{y}.png", attribution="AMap", coords="gcj02")
    gcj = save(coverage_map(county, tr=EN, tiles=gcj_tiles), tmp_path / "g.html").read_text("utf-8")
    # 长春镇 at 120.05 E, 26.90 N moves by roughly +0.0044 lon / -0.0033 lat (about 570 m).
    assert '"lat":26.9,"lon":120.05' in wgs
    match = re.search(r'"lat":(26\.89[0-9]+),"lon":(120\.05[0-9]+)', gcj)
    assert match is not None
    assert 0.002 < float(match.group(2)) - 120.05 < 0.007


def test_layers_appear_with_their_data(county: Network, coverage, routes, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    bare = save(coverage_map(county, tr=EN), tmp_path / "a.html").read_text("utf-8")
    full = save(coverage_map(county, tr=EN, plan=_plan(coverage, routes)), tmp_path / "b.html")
    full_text = full.read_text("utf-8")
    for name in ("route R1 (e-tricycle)", "cold-chain facilities", "service areas"):
        assert name not in bare
        assert name in full_text


def test_map_does_not_touch_folium_classes(county: Network, tmp_path: Path) -> None:
    before = (list(folium.Map.default_js), list(folium.Map.default_css))
    save(coverage_map(county, tr=EN), tmp_path / "m.html")
    assert (list(folium.Map.default_js), list(folium.Map.default_css)) == before


def test_bad_mode_is_refused(county: Network, tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="inline"):
        save(coverage_map(county, tr=EN), tmp_path / "m.html", mode="cdn")  # type: ignore[arg-type]
    assert not (tmp_path / "m.html").exists()


def test_facility_markers_stay_readable(county: Network, tmp_path: Path) -> None:
    big = PlanLayers(facilities=[FacilityMarker("T1", "cold chain", 1_000_000.0, "frozen store")])
    text = save(coverage_map(county, tr=EN, plan=big), tmp_path / "m.html").read_text("utf-8")
    radius = float(re.search(r'"radius":([0-9.]+),"color":"#08519c"', text).group(1))  # type: ignore[union-attr]
    assert 20.0 < radius < 32.0  # a million tonnes does not cover the county
