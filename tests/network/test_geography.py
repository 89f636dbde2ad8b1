"""Metric CRS choice, projections, service areas and township Voronoi cells."""

from __future__ import annotations

import math

import numpy as np
import pytest
import shapely
from hypothesis import given, settings
from hypothesis import strategies as st
from pyproj import Geod

from network import (
    InputError,
    Network,
    Node,
    Tier,
    metric_boundary,
    metric_crs,
    metric_crs_for,
    service_areas,
    to_lonlat,
    to_metric,
    township_cells,
)

_GEOD = Geod(ellps="WGS84")


@pytest.mark.parametrize(
    ("lon", "lat", "epsg"),
    [
        (120.0, 26.8, 4549),  # Xiapu: CGCS2000 3-degree GK CM 120E
        (119.4, 26.2, 4549),  # Lianjiang: nearest CM is still 120E
        (118.4, 24.5, 4548),  # Xiamen: CM 117E is 1.4 deg away, 120E is 1.6
        (75.9, 39.5, 4534),  # Kashgar: CM 75E, the first zone
        (134.5, 47.7, 4554),  # Fuyuan, Heilongjiang: CM 135E, the last zone
        (-0.1276, 51.5072, 32630),  # London: UTM 30N
        (151.2093, -33.8688, 32756),  # Sydney: UTM 56S
        (-102.3, 21.9, 32613),  # Aguascalientes: UTM 13N
    ],
)
def test_metric_crs_choice(lon: float, lat: float, epsg: int) -> None:
    assert metric_crs(lon, lat).to_epsg() == epsg


def test_metric_crs_uses_the_median_so_one_stray_point_does_not_move_it() -> None:
    lon = [120.0, 120.1, 119.9, 120.05, 75.0]
    lat = [26.8, 26.9, 26.7, 26.85, 39.0]
    assert metric_crs(lon, lat).to_epsg() == 4549
    with pytest.raises(InputError, match="at least one position"):
        metric_crs([], [])


def _net(*, boundary: object = None, crs_hint: str | None = None) -> Network:
    nodes = [
        Node("C", "县", Tier.COUNTY, 120.0, 26.88),
        Node("T1", "北镇", Tier.TOWNSHIP, 120.0, 26.95, parent="C"),
        Node("T2", "南镇", Tier.TOWNSHIP, 120.02, 26.70, parent="C"),
        Node("T3", "东乡", Tier.TOWNSHIP, 120.25, 26.85, parent="C"),
        Node("V1", "北村", Tier.VILLAGE, 119.95, 27.0, parent="T1"),
        Node("V2", "南村", Tier.VILLAGE, 120.05, 26.65, parent="T2"),
        Node("V3", "东村", Tier.VILLAGE, 120.3, 26.8, parent="T3"),
    ]
    return Network(nodes, name="test", boundary=boundary, crs_hint=crs_hint)


def test_metric_crs_for_prefers_the_hint() -> None:
    assert metric_crs_for(_net()).to_epsg() == 4549
    assert metric_crs_for(_net(crs_hint="EPSG:32650")).to_epsg() == 32650


def test_projection_gives_true_metres_and_round_trips() -> None:
    crs = metric_crs(120.0, 26.8)
    lon2, lat2, _ = _GEOD.fwd(120.0, 26.8, 37.0, 10_000.0)  # 10 km to the north-east
    x_m, y_m = to_metric([120.0, lon2], [26.8, lat2], crs)
    assert math.hypot(x_m[1] - x_m[0], y_m[1] - y_m[0]) == pytest.approx(10_000.0, rel=1e-3)
    back_lon, back_lat = to_lonlat(x_m, y_m, crs)
    np.testing.assert_allclose(back_lon, [120.0, lon2], atol=1e-9)
    np.testing.assert_allclose(back_lat, [26.8, lat2], atol=1e-9)


def test_service_areas_are_discs_in_metres() -> None:
    lon = np.array([120.0, 120.2])
    lat = np.array([26.8, 26.9])
    discs_m = service_areas(lon, lat, [3_000.0, 5_000.0], metric=True)
    assert [d.area for d in discs_m] == pytest.approx([math.pi * 9e6, math.pi * 25e6], rel=2e-3)
    discs = service_areas(lon, lat, 3_000.0)
    for k, disc in enumerate(discs):
        for bearing in (0.0, 90.0, 200.0):
            inside = shapely.Point(*_GEOD.fwd(lon[k], lat[k], bearing, 2_950.0)[:2])
            outside = shapely.Point(*_GEOD.fwd(lon[k], lat[k], bearing, 3_050.0)[:2])
            assert disc.contains(inside) and not disc.contains(outside)
    with pytest.raises(InputError, match="positive"):
        service_areas(lon, lat, 0.0)


def test_metric_boundary() -> None:
    assert metric_boundary(_net()) is None
    square = shapely.box(119.9, 26.6, 120.4, 27.1)
    outline_m = metric_boundary(_net(boundary=square))
    width_m = _GEOD.inv(119.9, 26.6, 120.4, 26.6)[2]
    height_m = _GEOD.inv(119.9, 26.6, 119.9, 27.1)[2]
    assert outline_m.area == pytest.approx(width_m * height_m, rel=0.01)


def test_township_cells_partition_the_boundary() -> None:
    square = shapely.box(119.8, 26.5, 120.5, 27.2)
    net = _net(boundary=square)
    cells = township_cells(net, metric=True)
    assert set(cells) == {"T1", "T2", "T3"}
    total = shapely.union_all(list(cells.values()))
    outline_m = metric_boundary(net)
    assert total.area == pytest.approx(outline_m.area, rel=1e-9)
    pairs = [(a, b) for a in cells for b in cells if a < b]
    assert all(cells[a].intersection(cells[b]).area < 1.0 for a, b in pairs)
    in_degrees = township_cells(net)
    for village in net.villages:
        point = shapely.Point(village.lon, village.lat)
        assert in_degrees[village.parent or ""].contains(point)


def test_township_cells_without_boundary_cover_all_nodes() -> None:
    net = _net()
    cells = township_cells(net)
    region = shapely.union_all(list(cells.values()))
    assert all(region.contains(shapely.Point(n.lon, n.lat)) for n in net)
    single = net.subset(["T1"])
    (cell,) = township_cells(single).values()
    assert cell.contains(shapely.Point(120.0, 26.95))


def test_townships_at_one_position_share_a_cell() -> None:
    net = _net()
    twin = Node("T4", "北镇二", Tier.TOWNSHIP, 120.0, 26.95, parent="C")
    cells = township_cells(net.replace_nodes([*net.nodes, twin]))
    assert cells["T4"].equals(cells["T1"])
    assert not cells["T4"].equals(cells["T2"])


@settings(max_examples=25, deadline=None)
@given(
    centres=st.lists(
        st.tuples(st.floats(119.85, 120.45), st.floats(26.55, 27.15)), min_size=2, max_size=12
    ),
    probe=st.tuples(st.floats(119.81, 120.49), st.floats(26.51, 27.19)),
)
def test_a_point_lies_in_the_cell_of_its_nearest_township(
    centres: list[tuple[float, float]], probe: tuple[float, float]
) -> None:
    nodes = [Node("C", "县", Tier.COUNTY, 120.1, 26.9)]
    nodes += [
        Node(f"T{k}", f"镇{k}", Tier.TOWNSHIP, lon, lat, parent="C")
        for k, (lon, lat) in enumerate(centres)
    ]
    net = Network(nodes, boundary=shapely.box(119.8, 26.5, 120.5, 27.2))
    cells = township_cells(net, metric=True)
    crs = metric_crs_for(net)
    x_m, y_m = to_metric([lon for lon, _ in centres], [lat for _, lat in centres], crs)
    px, py = to_metric(probe[0], probe[1], crs)
    gaps_m = np.hypot(x_m - px, y_m - py)
    nearest = int(np.argmin(gaps_m))
    if np.sort(gaps_m)[1] - gaps_m[nearest] < 1.0:
        return  # on (or within 1 m of) a cell edge: either cell is right
    assert cells[f"T{nearest}"].contains(shapely.Point(float(px), float(py)))
