"""Benchmark the routing engines against best-known solutions.

    python -m benchmarks.routing --instances DIR --time-limit S --engine ENGINE --csv OUT
        [--baseline] [--class CLASS] [--limit N] [--max-clients N] [--seed N]

Reads every instance listed in ``DIR/bks.csv``, solves it with ``routing.solve``, validates the
plan, re-costs it in the row's cost convention and writes one CSV row per instance; then prints
the mean gap per class. ``--baseline`` also solves each instance with OR-Tools configured as its
documentation's example (PATH_CHEAPEST_ARC + GUIDED_LOCAL_SEARCH) in the same time budget.
"""

from __future__ import annotations

import argparse
import csv
import math
import statistics
import sys
import time
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from benchmarks.instances import (
    BksRow,
    Instance,
    convention_cost,
    plan_routes,
    read_bks,
    read_instance,
    to_problem,
)
from network import InputError
from routing.model import Plan, RoutingProblem
from routing.ortools_engine import OrtoolsParams, solve_ortools
from routing.portfolio import solve_auto, solve_ortools_pair
from routing.pyvrp_engine import solve_pyvrp
from routing.settings import SolverSettings
from routing.validate import validate_plan

COLUMNS = (
    "instance",
    "problem_class",
    "n_clients",
    "bks_cost",
    "cost",
    "gap_pct",
    "vehicles",
    "seconds",
    "feasible",
)
DEFAULT_INSTANCES = Path(__file__).resolve().parents[1].parent / "shared/benchmarks/instances"

#: OR-Tools as its routing documentation's examples configure it.
DOCUMENTATION_PARAMS = OrtoolsParams(
    first_solution_strategy="PATH_CHEAPEST_ARC",
    local_search_metaheuristic="GUIDED_LOCAL_SEARCH",
)

Solver = Callable[[RoutingProblem, float, int], Plan]
#: Time tolerance of the benchmark's validation (floating-point sums only).
STRICT_TOLERANCE = 1e-6


@dataclass(frozen=True)
class Result:
    """One solved instance, costed in its convention."""

    row: BksRow
    cost: float
    vehicles: int
    seconds: float
    feasible: bool

    @property
    def gap_pct(self) -> float:
        """Gap to the best-known cost in percent."""
        return 100.0 * (self.cost - self.row.bks_cost) / self.row.bks_cost

    def csv_row(self) -> dict[str, object]:
        """The row written to the output CSV."""
        return {
            "instance": self.row.instance,
            "problem_class": self.row.problem_class,
            "n_clients": self.row.n_clients,
            "bks_cost": self.row.bks_cost,
            "cost": round(self.cost, 4),
            "gap_pct": round(self.gap_pct, 3),
            "vehicles": self.vehicles,
            "seconds": round(self.seconds, 2),
            "feasible": self.feasible,
        }


def run_instance(
    instance: Instance, row: BksRow, solver: Solver, *, time_limit_s: float, seed: int
) -> Result:
    """Solve one instance, validate the plan and cost it in the instance's convention."""
    problem = to_problem(instance)
    started = time.perf_counter()
    plan = solver(problem, time_limit_s, seed)
    seconds = time.perf_counter() - started
    # the instance's times are its own units, not seconds: no slack for rounding
    violations = validate_plan(problem, plan, tolerance_s=STRICT_TOLERANCE)
    routes = plan_routes(plan)
    complete = sum(len(nodes) - 2 for _, nodes in routes) == instance.n_clients
    return Result(
        row=row,
        cost=convention_cost(instance, routes),
        vehicles=len(routes),
        seconds=seconds,
        feasible=complete and not violations,
    )


def engine_solver(engine: str) -> Solver:
    """The solver behind ``--engine``: auto (the portfolio), pyvrp, ortools (``routing.solve``'s
    ``engine="ortools"``: two tuned OR-Tools searches on the two cores) or documentation (the
    baseline alone, one process, so it can run on the other core beside another class)."""

    def auto(problem: RoutingProblem, time_limit_s: float, seed: int) -> Plan:
        return solve_auto(problem, SolverSettings(time_limit_s=time_limit_s, seed=seed))

    def pyvrp(problem: RoutingProblem, time_limit_s: float, seed: int) -> Plan:
        return solve_pyvrp(problem, time_limit_s=time_limit_s, seed=seed)

    def ortools(problem: RoutingProblem, time_limit_s: float, seed: int) -> Plan:
        return solve_ortools_pair(problem, SolverSettings(time_limit_s=time_limit_s, seed=seed))

    solvers: dict[str, Solver] = {
        "auto": auto,
        "pyvrp": pyvrp,
        "ortools": ortools,
        "documentation": baseline_solver,
    }
    if engine not in solvers:
        raise InputError(f"unknown engine {engine!r}: use one of {sorted(solvers)}", field="engine")
    return solvers[engine]


def baseline_solver(problem: RoutingProblem, time_limit_s: float, seed: int) -> Plan:
    """OR-Tools with its documentation's example parameters."""
    return solve_ortools(problem, time_limit_s=time_limit_s, seed=seed, params=DOCUMENTATION_PARAMS)


def mean_gaps(results: list[Result]) -> dict[str, float]:
    """Mean gap per problem class (the prefix before '-': HFVRP-HD counts as HFVRP) over the
    complete, valid plans (NaN if a class has none): a plan that leaves clients unserved
    costs less than any complete one, so its gap would flatter the mean. :func:`left_out`
    names the others; the CSV flags them."""
    by_class: dict[str, list[float]] = defaultdict(list)
    for result in results:
        gaps = by_class[_class(result)]
        if result.feasible:
            gaps.append(result.gap_pct)
    return {
        name: statistics.fmean(gaps) if gaps else math.nan
        for name, gaps in sorted(by_class.items())
    }


def left_out(results: list[Result]) -> dict[str, list[str]]:
    """Per problem class, the instances whose plan is incomplete or invalid."""
    names: dict[str, list[str]] = defaultdict(list)
    for result in results:
        if not result.feasible:
            names[_class(result)].append(result.row.instance)
    return dict(names)


def _class(result: Result) -> str:
    return result.row.problem_class.split("-")[0]


def write_csv(path: Path, results: list[Result]) -> None:
    """Write the results (temporary file, then rename)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    partial = path.with_suffix(path.suffix + ".part")
    with partial.open("w", newline="", encoding="utf-8") as fh:
        writer = csv.DictWriter(fh, fieldnames=COLUMNS)
        writer.writeheader()
        writer.writerows(result.csv_row() for result in results)
    partial.replace(path)


def _select(rows: list[BksRow], args: argparse.Namespace) -> list[BksRow]:
    chosen = [
        row
        for row in rows
        if (args.problem_class is None or row.problem_class.startswith(args.problem_class))
        and (args.max_clients is None or row.n_clients <= args.max_clients)
    ]
    return chosen[: args.limit] if args.limit else chosen


def _parse(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.routing", description=__doc__)
    parser.add_argument("--instances", type=Path, default=DEFAULT_INSTANCES)
    parser.add_argument("--time-limit", type=float, default=20.0, help="seconds per instance")
    parser.add_argument(
        "--engine", default="auto", help="auto, ortools, pyvrp or documentation (the baseline)"
    )
    parser.add_argument("--csv", type=Path, default=Path("routing-benchmark.csv"))
    parser.add_argument("--baseline", action="store_true", help="also run documentation OR-Tools")
    parser.add_argument("--class", dest="problem_class", help="problem_class prefix, e.g. CVRP")
    parser.add_argument("--limit", type=int, help="first N instances only")
    parser.add_argument("--max-clients", type=int, help="only instances with <= N clients")
    parser.add_argument("--seed", type=int, default=1)
    return parser.parse_args(argv)


def main(argv: list[str] | None = None) -> int:
    """Run the benchmark; print one line per instance and the mean gap per class."""
    args = _parse(argv)
    rows = _select(read_bks(args.instances), args)
    ours: list[Result] = []
    base: list[Result] = []
    solver = engine_solver(args.engine)
    for row in rows:
        instance = read_instance(row)
        ours.append(
            run_instance(instance, row, solver, time_limit_s=args.time_limit, seed=args.seed)
        )
        line = f"{row.instance:14s} {args.engine}: gap {ours[-1].gap_pct:6.2f} %{_flag(ours[-1])}"
        if args.baseline:
            base.append(
                run_instance(
                    instance, row, baseline_solver, time_limit_s=args.time_limit, seed=args.seed
                )
            )
            line += f"  baseline: gap {base[-1].gap_pct:6.2f} %{_flag(base[-1])}"
        print(line, flush=True)
        write_csv(args.csv, ours)
    if args.baseline:
        write_csv(args.csv.with_name(args.csv.stem + "-baseline" + args.csv.suffix), base)
    base_gaps, base_out = mean_gaps(base), left_out(base)
    ours_out = left_out(ours)
    for name, gap in mean_gaps(ours).items():
        line = f"mean gap {name:8s} {args.engine}: {gap:6.2f} %{_left_out_note(ours_out, name)}"
        if name in base_gaps:
            line += f"   baseline {base_gaps[name]:6.2f} %{_left_out_note(base_out, name)}"
        print(line)
    return 0


def _flag(result: Result) -> str:
    return "" if result.feasible else "  (incomplete or invalid: left out of the mean)"


def _left_out_note(out: dict[str, list[str]], name: str) -> str:
    names = out.get(name, [])
    return f" (left out, incomplete or invalid: {', '.join(names)})" if names else ""


if __name__ == "__main__":
    sys.exit(main())
