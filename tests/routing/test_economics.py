"""The whole way's cost: stages add up, hub operators, door parcels, bad unit costs."""

from __future__ import annotations

from dataclasses import fields, replace
from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from network import InputError
from routing.economics import STAGES, Flow, UnitCosts, whole_way

D = Decimal


def _flows() -> list[Flow]:
    return [
        Flow("v1", "t1", "post_office", D("40"), D("10"), D("20.00"), "t1"),
        Flow("v1", "t1", "express", D("33.3"), D("7.1"), D("13.37"), "t1"),
        Flow("v2", "t2", "post_office", D("12"), D("3"), D("9.99"), None),
    ]


def test_stage_costs_add_up_to_the_total_exactly_in_fen() -> None:
    econ = whole_way(_flows())
    for costs in (econ.total(), econ.total("down"), econ.total("up"), *econ.by("carrier").values()):
        assert costs.total_yuan == sum(costs.stage_yuan.values())
        assert all(v == v.quantize(D("0.01")) for v in costs.stage_yuan.values())
        per_parcel = costs.stages_per_parcel_yuan
        assert sum(per_parcel.values()) == costs.cost_per_parcel_yuan
    assert econ.total().parcels == D("105.4")
    assert econ.total().stage_yuan["line_haul"] == D("43.36")


def test_each_stage_follows_its_unit_cost() -> None:
    unit = UnitCosts()
    econ = whole_way([Flow("v", "t", "x", D(100), D(50), D(0), "t")], default=unit)
    stage = econ.total().stage_yuan
    assert stage["sorting"] == D("39.00")  # 150 x 0.26
    assert stage["hub_handling"] == D("233.00")  # 150 x 0.14 + one hub-day 212
    assert stage["station"] == D("60.00")
    door = (100 * D("0.30") + 50 * D("0.20")) * D(215) / D(85)  # 40 door parcels
    assert stage["last_mile"] == door.quantize(D("0.01"))
    assert econ.couriers.quantize(D("0.0001")) == (D(40) / D(85)).quantize(D("0.0001"))
    assert econ.station_keepers == 1


def test_a_flow_served_straight_from_the_county_dc_pays_no_hub() -> None:
    econ = whole_way([Flow("v", "t", "x", D(10), D(0), D(5), None)])
    assert econ.total().stage_yuan["hub_handling"] == 0
    assert econ.hub_operators == frozenset()


def test_pooled_hubs_have_one_operator_separate_ones_one_per_carrier() -> None:
    flows = _flows()
    pooled = whole_way(flows, pooled=True)
    alone = whole_way(flows, pooled=False)
    assert pooled.hub_operators == {("t1", "pool")}
    assert alone.hub_operators == {("t1", "post_office"), ("t1", "express")}
    extra = alone.total().stage_yuan["hub_handling"] - pooled.total().stage_yuan["hub_handling"]
    assert extra == D("212.00")  # a second hub-day at t1


def test_a_carrier_s_own_unit_costs_apply_to_its_parcels_only() -> None:
    dear = replace(UnitCosts(), sorting_yuan_per_parcel=D("1.00"))
    econ = whole_way(_flows(), {"express": dear})
    by = econ.by("carrier")
    assert by["express"].stage_yuan["sorting"] == D("40.40")
    assert by["post_office"].stage_yuan["sorting"] == D("16.90")  # 65 x 0.26


@pytest.mark.parametrize(
    ("name", "value"),
    [
        ("sorting_yuan_per_parcel", "-0.1"),
        ("door_share_up", "1.5"),
        ("station_yuan_per_parcel", "nan"),
    ],
)
def test_bad_unit_costs_name_their_field(name: str, value: str) -> None:
    with pytest.raises(InputError) as err:
        UnitCosts(**{name: D(value)})
    assert err.value.field == name


UNIT_FIELDS = [f.name for f in fields(UnitCosts) if f.name != "door_parcels_per_courier_day"]


@settings(max_examples=60, deadline=None)
@given(
    name=st.sampled_from(UNIT_FIELDS),
    raise_by=st.decimals(min_value=D("0.01"), max_value=D("5"), places=2),
    down=st.decimals(min_value=D(0), max_value=D(500), places=1),
    up=st.decimals(min_value=D(0), max_value=D(500), places=1),
    line=st.decimals(min_value=D(0), max_value=D(900), places=2),
    hub=st.booleans(),
)
def test_raising_any_unit_cost_never_lowers_cost_per_parcel(
    name: str, raise_by: Decimal, down: Decimal, up: Decimal, line: Decimal, hub: bool
) -> None:
    flows = [
        Flow("v", "t", "x", down, up, line, "t" if hub else None),
        Flow("w", "t", "x", D(7), D(2), D(3), "t"),
    ]
    base = UnitCosts()
    value = getattr(base, name) + raise_by
    if name.startswith("door_share"):
        value = min(value, D(1))
    dearer = replace(base, **{name: value})
    assert (
        whole_way(flows, default=dearer).total().cost_per_parcel_yuan
        >= whole_way(flows, default=base).total().cost_per_parcel_yuan
    )
    fewer = replace(base, door_parcels_per_courier_day=D(85) - raise_by * 10)
    assert (
        whole_way(flows, default=fewer).total().cost_per_parcel_yuan
        >= whole_way(flows, default=base).total().cost_per_parcel_yuan
    )
    assert set(whole_way(flows).total().stage_yuan) == set(STAGES)
