"""The shipped demo county (霞浦县 Xiapu): structure, positions, derivations, reproducibility."""

from __future__ import annotations

import csv
import json
import subprocess
import sys
import tomllib
from pathlib import Path
from typing import Any

import numpy as np
import pytest
import shapely
from shapely.geometry import shape

from network.coords import gcj02_to_wgs84
from scenarios.demo import demo_dir, demo_scenario

REPO = Path(__file__).resolve().parents[2]
SHARED = REPO.parent / "shared"
SHARED_XIAPU = SHARED / "data" / "county" / "xiapu"
GENERATED_FILES = ("nodes.csv", "ferries.csv", "boundary_gcj02.geojson", "scenario.toml")
SYNTHETIC = {"population", "households", "poor", "parcels_down", "parcels_up", "outlets"}
needs_shared = pytest.mark.skipif(not SHARED_XIAPU.is_dir(), reason="../shared is not present")


def _rows(name: str) -> list[dict[str, str]]:
    with (demo_dir() / name).open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def _of_tier(tier: str) -> list[dict[str, str]]:
    return [r for r in _rows("nodes.csv") if r["tier"] == tier]


def _gcj_to_wgs(geometry: Any) -> Any:
    return shapely.transform(
        geometry, lambda xy: np.column_stack(gcj02_to_wgs84(xy[:, 0], xy[:, 1]))
    )


def _land_wgs() -> list[Any]:
    """The county's land masses in WGS-84, largest (the mainland) first."""
    data = json.loads((demo_dir() / "boundary_gcj02.geojson").read_text(encoding="utf-8"))
    outline = _gcj_to_wgs(shape(data["features"][0]["geometry"]))
    return sorted(shapely.get_parts(outline), key=lambda p: -p.area)


def _wgs_points(rows: list[dict[str, str]], lon: str = "lon", lat: str = "lat") -> Any:
    x, y = gcj02_to_wgs84(
        np.array([float(r[lon]) for r in rows]), np.array([float(r[lat]) for r in rows])
    )
    return shapely.points(x, y)


def test_demo_paths() -> None:
    assert demo_scenario() == demo_dir() / "scenario.toml"
    for name in (*GENERATED_FILES, "SOURCES.md"):
        assert (demo_dir() / name).is_file(), name
    assert (demo_dir().parent / "SOURCES.md").is_file()
    network = tomllib.loads(demo_scenario().read_text(encoding="utf-8"))["network"]
    assert network == {
        "nodes": "nodes.csv",
        "coords": "gcj02",
        "ferries": "ferries.csv",
        "boundary": "boundary_gcj02.geojson",
    }


def test_tiers_ids_and_parents() -> None:
    rows = _rows("nodes.csv")
    county, townships, villages = _of_tier("county"), _of_tier("township"), _of_tier("village")
    assert (len(county), len(townships), len(villages)) == (1, 15, 320)
    assert len({r["id"] for r in rows}) == len(rows) == 336
    assert county[0]["parent"] == ""
    assert {t["parent"] for t in townships} == {county[0]["id"]}
    township_ids = {t["id"] for t in townships}
    assert {v["parent"] for v in villages} == township_ids
    assert all(v["id"].startswith(v["parent"]) for v in villages)  # NBS codes nest


def test_every_position_is_on_land_after_gcj_conversion() -> None:
    land = _land_wgs()
    outline = shapely.union_all(land)
    assert shapely.contains(outline, _wgs_points(_rows("nodes.csv"))).all()
    # Nodes off the islands are on the mainland (they are joined to islands only by ferry).
    mainland_rows = [r for r in _rows("nodes.csv") if not r["island"]]
    assert shapely.contains(land[0], _wgs_points(mainland_rows)).all()


def test_island_nodes_have_a_ferry_to_their_island() -> None:
    land = _land_wgs()
    ferries = {f["island"]: f for f in _rows("ferries.csv")}
    island_rows = [r for r in _rows("nodes.csv") if r["island"]]
    assert {r["island"] for r in island_rows} == set(ferries) == {"西洋岛", "浮鹰岛", "北礵岛"}
    assert {r["name"] for r in island_rows if r["tier"] == "township"} == {"海岛乡"}
    assert {r["parent"] for r in island_rows if r["tier"] == "village"} == {"350921205"}
    for name, ferry in ferries.items():
        on_it = _wgs_points([r for r in island_rows if r["island"] == name])
        part = next(p for p in land[1:] if p.contains(on_it[0]))
        assert shapely.contains(part, on_it).all()
        mainland_pier = _wgs_points([ferry], "mainland_lon", "mainland_lat")[0]
        island_pier = _wgs_points([ferry], "island_lon", "island_lat")[0]
        assert part.distance(island_pier) < 1e-5  # about 1 m, in degrees
        assert land[0].distance(mainland_pier) < 1e-5
        assert float(ferry["crossing_min"]) > 0 and float(ferry["cost_per_trip_yuan"]) > 0
        assert {"crossing_min", "cost_per_trip_yuan"} <= set(ferry["estimated"].split(";"))


def test_estimated_columns_name_every_derived_value() -> None:
    supply_columns = [c for c in _rows("nodes.csv")[0] if c.startswith("supply_")]
    for row in _of_tier("village"):
        estimated = set(row["estimated"].split(";"))
        reported = row["name"] in {"章家衕村委会", "江边村委会"}
        expected = SYNTHETIC - ({"population", "households"} if reported else set())
        expected |= {"lon", "lat"} if row["generated_position"] == "1" else set()
        expected |= {"island"} if row["island"] else set()
        expected |= {c for c in supply_columns if row[c]}
        assert estimated == expected, row["id"]
    for row in _of_tier("township"):
        generated = row["generated_position"] == "1"
        assert generated == (row["name"] == "松山街道")
        assert set(row["estimated"].split(";")) == {"outlets"} | (
            {"lon", "lat"} if generated else set()
        )
        assert "post_office" in row["outlets"].split(";")


def test_census_totals_are_kept() -> None:
    villages = _of_tier("village")
    assert sum(int(v["population"]) for v in villages) == 475_936
    assert sum(int(v["households"]) for v in villages) == 165_360
    urban = [
        v
        for v in villages
        if v["ur_code_2016"].startswith("1") or (not v["ur_code_2016"] and v["kind"] == "community")
    ]
    assert sum(int(v["population"]) for v in urban) == 289_598
    assert all(int(v["population"]) > 0 for v in villages)
    assert sum(int(r["population"]) for r in _of_tier("township") + _of_tier("county")) == 0


def test_parcels_poor_flags_and_supply_are_plausible() -> None:
    villages = _of_tier("village")
    down = sum(float(v["parcels_down"]) for v in villages)
    up = sum(float(v["parcels_up"]) for v in villages)
    assert 20_000 <= down + up <= 130_000  # facts.md 3a: a 500k-person county
    assert 0 < up < down
    poor = [v for v in villages if v["poor"] == "1"]
    assert round(0.15 * sum(v["kind"] == "village" for v in villages)) == len(poor)
    assert all(v["kind"] == "village" for v in poor)
    kelp_t = sum(int(v["supply_kelp_kg"] or 0) for v in villages) / 1000
    assert kelp_t == pytest.approx(1_600_000 / 92, rel=1e-3)  # Xiapu's harvest over its season
    islands = [v for v in villages if v["island"]]
    assert all(float(v["parcels_up"]) > 0.01 * int(v["population"]) for v in islands)


@needs_shared
def test_positions_generated_exactly_where_the_source_has_none() -> None:
    with (SHARED_XIAPU / "villages.csv").open(encoding="utf-8", newline="") as handle:
        source = {r["code"]: r for r in csv.DictReader(handle)}
    villages = _of_tier("village")
    assert [v["id"] for v in villages] == list(source)
    for v in villages:
        has_source = bool(source[v["id"]]["lon_gcj02"])
        assert (v["generated_position"] == "0") == has_source, v["id"]
        if has_source:
            assert (float(v["lon"]), float(v["lat"])) == (
                float(source[v["id"]]["lon_gcj02"]),
                float(source[v["id"]]["lat_gcj02"]),
            )
        assert v["name"] == source[v["id"]]["name"]


@needs_shared
def test_generator_reproduces_the_files_byte_for_byte(tmp_path: Path) -> None:
    tool = REPO / "tools" / "build_demo_county.py"
    subprocess.run(
        [sys.executable, str(tool), "--shared", str(SHARED), "--out", str(tmp_path)],
        check=True,
        capture_output=True,
        cwd=REPO,
        timeout=120,
    )
    for name in GENERATED_FILES:
        assert (tmp_path / name).read_bytes() == (demo_dir() / name).read_bytes(), name


def test_loads_through_the_loader() -> None:
    network = pytest.importorskip("network")
    if not hasattr(network, "load_network"):
        pytest.skip("network.load_network is not there yet")
    net = network.load_network(demo_dir(), coords="gcj02")
    assert (len(net.county_dcs), len(net.townships), len(net.villages)) == (1, 15, 320)
    assert net.name == "霞浦县"
    assert {f.island for f in net.ferries} == {n.island for n in net if n.island}
    outline = net.boundary
    assert all(outline.contains(shapely.Point(n.lon, n.lat)) for n in net)
    # The loader converted GCJ-02 to WGS-84: 松城's AMap point (120.005554, 26.8817) moves
    # about 0.0044 degree west and 0.0033 degree north.
    seat = net["350921001"]
    assert (seat.lon, seat.lat) == pytest.approx((120.0011, 26.8850), abs=1e-4)
    assert sum(n.generated_position for n in net) == 307
    if hasattr(network, "distance_matrix"):
        # Every place, islands included (through their ferries), is reachable from every other.
        matrix = network.distance_matrix(net)
        assert np.isfinite(matrix.distance_m).all() and np.isfinite(matrix.duration_s).all()


def test_scenario_validates() -> None:
    schema = pytest.importorskip("scenarios.schema")
    scenario = schema.load_scenario(demo_scenario())
    assert scenario.network.coords == "gcj02"
    assert Path(scenario.network.nodes[0]) == demo_dir() / "nodes.csv"


def test_demo_communities_are_not_counted_as_villages() -> None:
    from network import load_network

    net = load_network(demo_dir(), coords="gcj02")
    assert len(net.villages) == 320
    assert len(net.administrative_villages) == 293  # 27 communities (社区居委会) left out
    assert all("社区居" in v.name for v in net.villages if v.community)


def test_demo_example_sweep_loads() -> None:
    from scenarios.sweep import load_sweep

    sweep = load_sweep(demo_dir() / "sweep.toml")
    assert sweep.base == demo_scenario().resolve()
    assert len(sweep.cases) == 2 and sweep.fast
