"""The saved map draws in a real browser with the network cut off."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from maps import PlanLayers, coverage_map, save
from network import Network
from network.texts import texts_for
from tests.browser import visit
from tests.maps.conftest import EVIL

EN = texts_for("en")

pytestmark = pytest.mark.browser


@pytest.mark.parametrize("mode", ["inline", "sidecar"])
def test_map_draws_every_village_offline(
    county: Network,
    coverage,
    routes,
    tmp_path: Path,
    mode: str,  # type: ignore[no-untyped-def]
) -> None:
    page = save(
        coverage_map(county, tr=EN, plan=PlanLayers(coverage=coverage, routes=routes)),
        tmp_path / "map.html",
        mode=mode,  # type: ignore[arg-type]
    )
    seen = visit(page, tmp_path, screenshot=True)
    assert 'class="folium-map leaflet-container' in seen.dom
    match = re.search(r'data-village-markers="(\d+)"', seen.dom)
    assert match is not None, "the marker count script did not run"
    assert int(match.group(1)) == len(county.villages)
    assert seen.remote_urls == ()
    assert seen.screenshot is not None and seen.screenshot.stat().st_size > 5_000
    # The hostile name is in the page as text only: no <img> element was created from it.
    assert "onerror=alert" not in re.sub(r"<script.*?</script>", "", seen.dom, flags=re.S)
    assert EVIL not in seen.dom


def test_harness_sees_a_page_reaching_out(tmp_path: Path) -> None:
    """The 'no request left the machine' check can fail: a CDN script is caught."""
    page = tmp_path / "leaky.html"
    page.write_text(
        '<html><head><script src="https://cdn.example.org/leaflet.js"></script></head></html>',
        encoding="utf-8",
    )
    assert visit(page, tmp_path).remote_urls == ("https://cdn.example.org/leaflet.js",)


def test_chinese_map_draws_chinese_legend_and_layer_list(
    county: Network,
    coverage,
    routes,
    tmp_path: Path,  # type: ignore[no-untyped-def]
) -> None:
    page = save(
        coverage_map(county, tr=texts_for("zh"), plan=PlanLayers(coverage=coverage, routes=routes)),
        tmp_path / "map.html",
    )
    seen = visit(page, tmp_path)
    legend = re.search(r'<div class="cl-legend.*?</div></div>', seen.dom, flags=re.S)
    assert legend is not None and "<b>快递物流配送覆盖</b>" in legend.group(0)
    assert "本村设有服务点" in legend.group(0)
    assert "<span> 县界</span>" in seen.dom  # the layer list, as Leaflet drew it
    assert '<html lang="zh-CN">' in seen.dom
    assert 'title="图层"' in seen.dom and 'title="放大"' in seen.dom  # Leaflet's own controls
    assert seen.remote_urls == ()
