"""Read a county office's own lists (townships, villages, outline, census) into typed units.

Every table may be CSV (UTF-8 with or without BOM, GB18030), XLSX, or GeoJSON/GPKG/Shapefile
points; columns are recognised by their English or Chinese names (:mod:`network.columns`) or
mapped with ``--map col=field``. Positions are converted to WGS-84 here; the coordinate system
is ``--coords``, else the one the lon/lat headers name (``lon_gcj02``, ``经度(高德)``), else
WGS-84. A village's township comes from its parent column (a township code), else its
township-name column, else the first 9 digits of its 12-digit NBS code.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

from network.columns import ColumnMap, recognise_columns
from network.coords import COORD_SYSTEMS, CoordSystem, to_wgs84
from network.errors import InputError
from network.estimate import CensusTotals
from network.load import read_outline
from network.model import OutletKind
from network.tables import Row, Table, read_table
from network.texts import Message
from network.units import UnitClass, classify_unit

LonLat = tuple[float, float]
_TRUE = frozenset({"1", "true", "yes", "y", "是", "贫困村", "建档立卡"})
_FALSE = frozenset({"0", "false", "no", "n", "否"})
_TOWNSHIP_SUFFIXES = ("街道办事处", "街道", "镇", "乡", "民族乡")
SUPPLY_COLUMN = re.compile(r"supply_([a-z0-9_]+)_kg")


@dataclass(frozen=True)
class ListedUnit:
    """A township or village row as the county listed it (WGS-84 position when given)."""

    id: str
    name: str
    row: Row
    parent: str | None = None
    parent_how: str = ""  # "column", "name" or "code" (villages)
    lonlat: LonLat | None = None
    unit: UnitClass | None = None  # villages: village or community, and why
    ur_code: str = ""
    short_name: str = ""
    population: int | None = None
    households: int | None = None
    poor: bool | None = None
    outlets: tuple[str, ...] | None = None
    island: str | None = None
    parcels_down: float | None = None
    parcels_up: float | None = None
    supply_kg: Mapping[str, float] = field(default_factory=dict)  # product -> kg/day in season


@dataclass(frozen=True)
class FileColumns:
    """Which columns of one file were read as which field."""

    file: str
    columns: ColumnMap
    all_columns: tuple[str, ...]


@dataclass(frozen=True)
class CountyLists:
    """Everything read from the county's files, positions in WGS-84."""

    townships: tuple[ListedUnit, ...]
    villages: tuple[ListedUnit, ...]
    coords: CoordSystem
    coords_how: str
    files: tuple[FileColumns, ...]
    boundary_wgs: Any = None
    boundary_file: str | None = None
    census: CensusTotals | None = None
    census_file: str | None = None
    census_year: str = ""
    township_anchors: Mapping[str, int] = field(default_factory=dict)


def read_county_lists(
    townships: Path,
    villages: Path,
    *,
    boundary: Path | None = None,
    census: Path | None = None,
    coords: str | None = None,
    overrides: Mapping[str, str] | None = None,
) -> CountyLists:
    """Read and check the county's files.

    Raises:
        InputError: naming file, row and field of the first bad value.
    """
    t_table, v_table = read_table(townships), read_table(villages)
    t_cols = _columns(t_table, overrides, township_file=True)
    v_cols = _columns(v_table, overrides, township_file=False)
    system, how = _coord_system(coords, [t_cols, v_cols])
    town_units = _townships(t_table, t_cols, system)
    village_units = _villages(v_table, v_cols, system, town_units)
    files = [
        FileColumns(t_table.file, t_cols, t_table.columns),
        FileColumns(v_table.file, v_cols, v_table.columns),
    ]
    outline = None
    if boundary is not None:
        outline = read_outline(boundary, system)
    totals: CensusTotals | None = None
    year, census_file = "", None
    anchors: dict[str, int] = {}
    if census is not None:
        c_table = read_table(census)
        c_cols = recognise_columns(c_table.columns, overrides, file=c_table.file)
        files.append(FileColumns(c_table.file, c_cols, c_table.columns))
        totals, year, anchors = _census(c_table, c_cols, {t.id for t in town_units})
        census_file = c_table.file
    return CountyLists(
        townships=tuple(town_units),
        villages=tuple(village_units),
        coords=system,
        coords_how=how,
        files=tuple(files),
        boundary_wgs=outline,
        boundary_file=None if boundary is None else boundary.name,
        census=totals,
        census_file=census_file,
        census_year=year,
        township_anchors=anchors,
    )


def _columns(
    table: Table, overrides: Mapping[str, str] | None, *, township_file: bool
) -> ColumnMap:
    mapped = {c: f for c, f in (overrides or {}).items() if c in table.columns}
    found = recognise_columns(table.columns, mapped, file=table.file)
    fields = dict(found.fields)
    if township_file and "name" not in fields and "parent_name" in fields:
        fields["name"] = fields.pop("parent_name")  # 乡镇名称 names the township itself here
    if "name" not in fields:
        raise InputError(
            Message(
                "no column holds the name (columns found: {columns}); name one with --map "
                "COLUMN=name",
                columns=", ".join(table.columns),
            ),
            file=table.file,
            field="name",
        )
    if township_file and "code" not in fields:
        raise InputError(
            Message(
                "no column holds the township code (code/编码/统计用区划代码; "
                "columns found: {columns}); "
                "name one with --map COLUMN=code",
                columns=", ".join(table.columns),
            ),
            file=table.file,
            field="code",
        )
    return ColumnMap(fields, found.coords, found.ignored, found.how)


def _coord_system(given: str | None, maps: Sequence[ColumnMap]) -> tuple[CoordSystem, str]:
    if given is not None:
        for system in COORD_SYSTEMS:
            if given.strip().lower() == system:
                return system, "--coords"
        raise InputError(
            Message(
                "unknown coordinate system {given!r}; use {systems}",
                given=given,
                systems=", ".join(COORD_SYSTEMS),
            ),
            field="--coords",
        )
    named = {m.coords for m in maps if m.coords is not None}
    if len(named) > 1:
        raise InputError(
            Message(
                "the files name different coordinate systems ({systems}); convert one or pass "
                "--coords",
                systems=", ".join(sorted(named)),
            ),
            field="--coords",
        )
    if named:
        return next(iter(named)), "column names"
    return "wgs84", "default (no system named; pass --coords gcj02 for AMap positions)"


def _cell(row: Row, cols: ColumnMap, name: str) -> str:
    column = cols.column(name)
    return "" if column is None else row.values.get(column, "").strip()


def _code(text: str) -> str:
    """An NBS code as digits: 12-digit township codes ending in 000 become 9 digits."""
    code = text.strip().replace(" ", "")
    if code.endswith(".0") and code[:-2].isdigit():
        code = code[:-2]
    if len(code) == 12 and code.isdigit() and code.endswith("000"):
        return code[:9]
    return code


def _number(row: Row, cols: ColumnMap, name: str, *, whole: bool = False) -> float | None:
    column = cols.column(name)
    raw = _cell(row, cols, name).replace(",", "").replace("，", "")
    if column is None or not raw:
        return None
    try:
        value = float(raw)
    except ValueError:
        raise row.error(column, Message("{raw!r} is not a number", raw=raw)) from None
    if not np.isfinite(value) or value < 0:
        raise row.error(column, Message("{raw} must be a number of 0 or more", raw=raw))
    if whole and value != int(value):
        raise row.error(column, Message("{raw} is not a whole number", raw=raw))
    return value


def _count(row: Row, cols: ColumnMap, name: str) -> int | None:
    value = _number(row, cols, name, whole=True)
    return None if value is None else int(value)


def _lonlat(row: Row, cols: ColumnMap, system: CoordSystem) -> LonLat | None:
    lon_col, lat_col = cols.column("lon"), cols.column("lat")
    if lon_col is None or lat_col is None:
        return None
    lon, lat = _number_signed(row, lon_col), _number_signed(row, lat_col)
    if lon is None or lat is None:
        if (lon is None) != (lat is None):
            missing = lat_col if lat is None else lon_col
            raise row.error(missing, Message("is empty while the other coordinate is given"))
        return None
    if not -90 <= lat <= 90:
        swapped = (
            Message(" (are lon and lat swapped?)") if abs(lon) <= 90 and abs(lat) <= 180 else ""
        )
        raise row.error(
            lat_col, Message("{lat:g} is outside -90..90{swapped}", lat=lat, swapped=swapped)
        )
    if not -180 <= lon <= 180:
        raise row.error(lon_col, Message("{lon:g} is outside -180..180", lon=lon))
    x, y = to_wgs84([lon], [lat], system)
    return float(x[0]), float(y[0])


def _number_signed(row: Row, column: str) -> float | None:
    if not row.text(column, required=False):
        return None
    return row.numeric(column, negative_ok=True)


def _flag(row: Row, cols: ColumnMap, name: str) -> bool | None:
    raw = _cell(row, cols, name).lower()
    if not raw:
        return None
    if raw in _TRUE:
        return True
    if raw in _FALSE:
        return False
    raise row.error(
        cols.column(name),
        Message("{raw!r} is not a yes/no value; use 1/0, true/false, yes/no or 是/否", raw=raw),
    )


def _outlets(row: Row, cols: ColumnMap) -> tuple[str, ...] | None:
    if cols.column("outlets") is None:
        return None
    items = [p.strip() for p in re.split(r"[;；,，]", _cell(row, cols, "outlets")) if p.strip()]
    allowed = {k.value for k in OutletKind}
    for item in items:
        if item.lower() not in allowed:
            raise row.error(
                cols.column("outlets"),
                Message(
                    "unknown outlet kind {item!r}; use {allowed}",
                    item=item,
                    allowed=";".join(sorted(allowed)),
                ),
            )
    return tuple(item.lower() for item in items)


def _common(row: Row, cols: ColumnMap, system: CoordSystem) -> dict[str, Any]:
    return {
        "lonlat": _lonlat(row, cols, system),
        "short_name": _cell(row, cols, "short_name"),
        "population": _count(row, cols, "population"),
        "households": _count(row, cols, "households"),
        "outlets": _outlets(row, cols),
        "island": _cell(row, cols, "island") or None,
    }


def _townships(table: Table, cols: ColumnMap, system: CoordSystem) -> list[ListedUnit]:
    units: list[ListedUnit] = []
    seen: dict[str, Row] = {}
    for row in table.rows:
        code = _code(_cell(row, cols, "code"))
        name = _cell(row, cols, "name")
        if not code:
            raise row.error(cols.column("code"), Message("is empty; a township needs its code"))
        if not name:
            raise row.error(cols.column("name"), Message("is empty; a township needs its name"))
        if code in seen:
            raise row.error(
                cols.column("code"),
                Message(
                    "code {code} is already used by row {number}",
                    code=code,
                    number=seen[code].number,
                ),
            )
        seen[code] = row
        units.append(ListedUnit(id=code, name=name, row=row, **_common(row, cols, system)))
    return units


def _bare(name: str) -> str:
    for suffix in _TOWNSHIP_SUFFIXES:
        if name.endswith(suffix) and len(name) > len(suffix):
            return name[: -len(suffix)]
    return name


def _parent(
    row: Row, cols: ColumnMap, code: str, townships: Sequence[ListedUnit]
) -> tuple[str, str]:
    ids = {t.id for t in townships}
    given = _code(_cell(row, cols, "parent"))
    if given:
        if given not in ids:
            raise row.error(
                cols.column("parent"),
                Message("{given!r} is not a listed township code", given=given),
            )
        return given, "column"
    named = _cell(row, cols, "parent_name")
    if named:
        by_name = {t.name: t.id for t in townships} | {_bare(t.name): t.id for t in townships}
        match = by_name.get(named) or by_name.get(_bare(named))
        if match is None:
            raise row.error(
                cols.column("parent_name"),
                Message("{named!r} is not the name of a listed township", named=named),
            )
        return match, "name"
    if len(code) == 12 and code.isdigit() and code[:9] in ids:
        return code[:9], "code"
    reason = (
        Message("its code {code!r} is not a 12-digit NBS code of a listed township", code=code)
        if code
        else Message("it has no code")
    )
    raise row.error(
        cols.column("parent") or cols.column("code") or "parent",
        Message(
            "cannot tell the township: no parent or township column, and {reason}", reason=reason
        ),
    )


def _villages(
    table: Table, cols: ColumnMap, system: CoordSystem, townships: Sequence[ListedUnit]
) -> list[ListedUnit]:
    units: list[ListedUnit] = []
    seen: dict[str, Row] = {}
    township_ids = {t.id for t in townships}
    for row in table.rows:
        name = _cell(row, cols, "name")
        if not name:
            raise row.error(cols.column("name"), Message("is empty; a village needs its name"))
        code = _code(_cell(row, cols, "code"))
        parent, how = _parent(row, cols, code, townships)
        node_id = code or f"{parent}-{name}"
        if node_id in seen or node_id in township_ids:
            where = (
                Message("row {row}", row=seen[node_id].number)
                if node_id in seen
                else Message("a township")
            )
            raise row.error(
                cols.column("code") or "name",
                Message("{node_id} is already used by {where}", node_id=node_id, where=where),
            )
        seen[node_id] = row
        ur_code = _cell(row, cols, "ur_code")
        units.append(
            ListedUnit(
                id=node_id,
                name=name,
                row=row,
                parent=parent,
                parent_how=how,
                unit=classify_unit(kind=_cell(row, cols, "kind"), name=name, ur_code=ur_code),
                ur_code=ur_code,
                poor=_flag(row, cols, "poor"),
                parcels_down=_number(row, cols, "parcels_down"),
                parcels_up=_number(row, cols, "parcels_up"),
                supply_kg=_supply(row, table.columns),
                **_common(row, cols, system),
            )
        )
    return units


def _supply(row: Row, columns: Sequence[str]) -> dict[str, float]:
    """Fresh-product supply columns (``supply_tea_kg``: kg/day in season), passed through."""
    found: dict[str, float] = {}
    for column in columns:
        match = SUPPLY_COLUMN.fullmatch(column)
        raw = row.values.get(column, "").strip()
        if match and raw:
            value = _number_signed(row, column)
            if value is None or value < 0:
                raise row.error(column, Message("{raw} must be 0 or more kg per day", raw=raw))
            found[match.group(1)] = value
    return found


def _census(
    table: Table, cols: ColumnMap, township_ids: set[str]
) -> tuple[CensusTotals, str, dict[str, int]]:
    """County totals (the latest year's row), and township figures where rows carry their code."""
    if cols.column("population") is None:
        raise InputError(
            Message(
                "no population column (population/常住人口/人口); "
                "name one with --map COLUMN=population"
            ),
            file=table.file,
            field="population",
        )
    anchors: dict[str, int] = {}
    county_rows: list[Row] = []
    for row in table.rows:
        code = _code(_cell(row, cols, "code"))
        if code in township_ids:
            anchors[code] = _count(row, cols, "population") or 0
        elif not code or len(code) <= 6 or code.endswith("000000"):
            county_rows.append(row)
    prefixes = {code[:6] for code in township_ids if len(code) == 9 and code.isdigit()}
    ours = [r for r in county_rows if _code(_cell(r, cols, "code"))[:6] in prefixes]
    if ours:  # a sheet of many counties: this county's rows
        county_rows = ours
    if not county_rows:
        raise InputError(
            Message("has no county row (a row without a township code)"), file=table.file
        )
    row = max(county_rows, key=lambda r: (_year(_cell(r, cols, "year")), r.number))
    population = _count(row, cols, "population")
    if not population:
        raise row.error(
            cols.column("population"), Message("is empty or 0; the county total is needed")
        )
    urban, rural = _count(row, cols, "urban_population"), _count(row, cols, "rural_population")
    if urban is not None and rural is not None and urban + rural != population:
        raise row.error(
            cols.column("urban_population"),
            Message(
                "urban {urban} + rural {rural} is not the population {population}",
                urban=urban,
                rural=rural,
                population=population,
            ),
        )
    if (urban is None) != (rural is None):
        urban = rural = None
    totals = CensusTotals(population, _count(row, cols, "households"), urban, rural)
    return totals, _cell(row, cols, "year"), anchors


def _year(text: str) -> int:
    found = re.search(r"(19|20)\d\d", text)
    return int(found.group(0)) if found else 0
