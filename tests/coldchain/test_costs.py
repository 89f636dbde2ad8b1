"""Capital and energy of facilities: store prices per tonne, reefer fuel by running trips."""

from __future__ import annotations

from decimal import Decimal

import pytest

from coldchain import ColdStore, ReeferFleet, UnitPrices
from coldchain.costs import capital_yuan, energy_yuan_per_year
from coldchain.facilities import HEAVY_REEFER, LIGHT_REEFER


def test_reefer_fuel_follows_the_trips_run_not_the_calendar() -> None:
    prices = UnitPrices()
    heavy = ReeferFleet.of_class("h", "dc", 10, HEAVY_REEFER)
    assert energy_yuan_per_year(heavy, prices, throughput_per_year=0.0) == 0
    trips = 900.0  # e.g. 10 trucks x 1 trip a day x 90 days of kelp season
    hours = Decimal(900) * prices.reefer_hours_per_day / Decimal("1.0")
    assert energy_yuan_per_year(heavy, prices, throughput_per_year=trips) == (
        hours * prices.heavy_reefer_unit_l_per_h * prices.diesel_yuan_per_l
    ).quantize(Decimal("0.01"))
    light = ReeferFleet.of_class("l", "dc", 10, LIGHT_REEFER)
    assert energy_yuan_per_year(light, prices, throughput_per_year=trips) < (
        energy_yuan_per_year(heavy, prices, throughput_per_year=trips)
    )


@pytest.mark.parametrize(
    ("frozen", "density", "low", "high"),
    [(True, 470.0, 2_000, 3_500), (False, 230.0, 2_500, 4_500)],
)
def test_store_capital_per_gb50072_tonne_is_in_the_quoted_range(
    frozen: bool, density: float, low: float, high: float
) -> None:
    """EST unit prices per m³ come to ~2,750 (frozen) / ~3,500 (chill) yuan per rated tonne for
    a large store, inside the 1,200-4,500 yuan/m² vendors quote (LQ) at 4.5 m clear height."""
    store = ColdStore(
        "s", "dc", 20_000.0, -18.0 if frozen else 2.0, frozen=frozen, design_density_kg_m3=density
    )
    per_t = float(capital_yuan(store, UnitPrices())) / store.capacity_t
    assert low <= per_t <= high
