"""``engine="auto"``: two strategies on the two cores, keep the cheaper validated plan.

Each strategy runs in its own process for the same wall-clock budget. When PyVRP can model the
problem, both processes run PyVRP with different seeds (PyVRP is the stronger engine on the
problems it models); otherwise both run OR-Tools, one with :data:`TUNED_PARAMS` and one with
:data:`SECOND_PARAMS` (larger ruins). ``engine="ortools"`` runs that OR-Tools pair whatever the
problem. Every plan goes through the validator; the cheaper valid plan wins, ties going to the
first strategy, so the choice is deterministic given the seed and a work limit.
"""

from __future__ import annotations

import math
import multiprocessing
import queue
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from functools import partial
from typing import Literal, TypeVar

from routing.model import Plan, RoutingProblem
from routing.ortools_engine import OrtoolsParams, solve_ortools
from routing.pyvrp_engine import PyvrpUnsupportedError, check_pyvrp_supports, solve_pyvrp
from routing.settings import SolverError, SolverSettings
from routing.validate import validate_plan

#: Guided local search from the documentation's first solution plus the close-nodes
#: ruin-and-recreate operators (off by default), which move groups of neighbouring clients at
#: once: the OR-Tools search where the ILS cannot run (pickups, several rounds a day). Measured
#: on four X instances (n = 100-255, 20 s) with 10 close nodes: 4.0 % mean gap against 5.7 %
#: for the documentation's example; OR-Tools' default of 5 close nodes applies here.
GLS_PARAMS = OrtoolsParams(
    first_solution_strategy="PATH_CHEAPEST_ARC",
    local_search_metaheuristic="GUIDED_LOCAL_SEARCH",
    operators_on=(
        "use_local_cheapest_insertion_close_nodes_lns",
        "use_global_cheapest_insertion_close_nodes_lns",
    ),
)
#: OR-Tools parameters for ``engine="ortools"`` (first process): OR-Tools' own iterated local
#: search (SISR ruin, cheapest-insertion recreate, greedy descent with the fast operators,
#: simulated annealing acceptance) from the documentation's first solution, else
#: :data:`GLS_PARAMS`. Six X instances (n = 213-297, 20 s, one process): 4.1 % mean gap
#: against 7.0 % with every default operator in the descent; GLS is far behind on these.
TUNED_PARAMS = OrtoolsParams(
    first_solution_strategy="PATH_CHEAPEST_ARC",
    iterated_local_search=True,
    fallback=GLS_PARAMS,
)
#: The second OR-Tools strategy (the other core): larger ruins, else a savings start.
SECOND_PARAMS = OrtoolsParams(
    first_solution_strategy="PATH_CHEAPEST_ARC",
    iterated_local_search=True,
    ruin_visits=15,
    fallback=replace(GLS_PARAMS, first_solution_strategy="SAVINGS"),
)
T = TypeVar("T")
#: Seconds kept back from each process's budget for process start-up and hand-back.
_START_MARGIN_S = 0.4


@dataclass(frozen=True)
class Strategy:
    """One engine run of the portfolio."""

    engine: Literal["pyvrp", "ortools"]
    seed: int
    params: OrtoolsParams | None = None


def strategies(problem: RoutingProblem, *, seed: int) -> tuple[Strategy, Strategy]:
    """The two strategies for ``problem``: PyVRP with two seeds if it models the problem,
    else two OR-Tools configurations."""
    try:
        check_pyvrp_supports(problem)
    except PyvrpUnsupportedError:
        return _ortools_pair(seed)
    return Strategy("pyvrp", seed), Strategy("pyvrp", seed + 1)


def _ortools_pair(seed: int, params: OrtoolsParams | None = None) -> tuple[Strategy, Strategy]:
    if params is not None:
        return Strategy("ortools", seed, params), Strategy("ortools", seed + 1, params)
    return Strategy("ortools", seed, TUNED_PARAMS), Strategy("ortools", seed + 1, SECOND_PARAMS)


def run_strategy(
    problem: RoutingProblem,
    strategy: Strategy,
    *,
    time_limit_s: float,
    work_limit: int | None,
    progress: Callable[[float], None] | None = None,
) -> Plan:
    """Solve ``problem`` with one strategy (in this process)."""
    if strategy.engine == "pyvrp":
        return solve_pyvrp(
            problem,
            time_limit_s=time_limit_s,
            seed=strategy.seed,
            work_limit=work_limit,
            progress=progress,
        )
    return solve_ortools(
        problem,
        time_limit_s=time_limit_s,
        seed=strategy.seed,
        work_limit=work_limit,
        params=strategy.params,
        progress=progress,
    )


def pick_cheapest(problem: RoutingProblem, plans: list[Plan]) -> Plan:
    """The cheapest plan without violations (first one on ties); the cheapest plan overall if
    none is valid, so the caller still sees what the solvers found."""
    valid = [plan for plan in plans if not validate_plan(problem, plan)]
    return min(valid or plans, key=lambda plan: plan.objective)


def solve_auto(
    problem: RoutingProblem,
    settings: SolverSettings,
    *,
    progress: Callable[[float], None] | None = None,
) -> Plan:
    """Run two strategies in two processes within the time limit and return the cheaper
    validated plan. The work limit (PyVRP iterations / OR-Tools solutions per strategy) makes
    the plan reproducible; ``progress`` receives the best cost found so far by either."""
    pair = strategies(problem, seed=settings.seed)
    if pair[0].engine != "pyvrp":
        pair = _ortools_pair(settings.seed, settings.ortools)
    try:
        return _cheapest_of(problem, pair, settings, progress)
    except SolverError:
        if pair[0].engine != "pyvrp":
            raise
        # PyVRP found no plan serving every mandatory client (e.g. too small a fleet):
        # OR-Tools drops what it cannot serve and says why.
        return solve_ortools_pair(problem, settings, progress=progress)


def solve_ortools_pair(
    problem: RoutingProblem,
    settings: SolverSettings,
    *,
    progress: Callable[[float], None] | None = None,
) -> Plan:
    """``engine="ortools"``: two OR-Tools strategies (``settings.ortools``, else
    :data:`TUNED_PARAMS` and :data:`SECOND_PARAMS`) in two processes; the cheaper valid plan."""
    pair = _ortools_pair(settings.seed, settings.ortools)
    return _cheapest_of(problem, pair, settings, progress)


def solve_pyvrp_alone(
    problem: RoutingProblem,
    settings: SolverSettings,
    *,
    progress: Callable[[float], None] | None = None,
) -> Plan:
    """``engine="pyvrp"``: PyVRP with the settings' seed, in this process."""
    strategy = Strategy("pyvrp", settings.seed)
    return run_strategy(
        problem,
        strategy,
        time_limit_s=settings.time_limit_s,
        work_limit=settings.work_limit,
        progress=progress,
    )


def _cheapest_of(
    problem: RoutingProblem,
    pair: tuple[Strategy, Strategy],
    settings: SolverSettings,
    progress: Callable[[float], None] | None,
) -> Plan:
    """Both strategies of ``pair`` in two processes within the time limit; the cheaper
    validated plan."""
    budget_s = max(0.1, settings.time_limit_s - _START_MARGIN_S)
    work = settings.work_limit
    tasks = [partial(_strategy_task, problem, strategy, budget_s, work) for strategy in pair]
    plans = run_in_processes(tasks, progress=progress, timeout_s=3 * budget_s + 30)
    return pick_cheapest(problem, plans)


def _strategy_task(
    problem: RoutingProblem,
    strategy: Strategy,
    budget_s: float,
    work_limit: int | None,
    progress: Callable[[float], None],
) -> Plan:
    return run_strategy(
        problem, strategy, time_limit_s=budget_s, work_limit=work_limit, progress=progress
    )


def run_in_processes(
    tasks: Sequence[Callable[[Callable[[float], None]], T]],
    *,
    progress: Callable[[float], None] | None = None,
    timeout_s: float,
) -> list[T]:
    """Run each task in its own (forked) process and return the results in task order, those
    that failed left out. A task receives a callback for its best cost so far; the lowest
    cost reported by any task goes to ``progress``. Raises if every task fails.

    A daemonic process (a Dask worker, for one) may not start children: there the tasks run
    one after the other in this process, which gives the same plans under a work limit.
    """
    if multiprocessing.current_process().daemon:
        return _run_here(tasks, progress)
    context = multiprocessing.get_context("fork")
    messages: multiprocessing.Queue[tuple[int, str, object]] = context.Queue()
    workers = [
        context.Process(target=_worker, args=(index, task, messages), daemon=True)
        for index, task in enumerate(tasks)
    ]
    for worker in workers:
        worker.start()
    try:
        results = _collect(messages, len(workers), progress, timeout_s=timeout_s)
    except BaseException:  # interrupted or failed: the searches are of no use any more
        for worker in workers:
            worker.terminate()
        raise
    finally:
        for worker in workers:
            worker.join(timeout=5)
            if worker.is_alive():
                worker.terminate()
    return [results[index] for index in sorted(results)]  # type: ignore[misc]


def _run_here(
    tasks: Sequence[Callable[[Callable[[float], None]], T]],
    progress: Callable[[float], None] | None,
) -> list[T]:
    best = math.inf

    def report(cost: float) -> None:
        nonlocal best
        if cost < best:
            best = cost
            if progress is not None:
                progress(cost)

    results: list[T] = []
    errors: list[str] = []
    for task in tasks:
        try:
            results.append(task(report))
        except Exception as error:  # the same as a failed process: skipped, reported if all fail
            errors.append(repr(error))
    if not results:
        raise SolverError("every portfolio strategy failed: " + "; ".join(errors))
    return results


def _worker(
    index: int,
    task: Callable[[Callable[[float], None]], object],
    messages: multiprocessing.Queue[tuple[int, str, object]],
) -> None:
    """Process body: report progress and the result (or the error) through ``messages``."""
    try:
        result = task(lambda cost: messages.put((index, "progress", cost)))
    except Exception as error:  # handed back to the parent, which reports it
        messages.put((index, "error", repr(error)))
        return
    messages.put((index, "result", result))


def _collect(
    messages: multiprocessing.Queue[tuple[int, str, object]],
    count: int,
    progress: Callable[[float], None] | None,
    *,
    timeout_s: float,
) -> dict[int, object]:
    """Results of the ``count`` workers by index, forwarding the best cost to ``progress``."""
    results: dict[int, object] = {}
    errors: list[str] = []
    best = math.inf
    while len(results) + len(errors) < count:
        try:
            index, kind, payload = messages.get(timeout=timeout_s)
        except queue.Empty:
            break
        if kind == "result":
            results[index] = payload
        elif kind == "error":
            errors.append(str(payload))
        elif kind == "progress" and isinstance(payload, float | int) and payload < best:
            best = float(payload)
            if progress is not None:
                progress(best)
    if not results:
        raise SolverError("every portfolio strategy failed: " + "; ".join(errors))
    return results
