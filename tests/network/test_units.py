"""Administrative villages versus urban communities."""

from __future__ import annotations

import pytest

from network.units import classify_unit


@pytest.mark.parametrize(
    ("kind", "name", "ur_code", "expected", "basis"),
    [
        ("community", "东门村", "", "community", "kind"),  # the kind column wins
        ("村委会", "东门社区", "111", "village", "kind"),
        ("", "东景社区", "", "community", "name"),
        ("", "西关社区居委会", "121", "community", "name"),
        ("", "长龙华侨农场生活区", "", "community", "name"),
        ("", "青凤村委会", "121", "village", "name"),  # a village committee in town stays one
        ("", "半月里村", "", "village", "name"),
        ("", "戊", "111", "community", "ur_code"),
        ("", "戊", "220", "village", "ur_code"),
        ("other", "某地", "", "village", "default"),
    ],
)
def test_classify_unit(kind: str, name: str, ur_code: str, expected: str, basis: str) -> None:
    unit = classify_unit(kind=kind, name=name, ur_code=ur_code)
    assert (unit.kind, unit.basis) == (expected, basis)
