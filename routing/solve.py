"""``routing.solve``: one entry point for every engine; every plan goes through the validator."""

from __future__ import annotations

from collections.abc import Callable

from routing.model import Plan, RoutingProblem
from routing.settings import SolverSettings
from routing.validate import check_plan


def solve(
    problem: RoutingProblem,
    settings: SolverSettings,
    *,
    progress: Callable[[float], None] | None = None,
) -> Plan:
    """Solve ``problem`` with ``settings`` (engine, time limit, work limit, seed): with a work
    limit the plan is the same for the same seed on any machine. ``progress`` receives the best
    objective (yuan) so far.

    Raises :class:`routing.SolverError` when the engine returns no plan and
    ``PlanInvalidError`` if it returns one that breaks the problem's rules.

    Example:
        >>> from routing import RoutingProblem, SolverSettings, VehicleType
        >>> van = VehicleType("van", count=1, capacity=(10.0,))
        >>> problem = RoutingProblem.from_matrix([[0, 1000], [1000, 0]], delivery=[[0], [3]],
        ...                                      fleet=[van])
        >>> plan = solve(problem, SolverSettings(time_limit_s=1, work_limit=10, engine="ortools"))
        >>> [r.stops for r in plan.routes]
        [(1,)]
    """
    from routing.portfolio import solve_auto, solve_ortools_pair, solve_pyvrp_alone

    if settings.engine == "pyvrp":
        plan = solve_pyvrp_alone(problem, settings, progress=progress)
    elif settings.engine == "ortools":
        plan = solve_ortools_pair(problem, settings, progress=progress)
    else:
        plan = solve_auto(problem, settings, progress=progress)
    return check_plan(problem, plan)
