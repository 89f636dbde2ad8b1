"""The e-commerce cold chain: carriage choice, allowances, losses and mass balance."""

from __future__ import annotations

from dataclasses import replace
from decimal import Decimal

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy.special import ndtr

from coldchain import load_catalogue
from coldchain.ecommerce import PLACES, EcomLane, Timing, ecom_lane, simulate_ecommerce
from coldchain.ecommerce_plan import EcomOptions, evaluate, layout, with_refused
from coldchain.history import (
    Carriage,
    allowance_h,
    carriage_temp_c,
    choose_carriage,
    life_used,
)
from coldchain.inflow import Variation
from network import DistanceMatrix, InputError, Network

from .conftest import small_network

CATALOGUE = load_catalogue({p: {"online_share": 0.05} for p in ("loquat", "leafy_veg")})
FRESH = sorted(p for p, c in CATALOGUE.items() if c.online_fresh and c.online_share > 0)


def _matrix(net: Network, minutes_apart: float) -> DistanceMatrix:
    ids = net.ids()
    minutes = np.full((len(ids), len(ids)), minutes_apart * 60.0)
    np.fill_diagonal(minutes, 0.0)
    return DistanceMatrix(ids, minutes * 12.0, minutes, "great_circle")


def _lanes(net: Network, minutes_apart: float = 40.0) -> tuple[EcomLane, ...]:
    options = EcomOptions(runs=4)
    return layout(net, _matrix(net, minutes_apart), CATALOGUE, options)[1]


def _capacity(lanes: tuple[EcomLane, ...], kg: float) -> dict[str, float]:
    return dict.fromkeys((ln.point_id for ln in lanes), kg)


@settings(max_examples=60, deadline=None)
@given(product=st.sampled_from(FRESH), trip_h=st.floats(0.0, 72.0))
def test_an_insulated_box_only_when_its_hold_time_covers_the_trip(
    product: str, trip_h: float
) -> None:
    chosen = choose_carriage(CATALOGUE[product], trip_h)
    assert (chosen is Carriage.BOX) == (trip_h <= CATALOGUE[product].box_hold_h)


def test_a_lane_whose_van_ride_outlasts_the_box_goes_by_reefer() -> None:
    net = small_network()
    product = CATALOGUE["bamboo_shoot"]  # 12 h box
    timing = Timing(van_detour=2.0)
    near = ecom_lane(
        product,
        node_id="v3",
        point_id="v3",
        dc_id="dc",
        kg_per_day=100.0,
        matrix=_matrix(net, 60.0),
        timing=timing,
    )  # 2 h van ride
    far = ecom_lane(
        product,
        node_id="v3",
        point_id="v3",
        dc_id="dc",
        kg_per_day=100.0,
        matrix=_matrix(net, 7 * 60.0),
        timing=timing,
    )  # 14 h van ride
    assert near.carriage is Carriage.BOX and near.trip_h == pytest.approx(2.0)
    assert far.carriage is Carriage.REEFER and far.trip_h == pytest.approx(7.0)
    assert far.hold_h == 0.0  # the reefer picks up when the product is ready


@settings(max_examples=80, deadline=None)
@given(
    product=st.sampled_from(sorted(CATALOGUE)),
    share=st.floats(0.01, 1.0),
    haul_h=st.floats(0.0, 2.0),
)
def test_pre_cooled_product_is_allowed_longer_than_the_same_product_uncooled(
    product: str, share: float, haul_h: float
) -> None:
    p = CATALOGUE[product]
    if not carriage_temp_c(p, Carriage.REEFER) < p.field_temp_c:
        return  # nothing to gain from cooling (rice at its grain-store temperature)
    cooled = allowance_h(p, life_share=share, haul_h=haul_h)
    uncooled = allowance_h(p, life_share=share, precooled=False)
    spent_on_the_haul = float(p.quality.life_used_per_day(p.field_temp_c)) * haul_h / 24.0
    if spent_on_the_haul >= share:  # used up before it reached the pre-cooler: the same
        assert cooled == pytest.approx(uncooled)
    else:
        assert cooled > uncooled


def test_allowance_rejects_a_share_outside_0_1() -> None:
    with pytest.raises(InputError, match="life_budget_share"):
        allowance_h(CATALOGUE["abalone"], life_share=0.0)


def _balance(stats: object) -> np.ndarray:
    return stats.arrived_kg - stats.delivered_kg - stats.lost_kg.sum(axis=2)  # type: ignore[attr-defined]


def test_mass_balances_to_the_kg_with_transit_queues_and_refused_loads() -> None:
    net = small_network(scale=20.0)
    lanes = _lanes(net)
    refused = with_refused(lanes, {(lanes[0].node_id, lanes[0].product_id): "too far"})
    # pre-coolers at a fifth of the mean day: queues, landing losses
    stats = simulate_ecommerce(
        refused, CATALOGUE, capacity_kg_per_day=_capacity(lanes, 200.0), seeds=[1, 2, 3]
    )
    assert np.abs(_balance(stats)).max() < 1.0
    by_place = stats.lost_kg.sum(axis=(0, 1))
    assert by_place[PLACES.index("landing")] > 0
    assert by_place[PLACES.index("transit")] > 0
    i = stats.product_ids.index(lanes[0].product_id)
    lane_only = simulate_ecommerce(
        (refused[0],), CATALOGUE, capacity_kg_per_day=_capacity(lanes, 200.0), seeds=[1, 2, 3]
    )
    assert lane_only.lost_kg[..., PLACES.index("refused")].sum() == pytest.approx(
        lane_only.arrived_kg.sum()
    )
    assert stats.lost_kg[:, i, PLACES.index("refused")].sum() > 0


def test_delivered_kg_follows_each_lane_s_whole_history_and_refused_lanes_deliver_nothing() -> None:
    net = small_network()
    lanes = _lanes(net)
    lanes = with_refused(lanes, {(lanes[1].node_id, lanes[1].product_id): "too far"})
    flat = Variation(daily_cv=0.0, year_cv=0.0, shift_days=0)
    stats = simulate_ecommerce(
        lanes, CATALOGUE, capacity_kg_per_day=_capacity(lanes, 1e9), seeds=[9], variation=flat
    )
    timing = Timing()
    expected: dict[str, float] = {}
    harvest: dict[str, float] = {}
    for ln in lanes:
        product = CATALOGUE[ln.product_id]
        year_kg = ln.kg_per_day * float(product.season.daily_profile().sum())
        used = life_used(product, ln.phases(product, timing))
        kept = 0.0 if ln.refused else 1.0 - float(ndtr(np.log(used) / timing.spread))
        expected[ln.product_id] = expected.get(ln.product_id, 0.0) + year_kg * kept
        harvest[ln.product_id] = harvest.get(ln.product_id, 0.0) + year_kg
    for i, pid in enumerate(stats.product_ids):
        assert stats.arrived_kg[0, i] == pytest.approx(harvest[pid], abs=1.0)
        assert stats.delivered_kg[0, i] == pytest.approx(expected[pid], abs=1.0)
    assert np.abs(_balance(stats)).max() < 1.0


def test_a_refused_load_raises_the_loss() -> None:
    net = small_network()
    lanes = _lanes(net)
    capacity = _capacity(lanes, 1e9)
    served = simulate_ecommerce(lanes, CATALOGUE, capacity_kg_per_day=capacity, seeds=[5])
    refused = simulate_ecommerce(
        with_refused(lanes, {(lanes[-1].node_id, lanes[-1].product_id): "capacity"}),
        CATALOGUE,
        capacity_kg_per_day=capacity,
        seeds=[5],
    )
    assert refused.loss_pct()[0] > served.loss_pct()[0]
    assert refused.lost_kg[..., PLACES.index("refused")].sum() > 0
    assert served.lost_kg[..., PLACES.index("refused")].sum() == 0


def test_smaller_pre_coolers_lose_more_at_landing() -> None:
    lanes = _lanes(small_network())
    ample = simulate_ecommerce(
        lanes,
        CATALOGUE,
        capacity_kg_per_day=_capacity(lanes, 1e9),
        seeds=[4],
        variation=Variation(daily_cv=0.0, year_cv=0.0),
    )
    tight = simulate_ecommerce(
        lanes,
        CATALOGUE,
        capacity_kg_per_day=_capacity(lanes, 50.0),
        seeds=[4],
        variation=Variation(daily_cv=0.0, year_cv=0.0),
    )
    landing = PLACES.index("landing")
    assert tight.lost_kg[..., landing].sum() > ample.lost_kg[..., landing].sum()


def test_the_build_lists_priced_facilities_and_splits_the_capital() -> None:
    net = small_network(scale=5.0)
    options = EcomOptions(runs=3)
    matrix = _matrix(net, 40.0)
    points, lanes = layout(net, matrix, CATALOGUE, options)
    plan = evaluate(net, matrix, CATALOGUE, points, lanes, options, reefers=2)
    build = plan.build
    kinds = {i.kind for i in build.items}
    assert {"station", "precooler", "cold_room", "dc_cold_room", "reefer"} <= kinds
    assert build.capital_yuan == sum(i.capital_yuan for i in build.items)
    assert build.fund_yuan + build.carriers_yuan == build.capital_yuan
    assert build.fund_yuan <= options.fund_line_yuan
    assert all(
        i.capital_yuan > 0 and i.running_yuan_per_year >= i.energy_yuan_per_year
        for i in build.items
    )
    assert plan.cost_per_cold_parcel_yuan is not None and plan.cost_per_cold_parcel_yuan > 4
    assert plan.parcels_per_year > 0


def test_no_fresh_online_supply_is_a_clear_error() -> None:
    with pytest.raises(InputError, match="no cold-parcel supply"):
        simulate_ecommerce((), CATALOGUE, capacity_kg_per_day={}, seeds=[1])


def test_a_lane_without_a_pre_cooler_capacity_is_named() -> None:
    lanes = _lanes(small_network())
    with pytest.raises(InputError, match="pre-cooler capacity"):
        simulate_ecommerce(lanes, CATALOGUE, capacity_kg_per_day={}, seeds=[1])


def test_lanes_are_unchanged_by_an_empty_refusal_map() -> None:
    lanes = _lanes(small_network())
    assert with_refused(lanes, {}) == tuple(replace(ln, refused="") for ln in lanes)


def test_the_fund_pays_its_share_of_the_points_up_to_its_line() -> None:
    net = small_network(scale=5.0)
    matrix = _matrix(net, 40.0)
    for line in (Decimal(10_000), Decimal(100_000_000)):
        options = EcomOptions(runs=2, fund_line_yuan=line)
        points, lanes = layout(net, matrix, CATALOGUE, options)
        build = evaluate(net, matrix, CATALOGUE, points, lanes, options, reefers=1).build
        share = (build.fundable_yuan * options.prices.fund_share).quantize(Decimal("0.01"))
        assert build.fund_yuan == min(line, share)
        assert build.fundable_yuan == sum(i.capital_yuan for i in build.items if i.fundable)
        assert not any(i.fundable for i in build.items if i.kind in ("reefer", "dc_cold_room"))
