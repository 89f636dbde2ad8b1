"""Part of the routing section: vans only against vans + rural passenger buses (客货邮融合),
and each carrier's township outlet against the shared station.

Buses (``[routing.bus] lines = "bus_lines.csv"``): for each day of the visit period, the vans-only
plan gives each village's van marginal cost (:mod:`routing.van_marginal`); the bus decision
(:func:`routing.bus_lines.plan_bus_carriage`) moves the villages a bus carries for less; the
vans then serve the rest in the same model (two-echelon or flat), solved again, with the trunk
still carrying the bus parcels that change at a township hub (:mod:`routing.bus_cost`). A day
whose vans + bus cost more than its vans alone keeps the vans only. The comparison is the
vans-only day against the vans + bus day (van routes plus bus fees) and the vehicles on the
busiest day of each.

With ``adopt = true`` (the default) the vans + bus days are the plan: its routes, its costs per
parcel (bus fees and trunk shares as the bus villages' line haul) and the economics section's
whole way; ``routing.bus`` describes that plan and keeps the vans-only figures beside it. With
``adopt = false`` the plan stays vans only and ``routing.bus`` is the comparison alone.
With service points as stops, a bus serves the service points and hubs it stops at, and (``meet
= true``) a village point whose gathered village is a line stop: its parcels are carried
between the two (:mod:`routing.bus_carry`; ``carry_*`` keys), a cost of the bus option.

Outlets (``[routing.outlets]``): :func:`routing.outlets.compare_outlets` per township, for the
routing carriers' shares (or ``[routing.outlets] carriers``).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, replace
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path

from pydantic import BaseModel, ConfigDict, Field

from network.distances import DistanceMatrix
from network.errors import InputError
from network.model import Network, Tier
from network.money import FEN, format_yuan
from network.texts import Message
from routing import ModelResult, check_plan
from routing.build import Loads
from routing.bus_carry import CarryCosts, carry_cost, meets_of
from routing.bus_cost import hub_extras
from routing.bus_lines import (
    BusLine,
    BusPlan,
    BusTimes,
    Departure,
    Leg,
    check_bus_plan,
    plan_bus_carriage,
    timetable,
)
from routing.bus_lines_csv import read_bus_lines
from routing.outlets import OutletCosts, TownshipOutlets, compare_outlets
from routing.van_marginal import MarginalRule, van_marginal_cost_yuan
from scenarios.context import Json, Row

FELL_BACK = "FELL_BACK"
"""A day's bus plan status when its vans + bus cost more than the vans alone."""

SolveDay = Callable[[Mapping[str, Loads], int, Mapping[str, tuple[float, float]]], ModelResult]
"""``solve_day(loads by hub, day, extras)``: the vans' day in the section's model, the trunk
carrying ``extras`` (parcels down, up per hub) beside the hubs' own parcels."""


class BusConfig(BaseModel):
    """The ``[routing.bus]`` table: bus lines that take parcels, and their day's times."""

    model_config = ConfigDict(extra="forbid")

    lines: str | None = None
    skip_lines_outside: bool = False
    dc_ready_min: float = Field(default=420.0, ge=0, le=1440)
    hub_ready_min: float = Field(default=600.0, ge=0, le=1440)
    dc_deadline_min: float = Field(default=1080.0, ge=0, le=1440)
    hub_deadline_min: float = Field(default=1080.0, ge=0, le=1440)
    van_cost: MarginalRule = "route_share"
    time_limit_s: float = Field(default=10.0, gt=0)
    adopt: bool = True
    meet: bool = True
    carry_yuan_per_hour: Decimal = Field(default=CarryCosts.yuan_per_hour, ge=0)
    carry_speed_kmh: float = Field(default=CarryCosts.speed_kmh, gt=0)
    carry_payload_kg: float = Field(default=CarryCosts.payload_kg, gt=0)

    def carry_costs(self) -> CarryCosts:
        """Carrying between a line stop and a service point (:mod:`routing.bus_carry`)."""
        return CarryCosts(self.carry_yuan_per_hour, self.carry_speed_kmh, self.carry_payload_kg)


class OutletsConfig(BaseModel):
    """The ``[routing.outlets]`` table (module :mod:`routing.outlets` for the defaults)."""

    model_config = ConfigDict(extra="forbid")

    compare: bool = True
    carriers: dict[str, float] | None = None
    rent_yuan_per_month: float = Field(default=1500.0, ge=0)
    wage_yuan_per_month: float = Field(default=5500.0, ge=0)
    working_days_per_month: int = Field(default=26, ge=1)
    parcels_per_staff_day: float = Field(default=500.0, gt=0)
    station_fee_yuan_down: float = Field(default=0.5, ge=0)
    station_fee_yuan_up: float = Field(default=0.5, ge=0)

    def costs(self) -> OutletCosts:
        return OutletCosts(
            Decimal(repr(self.rent_yuan_per_month)),
            Decimal(repr(self.wage_yuan_per_month)),
            self.working_days_per_month,
            self.parcels_per_staff_day,
            Decimal(repr(self.station_fee_yuan_down)),
            Decimal(repr(self.station_fee_yuan_up)),
        )


def _vehicles(day: ModelResult) -> int:
    return sum(1 for p in day.parts for r in p.plan.routes if r.stops)


@dataclass(frozen=True)
class BusComparison:
    """Vans only against vans + buses over the visit period.

    Attributes:
        lines: the bus lines read.
        departures: their timetables.
        plans: each day's bus decision.
        vans_only: each day's vans-only plan.
        with_bus: each day's van plan for the villages left to the vans.
        network: the stops' network (names).
        tried: the bus decision as first made, when on some day its vans + bus cost more than
            the vans alone (measured by the second solve): those days keep the vans only.
        adopted: the vans + bus days are the section's plan (``[routing.bus] adopt``).
        meet_stops: line stops where a service point's parcels may meet the bus.
    """

    lines: tuple[BusLine, ...]
    departures: tuple[Departure, ...]
    plans: tuple[BusPlan, ...]
    vans_only: tuple[ModelResult, ...]
    with_bus: tuple[ModelResult, ...]
    network: Network
    tried: BusComparison | None = None
    adopted: bool = False
    meet_stops: frozenset[str] = frozenset()

    @property
    def in_plan(self) -> bool:
        """The plan uses the buses: adopted, and some day has a village on a bus."""
        return self.adopted and any(p.assignments for p in self.plans)

    def villages_by_line(self) -> dict[str, Json]:
        """Per line, the stops whose parcels ride it on at least one day."""
        riders: dict[str, set[str]] = {line.line_id: set() for line in self.lines}
        for plan in self.plans:
            for a in plan.assignments:
                for line_id in a.line_ids:
                    riders.setdefault(line_id, set()).add(a.village_id)
        return {line: sorted(ids) for line, ids in riders.items()}

    @property
    def stops_not_served(self) -> list[str]:
        """Line stops that are no stop of the plan and where no service point meets the bus
        (villages gathered at a township point, or ``meet = false``); the bus serves nobody
        there."""
        stops = {s for line in self.lines for s in line.stops}
        return sorted(s for s in stops if s not in self.network and s not in self.meet_stops)

    @property
    def period_days(self) -> int:
        return len(self.plans)

    @property
    def village_ids(self) -> frozenset[str]:
        """Stops whose parcels ride a bus on at least one day."""
        return frozenset(v for p in self.plans for v in p.village_ids)

    @property
    def parcels_per_day(self) -> float:
        return sum(p.parcels for p in self.plans) / self.period_days

    @property
    def bus_cost_yuan_per_day(self) -> Decimal:
        """The bus option's cost a day: fees and carrying between stops and points."""
        return sum((p.cost_yuan for p in self.plans), Decimal(0)) / self.period_days

    @property
    def fee_yuan_per_day(self) -> Decimal:
        """Paid to the bus operators a day."""
        return sum((p.fee_yuan for p in self.plans), Decimal(0)) / self.period_days

    @property
    def carry_yuan_per_day(self) -> Decimal:
        """Carrying parcels between line stops and the service points meeting the buses."""
        return sum((p.transfer_yuan for p in self.plans), Decimal(0)) / self.period_days

    def van_cost_yuan_per_day(self, days: Sequence[ModelResult]) -> Decimal:
        return Decimal(repr(sum(d.cost_yuan for d in days))) / self.period_days

    @property
    def saving_yuan_per_day(self) -> Decimal:
        """Vans only minus (vans + bus fees and carrying), plus the hub handling the buses
        skip; negative when the buses cost more."""
        with_bus = self.van_cost_yuan_per_day(self.with_bus) + self.bus_cost_yuan_per_day
        return self.van_cost_yuan_per_day(self.vans_only) - with_bus + self.hub_saved_yuan_per_day

    @property
    def hub_saved_yuan_per_day(self) -> Decimal:
        """Hub handling the bus parcels straight from or to the county DC skip."""
        return sum((p.credit_yuan for p in self.plans), Decimal(0)) / self.period_days

    @property
    def vehicles_vans_only(self) -> int:
        return max((_vehicles(d) for d in self.vans_only), default=0)

    @property
    def vehicles_with_bus(self) -> int:
        return max((_vehicles(d) for d in self.with_bus), default=0)

    @property
    def vans_saved(self) -> int:
        """Vehicles on the busiest day, vans only minus with buses."""
        return self.vehicles_vans_only - self.vehicles_with_bus

    def summary(self) -> dict[str, Json]:
        """``plan.json`` ``routing.bus``."""
        return {
            "adopted": self.in_plan,
            "lines": len(self.lines),
            "villages": len(self.village_ids),
            "village_ids": sorted(self.village_ids),
            "parcels_per_day": round(self.parcels_per_day, 1),
            "cost_yuan_per_day": format_yuan(self.bus_cost_yuan_per_day),
            "fee_yuan_per_day": format_yuan(self.fee_yuan_per_day),
            "carry_yuan_per_day": format_yuan(self.carry_yuan_per_day),
            "hub_handling_saved_yuan_per_day": format_yuan(self.hub_saved_yuan_per_day),
            "van_cost_yuan_per_day_vans_only": format_yuan(
                self.van_cost_yuan_per_day(self.vans_only)
            ),
            "van_cost_yuan_per_day_with_bus": format_yuan(
                self.van_cost_yuan_per_day(self.with_bus)
            ),
            "saving_yuan_per_day": format_yuan(self.saving_yuan_per_day),
            "vehicles_vans_only": self.vehicles_vans_only,
            "vehicles_with_bus": self.vehicles_with_bus,
            "vans_saved": self.vans_saved,
            "villages_by_line": self.villages_by_line(),
            "line_stops_not_served": self.stops_not_served,
            "departures": [_departure_json(self, d) for d in self.departures],
            "fell_back_days": [p.day for p in self.plans if p.status == FELL_BACK],
            "tried": None if self.tried is None else _tried_json(self.tried),
        }

    def rows(self) -> list[Row]:
        """``bus_villages.csv``: one row per stop and day that rides a bus."""
        rows: list[Row] = []
        for plan in self.plans:
            for a in plan.assignments:
                rows.append(
                    {
                        "day": plan.day,
                        "village_id": a.village_id,
                        "name": self.network[a.village_id].name,
                        "down_departure": a.down.departure if a.down else None,
                        "down_meets_at": a.down.meet_id if a.down else None,
                        "down_from": a.down.board_id if a.down else None,
                        "down_arrival": _clock(a.down.alight_min) if a.down else None,
                        "parcels_down": round(a.down.parcels, 1) if a.down else 0.0,
                        "up_departure": a.up.departure if a.up else None,
                        "up_meets_at": a.up.meet_id if a.up else None,
                        "up_to": a.up.alight_id if a.up else None,
                        "up_boarding": _clock(a.up.board_min) if a.up else None,
                        "parcels_up": round(a.up.parcels, 1) if a.up else 0.0,
                        "fee_yuan": format_yuan(a.fee_yuan),
                        "carry_yuan": format_yuan(a.transfer_yuan),
                        "van_cost_yuan": format_yuan(a.van_cost_yuan),
                    }
                )
        return rows

    def geojson(self, original: Network) -> dict[str, Json]:
        """``bus_lines.geojson``: a LineString per line, with the stops riding it."""
        riders: dict[str, set[str]] = {}
        for plan in self.plans:
            for a in plan.assignments:
                for line_id in a.line_ids:
                    riders.setdefault(line_id, set()).add(a.village_id)
        features: list[Json] = [
            {
                "type": "Feature",
                "geometry": {
                    "type": "LineString",
                    "coordinates": [[original[s].lon, original[s].lat] for s in line.stops],
                },
                "properties": {
                    "line_id": line.line_id,
                    "name": line.name,
                    "stop_ids": list(line.stops),
                    "stop_names": [original[s].name for s in line.stops],
                    "departures": [
                        f"{d.key} {_clock(d.arrivals_min[0])}"
                        for d in self.departures
                        if d.line_id == line.line_id
                    ],
                    "village_ids": sorted(riders.get(line.line_id, ())),
                    "village_names": [
                        original[v].name for v in sorted(riders.get(line.line_id, ()))
                    ],
                },
            }
            for line in self.lines
        ]
        return {"type": "FeatureCollection", "features": features}


def _tried_json(tried: BusComparison) -> dict[str, Json]:
    """The first decision's figures, before the days where it did not pay fell back."""
    return {
        "villages": len(tried.village_ids),
        "parcels_per_day": round(tried.parcels_per_day, 1),
        "cost_yuan_per_day": format_yuan(tried.bus_cost_yuan_per_day),
        "van_cost_yuan_per_day_with_bus": format_yuan(tried.van_cost_yuan_per_day(tried.with_bus)),
        "saving_yuan_per_day": format_yuan(tried.saving_yuan_per_day),
        "vans_saved": tried.vans_saved,
    }


def _departure_json(comparison: BusComparison, dep: Departure) -> dict[str, Json]:
    per_day = [p.load_on(dep.key) for p in comparison.plans]
    villages = sorted(
        {
            a.village_id
            for p in comparison.plans
            for a in p.assignments
            if dep.key in {leg.departure for leg in (a.down, a.up) if leg}
        }
    )
    return {
        "departure": dep.key,
        "line_id": dep.line_id,
        "direction": dep.direction,
        "leaves": _clock(dep.arrivals_min[0]),
        "parcels_max": round(max(per_day, default=0.0), 1),
        "capacity_parcels": dep.capacity_parcels,
        "villages": villages,
    }


def _clock(minutes: float) -> str:
    whole = round(minutes)
    return f"{whole // 60:02d}:{whole % 60:02d}"


def bus_lines_path(base_dir: Path, config: BusConfig) -> Path | None:
    """The bus lines file, relative to the scenario's folder, or None when not given."""
    if config.lines is None:
        return None
    path = base_dir / config.lines
    if not path.is_file():
        raise InputError(
            Message("bus lines file {path} does not exist", path=path), field="routing.bus.lines"
        )
    return path


def check_bus_lines(
    base_dir: Path, config: BusConfig, network: Network, matrix: DistanceMatrix
) -> None:
    """Read the bus lines file and build its timetables (the checks before solving)."""
    path = bus_lines_path(base_dir, config)
    if path is None:
        return
    lines = read_bus_lines(path, network, skip_outside=config.skip_lines_outside)
    for line in lines:
        try:
            timetable(line, matrix.minutes)
        except InputError as err:
            raise InputError(err.message, file=path.name, field="stops") from None


def compare_bus(
    path: Path,
    config: BusConfig,
    *,
    original: Network,
    stops: Network,
    matrix: DistanceMatrix,
    loads_on: Callable[[int], Mapping[str, Loads]],
    vans_only: Sequence[ModelResult],
    solve_day: SolveDay,
    kg_per_parcel: float,
    carried_by: Mapping[str, str] | None = None,
    hub_yuan_per_parcel: Decimal = Decimal(0),
) -> BusComparison:
    """Vans only (``vans_only``, one per day) against vans + buses (module docstring);
    ``carried_by`` names each village's service point when the stops are service points;
    ``hub_yuan_per_parcel`` is the hub handling a parcel skips on a bus straight from or to
    the county DC (the decision counts it beside the vans' marginal cost)."""
    lines = read_bus_lines(path, original, skip_outside=config.skip_lines_outside)
    departures = tuple(d for line in lines for d in timetable(line, matrix.minutes))
    carry = config.carry_costs()
    meets = meets_of(lines, stops, carried_by or {}, matrix.km, carry) if config.meet else {}
    transfer = carry_cost(meets, carry, kg_per_parcel)

    def credit(leg: Leg) -> Decimal:  # the village end is never the county DC
        if Tier.COUNTY not in (stops[leg.board_id].tier, stops[leg.alight_id].tier):
            return Decimal(0)
        return (hub_yuan_per_parcel * Decimal(repr(leg.parcels))).quantize(FEN, ROUND_HALF_UP)

    times = BusTimes(
        dc_ready_min=config.dc_ready_min,
        hub_ready_min=config.hub_ready_min,
        dc_deadline_min=config.dc_deadline_min,
        hub_deadline_min=config.hub_deadline_min,
    )
    plans: list[BusPlan] = []
    with_bus: list[ModelResult] = []
    for day, vans in enumerate(vans_only):
        by_hub = loads_on(day)
        loads = {v: load for hub in by_hub.values() for v, load in hub.items()}
        van = van_marginal_cost_yuan(vans.parts, rule=config.van_cost)
        plan = plan_bus_carriage(
            stops,
            departures,
            loads,
            van,
            kg_per_parcel=kg_per_parcel,
            times=times,
            day=day,
            time_limit_s=config.time_limit_s,
            meets=meets,
            transfer=transfer,
            credit=credit,
        )
        problems = check_bus_plan(
            stops, plan, departures, loads, kg_per_parcel=kg_per_parcel, times=times, meets=meets
        )
        if problems:  # a bug, not bad input: the decision must respect its own rules
            raise AssertionError("bus plan invalid: " + "; ".join(problems))
        rest = {
            hub: {v: x for v, x in villages.items() if v not in plan.village_ids}
            for hub, villages in by_hub.items()
        }
        extras = hub_extras(stops, plan)
        for hub in extras:
            rest.setdefault(hub, {})
        result = vans if not plan.assignments else solve_day(rest, day, extras)
        for part in result.parts:
            check_plan(part.problem, part.plan)
        plans.append(plan)
        with_bus.append(result)
    tried = BusComparison(
        lines,
        departures,
        tuple(plans),
        tuple(vans_only),
        tuple(with_bus),
        stops,
        adopted=config.adopt,
        meet_stops=frozenset(m.stop_id for ms in meets.values() for m in ms),
    )
    kept = [_kept(p, v, w) for p, v, w in zip(plans, vans_only, with_bus, strict=True)]
    if all(k[0] is p for k, p in zip(kept, plans, strict=True)):
        return tried
    return replace(
        tried,
        plans=tuple(k[0] for k in kept),
        with_bus=tuple(k[1] for k in kept),
        tried=tried,
    )


def _kept(plan: BusPlan, vans: ModelResult, with_bus: ModelResult) -> tuple[BusPlan, ModelResult]:
    """The day's bus plan, or none when vans + bus cost more than the vans alone (the hub
    handling the bus parcels skip counted)."""
    bus = plan.cost_yuan - plan.credit_yuan
    if Decimal(repr(with_bus.cost_yuan)) + bus <= Decimal(repr(vans.cost_yuan)):
        return plan, with_bus
    return BusPlan(plan.day, (), {}, FELL_BACK), vans


@dataclass(frozen=True)
class OutletComparison:
    """Each carrier's own township outlet against the shared station, per township."""

    townships: tuple[TownshipOutlets, ...]

    @property
    def saving_yuan_per_day(self) -> Decimal:
        return sum((t.saving_yuan for t in self.townships), Decimal(0))

    def summary(self) -> dict[str, Json]:
        """``plan.json`` ``routing.outlets``."""
        return {
            "saving_yuan_per_day": format_yuan(self.saving_yuan_per_day),
            "townships": [
                {
                    "township_id": t.township_id,
                    "name": t.name,
                    "saving_yuan_per_day": format_yuan(t.saving_yuan),
                    "carriers": {
                        c.carrier: {
                            "parcels_per_day": round(c.parcels_down + c.parcels_up, 1),
                            "own_outlet_yuan_per_day": format_yuan(c.own_yuan),
                            "shared_station_yuan_per_day": format_yuan(c.shared_yuan),
                            "cheaper": c.cheaper,
                        }
                        for c in t.carriers
                    },
                }
                for t in self.townships
            ],
        }


def compare_township_outlets(
    network: Network, config: OutletsConfig, shares: Mapping[str, float]
) -> OutletComparison | None:
    """The outlet comparison, or None when ``compare`` is off."""
    if not config.compare:
        return None
    carriers = config.carriers if config.carriers is not None else shares
    return OutletComparison(compare_outlets(network, carriers, config.costs()))
