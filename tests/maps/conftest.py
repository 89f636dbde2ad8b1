"""A small county with a hostile village name, its coverage and one route."""

from __future__ import annotations

import numpy as np
import pytest
from shapely.geometry import box

from network import Network, Node, Tier, coverage_report
from network.distances import DistanceMatrix

EVIL = "<img src=x onerror=alert(1)>"


def _node(node_id: str, tier: Tier, lon: float, lat: float, **kw: object) -> Node:
    return Node(id=node_id, name=kw.pop("name", node_id), tier=tier, lon=lon, lat=lat, **kw)  # type: ignore[arg-type]


@pytest.fixture
def county() -> Network:
    nodes = [
        _node("C", Tier.COUNTY, 120.00, 26.88, name="县配送中心"),
        _node("T1", Tier.TOWNSHIP, 120.05, 26.90, parent="C", name="长春镇"),
        _node("T2", Tier.TOWNSHIP, 119.95, 26.80, parent="C", name="溪南镇"),
        _node("V1", Tier.VILLAGE, 120.06, 26.91, parent="T1", name=EVIL, poor=True),
        _node("V2", Tier.VILLAGE, 120.07, 26.92, parent="T1", name="大京村"),
        _node("V3", Tier.VILLAGE, 119.94, 26.79, parent="T2", name="东冲村"),
        _node("V4", Tier.VILLAGE, 119.80, 26.70, parent="T2", name="远村"),
    ]
    return Network(nodes, name="测试县", boundary=box(119.7, 26.6, 120.2, 27.0))


def _matrix(net: Network) -> DistanceMatrix:
    lon = np.array([n.lon for n in net])
    lat = np.array([n.lat for n in net])
    dx = (lon[:, None] - lon[None, :]) * 99_000.0
    dy = (lat[:, None] - lat[None, :]) * 111_000.0
    dist = np.hypot(dx, dy)
    return DistanceMatrix(net.ids(), dist, dist / 10.0, "great_circle")


@pytest.fixture
def coverage(county: Network):  # type: ignore[no-untyped-def]
    return coverage_report(
        county, served={"V1", "V2"}, service_points={"T1", "V3"}, matrix=_matrix(county)
    )


@pytest.fixture
def routes(county: Network) -> dict[str, object]:
    stops = ["V1", "V2"]
    coords = [[county[i].lon, county[i].lat] for i in ["T1", *stops, "T1"]]
    feature = {
        "type": "Feature",
        "geometry": {"type": "LineString", "coordinates": coords},
        "properties": {"route_id": "R1", "vehicle_type": "e-tricycle", "stop_ids": stops},
    }
    return {"type": "FeatureCollection", "features": [feature]}
