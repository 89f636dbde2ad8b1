"""Build the built-in demo county (霞浦县 Xiapu, 350921) from the shared reference data.

Dev-time only: reads ``../shared/data/county/xiapu`` and writes ``scenarios/data/xiapu/``
(``nodes.csv``, ``ferries.csv``, ``boundary_gcj02.geojson``, ``scenario.toml``). Deterministic:
every random choice comes from a generator seeded with :data:`SEED` and a fixed stream number,
so re-running it reproduces the files byte for byte. Every derivation rule is described in
``scenarios/data/xiapu/SOURCES.md``; the constants below carry the numbers.

Positions are written in GCJ-02, as an AMap export would give them: the loader converts them to
WGS-84 like any user's file. Geometry work happens in WGS-84 projected to CGCS2000 /
3-degree Gauss-Kruger CM 120E (metres).

Usage::

    .venv/bin/python tools/build_demo_county.py [--shared ../shared] [--out scenarios/data/xiapu]
"""

from __future__ import annotations

import argparse
import json
import shutil
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import numpy.typing as npt
import shapely
from shapely.geometry import Point, shape
from shapely.ops import nearest_points

from network import read_csv_rows
from network.coords import gcj02_to_wgs84, wgs84_to_gcj02
from network.estimate import (
    CensusTotals,
    PopulationUnit,
    VillageSite,
    county_crs,
    is_urban,
    largest_remainder,
    parcels_per_day,
    position_class,
    rng,
    township_regions,
)
from network.estimate import allocate_population as estimate_population
from network.estimate import place_villages as estimate_positions
from network.geography import (
    geometry_to_metric,
    to_lonlat,
    to_metric,
)
from routing.build import PARCEL_SIZE
from scenarios.outputs import csv_text

REPO = Path(__file__).resolve().parents[1]
SEED = 350921  # the county's adcode
# Independent random streams, so that changing one rule does not move the others; positions
# (0) and population (1) are network.estimate's own streams.
STREAM_SUPPLY, STREAM_POOR, STREAM_OUTLETS = 2, 3, 4

COUNTY_ID = "350921"
COUNTY_DC_NAME = "霞浦县"  # the county DC; the loader names the network after it

# ---- positions -------------------------------------------------------------------------------
# 松山街道 has no coordinate in any source: its village 沙头村 stands in for the seat.
SONGSHAN_ID, SONGSHAN_PROXY_ID = "350921003", "350921003204"
HAIDAO_ID = "350921205"
# Rings around the seat by NBS class, spacing and coast margin: network.estimate.PlacementRules
# (its defaults are the demo county's rules).


@dataclass(frozen=True)
class Island:
    """An island of 海岛乡: a point on it (GCJ-02) to find its polygon, and its villages."""

    name: str
    lon_gcj: float
    lat_gcj: float
    villages: tuple[str, ...]
    departures_per_day: int


ISLANDS = (
    # the polygon part holding the township seat (11.0 km2)
    Island("西洋岛", 120.060177, 26.50009, ("350921205201", "350921205202", "350921205203"), 4),
    # the largest island of the county (17.5 km2), 4 km off the 长春 peninsula
    Island("浮鹰岛", 120.151, 26.5796, ("350921205205", "350921205206"), 2),
    # the northern island of 四礵列岛 (2.8 km2, 120.34-120.37 E)
    Island("北礵岛", 120.358, 26.6998, ("350921205204",), 1),
)
# A small passenger-and-vehicle ferry: 20 km/h plus 10 min berthing; a van with its driver
# pays a base fare plus a fare per km of sea (estimates, no timetable was found).
FERRY_SPEED_KMH, FERRY_BERTHING_MIN = 20.0, 10.0
FERRY_BASE_YUAN, FERRY_YUAN_PER_KM = 100.0, 15.0
# Every ferry figure is an estimate; the column is kept by the file, ignored by the loader.
FERRY_ESTIMATES = ";".join(
    [
        *("mainland_lon", "mainland_lat", "island_lon", "island_lat", "crossing_min"),
        *("cost_per_trip_yuan", "sea_distance_km", "departures_per_day"),
    ]
)

# ---- population and parcels -------------------------------------------------------------------
# The one upward parcel weight routing uses too; rates per resident: network.estimate.PARCEL_RATES
PARCEL_WEIGHT_KG = PARCEL_SIZE.up_kg
SUPPLY_SPREAD = 0.5  # sigma of the log-normal weights of producing villages


@dataclass(frozen=True)
class Product:
    """County harvest of one product (facts.md 1e) and its share sold in parcels."""

    total_t: float
    season_days: int
    online_share: float
    township_shares: dict[str, float]
    village_share: float = 0.6  # share of eligible villages that produce it


# Township shares by short name (EST: coast and islands for seafood, the inland mountain
# townships for tea and bamboo shoots; see SOURCES.md).
PRODUCTS = {
    "kelp": Product(
        total_t=1_600_000,
        season_days=92,
        online_share=0.001,
        township_shares={
            "长春": 0.25,
            "北壁": 0.2,
            "下浒": 0.2,
            "三沙": 0.1,
            "海岛": 0.1,
            "溪南": 0.1,
            "沙江": 0.05,
        },
    ),
    "laver": Product(
        total_t=100_000,
        season_days=100,
        online_share=0.01,
        township_shares={
            "沙江": 0.25,
            "松山": 0.2,
            "溪南": 0.15,
            "三沙": 0.15,
            "长春": 0.1,
            "牙城": 0.1,
            "盐田": 0.05,
        },
    ),
    "sea_cucumber": Product(
        total_t=102_000,
        season_days=91,
        online_share=0.02,
        township_shares={"下浒": 0.35, "北壁": 0.25, "长春": 0.15, "海岛": 0.15, "溪南": 0.1},
    ),
    "croaker": Product(
        total_t=17_700,
        season_days=365,
        online_share=0.02,
        township_shares={"溪南": 0.4, "盐田": 0.2, "海岛": 0.15, "三沙": 0.15, "北壁": 0.1},
    ),
    "abalone": Product(
        total_t=5_900,
        season_days=122,
        online_share=0.03,
        township_shares={"北壁": 0.3, "海岛": 0.3, "三沙": 0.2, "下浒": 0.2},
    ),
    "tea": Product(
        total_t=5_000,
        season_days=45,
        online_share=0.05,
        township_shares={"崇儒": 0.3, "柏洋": 0.3, "水门": 0.25, "盐田": 0.1, "牙城": 0.05},
    ),
    "bamboo_shoot": Product(
        total_t=5_000,
        season_days=61,
        online_share=0.02,
        township_shares={"柏洋": 0.35, "崇儒": 0.35, "水门": 0.2, "盐田": 0.1},
    ),
    # rice: every mainland township outside the city, in proportion to its rural population
    "rice": Product(
        total_t=30_000, season_days=60, online_share=0.01, township_shares={}, village_share=0.8
    ),
}
RICE_EXCLUDED = {"松城", "海岛"}

# ---- poor villages and outlets ----------------------------------------------------------------
POOR_SHARE = 0.15
POOR_WEIGHT_BY_KIND = {"ethnic_township": 3.0, "township": 2.0, "town": 1.0, "subdistrict": 0.5}
MOUNTAIN_TOWNSHIPS = {"350921203"}  # 柏洋乡: inland mountain township, weighted like ethnic ones
# Probability of each outlet kind in a unit, by class (seats are handled by rule, not chance).
OUTLET_ODDS = {
    "urban": {"shop": 0.9, "express": 0.5, "coop": 0.05},
    "fringe": {"shop": 0.8, "express": 0.3, "coop": 0.08},
    "centre": {"shop": 0.9, "express": 0.3, "coop": 0.1},
    "rural": {"shop": 0.55, "express": 0.03, "coop": 0.08},
}

FloatArray = npt.NDArray[np.float64]


@dataclass
class Township:
    """A township row of the source (a working record: the build fills in what is missing)."""

    code: str
    name: str
    short_name: str
    kind: str
    lon_gcj: float | None
    lat_gcj: float | None


@dataclass
class Village:
    """A village row of the source and what the build derives for it, step by step."""

    code: str
    name: str
    short_name: str
    kind: str
    township: str
    ur_code: str
    lon_gcj: float | None
    lat_gcj: float | None
    # derived below
    generated: bool = False
    reported: bool = False  # population and households from population_reported.csv
    island: str = ""
    population: int = 0
    households: int = 0
    poor: bool = False
    supply_kg: dict[str, int] = field(default_factory=dict)
    outlets: list[str] = field(default_factory=list)

    @property
    def band(self) -> str:
        """The unit's class: urban core, fringe, township centre or rural village."""
        return position_class(self.ur_code, community=self.kind == "community")

    @property
    def urban(self) -> bool:
        """Urban in the census sense (NBS class 1xx); new communities without a code count too."""
        return is_urban(self.ur_code, community=self.kind == "community")


def _float_or_none(text: str) -> float | None:
    return float(text) if text else None


def read_townships(src: Path) -> list[Township]:
    return [
        Township(
            r["code"],
            r["name"],
            r["short_name"],
            r["kind"],
            _float_or_none(r["lon_gcj02"]),
            _float_or_none(r["lat_gcj02"]),
        )
        for r in read_csv_rows(src / "townships.csv")
    ]


def read_villages(src: Path) -> list[Village]:
    return [
        Village(
            r["code"],
            r["name"],
            r["short_name"],
            r["kind"],
            r["township_code"],
            r["ur_code_2016"],
            _float_or_none(r["lon_gcj02"]),
            _float_or_none(r["lat_gcj02"]),
        )
        for r in read_csv_rows(src / "villages.csv")
    ]


# ---- geometry ---------------------------------------------------------------------------------
@dataclass(frozen=True)
class Land:
    """The county outline in WGS-84 and the metric CRS the estimates use for it."""

    crs: Any
    boundary_wgs: Any


def _gcj_geometry_to_wgs(geometry: Any) -> Any:
    return shapely.transform(
        geometry, lambda xy: np.column_stack(gcj02_to_wgs84(xy[:, 0], xy[:, 1]))
    )


def read_land(src: Path) -> Land:
    """The county polygon (GCJ-02 file) in WGS-84, and its metric CRS."""
    collection = json.loads((src / "boundary_gcj02.geojson").read_text(encoding="utf-8"))
    boundary_wgs = _gcj_geometry_to_wgs(shape(collection["features"][0]["geometry"]))
    return Land(county_crs(boundary_wgs), boundary_wgs)


def _wgs(lon_gcj: float | None, lat_gcj: float | None) -> tuple[float, float]:
    lon, lat = gcj02_to_wgs84(np.array([lon_gcj]), np.array([lat_gcj]))
    return float(lon[0]), float(lat[0])


def _to_gcj(points: Sequence[tuple[float, float]]) -> list[tuple[float, float]]:
    """WGS-84 points to GCJ-02 lon/lat rounded to 6 decimals (about 0.1 m), as AMap gives them."""
    lon, lat = wgs84_to_gcj02(np.array([p[0] for p in points]), np.array([p[1] for p in points]))
    return [(round(float(a), 6), round(float(b), 6)) for a, b in zip(lon, lat, strict=True)]


def _metric_to_gcj(points: Sequence[tuple[float, float]], crs: Any) -> list[tuple[float, float]]:
    x, y = np.asarray(points, dtype=np.float64).reshape(-1, 2).T
    lon, lat = to_lonlat(x, y, crs)
    return _to_gcj(list(zip(lon.tolist(), lat.tolist(), strict=True)))


# ---- positions --------------------------------------------------------------------------------
def place_townships(townships: list[Township], villages: list[Village]) -> None:
    """松山街道 takes its village 沙头村's position (no coordinate for it exists)."""
    proxy = next(v for v in villages if v.code == SONGSHAN_PROXY_ID)
    for t in townships:
        if t.code == SONGSHAN_ID and t.lon_gcj is None:
            t.lon_gcj, t.lat_gcj = proxy.lon_gcj, proxy.lat_gcj
    missing = [t.name for t in townships if t.lon_gcj is None]
    if missing:
        raise RuntimeError(f"townships without a position: {missing}")


def _seats(townships: list[Township]) -> dict[str, tuple[float, float]]:
    return {t.code: _wgs(t.lon_gcj, t.lat_gcj) for t in townships}


def _island_of(village: Village) -> Island | None:
    return next((i for i in ISLANDS if village.code in i.villages), None)


def place_villages(townships: list[Township], villages: list[Village], land: Land) -> None:
    """Generate the missing village positions inside their township (network.estimate)."""
    sites = []
    for village in villages:
        island = _island_of(village)
        village.island = "" if island is None else island.name
        known = village.lon_gcj is not None
        sites.append(
            VillageSite(
                village.code,
                village.township,
                village.band,
                _wgs(village.lon_gcj, village.lat_gcj) if known else None,
                None if island is None else island.name,
            )
        )
    generated = estimate_positions(
        _seats(townships),
        sites,
        land.boundary_wgs,
        seed=SEED,
        islands={i.name: _wgs(i.lon_gcj, i.lat_gcj) for i in ISLANDS},
    )
    placed = [v for v in villages if v.code in generated]
    for village, (lon, lat) in zip(
        placed, _to_gcj([generated[v.code] for v in placed]), strict=True
    ):
        village.lon_gcj, village.lat_gcj = lon, lat
        village.generated = True


# ---- population -------------------------------------------------------------------------------
@dataclass(frozen=True)
class Census:
    """County totals of the 2020 census (county_census.csv)."""

    population: int
    urban: int
    rural: int
    households: int


def read_census(src: Path) -> Census:
    row = next(
        r for r in read_csv_rows(src / "county_census.csv") if r["census"].startswith("2020")
    )
    return Census(
        int(row["resident_population"]),
        int(row["urban_population"]),
        int(row["rural_population"]),
        int(row["family_households"]),
    )


def read_reported(src: Path) -> tuple[dict[str, int], dict[str, tuple[int, int]]]:
    """Township anchors (resident, else basis-unknown total); villages' (population, households)."""
    rows = read_csv_rows(src / "population_reported.csv")
    preference = {"resident_population": 0, "total_population": 1}
    townships: dict[str, tuple[int, int]] = {}
    for r in rows:
        rank = preference.get(r["metric"])
        if r["level"] != "township" or rank is None:
            continue
        if r["code"] not in townships or rank < townships[r["code"]][0]:
            townships[r["code"]] = (rank, int(r["value"]))
    per_village: dict[str, dict[str, int]] = {}
    for r in rows:
        if r["level"] == "village":
            per_village.setdefault(r["code"], {})[r["metric"]] = int(r["value"])
    villages = {
        code: (m["total_population"], m["households"])
        for code, m in per_village.items()
        if {"total_population", "households"} <= m.keys()
    }
    return {code: value for code, (_, value) in townships.items()}, villages


def allocate_population(
    townships: list[Township], villages: list[Village], census: Census, src: Path
) -> None:
    """Population and households of every village-level unit (network.estimate; SOURCES.md)."""
    anchors, reported = read_reported(src)
    units = [
        PopulationUnit(
            v.code,
            v.township,
            v.urban,
            *reported.get(v.code, (None, None)),
        )
        for v in villages
    ]
    totals = CensusTotals(census.population, census.households, census.urban, census.rural)
    allocation = estimate_population(
        [t.code for t in townships], units, totals, seed=SEED, township_anchors=anchors
    )
    for v in villages:
        v.population = allocation.population[v.code]
        v.households = allocation.households[v.code]
        v.reported = v.code in reported


# ---- fresh-product supply and parcels ---------------------------------------------------------
def _product_townships(
    product: Product, townships: list[Township], villages: list[Village]
) -> dict[str, float]:
    """Township code -> share of the county's harvest (rice: by rural population)."""
    by_short = {t.short_name: t.code for t in townships}
    if product.township_shares:
        return {by_short[name]: share for name, share in product.township_shares.items()}
    rural = {
        t.code: sum(v.population for v in villages if v.township == t.code and not v.urban)
        for t in townships
        if t.short_name not in RICE_EXCLUDED
    }
    total = sum(rural.values())
    return {code: n / total for code, n in rural.items()}


def allocate_supply(townships: list[Township], villages: list[Village]) -> None:
    """In-season kg/day of each product in the villages that produce it (see SOURCES.md)."""
    generator = rng(SEED, STREAM_SUPPLY)
    for name, product in PRODUCTS.items():
        daily_kg = product.total_t * 1000.0 / product.season_days
        for code, share in _product_townships(product, townships, villages).items():
            eligible = [v for v in villages if v.township == code and v.kind == "village"]
            k = int(np.ceil(product.village_share * len(eligible)))
            chosen = sorted(generator.choice(len(eligible), size=k, replace=False).tolist())
            weights = generator.lognormal(0.0, SUPPLY_SPREAD, size=k)
            for i, kg in zip(
                chosen, largest_remainder(weights, round(share * daily_kg)), strict=True
            ):
                if kg > 0:
                    eligible[i].supply_kg[name] = int(kg)


def parcels_down(village: Village) -> float:
    return parcels_per_day(village.population, urban=village.urban)[0]


def parcels_up(village: Village) -> float:
    """Base sending rate per person plus the share of the harvest sold in parcels (year average)."""
    product_parcels = sum(
        kg * PRODUCTS[name].season_days / 365.0 * PRODUCTS[name].online_share / PARCEL_WEIGHT_KG
        for name, kg in village.supply_kg.items()
    )
    return parcels_per_day(village.population, urban=village.urban, extra_up=product_parcels)[1]


# ---- registered-poor villages and outlets -----------------------------------------------------
def choose_poor(townships: list[Township], villages: list[Village]) -> None:
    """About 15 % of village committees, weighted to mountain and ethnic townships (synthetic)."""
    kind = {
        t.code: "ethnic_township" if t.code in MOUNTAIN_TOWNSHIPS else t.kind for t in townships
    }
    candidates = [v for v in villages if v.kind == "village"]
    weights = np.array(
        [
            POOR_WEIGHT_BY_KIND[kind[v.township]] * (1.0 if v.band == "rural" else 0.5)
            for v in candidates
        ]
    )
    k = round(POOR_SHARE * len(candidates))
    for i in rng(SEED, STREAM_POOR).choice(
        len(candidates), size=k, replace=False, p=weights / weights.sum()
    ):
        candidates[int(i)].poor = True


def seat_outlets(township: Township) -> list[str]:
    """Post office and co-op at every seat; an express outlet in towns and subdistricts."""
    express = ["express"] if township.kind in {"town", "subdistrict"} else []
    return ["post_office", "coop", *express]


def choose_outlets(villages: list[Village]) -> None:
    """Village shops, co-op and express outlets drawn by unit class (synthetic)."""
    generator = rng(SEED, STREAM_OUTLETS)
    for village in villages:
        odds = OUTLET_ODDS[village.band]
        draws = generator.random(len(odds))
        village.outlets = [
            k for k, u in zip(("coop", "express", "shop"), draws, strict=True) if u < odds[k]
        ]


# ---- output -----------------------------------------------------------------------------------
NODE_COLUMNS = [
    *("id", "name", "tier", "lon", "lat", "parent", "population", "households", "poor"),
    *("parcels_down", "parcels_up", "outlets", "island", "generated_position", "estimated"),
    *("kind", "short_name", "ur_code_2016"),
    *(f"supply_{name}_kg" for name in PRODUCTS),
]
VILLAGE_ESTIMATES = ("population", "households", "poor", "parcels_down", "parcels_up", "outlets")
SCENARIO_TOML = """\
# The built-in demo county: 霞浦县 Xiapu (Ningde, Fujian), built by tools/build_demo_county.py.
# Positions are GCJ-02, as exported from AMap; the loader converts them to WGS-84.
[network]
nodes = "nodes.csv"
coords = "gcj02"
ferries = "ferries.csv"
boundary = "boundary_gcj02.geojson"
"""


def scenario_toml() -> str:
    """The demo scenario; ``[coldchain] supply_season_days`` states the season lengths the
    supply columns were averaged over, so the cold chain keeps the yearly totals;
    ``[routing.bus]`` names the example timetable."""
    days = ", ".join(f"{name} = {p.season_days}" for name, p in PRODUCTS.items())
    return f"{SCENARIO_TOML}\n[coldchain]\nsupply_season_days = {{ {days} }}\n{BUS_TOML}"


#: The example timetable (tools/build_demo_bus_lines.py) named, so the demo shows the bus plan.
BUS_TOML = """
# The example bus timetable (an estimate: scenarios/data/xiapu/SOURCES.md): parcels ride these
# rural passenger buses where that costs less than the vans (README "Bus lines").
[routing.bus]
lines = "bus_lines.csv"
"""


def _row(**values: Any) -> dict[str, str]:
    return {column: str(values.get(column, "")) for column in NODE_COLUMNS}


def node_rows(
    townships: list[Township], villages: list[Village], county_gcj: Sequence[float]
) -> list[dict[str, str]]:
    """The county DC, the townships and the villages, in that order."""
    rows = [
        _row(
            id=COUNTY_ID,
            name=COUNTY_DC_NAME,
            tier="county",
            lon=f"{county_gcj[0]:.6f}",
            lat=f"{county_gcj[1]:.6f}",
            population=0,
            households=0,
            poor=0,
            parcels_down="0.0",
            parcels_up="0.0",
            generated_position=0,
            estimated="lon;lat",
            kind="county_dc",
        )
    ]
    for t in townships:
        proxy = t.code == SONGSHAN_ID
        rows.append(
            _row(
                id=t.code,
                name=t.name,
                tier="township",
                lon=f"{t.lon_gcj:.6f}",
                lat=f"{t.lat_gcj:.6f}",
                parent=COUNTY_ID,
                population=0,
                households=0,
                poor=0,
                parcels_down="0.0",
                parcels_up="0.0",
                outlets=";".join(seat_outlets(t)),
                island=ISLANDS[0].name if t.code == HAIDAO_ID else "",
                generated_position=int(proxy),
                estimated="lon;lat;outlets" if proxy else "outlets",
                kind=t.kind,
                short_name=t.short_name,
            )
        )
    rows.extend(_village_row(v) for v in villages)
    return rows


def _village_row(v: Village) -> dict[str, str]:
    estimated = list(VILLAGE_ESTIMATES)
    if v.reported:
        estimated = [e for e in estimated if e not in {"population", "households"}]
    estimated += ["lon", "lat"] if v.generated else []
    estimated += ["island"] if v.island else []
    estimated += [f"supply_{name}_kg" for name in PRODUCTS if name in v.supply_kg]
    supply = {f"supply_{name}_kg": kg for name, kg in v.supply_kg.items()}
    return _row(
        id=v.code,
        name=v.name,
        tier="village",
        lon=f"{v.lon_gcj:.6f}",
        lat=f"{v.lat_gcj:.6f}",
        parent=v.township,
        population=v.population,
        households=v.households,
        poor=int(v.poor),
        parcels_down=f"{parcels_down(v):.1f}",
        parcels_up=f"{parcels_up(v):.1f}",
        outlets=";".join(v.outlets),
        island=v.island,
        generated_position=int(v.generated),
        estimated=";".join(estimated),
        kind=v.kind,
        short_name=v.short_name,
        ur_code_2016=v.ur_code,
        **supply,
    )


def _land_masses(land: Land) -> tuple[Any, dict[str, Any]]:
    """The mainland (the largest part of the outline) and each island of 海岛乡, in metres."""
    parts = sorted(
        shapely.get_parts(geometry_to_metric(land.boundary_wgs, land.crs)), key=lambda p: -p.area
    )
    islands = {}
    for island in ISLANDS:
        x, y = to_metric(
            *gcj02_to_wgs84(np.array([island.lon_gcj]), np.array([island.lat_gcj])), land.crs
        )
        islands[island.name] = next(p for p in parts if p.contains(Point(x[0], y[0])))
    return parts[0], islands


def ferry_rows(townships: list[Township], land: Land) -> list[dict[str, str]]:
    """One sea leg per island of 海岛乡, from the nearest point of the mainland coast."""
    regions = township_regions(_seats(townships), land.boundary_wgs)
    mainland_m, islands_m = _land_masses(land)
    short = {t.code: t.short_name for t in townships}
    rows = []
    for island in ISLANDS:
        pier_main, pier_island = nearest_points(mainland_m, islands_m[island.name])
        sea_km = pier_main.distance(pier_island) / 1000.0
        town = min(regions, key=lambda code: regions[code].distance(pier_main))
        (mlon, mlat), (ilon, ilat) = _metric_to_gcj(
            [(pier_main.x, pier_main.y), (pier_island.x, pier_island.y)], land.crs
        )
        rows.append(
            {
                "name": f"{short[town]}—{island.name}",
                "island": island.name,
                "mainland_lon": f"{mlon:.6f}",
                "mainland_lat": f"{mlat:.6f}",
                "island_lon": f"{ilon:.6f}",
                "island_lat": f"{ilat:.6f}",
                "crossing_min": f"{sea_km / FERRY_SPEED_KMH * 60.0 + FERRY_BERTHING_MIN:.0f}",
                "cost_per_trip_yuan": f"{FERRY_BASE_YUAN + FERRY_YUAN_PER_KM * sea_km:.0f}",
                "sea_distance_km": f"{sea_km:.2f}",
                "departures_per_day": str(island.departures_per_day),
                "estimated": FERRY_ESTIMATES,
            }
        )
    return rows


def build(shared: Path, out: Path) -> dict[str, float]:
    """Write the demo county into ``out``; return its headline totals."""
    src = shared / "data" / "county" / "xiapu"
    townships, villages = read_townships(src), read_villages(src)
    land = read_land(src)
    place_townships(townships, villages)
    place_villages(townships, villages, land)
    allocate_population(townships, villages, read_census(src), src)
    allocate_supply(townships, villages)
    choose_poor(townships, villages)
    choose_outlets(villages)
    boundary = json.loads((src / "boundary_gcj02.geojson").read_text(encoding="utf-8"))
    rows = node_rows(townships, villages, boundary["features"][0]["properties"]["center_gcj02"])
    out.mkdir(parents=True, exist_ok=True)
    (out / "nodes.csv").write_text(csv_text(rows), encoding="utf-8", newline="")
    (out / "ferries.csv").write_text(
        csv_text(ferry_rows(townships, land)), encoding="utf-8", newline=""
    )
    (out / "scenario.toml").write_text(scenario_toml(), encoding="utf-8", newline="")
    shutil.copyfile(src / "boundary_gcj02.geojson", out / "boundary_gcj02.geojson")
    return {
        "villages": len(villages),
        "generated_positions": sum(v.generated for v in villages),
        "population": sum(v.population for v in villages),
        "households": sum(v.households for v in villages),
        "poor_villages": sum(v.poor for v in villages),
        "parcels_down_per_day": round(sum(parcels_down(v) for v in villages), 1),
        "parcels_up_per_day": round(sum(parcels_up(v) for v in villages), 1),
    }


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--shared", type=Path, default=REPO.parent / "shared")
    parser.add_argument("--out", type=Path, default=REPO / "scenarios" / "data" / "xiapu")
    args = parser.parse_args(argv)
    for key, value in build(args.shared, args.out).items():
        print(f"{key}: {value}")


if __name__ == "__main__":
    main()
