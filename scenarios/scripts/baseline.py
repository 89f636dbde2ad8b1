"""The demo county baseline: load the scenario, run the whole plan, write every output.

Copy this script and point ``SCENARIO`` at your own county's ``scenario.toml`` to get the same
files (plan.json, CSV tables, map.html, report.html, plan.xlsx) for it.

    python -m scenarios.scripts.baseline --out out/baseline [--fast]
"""

from __future__ import annotations

from pathlib import Path

from scenarios.demo import demo_scenario
from scenarios.headline import HEADLINE, headline
from scenarios.publish import write_outputs
from scenarios.runner import run_plan
from scenarios.schema import load_scenario
from scenarios.scripts.demo_inputs import command_line

# Your county: the scenario file that names its node files, ferries and outline.
SCENARIO = demo_scenario()
# The fast form (a smoke run of the files) leaves out the two slow sections, routing (~1 min)
# and the cold-chain seasons; the normal form runs them all.
FAST_SECTIONS = ("siting", "subsidy")


def main(out_dir: Path, *, fast: bool = False) -> Path:
    """Run the plan, write its outputs into ``out_dir`` and return the path of plan.json."""
    scenario = load_scenario(SCENARIO)
    run = run_plan(scenario, fast=fast, sections=FAST_SECTIONS if fast else None)
    written = write_outputs(run, out_dir)
    figures = headline(run.plan_json())
    print(f"{run.network.name}: {len(written)} files")
    if fast:
        print(f"  fast form: only {', '.join(FAST_SECTIONS)} ran (no routes: delivery shows 0 %)")
    for column, _path, label in HEADLINE:
        value = figures[column]
        if value is not None:
            print(f"  {label}: {value}")
    return out_dir / "plan.json"


if __name__ == "__main__":
    command_line(main, __doc__ or "")
