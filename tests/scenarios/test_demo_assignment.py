"""On the demo county, free assignment costs no more than the administrative one."""

from __future__ import annotations

from decimal import Decimal

import pytest

from scenarios.demo import demo_scenario
from scenarios.runner import run_plan
from scenarios.schema import load_scenario
from scenarios.sections.routing import RoutingOutcome


@pytest.mark.slow
def test_demo_free_assignment_costs_no_more_than_administrative() -> None:
    scenario = load_scenario(demo_scenario())
    costs: dict[str, Decimal] = {}
    for mode in ("administrative", "free"):
        routing = scenario.sections["routing"].model_copy(
            update={"assignment": mode, "compare_flat": False, "compare_separate": False}
        )
        run = run_plan(
            scenario.model_copy(update={"sections": {**scenario.sections, "routing": routing}}),
            fast=True,
            sections=["siting", "routing"],
            workers=1,
        )
        outcome = run.outcome(RoutingOutcome)
        assert outcome is not None
        costs[mode] = outcome.attribution.daily_cost_yuan
    assert costs["free"] <= costs["administrative"]
