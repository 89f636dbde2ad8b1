"""``routing.solve``: one entry point for every engine; every plan goes through the validator."""

from __future__ import annotations

from collections.abc import Callable
from typing import Literal

from network.errors import InputError
from routing.model import Plan, RoutingProblem
from routing.validate import check_plan

Engine = Literal["auto", "ortools", "pyvrp"]


def solve(
    problem: RoutingProblem,
    *,
    time_limit_s: float,
    seed: int = 0,
    engine: Engine = "auto",
    work_limit: int | None = None,
    progress: Callable[[float], None] | None = None,
) -> Plan:
    """Solve ``problem`` within ``time_limit_s``; with ``work_limit`` (solutions for OR-Tools,
    iterations for PyVRP) the plan is the same for the same seed on any machine. ``progress``
    receives the best objective (yuan) so far. Raises ``PlanInvalidError`` if an engine returns
    a plan that breaks the problem's rules."""
    if time_limit_s <= 0:
        raise InputError("time_limit_s must be > 0", field="time_limit_s")
    if engine == "pyvrp":
        from routing.portfolio import Strategy, run_strategy

        plan = run_strategy(
            problem,
            Strategy("pyvrp", seed),
            time_limit_s=time_limit_s,
            work_limit=work_limit,
            progress=progress,
        )
    elif engine == "ortools":
        from routing.portfolio import solve_ortools_pair

        plan = solve_ortools_pair(
            problem, time_limit_s=time_limit_s, seed=seed, work_limit=work_limit, progress=progress
        )
    elif engine == "auto":
        from routing.portfolio import solve_auto

        plan = solve_auto(
            problem, time_limit_s=time_limit_s, seed=seed, work_limit=work_limit, progress=progress
        )
    else:
        raise InputError(f"unknown engine {engine!r} (auto, ortools, pyvrp)", field="engine")
    return check_plan(problem, plan)
