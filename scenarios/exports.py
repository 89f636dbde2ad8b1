"""Exports for GIS and the office: villages.geojson (QGIS) and an .xlsx workbook.

The workbook is for people: sheet names and column headers in the run's language (from
:mod:`scenarios.columns`), money as numbers in yuan, and a last sheet that lists every column
with its CSV key. The CSV files keep their English keys.
"""

from __future__ import annotations

import io
import re
from collections.abc import Mapping, Sequence
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

from network import CoverageReport, Network
from network.errors import InputError
from network.files import write_bytes_atomic
from network.texts import Texts
from scenarios.columns import (
    COLUMNS,
    COLUMNS_SHEET,
    YUAN,
    YUAN_PARCEL,
    YUAN_YEAR,
    cell_text,
    column_header,
    sheet_title,
)
from scenarios.context import Row

_SHEET_BAD = re.compile(r"[\[\]:*?/\\]")
_MONEY_UNITS = frozenset({YUAN, YUAN_PARCEL, YUAN_YEAR})
MONEY_FORMAT = "#,##0.00"
"""Excel number format of money cells (yuan to the fen, thousands separated)."""


def villages_geojson(network: Network, coverage: CoverageReport) -> dict[str, Any]:
    """One point feature per village (WGS-84) with its attributes and coverage status."""
    rows = {row["village_id"]: row for row in coverage.village_rows()}
    features = []
    for node in network.villages:
        props = {
            **rows.get(node.id, {"village_id": node.id}),
            "population": node.population,
            "parcels_down_per_day": node.parcels_down_per_day,
            "parcels_up_per_day": node.parcels_up_per_day,
            "generated_position": node.generated_position,
        }
        features.append(
            {
                "type": "Feature",
                "geometry": {"type": "Point", "coordinates": [node.lon, node.lat]},
                "properties": props,
            }
        )
    return {"type": "FeatureCollection", "features": features}


def _cell(value: Any, *, number: bool, key: str, tr: Texts) -> Any:
    """A value for Excel: numbers as numbers (money and figures with a unit may come as text),
    codes by their meaning in ``tr``'s language."""
    if isinstance(value, Decimal):
        return float(value)
    if isinstance(value, str) and value:
        if number:
            try:
                return float(Decimal(value))
            except InvalidOperation:
                return value
        return cell_text(key, value, tr)
    if isinstance(value, (list, tuple, set, frozenset)):
        return ";".join(str(v) for v in value)
    if isinstance(value, dict):
        return str(value)
    return value


def _sheet_name(title: str, taken: set[str]) -> str:
    """A valid, unique sheet name (Excel: 31 characters, none of ``[]:*?/\\``)."""
    base = _SHEET_BAD.sub("_", title)[:31]
    name, n = base, 1
    while name.casefold() in taken:
        n += 1
        name = f"{base[: 31 - len(str(n)) - 1]}~{n}"
    taken.add(name.casefold())
    return name


def write_workbook(path: Path, tables: Mapping[str, Sequence[Row]], *, tr: Texts) -> None:
    """One sheet per table (header row + rows) in ``tr``'s language, then the column list;
    written atomically. Needs the xlsx extra."""
    try:
        from openpyxl import Workbook
    except ImportError:
        raise InputError(
            "writing .xlsx needs openpyxl: pip install 'county-logistics[xlsx]'", file=str(path)
        ) from None
    book = Workbook()
    book.remove(book.active)
    taken: set[str] = set()
    listed: list[tuple[str, str]] = []  # (sheet name, column key)
    for name, rows in tables.items():
        sheet = book.create_sheet(_sheet_name(sheet_title(name, tr), taken))
        keys = list(rows[0].keys()) if rows else []
        sheet.append([column_header(k, tr) for k in keys])
        money = [k in COLUMNS and COLUMNS[k].unit in _MONEY_UNITS for k in keys]
        numeric = [k in COLUMNS and bool(COLUMNS[k].unit) for k in keys]
        for row in rows:
            sheet.append(
                [
                    _cell(row.get(k), number=n, key=k, tr=tr)
                    for k, n in zip(keys, numeric, strict=True)
                ]
            )
        for index, is_money in enumerate(money, start=1):
            if is_money:
                for (cell,) in sheet.iter_rows(
                    min_row=2, min_col=index, max_col=index, max_row=sheet.max_row
                ):
                    cell.number_format = MONEY_FORMAT
        _text_not_formulas(sheet)
        sheet.freeze_panes = "A2"
        listed += [(sheet.title, k) for k in keys]
    _column_sheet(book.create_sheet(_sheet_name(tr(COLUMNS_SHEET), taken)), listed, tr)
    buffer = io.BytesIO()
    book.save(buffer)
    write_bytes_atomic(path, buffer.getvalue())


def _text_not_formulas(sheet: Any) -> None:
    """A name from the county's files that starts with ``=`` stays text: Excel must never run
    it as a formula (openpyxl takes such strings for formulas)."""
    for row in sheet.iter_rows(min_row=2):
        for cell in row:
            if cell.data_type == "f":
                cell.data_type = "s"


def _column_sheet(sheet: Any, listed: Sequence[tuple[str, str]], tr: Texts) -> None:
    """Every column of the workbook: its sheet, CSV key, title, unit and note."""
    sheet.append([tr("sheet"), tr("column key"), tr("title"), tr("unit"), tr("note")])
    for sheet_name, key in listed:
        column = COLUMNS.get(key)
        if column is None:
            sheet.append([sheet_name, key, key, "", ""])
            continue
        unit = tr(column.unit) if column.unit else ""
        note = tr(column.note) if column.note else ""
        sheet.append([sheet_name, key, tr(column.title), unit, note])
    sheet.freeze_panes = "A2"


__all__ = ["MONEY_FORMAT", "villages_geojson", "write_workbook"]
