"""The main run's routing section: shared routes from the county DC and the township hubs.

Every carrier's parcels ride the same routes: the county DC's vans/trucks bring each hub its
day (trunk) and each hub's vehicles serve its villages (feeder), down and up on one trip. Small
villages are visited every few days (``frequency``) with the parcels accumulated since the last
visit; one set of problems is solved per day of the visit period. Then, on day 0 of the period:
the flat model for comparison and each carrier alone (shared-vs-separate saving); and the
cost per parcel year by year as parcels grow (fleet steps, :mod:`routing.growth`).

Stops: when siting ran (``stops = "service_points"``, the default), routes serve its chosen
points, not every village (:mod:`routing.stops`): a village point carries the parcels of the
villages it covers, a township point keeps them at its hub, and villages no point covers are
stops of their own. A village is delivered to (``served_ids``, the ``parcel_costs`` rows) when
its parcels reach its service point: a feeder visits its village point, or the trunk brings
its township point's day. A point's cost is split over the villages it stands for by their
parcels per day; a township point's villages share its hub's trunk cost with the villages
served from that hub, by parcels. ``stops = "villages"`` routes every village directly. A hub
with parcels of its own (such as a township point's) gets the trunk every day.

Default fleet (facts.md 3c; figures marked EST are estimates, set your own):
- e-tricycle: 150 parcels / 180 kg, 15 km/h (speed factor 2 on the 30 km/h village roads of
  the matrix), 60 km battery range (EST), 3 rounds a day; fixed 215 yuan/day = wage
  5,500 yuan/month / 26 days + 3,250 yuan over ~900 working days; 0.05 yuan/km electricity (EST).
- 4.2 m van: 1,000 parcels / 1,500 kg (EST), 290 yuan/day (wage + depreciation, EST),
  0.8 yuan/km (facts.md 3c), 2 rounds, trunk and feeder.
- light truck: 2,500 parcels / 4,000 kg (EST), 330 yuan/day, 1.5 yuan/km (EST), 2 rounds.
- reefer van: 600 parcels / 1,000 kg, 350 yuan/day, 1.2 yuan/km (EST); off by default (the
  cold-chain section plans reefers).
Shifts 07:00-19:00, at most 10 h; village stations open 08:00-19:00. Reloads between rounds
take no extra time beyond the per-parcel service time (keeps PyVRP, the stronger engine, usable).

Time limits: ``time_limit_s`` per sub-problem when set; else ``[solver] time_limit_s`` is the
budget of the period's main solve, shared over its sub-problems and the workers; in fast mode
``fast_time_limit_s`` per sub-problem. Sub-problems with ferry fares get at least 2 s (OR-Tools,
the only engine modelling fares, needs longer for a first plan); the flat model's one problem
gets the wall time of the two-echelon day it is compared with.

The shared-vs-separate saving is checked against the 14.4-22.1 % measured for carrier
collaboration (facts.md 3d) in ``shared_saving_check``: a plausibility note, not a target.
"""

from __future__ import annotations

import math
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, replace
from decimal import Decimal
from itertools import pairwise
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator

from network.errors import InputError
from network.model import Network
from routing import Route, Trip, VehicleType, check_plan, route_distance_m
from routing.build import Opening, Penalties, ServiceTime, mandatory_ids
from routing.carriers import DEFAULT_SHARES, SharedSaving, check_shares, shared_vs_separate
from routing.echelons import (
    Fleets,
    ModelResult,
    ProblemSettings,
    Solved,
    SolverSettings,
    solve_flat,
    solve_two_echelon,
)
from routing.frequency import FrequencyRule, VisitSchedule, every_days_of, schedule_visits
from routing.growth import YearCost, growth_path
from routing.parcel_cost import (
    Attribution,
    RouteCost,
    attribute_costs,
    daily_cost_by,
    parcel_cost_rows,
    route_id,
    to_fen,
)
from routing.stops import Consolidation, consolidate_at_points, spread_costs
from scenarios.context import RunContext, SectionResult

KEY = "routing"


class VehicleConfig(BaseModel):
    """One vehicle type; ``count_per_depot`` 0 = as many as the loads need (plus one)."""

    model_config = ConfigDict(extra="forbid")

    name: str
    echelons: list[Literal["trunk", "feeder"]]
    capacity_parcels: float = Field(gt=0)
    capacity_kg: float = Field(gt=0)
    fixed_cost_yuan_per_day: float = Field(ge=0)
    cost_per_km_yuan: float = Field(ge=0)
    speed_factor: float = Field(default=1.0, gt=0)
    max_distance_km: float = Field(default=math.inf, gt=0)
    max_duration_min: float = Field(default=600.0, gt=0)
    max_trips: int = Field(default=2, ge=1)
    count_per_depot: int = Field(default=0, ge=0)
    reefer: bool = False
    use: bool = True

    def vehicle_type(self, *, shift: tuple[float, float]) -> VehicleType:
        return VehicleType(
            name=self.name,
            count=self.count_per_depot,
            capacity=(self.capacity_parcels, self.capacity_kg),
            fixed_cost_yuan=self.fixed_cost_yuan_per_day,
            cost_per_km_yuan=self.cost_per_km_yuan,
            speed_factor=self.speed_factor,
            max_duration_min=self.max_duration_min,
            max_distance_km=self.max_distance_km,
            shift_start_min=shift[0],
            shift_end_min=shift[1],
            max_trips=self.max_trips,
            reefer=self.reefer,
        )


DEFAULT_FLEET = [
    VehicleConfig(
        name="e-tricycle",
        echelons=["feeder"],
        capacity_parcels=150,
        capacity_kg=180,
        fixed_cost_yuan_per_day=215,
        cost_per_km_yuan=0.05,
        speed_factor=2.0,
        max_distance_km=60,
        max_trips=3,
    ),
    VehicleConfig(
        name="4.2 m van",
        echelons=["trunk", "feeder"],
        capacity_parcels=1000,
        capacity_kg=1500,
        fixed_cost_yuan_per_day=290,
        cost_per_km_yuan=0.8,
    ),
    VehicleConfig(
        name="light truck",
        echelons=["trunk", "feeder"],
        capacity_parcels=2500,
        capacity_kg=4000,
        fixed_cost_yuan_per_day=330,
        cost_per_km_yuan=1.5,
    ),
    VehicleConfig(
        name="reefer van",
        echelons=["trunk"],
        capacity_parcels=600,
        capacity_kg=1000,
        fixed_cost_yuan_per_day=350,
        cost_per_km_yuan=1.2,
        reefer=True,
        use=False,
    ),
]


class FrequencyConfig(BaseModel):
    """Villages handling fewer than ``below_parcels_per_day`` are visited every N days."""

    model_config = ConfigDict(extra="forbid")

    every_days: int = Field(ge=1)
    below_parcels_per_day: float = Field(ge=0)


class Config(BaseModel):
    """The ``[routing]`` table."""

    model_config = ConfigDict(extra="forbid")

    fleet: list[VehicleConfig] = Field(default_factory=lambda: list(DEFAULT_FLEET))
    carriers: dict[str, float] = Field(default_factory=lambda: dict(DEFAULT_SHARES))
    frequency: list[FrequencyConfig] = Field(
        default_factory=lambda: [FrequencyConfig(every_days=2, below_parcels_per_day=30.0)]
    )
    every_days: dict[str, int] = {}
    coverage_target: float = Field(default=0.95, ge=0, le=1)
    penalty_per_parcel_yuan: float = Field(default=3.3, ge=0)
    penalty_min_yuan: float = Field(default=50.0, ge=0)
    kg_per_parcel: float = Field(default=1.2, gt=0)
    service_fixed_min: float = Field(default=5.0, ge=0)
    service_per_parcel_min: float = Field(default=0.05, ge=0)
    opening_min: tuple[float, float] = (480.0, 1140.0)
    shift_min: tuple[float, float] = (420.0, 1140.0)
    echelon: Literal["two_echelon", "flat"] = "two_echelon"
    compare_flat: bool = True
    compare_separate: bool = True
    growth_per_year: float = Field(default=0.15, gt=-1)
    growth_years: int = Field(default=5, ge=0)
    time_limit_s: float | None = Field(default=None, gt=0)
    fast_time_limit_s: float = Field(default=0.5, gt=0)
    engine: Literal["auto", "ortools", "pyvrp"] = "auto"
    stops: Literal["service_points", "villages"] = "service_points"

    @field_validator("carriers")
    @classmethod
    def _shares_add_up(cls, value: dict[str, float]) -> dict[str, float]:
        try:
            check_shares(value)
        except InputError as err:
            raise ValueError(str(err)) from None
        return value


@dataclass(frozen=True)
class RoutingResult:
    """What the routing section found (``data`` of its SectionResult): the villages served at
    least once in the period, the visit days, each day's model result and all its solved
    sub-problems (problem + plan), the cost attribution (per village), the day-0 comparisons,
    the growth path, and the service points' consolidation when routes serve them.
    """

    served_ids: frozenset[str]
    schedule: VisitSchedule
    days: tuple[ModelResult, ...]
    parts: tuple[Solved, ...]
    attribution: Attribution
    two_echelon_day0: ModelResult | None
    flat_day0: ModelResult | None
    shared: SharedSaving | None
    year_path: tuple[YearCost, ...]
    points: Consolidation | None = None


def run(ctx: RunContext, config: Config) -> SectionResult:
    """Shared routes for the period, their cost per parcel, comparisons and growth path."""
    ctx.progress("routing", 0.0, None)
    points = _points(ctx, config)
    if points is not None:
        ctx = replace(ctx, network=points.network, matrix=ctx.matrix.sub(points.network.ids()))
    net = ctx.network
    schedule = _schedule(net, config)
    fleets = _fleets(config)
    settings = _settings(net, config)
    solver = _solver(ctx, config, schedule)
    days = _solve_days(ctx, config, schedule, fleets, settings, solver)
    two0, flat0, shared = _comparisons(ctx, config, schedule, days[0], fleets, settings, solver)
    parts = tuple(p for day in days for p in day.parts)
    checked = [*parts, *(two0.parts if two0 else ()), *(flat0.parts if flat0 else ())]
    _validate([*checked, *(shared.parts if shared else ())])
    attribution = _attribution(net, parts, schedule, points)
    path = growth_path(
        parts,
        period_days=schedule.period_days,
        parcels_per_day=attribution.parcels / schedule.period_days,
        growth_per_year=config.growth_per_year,
        years=config.growth_years,
    )
    result = RoutingResult(
        served_ids=frozenset(attribution.villages),
        schedule=schedule,
        days=days,
        parts=parts,
        attribution=attribution,
        two_echelon_day0=two0,
        flat_day0=flat0,
        shared=shared,
        year_path=tuple(path),
        points=points,
    )
    ctx.progress("routing", 1.0, float(attribution.daily_cost_yuan))
    return SectionResult(
        summary=_summary(net, config, result, solver),
        tables={
            "routes": _route_rows(net, parts),
            "route_costs": [_route_cost_row(r) for r in attribution.routes],
            "parcel_costs": parcel_cost_rows(_original(net, points), attribution, config.carriers),
        },
        geojson={"routes": _route_features(net, parts)},
        data=result,
    )


def _points(ctx: RunContext, config: Config) -> Consolidation | None:
    """Siting's service points as the stops, when siting ran and the config wants them."""
    siting = ctx.results.get("siting")
    if config.stops != "service_points" or siting is None or siting.data is None:
        return None
    return consolidate_at_points(ctx.network, siting.data.result.covers)


def _original(net: Network, points: Consolidation | None) -> Network:
    return net if points is None else points.original


def _attribution(
    net: Network, parts: Sequence[Solved], schedule: VisitSchedule, points: Consolidation | None
) -> Attribution:
    """Costs per village: per stop, then spread over the villages a point stands for."""
    if points is None:
        return attribute_costs(net, parts, period_days=schedule.period_days)
    per_stop = attribute_costs(
        points.original, parts, period_days=schedule.period_days, at_hubs=points.at_hubs
    )
    return spread_costs(per_stop, points)


def _loads_on(
    schedule: VisitSchedule, day: int, net: Network
) -> dict[str, dict[str, tuple[float, float]]]:
    """The day's visits by hub, plus every hub with parcels of its own (trunk every day)."""
    loads = schedule.loads_on(day, net)
    for hub in net.townships:
        if hub.parcels_per_day > 0:
            loads.setdefault(hub.id, {})
    return loads


def _schedule(net: Network, config: Config) -> VisitSchedule:
    rules = [FrequencyRule(f.every_days, f.below_parcels_per_day) for f in config.frequency]
    return schedule_visits(net, every_days_of(net.villages, rules, config.every_days))


def _fleets(config: Config) -> Fleets:
    shift = config.shift_min
    used = [v for v in config.fleet if v.use]

    def of(echelon: str) -> tuple[VehicleType, ...]:
        return tuple(v.vehicle_type(shift=shift) for v in used if echelon in v.echelons)

    fleets = Fleets(trunk=of("trunk"), feeder=of("feeder"))
    if not fleets.trunk or not fleets.feeder:
        raise InputError("the fleet needs vehicles for the trunk and the feeder", field="fleet")
    return fleets


def _settings(net: Network, config: Config) -> ProblemSettings:
    return ProblemSettings(
        kg_per_parcel=config.kg_per_parcel,
        service=ServiceTime(config.service_fixed_min, config.service_per_parcel_min),
        opening=Opening(*config.opening_min),
        penalty=Penalties(
            config.coverage_target, config.penalty_per_parcel_yuan, config.penalty_min_yuan
        ),
        mandatory=mandatory_ids(net.villages, config.coverage_target),
    )


def _solver(ctx: RunContext, config: Config, schedule: VisitSchedule) -> SolverSettings:
    """Seconds per sub-problem (module docstring)."""
    if ctx.fast:
        seconds = config.fast_time_limit_s
    elif config.time_limit_s is not None:
        seconds = config.time_limit_s
    else:
        count = sum(
            1 + len(_hubs_on(schedule, d, ctx.network)) for d in range(schedule.period_days)
        )
        seconds = min(30.0, max(0.5, ctx.time_limit_s * max(ctx.workers, 1) / count))
    return SolverSettings(seconds, ctx.seed, config.engine, ctx.work_limit)


def _hubs_on(schedule: VisitSchedule, day: int, net: Network) -> set[str]:
    return {net[v].parent or "" for v in schedule.visited_on(day)}


def _solve_days(
    ctx: RunContext,
    config: Config,
    schedule: VisitSchedule,
    fleets: Fleets,
    settings: ProblemSettings,
    solver: SolverSettings,
) -> tuple[ModelResult, ...]:
    """The chosen model, one day at a time (each day's sub-problems in parallel)."""
    days: list[ModelResult] = []
    for day in range(schedule.period_days):
        loads = _loads_on(schedule, day, ctx.network)
        if config.echelon == "flat":
            model = solve_flat(
                ctx.network,
                ctx.matrix,
                loads,
                fleets=fleets,
                settings=settings,
                solver=solver,
                day=day,
            )
        else:
            model = solve_two_echelon(
                ctx.network,
                ctx.matrix,
                loads,
                fleets=fleets,
                settings=settings,
                solver=solver,
                workers=ctx.workers,
                day=day,
            )
        days.append(model)
        cost = sum(d.cost_yuan for d in days)
        ctx.progress("routing", 0.6 * (day + 1) / schedule.period_days, cost)
    return tuple(days)


def _comparisons(
    ctx: RunContext,
    config: Config,
    schedule: VisitSchedule,
    main0: ModelResult,
    fleets: Fleets,
    settings: ProblemSettings,
    solver: SolverSettings,
) -> tuple[ModelResult | None, ModelResult | None, SharedSaving | None]:
    """Day 0 in both models (the flat one gets the two-echelon day's wall budget) and each
    carrier alone."""
    net, matrix = ctx.network, ctx.matrix
    day0 = _loads_on(schedule, 0, net)
    two0 = main0 if config.echelon == "two_echelon" else None
    flat0 = main0 if config.echelon == "flat" else None
    if two0 is None and (config.compare_flat or config.compare_separate):
        two0 = solve_two_echelon(
            net, matrix, day0, fleets=fleets, settings=settings, solver=solver, workers=ctx.workers
        )
    if flat0 is None and config.compare_flat and two0 is not None:
        rounds = math.ceil(len(two0.parts) / max(ctx.workers, 1))
        flat0 = solve_flat(
            net,
            matrix,
            day0,
            fleets=fleets,
            settings=settings,
            solver=solver,
            flat_time_limit_s=solver.time_limit_s * rounds,
        )
    ctx.progress("routing", 0.75, None)
    shared = None
    if config.compare_separate and two0 is not None:
        shared = shared_vs_separate(
            net,
            matrix,
            day0,
            two0,
            shares=config.carriers,
            fleets=fleets,
            settings=settings,
            solver=solver,
            workers=ctx.workers,
        )
    return two0, flat0, shared


def _validate(parts: Sequence[Solved]) -> None:
    """Every plan is checked against its problem, independently of the engine."""
    for part in parts:
        check_plan(part.problem, part.plan)


def _unserved(net: Network, parts: Sequence[Solved]) -> list[dict[str, Any]]:
    """Villages (and hubs) with at least one visit the plan leaves out, with the reason."""
    first: dict[str, str] = {}
    for part in parts:
        for u in part.plan.unserved:
            first.setdefault(part.problem.ids[u.node], str(u.reason))
    return [{"id": i, "name": net[i].name, "reason": r} for i, r in sorted(first.items())]


#: Measured carrier-collaboration savings (facts.md 3d): 14.4 % on average, 22.1 % top quartile.
MEASURED_SAVING_PCT = (14.4, 22.1)


def _saving_check(saving_pct: float) -> str:
    """Where the saving falls against the measured range (a plausibility check, not a target)."""
    low, high = MEASURED_SAVING_PCT
    if saving_pct < low:
        return f"below the {low}-{high} % measured for carrier collaboration"
    if saving_pct > high:
        return (
            f"above the {low}-{high} % measured for carrier collaboration: each carrier alone "
            "still visits every village, so pooling saves whole vehicles and visits"
        )
    return f"within the {low}-{high} % measured for carrier collaboration"


def _money(value: Decimal | float) -> str:
    return str(to_fen(value))


def _summary(
    net: Network, config: Config, result: RoutingResult, solver: SolverSettings
) -> dict[str, Any]:
    attr = result.attribution
    period = result.schedule.period_days
    parts = result.parts
    distance_km = sum(route_distance_m(p.problem, r) for p in parts for r in p.plan.routes)
    per_day = [sum(1 for p in d.parts for r in p.plan.routes if r.stops) for d in result.days]
    summary: dict[str, Any] = {
        "daily_cost_yuan": str(attr.daily_cost_yuan),
        "cost_per_parcel_yuan": str(attr.cost_per_parcel_yuan),
        "distance_km": round(distance_km / 1000.0 / period, 1),
        "vehicles": max(per_day, default=0),
        "unserved": _unserved(net, parts),
        "served_villages": len(result.served_ids),
        "stops_from": "villages" if result.points is None else "service_points",
        "stops": len(net.villages),
        "villages_via_points": len(result.served_ids - {v.id for v in net.villages}),
        "echelon": config.echelon,
        "period_days": period,
        "visits_per_day": [len(result.schedule.visited_on(d)) for d in range(period)],
        "cost_by_township_yuan": {k: str(v) for k, v in daily_cost_by(attr, "township").items()},
        "cost_by_carrier_yuan": {
            k: str(v) for k, v in daily_cost_by(attr, "carrier", config.carriers).items()
        },
        "carrier_shares": dict(config.carriers),
        "time_limit_s_per_subproblem": solver.time_limit_s,
        "year_path": [
            {
                "year": y.year,
                "parcels_per_day": y.parcels_per_day,
                "daily_cost_yuan": str(y.daily_cost_yuan),
                "cost_per_parcel_yuan": str(y.cost_per_parcel_yuan),
                "vehicles": y.vehicles,
            }
            for y in result.year_path
        ],
        "shared_saving_pct": None if result.shared is None else result.shared.saving_pct,
        "shared_saving_yuan": None if result.shared is None else str(result.shared.saving_yuan),
    }
    if result.shared is not None:
        summary["separate_cost_yuan"] = {k: str(v) for k, v in result.shared.separate_yuan.items()}
        summary["shared_saving_check"] = _saving_check(result.shared.saving_pct)
    for key, model in (("two_echelon", result.two_echelon_day0), ("flat", result.flat_day0)):
        if model is not None:
            summary[key] = {
                "day0_cost_yuan": _money(model.cost_yuan),
                "seconds": round(model.seconds, 2),
                "subproblems": len(model.parts),
            }
    return summary


def _route_cost_row(route: RouteCost) -> dict[str, Any]:
    per_parcel = to_fen(route.cost_yuan / Decimal(repr(route.parcels))) if route.parcels else None
    return {
        "route_id": route.route_id,
        "echelon": route.echelon,
        "day": route.day,
        "vehicle_type": route.vehicle_type,
        "cost_yuan": str(route.cost_yuan),
        "distance_km": round(route.distance_km, 2),
        "parcels": round(route.parcels, 1),
        "cost_per_parcel_yuan": None if per_parcel is None else str(per_parcel),
    }


def _clock(seconds: float) -> str:
    minutes = round(seconds / 60.0)
    return f"{minutes // 60:02d}:{minutes % 60:02d}"


def _trips(parts: Sequence[Solved]) -> Iterator[tuple[Solved, str, Route, int, Trip]]:
    """Every trip of every route that leaves its depot, with the route's id."""
    for part in parts:
        for k, route in enumerate(r for r in part.plan.routes if r.stops):
            for t, trip in enumerate(route.trips):
                if trip.stops:
                    yield part, route_id(part, k), route, t + 1, trip


def _route_rows(net: Network, parts: Sequence[Solved]) -> list[dict[str, Any]]:
    """One row per stop, with the parcels on board after it."""
    rows = []
    for part, rid, route, t, trip in _trips(parts):
        problem = part.problem
        on_board = float(sum(problem.delivery[s, 0] for s in trip.stops))
        for order, (stop, arrival_s) in enumerate(zip(trip.stops, trip.arrivals_s, strict=True)):
            down, up = float(problem.delivery[stop, 0]), float(problem.pickup[stop, 0])
            on_board += up - down
            rows.append(
                {
                    "route_id": rid,
                    "echelon": part.echelon,
                    "vehicle_type": problem.fleet[route.vehicle_type].name,
                    "depot_id": problem.ids[route.depot],
                    "day": part.day,
                    "trip": t,
                    "order": order + 1,
                    "node_id": problem.ids[stop],
                    "name": net[problem.ids[stop]].name,
                    "arrival_time": _clock(arrival_s),
                    "parcels_down": round(down, 1),
                    "parcels_up": round(up, 1),
                    "load_after": round(on_board, 1),
                }
            )
    return rows


def _route_features(net: Network, parts: Sequence[Solved]) -> dict[str, Any]:
    """A LineString per trip (depot -> stops -> depot), WGS-84 lon/lat."""
    features = []
    for part, rid, route, t, trip in _trips(parts):
        problem = part.problem
        path = (route.depot, *trip.stops, route.depot)
        distance_m = sum(float(problem.distance_m[a, b]) for a, b in pairwise(path))
        stop_ids = [problem.ids[s] for s in trip.stops]
        features.append(
            {
                "type": "Feature",
                "geometry": {
                    "type": "LineString",
                    "coordinates": [
                        [net[problem.ids[i]].lon, net[problem.ids[i]].lat] for i in path
                    ],
                },
                "properties": {
                    "route_id": rid,
                    "vehicle_type": problem.fleet[route.vehicle_type].name,
                    "echelon": part.echelon,
                    "day": part.day,
                    "trip": t,
                    "depot_id": problem.ids[route.depot],
                    "stop_ids": stop_ids,
                    "stop_names": [net[i].name for i in stop_ids],
                    "distance_km": round(distance_m / 1000.0, 2),
                },
            }
        )
    return {"type": "FeatureCollection", "features": features}
