"""``[coldchain] scope = "ecommerce"`` (the default): the fresh parcels sold online.

The flow is each village's harvest times the product's online share (the same share the node
file's ``parcels_up`` counts), for the products whose online parcel is fresh (sea cucumber,
croaker, abalone, bamboo shoots, loquat, ...): graded, packed and pre-cooled at a village point
(sited for ``[coldchain.ecommerce] village_budget_yuan``) or the township's, then carried to the
county DC in an insulated box with ice/gel packs in the shared vans when the box's hold time
covers the trip, else by reefer (routed with :func:`routing.plan_reefer_pickups`; a load it
cannot serve is lost in full), then out on the evening line-haul. See
:mod:`coldchain.ecommerce_plan` for the model and :mod:`coldchain.build` for the build.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import asdict, dataclass
from decimal import Decimal
from functools import cached_property
from typing import Any

from pydantic import BaseModel, ConfigDict, Field

from coldchain import Catalogue
from coldchain.build import BuildItem, BuildPrices
from coldchain.ecommerce import PLACES, EcomLane, Timing
from coldchain.ecommerce_plan import (
    CheaperBuild,
    EcomOptions,
    EcomPlan,
    cheaper_builds,
    evaluate,
    layout,
    with_refused,
)
from coldchain.history import Carriage, allowance_h
from coldchain.inflow import Variation
from coldchain.labels import PRODUCTS
from coldchain.online import online_supply
from coldchain.supply import harvest_t_per_year, require_supply
from network.errors import InputError
from network.money import format_yuan, to_fen
from network.texts import N_, Message
from routing import ReeferPlan, ReeferRequest, plan_reefer_pickups
from scenarios.checks import Check
from scenarios.context import Json, Row, RunContext
from scenarios.sections.coldchain_ecommerce_figures import EcomFigures, ecom_figures
from subsidy import DEFAULT_FUND_LINES

FUND_LINE = "logistics"
"""The special fund's line that pays for first-mile cold chain (logistics and supply chain)."""

FUND_LINE_NAME = N_("logistics and supply chain")
"""The name of :data:`FUND_LINE` for people."""

SPECIAL_FUND_YUAN = sum((f.total_yuan for f in DEFAULT_FUND_LINES), Decimal(0))
"""The special fund over all its lines (subsidy defaults: 10 M yuan)."""

# Loss ranges per product (facts.md): live abalone 2-6 % on a 35 h trip with ice + O2 [S18];
# everything else the <5 % of developed countries' cold chains (facts.md 2 losses [S111]),
# which the plan's cold chain is meant to reach (China's uncooled 25-30 % is what it replaces).
LOSS_RANGES: dict[str, tuple[float, float, str]] = {
    "abalone": (0.0, 6.0, N_("facts 1a: live abalone 35 h with ice + O2 loses 2-6 % [S18]")),
}
DEFAULT_LOSS_RANGE = (
    0.0,
    5.0,
    N_("facts 2 losses: < 5 % in developed countries' cold chains [S111]"),
)


class EcommerceConfig(BaseModel):
    """``[coldchain.ecommerce]``: the e-commerce scope's options (EST defaults)."""

    model_config = ConfigDict(extra="forbid")

    village_budget_yuan: float = Field(default=3_000_000.0, ge=0, le=1e10)
    reach_min: float = Field(default=30.0, ge=0, le=600, description="harvest to a village point")
    fund_line_yuan: float | None = Field(
        default=None, ge=0, le=1e11, description="None = the subsidy's default 'logistics' line"
    )
    fund_share: float = Field(default=0.6, ge=0, le=1)
    collection_min: float = Field(default=900.0, ge=0, lt=1440)
    linehaul_min: float = Field(default=1200.0, ge=0, lt=1440)
    out_h: float = Field(default=24.0, ge=0, le=240)
    van_detour: float = Field(default=2.0, ge=1, le=10)
    spread: float = Field(default=0.2, gt=0, le=2)
    box_yuan_per_parcel: float = Field(default=4.0, ge=0, le=1000)
    cheaper_builds: bool = True

    def options(
        self, *, runs: int, seed: int, percentile: float, variation: Variation
    ) -> EcomOptions:
        """The library's options for this table."""
        line = self.fund_line_yuan
        fund_line = (
            next(f.total_yuan for f in DEFAULT_FUND_LINES if f.name == FUND_LINE)
            if line is None
            else to_fen(line)
        )
        return EcomOptions(
            village_budget_yuan=to_fen(self.village_budget_yuan),
            reach_min=self.reach_min,
            design_percentile=percentile,
            fund_line_yuan=fund_line,
            timing=Timing(
                collection_min=self.collection_min,
                linehaul_min=self.linehaul_min,
                out_h=self.out_h,
                van_detour=self.van_detour,
                spread=self.spread,
            ),
            prices=BuildPrices(
                fund_share=Decimal(repr(self.fund_share)),
                box_yuan_per_parcel=Decimal(repr(self.box_yuan_per_parcel)),
            ),
            variation=variation,
            runs=runs,
            seed=seed,
        )


def reefer_requests(
    plan_lanes: tuple[EcomLane, ...], catalogue: Catalogue, dc_id: str, life_share: float
) -> list[ReeferRequest]:
    """One request per reefer lane, for its peak (P90) day, due by its pre-cooled allowance."""
    out = []
    for ln in plan_lanes:
        if ln.carriage is not Carriage.REEFER or ln.point_id == dc_id:
            continue
        product = catalogue[ln.product_id]
        ready = product.landing_min + 60.0 * (ln.haul_h + product.prep_time_h)
        allowed = 60.0 * allowance_h(product, life_share=life_share, haul_h=ln.haul_h)
        out.append(
            ReeferRequest(
                node_id=ln.point_id,
                product_id=ln.product_id,
                dc_id=dc_id,
                kg=ln.kg_per_day * product.season.design_factor(90.0),
                ready_min=ready,
                latest_arrival_min=max(ready, product.landing_min + allowed),
            )
        )
    return out


@dataclass(frozen=True, eq=False)
class EcommerceOutcome:
    """What the e-commerce scope found: the plan, its cheaper builds, the reefer routes and the
    checks (``summary``/``tables`` are its parts of plan.json and the CSV files)."""

    plan: EcomPlan
    options: EcomOptions
    curve: tuple[CheaperBuild, ...]
    routes: ReeferPlan | None
    checks: tuple[Check, ...]
    names: Mapping[str, str]
    harvest_t_per_year: Mapping[str, float]

    @cached_property
    def figures(self) -> EcomFigures:
        """The plan's figures per product and place."""
        return ecom_figures(self.plan)

    def summary(self) -> dict[str, Json]:
        """``plan.json`` ``coldchain``."""
        return ecommerce_summary(
            self.plan,
            self.options,
            self.curve,
            self.routes,
            self.checks,
            self.names,
            self.harvest_t_per_year,
        )

    def tables(self) -> dict[str, Sequence[Row]]:
        """The facility list, the lanes, the loss per point and the cheaper builds."""
        plan = self.plan
        return {
            "coldchain_facilities": [facility_row(i) for i in plan.build.items],
            "coldchain_lanes": [{**asdict(ln), "carriage": ln.carriage.value} for ln in plan.lanes],
            "coldchain_loss_by_point": loss_by_point_rows(plan),
            "coldchain_loss_curve": [
                {
                    "build": c.label,
                    "capital_yuan": format_yuan(c.capital_yuan),
                    "loss_pct": round(c.loss_pct, 2),
                    "lost_value_yuan": format_yuan(c.lost_value_yuan),
                }
                for c in self.curve
            ],
        }

    def geojson(self) -> dict[str, Mapping[str, Json]]:
        """None."""
        return {}


def run_ecommerce(ctx: RunContext, config: Any, catalogue: Catalogue) -> EcommerceOutcome:
    """The e-commerce scope of the ``[coldchain]`` section (``config`` is its Config).

    Without any supply, or without supply of a product sold online fresh, it is an InputError
    here; a plan run never gets that far: the section steps aside first
    (:func:`scenarios.step_aside.supply_missing`, ``plan.json`` ``coldchain.skipped``).
    """
    require_supply(ctx.network, catalogue)
    if not online_supply(ctx.network, catalogue):
        raise InputError(
            Message(
                "no node supplies a product sold online fresh (catalogue online_share above 0 and "
                'online_fresh): no cold parcels; set online_share or scope = "industry"'
            ),
            field="online_share",
        )
    return ecommerce_outcome(ctx, config, catalogue)


def ecommerce_outcome(ctx: RunContext, config: Any, catalogue: Catalogue) -> EcommerceOutcome:
    """Site the points, route the reefer lanes, simulate, price and check the build."""
    table: EcommerceConfig = config.ecommerce
    runs = min(config.runs, 6) if ctx.fast else config.runs
    variation = Variation(config.daily_cv, config.year_cv, config.shift_days)
    options = table.options(
        runs=runs, seed=ctx.seed, percentile=config.percentile, variation=variation
    )
    ctx.progress("coldchain: e-commerce points", 0.0, None)
    points, lanes = layout(ctx.network, ctx.matrix, catalogue, options)
    dc = ctx.network.county_dcs[0].id
    routes = _route(ctx, config, lanes, catalogue, dc)
    refused: dict[tuple[str, str], str] = {}
    for u in () if routes is None else routes.unserved:
        for pid in u.product_ids:
            for ln in lanes:
                if ln.point_id == u.node_id and ln.product_id == pid:
                    refused[(ln.node_id, pid)] = u.reason
    lanes = with_refused(lanes, refused)
    reefer_days = max(
        (
            catalogue[ln.product_id].season.season_days()
            for ln in lanes
            if ln.carriage is Carriage.REEFER
        ),
        default=0,
    )
    route_yuan = Decimal(0) if routes is None else routes.daily_cost_yuan * reefer_days
    plan = evaluate(
        ctx.network,
        ctx.matrix,
        catalogue,
        points,
        lanes,
        options,
        reefers=0 if routes is None else routes.vehicles,
        reefer_route_yuan_per_year=route_yuan,
    )
    ctx.progress("coldchain: cheaper builds", 0.5, None)
    curve = (
        cheaper_builds(ctx.network, ctx.matrix, catalogue, plan, options)
        if table.cheaper_builds and not ctx.fast
        else ()
    )
    ctx.progress("coldchain: cheaper builds", 1.0, None)
    parcels_up = sum(n.parcels_up_per_day for n in ctx.network)
    return EcommerceOutcome(
        plan=plan,
        options=options,
        curve=curve,
        routes=routes,
        checks=ecommerce_checks(plan, options, parcels_up),
        names={n.id: n.name for n in ctx.network},
        harvest_t_per_year=harvest_t_per_year(ctx.network, catalogue),
    )


def _route(
    ctx: RunContext, config: Any, lanes: tuple[EcomLane, ...], catalogue: Catalogue, dc: str
) -> ReeferPlan | None:
    requests = reefer_requests(lanes, catalogue, dc, config.life_budget_share)
    if not requests or not config.reefer_routes.use:
        return None
    rc = config.reefer_routes
    largest = max(v.capacity_kg for v in rc.fleet)
    loads = sum(math.ceil(r.kg / largest) for r in requests)
    return plan_reefer_pickups(
        requests,
        ctx.matrix,
        fleet=rc.vehicle_types(loads),
        solver=ctx.solver(
            rc.fast_time_limit_s if ctx.fast else (rc.time_limit_s or ctx.time_limit_s)
        ),
        service_min=rc.service_min,
        rounds=rc.rounds,
        max_loads=max(rc.max_loads, loads),
    )


def facility_row(item: BuildItem) -> dict[str, Any]:
    """One facility of the build as a plan.json / CSV row."""
    return {
        "kind": item.kind,
        "node": item.node,
        "size": round(float(item.size), 2),
        "unit": item.unit,
        "count": item.count,
        "capital_yuan": format_yuan(item.capital_yuan),
        "energy_yuan_per_year": format_yuan(item.energy_yuan_per_year),
        "running_yuan_per_year": format_yuan(item.running_yuan_per_year),
        "fundable": item.fundable,
    }


def loss_by_point_rows(plan: EcomPlan) -> list[dict[str, Any]]:
    """Mean lost kg a year per pre-cooling point."""
    lost = plan.stats.lost_kg_by_point.mean(axis=0)
    return [
        {"point": p, "lost_kg_per_year": round(float(kg), 1)}
        for p, kg in zip(plan.stats.point_ids, lost, strict=True)
    ]


def loss_pct_by_product(plan: EcomPlan) -> dict[str, float]:
    """Mean lost share of each product sold online, % (by weight; value is per kg)."""
    return {p: round(v, 2) for p, v in ecom_figures(plan).loss_pct_by_product.items()}


def ecommerce_checks(
    plan: EcomPlan, options: EcomOptions, parcels_up_per_day: float
) -> tuple[Check, ...]:
    """The scope's headline figures against their ranges (``coldchain.`` figures)."""
    b = plan.build
    out = [
        Check(
            "coldchain.cold_parcels_per_day",
            round(plan.parcels_per_year / 365.0, 1),
            0.0,
            round(parcels_up_per_day, 1),
            "parcels/day",
            N_(
                "rule: cold parcels are part of the upward parcels (node file parcels_up, "
                "yearly average)"
            ),
        ),
        Check(
            "coldchain.capital_yuan",
            b.capital_yuan,
            Decimal(1_000_000),
            Decimal(100_000_000),
            "yuan",
            N_("rule (issue 17): a county build the special fund and carriers can fund"),
        ),
        Check(
            "coldchain.fund_yuan",
            b.fund_yuan,
            Decimal(0),
            options.fund_line_yuan,
            "yuan",
            Message(
                "special fund line '{line}' (subsidy default fund lines)",
                line=Message(FUND_LINE_NAME),
            ),
            note=Message(
                "{share} of the fundable points' capital",
                share=f"{float(options.prices.fund_share):.0%}",
            ),
        ),
        Check(
            "coldchain.carriers_yuan",
            b.carriers_yuan,
            Decimal(0),
            b.capital_yuan,
            "yuan",
            N_("rule: carriers and co-ops invest the rest (market operation, facts 3e [S139])"),
        ),
        Check(
            "coldchain.reefers",
            b.reefers,
            0,
            60,
            "vehicles",
            N_("rule (issue 17); ~134k reefers in China (facts 2 [S108]) ≈ 47 per county"),
        ),
        Check(
            "coldchain.cold_room_m3",
            round(b.cold_room_m3, 1),
            0.0,
            5000.0,
            "m3",
            N_("facts 2: GB 50072 'small' store < 5,000 m3 [S94], summed over the build"),
        ),
    ]
    for product, pct in loss_pct_by_product(plan).items():
        low, high, source = LOSS_RANGES.get(product, DEFAULT_LOSS_RANGE)
        name = Message(PRODUCTS.get(product, product))
        label = Message("loss rate of {product} sold online", product=name)
        out.append(Check(f"coldchain.loss_pct.{product}", pct, low, high, "%", source, label=label))
    return tuple(out)


def ecommerce_summary(
    plan: EcomPlan,
    options: EcomOptions,
    curve: tuple[CheaperBuild, ...],
    routes: ReeferPlan | None,
    checks: tuple[Check, ...],
    names: Mapping[str, str],
    harvest: Mapping[str, float],
) -> dict[str, Any]:
    """The scope's part of plan.json (``names``: node id -> name, for the facility list)."""
    stats = plan.stats
    figures = ecom_figures(plan)
    mean, lo, hi = figures.loss_pct
    lost_value = (stats.lost_kg.sum(axis=2) * stats.value_yuan_per_kg).sum(axis=1)
    b = plan.build
    carriage: dict[str, int] = {}
    for ln in plan.lanes:
        carriage[ln.carriage.value] = carriage.get(ln.carriage.value, 0) + 1
    return {
        "scope": "ecommerce",
        "capital_yuan": format_yuan(b.capital_yuan),
        "facilities": [{**facility_row(i), "name": names.get(i.node, "")} for i in b.items],
        "fund": {
            "line": FUND_LINE,
            "line_yuan": format_yuan(options.fund_line_yuan),
            "fundable_yuan": format_yuan(b.fundable_yuan),
            "fund_yuan": format_yuan(b.fund_yuan),
            "carriers_yuan": format_yuan(b.carriers_yuan),
            "special_fund_total_yuan": format_yuan(SPECIAL_FUND_YUAN),
            "capital_pct_of_special_fund": round(
                float(100 * b.capital_yuan / SPECIAL_FUND_YUAN), 1
            ),
        },
        "running_yuan_per_year": format_yuan(b.running_yuan_per_year),
        "loss_pct_by_product": loss_pct_by_product(plan),
        "loss_pct_by_product_ci95": {
            p: [round(low, 2), round(high, 2)]
            for p, (low, high) in figures.loss_pct_ci95_by_product.items()
        },
        "lost_t_by_product_and_place": {
            p: {place: round(t, 3) for place, t in places.items()}
            for p, places in figures.lost_t_by_product_and_place.items()
        },
        "lost_value_yuan_by_place": {
            place: format_yuan(
                float((stats.lost_kg[:, :, k] * stats.value_yuan_per_kg).sum(axis=1).mean())
            )
            for k, place in enumerate(PLACES)
        },
        "sold_online_t": {p: round(t, 1) for p, t in figures.sold_online_t.items()},
        "unserved_t": round(figures.unserved_t, 3),
        "harvest_t_per_year": {p: round(t, 1) for p, t in harvest.items()},
        "cold_parcels_per_day": round(plan.parcels_per_year / 365.0, 1),
        "cold_parcels_peak_day": round(plan.peak_parcels_per_day, 1),
        "cost_per_cold_parcel_yuan": None
        if plan.cost_per_cold_parcel_yuan is None
        else format_yuan(plan.cost_per_cold_parcel_yuan),
        "spoilage_pct": round(mean, 2),
        "spoilage_pct_ci95": [round(lo, 2), round(hi, 2)],
        "spoilage_value_yuan": format_yuan(lost_value.mean()),
        "reefers": b.reefers,
        "cold_room_m3": round(b.cold_room_m3, 1),
        "peak_van_runs": b.peak_van_runs,
        "carriage_lanes": carriage,
        "points": {
            "village_points": len(plan.points.village_points),
            "hub_points": len(plan.points.hub_points),
            "village_budget_yuan": format_yuan(plan.points.village_budget_yuan),
            "village_points_siting_cost_yuan": format_yuan(plan.points.village_points_cost_yuan),
            "covered_value_pct": round(plan.points.covered_value_pct, 1),
            "status": plan.points.status,
        },
        "cheaper_builds": [
            {
                "build": c.label,
                "capital_yuan": format_yuan(c.capital_yuan),
                "loss_pct": round(c.loss_pct, 2),
            }
            for c in curve
        ],
        "reefer_routes": None
        if routes is None
        else {
            "vehicles": routes.vehicles,
            "daily_cost_yuan": format_yuan(routes.daily_cost_yuan),
            "unserved": [
                {
                    "node_id": u.node_id,
                    "products": list(u.product_ids),
                    "t": round(u.kg / 1000, 3),
                    "reason": u.reason,
                }
                for u in routes.unserved
            ],
        },
        "runs": len(stats.seeds),
        "checks_ok": sum(1 for c in checks if c.ok),
        "checks": len(checks),
    }
