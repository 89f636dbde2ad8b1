"""The county-scale benchmark writes a county that loads back as it was."""

from __future__ import annotations

from pathlib import Path

import pytest

from benchmarks.county_scale import write_county
from benchmarks.natural_villages import split_villages
from scenarios.demo import demo_scenario
from scenarios.runner import load_inputs
from scenarios.schema import load_scenario


def test_written_county_loads_back(tmp_path: Path) -> None:
    base, _ = load_inputs(load_scenario(demo_scenario()))
    county = split_villages(base, ways=2, seed=3)
    back, matrix = load_inputs(load_scenario(write_county(county, tmp_path / "x2")))
    assert len(back.villages) == len(county.villages) == 2 * len(base.villages)
    assert len(back.ferries) == len(base.ferries)
    v = county.villages[5]
    assert back[v.id].lon == pytest.approx(v.lon, abs=1e-6)
    assert back[v.id].parcels_down_per_day == pytest.approx(v.parcels_down_per_day)
    assert back[v.id].island == v.island and back[v.id].parent == v.parent
    assert len(matrix.ids) == len(back)
