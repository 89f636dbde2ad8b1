"""load_network on real files: CSV encodings, folders, GIS formats, coordinate systems."""

from __future__ import annotations

import csv
import shutil
from pathlib import Path

import geopandas as gpd
import numpy as np
import pytest
import shapely
from pyproj import Geod

from network import InputError, Network, OutletKind, Tier, coords, load_network

FIXTURES = Path(__file__).parent / "fixtures" / "load"
SHARED = Path(__file__).resolve().parents[2].parent / "shared"
_GEOD = Geod(ellps="WGS84")
_FORWARD = {"gcj02": coords.wgs84_to_gcj02, "bd09": coords.wgs84_to_bd09}


def _reference() -> Network:
    return load_network(FIXTURES / "county_utf8.csv")


def _max_error_m(a: Network, b: Network) -> float:
    lon_a, lat_a = np.array([[n.lon, n.lat] for n in a]).T
    lon_b, lat_b = np.array([[b[n.id].lon, b[n.id].lat] for n in a]).T
    return float(np.max(_GEOD.inv(lon_a, lat_a, lon_b, lat_b)[2]))


@pytest.mark.parametrize("file", ["county_utf8.csv", "county_utf8_bom.csv", "county_gb18030.csv"])
def test_csv_encodings_give_the_same_network(file: str) -> None:
    net = load_network(FIXTURES / file)
    assert [n.name for n in net] == [
        "霞浦县",
        "松城街道",
        "长春镇",
        "海岛乡",
        "西关社区",
        "长春村",
        "西洋村",
    ]
    assert [n.id for n in net] == list(_reference().ids())
    assert net.name == "霞浦县"


@pytest.mark.parametrize("separator", ["\t", ";"])
def test_tab_and_semicolon_separated_files(tmp_path: Path, separator: str) -> None:
    with (FIXTURES / "county_utf8.csv").open(encoding="utf-8") as f:
        rows = list(csv.reader(f))
    with (tmp_path / "nodes.csv").open("w", encoding="utf-8", newline="") as f:
        csv.writer(f, delimiter=separator).writerows(rows)
    assert list(load_network(tmp_path / "nodes.csv")) == list(_reference())


def test_csv_fields_are_parsed() -> None:
    net = _reference()
    assert [n.id for n in net.county_dcs] == ["350921"]
    assert [n.id for n in net.children("350921101")] == ["350921101201"]
    seat = net["350921001"]
    assert seat.tier is Tier.TOWNSHIP and seat.parent == "350921"
    assert seat.population == 105337 and seat.households == 38000 and not seat.poor
    assert seat.outlets == {OutletKind.POST_OFFICE, OutletKind.EXPRESS}
    assert seat.estimated == {"parcels_down", "parcels_up"}
    assert seat.extra == {"note": "县政府驻地"}
    island = net["350921206201"]
    assert island.poor and island.island == "西洋岛"
    assert island.parcels_down_per_day == 12.5 and island.parcels_up_per_day == 20
    assert island.supply_kg_per_day == {"kelp": 500.0, "laver": 80.0}
    assert net["350921101201"].generated_position
    assert net["350921101201"].supply_kg_per_day == {"kelp": 200.0}
    assert net["350921"].parent is None and net["350921"].island is None
    assert net.crs_hint == "EPSG:4549"


def test_folder_reads_node_files_ferries_and_boundary() -> None:
    net = load_network(FIXTURES / "folder")
    assert set(net.ids()) == set(_reference().ids())
    (ferry,) = net.ferries
    assert (ferry.island, ferry.crossing_min, ferry.departures_per_day) == ("西洋岛", 60.0, 4)
    assert ferry.cost_per_trip_yuan == 400.0 and ferry.sea_distance_km == 18.5
    assert net.boundary.geom_type == "MultiPolygon"
    assert all(net.boundary.covers(shapely.Point(n.lon, n.lat)) for n in net)


def test_list_of_files_and_explicit_ferries_boundary() -> None:
    folder = FIXTURES / "folder"
    net = load_network(
        [folder / "townships.csv", folder / "villages.csv"],
        ferries=folder / "ferries.csv",
        boundary=folder / "boundary.geojson",
        name="Xiapu test",
    )
    assert net.name == "Xiapu test"
    assert len(net) == 7 and len(net.ferries) == 1 and net.boundary is not None
    assert load_network(folder / "townships.csv").ferries == ()


def _write_shifted(source: Path, target: Path, system: str) -> None:
    """Copy a node or ferry CSV with every lon/lat pair moved into ``system``."""
    with source.open(encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    pairs = [(k, k.replace("lon", "lat")) for k in rows[0] if k.endswith("lon")]
    for row in rows:
        for lon_key, lat_key in pairs:
            lon, lat = _FORWARD[system](float(row[lon_key]), float(row[lat_key]))
            row[lon_key], row[lat_key] = repr(float(lon)), repr(float(lat))
    with target.open("w", encoding="utf-8", newline="") as f:
        writer = csv.DictWriter(f, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)


@pytest.mark.parametrize("system", ["gcj02", "bd09"])
def test_chinese_datums_are_converted_to_wgs84(tmp_path: Path, system: str) -> None:
    folder = FIXTURES / "folder"
    for name in ("townships.csv", "ferries.csv"):
        _write_shifted(folder / name, tmp_path / name, system)
    outline = gpd.read_file(folder / "boundary.geojson")
    outline.geometry = shapely.transform(
        outline.geometry, lambda xy: np.column_stack(_FORWARD[system](xy[:, 0], xy[:, 1]))
    )
    outline.to_file(tmp_path / "boundary.geojson")
    truth = load_network(folder / "townships.csv")
    net = load_network(tmp_path, coords=system.upper())
    assert _max_error_m(truth, net) < 0.01
    shifted = load_network(tmp_path / "townships.csv")  # read as if WGS-84: hundreds of m off
    assert _max_error_m(truth, shifted) > 300
    (ferry,) = net.ferries
    assert ferry.mainland_lon == pytest.approx(120.12, abs=1e-8)
    assert ferry.island_lat == pytest.approx(26.52, abs=1e-8)
    assert net.boundary.bounds == pytest.approx((119.75, 26.48, 120.30, 27.12), abs=1e-8)


def test_geojson_points_load_like_csv() -> None:
    csv_net = _reference()
    frame = gpd.read_file(FIXTURES / "county.geojson")
    assert len(frame) == len(csv_net)
    net = load_network(FIXTURES / "county.geojson")
    assert net.name == "霞浦县"
    for node in csv_net:
        assert net[node.id] == node


def test_explicit_json_file_is_read_as_geojson(tmp_path: Path) -> None:
    shutil.copy(FIXTURES / "county.geojson", tmp_path / "amap_export.json")
    assert list(load_network(tmp_path / "amap_export.json")) == list(_reference())


def _frame(net: Network) -> gpd.GeoDataFrame:
    rows = [
        {
            "id": n.id,
            "name": n.name,
            "tier": n.tier.value,
            "parent": n.parent or "",
            "population": n.population,
            "poor": int(n.poor),
            "parcels_down": n.parcels_down_per_day,
            "parcels_up": n.parcels_up_per_day,
            "outlets": ";".join(sorted(k.value for k in n.outlets)),
            "island": n.island or "",
            "generated_position": int(n.generated_position),
        }
        for n in net
    ]
    points = gpd.points_from_xy([n.lon for n in net], [n.lat for n in net])
    return gpd.GeoDataFrame(rows, geometry=points, crs="EPSG:4326")


@pytest.mark.filterwarnings("ignore:.*(truncated|laundered):UserWarning")
@pytest.mark.filterwarnings("ignore:.*(truncated|laundered):RuntimeWarning")
@pytest.mark.parametrize("suffix", [".gpkg", ".shp"])
def test_geopackage_and_shapefile_load(tmp_path: Path, suffix: str) -> None:
    truth = _reference()
    path = tmp_path / f"nodes{suffix}"
    _frame(truth).to_file(path)
    net = load_network(path)
    assert net.ids() == truth.ids()
    for node in truth:
        got = net[node.id]
        assert (got.name, got.tier, got.parent, got.population) == (
            node.name,
            node.tier,
            node.parent,
            node.population,
        )
        assert got.parcels_down_per_day == node.parcels_down_per_day  # 'parcels_do' in a .shp
        assert got.generated_position == node.generated_position
        assert got.outlets == node.outlets and got.island == node.island
        assert (got.lon, got.lat) == pytest.approx((node.lon, node.lat), abs=1e-9)


def test_projected_gis_file_is_reprojected(tmp_path: Path) -> None:
    truth = _reference()
    _frame(truth).to_crs("EPSG:4549").to_file(tmp_path / "nodes.gpkg")
    assert _max_error_m(truth, load_network(tmp_path / "nodes.gpkg")) < 0.01


def test_unknown_coordinate_system_and_missing_path() -> None:
    with pytest.raises(InputError, match="field coords: unknown coordinate system 'utm'"):
        load_network(FIXTURES / "county_utf8.csv", coords="utm")
    with pytest.raises(InputError, match=r"nope\.csv: does not exist"):
        load_network(FIXTURES / "nope.csv")
    with pytest.raises(InputError, match="no node files given"):
        load_network([])


def test_duplicate_id_across_files_names_both(tmp_path: Path) -> None:
    shutil.copy(FIXTURES / "county_utf8.csv", tmp_path / "a.csv")
    shutil.copy(FIXTURES / "county_gb18030.csv", tmp_path / "b.csv")
    with pytest.raises(InputError) as caught:
        load_network(tmp_path)
    assert str(caught.value) == "b.csv row 2, field id: id '350921' is already used by a.csv row 2"


def test_boundary_must_be_a_gis_file() -> None:
    with pytest.raises(InputError, match=r"county_gb18030\.csv: a boundary must be a GeoJSON"):
        load_network(FIXTURES / "county_utf8.csv", boundary=FIXTURES / "county_gb18030.csv")


def test_unsupported_suffix_and_empty_folder(tmp_path: Path) -> None:
    (tmp_path / "nodes.docx").write_bytes(b"PK")
    with pytest.raises(InputError, match=r"nodes\.docx: is not a \.csv, \.xlsx, \.geojson"):
        load_network(tmp_path / "nodes.docx")
    with pytest.raises(InputError, match=r"folder has no \.csv"):
        load_network(tmp_path)
    (tmp_path / "nodes.xlsx").write_bytes(b"PK")
    with pytest.raises(InputError, match=r"nodes\.xlsx: cannot be read as an Excel workbook"):
        load_network(tmp_path / "nodes.xlsx")


@pytest.mark.skipif(not (SHARED / "data/county/xiapu").is_dir(), reason="shared data absent")
def test_real_amap_export_loads_after_conversion(tmp_path: Path) -> None:
    """Xiapu's townships as an AMap (GCJ-02) export, with the county's AMap boundary."""
    source = SHARED / "data/county/xiapu"
    with (source / "townships.csv").open(encoding="utf-8") as f:
        townships = [t for t in csv.DictReader(f) if t["lon_gcj02"]]
    header = "id,name,tier,lon,lat,parent,population,poor,parcels_down,parcels_up,kind"
    lines = [header, "350921,霞浦县,county,120.005554,26.8817,,0,0,0,0,county"]
    lines += [
        f"{t['code']},{t['name']},township,{t['lon_gcj02']},{t['lat_gcj02']},350921,0,0,0,0,{t['kind']}"
        for t in townships
    ]
    (tmp_path / "townships.csv").write_text("\n".join(lines) + "\n", encoding="gb18030")
    shutil.copy(source / "boundary_gcj02.geojson", tmp_path / "boundary_gcj02.geojson")
    net = load_network(tmp_path, coords="gcj02")
    assert len(net.townships) == len(townships) == 14
    assert net.crs_hint == "EPSG:4549"
    assert net["350921101"].extra == {"kind": "town"}
    # SOURCES.md: near Xiapu GCJ-02 minus WGS-84 is about +0.0044 lon, -0.0033 lat.
    seat = net["350921001"]
    assert 120.005554 - seat.lon == pytest.approx(0.0044, abs=0.0005)
    assert 26.8817 - seat.lat == pytest.approx(-0.0033, abs=0.0005)
    inside = sum(
        net.boundary.buffer(0.01).covers(shapely.Point(t.lon, t.lat)) for t in net.townships
    )
    assert inside == len(net.townships)


def test_a_folder_leaves_bus_lines_to_routing(tmp_path: Path) -> None:
    """``bus_lines*.csv`` beside the nodes are routing's timetables, not places."""
    nodes = tmp_path / "county"
    nodes.mkdir()
    (nodes / "nodes.csv").write_text(
        "id,name,tier,lon,lat,parent,population,poor,parcels_down,parcels_up\n"
        "C,County,county,120.0,26.9,,0,0,0,0\n",
        encoding="utf-8",
    )
    (nodes / "bus_lines.csv").write_text("line_id,stops\nB1,C;T\n", encoding="utf-8")
    assert load_network(nodes).ids() == ("C",)
