"""Money: one rounding to the fen and one formatter for every output."""

from __future__ import annotations

from decimal import ROUND_DOWN, Decimal

import numpy as np
from hypothesis import given
from hypothesis import strategies as st

from network.money import FEN, format_yuan, to_fen


def test_to_fen_rounds_half_up_from_the_shortest_float_text() -> None:
    assert to_fen(2.675) == Decimal("2.68")  # the binary double is 2.67499...
    assert to_fen(Decimal("0.005")) == Decimal("0.01")
    assert to_fen(Decimal("-0.005")) == Decimal("-0.01")
    assert to_fen(np.float64(1.005)) == Decimal("1.01")  # numpy floats too
    assert to_fen(Decimal("0.019"), ROUND_DOWN) == Decimal("0.01")
    assert to_fen(3) == Decimal("3.00")


def test_format_yuan_writes_fen_plain_or_grouped() -> None:
    assert format_yuan(Decimal("1234567.891")) == "1234567.89"
    assert format_yuan(Decimal("1234567.891"), grouped=True) == "1,234,567.89"
    assert format_yuan(Decimal("1E+3")) == "1000.00"
    assert format_yuan(0) == "0.00"


@given(st.decimals(min_value=-(10**9), max_value=10**9, allow_nan=False, places=6))
def test_formatted_yuan_reads_back_as_the_rounded_amount(value: Decimal) -> None:
    text = format_yuan(value)
    assert Decimal(text) == to_fen(value)
    assert Decimal(text).as_tuple().exponent == -2
    assert abs(Decimal(text) - value) <= FEN / 2
    assert Decimal(format_yuan(value, grouped=True).replace(",", "")) == Decimal(text)
