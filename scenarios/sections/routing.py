"""The main run's routing section: shared routes from the county DC and the township hubs.

Every carrier's parcels ride the same routes: the county DC's vans/trucks bring each hub its
day (trunk) and each hub's vehicles serve its villages (feeder), down and up on one trip; or,
in the flat model, the county DC's and the hubs' vehicles serve any village. Small villages are
visited every few days (``frequency``) with the parcels accumulated since the last visit; one
set of problems is solved per day of the visit period. Day 0 is solved first in both models:
``echelon = "auto"`` (the default) keeps the one whose whole way (hub handling included, the
``[economics]`` unit costs; :mod:`routing.model_choice`) costs less per parcel, otherwise the
scenario's. Then each carrier alone on day 0, only where it reaches (``[routing.reach]``,
:mod:`routing.reach`; shared-vs-separate saving), and the cost per parcel year by year as
parcels grow (fleet steps, :mod:`routing.growth`).

``cost_per_parcel_yuan`` here is the line haul only (the routes); the whole way's cost per
parcel is the economics section's.

Stops: when siting ran (``stops = "service_points"``, the default), routes serve its chosen
points, not every village (:func:`routing.stops_from_service_points`): a village point carries
the parcels of the villages it covers, a township point keeps them at its hub, and villages no
point covers are stops of their own. A village is delivered to (``served_ids``, the
``parcel_costs`` rows) when its parcels reach its service point: a feeder visits its village
point, or the trunk brings its township point's day. A point's cost is split over the villages
it stands for by their parcels per day; a township point's villages share its hub's trunk cost
with the villages served from that hub, by parcels. ``stops = "villages"`` routes every village
directly. A hub with parcels of its own (such as a township point's) gets the trunk every day.

The default fleet and its cited figures: :data:`routing.fleet.DEFAULT_FLEET`.
Shifts 07:00-19:00, at most 10 h; village stations open 08:00-19:00. Reloads between rounds
take no extra time beyond the per-parcel service time (keeps PyVRP, the stronger engine, usable).

Time limits: ``time_limit_s`` per sub-problem when set; else ``[solver] time_limit_s`` is the
budget of the period's main solve, shared over its sub-problems and the workers; in fast mode
``fast_time_limit_s`` per sub-problem. Sub-problems with ferry fares get at least 2 s (OR-Tools,
the only engine modelling fares, needs longer for a first plan); the flat model's one problem
gets the wall time of the two-echelon day it is compared with.

Assignment (:mod:`routing.assignment`): ``administrative`` feeds each village from its
township's hub; ``free`` lets the two-echelon method give it to any hub within
``max_detour_km`` and keeps that only where the plan is cheaper, once for the period (chosen
on the average day, every village with its daily parcels, and kept every day; a day whose
loads exceed a hub's capacity under it is chosen for itself and listed in
``assignment_rechosen_days``). Hub limits
(``hub_capacity_parcels_per_day``, ``hub_vehicles``) hold in both assignments and in both
models (:mod:`routing.hub_limits`; in the flat model a parcel passes a hub only when the hub's
own vehicles serve it); ``hub_limits`` shows each limited hub's busiest day against them.
``cross_border_villages`` lists the villages fed from another township's hub.

Rural buses (``[routing.bus]``, :mod:`scenarios.sections.routing_bus`): after the vans-only
days, the bus decision moves the villages a bus carries for less; with ``adopt = true`` (the
default) those vans + bus days are the plan (routes, costs per parcel with the bus fees and
trunk shares, the economics section's whole way); day 0 of both models, each carrier alone and
the growth path stay vans only (the model is chosen on vans; a bus's capacity does not grow).

The shared-vs-separate saving is checked against the 14.4-22.1 % measured for carrier
collaboration (facts.md 3d) in ``shared_saving_check``: a plausibility note, not a target.
"""

from __future__ import annotations

import math
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field, replace
from decimal import Decimal
from itertools import pairwise
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from network.distances import DistanceMatrix
from network.errors import InputError
from network.model import Network
from network.money import format_yuan
from network.texts import Message
from routing import (
    DEFAULT_FLEET,
    DEFAULT_SHARES,
    Attribution,
    Fleets,
    FleetVehicle,
    FrequencyRule,
    ModelResult,
    Opening,
    Penalties,
    ProblemSettings,
    Route,
    RoutingStops,
    ServiceTime,
    SharedSaving,
    Solved,
    SolverSettings,
    Trip,
    UnservedReason,
    VisitSchedule,
    YearCost,
    attribute_costs,
    check_plan,
    every_days_of,
    fleets_of,
    growth_path,
    route_distance_m,
    schedule_visits,
    shared_vs_separate,
    solve_flat,
    spread_costs,
    stops_from_service_points,
    stops_from_villages,
)
from routing.assignment import Assigned, AssignmentRules, crossings_of, solve_assigned
from routing.build import PARCEL_SIZE, Loads, ParcelSize, mandatory_ids
from routing.bus_cost import attribute_with_bus, with_hub_extras
from routing.carriers import check_shares
from routing.economics import UnitCosts
from routing.hub_limits import HubLimits
from routing.model_choice import Model, ModelChoice, choose_model
from routing.parcel_cost import (
    RouteCost,
    cost_per_parcel_by,
    daily_cost_by,
    parcel_cost_rows,
    route_id,
)
from routing.reach import DEFAULT_REACH, Reach
from scenarios.bus_checks import bus_checks
from scenarios.checks import Check
from scenarios.context import Json, Row, RunContext
from scenarios.sections.routing_bus import (
    BusComparison,
    BusConfig,
    OutletComparison,
    OutletsConfig,
    bus_lines_path,
    check_bus_lines,
    compare_bus,
    compare_township_outlets,
)
from scenarios.sections.routing_hubs import hub_limits_summary
from scenarios.sections.siting import SitingOutcome

KEY = "routing"


class ReachConfig(BaseModel):
    """Where one carrier goes when it works alone (:class:`routing.reach.Reach`)."""

    model_config = ConfigDict(extra="forbid")

    everywhere: bool = False
    townships: bool = False
    min_parcels_per_day: float | None = Field(default=None, ge=0)
    outlets: bool = False
    ids: list[str] = []

    def reach(self) -> Reach:
        return Reach(
            self.everywhere,
            self.townships,
            self.min_parcels_per_day,
            self.outlets,
            frozenset(self.ids),
        )


class FrequencyConfig(BaseModel):
    """Villages handling fewer than ``below_parcels_per_day`` are visited every N days."""

    model_config = ConfigDict(extra="forbid")

    every_days: int = Field(ge=1)
    below_parcels_per_day: float = Field(ge=0)


class Config(BaseModel):
    """The ``[routing]`` table."""

    model_config = ConfigDict(extra="forbid")

    fleet: list[FleetVehicle] = Field(default_factory=lambda: list(DEFAULT_FLEET))
    carriers: dict[str, float] = Field(default_factory=lambda: dict(DEFAULT_SHARES))
    reach: dict[str, ReachConfig] | None = None
    frequency: list[FrequencyConfig] = Field(
        default_factory=lambda: [FrequencyConfig(every_days=2, below_parcels_per_day=30.0)]
    )
    every_days: dict[str, int] = {}
    coverage_target: float = Field(default=0.95, ge=0, le=1)
    penalty_per_parcel_yuan: float = Field(default=3.3, ge=0)
    penalty_min_yuan: float = Field(default=50.0, ge=0)
    parcel_kg_down: float = Field(default=PARCEL_SIZE.down_kg, gt=0)
    parcel_kg_up: float = Field(default=PARCEL_SIZE.up_kg, gt=0)
    parcel_m3_down: float = Field(default=PARCEL_SIZE.down_m3, gt=0)
    parcel_m3_up: float = Field(default=PARCEL_SIZE.up_m3, gt=0)
    service_fixed_min: float = Field(default=5.0, ge=0)
    service_per_parcel_min: float = Field(default=0.05, ge=0)
    opening_min: tuple[float, float] = (480.0, 1140.0)
    shift_min: tuple[float, float] = (420.0, 1140.0)
    echelon: Literal["auto", "two_echelon", "flat"] = "auto"
    compare_flat: bool = True
    compare_separate: bool = True
    growth_per_year: float = Field(default=0.15, gt=-1)
    growth_years: int = Field(default=5, ge=0)
    time_limit_s: float | None = Field(default=None, gt=0)
    fast_time_limit_s: float = Field(default=0.5, gt=0)
    engine: Literal["auto", "ortools", "pyvrp"] = "auto"
    stops: Literal["service_points", "villages"] = "service_points"
    bus: BusConfig = Field(default_factory=BusConfig)
    outlets: OutletsConfig = Field(default_factory=OutletsConfig)
    assignment: Literal["administrative", "free"] = "administrative"
    max_detour_km: float = Field(default=5.0, ge=0)
    hub_capacity_parcels_per_day: dict[str, float] = {}
    hub_vehicles: dict[str, int] = {}

    def assignment_rules(self) -> AssignmentRules:
        """Which hub feeds which village (:mod:`routing.assignment`)."""
        limits = HubLimits(dict(self.hub_capacity_parcels_per_day), dict(self.hub_vehicles))
        return AssignmentRules(self.assignment, self.max_detour_km, limits)

    @field_validator("carriers")
    @classmethod
    def _shares_add_up(cls, value: dict[str, float]) -> dict[str, float]:
        try:
            check_shares(value)
        except InputError as err:
            raise err from None  # an InputError is a ValueError: pydantic keeps it
        return value

    @model_validator(mode="after")
    def _reach_names_known_carriers(self) -> Config:
        unknown = sorted(set(self.reach or {}) - set(self.carriers))
        if unknown:
            raise ValueError(
                Message(
                    "reach names carriers with no share: {unknown} (known: {known})",
                    unknown=unknown,
                    known=sorted(self.carriers),
                )
            )
        return self

    def carrier_reach(self) -> dict[str, Reach]:
        """Each carrier's reach alone: the config's, else the defaults for known carriers."""
        if self.reach is not None:
            return {c: r.reach() for c, r in self.reach.items()}
        return {c: r for c, r in DEFAULT_REACH.items() if c in self.carriers}


def run(ctx: RunContext, config: Config) -> RoutingOutcome:
    """Shared routes for the period, their cost per parcel, comparisons and growth path."""
    ctx.progress("routing", 0.0, None)
    stops = _stops(ctx, config)
    net = stops.network
    matrix = ctx.matrix.sub(net.ids()) if stops.from_points else ctx.matrix
    schedule = _schedule(net, config)
    fleets = fleets_of(config.fleet, shift_min=config.shift_min)
    settings = _settings(net, config)
    solver = _solver(ctx, config, schedule, net)
    average = _loads_on(schedule_visits(net, dict.fromkeys(schedule.every_days, 1)), 0, net)
    plans = _Plans(
        net, matrix, fleets, settings, solver, ctx, config.assignment_rules(), average=average
    )
    two0, flat0, choice = _day0_models(plans, config, schedule)
    echelon = choice.chosen if choice is not None else config.echelon
    days = _solve_days(plans, schedule, echelon, two0 if echelon == "two_echelon" else flat0)
    shared = _separate(plans, config, schedule, two0)
    vans_parts = tuple(p for day in days for p in day.parts)
    checked = [*vans_parts, *(two0.parts if two0 else ()), *(flat0.parts if flat0 else ())]
    _validate([*checked, *(shared.parts if shared else ())])
    ctx.progress("routing", 0.9, None)
    flat0_s = _flat_day0_s(plans, two0) if flat0 is not None and days[0] is flat0 else None
    bus = _bus(ctx, config, plans, schedule, days, echelon, stops, flat0_s)
    if bus is not None and bus.in_plan:  # the vans + bus days are the plan
        days = bus.with_bus
    parts = tuple(p for day in days for p in day.parts)
    attribution = _attribution(stops, parts, schedule, bus)
    path = growth_path(  # on the vans-only days: a bus's capacity does not grow
        vans_parts,
        period_days=schedule.period_days,
        parcels_per_day=attribution.parcels / schedule.period_days,
        growth_per_year=config.growth_per_year,
        years=config.growth_years,
    )
    ctx.progress("routing", 1.0, float(attribution.daily_cost_yuan))
    return RoutingOutcome(
        served_ids=frozenset(attribution.villages),
        schedule=schedule,
        days=days,
        parts=parts,
        attribution=attribution,
        two_echelon_day0=two0,
        flat_day0=flat0,
        shared=shared,
        year_path=tuple(path),
        stops=stops,
        unserved=_unserved(net, parts),
        config=config,
        time_limit_s_per_subproblem=solver.time_limit_s,
        echelon="flat" if echelon == "flat" else "two_echelon",
        fleets=fleets,
        settings=settings,
        solver=solver,
        choice=choice,
        bus=bus,
        outlets=compare_township_outlets(ctx.network, config.outlets, config.carriers),
        assignment_rechosen_days=tuple(sorted(plans.period.rechosen_days)),
    )


def _bus(
    ctx: RunContext,
    config: Config,
    plans: _Plans,
    schedule: VisitSchedule,
    days: Sequence[ModelResult],
    echelon: str,
    stops: RoutingStops,
    flat0_s: float | None = None,
) -> BusComparison | None:
    """Vans only against vans + buses in the period's model, when the scenario names a bus
    lines file; each day's re-plan gets the time its vans-only plan got (``flat0_s``: day 0
    in the flat model)."""
    path = bus_lines_path(ctx.base_dir, config.bus)
    if path is None:
        return None
    flat_s = plans.solver.time_limit_s if echelon == "flat" else None
    return compare_bus(
        path,
        config.bus,
        original=ctx.network,
        stops=plans.network,
        matrix=ctx.matrix,
        loads_on=lambda day: plans.loads_on(schedule, day),
        vans_only=days,
        solve_day=lambda loads, day, extras: replace(
            plans, network=with_hub_extras(plans.network, extras)
        ).solve(loads, day=day, flat_time_limit_s=flat0_s if day == 0 and flat0_s else flat_s),
        # one weight for both directions: the heavier, so a departure's kg limit holds
        kg_per_parcel=max(config.parcel_kg_down, config.parcel_kg_up),
        carried_by={v: p for p, vs in stops.carries.items() for v in vs if v != p},
        hub_yuan_per_parcel=_unit_costs(ctx)[0].hub_yuan_per_parcel,
    )


@dataclass(frozen=True)
class UnservedStop:
    """A stop (village, service point or hub) with at least one visit the plan leaves out."""

    id: str
    name: str
    reason: UnservedReason


@dataclass(frozen=True)
class RoutingOutcome:
    """What the routing section found.

    Attributes:
        served_ids: villages delivered to at least once in the period (via their point).
        schedule: the visit days.
        days: each day's model result (its solved sub-problems: problem + plan).
        parts: every solved sub-problem of the period.
        attribution: the cost per route and per village (:mod:`routing.parcel_cost`).
        two_echelon_day0, flat_day0: day 0 in both models (None when not compared).
        shared: shared routes against each carrier alone (None when not compared).
        year_path: the cost per parcel year by year as parcels grow.
        stops: what the routes serve (service points or every village).
        unserved: stops with a visit left out, with the reason.
        config: the ``[routing]`` table it ran with.
        time_limit_s_per_subproblem: the time limit each sub-problem got.
        echelon: the model the period was solved in.
        fleets, settings, solver: how its problems were built and solved (the economics
            section's peak day solves the same way).
        choice: both models' whole-way cost on day 0 and why the model was chosen (None when
            only one model ran).
        bus: vans only against vans + buses (None without a bus lines file).
        outlets: own township outlets against the shared station (None when off).
        assignment_rechosen_days: days whose loads did not fit the hubs' capacities under
            the period's free assignment and got one of their own.
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
    stops: RoutingStops
    unserved: tuple[UnservedStop, ...]
    config: Config
    time_limit_s_per_subproblem: float
    echelon: Model = "two_echelon"
    fleets: Fleets | None = None
    settings: ProblemSettings | None = None
    solver: SolverSettings | None = None
    choice: ModelChoice | None = None
    bus: BusComparison | None = None
    outlets: OutletComparison | None = None
    assignment_rechosen_days: tuple[int, ...] = ()

    @property
    def cost_by_township_yuan(self) -> dict[str, Decimal]:
        """Cost per day by township (fen)."""
        return daily_cost_by(self.attribution, "township")

    @property
    def cost_by_carrier_yuan(self) -> dict[str, Decimal]:
        """Cost per day by carrier (fen), by the carriers' shares of the parcels."""
        return daily_cost_by(self.attribution, "carrier", self.config.carriers)

    @property
    def cost_per_parcel_by_township_yuan(self) -> dict[str, Decimal | None]:
        """Cost per delivered parcel by township (fen)."""
        return cost_per_parcel_by(self.attribution, "township")

    @property
    def cost_per_parcel_by_carrier_yuan(self) -> dict[str, Decimal | None]:
        """Cost per delivered parcel by carrier (fen; pooled routes: the same for each)."""
        return cost_per_parcel_by(self.attribution, "carrier", self.config.carriers)

    @property
    def stops_from(self) -> Literal["service_points", "villages"]:
        """What the routes serve."""
        return "service_points" if self.stops.from_points else "villages"

    @property
    def villages_via_points(self) -> int:
        """Villages delivered to through another place's service point."""
        return len(self.served_ids - {v.id for v in self.stops.network.villages})

    @property
    def distance_km_per_day(self) -> float:
        """Route distance per day, averaged over the period."""
        parts = self.parts
        metres = sum(route_distance_m(p.problem, r) for p in parts for r in p.plan.routes)
        return metres / 1000.0 / self.schedule.period_days

    @property
    def vehicles(self) -> int:
        """Vehicles on the road on the busiest day."""
        per_day = [sum(1 for p in d.parts for r in p.plan.routes if r.stops) for d in self.days]
        return max(per_day, default=0)

    @property
    def saving_check(self) -> str | None:
        """Where the shared-routes saving falls against the measured range, or None."""
        return None if self.shared is None else _saving_check(self.shared.saving_pct)

    def summary(self) -> dict[str, Json]:
        """``plan.json`` ``routing``."""
        return _summary(self)

    @property
    def checks(self) -> tuple[Check, ...]:
        """The bus and outlet figures against their ranges (:mod:`scenarios.bus_checks`)."""
        return tuple(bus_checks(self))

    def tables(self) -> dict[str, Sequence[Row]]:
        """``routes`` (one row per stop), ``route_costs``, ``parcel_costs``."""
        net = self.stops.network
        return {
            "routes": _route_rows(net, self.parts),
            "route_costs": [_route_cost_row(r) for r in self.attribution.routes],
            "parcel_costs": self.parcel_costs(),
            **({"bus_villages": self.bus.rows()} if self.bus else {}),
        }

    def parcel_costs(self) -> Sequence[Row]:
        """Cost per parcel per village and carrier (the ``parcel_costs`` table)."""
        return parcel_cost_rows(self.stops.original, self.attribution, self.config.carriers)

    def geojson(self) -> dict[str, Mapping[str, Json]]:
        """``routes.geojson``: a LineString per trip."""
        lines = {"bus_lines": self.bus.geojson(self.stops.original)} if self.bus else {}
        return {"routes": _route_features(self.stops.network, self.parts), **lines}


def _stops(ctx: RunContext, config: Config) -> RoutingStops:
    """Siting's service points as the stops, when siting ran and the config wants them."""
    siting = ctx.outcome(SitingOutcome)
    if config.stops != "service_points" or siting is None:
        return stops_from_villages(ctx.network)
    return stops_from_service_points(ctx.network, siting.result.covers)


def _attribution(
    stops: RoutingStops,
    parts: Sequence[Solved],
    schedule: VisitSchedule,
    bus: BusComparison | None = None,
) -> Attribution:
    """Costs per village: per stop, then spread over the villages a point stands for; with
    the buses in the plan, the bus villages' fees and trunk shares too."""
    network = stops.original if stops.from_points else stops.network
    at_hubs = stops.at_hubs if stops.from_points else None
    if bus is not None and bus.in_plan:
        per_stop = attribute_with_bus(
            network,
            parts,
            bus.plans,
            bus.departures,
            period_days=schedule.period_days,
            at_hubs=at_hubs,
        )
    else:
        per_stop = attribute_costs(
            network, parts, period_days=schedule.period_days, at_hubs=at_hubs
        )
    return spread_costs(per_stop, stops) if stops.from_points else per_stop


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


def _parcel_size(config: Config) -> ParcelSize:
    return ParcelSize(
        config.parcel_kg_down, config.parcel_kg_up, config.parcel_m3_down, config.parcel_m3_up
    )


def _settings(net: Network, config: Config) -> ProblemSettings:
    return ProblemSettings(
        parcel=_parcel_size(config),
        service=ServiceTime(config.service_fixed_min, config.service_per_parcel_min),
        opening=Opening(*config.opening_min),
        penalty=Penalties(
            config.coverage_target, config.penalty_per_parcel_yuan, config.penalty_min_yuan
        ),
        mandatory=mandatory_ids(net.villages, config.coverage_target),
    )


def _solver(
    ctx: RunContext, config: Config, schedule: VisitSchedule, net: Network
) -> SolverSettings:
    """Seconds per sub-problem (module docstring)."""
    if ctx.fast:
        seconds = config.fast_time_limit_s
    elif config.time_limit_s is not None:
        seconds = config.time_limit_s
    else:
        count = sum(1 + len(_hubs_on(schedule, d, net)) for d in range(schedule.period_days))
        seconds = min(30.0, max(0.5, ctx.time_limit_s * max(ctx.workers, 1) / count))
    return ctx.solver(seconds, config.engine)


def _hubs_on(schedule: VisitSchedule, day: int, net: Network) -> set[str]:
    return {net[v].parent or "" for v in schedule.visited_on(day)}


@dataclass
class _PeriodAssignment:
    """The free assignment kept for the period, once chosen, and the days that could not
    keep it (a hub's capacity)."""

    hub_of: dict[str, str] | None = None
    average_day: ModelResult | None = None
    rechosen_days: set[int] = field(default_factory=set)


@dataclass(frozen=True)
class _Plans:
    """What every solve of the section shares: the stops' network and matrix, the fleets,
    how problems are built and solved, and the run's workers and progress."""

    network: Network
    matrix: DistanceMatrix
    fleets: Fleets
    settings: ProblemSettings
    solver: SolverSettings
    ctx: RunContext
    rules: AssignmentRules
    average: Mapping[str, Loads] = field(default_factory=dict)
    period: _PeriodAssignment = field(default_factory=lambda: _PeriodAssignment())

    def loads_on(self, schedule: VisitSchedule, day: int) -> Mapping[str, Loads]:
        return _loads_on(schedule, day, self.network)

    def _assigned(
        self, loads: Mapping[str, Loads], day: int, fixed: Mapping[str, str] | None
    ) -> Assigned:
        return solve_assigned(
            self.network,
            self.matrix,
            loads,
            rules=self.rules,
            fleets=self.fleets,
            settings=self.settings,
            solver=self.solver,
            workers=self.ctx.workers,
            day=day,
            fixed=fixed,
        )

    def hub_of(self) -> Mapping[str, str] | None:
        """The period's free assignment (village -> hub), chosen once on the average day
        (every village, its daily parcels); None when the assignment is administrative."""
        if self.rules.mode != "free":
            return None
        if self.period.hub_of is None:
            chosen = self._assigned(self.average, 0, None)
            self.period.hub_of = chosen.hub_of()
            self.period.average_day = chosen.result
        return self.period.hub_of

    def solve(
        self, loads: Mapping[str, Loads], *, day: int = 0, flat_time_limit_s: float | None = None
    ) -> ModelResult:
        """The day in the two-echelon model (villages assigned to hubs by the rules), or in
        the flat one when ``flat_time_limit_s`` (its one big problem's time limit) is given."""
        if flat_time_limit_s is None:
            hub_of = self.hub_of()
            if day == 0 and loads == self.average and self.period.average_day is not None:
                return self.period.average_day  # every village visited daily: already solved
            assigned = self._assigned(loads, day, hub_of)
            if assigned.rechosen:
                self.period.rechosen_days.add(day)
            return assigned.result
        return solve_flat(
            self.network,
            self.matrix,
            loads,
            fleets=self.fleets,
            settings=self.settings,
            solver=self.solver,
            day=day,
            flat_time_limit_s=flat_time_limit_s,
            limits=self.rules.limits,
        )


def _solve_days(
    plans: _Plans, schedule: VisitSchedule, echelon: str, first: ModelResult | None
) -> tuple[ModelResult, ...]:
    """The chosen model, one day at a time (each day's sub-problems in parallel); day 0 may
    be solved already (``first``)."""
    days: list[ModelResult] = []
    for day in range(schedule.period_days):
        if day == 0 and first is not None:
            days.append(first)
            continue
        loads = plans.loads_on(schedule, day)
        flat_s = plans.solver.time_limit_s if echelon == "flat" else None
        days.append(plans.solve(loads, day=day, flat_time_limit_s=flat_s))
        cost = sum(d.cost_yuan for d in days)
        plans.ctx.progress("routing", 0.2 + 0.5 * (day + 1) / schedule.period_days, cost)
    return tuple(days)


def _flat_day0_s(plans: _Plans, two0: ModelResult | None) -> float:
    """The flat model's day 0 gets the two-echelon day's wall budget: its rounds of
    sub-problems over the workers."""
    rounds = math.ceil(len(two0.parts) / max(plans.ctx.workers, 1)) if two0 else 1
    return plans.solver.time_limit_s * rounds


def _day0_models(
    plans: _Plans, config: Config, schedule: VisitSchedule
) -> tuple[ModelResult | None, ModelResult | None, ModelChoice | None]:
    """Day 0 in the models needed: the chosen one, the other for the comparison (the flat
    one gets the two-echelon day's wall budget), two echelons for the separate case; with
    both, the whole-way cost of each and the model used (the scenario's, or the cheaper one
    when ``echelon = "auto"``)."""
    day0 = plans.loads_on(schedule, 0)
    two0 = flat0 = None
    if config.echelon != "flat" or config.compare_flat or config.compare_separate:
        two0 = plans.solve(day0)
    plans.ctx.progress("routing", 0.1, None)
    if config.echelon != "two_echelon" or config.compare_flat:
        flat0 = plans.solve(day0, flat_time_limit_s=_flat_day0_s(plans, two0))
    plans.ctx.progress("routing", 0.2, None)
    if two0 is None or flat0 is None:
        return two0, flat0, None
    default, own = _unit_costs(plans.ctx)
    choice = choose_model(
        plans.network,
        two0,
        flat0,
        carriers=config.carriers,
        costs=own,
        default=default,
        scenario_choice=None if config.echelon == "auto" else config.echelon,
    )
    return two0, flat0, choice


def _unit_costs(ctx: RunContext) -> tuple[UnitCosts, dict[str, UnitCosts]]:
    """The economics section's unit costs (its defaults when the scenario skips it)."""
    unit_costs = getattr(ctx.configs.get("economics"), "unit_costs", None)
    if unit_costs is None:
        return UnitCosts(), {}
    default, own = unit_costs()
    return default, own


def _separate(
    plans: _Plans, config: Config, schedule: VisitSchedule, two0: ModelResult | None
) -> SharedSaving | None:
    """Each carrier alone on day 0, where it reaches, against the pooled two echelons."""
    if not config.compare_separate or two0 is None:
        return None
    shared = shared_vs_separate(
        plans.network,
        plans.matrix,
        plans.loads_on(schedule, 0),
        two0,
        shares=config.carriers,
        reach=config.carrier_reach(),
        fleets=plans.fleets,
        settings=plans.settings,
        solver=plans.solver,
        workers=plans.ctx.workers,
    )
    plans.ctx.progress("routing", 0.9, None)
    return shared


def _validate(parts: Sequence[Solved]) -> None:
    """Every plan is checked against its problem, independently of the engine."""
    for part in parts:
        check_plan(part.problem, part.plan)


def _unserved(net: Network, parts: Sequence[Solved]) -> tuple[UnservedStop, ...]:
    """Stops with at least one visit the plan leaves out, with the first reason given."""
    first: dict[str, UnservedReason] = {}
    for part in parts:
        for u in part.plan.unserved:
            first.setdefault(part.problem.ids[u.node], u.reason)
    return tuple(UnservedStop(i, net[i].name, r) for i, r in sorted(first.items()))


#: Measured carrier-collaboration savings (facts.md 3d): 14.4 % on average, 22.1 % top quartile.
MEASURED_SAVING_PCT = (14.4, 22.1)


def _saving_check(saving_pct: float) -> str:
    """Where the saving falls against the measured range (a plausibility check, not a target)."""
    low, high = MEASURED_SAVING_PCT
    if saving_pct < low:
        return f"below the {low}-{high} % measured for carrier collaboration"
    if saving_pct > high:
        return f"above the {low}-{high} % measured for carrier collaboration"
    return f"within the {low}-{high} % measured for carrier collaboration"


def _summary(outcome: RoutingOutcome) -> dict[str, Json]:
    attr = outcome.attribution
    config = outcome.config
    period = outcome.schedule.period_days
    shared = outcome.shared
    net = outcome.stops.network
    summary: dict[str, Json] = {
        "daily_cost_yuan": format_yuan(attr.daily_cost_yuan),
        "cost_per_parcel_yuan": format_yuan(attr.cost_per_parcel_yuan),
        "distance_km": round(outcome.distance_km_per_day, 1),
        "vehicles": outcome.vehicles,
        "unserved": [
            {"id": u.id, "name": u.name, "reason": str(u.reason)} for u in outcome.unserved
        ],
        "served_villages": len(outcome.served_ids),
        "stops_from": outcome.stops_from,
        "stops": len(outcome.stops.network.villages),
        "villages_via_points": outcome.villages_via_points,
        "echelon": outcome.echelon,
        "echelon_chosen_by": None if outcome.choice is None else outcome.choice.by,
        "assignment": config.assignment,
        "assignment_rechosen_days": list(outcome.assignment_rechosen_days),
        "cross_border_villages": [
            {"id": c.village, "name": net[c.village].name, "township": c.township, "hub": c.hub}
            for c in crossings_of(net, outcome.parts)
        ],
        "hub_limits": hub_limits_summary(net, outcome.days, config.assignment_rules().limits),
        "period_days": period,
        "visits_per_day": [len(outcome.schedule.visited_on(d)) for d in range(period)],
        "cost_by_township_yuan": _yuan_map(outcome.cost_by_township_yuan),
        "cost_by_carrier_yuan": _yuan_map(outcome.cost_by_carrier_yuan),
        "carrier_shares": dict(config.carriers),
        "time_limit_s_per_subproblem": outcome.time_limit_s_per_subproblem,
        "year_path": [
            {
                "year": y.year,
                "parcels_per_day": y.parcels_per_day,
                "daily_cost_yuan": format_yuan(y.daily_cost_yuan),
                "cost_per_parcel_yuan": format_yuan(y.cost_per_parcel_yuan),
                "vehicles": y.vehicles,
            }
            for y in outcome.year_path
        ],
        "shared_saving_pct": None if shared is None else shared.saving_pct,
        "shared_saving_yuan": None if shared is None else format_yuan(shared.saving_yuan),
    }
    summary["bus"] = (
        outcome.bus.summary()
        if outcome.bus
        else {
            "skipped": {
                "reason": "no bus lines file",
                "add": '[routing.bus] lines = "bus_lines.csv" (README: bus lines)',
            }
        }
    )
    summary["outlets"] = outcome.outlets.summary() if outcome.outlets else None
    if shared is not None:
        summary["separate_cost_yuan"] = _yuan_map(shared.separate_yuan)
        summary["shared_saving_check"] = _saving_check(shared.saving_pct)
        summary["shared_saving_breakdown_yuan"] = {
            "vehicles": format_yuan(shared.vehicles_saving_yuan),
            "km": format_yuan(shared.running_saving_yuan),
        }
    for key, model in (("two_echelon", outcome.two_echelon_day0), ("flat", outcome.flat_day0)):
        if model is not None:
            summary[key] = {
                "day0_cost_yuan": format_yuan(model.cost_yuan),
                "seconds": round(model.seconds, 2),
                "subproblems": len(model.parts),
            }
    return summary


def _yuan_map(amounts: Mapping[str, Decimal]) -> dict[str, Json]:
    return {k: format_yuan(v) for k, v in amounts.items()}


def _route_cost_row(route: RouteCost) -> Row:
    per_parcel = route.cost_yuan / Decimal(repr(route.parcels)) if route.parcels else None
    return {
        "route_id": route.route_id,
        "echelon": route.echelon,
        "day": route.day,
        "vehicle_type": route.vehicle_type,
        "cost_yuan": format_yuan(route.cost_yuan),
        "distance_km": round(route.distance_km, 2),
        "parcels": round(route.parcels, 1),
        "cost_per_parcel_yuan": None if per_parcel is None else format_yuan(per_parcel),
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


def _route_rows(net: Network, parts: Sequence[Solved]) -> list[Row]:
    """One row per stop, with the parcels on board after it."""
    rows: list[Row] = []
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


def _route_features(net: Network, parts: Sequence[Solved]) -> dict[str, Json]:
    """A LineString per trip (depot -> stops -> depot), WGS-84 lon/lat."""
    features: list[Json] = []
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


def check(ctx: RunContext, config: Config) -> None:
    """The checks :func:`run` makes before solving (``validate`` runs them): the fleet has
    vehicles for both echelons and each carries at least one parcel by weight, the visit
    schedule and the problem settings build, the bus lines file (if named) reads."""
    fleets = fleets_of(config.fleet, shift_min=config.shift_min)
    parcel = _parcel_size(config)
    for vehicle in (*fleets.trunk, *fleets.feeder):
        if parcel.per_trip(vehicle) < 1:
            raise InputError(
                Message(
                    "{name!r} carries {kg:g} kg and {m3:g} m3, less than one parcel "
                    "(parcel_kg_up {up_kg:g}, parcel_m3_up {up_m3:g})",
                    name=vehicle.name,
                    kg=vehicle.capacity[1],
                    m3=vehicle.capacity[2],
                    up_kg=parcel.up_kg,
                    up_m3=parcel.up_m3,
                ),
                field="fleet.capacity_kg",
            )
    _settings(ctx.network, config)
    _schedule(ctx.network, config)
    check_bus_lines(ctx.base_dir, config.bus, ctx.network, ctx.matrix)
