"""``routing.plan_reefer_pickups``: cold-chain pickups that reach the DC by their latest arrival."""

from __future__ import annotations

from dataclasses import replace
from decimal import Decimal

import numpy as np
import pytest

from network import DistanceMatrix, InputError
from routing import (
    ReeferPlan,
    ReeferRequest,
    SolverSettings,
    VehicleType,
    plan_reefer_pickups,
    validate_plan,
)

VAN = VehicleType(
    "reefer van", 2, (1000.0,), fixed_cost_yuan=350.0, cost_per_km_yuan=1.2, reefer=True
)


def _matrix(seconds: list[list[float]], ids: tuple[str, ...]) -> DistanceMatrix:
    """Distances at 10 m/s."""
    dur = np.asarray(seconds, dtype=np.float64)
    return DistanceMatrix(ids, dur * 10.0, dur, "great_circle")


#: DC, A (10 min from the DC), B (20 min from the DC, 15 min from A), C far (3 h).
MATRIX = _matrix(
    [
        [0, 600, 1200, 10_800],
        [600, 0, 900, 10_800],
        [1200, 900, 0, 10_800],
        [10_800, 10_800, 10_800, 0],
    ],
    ("dc", "a", "b", "c"),
)


def _req(node: str, kg: float, ready: float, latest: float, **kw: object) -> ReeferRequest:
    return ReeferRequest(node, kw.pop("product", "croaker"), "dc", kg, ready, latest, **kw)  # type: ignore[arg-type]


SETTINGS = {"time_limit_s", "seed", "work_limit", "engine"}


def _plan(reqs: list[ReeferRequest], **kw: object) -> ReeferPlan:
    settings: dict[str, object] = {"time_limit_s": 2.0, "seed": 1, "work_limit": 200}
    options: dict[str, object] = {"fleet": [VAN]}
    for key, value in kw.items():
        (settings if key in SETTINGS else options)[key] = value
    solver = SolverSettings(**settings)  # type: ignore[arg-type]
    return plan_reefer_pickups(reqs, MATRIX, solver=solver, **options)  # type: ignore[arg-type]


def _assert_in_time(result: ReeferPlan) -> None:
    """Independent checks: the validator, and each stop's trip back at the DC by its latest."""
    assert result.problem is not None and result.plan is not None
    assert validate_plan(result.problem, result.plan) == []
    latest = {s.node_id: s.latest_arrival_min for s in result.stops}
    for route in result.plan.routes:
        for trip in route.trips:
            for stop in trip.stops:
                node = result.problem.names[stop]
                assert trip.end_s <= latest[node] * 60.0 + 1.0
    assert all(s.slack_min >= -1 / 60 for s in result.stops)


def test_a_product_the_cheapest_order_brings_late_still_arrives_in_time() -> None:
    # One van, two trips. A is ready at 00:00 and must be at the DC by 00:40; B is ready at
    # 00:30. The cheapest plan (one trip DC-A-B-DC) brings A's product in at 01:05.
    van = replace(VAN, count=1, max_trips=2)
    reqs = [_req("a", 300, 0, 40), _req("b", 300, 30, 100)]
    result = _plan(reqs, fleet=[van])
    _assert_in_time(result)
    assert result.unserved == ()
    assert {s.node_id for s in result.stops} == {"a", "b"}
    assert result.rounds >= 2  # the first solve was late
    a = next(s for s in result.stops if s.node_id == "a")
    assert a.arrival_min == pytest.approx(30.0)  # 10 min out, 10 min loading, 10 min back
    assert result.vehicles == 1
    assert result.distance_km == pytest.approx(36.0)  # 2 x 6 km + 2 x 12 km
    assert result.daily_cost_yuan == Decimal("393.20")  # 350 + 36 km x 1.2


def test_products_of_one_landing_ride_together_and_another_landing_separately() -> None:
    reqs = [
        _req("a", 300, 0, 600, product="croaker"),
        _req("a", 200, 0, 500, product="sea_cucumber"),
        _req("a", 100, 600, 700, product="abalone"),
    ]
    result = _plan(reqs)
    _assert_in_time(result)
    morning = next(s for s in result.stops if s.pickup_min < 600)
    assert morning.product_ids == ("croaker", "sea_cucumber")
    assert morning.kg == 500 and morning.latest_arrival_min == 500
    evening = next(s for s in result.stops if s.pickup_min >= 600)
    assert evening.product_ids == ("abalone",)


def test_too_far_and_too_heavy_are_unserved_with_their_reason() -> None:
    reqs = [
        _req("c", 100, 0, 120),  # 3 h away, 2 h budget
        _req("a", 100, 0, 600, feasible=False),  # the caller says so
        _req("b", 1500, 0, 600),  # more than a 1,000 kg van carries
        _req("a", 100, 0, 600, product="abalone"),
    ]
    result = _plan(reqs)
    _assert_in_time(result)
    reasons = {(u.node_id, u.product_ids): u.reason for u in result.unserved}
    assert reasons[("c", ("croaker",))] == "too far: cool at the landing point"
    assert reasons[("a", ("croaker",))] == "too far: cool at the landing point"
    assert reasons[("b", ("croaker",))].startswith("capacity: 1,500 kg")
    assert "largest reefer (1,000 kg)" in reasons[("b", ("croaker",))]
    assert [s.node_id for s in result.stops] == ["a"]


def test_same_seed_and_work_limit_give_the_same_plan() -> None:
    reqs = [_req("a", 300, 0, 40), _req("b", 300, 30, 100), _req("b", 100, 0, 200)]
    first, second = _plan(reqs), _plan(reqs)
    assert first.stops == second.stops
    assert first.daily_cost_yuan == second.daily_cost_yuan


def test_nothing_to_route_gives_an_empty_plan() -> None:
    result = _plan([_req("c", 100, 0, 60)])
    assert result.plan is None and result.stops == () and result.vehicles == 0
    assert result.daily_cost_yuan == Decimal("0.00") and len(result.unserved) == 1


@pytest.mark.parametrize(
    ("request_", "field"),
    [
        (_req("nowhere", 100, 0, 60), "node_id"),
        (_req("a", -5, 0, 60), "kg"),
        (_req("a", 100, 60, 30), "latest_arrival_min"),
    ],
)
def test_bad_request_names_its_field(request_: ReeferRequest, field: str) -> None:
    with pytest.raises(InputError) as err:
        _plan([_req("a", 100, 0, 600), request_])
    assert err.value.field == field
    assert err.value.row == 2


def test_a_fleet_without_reefers_is_refused() -> None:
    with pytest.raises(InputError) as err:
        _plan([_req("a", 100, 0, 600)], fleet=[replace(VAN, reefer=False)])
    assert err.value.field == "fleet"
