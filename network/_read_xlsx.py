"""Read the first worksheet of an Excel workbook (.xlsx/.xlsm) into a :class:`Table`.

Offices exchange Excel files, so every table the project reads (nodes, ferries, a county's
township and village lists, census totals) may come as a workbook. The first worksheet with
any value is read; its first non-empty row is the header. Cells become text as a CSV export
would show them: whole numbers without ``.0`` (NBS codes typed as numbers stay intact), dates
as ISO dates, TRUE/FALSE as 1/0. Rows are numbered as Excel shows them.
"""

from __future__ import annotations

import datetime as dt
import zipfile
from pathlib import Path
from typing import Any

from network._table import Table, header_columns, record_row
from network.errors import InputError
from network.texts import Message

XLSX_SUFFIXES = (".xlsx", ".xlsm")


def read_xlsx_table(path: Path, file: str) -> Table:
    """Read ``path``; ``file`` is the name used in error messages."""
    try:
        import openpyxl
    except ImportError:  # pragma: no cover - a core dependency; kept for a broken install
        raise InputError(
            Message("reading .xlsx needs openpyxl: pip install openpyxl"), file=file
        ) from None
    try:
        book = openpyxl.load_workbook(path, read_only=True, data_only=True)
    except (zipfile.BadZipFile, KeyError, OSError, ValueError) as exc:
        raise InputError(
            Message(
                "cannot be read as an Excel workbook ({kind}); save it again as .xlsx",
                kind=type(exc).__name__,
            ),
            file=file,
        ) from None
    try:
        for sheet in book.worksheets:
            records = [
                (number, [_text(c) for c in values])
                for number, values in enumerate(sheet.iter_rows(values_only=True), start=1)
            ]
            filled = [(n, r) for n, r in records if any(r)]
            if filled:
                return _table(
                    filled, f"{file} [{sheet.title}]" if len(book.worksheets) > 1 else file
                )
    finally:
        book.close()
    raise InputError(Message("is empty; expected a header row and data rows"), file=file)


def _table(records: list[tuple[int, list[str]]], file: str) -> Table:
    (header_row, header), data = records[0], records[1:]
    columns = header_columns(header, file, header_row)
    rows = tuple(record_row(record, columns, file, number) for number, record in data)
    if not rows:
        raise InputError(Message("has a header but no data rows"), file=file)
    return Table(file=file, columns=tuple(c for c in columns if c), rows=rows)


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "1" if value else "0"
    if isinstance(value, float) and value.is_integer() and abs(value) < 1e15:
        return str(int(value))
    if isinstance(value, dt.datetime):
        return value.date().isoformat() if value.time() == dt.time() else value.isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value).strip()
