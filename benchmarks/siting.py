"""Benchmark the siting models: our CP-SAT LSCP and MCLP against PySAL spopt (PuLP + CBC).

    python -m benchmarks.siting [--sizes 300x3000,1000x10000] [--runs 3] [--spopt-runs 1]
                                [--limit-s 200] [--workers 1] [--spopt-limit-s 120] [--seed 0]

For each size ``CANDIDATESxVILLAGES``: candidates and villages uniform at random (seeded) on a
square whose side grows with the candidates' count (constant density); the coverage radius is
the largest village-to-nearest-candidate distance (every village coverable, as spopt's LSCP
needs). Unit costs, so LSCP minimises the number of points; MCLP places half the LSCP's count
with village weights 1-3. Each figure is the wall time from the cost matrix to a proven optimum
(model build + solve), median of the runs; ours with deterministic single-worker CP-SAT unless
``--workers`` says otherwise. A run stopped by its time cap is shown as ``>=`` its wall time with
its status (ours: FEASIBLE and the gap to the bound; spopt: CBC's "time cap"), and the ratio is then
a lower bound (``>=``) or not given. The objectives of both are printed and must agree when both
are proven. The machine is shared: compare the ratios measured in the same run rather than the
absolute seconds.
"""

from __future__ import annotations

import argparse
import contextlib
import statistics
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import numpy.typing as npt
import pulp
from spopt.locate import LSCP, MCLP

from network.siting import (
    CpSatSettings,
    SitingProblem,
    SitingResult,
    max_coverage,
    set_covering,
)

FloatArray = npt.NDArray[np.float64]
HEADER = (
    f"{'size':<15} {'model':<5} {'ours_s':>8}  {'status':<20} {'spopt_s':>8}  {'status':<14} "
    f"{'ratio':>8}  objectives"
)


@dataclass(frozen=True)
class Instance:
    """A synthetic siting instance (villages x candidates distances in km)."""

    dist_km: FloatArray
    radius_km: float
    weights: npt.NDArray[np.int64]


@dataclass(frozen=True)
class Run:
    """One timed solve: wall seconds, objective (None without a solution), status, proof."""

    wall_s: float
    objective: float | None
    status: str
    proven: bool


def instance(n_candidates: int, n_villages: int, seed: int) -> Instance:
    """Seeded uniform instance; side 100 km per 300 candidates' worth of area."""
    rng = np.random.default_rng(seed)
    side = 100.0 * np.sqrt(n_candidates / 300.0)
    cand = rng.uniform(0, side, (n_candidates, 2))
    vill = rng.uniform(0, side, (n_villages, 2))
    dist = np.sqrt(((vill[:, None, :] - cand[None, :, :]) ** 2).sum(axis=2))
    radius = float(dist.min(axis=1).max())
    return Instance(dist, radius, rng.integers(1, 4, n_villages))


def _ours(result: SitingResult, objective: float | None) -> tuple[float | None, str, bool]:
    if result.status == "OPTIMAL":
        return objective, "OPTIMAL", True
    if result.gap_pct is not None:
        return objective, f"{result.status} gap {result.gap_pct:.2f}%", False
    return None, result.status, False


def ours_lscp(inst: Instance, settings: CpSatSettings) -> tuple[float | None, str, bool]:
    result = set_covering(
        SitingProblem.from_cost_matrix(inst.dist_km, inst.radius_km), settings=settings
    )
    return _ours(result, float(len(result.chosen_ids)))


def ours_mclp(inst: Instance, p: int, settings: CpSatSettings) -> tuple[float | None, str, bool]:
    problem = SitingProblem.from_cost_matrix(inst.dist_km, inst.radius_km)
    result = max_coverage(problem, max_points=p, weights=inst.weights, settings=settings)
    return _ours(result, result.objective)


def spopt_status(problem: Any) -> tuple[str, bool]:
    """Status of a solved PuLP problem in words, and whether optimality is proven.

    PuLP reads a CBC run stopped by its time limit with a solution as status "Optimal" (1);
    only the solution status ``LpSolutionOptimal`` says CBC proved it.
    """
    if problem.status == pulp.LpStatusOptimal:
        if problem.sol_status == pulp.LpSolutionOptimal:
            return "optimal", True
        if problem.sol_status == pulp.LpSolutionIntegerFeasible:
            return "time cap", False
    if problem.status == pulp.LpStatusNotSolved:
        return "time cap, none", False
    return str(pulp.LpStatus[problem.status]).lower(), False


def _spopt(model: Any, limit_s: float) -> tuple[float | None, str, bool]:
    with contextlib.suppress(RuntimeError):  # spopt's check_status: CBC found no solution
        model.solve(pulp.PULP_CBC_CMD(msg=False, timeLimit=limit_s))
    status, proven = spopt_status(model.problem)
    found = model.problem.sol_status in (pulp.LpSolutionOptimal, pulp.LpSolutionIntegerFeasible)
    value = model.problem.objective.value() if found else None
    return (None if value is None else float(value)), status, proven


def spopt_lscp(inst: Instance, limit_s: float) -> tuple[float | None, str, bool]:
    return _spopt(LSCP.from_cost_matrix(inst.dist_km, inst.radius_km), limit_s)


def spopt_mclp(inst: Instance, p: int, limit_s: float) -> tuple[float | None, str, bool]:
    model = MCLP.from_cost_matrix(inst.dist_km, inst.weights, inst.radius_km, p_facilities=p)
    return _spopt(model, limit_s)


def timed(run: Callable[[], tuple[float | None, str, bool]], runs: int) -> Run:
    """The median run by wall time over ``runs`` (the slower middle one for an even count)."""
    done = []
    for _ in range(runs):
        start = time.perf_counter()
        objective, status, proven = run()
        done.append(Run(time.perf_counter() - start, objective, status, proven))
    done.sort(key=lambda r: r.wall_s)
    middle = done[len(done) // 2]
    wall_s = statistics.median(r.wall_s for r in done)
    return Run(wall_s, middle.objective, middle.status, middle.proven)


def _seconds(run: Run) -> str:
    # Unproven: optimality takes longer than this run's build + capped solve.
    return f"{run.wall_s:8.2f}" if run.proven else f">={run.wall_s:.1f}".rjust(8)


def _ratio(ours: Run, spopt: Run) -> str:
    if not ours.proven:
        return "n/a"
    ratio = f"{spopt.wall_s / ours.wall_s:.1f}x"
    return ratio if spopt.proven else f">={ratio}"


def _agreement(ours: Run, spopt: Run) -> str:
    if ours.objective is None or spopt.objective is None:
        return "no solution"
    if abs(ours.objective - spopt.objective) < 1e-6:
        return "equal"
    return "DIFFER" if ours.proven and spopt.proven else "differ, not both proven"


def row(size: str, model: str, ours: Run, spopt: Run) -> str:
    """One printed line: times, statuses, ratio spopt/ours and both objectives."""
    objectives = f"{ours.objective} vs {spopt.objective} ({_agreement(ours, spopt)})"
    return (
        f"{size:<15} {model:<5} {_seconds(ours)}  {ours.status:<20} "
        f"{_seconds(spopt)}  {spopt.status:<14} {_ratio(ours, spopt):>8}  "
        f"{objectives}"
    )


def compare(size: str, args: argparse.Namespace) -> list[str]:
    """Time both libraries on one size: one line per model."""
    settings = CpSatSettings(
        time_limit_s=args.limit_s,
        seed=args.seed,
        workers=args.workers,
        deterministic=args.workers == 1,
    )
    n_cand, n_vill = (int(x) for x in size.split("x"))
    inst = instance(n_cand, n_vill, args.seed)
    lscp = timed(lambda: ours_lscp(inst, settings), args.runs)
    if lscp.objective is None:
        return [f"{size:<15} lscp  no solution within {args.limit_s:g} s: {lscp.status}"]
    p = max(1, int(lscp.objective) // 2)
    spopt_lscp_run = timed(lambda: spopt_lscp(inst, args.spopt_limit_s), args.spopt_runs)
    mclp = timed(lambda: ours_mclp(inst, p, settings), args.runs)
    spopt_mclp_run = timed(lambda: spopt_mclp(inst, p, args.spopt_limit_s), args.spopt_runs)
    return [
        row(size, "lscp", lscp, spopt_lscp_run),
        row(size, "mclp", mclp, spopt_mclp_run),
    ]


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--sizes", default="300x3000,1000x10000")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--spopt-runs", type=int, default=1)
    parser.add_argument("--limit-s", type=float, default=200.0, help="CP-SAT cap per solve")
    parser.add_argument("--workers", type=int, default=1, help="CP-SAT workers (1: deterministic)")
    parser.add_argument("--spopt-limit-s", type=float, default=120.0, help="CBC cap per solve")
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args(argv)
    mode = (
        "deterministic single-worker CP-SAT (full LP)"
        if args.workers == 1
        else f"CP-SAT with {args.workers} parallel workers (not deterministic)"
    )
    print(f"ours: {mode}, cap {args.limit_s:g} s; spopt: PuLP CBC, cap {args.spopt_limit_s:g} s")
    print(HEADER, flush=True)
    for size in args.sizes.split(","):
        for line in compare(size, args):
            print(line, flush=True)
    print(
        f"radius = largest nearest-candidate distance; MCLP p = half the LSCP count; medians "
        f"of {args.runs} (ours) / {args.spopt_runs} (spopt) runs on a shared 2-core machine; "
        f">= marks a time cap (not proven optimal)"
    )


if __name__ == "__main__":
    main()
