"""The exact first level splits a satellite's freight over trucks when it must."""

from __future__ import annotations

import numpy as np
import pytest

from routing.two_echelon import solve_first_level

# depot, satellite 1 at 10 east, satellite 2 at 10 west
XY = np.array([[0.0, 0.0], [10.0, 0.0], [-10.0, 0.0]])
DISTANCE = np.sqrt(((XY[:, None] - XY[None, :]) ** 2).sum(axis=2))


def test_split_delivery_when_a_satellite_needs_more_than_a_truck() -> None:
    first = solve_first_level(DISTANCE, {1: 3.0, 2: 1.0}, trucks=2, capacity=2.0)
    assert first is not None
    assert first.cost == pytest.approx(60.0)  # 0-1-0 full, then 0-1-2-0 with one unit each
    brought: dict[int, float] = {1: 0.0, 2: 0.0}
    for route in first.routes:
        assert sum(route.delivered) <= 2.0
        for s, q in zip(route.satellites, route.delivered, strict=True):
            brought[s] += q
    assert brought == {1: 3.0, 2: 1.0}


def test_too_little_fleet_is_none_and_no_freight_costs_nothing() -> None:
    assert solve_first_level(DISTANCE, {1: 3.0, 2: 2.0}, trucks=2, capacity=2.0) is None
    empty = solve_first_level(DISTANCE, {1: 0.0, 2: 0.0}, trucks=1, capacity=2.0)
    assert empty is not None and empty.cost == 0.0 and empty.routes == ()
