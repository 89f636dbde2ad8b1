"""The county-scale benchmark writes a county that loads back as it was."""

from __future__ import annotations

from pathlib import Path

import pytest

from benchmarks.county_scale import write_county
from benchmarks.natural_villages import split_to, split_villages
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


@pytest.mark.parametrize("villages", [320, 1000, 3001])
def test_split_to_gives_that_many_villages_with_the_same_parcels(villages: int) -> None:
    base, _ = load_inputs(load_scenario(demo_scenario()))
    county = split_to(base, villages=villages, seed=0)
    assert len(county.villages) == villages
    for own in base.villages:
        parts = [v for v in county.villages if v.id.startswith(f"{own.id}-")]
        assert len(parts) in (villages // len(base.villages), villages // len(base.villages) + 1)
        assert sum(v.parcels_down_per_day for v in parts) == pytest.approx(own.parcels_down_per_day)
        assert {v.parent for v in parts} == {own.parent}
    with pytest.raises(ValueError, match="villages must be >="):
        split_to(base, villages=len(base.villages) - 1)
