"""``[coldchain]``: two scopes. ``scope = "ecommerce"`` (the default) is the cold chain of the
fresh parcels sold online (:mod:`scenarios.sections.coldchain_ecommerce`). ``scope =
"industry"`` is the bulk-harvest view below: season simulation, sizing of pre-cooling, cold
storage and reefers, and reefer routes for the seafood that must reach the county DC in time
(:func:`routing.plan_reefer_pickups`). Both read the node file's supply with
``supply_season_days`` (the days it was averaged over) so that the stated yearly totals hold.

Default facilities for a network (when the table gives none) follow
:func:`coldchain.default_facilities`: at every township hub with supply (villages' supply
gathered at their township; a township's own supply stays there; the county node's at the
county DC) one processing line per processed product and one pre-cooler and one store per
storage set-point, built for the hub's design day (``design_percentile``, P90 of the in-season
days; stores: 2 design days plus each held product's hold days of its smoothed flow), a light
reefer fleet (2 t, 2 trips a day) for fresh products and a heavy one (15 t, 1 trip, EST) for
held bulk products. The simulation then shows what this build loses in the seasons, and sizing
says what it takes to stay under the target.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import asdict, dataclass
from decimal import Decimal
from typing import Any, Literal

import numpy as np
from pydantic import BaseModel, ConfigDict, Field

from coldchain import (
    Catalogue,
    SeasonStats,
    SizingResult,
    Variation,
    default_facilities,
    facility_from_mapping,
    load_catalogue,
    mean_ci95,
    monte_carlo,
    prepare_season,
    reefer_demand,
    size,
    with_facilities,
)
from coldchain.costs import UnitPrices, capital_yuan
from coldchain.demand import LIFE_BUDGET_SHARE, ReeferDemand
from coldchain.facilities import ColdStore, Facility, ReeferFleet, Stage
from coldchain.products import with_season_days
from coldchain.simulate import AMBIENT_C, SeasonSetup
from coldchain.stats import PLACES
from coldchain.supply import harvest_t_per_year, require_supply
from network.model import Network
from network.money import format_yuan, to_fen
from routing import ReeferPlan, ReeferRequest, VehicleType, plan_reefer_pickups
from scenarios.checks import Check
from scenarios.context import Json, Row, RunContext
from scenarios.sections.coldchain_ecommerce import (
    EcommerceConfig,
    EcommerceOutcome,
    run_ecommerce,
)

KEY = "coldchain"


class ReeferVehicleConfig(BaseModel):
    """One reefer type of ``[[coldchain.reefer_routes.fleet]]``; ``count`` 0 = one per pickup."""

    model_config = ConfigDict(extra="forbid")

    name: str = "reefer van"
    # Upper bounds as for [[routing.fleet]]: beyond any road vehicle or running cost.
    capacity_kg: float = Field(default=1000.0, gt=0, le=100_000)
    fixed_cost_yuan_per_day: float = Field(default=350.0, ge=0, le=1_000_000)
    cost_per_km_yuan: float = Field(default=1.2, ge=0, le=10_000)
    count: int = Field(default=0, ge=0)
    # one run a day: OR-Tools (the only engine with ferry fares) finds multi-trip plans slowly
    max_trips: int = Field(default=1, ge=1)
    max_duration_min: float = Field(default=600.0, gt=0)


class ReeferRoutesConfig(BaseModel):
    """``[coldchain.reefer_routes]``: routing the reefer demand (peak kg) to the county DC.

    Default fleet as the routing section's "reefer van" (1,000 kg, 350 yuan/day, 1.2 yuan/km,
    EST); shifts 04:00-22:00 so the 05:00 fish landings and the 18:00 abalone are both covered.
    """

    model_config = ConfigDict(extra="forbid")

    use: bool = True
    fleet: list[ReeferVehicleConfig] = Field(default_factory=lambda: [ReeferVehicleConfig()])
    shift_min: tuple[float, float] = (240.0, 1320.0)
    service_min: float = Field(default=15.0, ge=0, description="loading at a pickup")
    rounds: int = Field(default=4, ge=1, description="solves to bring late pickups in time")
    max_loads: int = Field(
        default=3, ge=1, description="a landing up to this many full loads is split over trips"
    )
    time_limit_s: float | None = Field(default=None, gt=0, description="None = [solver]'s")
    fast_time_limit_s: float = Field(default=1.0, gt=0)

    def vehicle_types(self, loads: int) -> list[VehicleType]:
        """The fleet; a type's ``count`` 0 becomes ``loads`` (an upper bound of the loads)."""
        return [
            VehicleType(
                name=v.name,
                count=v.count or max(loads, 1),
                capacity=(v.capacity_kg,),
                fixed_cost_yuan=v.fixed_cost_yuan_per_day,
                cost_per_km_yuan=v.cost_per_km_yuan,
                max_duration_min=v.max_duration_min,
                shift_start_min=self.shift_min[0],
                shift_end_min=self.shift_min[1],
                max_trips=v.max_trips,
                reefer=True,
            )
            for v in self.fleet
        ]


class Config(BaseModel):
    """Options of the ``[coldchain]`` table (all optional)."""

    model_config = ConfigDict(extra="forbid")

    scope: Literal["ecommerce", "industry"] = Field(
        default="ecommerce",
        description="ecommerce: the fresh parcels sold online; industry: the bulk harvest",
    )
    products: dict[str, dict[str, Any]] = Field(
        default_factory=dict, description="product id -> fields to override or a new product"
    )
    supply_season_days: dict[str, int] = Field(
        default_factory=dict,
        description="product id -> days of harvest the node file's supply_<product>_kg "
        "(kg/day in season) were averaged over; keeps the stated yearly totals",
    )
    facilities: list[dict[str, Any]] | None = Field(
        default=None, description="facility tables with `kind`; None = the default rule"
    )
    target_loss_pct: float = Field(default=2.0, gt=0, lt=100)
    percentile: float = Field(default=90.0, gt=0, le=100)
    design_percentile: float | None = Field(
        default=90.0,
        gt=0,
        le=100,
        description="default facilities: in-season day they are built for; None = the mean day",
    )
    runs: int = Field(default=40, ge=2, description="Monte Carlo seasons")
    steps_per_day: int = Field(default=4, ge=1, le=24)
    sizing: bool = True
    sizing_runs: int = Field(default=8, ge=2, description="seasons per sizing evaluation")
    seasons: dict[str, tuple[int, int]] = Field(
        # facts.md 1e: cold-chain peaks March-June and November-January
        default_factory=lambda: {"spring_peak": (60, 181), "winter_peak": (305, 31)},
        description="name -> (first, last) day of year to report losses for",
    )
    ambient_c: float = AMBIENT_C
    daily_cv: float = Field(default=0.25, ge=0)
    year_cv: float = Field(default=0.10, ge=0)
    shift_days: int = Field(default=7, ge=0)
    life_budget_share: float = Field(default=LIFE_BUDGET_SHARE, gt=0, le=1)
    processes: int = Field(default=1, ge=1)
    reefer_routes: ReeferRoutesConfig = Field(default_factory=ReeferRoutesConfig)
    ecommerce: EcommerceConfig = Field(default_factory=EcommerceConfig)


def _facilities(config: Config, network: Network, catalogue: Catalogue) -> tuple[Facility, ...]:
    if config.facilities is None:
        return default_facilities(network, catalogue, design_percentile=config.design_percentile)
    return tuple(
        facility_from_mapping(table, row=i + 1) for i, table in enumerate(config.facilities)
    )


def run(ctx: RunContext, config: Config) -> ColdchainOutcome | EcommerceOutcome:
    """Simulate the seasons, size the stages, and route the reefer demand to the county DC
    (``scope = "ecommerce"``: :mod:`scenarios.sections.coldchain_ecommerce`)."""
    catalogue = with_season_days(load_catalogue(config.products), config.supply_season_days)
    if config.scope == "ecommerce":
        return run_ecommerce(ctx, config, catalogue)
    facilities = _facilities(config, ctx.network, catalogue)
    variation = Variation(config.daily_cv, config.year_cv, config.shift_days)
    runs = min(config.runs, 6) if ctx.fast else config.runs

    def setup_at(steps_per_day: int) -> SeasonSetup:
        return prepare_season(
            ctx.network,
            catalogue=catalogue,
            facilities=facilities,
            matrix=ctx.matrix,
            steps_per_day=steps_per_day,
            ambient_c=config.ambient_c,
            variation=variation,
        )

    setup = setup_at(1 if ctx.fast else config.steps_per_day)
    ctx.progress("coldchain: seasons", 0.0, None)
    stats = monte_carlo(
        setup,
        runs=runs,
        seed=ctx.seed,
        processes=config.processes,
        progress=lambda done: ctx.progress("coldchain: seasons", done, None),
    )
    sizing = None
    if config.sizing:
        sizing = size(
            setup_at(1),  # sizing searches many capacities: daily steps
            target_loss_pct=config.target_loss_pct,
            percentile=config.percentile,
            runs=min(config.sizing_runs, 4) if ctx.fast else config.sizing_runs,
            seed=ctx.seed,
            tolerance=0.15 if ctx.fast else 0.08,
            curve_shares=(0.5,) if ctx.fast else (0.5, 0.75, 0.9),
            progress=lambda done: ctx.progress("coldchain: sizing", done, None),
        )
    check = None if sizing is None else _check_at_steps(setup, sizing, config, ctx.seed)
    demand = reefer_demand(
        ctx.network,
        catalogue=catalogue,
        matrix=ctx.matrix,
        life_budget_share=config.life_budget_share,
    )
    routes = _reefer_routes(ctx, config.reefer_routes, demand)
    return ColdchainOutcome(
        setup=setup,
        stats=stats,
        sizing=sizing,
        check_pct=check,
        reefer_demand=demand,
        reefer_routes=routes,
        percentile=config.percentile,
        seasons=tuple((name, first, last) for name, (first, last) in config.seasons.items()),
        harvest_t_per_year=harvest_t_per_year(ctx.network, catalogue),
    )


@dataclass(frozen=True)
class ColdchainOutcome:
    """What the cold-chain section found.

    Attributes:
        setup: the prepared season (facilities, lanes, steps per day).
        stats: the Monte Carlo seasons' statistics.
        sizing: the capacities that keep the loss under the target, or None (``sizing``
            off).
        check_pct: the loss at the sizing percentile of the recommended build simulated at
            the season's own steps (None when the season is daily, or without sizing).
        reefer_demand: the products that must reach the county DC in time, per node.
        reefer_routes: the peak day's reefer pickups, or None (``reefer_routes.use`` off).
        percentile: the season percentile the loss is reported (and sized) at.
        seasons: (name, first day, last day of year) of the windows losses are reported for.
        harvest_t_per_year: tonnes a year per product as read from the node file.
    """

    setup: SeasonSetup
    stats: SeasonStats
    sizing: SizingResult | None
    check_pct: float | None
    reefer_demand: tuple[ReeferDemand, ...]
    reefer_routes: ReeferPlan | None
    percentile: float
    seasons: tuple[tuple[str, int, int], ...]
    harvest_t_per_year: Mapping[str, float]
    checks: tuple[Check, ...] = ()  # the bulk-harvest view holds no figure against a range

    @property
    def loss_pct(self) -> tuple[float, float, float]:
        """Loss, share of value: mean over the seasons and its 95 % confidence interval."""
        return mean_ci95(self.stats.loss_pct())

    @property
    def loss_pct_at_percentile(self) -> float:
        """Loss, share of value, of the season at :attr:`percentile`."""
        return float(np.percentile(self.stats.loss_pct(), self.percentile))

    @property
    def lost_value_yuan(self) -> tuple[Decimal, Decimal, Decimal]:
        """Value lost per season (yuan, fen): mean and its 95 % confidence interval."""
        mean, lo, hi = mean_ci95(self.stats.lost_value_yuan.sum(axis=1))
        return to_fen(mean), to_fen(lo), to_fen(hi)

    @property
    def peak_utilisation_pct(self) -> dict[str, float]:
        """Per stage, the busiest facility's peak utilisation (mean over the seasons, %)."""
        by_stage: dict[str, float] = {}
        peak = self.stats.peak_util.mean(axis=0)
        for stage, value in zip(self.stats.facility_stages, peak, strict=True):
            pct = round(100.0 * float(value), 1)
            by_stage[stage.value] = max(by_stage.get(stage.value, 0.0), pct)
        return by_stage

    @property
    def bottleneck(self) -> tuple[str, Stage, str] | None:
        """The facility that holds the flow back most (id, stage, node), or None."""
        found = self.stats.bottleneck()
        if found is None:
            return None
        node = {f.id: f.node_id for f in self.setup.facilities}[found[0]]
        return found[0], found[1], node

    def summary(self) -> dict[str, Json]:
        """``plan.json`` ``coldchain``."""
        routes = self.reefer_routes
        return {
            **_summary(self),
            **industry_figures(self),
            "harvest_t_per_year": {p: round(t, 1) for p, t in self.harvest_t_per_year.items()},
            "reefer_routes": None if routes is None else _routes_summary(routes),
        }

    def tables(self) -> dict[str, Sequence[Row]]:
        """Daily utilisation, the loss curve, the reefer demand and the reefer pickups."""
        return {
            "coldchain": _daily_rows(self.setup, self.stats),
            "coldchain_loss_curve": _curve_rows(self.sizing),
            "coldchain_reefer_demand": [asdict(r) for r in self.reefer_demand],
            "coldchain_reefer_routes": []
            if self.reefer_routes is None
            else _route_rows(self.reefer_routes),
        }

    def geojson(self) -> dict[str, Mapping[str, Json]]:
        """None."""
        return {}


def industry_figures(outcome: ColdchainOutcome) -> dict[str, Json]:
    """The agreed cold-chain keys for the bulk-harvest view: the build (recommended if sized,
    else simulated) and the loss per product with refused reefer pickups lost in full (a
    refused pickup's product loses its whole season: its mean day x its season days)."""
    stats, catalogue = outcome.stats, outcome.setup.products
    sizing, routes = outcome.sizing, outcome.reefer_routes
    facilities = outcome.setup.facilities if sizing is None else sizing.facilities
    prices = UnitPrices()
    kg_day = {(r.node_id, r.product_id): r.kg_per_day for r in outcome.reefer_demand}
    refused = {
        (u.node_id, pid)
        for u in (() if routes is None else routes.unserved)
        for pid in u.product_ids
    }  # a split pickup's loads name their node once each: count the node once
    refused_t: dict[str, float] = {}
    for node_id, pid in sorted(refused):
        days = float(catalogue[pid].season.daily_profile().sum())
        refused_t[pid] = refused_t.get(pid, 0.0) + kg_day.get((node_id, pid), 0.0) * days / 1e3
    loss: dict[str, Json] = {}
    for i, pid in enumerate(stats.product_ids):
        harvest = float(stats.arrived_kg[:, i].mean()) / 1e3
        gone = min(refused_t.get(pid, 0.0), harvest)
        # the simulated losses fall on the part that was not refused
        lost = (
            float(stats.lost_kg[:, i].mean()) / 1e3 * (1.0 - gone / harvest) + gone
            if harvest
            else 0.0
        )
        loss[pid] = round(100.0 * lost / harvest, 2) if harvest > 0 else 0.0
    return {
        "scope": "industry",
        "capital_yuan": format_yuan(_capital(tuple(facilities))),
        "facilities": [_facility_row(f, prices) for f in facilities],
        "loss_pct_by_product": loss,
        "refused_t_by_product": {p: round(t, 1) for p, t in refused_t.items()},
        "unserved_t": round(sum(refused_t.values()), 1),
        "cold_parcels_per_day": None,
        "cost_per_cold_parcel_yuan": None,
    }


def _facility_row(facility: Facility, prices: UnitPrices) -> dict[str, Json]:
    """One facility of the bulk-harvest build as a plan.json row (sizes as built)."""
    if isinstance(facility, ColdStore):
        size, unit, count = facility.volume_m3, "m3", 1
    elif isinstance(facility, ReeferFleet):
        size, unit, count = float(facility.vehicles), "vehicles", int(facility.vehicles)
    else:
        size, unit, count = facility.capacity / 1000.0, "t/day", 1
    return {
        "kind": facility.stage.value,
        "node": facility.node_id,
        "size": round(size, 1),
        "unit": unit,
        "count": count,
        "capital_yuan": format_yuan(capital_yuan(facility, prices)),
        "energy_yuan_per_year": None,  # see recommended.stages: energy needs the season's flows
    }


def _reefer_routes(
    ctx: RunContext, config: ReeferRoutesConfig, demand: tuple[ReeferDemand, ...]
) -> ReeferPlan | None:
    """Reefer routes for the peak day's demand (products landed at the DC itself need none)."""
    if not config.use:
        return None
    requests = [
        ReeferRequest(
            node_id=r.node_id,
            product_id=r.product_id,
            dc_id=r.dc_id,
            kg=r.peak_kg_per_day,
            ready_min=r.ready_min,
            latest_arrival_min=r.latest_arrival_min,
            feasible=r.feasible,
        )
        for r in demand
        if r.node_id != r.dc_id
    ]
    if ctx.fast:
        seconds = config.fast_time_limit_s
    else:
        seconds = ctx.time_limit_s if config.time_limit_s is None else config.time_limit_s
    task = "coldchain: reefer routes"
    ctx.progress(task, 0.0, None)
    routes = plan_reefer_pickups(
        requests,
        ctx.matrix,
        fleet=config.vehicle_types(_loads(requests, config)),
        solver=ctx.solver(seconds),
        service_min=config.service_min,
        rounds=config.rounds,
        max_loads=config.max_loads,
        progress=lambda best: ctx.progress(task, 0.5, best),
    )
    ctx.progress(task, 1.0, float(routes.daily_cost_yuan))
    return routes


def _loads(requests: list[ReeferRequest], config: ReeferRoutesConfig) -> int:
    """Loads at most (split ones count each load; merging at a node only lowers it)."""
    largest_kg = max(v.capacity_kg for v in config.fleet)
    return sum(min(math.ceil(r.kg / largest_kg), config.max_loads) for r in requests)


def _routes_summary(routes: ReeferPlan) -> dict[str, Json]:
    on_time_kg = sum(s.kg for s in routes.stops)
    unserved_kg = sum(u.kg for u in routes.unserved)
    return {
        "vehicles": routes.vehicles,
        "distance_km": round(routes.distance_km, 1),
        "daily_cost_yuan": str(routes.daily_cost_yuan),
        "pickups_on_time": len(routes.stops),
        "t_on_time": round(on_time_kg / 1000.0, 1),
        "t_unserved": round(unserved_kg / 1000.0, 1),
        "min_slack_min": round(min((s.slack_min for s in routes.stops), default=0.0), 1),
        "solves": routes.rounds,
        "unserved": [
            {
                "node_id": u.node_id,
                "products": list(u.product_ids),
                "kg": round(u.kg, 1),
                "reason": u.reason,
            }
            for u in routes.unserved
        ],
    }


def _route_rows(routes: ReeferPlan) -> list[Row]:
    return [
        {
            "vehicle": s.vehicle,
            "order": s.order,
            "node_id": s.node_id,
            "products": ";".join(s.product_ids),
            "kg": round(s.kg, 1),
            "pickup_min": round(s.pickup_min, 1),
            "arrival_at_dc_min": round(s.arrival_min, 1),
            "latest_arrival_min": round(s.latest_arrival_min, 1),
            "slack_min": round(s.slack_min, 1),
        }
        for s in routes.stops
    ]


def _summary(outcome: ColdchainOutcome) -> dict[str, Json]:
    setup, stats, sizing = outcome.setup, outcome.stats, outcome.sizing
    mean, lo, hi = outcome.loss_pct
    lost_value = outcome.lost_value_yuan
    queue: dict[str, float] = {}
    for stage, value in zip(stats.facility_stages, stats.peak_queue_kg.mean(axis=0), strict=True):
        queue[stage.value] = max(queue.get(stage.value, 0.0), round(float(value) / 1000.0, 1))
    bottleneck = outcome.bottleneck
    life = stats.life_left_days()
    by_product = {
        pid: {
            "harvest_t": round(float(stats.arrived_kg[:, i].mean()) / 1000.0, 1),
            "lost_t": round(float(stats.lost_kg[:, i].mean()) / 1000.0, 1),
            "lost_value_yuan": format_yuan(stats.lost_value_yuan[:, i].mean()),
            "life_left_at_dc_days": None if np.isnan(life[i]) else round(float(life[i]), 1),
        }
        for i, pid in enumerate(stats.product_ids)
    }
    return {
        "spoilage_pct": round(mean, 2),
        "spoilage_pct_ci95": [round(lo, 2), round(hi, 2)],
        f"spoilage_pct_p{outcome.percentile:g}": round(outcome.loss_pct_at_percentile, 2),
        "spoilage_value_yuan": format_yuan(lost_value[0]),
        "spoilage_value_yuan_ci95": [format_yuan(v) for v in lost_value[1:]],
        "lost_t_by_place": {
            place: round(float(v) / 1000.0, 1)
            for place, v in zip(PLACES, stats.lost_kg_by_place.mean(axis=0), strict=True)
        },
        "seasons": {
            name: round(float(stats.window_loss_pct(first, last).mean()), 2)
            for name, first, last in outcome.seasons
        },
        "peak_utilisation_pct": outcome.peak_utilisation_pct,
        "peak_queue_t": queue,
        "bottleneck": None
        if bottleneck is None
        else {"facility": bottleneck[0], "stage": bottleneck[1].value, "node": bottleneck[2]},
        "recommended": None if sizing is None else _recommended(sizing, outcome.check_pct),
        "products": by_product,
        "simulated_facilities": len(setup.facilities),
        "simulated_capital_yuan": format_yuan(_capital(setup.facilities)),
        "lanes": len(setup.lanes),
        "runs": len(stats.seeds),
        "steps_per_day": setup.steps_per_day,
        "reefer_demand_records": len(outcome.reefer_demand),
    }


def _check_at_steps(
    setup: SeasonSetup, sizing: SizingResult, config: Config, seed: int
) -> float | None:
    """Loss at the sizing percentile of the recommended build simulated at the season's own
    steps (sizing searches at daily steps, which cannot see queues inside a day, e.g. a dusk
    landing of live abalone waiting for a pre-cooler); None when the season is daily too."""
    if setup.steps_per_day == 1:
        return None
    stats = monte_carlo(
        with_facilities(setup, sizing.facilities),
        runs=config.sizing_runs,
        seed=seed,
        processes=config.processes,
    )
    return stats.percentile_loss_pct(config.percentile)


def _capital(facilities: tuple[Facility, ...]) -> Decimal:
    """Capital of the simulated build at the default unit prices (for the sizing comparison)."""
    return sum((capital_yuan(f, UnitPrices()) for f in facilities), Decimal(0))


def _recommended(sizing: SizingResult, check_pct: float | None) -> dict[str, Json]:
    stages: dict[str, Json] = {
        s.stage.value: {
            "capacity": round(s.capacity, 1),
            "unit": s.unit,
            "factor_vs_input": round(s.factor, 3),
            "capital_yuan": format_yuan(s.capital_yuan),
            "energy_yuan_per_year": format_yuan(s.energy_yuan_per_year),
        }
        for s in sizing.stages
    }
    return {
        "target_pct": sizing.target_pct,
        "percentile": sizing.percentile,
        "feasible": sizing.feasible,
        "achieved_pct": round(sizing.achieved_pct, 2),
        "achieved_pct_at_season_steps": None if check_pct is None else round(check_pct, 2),
        "floor_pct": round(sizing.floor_pct, 2),
        "stages": stages,
        "capital_yuan": format_yuan(sizing.capital_yuan),
        "energy_yuan_per_year": format_yuan(sizing.energy_yuan_per_year),
        "cold_store_t": round(sum(getattr(f, "capacity_t", 0.0) for f in sizing.facilities), 1),
        "fleets": {
            f.id: {"vehicles": f.vehicles, "payload_kg": f.payload_kg, "heavy": f.heavy}
            for f in sizing.facilities
            if isinstance(f, ReeferFleet)
        },
    }


def _daily_rows(setup: SeasonSetup, stats: SeasonStats) -> list[Row]:
    n = len(stats.seeds)
    util = stats.daily_util_sum / n
    queue = stats.daily_queue_sum / n
    rows: list[Row] = []
    for day in range(util.shape[0]):
        doy = (setup.start_doy - 1 + day) % 365 + 1
        for i, facility in enumerate(setup.facilities):
            rows.append(
                {
                    "day": day + 1,
                    "day_of_year": doy,
                    "facility_id": facility.id,
                    "stage": facility.stage.value,
                    "node_id": facility.node_id,
                    "utilisation_pct": round(100.0 * float(util[day, i]), 1),
                    "queue_kg": round(float(queue[day, i]), 1),
                }
            )
    return rows


def _curve_rows(sizing: SizingResult | None) -> list[Row]:
    if sizing is None:
        return []
    return [
        {
            "stage": p.stage,
            "share_of_recommended": p.share,
            "capacity": None if np.isnan(p.capacity) else round(p.capacity, 1),
            "unit": p.unit,
            "loss_pct": round(p.loss_pct, 2),
            "mean_lost_value_yuan": format_yuan(p.mean_lost_value_yuan),
        }
        for p in sizing.loss_curve
    ]


def check(ctx: RunContext, config: Config) -> None:
    """The checks :func:`run` makes before simulating (``validate`` runs them): catalogue and
    the stated season lengths; for the e-commerce scope every supply column names a catalogue
    product; for the industry scope facilities and the season's lanes (which need supply of a
    catalogue product). Whether the reefer fleet can carry each peak-day landing needs the
    simulated season: ``plan`` checks it."""
    catalogue = with_season_days(load_catalogue(config.products), config.supply_season_days)
    if config.scope == "ecommerce":
        require_supply(ctx.network, catalogue)
        return
    prepare_season(
        ctx.network,
        catalogue=catalogue,
        facilities=_facilities(config, ctx.network, catalogue),
        matrix=ctx.matrix,
        ambient_c=config.ambient_c,
    )
