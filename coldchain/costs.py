"""Capital and yearly energy cost of cold-chain facilities.

facts.md has no county-level unit prices (section 5 gaps: cold-store rent, electricity tariff),
so every price here is EST (our planning assumption, to be replaced by local quotes); the
energy intensities cite facts.md where it has them.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from coldchain.facilities import ColdStore, Facility, PreCooler, ProcessingLine, ReeferFleet
from network.money import to_fen


@dataclass(frozen=True, slots=True)
class UnitPrices:
    """Unit prices and energy intensities (EST unless a facts.md row is named)."""

    processing_yuan_per_t_day: Decimal = Decimal(30_000)  # EST: small blanch/freeze or sheet line
    precool_yuan_per_t_day: Decimal = Decimal(15_000)  # EST: forced air / hydro, low capital [S57]
    # Stores (gap in facts.md): EST per m³ of nominal volume, panels [S96] + refrigeration +
    # civil works; ≈3,500 yuan per GB 50072 tonne (chill, 230 kg/m³) and ≈2,750 (frozen,
    # 470 kg/m³) for large stores, within the 1,200-4,500 yuan/m² (≥10,000 m³) vendors quote (LQ).
    cold_room_yuan_per_m3: Decimal = Decimal(500)
    frozen_store_yuan_per_m3: Decimal = Decimal(800)
    reefer_yuan_per_vehicle: Decimal = Decimal(200_000)  # EST: 4.2 m light reefer [S104 S105]
    heavy_reefer_yuan_per_vehicle: Decimal = Decimal(450_000)  # EST: 9.6 m reefer truck (gap)
    electricity_yuan_per_kwh: Decimal = Decimal("0.75")  # EST: facts §5 gap
    diesel_yuan_per_l: Decimal = Decimal("7.5")  # EST
    processing_kwh_per_t: Decimal = Decimal(100)  # EST: freezing 10 -> -18 °C ≈312 kJ/kg [S51]
    # at COP 2 is 43 kWh/t; drying lines use more
    precool_cop: Decimal = Decimal("2.5")  # EST
    cold_room_kwh_per_m3_year: Decimal = Decimal(60)  # 30-50 IIR, surveys ~2x [S101] (EST mid)
    frozen_store_kwh_per_m3_year: Decimal = Decimal(100)  # EST: deeper set-point than chill
    reefer_unit_l_per_h: Decimal = Decimal("1.5")  # 0.15->0.5 L/h per kW [S106] x ~5 kW unit
    heavy_reefer_unit_l_per_h: Decimal = Decimal(4)  # trailer fridge ~4 L/h (UK) [S107]
    reefer_hours_per_day: Decimal = Decimal(10)  # EST


def capital_yuan(facility: Facility, prices: UnitPrices) -> Decimal:
    """Capital cost of a facility, rounded to the fen (ROUND_HALF_UP)."""
    if isinstance(facility, ProcessingLine):
        cost = (
            Decimal(str(facility.throughput_kg_per_day)) / 1000 * prices.processing_yuan_per_t_day
        )
    elif isinstance(facility, PreCooler):
        cost = Decimal(str(facility.throughput_kg_per_day)) / 1000 * prices.precool_yuan_per_t_day
    elif isinstance(facility, ColdStore):
        unit = prices.frozen_store_yuan_per_m3 if facility.frozen else prices.cold_room_yuan_per_m3
        cost = Decimal(str(facility.volume_m3)) * unit
    else:
        heavy = facility.heavy
        unit = prices.heavy_reefer_yuan_per_vehicle if heavy else prices.reefer_yuan_per_vehicle
        cost = Decimal(str(facility.vehicles)) * unit
    return to_fen(cost)


def energy_yuan_per_year(
    facility: Facility,
    prices: UnitPrices,
    *,
    throughput_per_year: float,
    cooling_kj_per_kg: float = 0.0,
) -> Decimal:
    """Yearly energy cost: per tonne processed or pre-cooled (``throughput_per_year`` in kg;
    ``cooling_kj_per_kg`` = cp x ΔT of the product mix, facts.md 1c), per m³ of store (all year),
    per reefer running hour (``throughput_per_year`` in vehicle trips, each taking
    ``reefer_hours_per_day / trips_per_day`` hours, so idle off-season vehicles burn nothing)."""
    tonnes = Decimal(str(throughput_per_year)) / 1000
    if isinstance(facility, ProcessingLine):
        kwh = tonnes * prices.processing_kwh_per_t
    elif isinstance(facility, PreCooler):
        kwh = tonnes * 1000 * Decimal(str(cooling_kj_per_kg)) / 3600 / prices.precool_cop
    elif isinstance(facility, ColdStore):
        per_m3 = (
            prices.frozen_store_kwh_per_m3_year
            if facility.frozen
            else prices.cold_room_kwh_per_m3_year
        )
        kwh = Decimal(str(facility.volume_m3)) * per_m3
    else:
        assert isinstance(facility, ReeferFleet)
        if facility.trips_per_day == 0:
            return to_fen(0)
        hours = (
            Decimal(str(throughput_per_year))
            * prices.reefer_hours_per_day
            / Decimal(str(facility.trips_per_day))
        )
        per_h = prices.heavy_reefer_unit_l_per_h if facility.heavy else prices.reefer_unit_l_per_h
        return to_fen(hours * per_h * prices.diesel_yuan_per_l)
    return to_fen(kwh * prices.electricity_yuan_per_kwh)
