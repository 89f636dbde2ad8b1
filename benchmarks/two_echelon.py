"""Benchmark our two-echelon solver on the literature's 2E-CVRP instances.

    python -m benchmarks.two_echelon --instances DIR --time-limit S --csv OUT
        [--set PREFIX] [--limit N] [--seed N] [--no-baseline]

Reads every ``*.dat`` of ``DIR`` (the unified format of Breunig et al. 2016, see
:mod:`benchmarks.two_echelon_format`) and, where ``DIR/bks.csv`` has one, its best-known cost.
Solves each instance with our method (:func:`routing.two_echelon.solve_two_echelon_problem`) and
with the nearest-satellite baseline, each in ``S`` seconds, checks both plans independently
(:mod:`benchmarks.two_echelon_check`) and writes one CSV row per instance: ``instance,
n_customers, n_satellites, bks_cost, cost, gap_pct, seconds, feasible`` then the baseline's
``baseline_cost, baseline_seconds, baseline_feasible`` and ``vs_baseline_pct`` (ours against
the baseline, negative = ours cheaper). Where the fleets bind (Sets 2, 3 and 4a) nearest
satellites often need more freighters than the instance has: the baseline's plan is then
invalid, and ours is compared with its cost all the same (a bound it did not have to respect).
Prints a summary per set (the prefix before ``_``).
"""

from __future__ import annotations

import argparse
import csv
import math
import statistics
import sys
import time
from collections import defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from benchmarks.two_echelon_check import plan_length, violations
from benchmarks.two_echelon_format import (
    KnownCost,
    TwoEchelonInstance,
    read_known_costs,
    read_two_echelon,
)
from network import InputError
from routing.two_echelon import (
    SearchLimits,
    TwoEchelonPlan,
    solve_nearest_satellite,
    solve_two_echelon_problem,
)

COLUMNS = (
    "instance",
    "n_customers",
    "n_satellites",
    "bks_cost",
    "cost",
    "gap_pct",
    "seconds",
    "feasible",
    "baseline_cost",
    "baseline_seconds",
    "baseline_feasible",
    "vs_baseline_pct",
)
DEFAULT_INSTANCES = (
    Path(__file__).resolve().parents[1].parent / "shared/benchmarks/instances/2e-cvrp"
)

Solver = Callable[[TwoEchelonInstance, float, int], TwoEchelonPlan | None]


@dataclass(frozen=True)
class Run:
    """One solver's plan for one instance: its re-measured length, time and validity."""

    cost: float
    seconds: float
    feasible: bool


@dataclass(frozen=True)
class Row:
    """One instance: ours, the baseline (if run) and the best-known cost (if any)."""

    instance: TwoEchelonInstance
    known: KnownCost | None
    ours: Run
    baseline: Run | None

    @property
    def set_name(self) -> str:
        return self.instance.name.split("_")[0]

    @property
    def gap_pct(self) -> float:
        if self.known is None or not self.ours.feasible:
            return math.nan
        return 100.0 * (self.ours.cost - self.known.cost) / self.known.cost

    @property
    def vs_baseline_pct(self) -> float:
        """Ours against the baseline's plan, even one that breaks a fleet limit (it is then
        cheaper than it may be): a valid plan of ours is never compared with nothing."""
        base = self.baseline
        if base is None or not (math.isfinite(base.cost) and self.ours.feasible):
            return math.nan
        return 100.0 * (self.ours.cost - base.cost) / base.cost

    def csv_row(self) -> dict[str, object]:
        base = self.baseline
        return {
            "instance": self.instance.name,
            "n_customers": self.instance.n_customers,
            "n_satellites": self.instance.n_satellites,
            "bks_cost": "" if self.known is None else self.known.cost,
            "cost": _num(self.ours.cost, 4),
            "gap_pct": _num(self.gap_pct, 3),
            "seconds": round(self.ours.seconds, 2),
            "feasible": self.ours.feasible,
            "baseline_cost": "" if base is None else _num(base.cost, 4),
            "baseline_seconds": "" if base is None else round(base.seconds, 2),
            "baseline_feasible": "" if base is None else base.feasible,
            "vs_baseline_pct": _num(self.vs_baseline_pct, 3),
        }


def _num(value: float, digits: int) -> object:
    return "" if not math.isfinite(value) else round(value, digits)


def ours(instance: TwoEchelonInstance, time_limit_s: float, seed: int) -> TwoEchelonPlan | None:
    """Our method in ``time_limit_s``."""
    return solve_two_echelon_problem(
        instance.to_problem(), limits=SearchLimits(time_limit_s), seed=seed
    )


def baseline(instance: TwoEchelonInstance, time_limit_s: float, seed: int) -> TwoEchelonPlan | None:
    """Nearest satellite, one routing problem per satellite, then the first level."""
    return solve_nearest_satellite(instance.to_problem(), time_limit_s=time_limit_s, seed=seed)


def run(instance: TwoEchelonInstance, solver: Solver, time_limit_s: float, seed: int) -> Run:
    """Solve, time and check one instance (no plan counts as infeasible, cost NaN)."""
    started = time.perf_counter()
    plan = solver(instance, time_limit_s, seed)
    seconds = time.perf_counter() - started
    if plan is None:
        return Run(math.nan, seconds, False)
    return Run(plan_length(instance, plan), seconds, not violations(instance, plan))


def summary(rows: Sequence[Row]) -> list[str]:
    """One line per set: mean gap to proven optima, ours against the baseline, validity."""
    by_set: dict[str, list[Row]] = defaultdict(list)
    for row in rows:
        by_set[row.set_name].append(row)
    lines = []
    for name, group in sorted(by_set.items()):
        valid = sum(r.ours.feasible for r in group)
        line = f"{name:6s} {len(group):3d} instances, ours valid {valid}/{len(group)}"
        gaps = [r.gap_pct for r in group if r.known is not None and r.known.optimal]
        if gaps:
            line += f", mean gap to optimum {_mean(gaps):.3f} % (max {max(gaps):.3f} %)"
        if any(r.baseline is not None for r in group):
            both = [r.vs_baseline_pct for r in group if _baseline_valid(r)]
            relaxed = [
                r.vs_baseline_pct
                for r in group
                if not _baseline_valid(r) and math.isfinite(r.vs_baseline_pct)
            ]
            line += f"; baseline valid {len(both)}/{len(group)}"
            if both:
                worse = sum(v > 1e-6 for v in both)
                line += f", ours vs valid baseline mean {_mean(both):.3f} % (worse on {worse})"
            if relaxed:
                line += (
                    f", vs baseline plans over a fleet limit mean {_mean(relaxed):.3f} % "
                    f"(below ours on {sum(v > 1e-6 for v in relaxed)})"
                )
        lines.append(line)
    return lines


def _baseline_valid(row: Row) -> bool:
    return row.baseline is not None and row.baseline.feasible and math.isfinite(row.vs_baseline_pct)


def _mean(values: Sequence[float]) -> float:
    return statistics.fmean(values) if values else math.nan


def write_csv(path: Path, rows: Sequence[Row]) -> None:
    """Write the rows (temporary file, then rename)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    partial = path.with_suffix(path.suffix + ".part")
    with partial.open("w", newline="", encoding="utf-8") as fh:
        writer = csv.DictWriter(fh, fieldnames=COLUMNS)
        writer.writeheader()
        writer.writerows(row.csv_row() for row in rows)
    partial.replace(path)


def _parse(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.two_echelon", description=__doc__)
    parser.add_argument("--instances", type=Path, default=DEFAULT_INSTANCES)
    parser.add_argument("--time-limit", type=float, default=10.0, help="seconds per instance")
    parser.add_argument("--csv", type=Path, default=Path("two-echelon-benchmark.csv"))
    parser.add_argument("--set", dest="prefix", help="file name prefix, e.g. Set2a")
    parser.add_argument("--limit", type=int, help="first N instances only")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--no-baseline", action="store_true", help="skip the baseline")
    return parser.parse_args(argv)


def main(argv: list[str] | None = None) -> int:
    """Run the benchmark; one line per instance, then the summary per set."""
    args = _parse(argv)
    try:
        files = sorted(args.instances.glob(f"{args.prefix or ''}*.dat"))
        if not files:
            raise InputError(f"{args.instances}: no .dat instance files", file=str(args.instances))
        known = read_known_costs(args.instances)
        rows: list[Row] = []
        for path in files[: args.limit] if args.limit else files:
            instance = read_two_echelon(path)
            mine = run(instance, ours, args.time_limit, args.seed)
            base = None if args.no_baseline else run(instance, baseline, args.time_limit, args.seed)
            rows.append(Row(instance, known.get(instance.name), mine, base))
            print(_line(rows[-1]), flush=True)
            write_csv(args.csv, rows)
    except InputError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    for line in summary(rows):
        print(line)
    return 0


def _line(row: Row) -> str:
    text = f"{row.instance.name:34s} ours {row.ours.cost:10.2f}"
    text += "" if row.ours.feasible else " (INVALID)"
    if math.isfinite(row.gap_pct):
        text += f"  gap {row.gap_pct:6.2f} %"
    if row.baseline is not None:
        text += f"  baseline {row.baseline.cost:10.2f}"
        text += "" if row.baseline.feasible else " (INVALID)"
    return text


if __name__ == "__main__":
    sys.exit(main())
