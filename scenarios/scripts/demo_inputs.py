"""What every script starts from: the demo scenario (with overrides), its network and matrix,
and one section of the main run on them.

``--fast`` means what it means everywhere: shorter solver limits, nothing left out. ``--small``
(asked for, and said in the output) keeps only the county DC and a few townships (by default
the three northern mountain townships 水门, 崇儒, 柏洋: 78 villages), so that a smoke run takes
seconds instead of minutes.
"""

from __future__ import annotations

import argparse
import sys
import warnings
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any, TypeVar

from network import DistanceMatrix, Network
from network.errors import InputError
from network.texts import DEFAULT_LANG, LANGS, Texts, texts_for
from scenarios.asked_lang import asked_lang
from scenarios.context import Outcome, RunContext
from scenarios.demo import demo_scenario
from scenarios.interrupts import run_interruptible
from scenarios.output_folder import whole_folder
from scenarios.registry import section_of
from scenarios.run_log import run_log_text, warning_lines, warning_text
from scenarios.runner import load_inputs
from scenarios.schema import Scenario, read_scenario_data, scenario_from_data
from scenarios.sweep import apply_overrides

OutcomeT = TypeVar("OutcomeT", bound=Outcome)

# 水门畲族乡, 崇儒畲族乡, 柏洋乡: the small area's townships (northern, inland, few parcels).
FAST_TOWNSHIP_IDS = ("350921201", "350921202", "350921203")

# Routing overrides for a script that needs only the main plan: no flat-model or per-carrier
# comparison, no growth path (each would solve the day again).
ROUTES_ONLY: dict[str, Any] = {
    "routing.compare_flat": False,
    "routing.compare_separate": False,
    "routing.growth_years": 0,
}


def demo_with(overrides: Mapping[str, Any] | None = None) -> Scenario:
    """The demo scenario with dotted-key overrides (``{"routing.compare_flat": False}``).

    Bus lines reaching outside the area are left out (``--small`` keeps a few townships; the
    demo's timetable matches the whole county, a test holds it to that)."""
    path = demo_scenario()
    keep_inside = {"routing.bus.skip_lines_outside": True}
    data = apply_overrides(read_scenario_data(path), {**keep_inside, **(overrides or {})})
    return scenario_from_data(data, path=path)


def county_inputs(
    scenario: Scenario, *, small: bool = False, townships: tuple[str, ...] = FAST_TOWNSHIP_IDS
) -> tuple[Network, DistanceMatrix]:
    """The scenario's network and matrix; with ``small`` only the county DC and the
    ``townships`` with their villages (the script says so: :func:`say_area`)."""
    network, matrix = load_inputs(scenario)
    if not small:
        return network, matrix
    keep = [n.id for n in network.county_dcs]
    keep += [n.id for n in network.villages if n.parent in townships]
    part = network.subset(keep)
    return part, matrix.sub(part.ids())


def say_area(network: Network, *, small: bool, tr: Texts) -> None:
    """Print the area a script ran on when it is not the whole county (asked with --small)."""
    if small:
        print(
            tr(
                "small area (--small): {townships} townships, {villages} villages, not the "
                "whole county",
                townships=len(network.townships),
                villages=len(network.villages),
            )
        )


def run_section(
    kind: type[OutcomeT],
    scenario: Scenario,
    network: Network,
    matrix: DistanceMatrix,
    *,
    fast: bool,
    results: Mapping[str, Outcome] | None = None,
) -> OutcomeT:
    """The section of the main run whose outcome is ``kind`` (``RoutingOutcome``,
    ``ColdchainOutcome``, ...) on the given inputs."""
    section = section_of(kind)
    ctx = RunContext(
        network=network,
        matrix=matrix,
        seed=scenario.solver.seed,
        base_dir=scenario.base_dir,
        results=dict(results or {}),
        fast=fast,
        time_limit_s=scenario.solver.time_limit_s,
        work_limit=scenario.solver.work_limit,
    )
    result: OutcomeT = section.run(ctx, scenario.sections[section.key])
    return result


def command_line(main: Callable[..., Path], doc: str, *, small: bool = True) -> None:
    """``--out DIR [--fast] [--small] [--lang zh|en]`` for a script's ``__main__`` block;
    prints the main output file. ``--small`` is offered when ``small`` (the script's ``main``
    takes it); ``baseline`` takes ``--skip SECTION ...`` instead. ``--lang`` (default ``zh``)
    is the language of what the script prints and writes for people (``main(..., lang=)``).

    The script writes into a fresh folder that replaces ``DIR`` whole at the end (the run
    before is kept as ``DIR.previous``); bad input is one line and exit 2, Ctrl-C or SIGTERM
    one line and exit 130, with ``DIR`` as it was.
    """
    tr = texts_for(asked_lang(sys.argv[1:]))
    parser = argparse.ArgumentParser(description=doc.strip().splitlines()[0])
    parser.add_argument("--out", type=Path, required=True, help=tr("output folder"))
    parser.add_argument("--fast", action="store_true", help=tr("short solver limits"))
    if small:
        parser.add_argument(
            "--small", action="store_true", help=tr("a few townships, not the county")
        )
    else:
        parser.add_argument("--skip", nargs="+", default=[], help=tr("sections to leave out"))
    parser.add_argument(
        "--lang",
        choices=LANGS,
        default=DEFAULT_LANG,
        help=tr("language of the printed and written text (default: zh)"),
    )
    args = parser.parse_args()
    options = {"small": args.small} if small else {"skip": args.skip}

    def say(line: str) -> None:
        print(line, file=sys.stderr)

    def command() -> int:
        try:
            with warnings.catch_warnings(record=True) as caught:
                warnings.simplefilter("always")
                with whole_folder(args.out) as folder:
                    written = main(folder, fast=args.fast, lang=args.lang, **options)
                    (folder / "run.log").write_text(
                        run_log_text(warning_lines(warning_text(w) for w in caught)),
                        encoding="utf-8",
                    )
        except InputError as err:
            say(tr("error: {message}", message=err.render(tr)))
            return 2
        print(f"-> {args.out / written.relative_to(folder)}")
        return 0

    sys.exit(run_interruptible(command, say=say, exit_process=True))
