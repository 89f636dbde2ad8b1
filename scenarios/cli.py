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
from network.texts import DEFAULT_LANG, LANGS, Message, Texts, texts_for
from scenarios.asked_lang import asked_lang
from scenarios.checks import outside_line
from scenarios.compare import compare_plans, read_plan
from scenarios.context import Progress as ProgressCallback
from scenarios.demo import demo_scenario
from scenarios.headline import HEADLINE, headline
from scenarios.init_county import add_init_parser, run_init
from scenarios.interrupts import Interrupted, run_interruptible, stop_children, worker_signals
from scenarios.output_folder import check_file_target, in_place_folder, whole_folder
from scenarios.outputs import csv_text
from scenarios.pdf import CHROMIUM_ENV, PdfOutcome, report_pdf
from scenarios.publish import write_outputs
from scenarios.run_log import run_log_text, warning_lines, warning_text
from scenarios.runner import PlanRun, run_plan
from scenarios.schema import load_scenario
from scenarios.sweep import ROW_KEYS, finished_rows, load_sweep, ordered_rows, run_sweep
from scenarios.sweep_page import render_sweep, sweep_texts
from scenarios.validation import check_scenario

EXIT_BAD_INPUT = 2


def _parser(tr: Texts) -> argparse.ArgumentParser:
    """The command line, its help in ``tr``'s language (argparse's own words stay English)."""
    parser = argparse.ArgumentParser(
        prog="county-logistics",
        description=tr(
            "Plan a county's rural delivery network: coverage, siting, shared routes, "
            "cold chain and subsidies."
        ),
    )
    commands = parser.add_subparsers(dest="command", required=True)
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument(
        "-v", "--verbose", action="store_true", help=tr("print the run's technical warnings")
    )
    common.add_argument(
        "--lang",
        choices=LANGS,
        default=None,
        help=tr("language of the report, map, workbook and messages (default: the scenario's, zh)"),
    )

    plan = commands.add_parser(
        "plan", parents=[common], help=tr("run the whole plan for a scenario (default: demo)")
    )
    plan.add_argument(
        "scenario", nargs="?", type=Path, help=tr("scenario TOML (default: demo county)")
    )
    plan.add_argument(
        "--out",
        type=Path,
        required=True,
        help=tr(
            "output folder (replaced whole at the end; the run before is kept as OUT.previous)"
        ),
    )
    plan.add_argument("--seed", type=int, default=None, help=tr("seed (default: the scenario's)"))
    plan.add_argument("--fast", action="store_true", help=tr("short time limits (smoke runs)"))
    plan.add_argument("--quiet", action="store_true", help=tr("no progress bar"))
    plan.add_argument(
        "--pdf",
        action="store_true",
        help=tr(
            "also write report.pdf with headless Chromium (on PATH, or ${env})", env=CHROMIUM_ENV
        ),
    )

    validate = commands.add_parser(
        "validate",
        parents=[common],
        help=tr("check a scenario's inputs as plan does, without solving"),
    )
    validate.add_argument("scenario", type=Path)

    sweep = commands.add_parser(
        "sweep", parents=[common], help=tr("run many variants of a scenario")
    )
    sweep.add_argument("sweep", type=Path, help=tr("sweep TOML (base scenario, grid/cases, seeds)"))
    sweep.add_argument("--out", type=Path, required=True, help=tr("output folder"))
    sweep.add_argument("--workers", type=int, default=2, help=tr("processes (default 2)"))
    sweep.add_argument("--scheduler", default=None, help=tr("Dask scheduler address (dask extra)"))
    sweep.add_argument("--quiet", action="store_true", help=tr("no progress bar"))

    compare = commands.add_parser(
        "compare", parents=[common], help=tr("compare the headline figures of two plans")
    )
    compare.add_argument("a", type=Path, help=tr("plan.json (or its folder)"))
    compare.add_argument("b", type=Path, help=tr("plan.json (or its folder)"))
    compare.add_argument("--out", type=Path, default=Path("compare.csv"), help=tr("CSV to write"))
    add_init_parser(commands, common, tr)
    return parser


@contextmanager
def _progress_bar(console: Console, enabled: bool, tr: Texts) -> Iterator[ProgressCallback]:
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
            label = "" if best is None else tr("best {best:,.2f}", best=best)
            bar.update(tasks[task], completed=min(max(done, 0.0), 1.0), best=label)

        yield update


def _outside_checks(run: PlanRun) -> list[str]:
    """Figures outside their cited range: findings the planner sees, never fatal."""
    tr = texts_for(run.scenario.lang)
    return [outside_line(c, tr) for c in run.checks if not c.ok]


def _texts(args: argparse.Namespace) -> Texts:
    """The language of the console lines: ``--lang``, else the loaded scenario's, else zh."""
    return texts_for(args.lang or getattr(args, "scenario_lang", None) or DEFAULT_LANG)


def _plan(args: argparse.Namespace, console: Console) -> int:
    path = args.scenario if args.scenario is not None else demo_scenario()
    scenario = load_scenario(path)
    args.scenario_lang = scenario.lang
    if args.lang is not None:
        scenario = scenario.model_copy(update={"lang": args.lang})
    tr = _texts(args)
    with whole_folder(args.out) as folder:
        with _progress_bar(console, enabled=not args.quiet, tr=tr) as progress:
            run = run_plan(scenario, seed=args.seed, fast=args.fast, progress=progress)
        notes = warning_lines((warning_text(w) for w in args.caught), tr)
        written = write_outputs(run, folder, warnings=notes)
        pdf = report_pdf(folder) if args.pdf else PdfOutcome(None)
        written += [] if pdf.path is None else [pdf.path]
    try:
        name = run.network.name or str(path)
        villages = tr("{name}: {n} villages", name=name, n=len(run.network.villages))
        console.print(escape(villages))
        grid = Table(tr("headline figure"), tr("value"))
        figures = headline(run.plan_json())
        for column, _, label in HEADLINE:
            value = figures[column]
            if value is not None:
                shown = (tr("yes") if value else tr("no")) if isinstance(value, bool) else value
                grid.add_row(tr(label), escape(str(shown)))
        console.print(grid)
        wrote = tr("wrote {n} files to {folder}", n=len(written), folder=args.out)
        console.print(escape(wrote))
        for line in _outside_checks(run):
            check = tr("check: {line}", line=line)
            console.print(f"[bold red]{escape(check)}[/]", soft_wrap=True)
        for line in run.set_aside_lines():  # planner-facing: always shown, exit stays 0
            print(tr("warning: {line}", line=line), file=sys.stderr)
        if pdf.warning is not None:
            print(tr("warning: {line}", line=pdf.warning), file=sys.stderr)
    except KeyboardInterrupt:
        kept = Message(
            "the plan is complete ({n} files in {folder})", n=len(written), folder=args.out
        )
        raise Interrupted(kept.render(tr)) from None
    return 0


def _validate(args: argparse.Namespace, console: Console) -> int:
    scenario = load_scenario(args.scenario)
    args.scenario_lang = scenario.lang
    report = check_scenario(scenario)
    tr = _texts(args)
    ok = tr("{file}: OK ({report})", file=args.scenario, report=report.render(tr))
    console.print(escape(ok), soft_wrap=True)
    return 0


@contextmanager
def _executor(workers: int, scheduler: str | None) -> Iterator[Executor]:
    if scheduler is None:
        if workers < 1:
            raise InputError(
                Message("--workers must be at least 1, got {workers}", workers=workers),
                field="--workers",
            )
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
            Message("--scheduler needs the dask extra: pip install 'county-logistics[dask]'"),
            field="--scheduler",
        ) from None
    try:
        client = Client(scheduler, timeout=30)  # type: ignore[no-untyped-call]
    except OSError as err:
        raise InputError(
            Message("cannot reach the Dask scheduler: {err}", err=err), field="--scheduler"
        ) from None
    with client:
        yield client.get_executor()  # type: ignore[no-untyped-call]


def _sweep(args: argparse.Namespace, console: Console) -> int:
    sweep = load_sweep(args.sweep, default_base=demo_scenario())
    tr = sweep_texts(sweep.base_data, args.lang)
    args.scenario_lang = tr.lang  # the error lines after this point in the same language
    in_place_folder(args.out)
    notes: list[str] = []
    try:
        with (
            _executor(args.workers, args.scheduler) as executor,
            _progress_bar(console, enabled=not args.quiet, tr=tr) as progress,
        ):
            rows = run_sweep(
                sweep,
                args.out,
                executor=executor,
                progress=lambda done, total: progress(tr("scenarios"), done / max(total, 1), None),
                warnings_out=notes,
            )
    except KeyboardInterrupt:
        kept = Message(
            "{n} finished rows kept in {file}; the same command resumes the sweep",
            n=len(finished_rows(args.out / "sweep.csv")),
            file=args.out / "sweep.csv",
        )
        raise Interrupted(kept.render(tr)) from None
    rows = ordered_rows(rows)
    write_text_atomic(args.out / "sweep.csv", csv_text(rows, fieldnames=list(ROW_KEYS)))
    page = render_sweep(rows, name=sweep.path.name, tr=tr)
    write_text_atomic(args.out / "sweep.html", page)
    lines = warning_lines([*notes, *(warning_text(w) for w in args.caught)], tr)
    write_text_atomic(args.out / "run.log", run_log_text(lines, tr))
    if args.verbose:  # the cases' warnings; main() adds this process's own
        for line in warning_lines(notes, tr):
            console.print(escape(tr("warning: {line}", line=line)), soft_wrap=True)
    failed = [r for r in rows if r["status"] != "ok"]
    ran = tr(
        "{ran} scenarios ran, {failed} failed: {folder}",
        ran=len(rows) - len(failed),
        failed=len(failed),
        folder=args.out,
    )
    console.print(escape(ran))
    return 0


def _compare(args: argparse.Namespace, console: Console) -> int:
    tr = _texts(args)
    check_file_target(args.out)
    rows = compare_plans(read_plan(args.a), read_plan(args.b))
    grid = Table(tr("figure"), "A", "B", "B - A", tr("change %"))
    for row in rows:  # the CSV keeps the English label; the console shows it in the language
        figures = ("" if row[k] is None else str(row[k]) for k in ("a", "b", "b_minus_a"))
        change = "" if row["change_pct"] is None else str(row["change_pct"])
        grid.add_row(escape(tr(str(row["label"]))), *map(escape, figures), escape(change))
    console.print(grid)
    write_text_atomic(args.out, csv_text(rows))
    console.print(escape(tr("wrote {file}", file=args.out)))
    return 0


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the ``county-logistics`` console script (``argv`` None: the process's
    own arguments, and an interrupted run ends the process)."""
    given = sys.argv[1:] if argv is None else list(argv)
    args = _parser(texts_for(asked_lang(given))).parse_args(given)
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

    args.scenario_lang = None  # set by a command once its scenario has loaded

    def command() -> int:
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            args.caught = caught
            try:
                status = handlers[args.command](args, console)
            except InputError as err:
                tr = _texts(args)
                say(tr("error: {line}", line=err.render(tr)))
                return EXIT_BAD_INPUT
        if args.verbose:
            tr = _texts(args)
            for line in warning_lines((warning_text(w) for w in caught), tr):
                say(tr("warning: {line}", line=line))
        return status

    return run_interruptible(
        command, say=say, exit_process=argv is None, texts=lambda: _texts(args)
    )


if __name__ == "__main__":
    sys.exit(main())
