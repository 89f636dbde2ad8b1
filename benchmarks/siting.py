"""Benchmark the siting models: our CP-SAT LSCP and MCLP against PySAL spopt (PuLP + CBC).

    python -m benchmarks.siting [--sizes 300x3000,1000x10000] [--runs 3] [--spopt-runs 1]
                                [--spopt-limit-s 600] [--seed 0]

For each size ``CANDIDATESxVILLAGES``: candidates and villages uniform at random (seeded) on a
square whose side grows with the candidates' count (constant density); the coverage radius is
the largest village-to-nearest-candidate distance (every village coverable, as spopt's LSCP
needs). Unit costs, so LSCP minimises the number of points; MCLP places half the LSCP's count
with village weights 1-3. Each figure is the wall time from the cost matrix to a proven optimum
(model build + solve), median of the runs; ours with deterministic single-worker CP-SAT. The
objectives of both are printed and must agree. The machine is shared: compare the ratios
measured in the same run rather than the absolute seconds.
"""

from __future__ import annotations

import argparse
import statistics
import time
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from network.siting import SitingProblem, SolverSettings, max_coverage, set_covering

FloatArray = npt.NDArray[np.float64]


@dataclass(frozen=True)
class Instance:
    """A synthetic siting instance (villages x candidates distances in km)."""

    dist_km: FloatArray
    radius_km: float
    weights: npt.NDArray[np.int64]


def instance(n_candidates: int, n_villages: int, seed: int) -> Instance:
    """Seeded uniform instance; side 100 km per 300 candidates' worth of area."""
    rng = np.random.default_rng(seed)
    side = 100.0 * np.sqrt(n_candidates / 300.0)
    cand = rng.uniform(0, side, (n_candidates, 2))
    vill = rng.uniform(0, side, (n_villages, 2))
    dist = np.sqrt(((vill[:, None, :] - cand[None, :, :]) ** 2).sum(axis=2))
    radius = float(dist.min(axis=1).max())
    return Instance(dist, radius, rng.integers(1, 4, n_villages))


def ours_lscp(inst: Instance, settings: SolverSettings) -> tuple[float, str]:
    result = set_covering(
        SitingProblem.from_cost_matrix(inst.dist_km, inst.radius_km), settings=settings
    )
    return float(len(result.chosen_ids)), result.status


def ours_mclp(inst: Instance, p: int, settings: SolverSettings) -> tuple[float, str]:
    problem = SitingProblem.from_cost_matrix(inst.dist_km, inst.radius_km)
    result = max_coverage(problem, max_points=p, weights=inst.weights, settings=settings)
    return float(result.objective or 0.0), result.status


def spopt_lscp(inst: Instance, limit_s: float) -> tuple[float, str]:
    import pulp
    from spopt.locate import LSCP

    model = LSCP.from_cost_matrix(inst.dist_km, inst.radius_km)
    model.solve(pulp.PULP_CBC_CMD(msg=False, timeLimit=limit_s))
    return float(model.problem.objective.value()), pulp.LpStatus[model.problem.status]


def spopt_mclp(inst: Instance, p: int, limit_s: float) -> tuple[float, str]:
    import pulp
    from spopt.locate import MCLP

    model = MCLP.from_cost_matrix(inst.dist_km, inst.weights, inst.radius_km, p_facilities=p)
    model.solve(pulp.PULP_CBC_CMD(msg=False, timeLimit=limit_s))
    return float(model.problem.objective.value()), pulp.LpStatus[model.problem.status]


def timed(run: Callable[[], tuple[float, str]], runs: int) -> tuple[float, float, str]:
    """Median wall seconds over ``runs``, with the last objective and status."""
    times, objective, status = [], 0.0, ""
    for _ in range(runs):
        start = time.perf_counter()
        objective, status = run()
        times.append(time.perf_counter() - start)
    return statistics.median(times), objective, status


def compare(size: str, args: argparse.Namespace) -> None:
    """Time both libraries on one size and print one line per model."""
    settings = SolverSettings(time_limit_s=600.0, seed=args.seed)
    n_cand, n_vill = (int(x) for x in size.split("x"))
    inst = instance(n_cand, n_vill, args.seed)
    lscp = timed(lambda: ours_lscp(inst, settings), args.runs)
    p = max(1, int(lscp[1]) // 2)
    rows = [
        ("lscp", lscp, timed(lambda: spopt_lscp(inst, args.spopt_limit_s), args.spopt_runs)),
        (
            "mclp",
            timed(lambda: ours_mclp(inst, p, settings), args.runs),
            timed(lambda: spopt_mclp(inst, p, args.spopt_limit_s), args.spopt_runs),
        ),
    ]
    for model, (t_ours, obj_ours, st_ours), (t_sp, obj_sp, st_sp) in rows:
        same = "equal" if abs(obj_ours - obj_sp) < 1e-6 else "DIFFER"
        print(
            f"{size:<15} {model:<5} {t_ours:7.2f}  {st_ours:<9} {t_sp:8.2f}  {st_sp:<10}"
            f" {t_sp / t_ours:6.1f}x  {obj_ours:g} vs {obj_sp:g} ({same})",
            flush=True,
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="300x3000,1000x10000")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--spopt-runs", type=int, default=1)
    parser.add_argument("--spopt-limit-s", type=float, default=600.0)
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args()
    print("size            model  ours_s  status     spopt_s  status      ratio  objectives")
    for size in args.sizes.split(","):
        compare(size, args)
    print(
        f"radius = largest nearest-candidate distance; MCLP p = half the LSCP count; medians "
        f"of {args.runs} (ours) / {args.spopt_runs} (spopt) runs on a shared 2-core machine"
    )


if __name__ == "__main__":
    main()
