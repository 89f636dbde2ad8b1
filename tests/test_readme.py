"""The README's library example runs as written."""

from __future__ import annotations

import re
from pathlib import Path

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
