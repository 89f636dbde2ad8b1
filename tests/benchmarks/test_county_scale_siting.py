"""Siting on the demo county split into 3,200 natural villages: within 1 % of optimal."""

from __future__ import annotations

import pytest

from benchmarks.natural_villages import split_villages
from network import distance_matrix
from network.siting import CpSatSettings, min_cost_siting, siting_problem
from scenarios.demo import demo_scenario
from scenarios.runner import load_inputs
from scenarios.schema import load_scenario


def test_split_keeps_parcels_townships_and_count() -> None:
    scenario = load_scenario(demo_scenario())
    net, _ = load_inputs(scenario)
    big = split_villages(net, ways=3, seed=1)
    assert len(big.villages) == 3 * len(net.villages)
    assert len(big.townships) == len(net.townships)
    total = sum(v.parcels_down_per_day for v in net.villages)
    assert sum(v.parcels_down_per_day for v in big.villages) == pytest.approx(total)
    assert all(v.generated_position for v in big.villages)
    assert split_villages(net, ways=3, seed=1).nodes == big.nodes


@pytest.mark.slow
def test_siting_of_3200_villages_within_one_percent_in_its_time_limit() -> None:
    scenario = load_scenario(demo_scenario())
    net, _ = load_inputs(scenario)
    big = split_villages(net, ways=10, seed=0)
    assert len(big.villages) >= 3_000
    matrix = distance_matrix(big, circuity=scenario.network.circuity)
    config = scenario.sections["siting"]
    problem = siting_problem(
        big,
        matrix,
        costs=config.costs(),
        max_km=config.service_radius_km,
        max_min=config.service_max_min,
    )
    settings = CpSatSettings(time_limit_s=scenario.solver.time_limit_s, seed=0)
    result = min_cost_siting(problem, targets=config.targets(), settings=settings)
    assert result.gap_pct is not None and result.gap_pct <= 1.0
