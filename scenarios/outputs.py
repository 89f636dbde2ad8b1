"""Writing results as JSON and CSV, each file atomically (see :mod:`network.files`)."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterable, Mapping
from decimal import Decimal
from pathlib import Path
from typing import Any

from network.files import write_text_atomic


def _json_default(value: Any) -> Any:
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, (set, frozenset)):
        return sorted(value)
    if hasattr(value, "item"):  # numpy scalars
        return value.item()
    raise TypeError(f"{type(value).__name__} is not JSON serialisable")


def to_json(data: Any) -> str:
    """Deterministic JSON text (UTF-8, Chinese kept readable, Decimals as strings)."""
    return json.dumps(data, ensure_ascii=False, indent=2, default=_json_default) + "\n"


def write_json_atomic(path: Path, data: Any) -> None:
    """Write ``data`` as deterministic JSON atomically."""
    write_text_atomic(path, to_json(data))


def csv_text(rows: Iterable[Mapping[str, Any]], *, fieldnames: list[str] | None = None) -> str:
    """Rows as CSV text; the columns are the first row's keys unless given."""
    rows = list(rows)
    if fieldnames is None:
        fieldnames = list(rows[0].keys()) if rows else []
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=fieldnames, lineterminator="\n")
    writer.writeheader()
    for row in rows:
        writer.writerow({k: _csv_cell(row.get(k)) for k in fieldnames})
    return buffer.getvalue()


def _csv_cell(value: Any) -> Any:
    if value is None:
        return ""
    if isinstance(value, bool):
        return int(value)
    if isinstance(value, (list, tuple, set, frozenset)):
        return ";".join(str(v) for v in value)
    return value


def write_csv_atomic(
    path: Path, rows: Iterable[Mapping[str, Any]], *, fieldnames: list[str] | None = None
) -> None:
    """Write rows as a UTF-8 CSV (with BOM, so Excel on a Chinese Windows PC reads it)."""
    write_text_atomic(path, "\ufeff" + csv_text(rows, fieldnames=fieldnames))
