"""Turn the rows of a node file into :class:`Node` values, checking each field.

Checks here concern one row at a time; checks across rows (duplicate ids, parents, positions
far from the county) are in :mod:`network._check_nodes`. Positions stay in the file's
coordinate system; the loader converts them to WGS-84 afterwards.
"""

from __future__ import annotations

import re

from network._table import Bound, FromRow, Row, Table, parse_rows
from network.model import Node, OutletKind, Tier
from network.texts import Message
from network.units import UnitClass, classify_unit

REQUIRED_COLUMNS = (
    "id",
    "name",
    "tier",
    "lon",
    "lat",
    "parent",
    "population",
    "parcels_down",
    "parcels_up",
)
OPTIONAL_COLUMNS = (
    *("poor", "households", "outlets", "island", "generated_position", "estimated"),
    *("kind", "ur_code_2016", "ur_code"),
)
_UNIT_COLUMNS = ("kind", "ur_code_2016", "ur_code")
_SUPPLY_COLUMN = re.compile(r"supply_([a-z0-9_]+)_kg")

# Bounds per node, each above what any Chinese county reaches as a whole: the most populous
# counties have about 2.5 million people, Yiwu (a county-level city, the largest parcel hub)
# ships about 10 million parcels a day, and the largest fishing ports land about 10,000 t a
# day. A value beyond them is a typo or a unit mix-up (1e308 parcels overflowed the routing).
MAX_PEOPLE = Bound(5_000_000, Message("people per node"))
MAX_HOUSEHOLDS = Bound(2_500_000, Message("households per node"))
MAX_PARCELS = Bound(10_000_000, Message("parcels a day per node"))
MAX_SUPPLY_KG = Bound(100_000_000, Message("kg a day per node"))


def parse_nodes(table: Table) -> list[FromRow[Node]]:
    """Every row of a node table as a node, or an error naming the first bad field."""
    return parse_rows(table, REQUIRED_COLUMNS, _node)


def check_lonlat(row: Row, lon_field: str, lat_field: str) -> tuple[float, float]:
    """Longitude and latitude of a row, in -180..180 and -90..90 (with a hint when swapped)."""
    lon = row.numeric(lon_field, negative_ok=True)
    lat = row.numeric(lat_field, negative_ok=True)
    swapped = Message(" (are lon and lat swapped?)") if abs(lat) <= 180 and abs(lon) <= 90 else ""
    if not -90 <= lat <= 90:
        raise row.error(
            lat_field, Message("{lat:g} is outside -90..90{swapped}", lat=lat, swapped=swapped)
        )
    if not -180 <= lon <= 180:
        raise row.error(lon_field, Message("{lon:g} is outside -180..180", lon=lon))
    return lon, lat


def _node(row: Row) -> Node:
    node_id, name, tier = row.text("id"), row.text("name"), _tier(row)
    lon, lat = check_lonlat(row, "lon", "lat")
    known = set(REQUIRED_COLUMNS) | set(OPTIONAL_COLUMNS)
    supply = {
        match.group(1): row.numeric(column, required=False, at_most=MAX_SUPPLY_KG)
        for column in row.values
        if (match := _SUPPLY_COLUMN.fullmatch(column)) and row.text(column, required=False)
    }
    extra = {
        column: value
        for column, value in row.values.items()
        if (column not in known or column in _UNIT_COLUMNS) and not _SUPPLY_COLUMN.fullmatch(column)
    }
    poor_given = bool(row.text("poor", required=False))
    return Node(
        id=node_id,
        name=name,
        tier=tier,
        lon=lon,
        lat=lat,
        parent=row.text("parent", required=False) or None,
        population=row.count("population", at_most=MAX_PEOPLE),
        households=row.count("households", required=False, at_most=MAX_HOUSEHOLDS),
        poor=row.flag("poor", required=False),
        parcels_down_per_day=row.numeric("parcels_down", at_most=MAX_PARCELS),
        parcels_up_per_day=row.numeric("parcels_up", at_most=MAX_PARCELS),
        supply_kg_per_day=supply,
        outlets=frozenset(_outlet(row, item) for item in row.items("outlets")),
        island=row.text("island", required=False) or None,
        estimated=frozenset(row.items("estimated")),
        generated_position=row.flag("generated_position", required=False),
        extra=extra,
        community=tier is Tier.VILLAGE and _unit(row, name).community,
        unknown=frozenset() if poor_given else frozenset({"poor"}),
    )


def _unit(row: Row, name: str) -> UnitClass:
    """A village's kind: its ``kind`` column, else its name's suffix, else its NBS class."""
    ur_code = row.text("ur_code_2016", required=False) or row.text("ur_code", required=False)
    return classify_unit(kind=row.text("kind", required=False), name=name, ur_code=ur_code)


def _tier(row: Row) -> Tier:
    raw = row.text("tier").lower()
    try:
        return Tier(raw)
    except ValueError:
        allowed = "|".join(t.value for t in Tier)
        raise row.error(
            "tier", Message("unknown tier {raw!r}; use {allowed}", raw=raw, allowed=allowed)
        ) from None


def _outlet(row: Row, item: str) -> OutletKind:
    try:
        return OutletKind(item.lower())
    except ValueError:
        allowed = ";".join(k.value for k in OutletKind)
        raise row.error(
            "outlets",
            Message("unknown outlet kind {item!r}; use {allowed}", item=item, allowed=allowed),
        ) from None
