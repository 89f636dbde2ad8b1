"""network.estimate: generated positions, population from census totals, parcels."""

from __future__ import annotations

import csv
import json
from pathlib import Path
from typing import Any

import numpy as np
import pytest
import shapely
from hypothesis import given
from hypothesis import strategies as st
from shapely.geometry import shape

from network import Network, Node, Tier, township_cells
from network.coords import gcj02_to_wgs84
from network.errors import InputError
from network.estimate import (
    CensusTotals,
    PopulationUnit,
    VillageSite,
    allocate_population,
    largest_remainder,
    parcels_per_day,
    place_villages,
)

EXAMPLE = Path(__file__).resolve().parents[2] / "docs" / "examples" / "zherong"


def _outline() -> Any:
    data = json.loads((EXAMPLE / "boundary_gcj02.geojson").read_text(encoding="utf-8"))
    geometry = shape(data["features"][0]["geometry"])
    return shapely.transform(
        geometry, lambda xy: np.column_stack(gcj02_to_wgs84(xy[:, 0], xy[:, 1]))
    )


def _seats() -> dict[str, tuple[float, float]]:
    with (EXAMPLE / "townships.csv").open(encoding="utf-8-sig") as handle:
        rows = list(csv.DictReader(handle))
    lon, lat = gcj02_to_wgs84(
        np.array([float(r["经度(高德)"]) for r in rows]),
        np.array([float(r["纬度(高德)"]) for r in rows]),
    )
    return {
        r["统计用区划代码"]: (float(x), float(y)) for r, x, y in zip(rows, lon, lat, strict=True)
    }


def _sites(seats: dict[str, tuple[float, float]], per_township: int) -> list[VillageSite]:
    classes = ("rural", "urban", "centre", "fringe")
    return [
        VillageSite(f"{code}{k:03d}", code, classes[k % 4])
        for code in seats
        for k in range(per_township)
    ]


def test_generated_positions_lie_in_the_outline_and_their_townships_cell() -> None:
    seats, outline = _seats(), _outline()
    sites = _sites(seats, 8)
    placed = place_villages(seats, sites, outline, seed=7)
    assert set(placed) == {s.id for s in sites}
    network = Network(
        [Node(code, code, Tier.TOWNSHIP, lon, lat) for code, (lon, lat) in seats.items()],
        boundary=outline,
    )
    cells = township_cells(network)
    for site in sites:
        lon, lat = placed[site.id]
        assert shapely.contains_xy(outline, lon, lat), site.id
        # the cell was computed in metres; 1e-6 degree of slack for the round trip
        assert cells[site.township].buffer(1e-6).contains(shapely.Point(lon, lat)), site.id


def test_known_positions_are_kept_clear_and_not_moved() -> None:
    seats, outline = _seats(), _outline()
    first = next(iter(seats))
    known = VillageSite("known", first, "rural", seats[first])
    placed = place_villages(seats, [known, *_sites(seats, 2)], outline, seed=1)
    assert "known" not in placed


def test_positions_are_reproducible_by_seed() -> None:
    seats, outline = _seats(), _outline()
    sites = _sites(seats, 3)
    a = place_villages(seats, sites, outline, seed=3)
    assert a == place_villages(seats, sites, outline, seed=3)
    assert a != place_villages(seats, sites, outline, seed=4)


def test_a_village_of_a_township_without_seat_is_an_error() -> None:
    with pytest.raises(InputError, match="has no seat position"):
        place_villages(_seats(), [VillageSite("v", "nowhere", "rural")], _outline(), seed=0)


def _units() -> list[PopulationUnit]:
    return [
        PopulationUnit("a1", "A", urban=True),
        PopulationUnit("a2", "A", urban=False),
        PopulationUnit("a3", "A", urban=False, population=500, households=150),
        PopulationUnit("b1", "B", urban=False),
        PopulationUnit("b2", "B", urban=True),
        PopulationUnit("b3", "B", urban=False),
    ]


def test_population_adds_up_to_the_census_and_keeps_known_figures() -> None:
    census = CensusTotals(10_000, households=3_000, urban=4_000, rural=6_000)
    result = allocate_population(["A", "B"], _units(), census, seed=0)
    assert sum(result.population.values()) == 10_000
    assert sum(result.households.values()) == 3_000
    assert result.population["a3"] == 500 and result.households["a3"] == 150
    assert result.population["a1"] + result.population["b2"] == 4_000  # the urban total
    assert "a3" not in result.estimated_population
    assert result.estimated_population == {"a1", "a2", "b1", "b2", "b3"}


def test_population_without_an_urban_rural_split_and_with_township_anchors() -> None:
    census = CensusTotals(10_000, households=None)
    result = allocate_population(
        ["A", "B"], _units(), census, seed=0, township_anchors={"B": 7_000}
    )
    assert sum(result.population[u] for u in ("b1", "b2", "b3")) == 7_000
    assert sum(result.population.values()) == 10_000
    assert result.households == {"a3": 150}  # no census households: the rest stay unknown


def test_population_is_reproducible_by_seed() -> None:
    census = CensusTotals(10_000, households=3_000, urban=4_000, rural=6_000)
    one = allocate_population(["A", "B"], _units(), census, seed=5)
    assert one == allocate_population(["A", "B"], _units(), census, seed=5)
    assert one.population != allocate_population(["A", "B"], _units(), census, seed=6).population


def test_bad_census_totals_are_refused() -> None:
    with pytest.raises(InputError, match="is not the population"):
        CensusTotals(100, urban=60, rural=50)
    with pytest.raises(InputError, match="exceed a census total"):
        allocate_population(
            ["A", "B"], _units(), CensusTotals(1_000), seed=0, township_anchors={"A": 5_000}
        )


def test_parcel_rates() -> None:
    down, up = parcels_per_day(1000, urban=True)
    assert (round(down, 3), round(up, 3)) == (129.0, 10.0)
    assert parcels_per_day(1000, urban=False, extra_up=2.5)[1] == pytest.approx(12.5)


@given(
    st.lists(st.floats(min_value=0.01, max_value=1e6), min_size=1, max_size=50),
    st.integers(min_value=0, max_value=10**7),
)
def test_largest_remainder_sums_exactly(weights: list[float], total: int) -> None:
    parts = largest_remainder(np.array(weights), total)
    assert int(parts.sum()) == total
    assert (parts >= 0).all()
    exact = np.array(weights) / sum(weights) * total
    assert np.all(np.abs(parts - exact) < 1.0 + 1e-6)
