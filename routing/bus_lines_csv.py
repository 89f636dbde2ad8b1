"""Read ``bus_lines.csv``: one row per rural passenger bus line that takes parcels.

Columns (``routing.bus_lines`` explains the model):

=========================  ==========================================================
``line_id``                unique id of the line
``name``                   optional display name
``stops``                  ``;``-separated stops in running order: a node id, or a WGS-84
                           position ``lon lat`` snapped to the nearest village, township
                           hub or county DC (at most ``snap_max_m`` away)
``departures``             ``;``-separated times ``HH:MM`` the bus leaves the first stop
``return_departures``      optional; times it leaves the last stop, running back
``capacity_parcels``       parcels per departure (whole number >= 1)
``capacity_kg``            kg per departure
``fee_yuan_per_parcel``    paid per parcel carried (0 if the fee is per departure)
``fee_yuan_per_departure`` optional; paid per departure used
``handover_min``           minutes at a stop to hand parcels over
``minutes_factor``         optional (default 1.2, EST: stops for passengers); bus travel time
                           = road travel time x this
=========================  ==========================================================

Every error names the file, the row and the field, in one line.
"""

from __future__ import annotations

from decimal import Decimal, InvalidOperation
from pathlib import Path

import numpy as np

from network import InputError, Network, Row, metric_crs_for, read_table, to_metric
from network.texts import Message
from routing.bus_lines import BusLine

REQUIRED_COLUMNS = (
    "line_id",
    "stops",
    "departures",
    "capacity_parcels",
    "capacity_kg",
    "fee_yuan_per_parcel",
    "handover_min",
)
#: Travel time of a bus against the road matrix (EST: passenger stops and slow climbs).
DEFAULT_MINUTES_FACTOR = 1.2
#: A stop given as a position snaps to a node at most this far away.
DEFAULT_SNAP_MAX_M = 3000.0


def read_bus_lines(
    path: Path,
    network: Network,
    *,
    snap_max_m: float = DEFAULT_SNAP_MAX_M,
    skip_outside: bool = False,
) -> tuple[BusLine, ...]:
    """The bus lines of ``path``, with every stop a node of ``network``.

    ``skip_outside``: leave out a line that names a node id the network lacks (when planning
    part of a county with the whole county's file) instead of refusing the file.
    """
    table = read_table(path)
    table.require_columns(REQUIRED_COLUMNS)
    snap = _Snapper(network, snap_max_m)
    lines: list[BusLine] = []
    seen: set[str] = set()
    for row in table.rows:
        if skip_outside and any(_outside(token, network) for token in row.items("stops")):
            continue
        line = _line(row, network, snap)
        if line.line_id in seen:
            raise row.error("line_id", Message("{line_id!r} appears twice", line_id=line.line_id))
        seen.add(line.line_id)
        lines.append(line)
    return tuple(lines)


def _line(row: Row, network: Network, snap: _Snapper) -> BusLine:
    line_id = row.text("line_id")
    stops = tuple(_stop(row, token, network, snap) for token in row.items("stops"))
    if len(stops) < 2:
        raise row.error("stops", Message("needs at least two stops separated by ';'"))
    if len(set(stops)) != len(stops):
        raise row.error("stops", Message("names the same node twice (after snapping positions)"))
    out, back = _times(row, "departures"), _times(row, "return_departures")
    if not out and not back:
        raise row.error("departures", Message("is empty; give at least one time HH:MM"))
    capacity = row.count("capacity_parcels")
    if capacity < 1:
        raise row.error("capacity_parcels", Message("is 0; a departure must carry parcels"))
    kg = row.numeric("capacity_kg")
    if kg == 0:
        raise row.error("capacity_kg", Message("is 0; a departure must carry parcels"))
    factor = row.numeric("minutes_factor", required=False) or DEFAULT_MINUTES_FACTOR
    try:
        return BusLine(
            line_id=line_id,
            name=row.text("name", required=False) or line_id,
            stops=stops,
            departures_min=out,
            return_departures_min=back,
            capacity_parcels=capacity,
            capacity_kg=kg,
            fee_yuan_per_parcel=_yuan(row, "fee_yuan_per_parcel"),
            fee_yuan_per_departure=_yuan(row, "fee_yuan_per_departure", required=False),
            handover_min=row.numeric("handover_min"),
            minutes_factor=factor,
        )
    except InputError as err:
        raise row.error(err.field, err.message) from None


def _times(row: Row, field: str) -> tuple[float, ...]:
    result = []
    for token in row.items(field):
        hours, sep, minutes = token.partition(":")
        if not (sep and hours.isdigit() and minutes.isdigit() and len(minutes) == 2):
            raise row.error(field, Message("{token!r} is not a time HH:MM", token=token))
        if int(hours) > 23 or int(minutes) > 59:
            raise row.error(
                field, Message("{token!r} is not a time of day (00:00-23:59)", token=token)
            )
        result.append(60.0 * int(hours) + int(minutes))
    return tuple(result)


def _yuan(row: Row, field: str, *, required: bool = True) -> Decimal:
    raw = row.text(field, required=required)
    if not raw:
        return Decimal(0)
    try:
        value = Decimal(raw)
    except InvalidOperation:
        raise row.error(field, Message("{raw!r} is not an amount in yuan", raw=raw)) from None
    if not value.is_finite() or value < 0:
        raise row.error(field, Message("{raw} must be an amount of 0 yuan or more", raw=raw))
    return value


def _outside(token: str, network: Network) -> bool:
    """A node id (not a position) that the network lacks."""
    return token not in network and len(token.replace(",", " ").split()) != 2


def _stop(row: Row, token: str, network: Network, snap: _Snapper) -> str:
    if token in network:
        if network[token].tier not in ("village", "township", "county"):
            raise row.error(
                "stops", Message("{token} is not a village, hub or county DC", token=token)
            )
        return token
    parts = token.replace(",", " ").split()
    try:
        lon, lat = (float(p) for p in parts) if len(parts) == 2 else (None, None)
    except ValueError:
        lon, lat = None, None
    if lon is None or lat is None:
        raise row.error(
            "stops",
            Message("{token!r} is neither a node id of the network nor 'lon lat'", token=token),
        )
    if not (-180 <= lon <= 180 and -90 <= lat <= 90):
        raise row.error(
            "stops", Message("{token!r} is not a WGS-84 position (lon lat)", token=token)
        )
    node, distance_m = snap.nearest(lon, lat)
    if distance_m > snap.max_m:
        raise row.error(
            "stops",
            Message(
                "{token!r} is {km:.1f} km from the nearest village or hub ({name} {node}); give "
                "a node id or a position within {max_km:g} km",
                token=token,
                km=distance_m / 1000,
                name=network[node].name,
                node=node,
                max_km=snap.max_m / 1000,
            ),
        )
    return node


class _Snapper:
    """Nearest village, hub or county DC to a position, measured in the county's metric CRS."""

    def __init__(self, network: Network, max_m: float) -> None:
        self.max_m = max_m
        self.ids = network.ids()
        self.crs = metric_crs_for(network)
        nodes = [network[i] for i in self.ids]
        self.x, self.y = to_metric([n.lon for n in nodes], [n.lat for n in nodes], self.crs)

    def nearest(self, lon: float, lat: float) -> tuple[str, float]:
        x, y = to_metric([lon], [lat], self.crs)
        d = np.hypot(self.x - x[0], self.y - y[0])
        k = int(np.argmin(d))
        return self.ids[k], float(d[k])
