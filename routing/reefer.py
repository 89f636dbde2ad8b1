"""Reefer pickups to the county DC: cold-chain demand routed so every product arrives in time.

A request is a product waiting at a node from ``ready_min`` that must reach the DC by
``latest_arrival_min`` (the cold chain's time/temperature budget, :mod:`coldchain.demand`).
Requests at one node with the same ready time ride as one pickup (kg summed, the tightest
latest arrival); products landed at different times stay separate pickups, so a morning catch
does not wait for the evening one. A pickup too heavy for one reefer is split into equal loads
when at most ``max_loads`` of the largest reefer carry it.

A stop's time window cannot say "the route reaches the DC by T", so each pickup first closes
at ``latest - service - direct travel to the DC``; then the real DC arrival of each trip is
checked, a pickup whose product arrives late gets its window closed earlier by the excess,
and the problem is solved again (``rounds`` times). A pickup still late after that (the
vehicle waits for a later stop's landing instead), or that cannot be loaded earlier, rides
alone: a trip of its own goes straight to the DC, which its window guarantees. Pickups still
late after the rounds are left out, reported with a reason, and the rest solved once more.
Requests that even a direct trip cannot bring in time (``feasible`` False) are not routed.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, replace
from decimal import Decimal

import numpy as np
import numpy.typing as npt

from network.distances import DistanceMatrix
from network.errors import InputError
from network.money import to_fen
from network.texts import Message
from routing.cost import penalty_yuan, plan_cost_yuan, route_distance_m
from routing.model import FloatArray, Plan, Route, RoutingProblem, Trip, UnservedReason, VehicleType
from routing.settings import SolverSettings
from routing.solve import solve
from routing.validate import check_plan

TOO_FAR = "too far: cool at the landing point"
LATE = "late: no route reaches the DC by its latest arrival"
REASONS = {
    UnservedReason.CAPACITY: "capacity: more kg than max_loads loads of the largest reefer",
    UnservedReason.TOO_FAR: "too far: beyond every reefer's range or working day",
    UnservedReason.TIME_WINDOW: "time window: no reefer shift reaches it and the DC in time",
    UnservedReason.NOT_WORTH_IT: "not worth it",
    UnservedReason.NO_VEHICLE: "no vehicle: the reefer fleet ran out",
}


@dataclass(frozen=True)
class ReeferRequest:
    """One product to bring from ``node_id`` to the DC ``dc_id`` (minutes after midnight)."""

    node_id: str
    product_id: str
    dc_id: str
    kg: float
    ready_min: float
    latest_arrival_min: float
    feasible: bool = True


@dataclass(frozen=True)
class ReeferStop:
    """A pickup on a route: when it is loaded and when its products reach the DC; ``load`` is
    "k/n" for the k-th of n loads of a split pickup, else empty."""

    vehicle: str
    order: int
    node_id: str
    product_ids: tuple[str, ...]
    kg: float
    pickup_min: float
    arrival_min: float
    latest_arrival_min: float
    load: str = ""

    @property
    def slack_min(self) -> float:
        return self.latest_arrival_min - self.arrival_min


@dataclass(frozen=True)
class UnservedPickup:
    """Products not picked up, and why."""

    node_id: str
    product_ids: tuple[str, ...]
    kg: float
    reason: str


@dataclass(frozen=True)
class ReeferPlan:
    """The routed pickups of one DC: the plan (over ``problem``), its stops and the rest."""

    dc_id: str
    problem: RoutingProblem | None
    plan: Plan | None
    stops: tuple[ReeferStop, ...]
    unserved: tuple[UnservedPickup, ...]
    vehicles: int
    distance_km: float
    daily_cost_yuan: Decimal
    rounds: int


@dataclass(frozen=True)
class _Pickup:
    node_id: str
    product_ids: tuple[str, ...]
    kg: float
    ready_min: float
    latest_arrival_min: float
    load: str = ""  # "k/n" for the k-th of n loads of a split pickup

    @property
    def id(self) -> str:
        ready = f"{int(self.ready_min) // 60:02d}:{int(self.ready_min) % 60:02d}"
        return f"{self.node_id}@{ready}" + (f"#{self.load}" if self.load else "")


def plan_reefer_pickups(
    requests: Iterable[ReeferRequest],
    matrix: DistanceMatrix,
    *,
    fleet: Sequence[VehicleType],
    solver: SolverSettings,
    service_min: float = 10.0,
    rounds: int = 4,
    max_loads: int = 1,
    progress: Callable[[float], None] | None = None,
) -> ReeferPlan:
    """Route the reefer ``fleet`` from the DC to pick up ``requests`` so that every product
    picked up reaches the DC by its latest arrival (see the module docstring); each solve
    with ``solver`` (time limit, work limit, seed, engine).

    Only types with ``reefer`` set are used; the last figure of a type's ``capacity`` is its kg
    (so the routing section's (parcels, kg) types work too). A pickup heavier than the largest
    reefer is split into equal loads that fit when at most ``max_loads`` do. ``progress``
    receives each solve's best cost (yuan). Raises InputError naming the field of a bad
    request or option.
    """
    reqs = tuple(requests)
    dc = _check(reqs, matrix, service_min, rounds)
    if max_loads < 1:
        raise InputError(Message("max_loads must be >= 1"), field="max_loads")
    reefers = tuple(vt for vt in fleet if vt.reefer)
    if not reefers:
        raise InputError(Message("no reefer vehicle type in the fleet"), field="fleet")
    routable: list[ReeferRequest] = []
    unserved: list[UnservedPickup] = []
    for r in reqs:
        if r.feasible and _direct_ok(r, matrix, service_min):
            routable.append(r)
        else:
            unserved.append(UnservedPickup(r.node_id, (r.product_id,), r.kg, TOO_FAR))
    largest_kg = max(vt.capacity[-1] for vt in reefers)
    pickups = _split(_group(routable), largest_kg, max_loads)
    close_s = {p.id: _first_close_s(p, dc, matrix, service_min) for p in pickups}
    alone: set[str] = set()
    tightened_once: set[str] = set()
    done = 0
    while True:
        active = [p for p in pickups if close_s[p.id] >= p.ready_min * 60]
        unserved += [_unserved(p, LATE) for p in pickups if p not in active]
        pickups = active
        if not pickups:
            return _result(dc, None, None, pickups, unserved, done)
        problem = _problem(pickups, dc, matrix, reefers, close_s, alone, service_min)
        plan = _retimed(
            problem,
            solve(problem, solver, progress=progress),
        )
        done += 1
        late = _late_by_s(problem, plan, pickups)
        if not late:
            return _result(dc, problem, plan, pickups, unserved, done)
        ready_s = {p.id: p.ready_min * 60.0 for p in pickups}
        for pickup_id, (served_s, excess_s) in late.items():
            tightened = min(close_s[pickup_id], served_s - excess_s)
            if done >= rounds:
                close_s[pickup_id] = -1.0  # still late after every round: left out
            elif pickup_id in tightened_once or tightened < ready_s[pickup_id]:
                alone.add(pickup_id)  # an earlier window did not help, or cannot be
            else:
                close_s[pickup_id] = tightened
                tightened_once.add(pickup_id)


def _check(
    reqs: Sequence[ReeferRequest], matrix: DistanceMatrix, service_min: float, rounds: int
) -> str:
    """The one DC of ``reqs``; InputError naming the field of the first bad request."""
    if service_min < 0:
        raise InputError(Message("service_min must be >= 0"), field="service_min")
    if rounds < 1:
        raise InputError(Message("rounds must be >= 1"), field="rounds")
    dcs = {r.dc_id for r in reqs}
    if len(dcs) > 1:
        raise InputError(
            Message("requests for several DCs {dcs}: plan one DC at a time", dcs=sorted(dcs)),
            field="dc_id",
        )
    for row, r in enumerate(reqs, start=1):
        where = Message(
            "reefer request {row} ({node_id}, {product_id})",
            row=row,
            node_id=r.node_id,
            product_id=r.product_id,
        )
        for field, node in (("node_id", r.node_id), ("dc_id", r.dc_id)):
            if node not in matrix.ids:
                raise InputError(
                    Message(
                        "{where}: {node!r} is not in the distance matrix", where=where, node=node
                    ),
                    row=row,
                    field=field,
                )
        if not r.kg > 0:
            raise InputError(
                Message("{where}: kg {kg} must be > 0", where=where, kg=r.kg), row=row, field="kg"
            )
        if not r.latest_arrival_min >= r.ready_min:
            raise InputError(
                Message(
                    "{where}: latest arrival {latest_arrival_min} min is before ready "
                    "{ready_min} min",
                    where=where,
                    latest_arrival_min=r.latest_arrival_min,
                    ready_min=r.ready_min,
                ),
                row=row,
                field="latest_arrival_min",
            )
    return dcs.pop() if dcs else ""


def _direct_ok(r: ReeferRequest, matrix: DistanceMatrix, service_min: float) -> bool:
    return r.ready_min + service_min + matrix.minutes(r.node_id, r.dc_id) <= r.latest_arrival_min


def _group(reqs: Sequence[ReeferRequest]) -> list[_Pickup]:
    """One pickup per (node, ready time), in first-seen order."""
    groups: dict[tuple[str, float], list[ReeferRequest]] = {}
    for r in reqs:
        groups.setdefault((r.node_id, r.ready_min), []).append(r)
    return [
        _Pickup(
            node_id=node,
            product_ids=tuple(r.product_id for r in rs),
            kg=sum(r.kg for r in rs),
            ready_min=ready,
            latest_arrival_min=min(r.latest_arrival_min for r in rs),
        )
        for (node, ready), rs in groups.items()
    ]


def _split(pickups: Sequence[_Pickup], capacity_kg: float, max_loads: int) -> list[_Pickup]:
    """Pickups heavier than ``capacity_kg`` as equal loads that fit, if ``max_loads`` do."""
    out = []
    for p in pickups:
        n = math.ceil(p.kg / capacity_kg)
        if n <= 1 or n > max_loads:
            out.append(p)
            continue
        out += [replace(p, kg=p.kg / n, load=f"{k}/{n}") for k in range(1, n + 1)]
    return out


def _first_close_s(p: _Pickup, dc: str, matrix: DistanceMatrix, service_min: float) -> float:
    return (p.latest_arrival_min - service_min - matrix.minutes(p.node_id, dc)) * 60.0


def _reason(reason: UnservedReason, p: _Pickup, largest_kg: float) -> str:
    if reason is UnservedReason.CAPACITY and p.kg > largest_kg:
        return (
            f"capacity: {p.kg:,.0f} kg is more than max_loads loads of the largest reefer "
            f"({largest_kg:,.0f} kg): add a bulk reefer type or cool at the landing point"
        )
    return REASONS[reason]


def _unserved(p: _Pickup, reason: str) -> UnservedPickup:
    return UnservedPickup(p.node_id, p.product_ids, p.kg, reason)


def _problem(
    pickups: Sequence[_Pickup],
    dc: str,
    matrix: DistanceMatrix,
    fleet: Sequence[VehicleType],
    close_s: dict[str, float],
    alone: set[str],
    service_min: float,
) -> RoutingProblem:
    """Pickup-only problem: kg, and trip slots (every vehicle holds ``n + 1``, a pickup takes
    one, a pickup riding alone takes them all, so nothing else shares its trip)."""
    n = len(pickups)
    rows = np.array([matrix.index(dc), *(matrix.index(p.node_id) for p in pickups)])
    grid = np.ix_(rows, rows)
    load = np.array([[0.0, 0.0], *([p.kg, n + 1.0 if p.id in alone else 1.0] for p in pickups)])
    return RoutingProblem.from_matrix(
        matrix.distance_m[grid],
        matrix.duration_s[grid],
        depots=(0,),
        delivery=np.zeros_like(load),
        pickup=load,
        fleet=[replace(vt, capacity=(vt.capacity[-1], n + 1.0)) for vt in fleet],
        ids=(dc, *(p.id for p in pickups)),
        names=(dc, *(p.node_id for p in pickups)),
        service_s=np.array([0.0, *[service_min * 60.0] * n]),
        tw_early_s=np.array([0.0, *(p.ready_min * 60.0 for p in pickups)]),
        tw_late_s=np.array([np.inf, *(close_s[p.id] for p in pickups)]),
        dimensions=("kg", "trip_slots"),
        fare_yuan=_fares(matrix, grid),
    )


def _fares(matrix: DistanceMatrix, grid: tuple[npt.NDArray[np.intp], ...]) -> FloatArray | None:
    """The fares between the problem's nodes, None when no arc has one (so that every engine,
    not only OR-Tools, may solve it)."""
    if matrix.fare_yuan is None or not np.any(matrix.fare_yuan[grid]):
        return None
    return matrix.fare_yuan[grid]


def _retimed(problem: RoutingProblem, plan: Plan) -> Plan:
    """The plan with every trip served as early as it can from its departure (an engine may
    report any feasible time, and a later one would look like a late arrival at the DC)."""
    routes = tuple(
        replace(r, trips=tuple(_early_trip(problem, r, t) for t in r.trips)) for r in plan.routes
    )
    draft = replace(plan, routes=routes)
    cost = plan_cost_yuan(problem, draft)
    return check_plan(
        problem, replace(draft, cost_yuan=cost, objective=cost + penalty_yuan(problem, draft))
    )


def _early_trip(problem: RoutingProblem, route: Route, trip: Trip) -> Trip:
    speed = problem.fleet[route.vehicle_type].speed_factor
    at, clock, arrivals = route.depot, trip.start_s, []
    for stop in trip.stops:
        clock = max(
            clock + speed * float(problem.duration_s[at, stop]), float(problem.tw_early_s[stop])
        )
        arrivals.append(clock)
        clock += float(problem.service_s[stop])
        at = stop
    end = clock + speed * float(problem.duration_s[at, route.depot])
    return Trip(trip.stops, tuple(arrivals), trip.start_s, min(end, trip.end_s))


def _late_by_s(
    problem: RoutingProblem, plan: Plan, pickups: Sequence[_Pickup]
) -> dict[str, tuple[float, float]]:
    """Pickup id -> (time it is served, seconds its products reach the DC too late)."""
    late = {}
    for route in plan.routes:
        for trip in route.trips:
            for stop, served_s in zip(trip.stops, trip.arrivals_s, strict=True):
                excess = trip.end_s - pickups[stop - 1].latest_arrival_min * 60.0
                if excess > 0:
                    late[problem.ids[stop]] = (served_s, excess)
    return late


def _result(
    dc: str,
    problem: RoutingProblem | None,
    plan: Plan | None,
    pickups: Sequence[_Pickup],
    unserved: list[UnservedPickup],
    rounds: int,
) -> ReeferPlan:
    if problem is None or plan is None:
        return ReeferPlan(dc, None, None, (), tuple(unserved), 0, 0.0, to_fen(Decimal(0)), rounds)
    stops = []
    for route in plan.routes:
        vehicle = f"{problem.fleet[route.vehicle_type].name} {route.vehicle + 1}"
        order = 0
        for trip in route.trips:
            for stop, served_s in zip(trip.stops, trip.arrivals_s, strict=True):
                order += 1
                p = pickups[stop - 1]
                stops.append(
                    ReeferStop(
                        vehicle,
                        order,
                        p.node_id,
                        p.product_ids,
                        p.kg,
                        served_s / 60.0,
                        trip.end_s / 60.0,
                        p.latest_arrival_min,
                        p.load,
                    )
                )
    largest_kg = max(vt.capacity[0] for vt in problem.fleet)
    unserved += [
        _unserved(pickups[u.node - 1], _reason(u.reason, pickups[u.node - 1], largest_kg))
        for u in plan.unserved
    ]
    metres = sum(route_distance_m(problem, r) for r in plan.routes)
    return ReeferPlan(
        dc_id=dc,
        problem=problem,
        plan=plan,
        stops=tuple(stops),
        unserved=tuple(unserved),
        vehicles=sum(1 for r in plan.routes if r.stops),
        distance_km=metres / 1000.0,
        daily_cost_yuan=to_fen(plan.cost_yuan),
        rounds=rounds,
    )
