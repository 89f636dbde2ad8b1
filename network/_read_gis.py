"""Read GeoJSON, GeoPackage and Shapefile inputs (pyogrio): point tables and boundary polygons.

Point features become a :class:`Table` whose ``lon``/``lat`` come from the geometry and whose
other fields are the attributes, as text, so they go through the same checks as CSV columns.
Features are numbered from 1. A file with a projected CRS is reprojected to lon/lat first;
a file without a CRS (or a geographic one) is taken to be lon/lat in the ``coords`` system the
caller names, which is how AMap/Baidu exports arrive.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import Any

import pandas as pd
import pyogrio
import pyogrio.errors
import shapely

from network._table import Row, Table
from network.errors import InputError
from network.texts import Message

GIS_SUFFIXES = (".geojson", ".json", ".gpkg", ".shp")
# Shapefile (dBase) field names are cut to 10 characters.
_DBF_NAME_CHARS = 10


def read_point_table(path: Path, file: str, *, full_names: Iterable[str] = ()) -> Table:
    """Point features as a table; Shapefile names cut from ``full_names`` are restored."""
    frame = _read_frame(path, file)
    frame = frame.rename(columns=_restore_names(list(frame.columns), full_names))
    attribute_names = tuple(str(c) for c in frame.columns if c != frame.geometry.name)
    rows = []
    for number, (geometry, record) in enumerate(
        zip(frame.geometry, frame[list(attribute_names)].itertuples(index=False), strict=True),
        start=1,
    ):
        values = {
            name: _as_text(value) for name, value in zip(attribute_names, record, strict=True)
        }
        values["lon"], values["lat"] = _point_lonlat(geometry, file, number)
        rows.append(Row(file=file, number=number, values=values))
    columns = tuple(dict.fromkeys((*attribute_names, "lon", "lat")))
    return Table(file=file, columns=columns, rows=tuple(rows))


def read_polygons(path: Path, file: str) -> Any:
    """The union of all (multi)polygon features of ``path``, in lon/lat."""
    frame = _read_frame(path, file)
    for number, geometry in enumerate(frame.geometry, start=1):
        if geometry is None or geometry.is_empty:
            raise InputError(Message("has no geometry"), file=file, row=number, field="geometry")
        if geometry.geom_type not in ("Polygon", "MultiPolygon"):
            raise InputError(
                Message(
                    "is a {geom_type}; a boundary must be polygons", geom_type=geometry.geom_type
                ),
                file=file,
                row=number,
                field="geometry",
            )
    return shapely.make_valid(shapely.union_all(list(frame.geometry)))


def _read_frame(path: Path, file: str) -> Any:
    try:
        frame = pyogrio.read_dataframe(path)
    except (pyogrio.errors.DataSourceError, pyogrio.errors.DataLayerError, OSError) as exc:
        raise InputError(
            Message(
                "cannot be read as GeoJSON, GeoPackage or Shapefile ({kind}); the file is "
                "damaged or in another format",
                kind=type(exc).__name__,
            ),
            file=file,
        ) from None
    if len(frame) == 0:
        raise InputError(Message("has no features"), file=file)
    if frame.crs is not None and frame.crs.is_projected:
        frame = frame.to_crs(4326)
    return frame


def _restore_names(columns: list[str], full_names: Iterable[str]) -> dict[str, str]:
    have = set(columns)
    return {
        name[:_DBF_NAME_CHARS]: name
        for name in full_names
        if len(name) > _DBF_NAME_CHARS and name not in have and name[:_DBF_NAME_CHARS] in have
    }


def _point_lonlat(geometry: Any, file: str, number: int) -> tuple[str, str]:
    if geometry is None or geometry.is_empty:
        raise InputError(
            Message("has no geometry; give a point"), file=file, row=number, field="geometry"
        )
    if geometry.geom_type != "Point":
        raise InputError(
            Message(
                "is a {geom_type}; node files need one point per feature",
                geom_type=geometry.geom_type,
            ),
            file=file,
            row=number,
            field="geometry",
        )
    return repr(float(geometry.x)), repr(float(geometry.y))


def _as_text(value: Any) -> str:
    """An attribute as CSV-like text: missing -> '', whole floats without '.0', flags as 1/0."""
    if value is None or (not isinstance(value, str) and bool(pd.isna(value))):
        return ""
    if isinstance(value, bool):
        return "1" if value else "0"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)
