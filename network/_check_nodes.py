"""Checks across the rows of all node files: unique ids, valid parents, positions near the county.

"Near the county" catches typos, swapped digits and a wrong ``coords`` setting:

* with a county boundary, a position more than 20 km outside the boundary's bounding box
  (measured in the county's metric CRS) is an error;
* without one, a position more than 150 km (geodesic) from the median position of all nodes
  is an error. The median is not pulled by a few wrong points, and 150 km is more than the
  extent of any Chinese county except a few in Xinjiang, Tibet and Inner Mongolia.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
from pyproj import Geod

from network._table import FromRow, Row
from network.geography import geometry_to_metric, metric_crs, to_metric
from network.model import Node, Tier
from network.texts import Message

BBOX_MARGIN_M = 20_000.0
CENTRE_RADIUS_M = 150_000.0
_GEOD = Geod(ellps="WGS84")


@dataclass(frozen=True, slots=True)
class Position:
    """A WGS-84 position to check, with the row and field(s) it came from."""

    lon: float
    lat: float
    row: Row
    field: str


def check_ids_and_parents(parsed: Sequence[FromRow[Node]]) -> None:
    """Ids are unique; a village's parent is a township; a township's is a county node or none."""
    first_row: dict[str, Row] = {}
    for item in parsed:
        earlier = first_row.setdefault(item.value.id, item.row)
        if earlier is not item.row:
            raise item.row.error(
                "id",
                Message(
                    "id {id!r} is already used by {file} row {number}",
                    id=item.value.id,
                    file=earlier.file,
                    number=earlier.number,
                ),
            )
    by_id = {item.value.id: item.value for item in parsed}
    for item in parsed:
        _check_parent(item, by_id)


def _check_parent(item: FromRow[Node], by_id: dict[str, Node]) -> None:
    node, row = item.value, item.row
    parent = by_id.get(node.parent or "")
    if node.tier is Tier.COUNTY and node.parent:
        raise row.error(
            "parent",
            Message(
                "a county node has no parent; leave it empty (got {parent!r})", parent=node.parent
            ),
        )
    if (
        node.tier is Tier.TOWNSHIP
        and node.parent
        and (parent is None or parent.tier is not Tier.COUNTY)
    ):
        raise row.error(
            "parent",
            Message(
                "{parent!r} is not a county node; give the county id or leave it empty",
                parent=node.parent,
            ),
        )
    if node.tier is Tier.VILLAGE:
        if not node.parent:
            raise row.error("parent", Message("is empty; a village needs the id of its township"))
        if parent is None:
            raise row.error(
                "parent", Message("{parent!r} is not the id of any node", parent=node.parent)
            )
        if parent.tier is not Tier.TOWNSHIP:
            raise row.error(
                "parent",
                Message(
                    "{parent!r} ({name}) is a {tier}, not a township",
                    parent=node.parent,
                    name=parent.name,
                    tier=parent.tier.value,
                ),
            )


def check_near_county(
    positions: Sequence[Position], *, centre_of: Sequence[Position], boundary: Any
) -> None:
    """Raise for the first position far outside the county (see the module docstring)."""
    if not positions:
        return
    lon = np.array([p.lon for p in positions])
    lat = np.array([p.lat for p in positions])
    if boundary is not None:
        distance_m, limit_m, where = (
            _outside_bbox_m(lon, lat, boundary),
            BBOX_MARGIN_M,
            Message("outside the bounding box of the county boundary"),
        )
    else:
        c_lon = float(np.median([p.lon for p in centre_of]))
        c_lat = float(np.median([p.lat for p in centre_of]))
        _, _, distance = _GEOD.inv(np.full_like(lon, c_lon), np.full_like(lat, c_lat), lon, lat)
        distance_m, limit_m = np.asarray(distance), CENTRE_RADIUS_M
        where = Message(
            "from the median position of all nodes ({lon:.4f}, {lat:.4f})", lon=c_lon, lat=c_lat
        )
    far = np.flatnonzero(distance_m > limit_m)
    if far.size:
        bad = positions[int(far[0])]
        raise bad.row.error(
            bad.field,
            Message(
                "({lon:.5f}, {lat:.5f}) is {km:.0f} km {where}; more than {limit_km:.0f} km is "
                "not plausible for a county: check the numbers, their order and the coords "
                "setting (wgs84/gcj02/bd09)",
                lon=bad.lon,
                lat=bad.lat,
                km=distance_m[far[0]] / 1000,
                where=where,
                limit_km=limit_m / 1000,
            ),
        )


def _outside_bbox_m(lon: np.ndarray, lat: np.ndarray, boundary: Any) -> np.ndarray:
    centre = boundary.representative_point()
    crs = metric_crs(centre.x, centre.y)
    min_x, min_y, max_x, max_y = geometry_to_metric(boundary, crs).bounds
    x_m, y_m = to_metric(lon, lat, crs)
    dx = np.maximum(np.maximum(min_x - x_m, x_m - max_x), 0.0)
    dy = np.maximum(np.maximum(min_y - y_m, y_m - max_y), 0.0)
    return np.asarray(np.hypot(dx, dy))
