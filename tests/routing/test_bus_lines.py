"""Bus carriage: which villages ride a bus, within its departures' times and capacities."""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from network import InputError
from routing.bus_lines import (
    BusLine,
    BusTimes,
    Leg,
    check_bus_plan,
    plan_bus_carriage,
    timetable,
)
from tests.routing.small_county import small_county

NET, MATRIX = small_county()
LOADS = {v.id: (v.parcels_down_per_day, v.parcels_up_per_day) for v in NET.villages}


def _line(**kw: object) -> BusLine:
    base: dict[str, object] = {
        "line_id": "L1",
        "name": "East line",
        "stops": ("c", "t1", "a1", "a2"),
        "departures_min": (600.0,),
        "return_departures_min": (840.0,),
        "capacity_parcels": 200,
        "capacity_kg": 300.0,
        "fee_yuan_per_parcel": Decimal("0.5"),
        "fee_yuan_per_departure": Decimal(0),
        "handover_min": 5.0,
    }
    base.update(kw)
    return BusLine(**base)  # type: ignore[arg-type]


def _plan(line: BusLine, van: dict[str, Decimal]) -> tuple[list[str], object]:
    deps = timetable(line, MATRIX.minutes)
    plan = plan_bus_carriage(NET, deps, LOADS, van, kg_per_parcel=1.2)
    assert check_bus_plan(NET, plan, deps, LOADS, kg_per_parcel=1.2) == []
    return sorted(plan.village_ids), plan


def test_timetable_adds_travel_and_handover() -> None:
    line = _line(minutes_factor=1.0)
    out, back = timetable(line, MATRIX.minutes)
    assert out.stops == ("c", "t1", "a1", "a2") and back.stops == ("a2", "a1", "t1", "c")
    assert out.arrivals_min[1] == pytest.approx(600 + MATRIX.minutes("c", "t1"))
    assert out.arrivals_min[2] == pytest.approx(
        out.arrivals_min[1] + 5 + MATRIX.minutes("t1", "a1")
    )
    assert back.arrivals_min[0] == 840.0 and (out.key, back.key) == ("L1#1", "L1#2")


def test_cheap_bus_takes_the_villages_it_can() -> None:
    villages, plan = _plan(_line(), {"a1": Decimal(40), "a2": Decimal(30), "a3": Decimal(9)})
    assert villages == ["a1", "a2"]  # a3 is not on the line
    assert plan.fee_yuan == Decimal("0.5") * (40 + 10 + 30 + 5)  # type: ignore[attr-defined]


def test_fee_above_the_van_leaves_the_village_on_the_van() -> None:
    # a1 moves 50 parcels: 25 yuan by bus against a van cost of 20; a2's 35 parcels: 17.50 < 30
    villages, _ = _plan(_line(), {"a1": Decimal(20), "a2": Decimal(30)})
    assert villages == ["a2"]


def test_what_the_bus_also_saves_counts_in_the_decision() -> None:
    # a1: 25 yuan by bus against a van cost of 20, but its 50 parcels skip the hub on a bus
    # from the county DC (0.14 yuan each: 7 yuan): 18 < 20, so it rides
    line = _line(stops=("c", "a1", "t1", "a2"))
    deps = timetable(line, MATRIX.minutes)
    van = {"a1": Decimal(20)}
    loads = {"a1": LOADS["a1"]}
    plan = plan_bus_carriage(NET, deps, loads, van, kg_per_parcel=1.2)
    assert not plan.assignments

    def credit(leg: Leg) -> Decimal:
        return (
            Decimal("0.14") * Decimal(repr(leg.parcels))
            if "c" in (leg.board_id, leg.alight_id)
            else Decimal(0)
        )

    plan = plan_bus_carriage(NET, deps, loads, van, kg_per_parcel=1.2, credit=credit)
    (a,) = plan.assignments
    assert a.credit_yuan == Decimal("7.00") and plan.credit_yuan == Decimal("7.00")


def test_a_tie_stays_on_the_van() -> None:
    villages, _ = _plan(_line(), {"a1": Decimal(25), "a2": Decimal("17.50")})
    assert villages == []


def test_parcels_beyond_a_departure_never_ride() -> None:
    # a1 needs 40 down on one departure: 39 parcels of room leaves it on the van
    villages, _ = _plan(_line(capacity_parcels=39), {"a1": Decimal(999), "a2": Decimal(999)})
    assert villages == ["a2"]
    # the kg limit binds the same way: 40 parcels x 1.2 kg = 48 kg
    villages, _ = _plan(_line(capacity_kg=47.0), {"a1": Decimal(999), "a2": Decimal(999)})
    assert villages == ["a2"]


def test_capacity_is_shared_by_the_cheapest_mix() -> None:
    # room for one of a1 (40 down) and a2 (30 down): a1 saves more
    villages, _ = _plan(_line(capacity_parcels=45), {"a1": Decimal(100), "a2": Decimal(30)})
    assert villages == ["a1"]


def test_departures_outside_the_day_carry_nothing() -> None:
    # down parcels reach the hub at 10:00: a bus through t1 at 07:00 cannot take them;
    # the village's up parcels alone do not free the van
    early = _line(stops=("t1", "a1"), departures_min=(420.0,), return_departures_min=(420.0,))
    assert _plan(early, {"a1": Decimal(999)})[0] == []
    # a return bus reaching the hub after its 18:00 deadline takes nothing up
    late = _line(stops=("t1", "a1"), departures_min=(660.0,), return_departures_min=(1078.0,))
    assert _plan(late, {"a1": Decimal(999)})[0] == []
    ok = _line(stops=("t1", "a1"), departures_min=(660.0,), return_departures_min=(900.0,))
    assert _plan(ok, {"a1": Decimal(999)})[0] == ["a1"]


def test_from_the_county_dc_the_bus_may_start_early() -> None:
    line = _line(stops=("c", "a1"), departures_min=(450.0,), return_departures_min=(900.0,))
    villages, plan = _plan(line, {"a1": Decimal(999)})
    assert villages == ["a1"]
    (a,) = plan.assignments  # type: ignore[attr-defined]
    assert a.down.board_id == "c" and a.up.alight_id == "c"


def test_per_departure_fee_is_shared() -> None:
    line = _line(fee_yuan_per_parcel=Decimal(0), fee_yuan_per_departure=Decimal(40))
    # 80 yuan of fees (both runs) against 45 + 45 of vans: both ride; one alone would not
    villages, plan = _plan(line, {"a1": Decimal(45), "a2": Decimal(45)})
    assert villages == ["a1", "a2"] and plan.fee_yuan == Decimal(80)  # type: ignore[attr-defined]
    villages, _ = _plan(line, {"a1": Decimal(45), "a2": Decimal(10)})
    assert villages == []


def test_bad_lines_are_refused() -> None:
    with pytest.raises(InputError, match="two different stops"):
        _line(stops=("a1", "a1"))
    with pytest.raises(InputError, match="departure"):
        _line(departures_min=(), return_departures_min=())


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    stops=st.permutations(["c", "t1", "t2", "a1", "a2", "a3", "b1", "b2"]).map(lambda p: p[:5]),
    out=st.lists(st.integers(360, 1200), min_size=0, max_size=3),
    back=st.lists(st.integers(360, 1200), min_size=1, max_size=3),
    capacity=st.integers(1, 120),
    kg=st.floats(1, 200),
    fee=st.decimals(0, 3, places=2),
    per_dep=st.decimals(0, 30, places=0),
    van=st.lists(st.integers(0, 200), min_size=6, max_size=6),
)
def test_plans_never_exceed_capacities_or_times(
    stops: list[str],
    out: list[int],
    back: list[int],
    capacity: int,
    kg: float,
    fee: Decimal,
    per_dep: Decimal,
    van: list[int],
) -> None:
    line = BusLine(
        "P",
        "P",
        tuple(stops),
        tuple(map(float, out)),
        tuple(map(float, back)),
        capacity,
        kg,
        fee,
        per_dep,
        5.0,
    )
    deps = timetable(line, MATRIX.minutes)
    costs = {v.id: Decimal(c) for v, c in zip(NET.villages, van, strict=True)}
    times = BusTimes()
    plan = plan_bus_carriage(NET, deps, LOADS, costs, kg_per_parcel=1.2, times=times)
    assert check_bus_plan(NET, plan, deps, LOADS, kg_per_parcel=1.2, times=times) == []
    for key in {d.key for d in deps}:
        assert plan.load_on(key) <= capacity
        assert plan.load_on(key) * 1.2 <= kg + 1e-9
    by_key = {d.key: d for d in deps}
    for a in plan.assignments:
        down, up = LOADS[a.village_id]
        assert (a.down is not None) == (down > 0) and (a.up is not None) == (up > 0)
        for leg in (a.down, a.up):
            if leg is None:
                continue
            dep = by_key[leg.departure]
            board, alight = dep.stops.index(leg.board_id), dep.stops.index(leg.alight_id)
            assert board < alight  # the bus reaches the boarding stop first
            assert (dep.arrivals_min[board], dep.arrivals_min[alight]) == (
                leg.board_min,
                leg.alight_min,
            )
            at_village = leg.alight_min if leg is a.down else leg.board_min
            assert times.village_open_min <= at_village
            assert at_village + dep.handover_min <= times.village_close_min
        if a.down is not None:
            hub = NET[a.down.board_id].tier == "township"
            ready = times.hub_ready_min if hub else times.dc_ready_min
            assert a.down.board_min >= ready
        if a.up is not None:
            hub = NET[a.up.alight_id].tier == "township"
            deadline = times.hub_deadline_min if hub else times.dc_deadline_min
            assert a.up.alight_min + 5.0 <= deadline
    # riding never costs more than the vans it replaces
    assert plan.fee_yuan <= plan.van_cost_yuan
    if per_dep == 0:
        assert all(a.fee_yuan < a.van_cost_yuan for a in plan.assignments)
