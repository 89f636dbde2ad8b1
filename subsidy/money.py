"""Exact money: yuan <-> integer hao, and fen rounding whose lines add up to the total.

All arithmetic inside the library is on integers in **hao** (毫, 1/10,000 yuan = 1/100 fen), so
sums, caps and pro-rata shares are exact and fast (numpy int64). Inputs may carry at most four
decimals of a yuan; anything finer is rejected rather than silently rounded. Amounts are rounded
to the fen once, at the end (:func:`round_lines_fen`).
"""

from __future__ import annotations

from collections.abc import Sequence
from decimal import ROUND_FLOOR, Decimal, InvalidOperation

from network.errors import InputError
from network.texts import Message

HAO_PER_YUAN = 10_000
HAO_PER_FEN = 100
ROUNDING_RULES = (
    "ROUND_HALF_UP",
    "ROUND_HALF_EVEN",
    "ROUND_HALF_DOWN",
    "ROUND_UP",
    "ROUND_DOWN",
    "ROUND_CEILING",
    "ROUND_FLOOR",
)


def to_decimal(value: object, *, field: str, row: int | None = None) -> Decimal:
    """A finite Decimal from an int, Decimal, str or float (floats via their shortest repr)."""
    if type(value) is Decimal and value.is_finite():
        return value  # the common case, kept fast for large batches of claim records
    if isinstance(value, bool):
        raise InputError(Message("{value!r} is not a number", value=value), row=row, field=field)
    try:
        number = Decimal(str(value).strip()) if isinstance(value, str | float) else Decimal(value)  # type: ignore[arg-type]
    except (InvalidOperation, TypeError, ValueError):
        raise InputError(
            Message("{value!r} is not a number", value=value), row=row, field=field
        ) from None
    if not number.is_finite():
        raise InputError(
            Message("{value!r} is not a finite number", value=value), row=row, field=field
        )
    return number


def to_hao(value: object, *, field: str, row: int | None = None, places: int = 4) -> int:
    """Yuan -> integer hao; more than ``places`` decimals (4 = hao, 2 = fen) is an error."""
    number = to_decimal(value, field=field, row=row)
    scaled = number * HAO_PER_YUAN
    step = 10 ** (4 - places)
    if scaled != scaled.to_integral_value() or int(scaled) % step:
        unit = Message("fen") if places == 2 else Message("{places} decimals", places=places)
        raise InputError(
            Message("{value} yuan is finer than {unit}", value=value, unit=unit),
            row=row,
            field=field,
        )
    return int(scaled)


def hao_to_yuan(hao: int) -> Decimal:
    """Integer hao -> Decimal yuan with four decimals (exact)."""
    return Decimal(hao).scaleb(-4)


def fen_to_yuan(fen: int) -> Decimal:
    """Integer fen -> Decimal yuan with two decimals (exact)."""
    return Decimal(fen).scaleb(-2)


def round_hao_to_fen(hao: int, rule: str) -> int:
    """Round an exact hao amount to whole fen with a named :mod:`decimal` rounding rule."""
    return int((Decimal(hao) / HAO_PER_FEN).quantize(Decimal(1), rounding=rule))


def round_lines_fen(exact_hao: Sequence[int], rule: str) -> list[int]:
    """Round lines to fen so that they add up exactly to the rounded total (largest remainder).

    The total ``sum(exact_hao)`` is rounded with ``rule``. Every line starts at its floor in
    fen; the fen still missing go one each to the lines with the largest remainders (ties: the
    earlier line). So each line ends at its floor or its ceiling, never further away, which
    also keeps a line within any cap that is a whole number of fen.
    """
    floors = [h // HAO_PER_FEN for h in exact_hao]  # floor towards -inf, also for reversals
    missing = round_hao_to_fen(sum(exact_hao), rule) - sum(floors)
    by_remainder = sorted(range(len(exact_hao)), key=lambda i: (-(exact_hao[i] % HAO_PER_FEN), i))
    for i in by_remainder[:missing]:
        floors[i] += 1
    return floors


def floor_hao(value: Decimal) -> int:
    """The whole hao at or below a Decimal yuan amount."""
    return int((value * HAO_PER_YUAN).to_integral_value(rounding=ROUND_FLOOR))
