"""The demo county baseline: load the scenario, run the whole plan, write every output.

Copy this script and point ``SCENARIO`` at your own county's ``scenario.toml`` to get the same
files (plan.json, CSV tables, map.html, report.html, plan.xlsx) for it.

    python -m scenarios.scripts.baseline --out out/baseline [--fast] [--skip routing ...]

``--fast`` means what it means everywhere: shorter solver limits, every section still runs.
``--skip`` leaves sections out, and the output says which.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from scenarios.demo import demo_scenario
from scenarios.headline import HEADLINE, headline
from scenarios.publish import write_outputs
from scenarios.registry import SECTION_KEYS
from scenarios.runner import run_plan
from scenarios.schema import load_scenario
from scenarios.scripts.demo_inputs import command_line

# Your county: the scenario file that names its node files, ferries and outline.
SCENARIO = demo_scenario()


def main(out_dir: Path, *, fast: bool = False, skip: Sequence[str] = ()) -> Path:
    """Run the plan, write its outputs into ``out_dir`` and return the path of plan.json.

    ``fast`` shortens the solver limits only; ``skip`` leaves the named sections out.
    """
    scenario = load_scenario(SCENARIO)
    unknown = sorted(set(skip) - set(SECTION_KEYS))
    if unknown:
        raise SystemExit(f"--skip: unknown section {unknown[0]!r}; use {', '.join(SECTION_KEYS)}")
    sections = [key for key in SECTION_KEYS if key not in skip]
    run = run_plan(scenario, fast=fast, sections=sections)
    written = write_outputs(run, out_dir)
    figures = headline(run.plan_json())
    print(f"{run.network.name}: {len(written)} files")
    if fast:
        print("  fast: shorter solver limits (every section runs)")
    if skip:
        print(f"  skipped on request: {', '.join(skip)} (their figures are absent below)")
    for column, _path, label in HEADLINE:
        value = figures[column]
        if value is not None:
            print(f"  {label}: {value}")
    return out_dir / "plan.json"


if __name__ == "__main__":
    command_line(main, __doc__ or "", small=False)
