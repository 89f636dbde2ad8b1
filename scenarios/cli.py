"""The ``county-logistics`` command line.

Bad input prints one line naming the file, row and field on stderr and exits with code 2;
nothing is written to the output folder in that case. Ctrl-C or SIGTERM stops the workers,
prints one line ("interrupted: nothing written", or what was kept) and exits with 130
(:mod:`scenarios.interrupts`); an output folder is always one whole run
(:mod:`scenarios.output_folder`).
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
from rich.markup import escape
from rich.progress import BarColumn, Progress, TaskID, TextColumn, TimeElapsedColumn
from rich.table import Table

from network.errors import InputError
from network.files import write_text_atomic
from network.texts import LANGS
from scenarios.compare import compare_plans, read_plan
from scenarios.context import Progress as ProgressCallback
from scenarios.demo import demo_scenario
from scenarios.headline import HEADLINE, headline
from scenarios.init_county import add_init_parser, run_init
from scenarios.interrupts import Interrupted, run_interruptible, stop_children, worker_signals
from scenarios.output_folder import check_file_target, in_place_folder, whole_folder
from scenarios.outputs import csv_text
from scenarios.publish import write_outputs
from scenarios.run_log import run_log_text, warning_lines, warning_text
from scenarios.runner import PlanRun, run_plan
from scenarios.schema import load_scenario
from scenarios.sweep import ROW_KEYS, finished_rows, load_sweep, ordered_rows, run_sweep
from scenarios.sweep_page import render_sweep, sweep_texts
from scenarios.validation import check_scenario

EXIT_BAD_INPUT = 2


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="county-logistics",
        description="Plan a county's rural delivery network: coverage, siting, shared routes, "
        "cold chain and subsidies.",
    )
    commands = parser.add_subparsers(dest="command", required=True)
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument(
        "-v", "--verbose", action="store_true", help="print the run's technical warnings"
    )
    common.add_argument(
        "--lang",
        choices=LANGS,
        default=None,
        help="language of the report, map, workbook and messages (default: the scenario's, zh)",
    )

    plan = commands.add_parser(
        "plan", parents=[common], help="run the whole plan for a scenario (default: demo)"
    )
    plan.add_argument("scenario", nargs="?", type=Path, help="scenario TOML (default: demo county)")
    plan.add_argument(
        "--out",
        type=Path,
        required=True,
        help="output folder (replaced whole at the end; the run before is kept as OUT.previous)",
    )
    plan.add_argument("--seed", type=int, default=None, help="seed (default: the scenario's)")
    plan.add_argument("--fast", action="store_true", help="short time limits (smoke runs)")
    plan.add_argument("--quiet", action="store_true", help="no progress bar")

    validate = commands.add_parser(
        "validate", parents=[common], help="check a scenario's inputs as plan does, without solving"
    )
    validate.add_argument("scenario", type=Path)

    sweep = commands.add_parser("sweep", parents=[common], help="run many variants of a scenario")
    sweep.add_argument("sweep", type=Path, help="sweep TOML (base scenario, grid/cases, seeds)")
    sweep.add_argument("--out", type=Path, required=True, help="output folder")
    sweep.add_argument("--workers", type=int, default=2, help="processes (default 2)")
    sweep.add_argument("--scheduler", default=None, help="Dask scheduler address (dask extra)")
    sweep.add_argument("--quiet", action="store_true", help="no progress bar")

    compare = commands.add_parser(
        "compare", parents=[common], help="compare the headline figures of two plans"
    )
    compare.add_argument("a", type=Path, help="plan.json (or its folder)")
    compare.add_argument("b", type=Path, help="plan.json (or its folder)")
    compare.add_argument("--out", type=Path, default=Path("compare.csv"), help="CSV to write")
    add_init_parser(commands, common)
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


def _outside_checks(run: PlanRun) -> list[str]:
    """Figures outside their cited range: findings the planner sees, never fatal."""
    return [
        f"{c.figure} = {c.value} {c.unit} is outside its range {c.low}-{c.high} ({c.source})"
        for c in run.checks
        if not c.ok
    ]


def _plan(args: argparse.Namespace, console: Console) -> int:
    path = args.scenario if args.scenario is not None else demo_scenario()
    scenario = load_scenario(path)
    if args.lang is not None:
        scenario = scenario.model_copy(update={"lang": args.lang})
    with whole_folder(args.out) as folder:
        with _progress_bar(console, enabled=not args.quiet) as progress:
            run = run_plan(scenario, seed=args.seed, fast=args.fast, progress=progress)
        notes = warning_lines(warning_text(w) for w in args.caught)
        written = write_outputs(run, folder, warnings=notes)
    try:
        name = escape(run.network.name or str(path))
        console.print(f"[bold]{name}[/]: {len(run.network.villages)} villages")
        grid = Table("headline figure", "value")
        figures = headline(run.plan_json())
        for column, _, label in HEADLINE:
            if figures[column] is not None:
                grid.add_row(label, escape(str(figures[column])))
        console.print(grid)
        console.print(f"wrote {len(written)} files to {escape(str(args.out))}")
        for line in _outside_checks(run):
            console.print(f"[bold red]check:[/] {escape(line)}", soft_wrap=True)
        for line in run.set_aside_lines():  # planner-facing: always shown, exit stays 0
            print(f"warning: {line}", file=sys.stderr)
    except KeyboardInterrupt:
        raise Interrupted(f"the plan is complete ({len(written)} files in {args.out})") from None
    return 0


def _validate(args: argparse.Namespace, console: Console) -> int:
    scenario = load_scenario(args.scenario)
    report = check_scenario(scenario)
    console.print(f"{escape(str(args.scenario))}: OK ({escape(report)})", soft_wrap=True)
    return 0


@contextmanager
def _executor(workers: int, scheduler: str | None) -> Iterator[Executor]:
    if scheduler is None:
        if workers < 1:
            raise InputError(f"--workers must be at least 1, got {workers}", field="--workers")
        pool = ProcessPoolExecutor(
            max_workers=workers, mp_context=get_context("spawn"), initializer=worker_signals
        )
        try:
            yield pool
        except BaseException:
            # Waiting for running cases (minutes) is not an option: stop them, then the pool.
            stop_children()
            pool.shutdown(wait=False, cancel_futures=True)
            raise
        pool.shutdown()
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
    in_place_folder(args.out)
    notes: list[str] = []
    try:
        with (
            _executor(args.workers, args.scheduler) as executor,
            _progress_bar(console, enabled=not args.quiet) as progress,
        ):
            rows = run_sweep(
                sweep,
                args.out,
                executor=executor,
                progress=lambda done, total: progress("scenarios", done / max(total, 1), None),
                warnings_out=notes,
            )
    except KeyboardInterrupt:
        kept = len(finished_rows(args.out / "sweep.csv"))
        raise Interrupted(
            f"{kept} finished rows kept in {args.out / 'sweep.csv'}; "
            "the same command resumes the sweep"
        ) from None
    rows = ordered_rows(rows)
    write_text_atomic(args.out / "sweep.csv", csv_text(rows, fieldnames=list(ROW_KEYS)))
    page = render_sweep(rows, name=sweep.path.name, tr=sweep_texts(sweep.base_data, args.lang))
    write_text_atomic(args.out / "sweep.html", page)
    lines = warning_lines([*notes, *(warning_text(w) for w in args.caught)])
    write_text_atomic(args.out / "run.log", run_log_text(lines))
    if args.verbose:  # the cases' warnings; main() adds this process's own
        for line in warning_lines(notes):
            console.print(f"warning: {escape(line)}", soft_wrap=True)
    failed = [r for r in rows if r["status"] != "ok"]
    console.print(f"{len(rows) - len(failed)} scenarios ran, {len(failed)} failed: {args.out}")
    return 0


def _compare(args: argparse.Namespace, console: Console) -> int:
    check_file_target(args.out)
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
    """Entry point of the ``county-logistics`` console script (``argv`` None: the process's
    own arguments, and an interrupted run ends the process)."""
    args = _parser().parse_args(argv)
    console = Console(stderr=False)
    errors = Console(stderr=True)
    handlers = {
        "plan": _plan,
        "validate": _validate,
        "sweep": _sweep,
        "compare": _compare,
        "init": run_init,
    }

    def say(line: str) -> None:
        errors.print(line, markup=False, highlight=False, soft_wrap=True)

    def command() -> int:
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            args.caught = caught
            try:
                status = handlers[args.command](args, console)
            except InputError as err:
                say(f"error: {err}")
                return EXIT_BAD_INPUT
        if args.verbose:
            for line in warning_lines(warning_text(w) for w in caught):
                say(f"warning: {line}")
        return status

    return run_interruptible(command, say=say, exit_process=argv is None)


if __name__ == "__main__":
    sys.exit(main())
