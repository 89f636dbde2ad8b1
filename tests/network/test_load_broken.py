"""Every broken input in fixtures/broken/ raises an InputError naming file, row and field."""

from __future__ import annotations

from pathlib import Path

import pytest

from network import InputError, load_network

BROKEN = Path(__file__).parent / "fixtures" / "broken"

# input (a file, or a folder of files) -> (where: file row N, field F; what went wrong).
# The message must start with '<where>: <what>'. '{}' stands for the input's own name.
EXPECTED = {
    "missing_column.csv": ("{}, field parcels_up", "required column 'parcels_up' is missing"),
    "non_numeric_lat.csv": ("{} row 3, field lat", "'26.8x' is not a number"),
    "lat_out_of_range.csv": ("{} row 4, field lat", "261.2 is outside -90..90"),
    "lon_out_of_range.csv": ("{} row 5, field lon", "220.5 is outside -180..180"),
    "swapped_lonlat.csv": (
        "{} row 4, field lat",
        "119.99 is outside -90..90 (are lon and lat swapped?)",
    ),
    "nan_lon.csv": ("{} row 4, field lon", "'nan' is not a finite number"),
    "far_from_county.csv": (
        "{} row 5, field lon/lat",
        "(116.40000, 39.90000) is 1482 km from the median",
    ),
    "empty_id.csv": ("{} row 3, field id", "is empty"),
    "empty_population.csv": ("{} row 4, field population", "is empty"),
    "duplicate_id.csv": ("{} row 5, field id", "id 'V1' is already used by duplicate_id.csv row 4"),
    "village_parent_missing.csv": ("{} row 5, field parent", "'T9' is not the id of any node"),
    "village_parent_is_village.csv": (
        "{} row 5, field parent",
        "'V1' (西关村) is a village, not a township",
    ),
    "village_without_parent.csv": ("{} row 4, field parent", "is empty; a village needs"),
    "township_parent_not_county.csv": ("{} row 3, field parent", "'V1' is not a county node"),
    "negative_parcels.csv": ("{} row 4, field parcels_down", "-3 is negative"),
    "negative_supply.csv": ("{} row 4, field supply_kelp_kg", "-50 is negative"),
    "negative_population.csv": ("{} row 5, field population", "-10 is negative"),
    "fractional_population.csv": ("{} row 5, field population", "900.5 is not a whole number"),
    "unknown_tier.csv": (
        "{} row 3, field tier",
        "unknown tier 'city'; use county|township|village",
    ),
    "unknown_outlet.csv": ("{} row 5, field outlets", "unknown outlet kind 'bank'"),
    "bad_poor_flag.csv": ("{} row 4, field poor", "'maybe' is not a yes/no value"),
    "too_many_values.csv": ("{} row 3", "has 12 values but the header has 10 columns"),
    "duplicate_column.csv": ("{} row 1", "column 'lat' appears twice"),
    "empty.csv": ("{}", "is empty"),
    "header_only.csv": ("{}", "has a header but no data rows"),
    "latin1.csv": ("{}", "line 4 has bytes that are neither UTF-8 nor GB18030"),
    "utf16.csv": ("{}", "is UTF-16 or binary, not CSV text"),
    "workbook.csv": ("{}", "is an Excel workbook"),
    "not_really.gpkg": ("{}", "cannot be read as GeoJSON, GeoPackage or Shapefile"),
    "polygon_node.geojson": ("{} row 2, field geometry", "is a Polygon; node files need one point"),
    "no_geometry.geojson": ("{} row 4, field geometry", "has no geometry"),
    "geojson_nonnumeric.geojson": ("{} row 3, field population", "'many' is not a number"),
    "ferry_missing_column": (
        "ferries.csv, field cost_per_trip_yuan",
        "required column 'cost_per_trip_yuan' is missing",
    ),
    "ferry_unknown_island": ("ferries.csv row 2, field island", "no node is on island '东洋岛'"),
    "ferry_zero_crossing": ("ferries.csv row 2, field crossing_min", "is 0"),
    "outside_boundary": (
        "nodes.csv row 5, field lon/lat",
        "(120.60000, 26.89000) is 50 km outside the bounding box",
    ),
    "boundary_of_points": (
        "boundary.geojson row 2, field geometry",
        "is a Point; a boundary must be polygons",
    ),
}


def test_corpus_and_expectations_match() -> None:
    assert sorted(p.name for p in BROKEN.iterdir()) == sorted(EXPECTED)
    assert len(EXPECTED) >= 20


@pytest.mark.parametrize(("name", "where", "what"), [(k, *v) for k, v in sorted(EXPECTED.items())])
def test_broken_input_names_file_row_and_field(name: str, where: str, what: str) -> None:
    with pytest.raises(InputError) as caught:
        load_network(BROKEN / name)
    assert str(caught.value).startswith(f"{where.format(name)}: {what}")
    assert "\n" not in str(caught.value)
