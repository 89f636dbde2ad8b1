"""What bus parcels cost in the plan: fees per village and departure, the trunk share of those
changing at a hub, the parcels that pass no hub, and the whole way's stages with them."""

from __future__ import annotations

from decimal import Decimal

from routing.bus_cost import (
    attribute_with_bus,
    bypass_parcels,
    departure_fees_yuan,
    hub_extras,
    hub_riders,
    with_hub_extras,
)
from routing.bus_lines import BusAssignment, BusPlan, Leg, timetable
from routing.economics import STAGES, Flow, whole_way
from tests.routing.small_county import small_county
from tests.routing.test_bus_lines import _line

NET, MATRIX = small_county()


def _plan() -> tuple[BusPlan, tuple[object, ...]]:
    """a1 down from the county DC (L1#1), a2 down from hub t1 on the same run and up to t1."""
    line = _line(fee_yuan_per_parcel=Decimal("0.3"), fee_yuan_per_departure=Decimal("10"))
    deps = timetable(line, MATRIX.minutes)
    a1 = BusAssignment(
        "a1", Leg("L1#1", "c", "a1", 600.0, 640.0, 40.0), None, Decimal("12.00"), Decimal(30)
    )
    a2 = BusAssignment(
        "a2",
        Leg("L1#1", "t1", "a2", 620.0, 650.0, 30.0),
        Leg("L1#2", "a2", "t1", 850.0, 870.0, 5.0),
        Decimal("10.50"),
        Decimal(30),
    )
    fixed = {"L1#1": Decimal(10), "L1#2": Decimal(10)}
    return BusPlan(0, (a1, a2), fixed, "OPTIMAL"), deps


def test_departure_fees_share_the_fixed_fee_by_parcels_and_add_up() -> None:
    plan, deps = _plan()
    fees = departure_fees_yuan(plan, deps)  # type: ignore[arg-type]
    # L1#1: 70 parcels, 10 yuan fixed: a1 4/7, a2 3/7 of it
    assert fees["L1#1"] == {
        "a1": Decimal("12.00") + Decimal("5.71"),
        "a2": Decimal("9.00") + Decimal("4.29"),
    }
    assert fees["L1#2"] == {"a2": Decimal("1.50") + Decimal("10.00")}
    total = sum((f for by in fees.values() for f in by.values()), Decimal(0))
    assert total == plan.fee_yuan


def test_only_parcels_changing_at_a_hub_stay_on_the_trunk() -> None:
    plan, _ = _plan()
    assert hub_extras(NET, plan) == {"t1": (30.0, 5.0)}
    assert hub_riders(NET, [plan]) == {(0, "t1"): {"a2": 35.0}}
    assert bypass_parcels(NET, [plan]) == {"a1": (40.0, 0.0)}
    raised = with_hub_extras(NET, hub_extras(NET, plan))
    assert raised["t1"].parcels_down_per_day == NET["t1"].parcels_down_per_day + 30.0
    assert raised["t2"] == NET["t2"] and raised["a1"] == NET["a1"]


def test_bus_villages_are_attributed_their_fees_and_parcels() -> None:
    plan, deps = _plan()
    att = attribute_with_bus(NET, [], [plan], deps, period_days=1)  # type: ignore[arg-type]
    assert att.villages["a1"].cost_yuan == Decimal("17.71")
    assert (att.villages["a2"].parcels_down, att.villages["a2"].parcels_up) == (30.0, 5.0)
    bus_rows = [r for r in att.routes if r.echelon == "bus"]
    assert [r.route_id for r in bus_rows] == ["d0-bus-L1#1", "d0-bus-L1#2"]
    # routes and villages add up to the same fen (no trunk ran: nothing unallocated)
    assert att.total_cost_yuan == sum((v.cost_yuan for v in att.villages.values()), Decimal(0))
    assert att.total_cost_yuan == plan.fee_yuan


def test_parcels_past_no_hub_pay_no_hub_handling_and_stages_add_up() -> None:
    base = Flow("a1", "t1", "x", Decimal(40), Decimal(10), Decimal("20"), "t1")
    bussed = Flow("a1", "t1", "x", Decimal(40), Decimal(10), Decimal("20"), "t1", Decimal(40))
    full, part = whole_way([base]).total(), whole_way([bussed]).total()
    assert full.stage_yuan["hub_handling"] - part.stage_yuan["hub_handling"] == Decimal("5.60")
    for stage in ("sorting", "line_haul", "station", "last_mile"):
        assert full.stage_yuan[stage] == part.stage_yuan[stage]
    assert part.total_yuan == sum((part.stage_yuan[s] for s in STAGES), Decimal(0))
    assert sum(part.stages_per_parcel_yuan.values(), Decimal(0)) == part.cost_per_parcel_yuan
    # all of a flow's parcels past no hub: none of the hub's fixed cost either
    alone = Flow("a1", "t1", "x", Decimal(40), Decimal(0), Decimal(1), "t1", Decimal(40))
    assert whole_way([alone]).total().stage_yuan["hub_handling"] == 0
