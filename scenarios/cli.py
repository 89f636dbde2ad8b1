"""The ``county-logistics`` command line.

Bad input prints one line naming the file, row and field on stderr and exits with code 2;
nothing is written to the output folder in that case.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path

from rich.console import Console
from rich.progress import BarColumn, Progress, TaskID, TextColumn, TimeElapsedColumn

from network.errors import InputError
from scenarios.context import Progress as ProgressCallback
from scenarios.publish import write_outputs
from scenarios.runner import load_inputs, run_plan
from scenarios.schema import load_scenario

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
    if args.scenario is None:
        from scenarios.demo import demo_scenario

        path = demo_scenario()
    else:
        path = args.scenario
    scenario = load_scenario(path)
    with _progress_bar(console, enabled=not args.quiet) as progress:
        run = run_plan(scenario, seed=args.seed, fast=args.fast, progress=progress)
    written = write_outputs(run, args.out)
    cov = run.coverage.summary()
    console.print(f"[bold]{run.network.name or path}[/]: {len(run.network.villages)} villages")
    console.print(
        f"villages with delivery {cov['villages_delivery_pct']} %, "
        f"with a service point {cov['villages_service_pct']} %, "
        f"poor villages {cov['poor_villages_service_pct']} %; "
        f"all targets met: {cov['targets_met']['all']}"
    )
    console.print(f"wrote {len(written)} files to {args.out}")
    return 0


def _validate(args: argparse.Namespace, console: Console) -> int:
    scenario = load_scenario(args.scenario)
    network, _ = load_inputs(scenario)
    console.print(f"{args.scenario}: OK ({network!r})")
    return 0


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the ``county-logistics`` console script."""
    args = _parser().parse_args(argv)
    console = Console(stderr=False)
    errors = Console(stderr=True)
    handlers = {"plan": _plan, "validate": _validate}
    try:
        return handlers[args.command](args, console)
    except InputError as err:
        errors.print(f"error: {err}", markup=False, highlight=False, soft_wrap=True)
        return EXIT_BAD_INPUT
    except KeyboardInterrupt:
        errors.print("interrupted")
        return 130


if __name__ == "__main__":
    sys.exit(main())
