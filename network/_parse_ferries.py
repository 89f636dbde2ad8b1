"""Turn the rows of a ferries file into :class:`FerryLink` values (positions as given)."""

from __future__ import annotations

from network._parse_nodes import check_lonlat
from network._table import FromRow, Row, Table, parse_rows
from network.model import FerryLink

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


def parse_ferries(table: Table) -> list[FromRow[FerryLink]]:
    """Every row of a ferries table as a link, or an error naming the first bad field."""
    return parse_rows(table, REQUIRED_COLUMNS, _ferry)


def _ferry(row: Row) -> FerryLink:
    name, island = row.text("name"), row.text("island")
    mainland_lon, mainland_lat = check_lonlat(row, "mainland_lon", "mainland_lat")
    island_lon, island_lat = check_lonlat(row, "island_lon", "island_lat")
    crossing_min = row.numeric("crossing_min")
    if crossing_min == 0:
        raise row.error("crossing_min", "is 0; a crossing takes time")
    return FerryLink(
        name=name,
        island=island,
        mainland_lon=mainland_lon,
        mainland_lat=mainland_lat,
        island_lon=island_lon,
        island_lat=island_lat,
        crossing_min=crossing_min,
        cost_per_trip_yuan=row.numeric("cost_per_trip_yuan"),
        sea_distance_km=row.numeric("sea_distance_km"),
        departures_per_day=row.count("departures_per_day", required=False),
    )
