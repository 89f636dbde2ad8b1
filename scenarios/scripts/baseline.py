"""The demo county baseline: load the scenario, run the whole plan, write every output.

Copy this script and point ``SCENARIO`` at your own county's ``scenario.toml`` to get the same
files (plan.json, CSV tables, map.html, report.html, plan.xlsx) for it.

    python -m scenarios.scripts.baseline --out out/baseline [--fast] [--skip routing ...]
        [--lang en]

``--fast`` means what it means everywhere: shorter solver limits, every section still runs.
``--skip`` leaves sections out, and the output says which.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from network.texts import DEFAULT_LANG, Lang, texts_for
from scenarios.demo import demo_scenario
from scenarios.headline import HEADLINE, headline
from scenarios.publish import write_outputs
from scenarios.registry import SECTION_KEYS
from scenarios.runner import run_plan
from scenarios.schema import load_scenario
from scenarios.scripts.demo_inputs import command_line

# Your county: the scenario file that names its node files, ferries and outline.
SCENARIO = demo_scenario()


def main(
    out_dir: Path, *, fast: bool = False, skip: Sequence[str] = (), lang: Lang = DEFAULT_LANG
) -> Path:
    """Run the plan, write its outputs into ``out_dir`` and return the path of plan.json.

    ``fast`` shortens the solver limits only; ``skip`` leaves the named sections out; ``lang``
    is the language of the report and of what is printed (plan.json and the CSVs stay
    machine-readable English).
    """
    tr = texts_for(lang)
    scenario = load_scenario(SCENARIO).model_copy(update={"lang": lang})
    unknown = sorted(set(skip) - set(SECTION_KEYS))
    if unknown:
        raise SystemExit(
            tr(
                "--skip: unknown section {section}; use {sections}",
                section=repr(unknown[0]),
                sections=", ".join(SECTION_KEYS),
            )
        )
    sections = [key for key in SECTION_KEYS if key not in skip]
    run = run_plan(scenario, fast=fast, sections=sections)
    written = write_outputs(run, out_dir)
    figures = headline(run.plan_json())
    print(tr("{county}: {n} files", county=run.network.name, n=len(written)))
    if fast:
        print(tr("  fast: shorter solver limits (every section runs)"))
    if skip:
        print(
            tr(
                "  skipped on request: {sections} (their figures are absent below)",
                sections=", ".join(skip),
            )
        )
    for column, _path, label in HEADLINE:
        value = figures[column]
        if value is not None:
            print(tr("  {label}: {value}", label=tr(label), value=value))
    return out_dir / "plan.json"


if __name__ == "__main__":
    command_line(main, __doc__ or "", small=False)
