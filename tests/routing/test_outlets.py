"""Township outlets: own outlet vs shared station per carrier, and the county's saving."""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from network import InputError
from routing.outlets import (
    DEFAULT_OUTLET_COSTS,
    OutletCosts,
    compare_outlets,
    county_outlet_saving_yuan,
)
from tests.routing.small_county import small_county

NET, _ = small_county()


def test_default_costs_per_day() -> None:
    # rent 1500 x 12 / 365 = 49.32; one staff 5500 / 26 = 211.54
    assert DEFAULT_OUTLET_COSTS.own_yuan_per_day(150) == Decimal("260.85")
    # two staff past 500 parcels
    assert DEFAULT_OUTLET_COSTS.own_yuan_per_day(500) == Decimal("260.85")
    assert DEFAULT_OUTLET_COSTS.own_yuan_per_day(501) == Decimal("472.39")
    assert DEFAULT_OUTLET_COSTS.shared_yuan_per_day(100, 20.5) == Decimal("60.25")


def test_small_carriers_hand_over_big_ones_may_keep_their_outlet() -> None:
    costs = OutletCosts(station_fee_yuan_down=Decimal(1), station_fee_yuan_up=Decimal(1))
    towns = compare_outlets(NET, {"big": 0.9, "small": 0.1}, costs)
    east = next(t for t in towns if t.township_id == "t1")
    # east: 84 down + 17 up = 101 parcels/day
    big, small = east.carriers
    assert big.parcels_down == pytest.approx(75.6) and small.parcels_up == pytest.approx(1.7)
    assert small.cheaper == "shared_station" and small.shared_yuan == Decimal("10.10")
    assert small.saving_yuan == small.own_yuan - small.shared_yuan
    scale = OutletCosts(station_fee_yuan_down=Decimal(3), station_fee_yuan_up=Decimal(3))
    big_alone = compare_outlets(NET, {"big": 1.0}, scale)
    assert big_alone[0].carriers[0].cheaper == "own_outlet"
    assert big_alone[0].saving_yuan == 0


@given(
    shares=st.lists(st.floats(0.01, 1), min_size=1, max_size=5),
    fee=st.decimals(0, 5, places=2),
    rent=st.decimals(0, 5000, places=0),
)
def test_the_choice_is_never_dearer_than_either_option(
    shares: list[float], fee: Decimal, rent: Decimal
) -> None:
    costs = OutletCosts(rent, station_fee_yuan_down=fee, station_fee_yuan_up=fee)
    named = {f"c{i}": s for i, s in enumerate(shares)}
    towns = compare_outlets(NET, named, costs)
    for town in towns:
        for c in town.carriers:
            chosen = c.shared_yuan if c.cheaper == "shared_station" else c.own_yuan
            assert chosen == min(c.own_yuan, c.shared_yuan)
            assert c.saving_yuan == c.own_yuan - chosen
    assert county_outlet_saving_yuan(towns) == sum(t.saving_yuan for t in towns)


def test_bad_costs_are_refused() -> None:
    with pytest.raises(InputError, match="rent_yuan_per_month"):
        OutletCosts(rent_yuan_per_month=Decimal(-1))
    with pytest.raises(InputError, match="parcels per staff"):
        OutletCosts(parcels_per_staff_day=0)
