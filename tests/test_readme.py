"""The README's library example runs as written."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

import pytest

README = Path(__file__).resolve().parents[1] / "README.md"


def test_library_example_runs() -> None:
    blocks = re.findall(r"```python\n(.*?)```", README.read_text(encoding="utf-8"), re.S)
    example = next(b for b in blocks if "from routing import" in b)
    exec(compile(example, "README.md", "exec"), {})


def test_economics_example_is_a_valid_scenario_table() -> None:
    import tomllib

    from scenarios.schema import scenario_from_data

    blocks = re.findall(r"```toml\n(.*?)```", README.read_text(encoding="utf-8"), re.S)
    data = tomllib.loads(next(b for b in blocks if "[economics.costs]" in b))
    scenario = scenario_from_data({**data, "network": {"nodes": ["nodes.csv"]}})
    default, own = scenario.sections["economics"].unit_costs()
    assert own["express"].station_yuan_per_parcel == default.station_yuan_per_parcel


@pytest.mark.slow
def test_running_your_own_county_commands_run_as_written(tmp_path: Path) -> None:
    """Every command of "Running your own county", pasted into a shell after `make demo`."""
    text = README.read_text(encoding="utf-8")
    section = text[text.index("## Running your own county") :]
    block = re.search(r"```sh\n(.*?)```", section, re.S)
    assert block is not None
    root = README.parent
    for name in (".venv", "docs", "scenarios"):
        (tmp_path / name).symlink_to(root / name)
    script = block.group(1).replace("\\\n", " ")
    for line in (raw.split("#")[0].strip() for raw in script.splitlines()):
        if line:
            done = subprocess.run(line, shell=True, cwd=tmp_path, capture_output=True, text=True)
            assert done.returncode == 0, f"{line}\n{done.stderr}"
    assert (tmp_path / "diff.csv").is_file() and (tmp_path / "sweep" / "sweep.csv").is_file()
