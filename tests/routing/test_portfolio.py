"""engine="auto": two strategies in two processes, the cheaper validated plan wins."""

from __future__ import annotations

import multiprocessing
import time
from dataclasses import replace
from typing import Any

import numpy as np
import pytest

from routing.model import Break, Plan, RoutingProblem, VehicleType
from routing.portfolio import pick_cheapest, run_in_processes, solve_auto, strategies
from routing.settings import SolverError, SolverSettings
from routing.validate import validate_plan


def _problem(n: int = 20, *, seed: int = 11, **vehicle: object) -> RoutingProblem:
    rng = np.random.default_rng(seed)
    xy = rng.uniform(0, 8000, size=(n + 1, 2))
    matrix = np.rint(np.hypot(*(xy[:, None, :] - xy[None, :, :]).transpose(2, 0, 1)))
    fields: dict[str, object] = {"name": "van", "count": 6, "capacity": (12.0,)}
    fields.update(vehicle)
    return RoutingProblem.from_matrix(
        matrix,
        delivery=[0, *rng.integers(1, 4, size=n)],
        fleet=[VehicleType(**fields)],  # type: ignore[arg-type]
        dimensions=("parcels",),
    )


def test_pyvrp_problems_get_two_pyvrp_seeds_and_breaks_two_ortools_strategies() -> None:
    plain = strategies(_problem(), seed=4)
    assert [(s.engine, s.seed) for s in plain] == [("pyvrp", 4), ("pyvrp", 5)]
    with_break = strategies(_problem(driver_break=Break(600, 900, 30)), seed=4)
    assert [s.engine for s in with_break] == ["ortools", "ortools"]
    assert with_break[0].params != with_break[1].params


def test_pick_cheapest_prefers_a_valid_plan_over_a_cheaper_broken_one() -> None:
    problem = _problem(6)
    good = solve_auto(problem, SolverSettings(time_limit_s=3, seed=1, work_limit=100))
    assert validate_plan(problem, good) == []
    # Serving nobody is cheaper but leaves mandatory villages out: the validator rejects it.
    broken = replace(good, routes=(), cost_yuan=0.0, objective=0.0)
    assert pick_cheapest(problem, [broken, good]) is good
    costlier = replace(good, objective=good.objective + 1)
    assert pick_cheapest(problem, [costlier, good]) is good


def test_auto_plan_is_valid_and_reproducible_with_a_work_limit() -> None:
    problem = _problem()
    first = solve_auto(problem, SolverSettings(time_limit_s=20, seed=2, work_limit=300))
    second = solve_auto(problem, SolverSettings(time_limit_s=20, seed=2, work_limit=300))
    assert validate_plan(problem, first) == []
    assert first == second


def test_auto_honours_the_time_limit_and_reports_progress() -> None:
    problem = _problem(40, count=12)
    seen: list[float] = []
    started = time.perf_counter()
    plan = solve_auto(problem, SolverSettings(time_limit_s=4, seed=3), progress=seen.append)
    elapsed = time.perf_counter() - started
    assert elapsed <= 4 * 1.1 + 0.5  # process start-up is inside the budget
    assert seen and seen == sorted(seen, reverse=True)
    assert plan.objective <= seen[0] + 1e-6


def test_processes_return_results_in_task_order_and_skip_failures() -> None:
    def ok(value: float):  # type: ignore[no-untyped-def]
        def task(progress):  # type: ignore[no-untyped-def]
            progress(value)
            return value

        return task

    def failing(progress):  # type: ignore[no-untyped-def]
        raise ValueError("boom")

    assert run_in_processes([ok(2.0), failing, ok(1.0)], timeout_s=30) == [2.0, 1.0]
    with pytest.raises(SolverError, match="boom"):
        run_in_processes([failing], timeout_s=30)


def test_plan_type_is_a_plan() -> None:
    plan = solve_auto(_problem(5), SolverSettings(time_limit_s=2, seed=0, work_limit=50))
    assert isinstance(plan, Plan)
    assert plan.engine == "pyvrp"


def _square_task(value: int) -> Any:
    return lambda report: (report(float(value)), value * value)[1]


def _run_in_daemon(queue: Any) -> None:
    queue.put(run_in_processes([_square_task(2), _square_task(3)], timeout_s=30))


def test_daemonic_process_runs_tasks_in_place() -> None:
    """A Dask worker is daemonic and may not fork: the tasks then run one after the other."""
    context = multiprocessing.get_context("fork")
    queue = context.Queue()
    process = context.Process(target=_run_in_daemon, args=(queue,), daemon=True)
    process.start()
    assert queue.get(timeout=60) == [4, 9]
    process.join(timeout=10)
