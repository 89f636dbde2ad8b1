"""Estimates for what a county's own lists lack: village positions, population, parcels.

A county office usually has its official township and village lists (NBS codes and names), a
few AMap points, the county outline and census totals, and nothing on parcels. This module
fills the gaps, reproducibly (every random choice takes ``seed``; each rule has its own
stream so that changing one rule does not move the others), and says what it filled:

* :func:`place_villages` — a position for each village without one, inside its township's
  area: the Voronoi cell of the township seats clipped to the county outline (no township
  boundaries are published), on the land mass of the seat, in a ring around the seat that
  depends on the unit's urban-rural class, at least ``min_spacing_m`` from every other place.
* :func:`allocate_population` — residents and households of every unit from the census
  totals: per township by unit counts (reported township figures kept), then within a
  township by seeded log-normal weights, rounded so the totals add up exactly.
* :func:`parcels_per_day` — parcels down/up per day from per-capita rates
  (:data:`PARCEL_RATES`, ``domain/facts.md`` 3a).

Outlets and registered-poor flags are never invented here: unknown outlets mean none, and an
unknown poor flag stays unknown, so the poor-village target reports "no data".

Positions are WGS-84 lon/lat in and out; geometry is computed in the county's metric CRS.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import numpy.typing as npt
import pyproj
import shapely
from shapely.geometry import Point

from network.errors import InputError
from network.geography import geometry_to_metric, metric_crs, to_lonlat, to_metric
from network.geography import township_cells as _township_cells
from network.model import Network, Node, Tier
from network.texts import Message
from network.units import is_urban_class

FloatArray = npt.NDArray[np.float64]
IntArray = npt.NDArray[np.int64]
LonLat = tuple[float, float]

STREAM_POSITIONS, STREAM_POPULATION = 0, 1
"""Random streams of the library's rules (``default_rng([seed, stream])``); callers adding
their own rules (the demo's synthetic supply, poor flags, outlets) use streams from 2 on."""


@dataclass(frozen=True)
class PlacementRules:
    """How generated village positions are drawn (distances in km and m).

    ``bands_km`` maps a unit's class (:func:`position_class`) to the ring around its
    township seat; 10.5 km, the rural ring's outer radius, is the largest village-to-seat
    distance observed in the demo county's AMap points.
    """

    bands_km: Mapping[str, tuple[float, float]] = field(
        default_factory=lambda: {
            "urban": (0.2, 2.0),
            "fringe": (1.0, 4.0),
            "centre": (0.2, 1.5),
            "rural": (1.5, 10.5),
        }
    )
    island_band_km: tuple[float, float] = (0.0, 3.0)
    min_spacing_m: float = 400.0
    land_margin_m: float = 200.0  # inside the coastline (islands: half of it)
    max_tries: int = 5000


DEFAULT_RULES = PlacementRules()


@dataclass(frozen=True)
class VillageSite:
    """What placement needs of one village-level unit.

    Attributes:
        id: the unit's id (NBS code).
        township: its township's id.
        position_class: ``urban``, ``fringe``, ``centre`` or ``rural`` (:func:`position_class`).
        lonlat: its WGS-84 position when known, else None (to be generated).
        island: the name of an island (a key of ``islands`` in :func:`place_villages`) it is
            on, or None.
    """

    id: str
    township: str
    position_class: str
    lonlat: LonLat | None = None
    island: str | None = None


def position_class(ur_code: str, *, community: bool) -> str:
    """The ring class of a unit from its NBS urban-rural code (111/112/121 urban core,
    122/123 fringe, 210 township centre, else rural); a community without a code is urban."""
    code = ur_code.strip()
    if code in {"111", "112", "121"} or (not code and community):
        return "urban"
    if code in {"122", "123"}:
        return "fringe"
    return "centre" if code == "210" else "rural"


def rng(seed: int, stream: int) -> np.random.Generator:
    """The generator of one rule: ``default_rng([seed, stream])``."""
    return np.random.default_rng([seed, stream])


@dataclass(frozen=True)
class _Land:
    crs: pyproj.CRS
    parts_m: tuple[Any, ...]  # largest first


def _land(boundary_wgs: Any) -> _Land:
    crs = metric_crs(*boundary_wgs.representative_point().coords[0])
    parts = sorted(shapely.get_parts(geometry_to_metric(boundary_wgs, crs)), key=lambda p: -p.area)
    return _Land(crs, tuple(parts))


def _xy(points: Sequence[LonLat], crs: pyproj.CRS) -> list[tuple[float, float]]:
    if not points:
        return []
    x, y = to_metric([p[0] for p in points], [p[1] for p in points], crs)
    return list(zip(x.tolist(), y.tolist(), strict=True))


def township_regions(
    seats: Mapping[str, LonLat], boundary_wgs: Any, *, margin_m: float = 200.0
) -> dict[str, Any]:
    """Where each township's generated villages may go, in metres (the CRS of
    :func:`county_crs`): its Voronoi cell on the land mass holding its seat (the largest
    one when the seat lies on none), ``margin_m`` inside the coast."""
    land = _land(boundary_wgs)
    return _regions(seats, boundary_wgs, land, margin_m)


def county_crs(boundary_wgs: Any) -> pyproj.CRS:
    """The metric CRS estimates use for a county outline."""
    return _land(boundary_wgs).crs


def _regions(
    seats: Mapping[str, LonLat], boundary_wgs: Any, land: _Land, margin_m: float
) -> dict[str, Any]:
    network = Network(
        [Node(code, code, Tier.TOWNSHIP, lon, lat) for code, (lon, lat) in seats.items()],
        boundary=boundary_wgs,
        crs_hint=land.crs.to_string(),
    )
    cells = _township_cells(network, crs=land.crs, metric=True)
    shrunk: dict[int, Any] = {}
    seat_xy = dict(zip(seats, _xy(list(seats.values()), land.crs), strict=True))
    regions = {}
    for code, cell in cells.items():
        holding = next(
            (k for k, p in enumerate(land.parts_m) if p.contains(Point(seat_xy[code]))), 0
        )
        if holding not in shrunk:
            shrunk[holding] = land.parts_m[holding].buffer(-margin_m)
        regions[code] = cell.intersection(shrunk[holding])
    return regions


def _island_parts(islands: Mapping[str, LonLat], land: _Land) -> dict[str, Any]:
    parts = {}
    for name, (x, y) in zip(islands, _xy(list(islands.values()), land.crs), strict=True):
        holding = [p for p in land.parts_m if p.contains(Point(x, y))]
        if len(holding) != 1:
            raise InputError(
                Message("the reference point of island {name!r} is not on the outline", name=name)
            )
        parts[name] = holding[0]
    return parts


def _sample_ring(
    generator: np.random.Generator,
    centre: tuple[float, float],
    band_km: tuple[float, float],
    region: Any,
    taken: list[tuple[float, float]],
    rules: PlacementRules,
) -> tuple[float, float] | None:
    """A point uniform in area over the ring around ``centre``, in ``region``, off the others."""
    r0, r1 = band_km[0] * 1000.0, band_km[1] * 1000.0
    spots = np.asarray(taken)
    for _ in range(rules.max_tries):
        radius = float(np.sqrt(generator.uniform(r0 * r0, r1 * r1)))
        angle = float(generator.uniform(0.0, 2.0 * np.pi))
        x, y = centre[0] + radius * np.cos(angle), centre[1] + radius * np.sin(angle)
        if not shapely.contains_xy(region, x, y):
            continue
        if len(spots) and np.min(np.hypot(spots[:, 0] - x, spots[:, 1] - y)) < rules.min_spacing_m:
            continue
        return float(x), float(y)
    return None


def _sample_region(
    generator: np.random.Generator,
    region: Any,
    taken: list[tuple[float, float]],
    rules: PlacementRules,
) -> tuple[float, float] | None:
    """Fallback for a small or oddly shaped area: uniform over the region itself, the
    spacing halved at each of three rounds."""
    if region.is_empty:
        return None
    min_x, min_y, max_x, max_y = region.bounds
    spots = np.asarray(taken)
    spacing = rules.min_spacing_m
    for _ in range(3):
        for _ in range(rules.max_tries):
            x = float(generator.uniform(min_x, max_x))
            y = float(generator.uniform(min_y, max_y))
            if not shapely.contains_xy(region, x, y):
                continue
            if len(spots) and np.min(np.hypot(spots[:, 0] - x, spots[:, 1] - y)) < spacing:
                continue
            return x, y
        spacing /= 2.0
    return None


def place_villages(
    seats: Mapping[str, LonLat],
    villages: Sequence[VillageSite],
    boundary_wgs: Any,
    *,
    seed: int,
    islands: Mapping[str, LonLat] | None = None,
    rules: PlacementRules = DEFAULT_RULES,
) -> dict[str, LonLat]:
    """Generated WGS-84 positions of the villages without one: village id -> (lon, lat).

    Args:
        seats: township id -> seat position (WGS-84).
        villages: every village-level unit, in input order (known positions are kept and
            kept clear of).
        boundary_wgs: the county outline (shapely, WGS-84).
        seed: the seed; the same inputs and seed give the same positions.
        islands: island name -> a point on it (WGS-84); villages naming an island are put on
            that land mass (``land_margin_m / 2`` inside its coast), near the seat when the
            seat is on it, else around the island's middle.
        rules: rings, spacing and margins.

    Raises:
        InputError: a village's township has no seat, or no room is left in its area.
    """
    land = _land(boundary_wgs)
    regions = _regions(seats, boundary_wgs, land, rules.land_margin_m)
    island_parts = _island_parts(islands or {}, land)
    seats_m = dict(zip(seats, _xy(list(seats.values()), land.crs), strict=True))
    known = [v for v in villages if v.lonlat is not None]
    taken = list(seats_m.values()) + _xy([v.lonlat for v in known if v.lonlat], land.crs)
    generator = rng(seed, STREAM_POSITIONS)
    placed: list[VillageSite] = []
    for village in villages:
        if village.lonlat is not None:
            continue
        if village.township not in seats_m:
            raise InputError(
                Message(
                    "village {id}: township {township!r} has no seat position",
                    id=village.id,
                    township=village.township,
                ),
                field="parent",
            )
        centre, band, region = _site(village, seats_m, regions, island_parts, rules)
        point = _sample_ring(generator, centre, band, region, taken, rules)
        if point is None:
            point = _sample_region(generator, region, taken, rules)
        if point is None:
            raise InputError(
                Message(
                    "no room to place village {id} in township {township}'s area",
                    id=village.id,
                    township=village.township,
                ),
                field="lon/lat",
            )
        taken.append(point)
        placed.append(village)
    if not placed:
        return {}
    x, y = np.asarray(taken[-len(placed) :], dtype=np.float64).reshape(-1, 2).T
    lon, lat = to_lonlat(x, y, land.crs)
    return {v.id: (float(a), float(b)) for v, a, b in zip(placed, lon, lat, strict=True)}


def _site(
    village: VillageSite,
    seats_m: Mapping[str, tuple[float, float]],
    regions: Mapping[str, Any],
    island_parts: Mapping[str, Any],
    rules: PlacementRules,
) -> tuple[tuple[float, float], tuple[float, float], Any]:
    band = rules.bands_km.get(village.position_class, rules.bands_km["rural"])
    seat = seats_m[village.township]
    if village.island is None or village.island not in island_parts:
        return seat, band, regions[village.township]
    region = island_parts[village.island].buffer(-rules.land_margin_m / 2)
    if region.contains(Point(seat)):
        return seat, band, region
    centre = region.representative_point()
    return (centre.x, centre.y), rules.island_band_km, region


# ---- population -------------------------------------------------------------------------------
@dataclass(frozen=True)
class CensusTotals:
    """County totals of a census: residents, households and (when known) the urban/rural split.

    ``urban + rural`` must equal ``population`` when both are given.
    """

    population: int
    households: int | None = None
    urban: int | None = None
    rural: int | None = None

    def __post_init__(self) -> None:
        if self.population <= 0:
            raise InputError(
                Message(
                    "census population {population} must be positive", population=self.population
                )
            )
        if (self.urban is None) != (self.rural is None):
            raise InputError(Message("census: give both urban and rural population, or neither"))
        if (
            self.urban is not None
            and self.rural is not None
            and (self.urban < 0 or self.rural < 0 or self.urban + self.rural != self.population)
        ):
            raise InputError(
                Message(
                    "census: urban {urban} + rural {rural} is not the population {population}",
                    urban=self.urban,
                    rural=self.rural,
                    population=self.population,
                )
            )


@dataclass(frozen=True)
class PopulationUnit:
    """A village-level unit for population allocation: its township, whether it is urban
    in the census sense (NBS class 1xx, or a community without a class), and known figures."""

    id: str
    township: str
    urban: bool
    population: int | None = None
    households: int | None = None


def is_urban(ur_code: str, *, community: bool) -> bool:
    """Urban in the census sense: NBS class 1xx; a community without a class counts too."""
    return is_urban_class(ur_code) or (not ur_code.strip() and community)


def largest_remainder(weights: FloatArray, total: int) -> IntArray:
    """Integers proportional to ``weights`` that sum exactly to ``total`` (Hamilton's method)."""
    exact = weights / weights.sum() * total
    floor: IntArray = np.floor(exact).astype(np.int64)
    order = np.argsort(-(exact - floor), kind="stable")
    floor[order[: total - int(floor.sum())]] += 1
    return floor


def _classes(census: CensusTotals) -> tuple[bool, ...]:
    return (True, False) if census.urban is not None else (False,)


def _class_of(unit: PopulationUnit, census: CensusTotals) -> int:
    return 0 if (census.urban is not None and unit.urban) else (len(_classes(census)) - 1)


def township_populations(
    townships: Sequence[str],
    units: Sequence[PopulationUnit],
    census: CensusTotals,
    anchors: Mapping[str, int],
) -> IntArray:
    """Residents per township (rows) and class (urban, rural; one column without the split):
    census totals by unit counts, reported township figures (``anchors``) kept, the rest
    rescaled so each census column still adds up."""
    index = {code: i for i, code in enumerate(townships)}
    classes = _classes(census)
    counts = np.zeros((len(townships), len(classes)))
    for unit in units:
        counts[index[unit.township], _class_of(unit, census)] += 1
    if census.urban is not None and census.rural is not None:
        totals = np.array([census.urban, census.rural], dtype=np.float64)
    else:
        totals = np.array([census.population], dtype=np.float64)
    table = counts * totals / np.maximum(counts.sum(axis=0), 1)
    fixed = np.array([code in anchors for code in townships])
    for i, code in enumerate(townships):
        if fixed[i] and table[i].sum() > 0:
            table[i] *= anchors[code] / table[i].sum()
    rest = totals - table[fixed].sum(axis=0)
    if np.any(rest < 0) or (np.any(rest == 0) and (~fixed).any()):
        raise InputError(
            Message("reported township populations exceed a census total"), field="census"
        )
    free = table[~fixed].sum(axis=0)
    table[~fixed] *= np.divide(rest, free, out=np.zeros_like(rest), where=free > 0)
    return np.column_stack(
        [
            largest_remainder(table[:, c], int(totals[c]))
            if table[:, c].sum() > 0
            else np.zeros(len(townships), dtype=np.int64)
            for c in range(len(classes))
        ]
    )


@dataclass(frozen=True)
class Allocation:
    """Residents and households per unit id, and which of them are estimates."""

    population: Mapping[str, int]
    households: Mapping[str, int]
    estimated_population: frozenset[str]
    estimated_households: frozenset[str]


def allocate_population(
    townships: Sequence[str],
    units: Sequence[PopulationUnit],
    census: CensusTotals,
    *,
    seed: int,
    township_anchors: Mapping[str, int] | None = None,
    spread: float = 0.35,
) -> Allocation:
    """Residents and households of every unit from the census totals.

    Units with a known population keep it (and their township's cell is reduced by it);
    the others share what is left of their township x class cell by seeded log-normal
    weights (sigma ``spread``), rounded by largest remainder, so every total is exact.
    Households: units with known households keep them; the census households left are
    split in proportion to population (without a census household total, by the county's
    persons per household is not known, so households stay unknown for those units).
    """
    anchors = dict(township_anchors or {})
    table = township_populations(townships, units, census, anchors)
    generator = rng(seed, STREAM_POPULATION)
    population: dict[str, int] = {}
    estimated: set[str] = set()
    for i, code in enumerate(townships):
        for column, urban in enumerate(_classes(census)):
            cell = [
                u
                for u in units
                if u.township == code and (len(_classes(census)) == 1 or u.urban == urban)
            ]
            fixed = [u for u in cell if u.population is not None]
            free = [u for u in cell if u.population is None]
            for u in fixed:
                population[u.id] = int(u.population or 0)
            weights = generator.lognormal(0.0, spread, size=len(free))
            left = max(int(table[i, column]) - sum(population[u.id] for u in fixed), 0)
            if free:
                for u, n in zip(free, largest_remainder(weights, left), strict=True):
                    population[u.id] = int(n)
                    estimated.add(u.id)
    households: dict[str, int] = {u.id: u.households for u in units if u.households is not None}
    without = [u for u in units if u.households is None]
    estimated_households: set[str] = set()
    if census.households is not None and without:
        left = max(census.households - sum(households.values()), 0)
        weights = np.array([population[u.id] for u in without], dtype=np.float64)
        if weights.sum() > 0:
            for u, n in zip(without, largest_remainder(weights, left), strict=True):
                households[u.id] = int(n)
                estimated_households.add(u.id)
    return Allocation(population, households, frozenset(estimated), frozenset(estimated_households))


# ---- parcels ----------------------------------------------------------------------------------
@dataclass(frozen=True)
class ParcelRates:
    """Parcels per resident per day (yearly averages).

    Down: half the national 2023 average of 94 parcels per person per year (facts.md 3a:
    132 bn parcels / 1.41 bn people) in urban units, a quarter of it in rural ones, because
    cities dominate the national figure. Up: about 3.7 per person per year (returns, gifts,
    small sellers), plus whatever a village's harvest adds (the caller's share).
    """

    down_urban: float = 0.129
    down_rural: float = 0.0644
    up_base: float = 0.01


PARCEL_RATES = ParcelRates()


def parcels_per_day(
    population: int, *, urban: bool, extra_up: float = 0.0, rates: ParcelRates = PARCEL_RATES
) -> tuple[float, float]:
    """(down, up) parcels per day of a unit of ``population`` residents."""
    down = population * (rates.down_urban if urban else rates.down_rural)
    return down, population * rates.up_base + extra_up
