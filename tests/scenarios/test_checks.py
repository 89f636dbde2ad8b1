"""The checks list: a figure inside its range is ok, outside (or unknown) is not."""

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from scenarios.checks import Check, checks_json


def test_ends_are_inside() -> None:
    assert Check("a.b", Decimal("0.8"), Decimal("0.8"), Decimal("4.0"), "yuan", "facts 3b").ok
    assert Check("a.b", 4.0, 0.8, 4.0, "yuan", "facts 3b").ok
    assert not Check("a.b", 4.01, 0.8, 4.0, "yuan", "facts 3b").ok
    assert not Check("a.b", None, 0.8, 4.0, "yuan", "facts 3b").ok
    assert Check("a.b", 99, None, 100, "%", "rule").ok


def test_bad_range_is_refused() -> None:
    with pytest.raises(ValueError, match="low"):
        Check("a.b", 1, 5, 2, "yuan", "facts 3b")
    with pytest.raises(ValueError, match="source"):
        Check("a.b", 1, 0, 2, "yuan", "")


@given(st.floats(-1e6, 1e6), st.floats(-1e6, 1e6), st.floats(-1e6, 1e6))
def test_ok_means_inside(value: float, a: float, b: float) -> None:
    low, high = min(a, b), max(a, b)
    check = Check("x", value, low, high, "u", "rule")
    assert check.ok == (low <= value <= high)
    (row,) = checks_json([check])
    assert row["ok"] == check.ok and row["figure"] == "x"
