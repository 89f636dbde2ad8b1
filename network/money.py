"""Money: yuan as ``decimal.Decimal``, rounded to the fen once, at the end, with a named rule.

Every package rounds with :func:`to_fen` (``ROUND_HALF_UP`` unless a policy names another
rule) and every output (``plan.json``, CSV, the report) writes yuan with :func:`format_yuan`.

Example:
    >>> to_fen(2.675)
    Decimal('2.68')
    >>> format_yuan(Decimal("1234567.891"), grouped=True)
    '1,234,567.89'
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

FEN = Decimal("0.01")
"""One fen, the smallest unit a payment or a figure is rounded to."""


def to_fen(value: Decimal | float | int, rounding: str = ROUND_HALF_UP) -> Decimal:
    """Yuan rounded to the fen (a float by its shortest repr, so 2.675 is 2.68)."""
    # float(): a numpy float's repr is not a number
    exact = Decimal(repr(float(value))) if isinstance(value, float) else Decimal(value)
    return exact.quantize(FEN, rounding=rounding)


def format_yuan(value: Decimal | float | int, *, grouped: bool = False) -> str:
    """Yuan as text to the fen (``"1234.50"``; ``"1,234.50"`` with ``grouped`` for people)."""
    fen = to_fen(value)
    return f"{fen:,}" if grouped else str(fen)
