"""A table of text values read from a CSV or GIS file, and typed access to one row's fields.

Readers turn every input format into a :class:`Table`; the node and ferry parsers read fields
through :class:`Row`, whose methods raise an :class:`InputError` naming file, row and field.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from typing import Generic, TypeVar

from network.errors import InputError
from network.texts import Message

T = TypeVar("T")
_TRUE = frozenset({"1", "true", "yes", "y", "t", "是"})
_FALSE = frozenset({"0", "false", "no", "n", "f", "否"})


@dataclass(frozen=True, slots=True)
class Bound:
    """The largest plausible value of a field, and what it counts (for the error message)."""

    limit: float
    per: str


@dataclass(frozen=True, slots=True)
class Row:
    """One data row: ``number`` is the spreadsheet row (header = 1) or the GIS feature number."""

    file: str
    number: int
    values: Mapping[str, str]

    def error(self, field: str | None, message: str | Message) -> InputError:
        """An error about this row (and field)."""
        return InputError(message, file=self.file, row=self.number, field=field)

    def text(self, field: str, *, required: bool = True) -> str:
        """The stripped value; empty is an error when ``required``."""
        value = self.values.get(field, "").strip()
        if required and not value:
            raise self.error(field, "is empty; a value is required")
        return value

    def numeric(
        self,
        field: str,
        *,
        required: bool = True,
        negative_ok: bool = False,
        at_most: Bound | None = None,
    ) -> float:
        """A finite number (0 when empty and not required), >= 0 unless ``negative_ok``, and
        not above ``at_most`` (a scale no county reaches: a typo or a unit mix-up)."""
        raw = self.text(field, required=required)
        if not raw:
            return 0.0
        try:
            value = float(raw)
        except ValueError:
            raise self.error(field, f"{raw!r} is not a number") from None
        if not math.isfinite(value):
            raise self.error(field, f"{raw!r} is not a finite number")
        if value < 0 and not negative_ok:
            raise self.error(field, f"{raw} is negative; it must be 0 or more")
        if at_most is not None and value > at_most.limit:
            raise self.error(
                field,
                f"{raw} is beyond any county's scale (at most {at_most.limit:,.0f} "
                f"{at_most.per}): check the number and its unit",
            )
        return value

    def count(self, field: str, *, required: bool = True, at_most: Bound | None = None) -> int:
        """A whole number >= 0 ("12" or "12.0"; 0 when empty and not required)."""
        value = self.numeric(field, required=required, at_most=at_most)
        if value != int(value):
            raise self.error(field, f"{self.text(field)} is not a whole number")
        return int(value)

    def flag(self, field: str, *, required: bool = True) -> bool:
        """A yes/no value: 0/1, true/false, yes/no, 是/否 (False when empty and not required)."""
        raw = self.text(field, required=required).lower()
        if raw in _TRUE:
            return True
        if raw in _FALSE or not raw:
            return False
        raise self.error(
            field, f"{raw!r} is not a yes/no value; use 1/0, true/false, yes/no or 是/否"
        )

    def items(self, field: str) -> list[str]:
        """The ``;``-separated (or full-width ；) values of a list field, empty ones dropped."""
        raw = self.text(field, required=False).replace("；", ";")
        return [part.strip() for part in raw.split(";") if part.strip()]


@dataclass(frozen=True, slots=True)
class Table:
    """Column names as given, and the data rows, of one input file."""

    file: str
    columns: tuple[str, ...]
    rows: tuple[Row, ...]

    def require_columns(self, names: Iterable[str]) -> None:
        """Raise naming the first required column the file lacks."""
        missing = [name for name in names if name not in self.columns]
        if missing:
            have = ", ".join(self.columns) or "none"
            raise InputError(
                f"required column {missing[0]!r} is missing (columns found: {have})",
                file=self.file,
                field=missing[0],
            )


@dataclass(frozen=True, slots=True)
class FromRow(Generic[T]):
    """A value parsed from a row, kept with its row for checks that involve several rows."""

    value: T
    row: Row


def parse_rows(
    table: Table, required: Iterable[str], parse: Callable[[Row], T]
) -> list[FromRow[T]]:
    """Every row of ``table`` parsed, after checking the required columns are there."""
    table.require_columns(required)
    return [FromRow(parse(row), row) for row in table.rows]


def header_columns(header: list[str], file: str, row: int) -> list[str]:
    """Header names, stripped; an unnamed column gets '' and must stay empty."""
    columns = [name.strip() for name in header]
    seen: set[str] = set()
    for name in columns:
        if name and name in seen:
            raise InputError(f"column {name!r} appears twice in the header", file=file, row=row)
        seen.add(name)
    return columns


def record_row(record: list[str], columns: list[str], file: str, number: int) -> Row:
    """One data record as a row; values beyond the header or under an unnamed column are errors."""
    if len(record) > len(columns) and any(cell.strip() for cell in record[len(columns) :]):
        raise InputError(
            f"has {len(record)} values but the header has {len(columns)} columns "
            "(a comma inside a value must be quoted)",
            file=file,
            row=number,
        )
    values: dict[str, str] = {}
    for position, name in enumerate(columns):
        cell = record[position].strip() if position < len(record) else ""
        if not name:
            if cell:
                raise InputError(
                    f"column {position + 1} has a value but no name in the header",
                    file=file,
                    row=number,
                )
            continue
        values[name] = cell
    return Row(file=file, number=number, values=values)
