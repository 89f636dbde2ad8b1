"""A bus stop at a village gathered at another village's service point serves that point: its
parcels are carried between the two (first/last metre), at a cost and a delay."""

from __future__ import annotations

from decimal import Decimal

import pytest

from network import InputError
from routing.bus_carry import CarryCosts, carry_cost, meets_of
from routing.bus_cost import attribute_with_bus
from routing.bus_lines import BusTimes, check_bus_plan, plan_bus_carriage, timetable
from tests.routing.small_county import small_county
from tests.routing.test_bus_lines import _line

NET, MATRIX = small_county()
#: The plan's stops: a3 gathered at a2's point (a2 carries it), a4 at the township point t1.
STOPS = NET.subset(["c", "t1", "t2", "a1", "a2", "b1", "b2"])
CARRIED_BY = {"a3": "a2", "a4": "t1"}
LINE = _line(stops=("c", "t1", "a1", "a3", "a4"), fee_yuan_per_parcel=Decimal("0.1"))
DEPS = timetable(LINE, MATRIX.minutes)
LOADS = {"a2": (30.0, 5.0)}
CARRY = CarryCosts()
KG = 1.2


def test_carrying_costs_round_trips_by_load() -> None:
    # 2 km: one load of 12 kg is a 0.2667 h round trip at 26.88 yuan an hour
    assert CARRY.yuan(2.0, 10, KG) == Decimal("7.17")
    assert CARRY.yuan(2.0, 200, KG) == Decimal("14.34")  # 240 kg: two loads of <= 180 kg
    assert CARRY.minutes(5.0) == pytest.approx(20.0)
    with pytest.raises(InputError):
        CarryCosts(speed_kmh=0)


def test_only_village_points_meet_the_bus_at_their_gathered_villages() -> None:
    meets = meets_of([LINE], STOPS, CARRIED_BY, MATRIX.km, CARRY)
    assert list(meets) == ["a2"]  # a4 is gathered at the township point: the trunk serves it
    (meet,) = meets["a2"]
    assert meet.stop_id == "a3" and meet.km == pytest.approx(MATRIX.km("a3", "a2"))


def _plan(van: Decimal, times: BusTimes | None = None) -> tuple[object, dict[str, list[object]]]:
    meets = meets_of([LINE], STOPS, CARRIED_BY, MATRIX.km, CARRY)
    plan = plan_bus_carriage(
        STOPS,
        DEPS,
        LOADS,
        {"a2": van},
        kg_per_parcel=KG,
        times=times,
        meets=meets,
        transfer=carry_cost(meets, CARRY, KG),
    )
    return plan, meets  # type: ignore[return-value]


def test_a_point_rides_from_its_gathered_village_paying_the_carrying() -> None:
    plan, meets = _plan(Decimal(100))
    (a,) = plan.assignments  # type: ignore[attr-defined]
    assert a.village_id == "a2" and a.down.meet_id == "a3" and a.up.meet_id == "a3"
    km = MATRIX.km("a3", "a2")
    assert a.transfer_yuan == CARRY.yuan(km, 30.0, KG) + CARRY.yuan(km, 5.0, KG)
    assert plan.cost_yuan == plan.fee_yuan + a.transfer_yuan  # type: ignore[attr-defined]
    # the parcels reach the point after the carrying, leave it before
    assert a.down.alight_min == pytest.approx(DEPS[0].arrivals_min[3] + CARRY.minutes(km))
    ok = check_bus_plan(STOPS, plan, DEPS, LOADS, kg_per_parcel=KG, meets=meets)  # type: ignore[arg-type]
    assert ok == []
    # the independent check does not accept the legs without the meets it was planned with
    assert check_bus_plan(STOPS, plan, DEPS, LOADS, kg_per_parcel=KG)  # type: ignore[arg-type]
    # and the carrying is the point's line haul in the plan, beside the fees
    att = attribute_with_bus(STOPS, [], [plan], DEPS, period_days=1)  # type: ignore[list-item]
    assert att.villages["a2"].cost_yuan == plan.cost_yuan  # type: ignore[attr-defined]
    assert "d0-carry-a2" in {r.route_id for r in att.routes}


def test_carrying_above_the_vans_saving_leaves_the_point_on_the_van() -> None:
    fee = Decimal("3.50")  # 35 parcels at 0.1 yuan
    plan, _ = _plan(fee + Decimal("5"))  # above the fee, below it + 2 x 18 yuan of carrying
    assert not plan.assignments  # type: ignore[attr-defined]


def test_carrying_past_closing_time_never_rides() -> None:
    arrive = DEPS[0].arrivals_min[3]  # the bus at a3
    times = BusTimes(village_close_min=arrive + 10 + LINE.handover_min)  # carrying: 20 min
    plan, _ = _plan(Decimal(100), times)
    assert not plan.assignments  # type: ignore[attr-defined]
