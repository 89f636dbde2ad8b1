"""Parcels on scheduled rural passenger buses (客货邮融合) as a carriage option beside vans.

A :class:`BusLine` runs its stops in order on each ``departures_min`` time and in reverse on
each ``return_departures_min`` time; :func:`timetable` turns it into :class:`Departure` values
with the time the bus reaches each stop (matrix travel time x ``minutes_factor``, plus
``handover_min`` at every stop it passes, where parcels change hands).

:func:`plan_bus_carriage` decides, for one day, which villages' parcels ride a bus instead of a
van, at least total cost (CP-SAT, exact on county-sized inputs):

- a village rides whole or not at all: its parcels down board one departure at a *source*
  (its township hub or the county DC) and reach the village while the village station is open;
  its parcels up board one departure at the village (station open) and reach a source by that
  source's deadline. Parcels are split neither over departures nor between bus and van: a van
  that still calls at the village saves nothing.
- down parcels board no earlier than the source has them (``BusTimes``: the trunk reaches the
  hubs mid-morning; the county DC has them from early morning).
- a departure carries at most ``capacity_parcels`` parcels and ``capacity_kg`` kg in all
  (everything boarded on it, counted as if on board at once: a conservative reading).
- cost of the bus option: ``fee_yuan_per_parcel`` x parcels, plus ``fee_yuan_per_departure``
  once per departure used (shared by the villages on it); cost of the van option: the van's
  marginal cost of calling at the village that day (:mod:`routing.van_marginal`).
  A tie stays on the van.

The decision does not depend on the echelon: the caller removes the bus villages from the van
loads of either model (two-echelon or flat) and solves the vans again.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from itertools import pairwise
from typing import Literal

from ortools.sat.python import cp_model

from network.errors import InputError
from network.model import Network
from network.money import FEN
from network.texts import Message

Direction = Literal["out", "back"]
#: Parcels are counted in hundredths for the capacity constraints (loads are averages).
_SCALE = 100


@dataclass(frozen=True)
class BusLine:
    """One rural passenger bus line that takes parcels.

    Attributes:
        line_id: unique id.
        name: display name (e.g. "县城—长春—大京").
        stops: node ids in running order (first = where ``departures_min`` start).
        departures_min: departures from the first stop, minutes after midnight.
        return_departures_min: departures from the last stop running the stops in reverse.
        capacity_parcels: parcels one departure may carry.
        capacity_kg: kg one departure may carry.
        fee_yuan_per_parcel: paid to the bus operator per parcel carried.
        fee_yuan_per_departure: paid per departure that carries any parcel.
        handover_min: time at a stop to hand parcels over (the bus dwells this long).
        minutes_factor: bus travel time = matrix time x this (stops for passengers).
    """

    line_id: str
    name: str
    stops: tuple[str, ...]
    departures_min: tuple[float, ...]
    return_departures_min: tuple[float, ...]
    capacity_parcels: int
    capacity_kg: float
    fee_yuan_per_parcel: Decimal
    fee_yuan_per_departure: Decimal
    handover_min: float
    minutes_factor: float = 1.0

    def __post_init__(self) -> None:
        where = Message("bus line {line_id!r}", line_id=self.line_id)
        if len(self.stops) < 2 or len(set(self.stops)) != len(self.stops):
            raise InputError(
                Message("{where}: needs at least two different stops", where=where), field="stops"
            )
        if not (self.departures_min or self.return_departures_min):
            raise InputError(
                Message("{where}: needs at least one departure", where=where), field="departures"
            )
        for t in (*self.departures_min, *self.return_departures_min):
            if not 0 <= t < 24 * 60:
                raise InputError(
                    Message("{where}: departure {t} min is not in the day", where=where, t=t),
                    field="departures",
                )
        if self.capacity_parcels < 1 or not self.capacity_kg > 0:
            raise InputError(
                Message("{where}: capacities must be > 0", where=where), field="capacity_parcels"
            )
        if self.fee_yuan_per_parcel < 0 or self.fee_yuan_per_departure < 0:
            raise InputError(
                Message("{where}: fees must be >= 0", where=where), field="fee_yuan_per_parcel"
            )
        if self.handover_min < 0 or not self.minutes_factor > 0:
            raise InputError(
                Message("{where}: handover_min >= 0, minutes_factor > 0", where=where),
                field="handover_min",
            )


@dataclass(frozen=True)
class Departure:
    """One run of a line: the stops in running order and when the bus reaches each.

    ``number`` counts the line's runs of the day from 1 (outbound first, then return).
    """

    line_id: str
    number: int
    direction: Direction
    stops: tuple[str, ...]
    arrivals_min: tuple[float, ...]
    capacity_parcels: int
    capacity_kg: float
    fee_yuan_per_parcel: Decimal
    fee_yuan_per_departure: Decimal
    handover_min: float

    @property
    def key(self) -> str:
        """``line_id#number``: unique over a county's departures."""
        return f"{self.line_id}#{self.number}"

    def at(self, node_id: str) -> int | None:
        """Position of ``node_id`` among the stops, or None."""
        return self.stops.index(node_id) if node_id in self.stops else None


def timetable(line: BusLine, minutes: Callable[[str, str], float]) -> tuple[Departure, ...]:
    """Every departure of ``line`` with its arrival time at each stop; ``minutes(a, b)`` is
    the matrix travel time between two stops."""
    runs: list[tuple[Direction, float]] = [("out", t) for t in sorted(line.departures_min)]
    runs += [("back", t) for t in sorted(line.return_departures_min)]
    result = []
    for number, (direction, start) in enumerate(runs, start=1):
        stops = line.stops if direction == "out" else tuple(reversed(line.stops))
        times = [start]
        for a, b in pairwise(stops):
            leg = minutes(a, b)
            if not math.isfinite(leg):
                raise InputError(
                    Message(
                        "bus line {line_id!r}: no road between stops {a} and {b}",
                        line_id=line.line_id,
                        a=a,
                        b=b,
                    ),
                    field="stops",
                )
            dwell = line.handover_min if len(times) > 1 else 0.0
            times.append(times[-1] + dwell + leg * line.minutes_factor)
        result.append(
            Departure(
                line.line_id,
                number,
                direction,
                stops,
                tuple(times),
                line.capacity_parcels,
                line.capacity_kg,
                line.fee_yuan_per_parcel,
                line.fee_yuan_per_departure,
                line.handover_min,
            )
        )
    return tuple(result)


@dataclass(frozen=True)
class BusTimes:
    """When parcels are ready at, and due back at, the sources, and station opening hours
    (minutes after midnight).

    Defaults: the county DC has the day's parcels from 07:00 and closes its outbound line-haul
    at 18:00; the trunk reaches the hubs by 10:00 (a morning run, routing's trunk) and hubs
    want up parcels by 18:00 for the evening trunk; village stations open 08:00-19:00
    (routing's ``opening_min``).
    """

    dc_ready_min: float = 420.0
    hub_ready_min: float = 600.0
    dc_deadline_min: float = 1080.0
    hub_deadline_min: float = 1080.0
    village_open_min: float = 480.0
    village_close_min: float = 1140.0

    def ready_min(self, network: Network, source: str) -> float:
        return self.dc_ready_min if network[source].tier == "county" else self.hub_ready_min

    def deadline_min(self, network: Network, source: str) -> float:
        return self.dc_deadline_min if network[source].tier == "county" else self.hub_deadline_min


@dataclass(frozen=True)
class Leg:
    """Parcels of one village in one direction on one departure: board at ``board_id``
    (reached at ``board_min``), hand over at ``alight_id`` (reached at ``alight_min``). With
    ``meet_id`` the bus does not stop at the village (a service point) but at that line stop
    nearby: the parcels are carried between the two (the times are the village's)."""

    departure: str
    board_id: str
    alight_id: str
    board_min: float
    alight_min: float
    parcels: float
    meet_id: str | None = None


@dataclass(frozen=True)
class Meet:
    """A line stop where a village's parcels meet the bus when the bus does not stop at the
    village itself (with service points: a village gathered at that point), and what carrying
    them between the two takes one way."""

    stop_id: str
    km: float
    minutes: float


Meets = Mapping[str, Sequence[Meet]]
"""Per village (a stop of the plan), the line stops where its parcels may meet a bus."""

TransferCost = Callable[[Leg], Decimal]
"""What carrying a leg's parcels between its line stop and its village costs (yuan, fen)."""


@dataclass(frozen=True)
class BusAssignment:
    """A village whose day rides the bus: its legs down and up, the fee, the van cost it
    replaces, what carrying its parcels between a line stop and the village costs (legs
    with a ``meet_id``) and what else its legs save (``credit``) (yuan, fen)."""

    village_id: str
    down: Leg | None
    up: Leg | None
    fee_yuan: Decimal
    van_cost_yuan: Decimal
    transfer_yuan: Decimal = Decimal(0)
    credit_yuan: Decimal = Decimal(0)

    @property
    def parcels(self) -> float:
        return sum(leg.parcels for leg in (self.down, self.up) if leg is not None)

    @property
    def line_ids(self) -> tuple[str, ...]:
        keys = [leg.departure.split("#")[0] for leg in (self.down, self.up) if leg is not None]
        return tuple(sorted(set(keys)))


@dataclass(frozen=True)
class BusPlan:
    """One day's bus carriage.

    Attributes:
        day: day of the visit period.
        assignments: villages on the bus (sorted by id).
        departure_fees_yuan: per departure used, its per-departure fee.
        status: the solver's status (``OPTIMAL``, ``FEASIBLE``; ``NONE`` = nothing to decide;
            anything else = no bus plan found in time, everything stays on the vans).
    """

    day: int
    assignments: tuple[BusAssignment, ...]
    departure_fees_yuan: Mapping[str, Decimal]
    status: str

    @property
    def village_ids(self) -> frozenset[str]:
        return frozenset(a.village_id for a in self.assignments)

    @property
    def fee_yuan(self) -> Decimal:
        """Everything paid to the bus operators that day."""
        per_parcel = sum((a.fee_yuan for a in self.assignments), Decimal(0))
        return per_parcel + sum(self.departure_fees_yuan.values(), Decimal(0))

    @property
    def transfer_yuan(self) -> Decimal:
        """Carrying parcels between line stops and the villages that meet the bus there."""
        return sum((a.transfer_yuan for a in self.assignments), Decimal(0))

    @property
    def cost_yuan(self) -> Decimal:
        """The bus option's whole cost that day: fees and carrying."""
        return self.fee_yuan + self.transfer_yuan

    @property
    def credit_yuan(self) -> Decimal:
        """What the bus legs save beyond the vans' marginal cost (hub handling skipped)."""
        return sum((a.credit_yuan for a in self.assignments), Decimal(0))

    @property
    def van_cost_yuan(self) -> Decimal:
        """The vans' marginal cost of the villages moved to the bus."""
        return sum((a.van_cost_yuan for a in self.assignments), Decimal(0))

    @property
    def parcels(self) -> float:
        return sum(a.parcels for a in self.assignments)

    def load_on(self, departure: str) -> float:
        """Parcels boarded on a departure."""
        legs = (leg for a in self.assignments for leg in (a.down, a.up) if leg is not None)
        return sum(leg.parcels for leg in legs if leg.departure == departure)


def yuan_to_fen(amount: Decimal) -> int:
    """Whole fen, rounded ROUND_HALF_UP."""
    return int((amount / FEN).quantize(Decimal(1), rounding=ROUND_HALF_UP))


def parcel_fee_yuan(dep: Departure, parcels: float) -> Decimal:
    """The per-parcel fee of ``parcels`` on a departure (fen, ROUND_HALF_UP)."""
    return (dep.fee_yuan_per_parcel * Decimal(repr(parcels))).quantize(FEN, ROUND_HALF_UP)


def _sources(network: Network, village_id: str) -> tuple[str, ...]:
    """Where a village's parcels come from and go to: its hub and the county DC(s)."""
    parent = network[village_id].parent
    hubs = (parent,) if parent and parent in network else ()
    return (*hubs, *(c.id for c in network.county_dcs))


def legs_of(
    network: Network,
    village_id: str,
    parcels: float,
    departures: Sequence[Departure],
    times: BusTimes,
    *,
    up: bool,
    meets: Meets | None = None,
) -> list[Leg]:
    """Every departure that can carry the village's parcels down (from a source it passes
    first, once the parcels are there) or ``up`` (to a source it passes later, by that
    source's deadline), reaching the village while its station is open. A departure that
    does not stop at the village may stop at one of its ``meets``: the parcels reach the
    village (down) or leave it (up) that much later or earlier."""
    legs = []
    for dep in departures:
        v, meet = _stop_of(dep, village_id, meets)
        if v is None:
            continue
        lag = 0.0 if meet is None else meet.minutes
        t_v = dep.arrivals_min[v] + (-lag if up else lag)
        if not times.village_open_min <= t_v <= times.village_close_min - dep.handover_min:
            continue
        meet_id = None if meet is None else meet.stop_id
        for source in _sources(network, village_id):
            s = dep.at(source)
            if s is None or (s > v) != up:
                continue
            t_s = dep.arrivals_min[s]
            if up and t_s + dep.handover_min <= times.deadline_min(network, source):
                legs.append(Leg(dep.key, village_id, source, t_v, t_s, parcels, meet_id))
                break
            if not up and t_s >= times.ready_min(network, source):
                legs.append(Leg(dep.key, source, village_id, t_s, t_v, parcels, meet_id))
                break
    return legs


def _stop_of(
    dep: Departure, village_id: str, meets: Meets | None
) -> tuple[int | None, Meet | None]:
    """Where the departure picks the village's parcels up: the village itself, else the
    first of its meets the departure stops at."""
    v = dep.at(village_id)
    if v is not None:
        return v, None
    for meet in (meets or {}).get(village_id, ()):
        v = dep.at(meet.stop_id)
        if v is not None:
            return v, meet
    return None, None


@dataclass(frozen=True)
class _Choice:
    village: str
    down: list[tuple[Leg, cp_model.IntVar]]
    up: list[tuple[Leg, cp_model.IntVar]]
    rides: cp_model.IntVar
    van_fen: int


def plan_bus_carriage(
    network: Network,
    departures: Sequence[Departure],
    loads: Mapping[str, tuple[float, float]],
    van_cost_yuan: Mapping[str, Decimal],
    *,
    kg_per_parcel: float,
    times: BusTimes | None = None,
    day: int = 0,
    time_limit_s: float = 10.0,
    meets: Meets | None = None,
    transfer: TransferCost | None = None,
    credit: TransferCost | None = None,
) -> BusPlan:
    """Which villages' parcels ride a bus on this day (module docstring).

    Args:
        network: the network the stops and villages belong to.
        departures: every departure of every line (:func:`timetable`).
        loads: parcels (down, up) of each village visited that day.
        van_cost_yuan: the van's marginal cost of each village that day; a village without one
            stays on the van.
        kg_per_parcel: weight of an average parcel.
        times: ready times, deadlines and opening hours.
        day: the day's number in the visit period.
        time_limit_s: CP-SAT time limit (one worker: the plan is reproducible).
        meets: line stops where villages the buses do not stop at may meet them.
        transfer: the cost of carrying a meeting leg's parcels (part of the bus option's
            cost); none when not given.
        credit: what a leg saves beyond the vans' marginal cost (the hub handling of parcels
            a bus takes straight from or to the county DC), taken off the bus option's cost.
    """
    times = times or BusTimes()
    by_key = {d.key: d for d in departures}
    model = cp_model.CpModel()
    choices = _choices(model, network, departures, loads, van_cost_yuan, times, meets)
    if not choices:
        return BusPlan(day, (), {}, "NONE")
    used = {k: model.new_bool_var(f"use_{k}") for k in sorted(by_key)}
    fee_terms: list[cp_model.LinearExprT] = []
    for key, use in used.items():
        dep = by_key[key]
        legs = [(leg, x) for c in choices for leg, x in (*c.down, *c.up) if leg.departure == key]
        for leg, x in legs:
            model.add_implication(x, use)
            fee_terms.append(yuan_to_fen(parcel_fee_yuan(dep, leg.parcels)) * x)
            if leg.meet_id is not None and transfer is not None:
                fee_terms.append(yuan_to_fen(transfer(leg)) * x)
            if credit is not None:
                fee_terms.append(-yuan_to_fen(credit(leg)) * x)
        parcels = [math.ceil(leg.parcels * _SCALE) * x for leg, x in legs]
        model.add(sum(parcels) <= dep.capacity_parcels * _SCALE)
        kilos = [math.ceil(leg.parcels * kg_per_parcel * _SCALE) * x for leg, x in legs]
        model.add(sum(kilos) <= math.floor(dep.capacity_kg * _SCALE))
        fee_terms.append(yuan_to_fen(dep.fee_yuan_per_departure) * use)
    fee_terms += [c.van_fen * (1 - c.rides) for c in choices]
    # twice the cost in fen, plus one per village on a bus: a tie stays on the van
    ties: list[cp_model.LinearExprT] = [c.rides for c in choices]
    model.minimize(cp_model.LinearExpr.sum(fee_terms) * 2 + cp_model.LinearExpr.sum(ties))
    solver = cp_model.CpSolver()
    solver.parameters.max_time_in_seconds = time_limit_s
    solver.parameters.num_workers = 1
    solver.parameters.random_seed = 0
    status = solver.solve(model)
    name = solver.status_name(status)
    if status not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
        return BusPlan(day, (), {}, name)
    assignments = tuple(
        _assignment(solver, c, by_key, van_cost_yuan, transfer, credit)
        for c in choices
        if solver.value(c.rides)
    )
    fees = {k: by_key[k].fee_yuan_per_departure for k, use in used.items() if solver.value(use)}
    return BusPlan(day, assignments, fees, name)


def _choices(
    model: cp_model.CpModel,
    network: Network,
    departures: Sequence[Departure],
    loads: Mapping[str, tuple[float, float]],
    van_cost_yuan: Mapping[str, Decimal],
    times: BusTimes,
    meets: Meets | None,
) -> list[_Choice]:
    """The villages that could ride, with one variable per leg they could take."""
    choices = []
    for vid in sorted(loads):
        down, up = loads[vid]
        if vid not in van_cost_yuan or down + up <= 0:
            continue
        d_legs = legs_of(network, vid, down, departures, times, up=False, meets=meets)
        u_legs = legs_of(network, vid, up, departures, times, up=True, meets=meets)
        d_legs, u_legs = (d_legs if down > 0 else []), (u_legs if up > 0 else [])
        if (down > 0 and not d_legs) or (up > 0 and not u_legs):
            continue
        rides = model.new_bool_var(f"bus_{vid}")
        d_vars = [(leg, model.new_bool_var(f"d_{vid}_{leg.departure}")) for leg in d_legs]
        u_vars = [(leg, model.new_bool_var(f"u_{vid}_{leg.departure}")) for leg in u_legs]
        for legs in (d_vars, u_vars):
            if legs:
                model.add(sum(x for _, x in legs) == rides)
        choices.append(_Choice(vid, d_vars, u_vars, rides, yuan_to_fen(van_cost_yuan[vid])))
    return choices


def _assignment(
    solver: cp_model.CpSolver,
    choice: _Choice,
    by_key: Mapping[str, Departure],
    van_cost_yuan: Mapping[str, Decimal],
    transfer: TransferCost | None,
    credit: TransferCost | None,
) -> BusAssignment:
    down = next((leg for leg, x in choice.down if solver.value(x)), None)
    up = next((leg for leg, x in choice.up if solver.value(x)), None)
    fee = sum(
        (parcel_fee_yuan(by_key[leg.departure], leg.parcels) for leg in (down, up) if leg),
        Decimal(0),
    )
    van = (van_cost_yuan[choice.village] / FEN).quantize(Decimal(1), ROUND_HALF_UP) * FEN
    carried = [leg for leg in (down, up) if leg is not None and leg.meet_id is not None]
    moved = sum((transfer(leg) for leg in carried), Decimal(0)) if transfer else Decimal(0)
    legs = [leg for leg in (down, up) if leg is not None]
    saved = sum((credit(leg) for leg in legs), Decimal(0)) if credit else Decimal(0)
    return BusAssignment(choice.village, down, up, fee, van, moved, saved)


def check_bus_plan(
    network: Network,
    plan: BusPlan,
    departures: Sequence[Departure],
    loads: Mapping[str, tuple[float, float]],
    *,
    kg_per_parcel: float,
    times: BusTimes | None = None,
    meets: Meets | None = None,
) -> list[str]:
    """Every way ``plan`` breaks a departure's capacity or times, or misses a village's
    parcels (empty when the plan is valid); independent of how the plan was made."""
    times = times or BusTimes()
    by_key = {d.key: d for d in departures}
    problems: list[str] = []
    for a in plan.assignments:
        down, up = loads.get(a.village_id, (0.0, 0.0))
        for leg, need, is_up in ((a.down, down, False), (a.up, up, True)):
            if need > 0 and (leg is None or leg.parcels < need):
                problems.append(f"{a.village_id}: {need} parcels left behind")
            elif leg is not None:
                ok = legs_of(
                    network,
                    a.village_id,
                    need,
                    [by_key[leg.departure]],
                    times,
                    up=is_up,
                    meets=meets,
                )
                if not any(o == leg for o in ok):
                    problems.append(f"{a.village_id}: {leg.departure} is outside its times")
    for key, dep in by_key.items():
        parcels = plan.load_on(key)
        if parcels > dep.capacity_parcels + 1e-9:
            problems.append(f"{key}: {parcels:g} parcels > capacity {dep.capacity_parcels}")
        if parcels * kg_per_parcel > dep.capacity_kg + 1e-9:
            problems.append(f"{key}: {parcels * kg_per_parcel:g} kg > capacity {dep.capacity_kg}")
    return problems
