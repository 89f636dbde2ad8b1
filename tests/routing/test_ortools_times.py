"""The OR-Tools engine's whole-second schedules hold in a problem's own (fractional) times."""

from __future__ import annotations

import numpy as np

from routing import OrtoolsParams, RoutingProblem, solve_ortools, validate_plan
from tests.routing.scattered import scattered_problem


def scattered(n: int, *, seed: int, **vehicle: object) -> RoutingProblem:
    return scattered_problem(
        n,
        seed=seed,
        side_m=10_000.0,
        speed_m_s=10.0,
        base_capacity=30.0,
        service_s=300.0,
        **vehicle,
    )


def test_schedules_hold_in_the_problems_own_fractional_times() -> None:
    """Travel times of 0.1 s steps and windows closing when the van can just make them: the
    engine's whole-second schedule must hold in the real times, checked with no tolerance."""
    base = scattered(30, seed=6, count=4, capacity=(60.0,))
    duration = np.floor(base.duration_s * 10.0) / 10.0 + 0.45
    np.fill_diagonal(duration, 0.0)
    late = np.r_[86_400.0, duration[0, 1:] + 0.3]  # open only just long enough to go direct
    problem = RoutingProblem.from_matrix(
        base.distance_m,
        duration,
        delivery=base.delivery,
        fleet=base.fleet,
        service_s=0.0,
        tw_late_s=late,
        penalty_yuan=np.r_[0.0, np.full(30, 100.0)],
    )
    plan = solve_ortools(
        problem, time_limit_s=30.0, seed=0, solution_limit=200, params=OrtoolsParams()
    )
    assert validate_plan(problem, plan, tolerance_s=1e-6) == []
