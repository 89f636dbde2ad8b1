"""Turn a county's own lists into the project's nodes, filling gaps with ``network.estimate``.

The result says, value by value, what came from the county's files and what was estimated
(the ``estimated`` column of ``nodes.csv``) or is missing, which :mod:`scenarios.data_quality`
turns into ``DATA_QUALITY.md``.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import shapely

from network.errors import InputError
from network.estimate import (
    PopulationUnit,
    VillageSite,
    allocate_population,
    is_urban,
    parcels_per_day,
    place_villages,
    position_class,
)
from network.geography import geometry_to_lonlat, metric_crs, to_metric
from network.texts import Message
from scenarios.county_lists import CountyLists, ListedUnit

LonLat = tuple[float, float]
HULL_MARGIN_M = 5_000.0  # without an outline, the area is the places' hull grown by this


@dataclass(frozen=True)
class NodeRecord:
    """One row of the nodes file being built (WGS-84 position)."""

    id: str
    name: str
    tier: str
    lonlat: LonLat
    parent: str = ""
    population: int | None = None
    households: int | None = None
    poor: bool | None = None
    parcels_down: float | None = None
    parcels_up: float | None = None
    outlets: tuple[str, ...] = ()
    island: str = ""
    generated_position: bool = False
    estimated: tuple[str, ...] = ()
    kind: str = ""
    ur_code: str = ""
    short_name: str = ""
    supply_kg: Mapping[str, float] = field(default_factory=dict)


@dataclass(frozen=True)
class CountyBuild:
    """The built nodes and the facts DATA_QUALITY.md reports."""

    name: str
    county_id: str
    nodes: tuple[NodeRecord, ...]
    lists: CountyLists
    seed: int
    outline_source: str
    area_wgs: Any
    seat_from_villages: tuple[str, ...] = ()
    warnings: tuple[Message, ...] = field(default_factory=tuple)


def _county_id(townships: Sequence[ListedUnit]) -> str:
    prefixes = {t.id[:6] for t in townships if len(t.id) == 9 and t.id.isdigit()}
    return next(iter(prefixes)) if len(prefixes) == 1 else "county"


def _seats(lists: CountyLists) -> tuple[dict[str, LonLat], list[str]]:
    """Township seats: as listed, else the mean of the township's listed village positions."""
    seats: dict[str, LonLat] = {}
    derived: list[str] = []
    for t in lists.townships:
        if t.lonlat is not None:
            seats[t.id] = t.lonlat
            continue
        known = [v.lonlat for v in lists.villages if v.parent == t.id and v.lonlat is not None]
        if not known:
            raise t.row.error(
                "lon/lat",
                Message(
                    "township {name} has no position and none of its villages has one; add the "
                    "seat's position (AMap: search the township government)",
                    name=t.name,
                ),
            )
        seats[t.id] = (
            float(np.mean([p[0] for p in known])),
            float(np.mean([p[1] for p in known])),
        )
        derived.append(t.id)
    return seats, derived


def _area(lists: CountyLists, seats: Mapping[str, LonLat]) -> tuple[Any, str]:
    if lists.boundary_wgs is not None:
        return lists.boundary_wgs, f"the county outline ({lists.boundary_file})"
    points = list(seats.values()) + [v.lonlat for v in lists.villages if v.lonlat is not None]
    crs = metric_crs([p[0] for p in points], [p[1] for p in points])
    x, y = to_metric([p[0] for p in points], [p[1] for p in points], crs)
    hull = shapely.convex_hull(shapely.multipoints(np.column_stack([x, y])))
    area = geometry_to_lonlat(shapely.buffer(hull, HULL_MARGIN_M), crs)
    return area, "no outline given: the hull of the listed positions grown by 5 km"


def build_county(lists: CountyLists, *, seed: int = 0, name: str | None = None) -> CountyBuild:
    """Nodes for the county DC, the townships and every village-level unit.

    Raises:
        InputError: a township without any position to place its villages around.
    """
    seats, derived = _seats(lists)
    area, area_source = _area(lists, seats)
    generated = place_villages(
        seats,
        [
            VillageSite(
                v.id,
                v.parent or "",
                position_class(v.ur_code, community=bool(v.unit and v.unit.community)),
                v.lonlat,
            )
            for v in lists.villages
        ],
        area,
        seed=seed,
    )
    population, households, warnings = _population(lists, seed)
    county_id = _county_id(lists.townships)
    seat_town = min(lists.townships, key=lambda t: t.id)
    county = NodeRecord(
        id=county_id,
        name=name or county_id,
        tier="county",
        lonlat=seats[seat_town.id],
        population=0,
        households=0,
        poor=False,
        parcels_down=0.0,
        parcels_up=0.0,
        estimated=("lon", "lat"),
        kind="county_dc",
    )
    townships = [
        _township_node(t, county_id, seats[t.id], t.id in derived) for t in lists.townships
    ]
    villages = [
        _village_node(v, generated.get(v.id), population, households) for v in lists.villages
    ]
    return CountyBuild(
        name=name or county_id,
        county_id=county_id,
        nodes=(county, *townships, *villages),
        lists=lists,
        seed=seed,
        outline_source=area_source,
        area_wgs=area,
        seat_from_villages=tuple(derived),
        warnings=tuple(warnings),
    )


def _township_node(t: ListedUnit, county_id: str, seat: LonLat, derived: bool) -> NodeRecord:
    return NodeRecord(
        id=t.id,
        name=t.name,
        tier="township",
        lonlat=seat,
        parent=county_id if county_id != "county" else "",
        population=0,
        households=0,
        poor=False,
        parcels_down=0.0,
        parcels_up=0.0,
        outlets=t.outlets or (),
        island=t.island or "",
        generated_position=derived,
        estimated=("lon", "lat") if derived else (),
        kind="township",
        short_name=t.short_name,
    )


def _population(
    lists: CountyLists, seed: int
) -> tuple[dict[str, int | None], dict[str, int | None], list[Message]]:
    """Residents and households per village id (None: unknown), and warnings."""
    given_pop = {v.id: v.population for v in lists.villages}
    given_hh = {v.id: v.households for v in lists.villages}
    if lists.census is None:
        missing = sum(p is None for p in given_pop.values())
        warnings = (
            [
                Message(
                    "{missing} villages have no population and no census was given (--census): "
                    "their population and parcels are 0; add the census totals",
                    missing=missing,
                )
            ]
            if missing
            else []
        )
        return given_pop, given_hh, warnings
    units = [
        PopulationUnit(
            v.id,
            v.parent or "",
            is_urban(v.ur_code, community=bool(v.unit and v.unit.community)),
            v.population,
            v.households,
        )
        for v in lists.villages
    ]
    try:
        allocation = allocate_population(
            [t.id for t in lists.townships],
            units,
            lists.census,
            seed=seed,
            township_anchors=lists.township_anchors,
        )
    except InputError as err:
        raise InputError(err.message, file=lists.census_file, field=err.field) from None
    population: dict[str, int | None] = dict(allocation.population)
    households: dict[str, int | None] = {
        v.id: allocation.households.get(v.id) for v in lists.villages
    }
    return population, households, []


def _village_node(
    v: ListedUnit,
    generated: LonLat | None,
    population: Mapping[str, int | None],
    households: Mapping[str, int | None],
) -> NodeRecord:
    estimated: list[str] = []
    if generated is not None:
        estimated += ["lon", "lat"]
    residents = population.get(v.id)
    if v.population is None and residents is not None:
        estimated.append("population")
    homes = households.get(v.id)
    if v.households is None and homes is not None:
        estimated.append("households")
    urban = is_urban(v.ur_code, community=bool(v.unit and v.unit.community))
    down, up = parcels_per_day(residents or 0, urban=urban)
    if v.parcels_down is None and residents is not None:
        estimated.append("parcels_down")
    if v.parcels_up is None and residents is not None:
        estimated.append("parcels_up")
    lonlat = generated if generated is not None else v.lonlat
    assert lonlat is not None  # placement returns every village without a position
    return NodeRecord(
        id=v.id,
        name=v.name,
        tier="village",
        lonlat=lonlat,
        parent=v.parent or "",
        population=residents,
        households=homes,
        poor=v.poor,
        parcels_down=v.parcels_down if v.parcels_down is not None else down,
        parcels_up=v.parcels_up if v.parcels_up is not None else up,
        outlets=v.outlets or (),
        island=v.island or "",
        generated_position=generated is not None,
        estimated=tuple(estimated),
        kind=v.unit.kind if v.unit else "village",
        ur_code=v.ur_code,
        short_name=v.short_name,
        supply_kg=dict(v.supply_kg),
    )
