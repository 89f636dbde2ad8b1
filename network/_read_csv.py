"""Read a CSV file into a :class:`Table`, accepting the encodings Chinese offices produce.

Accepted: UTF-8 with or without BOM (Excel's "CSV UTF-8") and GB18030 (Excel's default "CSV"
on a Chinese Windows; a superset of GBK and GB2312). UTF-16, Excel workbooks and any byte
sequence that is neither UTF-8 nor GB18030 are refused with a message saying how to re-save.
Values are separated by commas; a file whose header has no comma but tabs or semicolons is
read with that separator. Rows are numbered as a spreadsheet shows them: the header is row 1,
blank lines count.
"""

from __future__ import annotations

import csv
import io
from pathlib import Path

from network._table import Table, header_columns, record_row
from network.errors import InputError
from network.texts import Message

_UTF8_BOM = b"\xef\xbb\xbf"
_RESAVE = Message("save it as 'CSV UTF-8' (or GB18030)")


def read_csv_table(path: Path, file: str) -> Table:
    """Read ``path``; ``file`` is the name used in error messages."""
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise InputError(
            Message("cannot be read: {reason}", reason=exc.strerror or exc), file=file
        ) from None
    text = _decode(data, file)
    records = list(csv.reader(io.StringIO(text, newline=""), delimiter=_delimiter(text)))
    if not any(any(cell.strip() for cell in record) for record in records):
        raise InputError(Message("is empty; expected a header row and data rows"), file=file)
    header_at = next(i for i, rec in enumerate(records) if any(c.strip() for c in rec))
    columns = header_columns(records[header_at], file, header_at + 1)
    rows = tuple(
        record_row(record, columns, file, number)
        for number, record in enumerate(records[header_at + 1 :], start=header_at + 2)
        if any(cell.strip() for cell in record)
    )
    if not rows:
        raise InputError(Message("has a header but no data rows"), file=file)
    return Table(file=file, columns=tuple(c for c in columns if c), rows=rows)


def read_csv_rows(path: Path) -> list[dict[str, str]]:
    """The data rows of a CSV file as dicts of stripped text by column, read as
    :func:`read_csv_table` reads them (UTF-8 or GB18030; comma, tab or semicolon)."""
    return [dict(row.values) for row in read_csv_table(path, path.name).rows]


def _delimiter(text: str) -> str:
    """',' unless the header line has no comma but tabs or semicolons (European Excel, TSV)."""
    header = text.lstrip().partition("\n")[0]
    if "," in header:
        return ","
    return max("\t;", key=header.count) if ("\t" in header or ";" in header) else ","


def _decode(data: bytes, file: str) -> str:
    if data.startswith(b"PK\x03\x04"):
        raise InputError(
            Message("is an Excel workbook or other zip file, not CSV; {resave}", resave=_RESAVE),
            file=file,
        )
    if data.startswith((b"\xff\xfe", b"\xfe\xff")) or b"\x00" in data[:4096]:
        raise InputError(
            Message("is UTF-16 or binary, not CSV text; {resave}", resave=_RESAVE), file=file
        )
    if data.startswith(_UTF8_BOM):
        data = data[len(_UTF8_BOM) :]
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        first_bad = exc.start
    try:
        return data.decode("gb18030")
    except UnicodeDecodeError:
        line = data[:first_bad].count(b"\n") + 1
        raise InputError(
            Message(
                "line {line} has bytes that are neither UTF-8 nor GB18030 (byte 0x{byte:02x}); "
                "{resave}",
                line=line,
                byte=data[first_bad],
                resave=_RESAVE,
            ),
            file=file,
        ) from None
