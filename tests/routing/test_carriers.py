"""Shared versus separate: shares, a carrier's loads and fleet, pooling saves."""

from __future__ import annotations

from decimal import Decimal

import pytest

from network import InputError
from routing import SolverSettings, VehicleType
from routing.carriers import (
    DEFAULT_SHARES,
    carrier_fleets,
    check_shares,
    scaled_loads,
    shared_vs_separate,
)
from routing.echelons import Fleets, ProblemSettings, solve_two_echelon
from routing.frequency import schedule_visits
from tests.routing.small_county import small_county

VAN = VehicleType("van", 0, (300.0, 400.0), fixed_cost_yuan=290.0, cost_per_km_yuan=0.8)
TRICYCLE = VehicleType("e-tricycle", 3, (60.0, 80.0), fixed_cost_yuan=215.0, max_trips=2)
FLEETS = Fleets(trunk=(VAN,), feeder=(TRICYCLE, VAN))
SOLVER = SolverSettings(time_limit_s=1.0, seed=1, work_limit=300)


def test_default_shares_add_up_and_bad_shares_are_refused() -> None:
    check_shares(DEFAULT_SHARES)
    with pytest.raises(InputError, match="add up"):
        check_shares({"post_office": 0.5, "express": 0.4})
    with pytest.raises(InputError):
        check_shares({"post_office": 1.2, "express": -0.2})


def test_a_carrier_gets_its_share_of_loads_and_fixed_fleet() -> None:
    loads = scaled_loads({"t1": {"a1": (40.0, 10.0)}}, 0.25)
    assert loads == {"t1": {"a1": (10.0, 2.5)}}
    fleets = carrier_fleets(FLEETS, 0.4)
    assert [vt.count for vt in fleets.feeder] == [2, 0]  # 3 x 0.4 rounded up; sized stays 0


def test_pooling_saves_against_each_carrier_alone() -> None:
    net, matrix = small_county()
    by_hub = schedule_visits(net, {v.id: 1 for v in net.villages}).loads_on(0, net)
    settings = ProblemSettings()
    pooled = solve_two_echelon(net, matrix, by_hub, fleets=FLEETS, settings=settings, solver=SOLVER)
    shared = shared_vs_separate(
        net,
        matrix,
        by_hub,
        pooled,
        shares=DEFAULT_SHARES,
        fleets=FLEETS,
        settings=settings,
        solver=SOLVER,
    )
    assert set(shared.separate_yuan) == set(DEFAULT_SHARES)
    assert shared.saving_yuan >= Decimal(0)
    assert shared.saving_yuan == shared.separate_total_yuan - shared.pooled_yuan
    assert 0 <= shared.saving_pct < 100
    assert len(shared.parts) == 3 * len(pooled.parts)
