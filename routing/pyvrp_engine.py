"""Solve a :class:`RoutingProblem` with PyVRP (iterated local search, integer data).

PyVRP models capacity in several dimensions, time windows and service times, multiple depots,
mixed fleets with fixed and per-distance costs, simultaneous pickup and delivery, optional
clients with prizes, route duration limits and reloads at depots. Everything else (breaks,
visit days, ...) raises :class:`PyvrpUnsupportedError`, so ``engine="auto"`` falls back to
OR-Tools.

PyVRP works on integers: distances, durations, loads and costs are each multiplied by a power
of ten that makes them integral (or as precise as the value range allows); a
:class:`PyvrpPrecisionWarning` says when rounding changes a typical value by more than 0.01 %.
Times are rounded so that the integer schedule holds in real times: travel, service and
openings up, closings and duration limits down.
"""

from __future__ import annotations

import math
import time
import warnings
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from itertools import pairwise
from typing import Any

import numpy as np
import numpy.typing as npt
from pyvrp import Client, Depot, Location, ProblemData, Solution, VehicleType
from pyvrp import solve as pyvrp_solve
from pyvrp.PenaltyManager import PenaltyParams
from pyvrp.solve import SolveParams
from pyvrp.stop import MaxIterations, MaxRuntime, MultipleCriteria, StoppingCriterion

from routing.cost import costed_plan
from routing.diagnose import diagnose_unserved, unservable_clients
from routing.model import Plan, Route, RoutingProblem, Trip
from routing.model import VehicleType as ModelVehicleType
from routing.settings import SolverError

FloatArray = npt.NDArray[np.float64]

#: Relative rounding error of a typical value above which scaling warns.
PRECISION = 1e-4
#: Scaled times this close to a whole unit are that unit (floating-point noise, not a fraction).
_SNAP = 1e-6
#: Largest scaled distance/duration of one arc: keeps route sums and penalties far from int64.
_ARC_LIMIT = 1e9
_LOAD_LIMIT = 1e12
_MAX_EXPONENT = 6
#: Cost rates per distance unit are tiny (an e-tricycle's 0.05 yuan/km is 5e-7 yuan per cm):
#: capped at 10**6 that one rounded to 0, so PyVRP planned tricycle kilometres as free and
#: the demo's sweeps warned hundreds of times. Up to 10**8 it comes out exact (5 units at
#: 10**7); scaled costs and PyVRP's penalty bound (see solve_params) grow by the same factor
#: and stay over 300 times below int64 even for a 1,000-parcel overload.
_MAX_COST_EXPONENT = 8
#: Stand-in for "no limit" (PyVRP's own default is int64 max, which overflows sums).
_UNBOUNDED = 2**44
#: PyVRP's default maximum penalty per unit of excess, for costs of about 1 per arc unit.
_BASE_MAX_PENALTY = 100_000.0
_INFEASIBLE = int(np.iinfo(np.int64).max)


class PyvrpUnsupportedError(ValueError):
    """The problem uses a feature PyVRP does not model (use OR-Tools)."""


class PyvrpInfeasibleError(SolverError):
    """PyVRP's best solution breaks a constraint (e.g. the fleet is too small)."""


class PyvrpPrecisionWarning(UserWarning):
    """Scaling to PyVRP's integers rounds typical values by more than :data:`PRECISION`."""


@dataclass(frozen=True)
class Scale:
    """Integer units per model unit for each kind of quantity."""

    distance: float
    duration: float
    cost: float
    load: tuple[float, ...]


def integer_scale(
    values: npt.ArrayLike,
    *,
    limit: float,
    name: str,
    each: bool = False,
    max_exponent: int = _MAX_EXPONENT,
) -> float:
    """The smallest power of ten making ``values`` integral, or else rounding them by less
    than a tenth of :data:`PRECISION` (relative): a typical (median) value, or ``each`` value
    when small ones matter as much as large ones (loads, cost rates). Capped so the largest
    scaled value stays below ``limit``, with a :class:`PyvrpPrecisionWarning` when the cap
    costs precision."""
    magnitudes = np.abs(np.asarray(values, dtype=np.float64)).reshape(-1)
    magnitudes = magnitudes[np.isfinite(magnitudes) & (magnitudes > 0)]
    if magnitudes.size == 0:
        return 1.0
    top = float(magnitudes.max())
    reference = float(magnitudes.min() if each else np.median(magnitudes))
    scale = 1.0
    for exponent in range(max_exponent + 1):
        if exponent and top * 10.0**exponent > limit:
            break
        scale = 10.0**exponent
        scaled = magnitudes * scale
        if float(np.abs(scaled - np.rint(scaled)).max()) <= 1e-6 * max(1.0, float(scaled.max())):
            return scale
        if 0.5 / (reference * scale) <= PRECISION / 10:
            return scale
    error = 0.5 / (reference * scale)
    if error > PRECISION:
        warnings.warn(
            f"PyVRP needs integer {name}s: scaled by {scale:g}, a {name} of {reference:g} "
            f"is rounded by up to {100 * error:.3g} %",
            PyvrpPrecisionWarning,
            stacklevel=3,
        )
    return scale


def to_int(value: float, scale: float, rounding: Callable[[float], int] = round) -> int:
    """``value`` in integer units, by ``rounding`` (infinite -> PyVRP's "no limit")."""
    if not math.isfinite(value):
        return _UNBOUNDED
    return min(_UNBOUNDED, rounding(value * scale))


def _up(scaled: float) -> int:
    """Rounded up (travel, service, opening times): with times rounded to the nearest unit a
    schedule could arrive before its travel allows, or after a window closes, by up to half
    a unit a leg."""
    return math.ceil(scaled - _SNAP)


def _down(scaled: float) -> int:
    """Rounded down (closing times, shift ends, duration limits)."""
    return math.floor(scaled + _SNAP)


def stopping_criterion(
    *,
    time_limit_s: float,
    work_limit: int | None,
    progress: Callable[[float], None] | None,
    cost_divisor: float,
) -> StoppingCriterion:
    """Stop at the time limit or after ``work_limit``, reporting each new best cost (in
    model units) to ``progress``. The work limit alone decides when it is given, so the plan
    does not depend on the machine's speed."""
    inner: StoppingCriterion = (
        MaxIterations(work_limit) if work_limit is not None else MaxRuntime(time_limit_s)
    )
    if work_limit is not None:
        inner = MultipleCriteria([inner, MaxRuntime(max(time_limit_s, 1.0) * 20)])
    if progress is None:
        return inner
    return _Reporting(inner, progress, cost_divisor)


class _Reporting:
    """A stopping criterion that forwards every improvement of the best cost to a callback."""

    def __init__(
        self, inner: StoppingCriterion, progress: Callable[[float], None], cost_divisor: float
    ) -> None:
        self._inner = inner
        self._progress = progress
        self._divisor = cost_divisor
        self._best: float = math.inf

    def __call__(self, best_cost: int) -> bool:
        # PyVRP passes int64 max while the best solution is still infeasible.
        if best_cost < min(self._best, _INFEASIBLE):
            self._best = best_cost
            self._progress(best_cost / self._divisor)
        return bool(self._inner(best_cost))


@dataclass(frozen=True)
class VehicleInputs:
    """One vehicle type in PyVRP's terms, in model units (costs per model distance/time unit)."""

    count: int
    capacity: tuple[float, ...]
    start: int
    end: int
    fixed_cost: float
    cost_per_distance: float
    cost_per_duration: float = 0.0
    shift_early: float = 0.0
    shift_late: float = math.inf
    max_duration: float = math.inf
    max_distance: float = math.inf
    reload_depots: tuple[int, ...] = ()
    max_reloads: int | None = None
    profile: int = 0


@dataclass(frozen=True)
class PyvrpInputs:
    """A routing problem reduced to what PyVRP models; node indices index the matrices.

    ``delivery``/``pickup`` are (client x dimension); ``prize`` is NaN for a required client;
    ``durations`` holds one travel-time matrix per profile (vehicle speed).
    """

    distance: FloatArray
    durations: tuple[FloatArray, ...]
    depots: tuple[int, ...]
    clients: tuple[int, ...]
    delivery: FloatArray
    pickup: FloatArray
    service: FloatArray
    tw_early: FloatArray
    tw_late: FloatArray
    prize: FloatArray
    vehicles: tuple[VehicleInputs, ...]


@dataclass(frozen=True)
class PyvrpRoute:
    """A route of the solution: vehicle type index, the node sequence from the start depot to
    the end depot (reload depots in between), and when each visit starts and ends (model
    time units; at a depot: arrival and departure)."""

    vehicle_type: int
    nodes: tuple[int, ...]
    starts: tuple[float, ...]
    ends: tuple[float, ...]


def choose_scale(inputs: PyvrpInputs) -> Scale:
    """Integer units for distance, duration, each load dimension and cost."""
    distance = integer_scale(inputs.distance, limit=_ARC_LIMIT, name="distance")
    times = [
        *(matrix.reshape(-1) for matrix in inputs.durations),
        inputs.service,
        inputs.tw_early,
        inputs.tw_late,
        [v.max_duration for v in inputs.vehicles],
        [v.shift_early for v in inputs.vehicles],
        [v.shift_late for v in inputs.vehicles],
    ]
    duration = integer_scale(
        np.concatenate([np.asarray(t, float) for t in times]), limit=_ARC_LIMIT, name="duration"
    )
    dims = inputs.delivery.shape[1]
    load = tuple(
        integer_scale(
            np.concatenate(
                [
                    inputs.delivery[:, d],
                    inputs.pickup[:, d],
                    [v.capacity[d] for v in inputs.vehicles],
                ]
            ),
            limit=_LOAD_LIMIT,
            name=f"load (dimension {d})",
            each=True,
        )
        for d in range(dims)
    )
    per_unit = [v.cost_per_distance / distance for v in inputs.vehicles]
    per_unit += [v.cost_per_duration / duration for v in inputs.vehicles]
    money = [v.fixed_cost for v in inputs.vehicles] + list(inputs.prize[np.isfinite(inputs.prize)])
    # Per-unit rates and lump sums differ by orders of magnitude: each must come out precise.
    cost = max(
        integer_scale(
            per_unit, limit=_ARC_LIMIT, name="cost rate", each=True, max_exponent=_MAX_COST_EXPONENT
        ),
        integer_scale(money, limit=_ARC_LIMIT, name="cost"),
    )
    return Scale(distance=distance, duration=duration, cost=cost, load=load)


def build_data(inputs: PyvrpInputs, scale: Scale) -> ProblemData:
    """PyVRP problem data: every node is a location; depots and clients refer to them."""
    depot_of = {node: k for k, node in enumerate(inputs.depots)}
    depots = [
        Depot(node, *_window(inputs.tw_early[node], inputs.tw_late[node], scale.duration))
        for node in inputs.depots
    ]
    clients = [_client(inputs, k, node, scale) for k, node in enumerate(inputs.clients)]
    vehicle_types = [_vehicle_type(v, depot_of, scale) for v in inputs.vehicles]
    distance = _int_matrix(inputs.distance, scale.distance)
    durations = [_int_matrix(matrix, scale.duration, up=True) for matrix in inputs.durations]
    locations = [Location(0.0, 0.0) for _ in range(len(inputs.distance))]
    return ProblemData(
        locations, clients, depots, vehicle_types, [distance] * len(durations), durations
    )


def _int_matrix(matrix: FloatArray, scale: float, *, up: bool = False) -> Any:
    """A matrix in integer units, to the nearest or (``up``, for travel times) rounded up;
    missing connections (inf) cost PyVRP's "no limit"."""
    finite = np.isfinite(matrix)
    scaled = np.where(finite, matrix, 0.0) * scale
    whole = np.ceil(scaled - _SNAP) if up else np.rint(scaled)
    return np.minimum(np.where(finite, whole, _UNBOUNDED), _UNBOUNDED).astype(np.int64)


def _window(early: float, late: float, scale: float) -> tuple[int, int]:
    """A time window in integer units, shrunk to whole units (never empty)."""
    start = to_int(early, scale, _up)
    return start, max(start, to_int(late, scale, _down))


def _client(inputs: PyvrpInputs, k: int, node: int, scale: Scale) -> Client:
    prize = float(inputs.prize[k])
    early, late = _window(inputs.tw_early[node], inputs.tw_late[node], scale.duration)
    return Client(
        node,
        delivery=[round(q * s) for q, s in zip(inputs.delivery[k], scale.load, strict=True)],
        pickup=[round(q * s) for q, s in zip(inputs.pickup[k], scale.load, strict=True)],
        service_duration=to_int(inputs.service[node], scale.duration, _up),
        tw_early=early,
        tw_late=late,
        prize=0 if math.isnan(prize) else to_int(prize, scale.cost),
        required=math.isnan(prize),
    )


def _vehicle_type(v: VehicleInputs, depot_of: dict[int, int], scale: Scale) -> VehicleType:
    optional: dict[str, object] = {}
    if v.max_reloads is not None:
        optional["max_reloads"] = v.max_reloads
    early, late = _window(v.shift_early, v.shift_late, scale.duration)
    return VehicleType(
        num_available=v.count,
        capacity=[round(q * s) for q, s in zip(v.capacity, scale.load, strict=True)],
        start_depot=depot_of[v.start],
        end_depot=depot_of[v.end],
        fixed_cost=to_int(v.fixed_cost, scale.cost),
        tw_early=early,
        tw_late=late,
        shift_duration=to_int(v.max_duration, scale.duration, _down),
        max_distance=to_int(v.max_distance, scale.distance),
        unit_distance_cost=round(v.cost_per_distance / scale.distance * scale.cost),
        unit_duration_cost=round(v.cost_per_duration / scale.duration * scale.cost),
        reload_depots=[depot_of[d] for d in v.reload_depots],
        profile=v.profile,
        **optional,  # type: ignore[arg-type]
    )


def solve_params(data: ProblemData) -> SolveParams:
    """PyVRP's defaults with the penalty bound raised in proportion to the cost of a typical
    arc (PyVRP's defaults suit arcs costing about a thousand units), so that excess load and
    time warp stay dearer than any detour whatever the scaling."""
    distance = np.asarray(data.distance_matrix(0))
    typical_arc = float(np.median(distance[distance > 0])) if (distance > 0).any() else 1.0
    unit = float(np.median([vt.unit_distance_cost for vt in data.vehicle_types()]))
    factor = max(1.0, typical_arc * max(unit, 1.0) / 1000.0)
    return SolveParams(penalty=PenaltyParams(max_penalty=_BASE_MAX_PENALTY * factor))


def run_pyvrp(
    inputs: PyvrpInputs,
    *,
    time_limit_s: float,
    seed: int,
    work_limit: int | None = None,
    progress: Callable[[float], None] | None = None,
) -> tuple[list[PyvrpRoute], bool, float]:
    """Solve ``inputs`` with PyVRP: the routes of the best solution, whether it is feasible,
    and its cost in model units."""
    scale = choose_scale(inputs)
    data = build_data(inputs, scale)
    stop = stopping_criterion(
        time_limit_s=time_limit_s,
        work_limit=work_limit,
        progress=progress,
        cost_divisor=scale.cost,
    )
    result = pyvrp_solve(data, stop, seed=seed, collect_stats=False, params=solve_params(data))
    best: Solution = result.best
    routes = routes_of(best, inputs, scale)
    return routes, bool(best.is_feasible()), float(result.cost()) / scale.cost


def routes_of(solution: Solution, inputs: PyvrpInputs, scale: Scale) -> list[PyvrpRoute]:
    """Node sequences and schedules of a PyVRP solution (activities index clients/depots)."""
    routes = []
    for route in solution.routes():
        visits = list(route)
        nodes = tuple(
            inputs.clients[visit.idx] if visit.is_client() else inputs.depots[visit.idx]
            for visit in visits
        )
        routes.append(
            PyvrpRoute(
                vehicle_type=int(route.vehicle_type()),
                nodes=nodes,
                starts=tuple(visit.start_time / scale.duration for visit in visits),
                ends=tuple(visit.end_time / scale.duration for visit in visits),
            )
        )
    return routes


def check_pyvrp_supports(problem: RoutingProblem) -> None:
    """Raise :class:`PyvrpUnsupportedError` naming every feature of ``problem`` PyVRP lacks."""
    missing = []
    if problem.fare_yuan is not None and np.any(np.nan_to_num(problem.fare_yuan) != 0):
        missing.append("fares on arcs (ferries)")
    for vt in problem.fleet:
        where = f"vehicle type {vt.name!r}"
        if vt.driver_break is not None:
            missing.append(f"{where}: driver breaks")
        if vt.max_trips > 1 and vt.reload_min > 0:
            missing.append(f"{where}: reload time between trips")
        if vt.count < problem.n and len(vt.depots) != 1 and len(problem.depots) > 1:
            missing.append(f"{where}: a limited count shared between several depots")
    if missing:
        raise PyvrpUnsupportedError("not supported by pyvrp: " + "; ".join(missing))


def solve_pyvrp(
    problem: RoutingProblem,
    *,
    time_limit_s: float,
    seed: int,
    work_limit: int | None = None,
    progress: Callable[[float], None] | None = None,
) -> Plan:
    """Solve ``problem`` with PyVRP within ``time_limit_s`` (or exactly ``work_limit``
    iterations, for a reproducible plan). Clients no vehicle could serve alone are left out
    with their reason; optional clients (finite penalty) are prizes PyVRP may forgo.

    Raises :class:`PyvrpUnsupportedError` for features PyVRP lacks (see
    :func:`check_pyvrp_supports`) and :class:`PyvrpInfeasibleError` if PyVRP finds no plan
    serving every mandatory client."""
    check_pyvrp_supports(problem)
    started = time.perf_counter()
    screened = unservable_clients(problem)
    skipped = {u.node for u in screened}
    inputs, vehicle_of = pyvrp_inputs(problem, [c for c in problem.clients if c not in skipped])
    if not inputs.clients or not inputs.vehicles:
        unserved = [*screened, *diagnose_unserved(problem, inputs.clients)]
        return costed_plan(problem, [], unserved, engine="pyvrp", started=started)
    routes, feasible, _ = run_pyvrp(
        inputs,
        time_limit_s=time_limit_s,
        seed=seed,
        work_limit=work_limit,
        progress=progress,
    )
    if not feasible:
        raise PyvrpInfeasibleError(
            "pyvrp found no plan serving every mandatory client within its limits"
        )
    plan_routes = _plan_routes(routes, vehicle_of, frozenset(problem.depots))
    served = {stop for route in plan_routes for stop in route.stops}
    dropped = diagnose_unserved(problem, [c for c in inputs.clients if c not in served])
    return costed_plan(problem, plan_routes, [*screened, *dropped], engine="pyvrp", started=started)


def pyvrp_inputs(problem: RoutingProblem, clients: Sequence[int]) -> tuple[PyvrpInputs, list[int]]:
    """The PyVRP view of ``problem`` restricted to ``clients``, and for each PyVRP vehicle type
    the index of the model's vehicle type it stands for (one per allowed depot)."""
    speeds = sorted({vt.speed_factor for vt in problem.fleet})
    vehicles: list[VehicleInputs] = []
    vehicle_of: list[int] = []
    for k, vt in enumerate(problem.fleet):
        for depot in problem.depots_of(k):
            if vt.count == 0:
                continue
            vehicles.append(_vehicle_inputs(vt, depot, speeds.index(vt.speed_factor)))
            vehicle_of.append(k)
    chosen = list(clients)
    penalty = problem.penalty_yuan[chosen]
    inputs = PyvrpInputs(
        distance=problem.distance_m,
        durations=tuple(problem.duration_s * speed for speed in speeds),
        depots=problem.depots,
        clients=tuple(chosen),
        delivery=problem.delivery[chosen],
        pickup=problem.pickup[chosen],
        service=problem.service_s,
        tw_early=problem.tw_early_s,
        tw_late=problem.tw_late_s,
        prize=np.where(np.isfinite(penalty), penalty, np.nan),
        vehicles=tuple(vehicles),
    )
    return inputs, vehicle_of


def _vehicle_inputs(vt: ModelVehicleType, depot: int, profile: int) -> VehicleInputs:
    return VehicleInputs(
        count=vt.count,
        capacity=vt.capacity,
        start=depot,
        end=depot,
        fixed_cost=vt.fixed_cost_yuan,
        cost_per_distance=vt.cost_per_km_yuan / 1000.0,
        cost_per_duration=vt.cost_per_hour_yuan / 3600.0,
        shift_early=vt.shift_start_min * 60.0,
        shift_late=vt.shift_end_min * 60.0,
        max_duration=vt.max_duration_min * 60.0,
        max_distance=vt.max_distance_km * 1000.0,
        reload_depots=(depot,) if vt.max_trips > 1 else (),
        max_reloads=vt.max_trips - 1 if vt.max_trips > 1 else None,
        profile=profile,
    )


def _plan_routes(
    routes: list[PyvrpRoute], vehicle_of: list[int], depots: frozenset[int]
) -> list[Route]:
    """Model routes from PyVRP's, numbering vehicles within each model type; a depot visit in
    the middle of a route closes one trip and starts the next."""
    numbered: dict[int, int] = {}
    plan = []
    for route in routes:
        k = vehicle_of[route.vehicle_type]
        numbered[k] = numbered.get(k, -1) + 1
        depot_positions = [0, *(i for i, node in enumerate(route.nodes) if i and node in depots)]
        trips = []
        for begin, finish in pairwise(depot_positions):
            inner = range(begin + 1, finish)
            if not inner:
                continue
            trips.append(
                Trip(
                    stops=tuple(route.nodes[i] for i in inner),
                    arrivals_s=tuple(route.starts[i] for i in inner),
                    start_s=route.ends[begin],
                    end_s=route.starts[finish],
                )
            )
        plan.append(Route(k, numbered[k], route.nodes[0], tuple(trips)))
    return plan
