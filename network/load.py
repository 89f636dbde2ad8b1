"""Load a county network from CSV, GeoJSON, GeoPackage or Shapefile files, checking every value.

Example:
    >>> net = load_network("scenarios/data/xiapu", coords="gcj02")  # doctest: +SKIP
    >>> net.townships[0].name  # doctest: +SKIP
    '松城街道'
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

import numpy as np
import shapely

from network._check_nodes import Position, check_ids_and_parents, check_near_county
from network._parse_ferries import parse_ferries
from network._parse_nodes import OPTIONAL_COLUMNS, REQUIRED_COLUMNS, parse_nodes
from network._read_gis import GIS_SUFFIXES, read_polygons
from network._read_xlsx import XLSX_SUFFIXES
from network._table import FromRow, Table
from network.coords import COORD_SYSTEMS, CoordSystem, to_wgs84
from network.errors import InputError
from network.geography import metric_crs
from network.model import FerryLink, Network, Node, Tier
from network.tables import read_table
from network.texts import Message

PathLike = str | os.PathLike[str]
_SUFFIXES = (".csv", *XLSX_SUFFIXES, *GIS_SUFFIXES)
# A folder may hold other files (README, plan.json, Shapefile sidecars): only these are read.
_FOLDER_SUFFIXES = (".csv", ".xlsx", ".geojson", ".gpkg", ".shp")


@dataclass
class _Inputs:
    nodes: list[Path] = field(default_factory=list)
    ferries: list[Path] = field(default_factory=list)
    boundaries: list[Path] = field(default_factory=list)


def load_network(
    path_or_paths: PathLike | Sequence[PathLike],
    *,
    coords: str = "wgs84",
    ferries: PathLike | None = None,
    boundary: PathLike | None = None,
    name: str | None = None,
    for_planning: bool = False,
) -> Network:
    """Read node files (a file, a folder, or a list of them) into a checked :class:`Network`.

    Node files are CSV (UTF-8 with/without BOM, or GB18030) with the columns
    ``id,name,tier,lon,lat,parent,population,poor,parcels_down,parcels_up`` (plus the optional
    ``households,outlets,island,generated_position,estimated,supply_<product>_kg``; any other
    column is kept in ``Node.extra``), or GeoJSON/GeoPackage/Shapefile points with the same
    attributes. In a folder, ``ferries*.csv`` are ferry links, ``boundary*`` the county
    outline and ``bus_lines*`` are left to routing, unless ``ferries``/``boundary`` name files
    explicitly. Positions given in ``coords`` = ``gcj02`` (AMap, Tencent) or ``bd09`` (Baidu)
    are converted to WGS-84 (nodes, ferry piers and boundary).

    Every node on an island needs a ferry link to it when ferries are given (without any, the
    plan sets island places aside as unreachable: :mod:`network.reach`). ``for_planning`` adds
    what a plan needs and a map does not: a county node and at least one village.

    Raises:
        InputError: naming file, row and field of the first bad value.
    """
    system = _coord_system(coords)
    inputs = _classify(_as_paths(path_or_paths))
    if ferries is not None:
        inputs.ferries = [_existing(Path(ferries))]
    if boundary is not None:
        inputs.boundaries = [_existing(Path(boundary))]
    if not inputs.nodes:
        raise InputError(
            Message("no node files given (*.csv, *.geojson, *.gpkg, *.shp)"), field="nodes"
        )
    outline = _boundary(inputs.boundaries, system)
    nodes = _converted_nodes([p for f in inputs.nodes for p in parse_nodes(_table(f))], system)
    links = _converted_ferries(
        [p for f in inputs.ferries for p in parse_ferries(_table(f))], system
    )
    check_ids_and_parents(nodes)
    if for_planning:
        _check_tiers_for_planning(nodes, inputs.nodes)
    node_positions = [Position(p.value.lon, p.value.lat, p.row, "lon/lat") for p in nodes]
    check_near_county(
        node_positions + _pier_positions(links), centre_of=node_positions, boundary=outline
    )
    _check_ferry_islands(nodes, links)
    network_nodes = [p.value for p in nodes]
    crs = metric_crs([n.lon for n in network_nodes], [n.lat for n in network_nodes])
    counties = [n for n in network_nodes if n.tier is Tier.COUNTY]
    return Network(
        network_nodes,
        name=name or (counties[0].name if counties else inputs.nodes[0].stem),
        boundary=outline,
        ferries=[p.value for p in links],
        crs_hint=crs.to_string(),
    )


def _coord_system(coords: str) -> CoordSystem:
    for system in COORD_SYSTEMS:
        if coords.strip().lower() == system:
            return system
    raise InputError(
        Message(
            "unknown coordinate system {coords!r}; use {systems}",
            coords=coords,
            systems=", ".join(COORD_SYSTEMS),
        ),
        field="coords",
    )


def _as_paths(path_or_paths: PathLike | Sequence[PathLike]) -> list[Path]:
    if isinstance(path_or_paths, str | os.PathLike):
        return [_existing(Path(path_or_paths))]
    return [_existing(Path(p)) for p in path_or_paths]


def _existing(path: Path) -> Path:
    if not path.exists():
        raise InputError(
            Message("does not exist (looked for {path})", path=path.resolve()), file=str(path)
        )
    return path


def _classify(paths: list[Path]) -> _Inputs:
    """Sort files (and the files of folders) into node, ferry and boundary inputs."""
    inputs = _Inputs()
    for path in paths:
        members = (
            sorted(p for p in path.iterdir() if p.suffix.lower() in _FOLDER_SUFFIXES)
            if path.is_dir()
            else [path]
        )
        if path.is_dir() and not members:
            raise InputError(
                Message("folder has no .csv, .xlsx, .geojson, .gpkg or .shp files"), file=path.name
            )
        for member in members:
            if member.suffix.lower() not in _SUFFIXES:
                raise InputError(
                    Message(
                        "is not a .csv, .xlsx, .geojson, .gpkg or .shp file ({suffix})",
                        suffix=member.suffix or Message("no suffix"),
                    ),
                    file=member.name,
                )
            stem = member.stem.lower()
            if path.is_dir() and stem.startswith("bus_lines"):
                continue  # routing's bus timetables ([routing.bus] lines), not places
            if stem.startswith("ferries") and member.suffix.lower() in (".csv", *XLSX_SUFFIXES):
                inputs.ferries.append(member)
            elif stem.startswith("boundary"):
                inputs.boundaries.append(member)
            else:
                inputs.nodes.append(member)
    return inputs


def _table(path: Path) -> Table:
    return read_table(path, full_names=REQUIRED_COLUMNS + OPTIONAL_COLUMNS)


def read_outline(path: Path, system: CoordSystem) -> Any:
    """A county outline file (GeoJSON, GeoPackage, Shapefile) in WGS-84, its positions given
    in ``system``; a file that is not lon/lat degrees is refused."""
    return _to_wgs84(_lonlat_polygons(path), system)


def _lonlat_polygons(path: Path) -> Any:
    if path.suffix.lower() not in GIS_SUFFIXES:
        raise InputError(
            Message("a boundary must be a GeoJSON, GeoPackage or Shapefile"), file=path.name
        )
    outline = read_polygons(_existing(path), path.name)
    min_x, min_y, max_x, max_y = outline.bounds
    if min_x < -180 or max_x > 180 or min_y < -90 or max_y > 90:
        raise InputError(
            Message("coordinates are not lon/lat degrees (a projected file needs its .prj / CRS)"),
            file=path.name,
            field="geometry",
        )
    return outline


def _to_wgs84(outline: Any, system: CoordSystem) -> Any:
    return shapely.transform(
        outline, lambda xy: np.column_stack(to_wgs84(xy[:, 0], xy[:, 1], system))
    )


def _boundary(paths: list[Path], system: CoordSystem) -> Any:
    if not paths:
        return None
    return _to_wgs84(shapely.union_all([_lonlat_polygons(path) for path in paths]), system)


def _converted_nodes(parsed: list[FromRow[Node]], system: CoordSystem) -> list[FromRow[Node]]:
    lon, lat = to_wgs84([p.value.lon for p in parsed], [p.value.lat for p in parsed], system)
    return [
        FromRow(replace(p.value, lon=float(x), lat=float(y)), p.row)
        for p, x, y in zip(parsed, lon, lat, strict=True)
    ]


def _converted_ferries(
    parsed: list[FromRow[FerryLink]], system: CoordSystem
) -> list[FromRow[FerryLink]]:
    m_lon, m_lat = to_wgs84(
        [p.value.mainland_lon for p in parsed], [p.value.mainland_lat for p in parsed], system
    )
    i_lon, i_lat = to_wgs84(
        [p.value.island_lon for p in parsed], [p.value.island_lat for p in parsed], system
    )
    return [
        FromRow(
            replace(
                p.value,
                mainland_lon=float(m_lon[k]),
                mainland_lat=float(m_lat[k]),
                island_lon=float(i_lon[k]),
                island_lat=float(i_lat[k]),
            ),
            p.row,
        )
        for k, p in enumerate(parsed)
    ]


def _pier_positions(links: list[FromRow[FerryLink]]) -> list[Position]:
    return [
        position
        for p in links
        for position in (
            Position(
                p.value.mainland_lon, p.value.mainland_lat, p.row, "mainland_lon/mainland_lat"
            ),
            Position(p.value.island_lon, p.value.island_lat, p.row, "island_lon/island_lat"),
        )
    ]


def _check_tiers_for_planning(nodes: list[FromRow[Node]], files: list[Path]) -> None:
    """A plan needs a county node (the DC routes start from) and villages to serve: say so
    before another check (a ferry to an island nobody lives on, say) blames something else."""
    tiers = {p.value.tier for p in nodes}
    for tier, why in (
        (Tier.COUNTY, Message("the county DC every route starts from")),
        (Tier.VILLAGE, Message("the villages a plan serves")),
    ):
        if tier not in tiers:
            found = ", ".join(sorted(t.value for t in tiers))
            raise InputError(
                Message(
                    "has no {tier} (no row with tier = {tier}; tiers found: {found}); a plan "
                    "needs {why}",
                    tier=tier.value,
                    found=found,
                    why=why,
                ),
                file=", ".join(f.name for f in files),
                field="tier",
            )


def _check_ferry_islands(nodes: list[FromRow[Node]], links: list[FromRow[FerryLink]]) -> None:
    """A ferry must serve an island some node is on (a misspelt island name strands its nodes),
    and every node on an island needs a ferry to it."""
    islands = {p.value.island for p in nodes if p.value.island}
    for link in links:
        if link.value.island not in islands:
            known = ", ".join(sorted(islands)) or Message("none: no node has an island")
            raise link.row.error(
                "island",
                Message(
                    "no node is on island {island!r} (islands in the node files: {known})",
                    island=link.value.island,
                    known=known,
                ),
            )
    if not links:
        # Without any ferries file, island places are set aside by the plan as unreachable,
        # with the reason (network.reach); a ferries file that misses an island is an error.
        return
    served = {link.value.island for link in links}
    for item in nodes:
        island = item.value.island
        if island and island not in served:
            where = Message(
                "the ferries file has none to it (islands served: {served})",
                served=", ".join(sorted(served)),
            )
            raise item.row.error(
                "island",
                Message(
                    "{name} ({id}) is on island {island!r}, which no ferry serves: {where}; add "
                    "its ferry link, or leave island empty if a road reaches it",
                    name=item.value.name,
                    id=item.value.id,
                    island=island,
                    where=where,
                ),
            )
