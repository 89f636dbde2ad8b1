"""The ``county-logistics`` command line.

Bad input prints one line naming the file, row and field on stderr and exits with code 2;
nothing is written to the output folder in that case.
"""

from __future__ import annotations

import argparse
import sys
import warnings
from collections.abc import Iterator, Sequence
from concurrent.futures import Executor, ProcessPoolExecutor
from contextlib import contextmanager
from multiprocessing import get_context
from pathlib import Path

from rich.console import Console
from rich.progress import BarColumn, Progress, TaskID, TextColumn, TimeElapsedColumn
from rich.table import Table

from network.errors import InputError
from network.files import write_text_atomic
from scenarios.compare import compare_plans, read_plan
from scenarios.context import Progress as ProgressCallback
from scenarios.demo import demo_scenario
from scenarios.headline import HEADLINE, headline
from scenarios.outputs import csv_text
from scenarios.publish import write_outputs
from scenarios.runner import load_inputs, run_plan
from scenarios.schema import load_scenario
from scenarios.sweep import ROW_KEYS, load_sweep, ordered_rows, run_sweep
from scenarios.sweep_page import render_sweep

EXIT_BAD_INPUT = 2


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="county-logistics",
        description="Plan a county's rural delivery network: coverage, siting, shared routes, "
        "cold chain and subsidies.",
    )
    commands = parser.add_subparsers(dest="command", required=True)

    plan = commands.add_parser("plan", help="run the whole plan for a scenario (default: demo)")
    plan.add_argument("scenario", nargs="?", type=Path, help="scenario TOML (default: demo county)")
    plan.add_argument("--out", type=Path, required=True, help="output folder")
    plan.add_argument("--seed", type=int, default=None, help="seed (default: the scenario's)")
    plan.add_argument("--fast", action="store_true", help="short time limits (smoke runs)")
    plan.add_argument("--quiet", action="store_true", help="no progress bar")

    validate = commands.add_parser("validate", help="check a scenario's inputs only")
    validate.add_argument("scenario", type=Path)

    sweep = commands.add_parser("sweep", help="run many variants of a scenario")
    sweep.add_argument("sweep", type=Path, help="sweep TOML (base scenario, grid/cases, seeds)")
    sweep.add_argument("--out", type=Path, required=True, help="output folder")
    sweep.add_argument("--workers", type=int, default=2, help="processes (default 2)")
    sweep.add_argument("--scheduler", default=None, help="Dask scheduler address (dask extra)")
    sweep.add_argument("--quiet", action="store_true", help="no progress bar")

    compare = commands.add_parser("compare", help="compare the headline figures of two plans")
    compare.add_argument("a", type=Path, help="plan.json (or its folder)")
    compare.add_argument("b", type=Path, help="plan.json (or its folder)")
    compare.add_argument("--out", type=Path, default=Path("compare.csv"), help="CSV to write")
    return parser


@contextmanager
def _progress_bar(console: Console, enabled: bool) -> Iterator[ProgressCallback]:
    if not enabled:
        yield lambda task, done, best: None
        return
    columns = (
        TextColumn("{task.description}"),
        BarColumn(),
        TextColumn("{task.percentage:>3.0f}%"),
        TextColumn("{task.fields[best]}"),
        TimeElapsedColumn(),
    )
    with Progress(*columns, console=console, transient=True) as bar:
        tasks: dict[str, TaskID] = {}

        def update(task: str, done: float, best: float | None) -> None:
            if task not in tasks:
                tasks[task] = bar.add_task(task, total=1.0, best="")
            label = "" if best is None else f"best {best:,.2f}"
            bar.update(tasks[task], completed=min(max(done, 0.0), 1.0), best=label)

        yield update


def _plan(args: argparse.Namespace, console: Console) -> int:
    path = args.scenario if args.scenario is not None else demo_scenario()
    scenario = load_scenario(path)
    with _progress_bar(console, enabled=not args.quiet) as progress:
        run = run_plan(scenario, seed=args.seed, fast=args.fast, progress=progress)
    written = write_outputs(run, args.out)
    console.print(f"[bold]{run.network.name or path}[/]: {len(run.network.villages)} villages")
    grid = Table("headline figure", "value")
    figures = headline(run.plan_json())
    for column, _, label in HEADLINE:
        if figures[column] is not None:
            grid.add_row(label, str(figures[column]))
    console.print(grid)
    console.print(f"wrote {len(written)} files to {args.out}")
    return 0


def _validate(args: argparse.Namespace, console: Console) -> int:
    scenario = load_scenario(args.scenario)
    network, _ = load_inputs(scenario)
    console.print(f"{args.scenario}: OK ({network!r})")
    return 0


@contextmanager
def _executor(workers: int, scheduler: str | None) -> Iterator[Executor]:
    if scheduler is None:
        if workers < 1:
            raise InputError(f"--workers must be at least 1, got {workers}", field="--workers")
        with ProcessPoolExecutor(max_workers=workers, mp_context=get_context("spawn")) as pool:
            yield pool
        return
    try:
        from distributed import Client
    except ImportError:
        raise InputError(
            "--scheduler needs the dask extra: pip install 'county-logistics[dask]'",
            field="--scheduler",
        ) from None
    try:
        client = Client(scheduler, timeout=30)  # type: ignore[no-untyped-call]
    except OSError as err:
        raise InputError(f"cannot reach the Dask scheduler: {err}", field="--scheduler") from None
    with client:
        yield client.get_executor()  # type: ignore[no-untyped-call]


def _sweep(args: argparse.Namespace, console: Console) -> int:
    sweep = load_sweep(args.sweep, default_base=demo_scenario())
    with (
        _executor(args.workers, args.scheduler) as executor,
        _progress_bar(console, enabled=not args.quiet) as progress,
    ):
        rows = run_sweep(
            sweep,
            args.out,
            executor=executor,
            progress=lambda done, total: progress("scenarios", done / max(total, 1), None),
        )
    rows = ordered_rows(rows)
    write_text_atomic(args.out / "sweep.csv", csv_text(rows, fieldnames=list(ROW_KEYS)))
    write_text_atomic(args.out / "sweep.html", render_sweep(rows, title=f"Sweep {sweep.path.name}"))
    failed = [r for r in rows if r["status"] != "ok"]
    console.print(f"{len(rows) - len(failed)} scenarios ran, {len(failed)} failed: {args.out}")
    return 0


def _compare(args: argparse.Namespace, console: Console) -> int:
    rows = compare_plans(read_plan(args.a), read_plan(args.b))
    grid = Table("figure", "A", "B", "B - A", "change %")
    for row in rows:
        grid.add_row(
            *(
                ("" if row[k] is None else str(row[k]))
                for k in ("label", "a", "b", "b_minus_a", "change_pct")
            )
        )
    console.print(grid)
    write_text_atomic(args.out, csv_text(rows))
    console.print(f"wrote {args.out}")
    return 0


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the ``county-logistics`` console script."""
    args = _parser().parse_args(argv)
    console = Console(stderr=False)
    errors = Console(stderr=True)
    handlers = {"plan": _plan, "validate": _validate, "sweep": _sweep, "compare": _compare}
    try:
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            status = handlers[args.command](args, console)
        for message in dict.fromkeys(str(w.message).splitlines()[0] for w in caught):
            errors.print(f"note: {message}", markup=False, highlight=False, soft_wrap=True)
        return status
    except InputError as err:
        errors.print(f"error: {err}", markup=False, highlight=False, soft_wrap=True)
        return EXIT_BAD_INPUT
    except KeyboardInterrupt:
        errors.print("interrupted")
        return 130


if __name__ == "__main__":
    sys.exit(main())
