"""A 48-scenario sweep of the demo county on 1 and 2 worker processes, and on Dask.

    python -m benchmarks.sweep [--cases 48] [--skip coldchain] [--no-dask]

The sweep varies the service radius, the subsidy's benchmark price and the seed (fast mode,
work limits so every case is deterministic). It runs the same cases with 1 and with 2 worker
processes and prints both wall times and the speed-up, then runs them on a Dask LocalCluster
of 2 worker processes and checks that the rows are identical to the process pool's.
"""

from __future__ import annotations

import argparse
import csv
import shutil
import tempfile
import time
from concurrent.futures import ProcessPoolExecutor
from multiprocessing import get_context
from pathlib import Path

from scenarios.demo import demo_dir
from scenarios.sweep import load_sweep, run_sweep

RADII_KM = (2.0, 3.0, 4.0, 5.0)
BENCHMARKS_YUAN = ("1.00", "1.20", "1.40")


def write_sweep(folder: Path, *, cases: int, skip: list[str]) -> Path:
    """A sweep file over the demo county with ``cases`` cases (radius x price x seeds)."""
    shutil.copytree(demo_dir(), folder / "demo")
    base = folder / "demo" / "scenario.toml"
    text = base.read_text(encoding="utf-8")
    extra = f"\nskip = {skip!r}\n" if skip else ""
    base.write_text(extra + text + "\n[solver]\nwork_limit = 200\n", encoding="utf-8")
    per_seed = len(RADII_KM) * len(BENCHMARKS_YUAN)
    seeds = list(range(max(1, -(-cases // per_seed))))
    radii = ", ".join(str(r) for r in RADII_KM)
    prices = ", ".join(f'"{p}"' for p in BENCHMARKS_YUAN)
    sweep = folder / "sweep.toml"
    sweep.write_text(
        'base = "demo/scenario.toml"\nfast = true\n'
        f"seeds = {seeds}\n[grid]\n"
        f'"targets.service_radius_km" = [{radii}]\n"subsidy.benchmark_yuan" = [{prices}]\n',
        encoding="utf-8",
    )
    return sweep


def timed_pool(sweep_path: Path, out: Path, workers: int) -> tuple[float, list[dict[str, str]]]:
    sweep = load_sweep(sweep_path)
    start = time.perf_counter()
    with ProcessPoolExecutor(workers, mp_context=get_context("spawn")) as pool:
        run_sweep(sweep, out, executor=pool)
    return time.perf_counter() - start, _sorted_rows(out / "sweep.csv")


def timed_dask(sweep_path: Path, out: Path) -> tuple[float, list[dict[str, str]]]:
    from distributed import Client, LocalCluster

    sweep = load_sweep(sweep_path)
    with (
        LocalCluster(
            n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None
        ) as cluster,
        Client(cluster) as client,
    ):
        start = time.perf_counter()
        run_sweep(sweep, out, executor=client.get_executor())
        seconds = time.perf_counter() - start
    return seconds, _sorted_rows(out / "sweep.csv")


def _sorted_rows(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8") as handle:
        return sorted(csv.DictReader(handle), key=lambda r: r["case_id"])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cases", type=int, default=48)
    parser.add_argument(
        "--skip",
        nargs="*",
        default=["coldchain"],
        help="sections left out of every case (default: coldchain)",
    )
    parser.add_argument("--no-dask", action="store_true")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        sweep_path = write_sweep(folder, cases=args.cases, skip=args.skip)
        n = len(load_sweep(sweep_path).cases)
        one, rows_one = timed_pool(sweep_path, folder / "one", 1)
        two, rows_two = timed_pool(sweep_path, folder / "two", 2)
        failed = sum(r["status"] != "ok" for r in rows_two)
        print(f"{n} scenarios (skipped sections: {args.skip or 'none'}), {failed} failed")
        print(f"1 worker : {one:7.1f} s  ({one / n:.2f} s per scenario)")
        print(f"2 workers: {two:7.1f} s  speed-up x{one / two:.2f}")
        print(f"rows identical with 1 and 2 workers: {rows_one == rows_two}")
        if not args.no_dask:
            dask_s, rows_dask = timed_dask(sweep_path, folder / "dask")
            print(
                f"Dask LocalCluster (2 workers): {dask_s:7.1f} s, "
                f"rows identical to the process pool: {rows_dask == rows_two}"
            )


if __name__ == "__main__":
    main()
