"""Default facilities and lanes: bulk kelp share, made-product mass, light and heavy fleets."""

from __future__ import annotations

from decimal import Decimal

import pytest

from coldchain import (
    ColdStore,
    PreCooler,
    ProcessingLine,
    ReeferFleet,
    Stage,
    UnitPrices,
    build_lanes,
    default_facilities,
    load_catalogue,
    prepare_season,
)
from coldchain.costs import capital_yuan
from network import InputError

from .conftest import small_network


def test_only_the_cold_share_of_kelp_enters_the_chain() -> None:
    net = small_network()
    catalogue = load_catalogue()
    lanes = build_lanes(net, catalogue, default_facilities(net, catalogue))
    kelp = next(lane for lane in lanes if lane.product_id == "kelp")
    assert kelp.supply_kg_per_day == pytest.approx(20_000 * 0.8)  # facts.md 1a: ~80% frozen
    whole = load_catalogue({"kelp": {"cold_chain_share": 1.0}})
    lanes = build_lanes(net, whole, default_facilities(net, whole))
    assert next(la for la in lanes if la.product_id == "kelp").supply_kg_per_day == 20_000


@pytest.mark.parametrize("field", ["cold_chain_share", "stored_mass_ratio"])
@pytest.mark.parametrize("value", [0.0, 1.5])
def test_shares_outside_0_1_name_the_field(field: str, value: float) -> None:
    with pytest.raises(InputError, match=field) as err:
        load_catalogue({"tea": {field: value}})
    assert err.value.field == field


def test_held_bulk_products_go_on_the_heavy_fleet_and_fresh_ones_on_vans() -> None:
    net = small_network()
    catalogue = load_catalogue()
    facilities = default_facilities(net, catalogue)
    fleets = {f.stage: f for f in facilities if isinstance(f, ReeferFleet)}
    assert fleets[Stage.BULK_REEFER].heavy and not fleets[Stage.REEFER].heavy
    assert set(fleets[Stage.BULK_REEFER].products) == {"kelp", "laver", "tea", "rice"}
    assert "croaker" in fleets[Stage.REEFER].products
    lanes = build_lanes(net, catalogue, facilities)
    assert {la.product_id: la.reefer_id for la in lanes}["kelp"] == fleets[Stage.BULK_REEFER].id
    prices = UnitPrices()
    assert capital_yuan(fleets[Stage.BULK_REEFER], prices) == (
        Decimal(str(fleets[Stage.BULK_REEFER].vehicles)) * prices.heavy_reefer_yuan_per_vehicle
    )


def test_lines_are_built_for_the_design_day_and_the_mean_day_on_request() -> None:
    net = small_network()
    catalogue = load_catalogue()
    kelp = catalogue["kelp"]
    mean_kg = 20_000 * kelp.cold_chain_share

    def line(**kw: float | None) -> float:
        facilities = default_facilities(net, catalogue, **kw)  # type: ignore[arg-type]
        return next(
            f.throughput_kg_per_day
            for f in facilities
            if isinstance(f, ProcessingLine) and f.products == ("kelp",)
        )

    assert line(design_percentile=None) == pytest.approx(mean_kg)
    assert line() == pytest.approx(mean_kg * kelp.season.design_factor(90.0))
    assert line() > 1.5 * mean_kg  # a peaked harvest: the P90 day is well above the mean
    with pytest.raises(InputError, match="design_percentile"):
        default_facilities(net, catalogue, design_percentile=0.0)


def test_stores_and_loads_hold_the_made_product_mass() -> None:
    net = small_network()
    setup = prepare_season(net, days=30)
    arrays = {la.product_id: i for i, la in enumerate(setup.lanes)}
    tea = setup.products["tea"]
    assert tea.stored_mass_ratio == 0.2  # facts.md 1e: ~5 kg fresh leaf -> 1 kg made tea
    assert setup.lane_arrays["m3"][arrays["tea"]] == pytest.approx(0.2 / tea.density_kg_m3)
    frozen = [f for f in setup.facilities if isinstance(f, ColdStore) and f.frozen]
    assert frozen and all(f.products == ("kelp",) for f in frozen)


def test_pre_coolers_clear_a_landing_of_short_lived_live_product_in_half_its_field_life() -> None:
    net = small_network()
    catalogue = load_catalogue()
    abalone = catalogue["abalone"]
    field_life_h = 24.0 * float(abalone.quality.shelf_life_days_at(abalone.field_temp_c))
    assert field_life_h < 24.0  # live abalone out of water at 21 °C (facts.md 1a/1d)
    facilities = default_facilities(net, catalogue)
    cooler = next(f for f in facilities if isinstance(f, PreCooler) and "abalone" in f.products)
    assert cooler.products == ("abalone",)  # its own set-point (8-10 °C band)
    design_kg = 1_500 * abalone.season.design_factor(90.0)  # small_network: 1,500 kg/day
    assert cooler.throughput_kg_per_day == pytest.approx(design_kg * 24.0 / (field_life_h / 2))
    croaker = catalogue["croaker"]  # days of life in ice: the design day is enough
    assert 24.0 * float(croaker.quality.shelf_life_days_at(croaker.field_temp_c)) > 48.0
