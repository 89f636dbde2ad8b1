"""Shared versus separate: shares, a carrier's loads and fleet, pooling saves."""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal
from typing import Any

import pytest

from network import InputError, Network
from network.distances import DistanceMatrix
from routing import SolverSettings, VehicleType
from routing.carriers import (
    DEFAULT_SHARES,
    SharedSaving,
    carrier_fleets,
    carrier_loads,
    check_shares,
    shared_vs_separate,
)
from routing.echelons import Fleets, ModelResult, ProblemSettings, solve_two_echelon
from routing.frequency import schedule_visits
from routing.reach import Reach
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
    by_hub = {"t1": {"a1": (40.0, 10.0), "a2": (8.0, 0.0)}}
    loads = carrier_loads(by_hub, {"a1": {"x": 0.25, "y": 0.75}, "a2": {"y": 1.0}}, "x")
    assert loads == {"t1": {"a1": (10.0, 2.5)}}  # a2 is not reached by x
    assert carrier_loads(by_hub, {"a1": {"y": 1.0}}, "x") == {}
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
        reach={c: Reach(everywhere=True) for c in DEFAULT_SHARES},
        fleets=FLEETS,
        settings=settings,
        solver=SOLVER,
    )
    assert set(shared.separate_yuan) == set(DEFAULT_SHARES)
    assert shared.saving_yuan >= Decimal(0)
    assert shared.saving_yuan == shared.separate_total_yuan - shared.pooled_yuan
    assert 0 <= shared.saving_pct < 100
    assert len(shared.parts) == 3 * len(pooled.parts)
    assert shared.vehicles_saving_yuan > 0  # three fleets where one does


def test_by_default_the_small_county_is_the_post_office_s_alone() -> None:
    shared, _ = _alone(DEFAULT_SHARES, None)
    # no outlets and no village of 190 parcels a day: express and co-op reach only the seats
    assert shared.separate_yuan["coop"] == Decimal(0)
    assert {
        p.problem.ids[i] for p in shared.parts_of("express") for i in p.problem.clients
    } == set()


Day0 = tuple[Network, DistanceMatrix, dict[str, dict[str, tuple[float, float]]], ModelResult]


def _day0() -> Day0:
    net, matrix = small_county()
    by_hub = schedule_visits(net, {v.id: 1 for v in net.villages}).loads_on(0, net)
    pooled = solve_two_echelon(
        net, matrix, by_hub, fleets=FLEETS, settings=ProblemSettings(), solver=SOLVER
    )
    return net, matrix, by_hub, pooled


def _alone(
    shares: Mapping[str, float], reach: Mapping[str, Reach] | None
) -> tuple[SharedSaving, dict[str, dict[str, tuple[float, float]]]]:
    """Day 0 of the small county, each carrier alone where it reaches (None: by default)."""
    net, matrix, by_hub, pooled = _day0()
    shared = shared_vs_separate(
        net,
        matrix,
        by_hub,
        pooled,
        shares=shares,
        reach=reach,
        fleets=FLEETS,
        settings=ProblemSettings(),
        solver=SOLVER,
    )
    return shared, by_hub


def test_a_carrier_that_reaches_no_village_costs_nothing_and_others_carry_its_parcels() -> None:
    shared, by_hub = _alone(
        {"post_office": 0.6, "coop": 0.4},
        {"post_office": Reach(everywhere=True), "coop": Reach(ids=frozenset())},
    )
    assert shared.separate_yuan["coop"] == Decimal(0)
    assert shared.parts_of("coop") == ()
    assert all(s == {"post_office": 1.0} for s in shared.shares.values())
    carried = sum(
        float(p.problem.delivery[i, 0])
        for p in shared.parts_of("post_office")
        if p.echelon == "feeder"
        for i in p.problem.clients
    )
    assert carried == pytest.approx(sum(d for loads in by_hub.values() for d, _ in loads.values()))
    # alone, the post office runs the pooled network: nothing to save
    assert shared.separate_yuan["post_office"] == pytest.approx(
        shared.pooled_yuan, rel=Decimal("0.05")
    )


def test_reach_limits_a_carrier_to_its_villages_and_splits_the_rest() -> None:
    shared, _ = _alone(
        {"post_office": 0.5, "express": 0.5},
        {"post_office": Reach(everywhere=True), "express": Reach(ids=frozenset({"b1"}))},
    )
    assert shared.shares["b1"] == {"post_office": 0.5, "express": 0.5}
    assert shared.shares["a1"] == {"post_office": 1.0}
    express = {p.problem.ids[i] for p in shared.parts_of("express") for i in p.problem.clients}
    assert express == {"t2", "b1"}  # its trunk to b1's hub and its feeder to b1 only
    assert shared.vehicles_saving_yuan + shared.running_saving_yuan == shared.saving_yuan


def test_reach_naming_an_unknown_carrier_or_leaving_a_village_unreached_is_an_error() -> None:
    net, matrix, by_hub, pooled = _day0()
    kwargs: dict[str, Any] = {"fleets": FLEETS, "settings": ProblemSettings(), "solver": SOLVER}
    with pytest.raises(InputError, match="no share"):
        shared_vs_separate(
            net, matrix, by_hub, pooled, shares={"a": 1.0}, reach={"b": Reach()}, **kwargs
        )
    with pytest.raises(InputError, match="no carrier reaches"):
        shared_vs_separate(
            net, matrix, by_hub, pooled, shares={"a": 1.0}, reach={"a": Reach()}, **kwargs
        )
