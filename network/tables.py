"""Read any table file the project accepts: CSV, Excel workbook, or GIS points.

Every input table (nodes, ferries, a county's township and village lists, census totals) goes
through :func:`read_table`, so an office may hand over whichever format it has: CSV (UTF-8
with or without BOM, GB18030), XLSX, or GeoJSON/GeoPackage/Shapefile points (their position
becomes ``lon``/``lat``).
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from network._read_csv import read_csv_table
from network._read_gis import GIS_SUFFIXES, read_point_table
from network._read_xlsx import XLSX_SUFFIXES, read_xlsx_table
from network._table import Row, Table
from network.errors import InputError
from network.texts import Message

TABLE_SUFFIXES = (".csv", ".txt", ".tsv", *XLSX_SUFFIXES, *GIS_SUFFIXES)

__all__ = ["TABLE_SUFFIXES", "Row", "Table", "read_table"]


def read_table(path: Path, *, file: str | None = None, full_names: Iterable[str] = ()) -> Table:
    """The rows of ``path`` as text values; ``file`` names it in errors (default: its name).

    ``full_names`` restores Shapefile field names cut to 10 characters.

    Raises:
        InputError: naming the file (and row) when it cannot be read.
    """
    name = file or path.name
    if not path.exists():
        raise InputError(
            Message("does not exist (looked for {path})", path=path.resolve()), file=name
        )
    suffix = path.suffix.lower()
    if suffix in (".csv", ".txt", ".tsv"):
        return read_csv_table(path, name)
    if suffix in XLSX_SUFFIXES:
        return read_xlsx_table(path, name)
    if suffix == ".xls":
        raise InputError(
            Message("is an old Excel (.xls) workbook; save it as .xlsx or CSV"), file=name
        )
    if suffix in GIS_SUFFIXES:
        return read_point_table(path, name, full_names=full_names)
    raise InputError(
        Message(
            "is not a table file ({suffix}); use CSV, XLSX, GeoJSON, GPKG or SHP",
            suffix=suffix or Message("no suffix"),
        ),
        file=name,
    )
