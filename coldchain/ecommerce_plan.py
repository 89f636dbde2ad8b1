"""The e-commerce scope end to end: points, lanes, seasons, build, cheaper builds.

:func:`layout` sites the pre-cooling points and wires every cold-parcel lane to its point and
carriage; the caller may route the reefer lanes (``routing.plan_reefer_pickups``) and mark the
loads routing refused (:func:`with_refused`); :func:`evaluate` then simulates the seasons and
prices the build, and :func:`cheaper_builds` gives the loss of builds that cost less (fewer
village points, smaller pre-coolers).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from decimal import Decimal

import numpy as np

from coldchain.build import (
    Build,
    BuildPrices,
    PointLoad,
    cooling_kj_per_kg,
    cost_per_cold_parcel_yuan,
    ecommerce_build,
    room_m3,
)
from coldchain.chain import county_dc
from coldchain.ecommerce import (
    EcomLane,
    EcomStats,
    Timing,
    daily_design_load_kg,
    ecom_lane,
    simulate_ecommerce,
)
from coldchain.firstmile import PointPlan, site_points
from coldchain.history import Carriage
from coldchain.inflow import Variation
from coldchain.online import online_supply, parcels_per_year
from coldchain.products import Catalogue
from coldchain.stats import season_seeds
from network.distances import DistanceMatrix
from network.errors import InputError
from network.model import Network
from network.texts import Message


@dataclass(frozen=True, slots=True)
class EcomOptions:
    """Options of the e-commerce scope (money Decimal yuan; EST defaults, see the modules)."""

    village_budget_yuan: Decimal = Decimal(3_000_000)
    reach_min: float = 30.0
    design_percentile: float = 90.0
    fund_line_yuan: Decimal = Decimal(5_000_000)
    timing: Timing = field(default_factory=Timing)
    prices: BuildPrices = field(default_factory=BuildPrices)
    variation: Variation = field(default_factory=Variation)
    runs: int = 40
    seed: int = 0

    def __post_init__(self) -> None:
        if not 0 < self.design_percentile <= 100:
            raise InputError(
                Message(
                    "{design_percentile} must be in 0..100",
                    design_percentile=self.design_percentile,
                ),
                field="percentile",
            )
        if self.runs < 2:
            raise InputError(Message("{runs} must be >= 2", runs=self.runs), field="runs")


@dataclass(frozen=True, slots=True)
class CheaperBuild:
    """A cheaper variant of the recommended build and what it loses.

    ``label`` is the variant in English for ``plan.json`` and the CSV files; ``text`` the same
    for people, rendered in their language (:class:`network.texts.Message`).
    """

    label: str
    capital_yuan: Decimal
    loss_pct: float
    lost_value_yuan: float
    text: Message | None = None


@dataclass(frozen=True, eq=False)
class EcomPlan:
    """The e-commerce cold chain: points, lanes, seasons, build and per-parcel cost."""

    points: PointPlan
    lanes: tuple[EcomLane, ...]
    capacity_kg_per_day: Mapping[str, float]
    stats: EcomStats
    build: Build
    parcels_per_year: float
    peak_parcels_per_day: float
    cost_per_cold_parcel_yuan: Decimal | None


def _decimal(value: float) -> Decimal:
    return Decimal(repr(float(value)))


def _value(catalogue: Catalogue) -> dict[str, float]:
    return {p: c.value_yuan_per_kg for p, c in catalogue.items()}


def _point_cost(options: EcomOptions) -> Callable[[float], Decimal]:
    """Capital of a point for a mean in-season flow (design day = 2 x mean, EST upper bound)."""
    prices = options.prices

    def cost(kg_per_day: float) -> Decimal:
        design = 2.0 * kg_per_day
        room = room_m3(design, 1.0 / 230.0, prices.min_room_m3)
        return (
            prices.station_yuan
            + _decimal(design / 1000.0) * prices.precool_yuan_per_t_day
            + _decimal(room) * prices.small_room_yuan_per_m3
        )

    return cost


def layout(
    network: Network,
    matrix: DistanceMatrix,
    catalogue: Catalogue,
    options: EcomOptions,
    *,
    village_budget_yuan: Decimal | None = None,
) -> tuple[PointPlan, tuple[EcomLane, ...]]:
    """Site the points (for ``village_budget_yuan``, default the options') and build lanes."""
    supply = online_supply(network, catalogue)
    dc = county_dc(network)
    budget = options.village_budget_yuan if village_budget_yuan is None else village_budget_yuan
    points = site_points(
        network,
        matrix,
        supply,
        dc_id=dc,
        value_yuan_per_kg=_value(catalogue),
        point_cost_yuan=_point_cost(options),
        budget_yuan=budget,
        reach_min=options.reach_min,
    )
    lanes = tuple(
        ecom_lane(
            catalogue[s.product_id],
            node_id=s.node_id,
            point_id=points.point_of[s.node_id],
            dc_id=dc,
            kg_per_day=s.kg_per_day,
            matrix=matrix,
            timing=options.timing,
        )
        for s in supply
    )
    return points, lanes


def with_refused(
    lanes: Sequence[EcomLane], refused: Mapping[tuple[str, str], str]
) -> tuple[EcomLane, ...]:
    """Lanes with ``refused[(node, product)]`` as the reason routing did not serve them."""
    return tuple(replace(ln, refused=refused.get((ln.node_id, ln.product_id), "")) for ln in lanes)


def _point_loads(
    lanes: Sequence[EcomLane],
    catalogue: Catalogue,
    matrix: DistanceMatrix,
    dc: str,
    design: Mapping[str, float],
) -> list[PointLoad]:
    loads = []
    for point, design_kg in design.items():
        mine = [ln for ln in lanes if ln.point_id == point]
        by_product: dict[str, float] = {}
        for ln in mine:
            year = ln.kg_per_day * float(catalogue[ln.product_id].season.daily_profile().sum())
            by_product[ln.product_id] = by_product.get(ln.product_id, 0.0) + year
        total = sum(by_product.values())
        m3 = sum(kg / catalogue[p].density_kg_m3 for p, kg in by_product.items()) / total
        loads.append(
            PointLoad(
                point_id=point,
                design_kg_per_day=design_kg,
                kg_per_year=total,
                cooling_kj_per_kg=cooling_kj_per_kg(catalogue, by_product),
                m3_per_kg=m3,
                km_to_dc=0.0 if point == dc else matrix.km(point, dc),
            )
        )
    return loads


def evaluate(
    network: Network,
    matrix: DistanceMatrix,
    catalogue: Catalogue,
    points: PointPlan,
    lanes: Sequence[EcomLane],
    options: EcomOptions,
    *,
    reefers: int,
    reefer_route_yuan_per_year: Decimal = Decimal(0),
    capacity_share: float = 1.0,
) -> EcomPlan:
    """Seasons and build of the lanes; pre-coolers sized for the design day x
    ``capacity_share``; ``reefers`` (e.g. from the reefer routes) priced with the build."""
    dc = county_dc(network)
    point_ids = tuple(dict.fromkeys(ln.point_id for ln in lanes))
    design = daily_design_load_kg(lanes, catalogue, point_ids, options.design_percentile)
    capacity = {p: float(d) * capacity_share for p, d in zip(point_ids, design, strict=True)}
    stats = simulate_ecommerce(
        lanes,
        catalogue,
        capacity_kg_per_day=capacity,
        seeds=season_seeds(options.seed, options.runs),
        timing=options.timing,
        variation=options.variation,
    )
    loads = _point_loads(
        lanes, catalogue, matrix, dc, dict(zip(point_ids, design * capacity_share, strict=True))
    )
    county_design = float(
        daily_design_load_kg(
            [replace(ln, point_id=dc) for ln in lanes], catalogue, (dc,), options.design_percentile
        )[0]
    )
    total_kg = sum(ld.kg_per_year for ld in loads)
    reefer_kg = sum(
        ln.kg_per_day * float(catalogue[ln.product_id].season.daily_profile().sum())
        for ln in lanes
        if ln.carriage is Carriage.REEFER
    )
    supply = online_supply(network, catalogue)
    per_year = parcels_per_year(supply, catalogue)
    build = ecommerce_build(
        loads,
        dc_id=dc,
        dc_design_kg_per_day=county_design,
        dc_m3_per_kg=sum(ld.m3_per_kg * ld.kg_per_year for ld in loads) / max(total_kg, 1e-9),
        reefers=reefers,
        reefer_trips_per_year=reefer_kg / options.prices.van_payload_kg,
        season_days=float(np.mean([catalogue[p].season.season_days() for p in stats.product_ids])),
        fund_line_yuan=options.fund_line_yuan,
        prices=options.prices,
    )
    mean_parcel_kg = total_kg / per_year if per_year > 0 else 1.0
    return EcomPlan(
        points=points,
        lanes=tuple(lanes),
        capacity_kg_per_day=capacity,
        stats=stats,
        build=build,
        parcels_per_year=per_year,
        peak_parcels_per_day=county_design / mean_parcel_kg,
        cost_per_cold_parcel_yuan=cost_per_cold_parcel_yuan(
            build,
            parcels_per_year=per_year,
            reefer_route_yuan_per_year=reefer_route_yuan_per_year,
            prices=options.prices,
        ),
    )


def cheaper_builds(
    network: Network,
    matrix: DistanceMatrix,
    catalogue: Catalogue,
    plan: EcomPlan,
    options: EcomOptions,
    *,
    budget_shares: Sequence[float] = (0.0, 0.5),
    capacity_shares: Sequence[float] = (0.5, 0.75),
) -> tuple[CheaperBuild, ...]:
    """Loss of builds with a smaller village-point budget or smaller pre-coolers (the rest as
    recommended; refused loads and reefers kept)."""
    refused = {(ln.node_id, ln.product_id): ln.refused for ln in plan.lanes if ln.refused}
    out = []

    def point(label: str, text: Message, variant: EcomPlan) -> CheaperBuild:
        loss = variant.stats.loss_pct()
        lost = (variant.stats.lost_kg.sum(axis=2) * variant.stats.value_yuan_per_kg).sum(axis=1)
        return CheaperBuild(
            label, variant.build.capital_yuan, float(loss.mean()), float(lost.mean()), text
        )

    for share in budget_shares:
        budget = options.village_budget_yuan * _decimal(share)
        points, lanes = layout(network, matrix, catalogue, options, village_budget_yuan=budget)
        variant = evaluate(
            network,
            matrix,
            catalogue,
            points,
            with_refused(lanes, refused),
            options,
            reefers=plan.build.reefers,
        )
        text = Message("village points at {share} of the budget", share=f"{share:.0%}")
        out.append(point(f"village points at {share:.0%} of the budget", text, variant))
    for share in capacity_shares:
        variant = evaluate(
            network,
            matrix,
            catalogue,
            plan.points,
            plan.lanes,
            options,
            reefers=plan.build.reefers,
            capacity_share=share,
        )
        text = Message("pre-coolers at {share} of the design day", share=f"{share:.0%}")
        out.append(point(f"pre-coolers at {share:.0%} of the design day", text, variant))
    return tuple(out)
