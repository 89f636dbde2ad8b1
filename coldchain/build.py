"""The e-commerce cold chain's build: each facility, what it costs, who pays, cost per parcel.

Facilities (sized by :func:`ecommerce_build`):

- at every pre-cooling point (:mod:`coldchain.firstmile`): a grading, packing and testing
  station; a pre-cooler for the point's design day (the ``percentile`` in-season day of its
  load); a small cold room holding one design day until the collection;
- at the county DC: a cross-dock cold room holding one county design day until the line-haul;
- reefers for the lanes whose trip is longer than their box's hold time.

Unit costs are :class:`BuildPrices` (facts.md has no county-level prices, section 5 gaps, so
they are EST planning figures to be replaced by local quotes; energy intensities reuse
:class:`coldchain.costs.UnitPrices`, which cites facts.md 2). Money is Decimal yuan, rounded to
the fen (ROUND_HALF_UP) once per facility.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal

from coldchain.costs import UnitPrices
from coldchain.facilities import cold_store_eta
from coldchain.products import Catalogue
from network.money import to_fen


def _dec(value: float) -> Decimal:
    return Decimal(repr(float(value)))


@dataclass(frozen=True, slots=True)
class BuildPrices:
    """Unit costs of the e-commerce build (all EST unless a facts.md row is named).

    Attributes:
        station_yuan: grading table, scales, sealer, label printer and rapid-test kit (检测)
            of one point.
        precool_yuan_per_t_day: pre-cooler per tonne a day (forced air / hydro / ice bank; low
            capital, facts.md 1d [S57]).
        small_room_yuan_per_m3: prefabricated PU-panel cold room under 500 m³ (100 mm panels,
            facts.md 2 [S96]); small rooms cost more per m³ than the 500 yuan of large stores.
        min_room_m3: smallest prefabricated room offered.
        reefer_yuan: a 4.2 m light reefer (facts.md 2 [S104 S105]).
        box_yuan_per_parcel: EPS box and two ice/gel packs, one trip.
        packing_labour_yuan_per_parcel: grading and packing labour.
        maintenance_share: yearly upkeep as a share of capital.
        life_years: straight-line write-off of the capital for the cost per parcel.
        fund_share: share of the fundable capital (grading, packing, pre-cooling, testing near
            the source, facts.md 3e [S140]) that the special fund pays as a reward in lieu of
            subsidy (facts.md 3e [S139]); carriers and co-ops invest the rest and all of the
            DC room and the reefers ("市场运作和多元投资").
        van_payload_kg: a shared van's payload, to count the runs a point's peak day needs.
        van_cost_per_km_yuan: cost of an extra van run per km (as the routing section's van).
    """

    station_yuan: Decimal = Decimal(40_000)
    precool_yuan_per_t_day: Decimal = Decimal(15_000)
    small_room_yuan_per_m3: Decimal = Decimal(1_200)
    min_room_m3: float = 20.0
    reefer_yuan: Decimal = Decimal(200_000)
    box_yuan_per_parcel: Decimal = Decimal("4.00")
    packing_labour_yuan_per_parcel: Decimal = Decimal("0.50")
    maintenance_share: Decimal = Decimal("0.03")
    life_years: int = 10
    fund_share: Decimal = Decimal("0.6")
    van_payload_kg: float = 1000.0
    van_cost_per_km_yuan: Decimal = Decimal("1.2")


@dataclass(frozen=True, slots=True)
class BuildItem:
    """One facility of the recommended build (``size`` in ``unit``, ``count`` of them)."""

    kind: str  # station | precooler | cold_room | dc_cold_room | reefer
    node: str
    size: float
    unit: str
    count: int
    capital_yuan: Decimal
    energy_yuan_per_year: Decimal
    running_yuan_per_year: Decimal  # energy + upkeep
    fundable: bool


@dataclass(frozen=True, slots=True)
class PointLoad:
    """What a point handles: design-day kg, kg a year, cooling kJ/kg and the van ride (km)."""

    point_id: str
    design_kg_per_day: float
    kg_per_year: float
    cooling_kj_per_kg: float
    m3_per_kg: float
    km_to_dc: float


@dataclass(frozen=True, slots=True)
class Build:
    """The recommended build and what it costs (Decimal yuan, fen)."""

    items: tuple[BuildItem, ...]
    capital_yuan: Decimal
    fundable_yuan: Decimal
    fund_yuan: Decimal
    carriers_yuan: Decimal
    running_yuan_per_year: Decimal
    cold_room_m3: float
    reefers: int
    peak_van_runs: int
    extra_van_runs_yuan_per_year: Decimal


def room_m3(kg: float, m3_per_kg: float, min_m3: float) -> float:
    """Nominal room volume whose GB 50072 usable volume holds ``kg`` (facts.md 2 [S94])."""
    usable = kg * m3_per_kg
    volume = max(min_m3, usable / 0.40)
    for _ in range(4):  # eta rises with volume: settle the class
        volume = max(min_m3, usable / cold_store_eta(volume))
    return volume


def _item(
    kind: str,
    node: str,
    size: float,
    unit: str,
    count: int,
    capital: Decimal,
    energy: Decimal,
    prices: BuildPrices,
    *,
    fundable: bool,
) -> BuildItem:
    capital, energy = to_fen(capital), to_fen(energy)
    running = to_fen(energy + capital * prices.maintenance_share)
    return BuildItem(kind, node, size, unit, count, capital, energy, running, fundable)


def _point_items(load: PointLoad, prices: BuildPrices, energy: UnitPrices) -> list[BuildItem]:
    tonnes_day = load.design_kg_per_day / 1000.0
    cool_kwh = _dec(load.kg_per_year * load.cooling_kj_per_kg / 3600.0) / energy.precool_cop
    room = room_m3(load.design_kg_per_day, load.m3_per_kg, prices.min_room_m3)
    room_kwh = _dec(room) * energy.cold_room_kwh_per_m3_year
    kwh_yuan = energy.electricity_yuan_per_kwh
    return [
        _item(
            "station",
            load.point_id,
            1.0,
            "station",
            1,
            prices.station_yuan,
            Decimal(0),
            prices,
            fundable=True,
        ),
        _item(
            "precooler",
            load.point_id,
            round(tonnes_day, 2),
            "t/day",
            1,
            _dec(tonnes_day) * prices.precool_yuan_per_t_day,
            cool_kwh * kwh_yuan,
            prices,
            fundable=True,
        ),
        _item(
            "cold_room",
            load.point_id,
            round(room, 1),
            "m3",
            1,
            _dec(room) * prices.small_room_yuan_per_m3,
            room_kwh * kwh_yuan,
            prices,
            fundable=True,
        ),
    ]


def ecommerce_build(
    loads: Sequence[PointLoad],
    *,
    dc_id: str,
    dc_design_kg_per_day: float,
    dc_m3_per_kg: float,
    reefers: int,
    reefer_trips_per_year: float,
    season_days: float,
    fund_line_yuan: Decimal,
    prices: BuildPrices | None = None,
    energy: UnitPrices | None = None,
) -> Build:
    """Facilities for the points' loads, the county DC's cross-dock room and the reefers; the
    fund pays ``fund_share`` of the fundable capital up to ``fund_line_yuan``."""
    prices = prices or BuildPrices()
    energy = energy or UnitPrices()
    items: list[BuildItem] = []
    for load in loads:
        items += _point_items(load, prices, energy)
    dc_room = room_m3(dc_design_kg_per_day, dc_m3_per_kg, prices.min_room_m3)
    items.append(
        _item(
            "dc_cold_room",
            dc_id,
            round(dc_room, 1),
            "m3",
            1,
            _dec(dc_room) * prices.small_room_yuan_per_m3,
            _dec(dc_room) * energy.cold_room_kwh_per_m3_year * energy.electricity_yuan_per_kwh,
            prices,
            fundable=False,
        )
    )
    if reefers:
        hours = _dec(reefer_trips_per_year) * energy.reefer_hours_per_day / 2
        items.append(
            _item(
                "reefer",
                dc_id,
                float(reefers),
                "vehicles",
                reefers,
                prices.reefer_yuan * reefers,
                hours * energy.reefer_unit_l_per_h * energy.diesel_yuan_per_l,
                prices,
                fundable=False,
            )
        )
    capital = sum((i.capital_yuan for i in items), Decimal(0))
    fundable = sum((i.capital_yuan for i in items if i.fundable), Decimal(0))
    fund = min(fund_line_yuan, to_fen(fundable * prices.fund_share))
    runs = [math.ceil(ld.design_kg_per_day / prices.van_payload_kg) for ld in loads]
    extra_yuan = sum(
        (
            _dec(2.0 * ld.km_to_dc * max(0, r - 1) * season_days) * prices.van_cost_per_km_yuan
            for ld, r in zip(loads, runs, strict=True)
        ),
        Decimal(0),
    )
    return Build(
        items=tuple(items),
        capital_yuan=capital,
        fundable_yuan=fundable,
        fund_yuan=fund,
        carriers_yuan=capital - fund,
        running_yuan_per_year=sum((i.running_yuan_per_year for i in items), Decimal(0)),
        cold_room_m3=sum(i.size for i in items if i.unit == "m3"),
        reefers=reefers,
        peak_van_runs=sum(runs),
        extra_van_runs_yuan_per_year=to_fen(extra_yuan),
    )


def cost_per_cold_parcel_yuan(
    build: Build,
    *,
    parcels_per_year: float,
    reefer_route_yuan_per_year: Decimal,
    prices: BuildPrices,
) -> Decimal | None:
    """Write-off, running costs, reefer routes, extra van runs, box and packing per parcel."""
    if parcels_per_year <= 0:
        return None
    yearly = (
        build.capital_yuan / prices.life_years
        + build.running_yuan_per_year
        + reefer_route_yuan_per_year
        + build.extra_van_runs_yuan_per_year
    )
    per_parcel = yearly / _dec(parcels_per_year)
    return to_fen(per_parcel + prices.box_yuan_per_parcel + prices.packing_labour_yuan_per_parcel)


def cooling_kj_per_kg(catalogue: Catalogue, kg_by_product: Mapping[str, float]) -> float:
    """cp x (field - set-point) of a product mix, kJ per kg (facts.md 1c)."""
    total = sum(kg_by_product.values())
    if total <= 0:
        return 0.0
    return (
        sum(
            kg
            * catalogue[p].specific_heat_kj_kg_k
            * max(0.0, catalogue[p].field_temp_c - catalogue[p].storage_temp_c)
            for p, kg in kg_by_product.items()
        )
        / total
    )
