"""Exports for GIS and the office: villages.geojson (QGIS) and an .xlsx workbook."""

from __future__ import annotations

import io
import re
from collections.abc import Mapping, Sequence
from decimal import Decimal
from pathlib import Path
from typing import Any

from network import CoverageReport, Network
from network.errors import InputError
from network.files import write_bytes_atomic
from scenarios.context import Row

_SHEET_BAD = re.compile(r"[\[\]:*?/\\]")


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


def _cell(value: Any) -> Any:
    if isinstance(value, Decimal):
        return float(value)
    if isinstance(value, (list, tuple, set, frozenset)):
        return ";".join(str(v) for v in value)
    if isinstance(value, dict):
        return str(value)
    return value


def write_workbook(path: Path, tables: Mapping[str, Sequence[Row]]) -> None:
    """One sheet per table (header row + rows), written atomically. Needs the xlsx extra."""
    try:
        from openpyxl import Workbook
    except ImportError:
        raise InputError(
            "writing .xlsx needs openpyxl: pip install 'county-logistics[xlsx]'", file=str(path)
        ) from None
    book = Workbook()
    book.remove(book.active)
    for name, rows in tables.items():
        sheet = book.create_sheet(_SHEET_BAD.sub("_", name)[:31])
        headers = list(rows[0].keys()) if rows else []
        sheet.append(headers)
        for row in rows:
            sheet.append([_cell(row.get(h)) for h in headers])
        sheet.freeze_panes = "A2"
    buffer = io.BytesIO()
    book.save(buffer)
    write_bytes_atomic(path, buffer.getvalue())
