"""The routing model's problem data is immutable, arrays included."""

from __future__ import annotations

import numpy as np
import pytest

from routing import RoutingProblem, VehicleType


def test_problem_arrays_are_read_only_copies() -> None:
    distance = np.array([[0.0, 1000.0], [1000.0, 0.0]])
    problem = RoutingProblem.from_matrix(
        distance, delivery=[[0.0], [3.0]], fleet=[VehicleType("van", 1, (10.0,))]
    )
    for name in ("distance_m", "duration_s", "delivery", "pickup", "penalty_yuan", "tw_late_s"):
        with pytest.raises(ValueError, match="read-only"):
            getattr(problem, name)[0, ...] = 5.0
    distance[0, 1] = 7.0  # the caller's array stays the caller's
    assert problem.distance_m[0, 1] == 1000.0
