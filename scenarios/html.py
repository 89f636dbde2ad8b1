"""HTML pieces of the report and the sweep page: escaped cells and tables, yuan for people."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from decimal import Decimal
from html import escape

from network.money import format_yuan

HtmlCell = str | int | float | Decimal | None
"""What a report table cell may hold: text is escaped, floats get one decimal."""


def cell(value: HtmlCell) -> str:
    """One value as escaped HTML text; None or empty shows as a dash."""
    if value is None or value == "":
        return "&ndash;"
    if isinstance(value, float):
        return f"{value:,.1f}"
    return escape(str(value))


def table(headers: Sequence[str], rows: Iterable[Sequence[HtmlCell]]) -> str:
    """An HTML table; every cell escaped."""
    head = "".join(f"<th>{escape(h)}</th>" for h in headers)
    body = "".join("<tr>" + "".join(f"<td>{cell(v)}</td>" for v in row) + "</tr>" for row in rows)
    return f"<table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"


def yuan(value: Decimal | float | None) -> str:
    """Yuan for people: to the fen with thousands separators (``1,234.50``); empty for None."""
    return "" if value is None else format_yuan(value, grouped=True)


def note(text: str | None) -> str:
    """A grey note paragraph, or nothing."""
    return f'<p class="note">{escape(text)}</p>' if text else ""
