"""Turn the rows of a ferries file into :class:`FerryLink` values (positions as given)."""

from __future__ import annotations

from network._parse_nodes import check_lonlat
from network._table import Bound, FromRow, Row, Table, parse_rows
from network.model import FerryLink
from network.texts import Message

REQUIRED_COLUMNS = (
    "name",
    "island",
    "mainland_lon",
    "mainland_lat",
    "island_lon",
    "island_lat",
    "crossing_min",
    "cost_per_trip_yuan",
    "sea_distance_km",
)

# A county's ferries cross in hours, not days, over tens of km: larger values are typos.
MAX_CROSSING_MIN = Bound(24 * 60, Message("minutes a crossing"))
MAX_SEA_KM = Bound(500, Message("km a crossing"))
MAX_FARE_YUAN = Bound(100_000, Message("yuan a trip"))
MAX_DEPARTURES = Bound(1_000, Message("departures a day"))


def parse_ferries(table: Table) -> list[FromRow[FerryLink]]:
    """Every row of a ferries table as a link, or an error naming the first bad field."""
    return parse_rows(table, REQUIRED_COLUMNS, _ferry)


def _ferry(row: Row) -> FerryLink:
    name, island = row.text("name"), row.text("island")
    mainland_lon, mainland_lat = check_lonlat(row, "mainland_lon", "mainland_lat")
    island_lon, island_lat = check_lonlat(row, "island_lon", "island_lat")
    crossing_min = row.numeric("crossing_min", at_most=MAX_CROSSING_MIN)
    if crossing_min == 0:
        raise row.error("crossing_min", Message("is 0; a crossing takes time"))
    return FerryLink(
        name=name,
        island=island,
        mainland_lon=mainland_lon,
        mainland_lat=mainland_lat,
        island_lon=island_lon,
        island_lat=island_lat,
        crossing_min=crossing_min,
        cost_per_trip_yuan=row.numeric("cost_per_trip_yuan", at_most=MAX_FARE_YUAN),
        sea_distance_km=row.numeric("sea_distance_km", at_most=MAX_SEA_KM),
        departures_per_day=row.count("departures_per_day", required=False, at_most=MAX_DEPARTURES),
    )
