"""Solve a :class:`RoutingProblem` with the OR-Tools routing library.

Modelling choices (integer data: metres, seconds, cost in 1/10,000 yuan, see ``COST_SCALE``;
travel and service times rounded up to whole seconds, so every schedule is feasible in the
problem's own times):

* one OR-Tools vehicle per *trip*: a physical vehicle with ``max_trips`` rounds is ``max_trips``
  OR-Tools vehicles chained in time (round j+1 leaves after round j is back plus the reload
  time, and only if round j ran); fixed cost on the first round; the working day (first
  departure to last return) within ``max_duration_min`` and the distance of all rounds within
  ``max_distance_km``;
* simultaneous delivery and pickup: per load dimension a "delivered" dimension (down parcels
  dropped so far, starting at 0) and a "load" dimension whose start equals the trip's total
  down parcels and which changes by ``pickup - delivery`` at each stop, bounded by the capacity
  at every node;
* a driver's break: an OR-Tools break interval on the first round; a break taken after the
  first round ends must end before the second round starts (it is taken at the depot);
* every client is a disjunction: its penalty if optional, ``MANDATORY_PENALTY`` if not, so the
  solver always returns; clients no vehicle could serve alone are screened out first with
  their reason (capacity, too far, time window);
* a vehicle type counted over several depots gets ``count`` vehicles at each depot and a
  constraint that at most ``count`` of them leave.

OR-Tools' local search is deterministic: with ``work_limit`` the plan does not depend on the
machine's speed (the time limit stays as a safety net). ``seed`` permutes the order of the
vehicles, which changes the search path.
"""

from __future__ import annotations

import itertools
import math
import time
from collections.abc import Callable
from dataclasses import dataclass, replace

import numpy as np
from ortools.constraint_solver import pywrapcp, routing_enums_pb2, routing_ils_pb2

from network.errors import InputError
from network.texts import Message
from routing.cost import costed_plan
from routing.diagnose import diagnose_unserved, unservable_clients
from routing.model import Plan, Route, RoutingProblem, Trip, VehicleType

#: Integer cost units per yuan in the OR-Tools objective.
COST_SCALE = 10_000
#: Objective units for leaving a mandatory client unserved (far above any route cost).
MANDATORY_PENALTY = 10**13
#: Share of the time limit the configured first-solution strategy may take before the
#: engine falls back to starting from an empty plan.
FIRST_SHARE = 0.3
#: Largest capacity handed to OR-Tools (an unlimited capacity is this).
LOAD_CAP = 10**15
#: Operators the iterated local search's descent leaves out unless ``operators_on`` names them:
#: the cheapest-insertion LNS, chain and sub-trip operators, and the pickup-and-delivery pair
#: operators (this model has no pairs). On six X instances of n = 213-297 (20 s) they made each
#: descent so slow that the mean gap was 7.0 % with them against 4.1 % without.
ILS_OPERATORS_OFF = (
    "use_global_cheapest_insertion_path_lns",
    "use_local_cheapest_insertion_path_lns",
    "use_relocate_path_global_cheapest_insertion_insert_unperformed",
    "use_global_cheapest_insertion_visit_types_lns",
    "use_local_cheapest_insertion_visit_types_lns",
    "use_relocate_expensive_chain",
    "use_exchange_subtrip",
    "use_relocate_subtrip",
    "use_make_chain_inactive",
    "use_swap_active_chain",
    "use_shortest_path_swap_active",
    "use_shortest_path_two_opt",
    "use_exchange_pair",
    "use_relocate_pair",
    "use_light_relocate_pair",
)
#: Latest time of any cumul (two days, so late shifts still fit).
HORIZON_S = 2 * 24 * 3600


@dataclass(frozen=True)
class OrtoolsParams:
    """Search strategy: names of OR-Tools enums and local-search switches.

    Attributes:
        first_solution_strategy: a ``FirstSolutionStrategy`` name, e.g. "SAVINGS".
        local_search_metaheuristic: a ``LocalSearchMetaheuristic`` name.
        operators_off: local-search operators to switch off, e.g. ("use_lin_kernighan",).
        operators_on: operators to switch on (some are off by default).
        neighbours: neighbours per node for the operators (0 = OR-Tools' default, all).
        guided_local_search_lambda: GLS penalty factor (None = OR-Tools' default).
        use_full_propagation: stronger but slower constraint propagation.
        iterated_local_search: OR-Tools' iterated local search instead of the metaheuristic:
            ruin a few strings of neighbouring visits (SISR), recreate by cheapest insertion,
            descend with the local-search operators, accept by simulated annealing (automatic
            temperatures); the descent without :data:`ILS_OPERATORS_OFF`. OR-Tools' ILS
            starts from the strategy's first solution only: a problem that needs the
            engine's own start (pickups, several rounds), or whose strategy finds none,
            runs ``fallback`` instead.
        ruin_visits: mean number of visits each ruin removes (ILS).
        ruin_sequence: longest string of consecutive visits a ruin removes (ILS).
        fallback: the parameters to use where the ILS cannot run (None: these, without it).
    """

    first_solution_strategy: str = "SAVINGS"
    local_search_metaheuristic: str = "GUIDED_LOCAL_SEARCH"
    operators_off: tuple[str, ...] = ()
    operators_on: tuple[str, ...] = ()
    neighbours: int = 0
    guided_local_search_lambda: float | None = None
    use_full_propagation: bool = False
    iterated_local_search: bool = False
    ruin_visits: int = 10
    ruin_sequence: int = 10
    fallback: OrtoolsParams | None = None

    def __post_init__(self) -> None:
        """Check every name and number now, in the caller's process, not at solve time
        inside a worker process (``InputError`` naming the parameter)."""
        if self.neighbours < 0:
            raise InputError(Message("neighbours must be >= 0"), field="neighbours")
        if self.ruin_visits < 1 or self.ruin_sequence < 1:
            raise InputError(
                Message("ruin_visits and ruin_sequence must be >= 1"), field="ruin_visits"
            )
        _search_parameters(self, 1.0, None)

    def without_iterated_local_search(self) -> OrtoolsParams:
        """The parameters for a search that cannot run the ILS: ``fallback`` if set."""
        if not self.iterated_local_search:
            return self
        return self.fallback or replace(self, iterated_local_search=False)


@dataclass(frozen=True)
class _Vehicle:
    """One OR-Tools vehicle: a trip of physical vehicle ``number`` of type ``vt`` at ``depot``."""

    vt: int
    number: int
    depot: int
    trip: int


def solve_ortools(
    problem: RoutingProblem,
    *,
    time_limit_s: float,
    seed: int,
    work_limit: int | None = None,
    params: OrtoolsParams | None = None,
    progress: Callable[[float], None] | None = None,
) -> Plan:
    """Solve ``problem`` within ``time_limit_s`` (or after ``work_limit`` improving
    solutions, for a reproducible plan); ``progress`` gets the best objective (yuan) so far."""
    if time_limit_s <= 0:
        raise InputError(Message("time_limit_s must be > 0"), field="time_limit_s")
    started = time.perf_counter()
    screened = list(unservable_clients(problem))
    skipped = {u.node for u in screened}
    clients = [c for c in problem.clients if c not in skipped]
    vehicles = _vehicles(problem, seed)
    if not clients or not vehicles:
        return costed_plan(
            problem,
            [],
            [*screened, *diagnose_unserved(problem, clients)],
            engine="ortools",
            started=started,
        )
    model = _Model(problem, clients, vehicles)
    if progress is not None:
        model.report_best(progress)
    deadline = started + time_limit_s - 0.05
    params = params or OrtoolsParams()
    start_routes = None
    if np.any(problem.pickup[clients] > 0) or any(vt.max_trips > 1 for vt in problem.fleet):
        params = params.without_iterated_local_search()
        relaxed = _Model(problem, clients, vehicles, relaxed=True)
        start_routes = relaxed.first_routes(params, deadline)
    solution = _search(model.routing, params, deadline, work_limit, start_routes)
    routes = [] if solution is None else model.routes(solution)
    served = {s for r in routes for s in r.stops}
    dropped = diagnose_unserved(problem, [c for c in clients if c not in served])
    return costed_plan(problem, routes, [*screened, *dropped], engine="ortools", started=started)


def _search(
    routing: pywrapcp.RoutingModel,
    params: OrtoolsParams,
    deadline: float,
    work_limit: int | None,
    start_routes: list[list[int]] | None = None,
) -> pywrapcp.Assignment | None:
    """A first solution: ``start_routes`` (OR-Tools indices per vehicle) if given, else by
    ``params``' strategy, or, if that strategy fails on the side constraints (e.g. chained
    rounds with pickups), with every client unperformed; then the local search from it until
    ``deadline`` (``time.perf_counter()``) or ``work_limit``."""

    def left_s() -> float:
        return max(0.05, deadline - time.perf_counter())

    if params.iterated_local_search:
        found = routing.SolveWithIteratedLocalSearch(
            _search_parameters(params, left_s(), work_limit)
        )
        if found is not None:
            return found
        params = params.without_iterated_local_search()  # the strategy found no start
    first = None
    if start_routes is not None:
        routing.CloseModelWithParameters(_search_parameters(params, left_s(), work_limit))
        first = routing.ReadAssignmentFromRoutes(start_routes, True)
    if first is None:
        first = routing.SolveWithParameters(_search_parameters(params, left_s() * FIRST_SHARE, 1))
    if first is None:
        empty = replace(params, first_solution_strategy="ALL_UNPERFORMED")
        first = routing.SolveWithParameters(_search_parameters(empty, left_s(), 1))
    if first is None:
        return None
    search = _search_parameters(params, left_s(), work_limit)
    return routing.SolveFromAssignmentWithParameters(first, search) or first


def _vehicles(problem: RoutingProblem, seed: int) -> list[_Vehicle]:
    """Every trip of every physical vehicle, physical vehicles in an order set by ``seed``."""
    physical = []
    for k, vt in enumerate(problem.fleet):
        count = min(vt.count, len(problem.clients))
        for depot in problem.depots_of(k):
            physical += [(k, number, depot) for number in range(count)]
    if seed:
        order = np.random.default_rng(seed).permutation(len(physical))
        physical = [physical[i] for i in order]
    return [
        _Vehicle(k, number, depot, trip)
        for k, number, depot in physical
        for trip in range(problem.fleet[k].max_trips)
    ]


def _search_parameters(
    params: OrtoolsParams, time_limit_s: float, work_limit: int | None
) -> pywrapcp.RoutingSearchParameters:
    search = pywrapcp.DefaultRoutingSearchParameters()
    try:
        search.first_solution_strategy = getattr(
            routing_enums_pb2.FirstSolutionStrategy, params.first_solution_strategy
        )
        search.local_search_metaheuristic = getattr(
            routing_enums_pb2.LocalSearchMetaheuristic, params.local_search_metaheuristic
        )
    except AttributeError as error:
        raise InputError(
            Message("unknown OR-Tools strategy: {error}", error=error), field="params"
        ) from error
    true, false = 3, 2  # OptionalBoolean BOOL_TRUE / BOOL_FALSE
    off = params.operators_off
    if params.iterated_local_search:
        off = (*ILS_OPERATORS_OFF, *off)
    for name, value in [(n, false) for n in off] + [(n, true) for n in params.operators_on]:
        if not hasattr(search.local_search_operators, name):
            raise InputError(
                Message("unknown OR-Tools operator {name!r}", name=name), field="params"
            )
        setattr(search.local_search_operators, name, value)
    if params.neighbours:
        # OR-Tools takes max(min_neighbors, ratio x nodes) and rejects a ratio of 0.
        search.ls_operator_min_neighbors = params.neighbours
        search.ls_operator_neighbors_ratio = 1e-9
    if params.guided_local_search_lambda is not None:
        search.guided_local_search_lambda_coefficient = params.guided_local_search_lambda
    search.use_full_propagation = params.use_full_propagation
    if params.iterated_local_search:
        _iterated_local_search(search, params)
    search.time_limit.FromMilliseconds(max(1, int(time_limit_s * 1000)))
    if work_limit is not None:
        search.solution_limit = work_limit
    # An invalid set makes OR-Tools return no solution at all, which would read as "every
    # client dropped": refuse it instead.
    if rejected := pywrapcp.FindErrorInRoutingSearchParameters(search):
        raise InputError(
            Message("OR-Tools rejects the search parameters: {rejected}", rejected=rejected),
            field="params",
        )
    return search


def _iterated_local_search(search: pywrapcp.RoutingSearchParameters, params: OrtoolsParams) -> None:
    """Set ``search`` up for OR-Tools' iterated local search (see :class:`OrtoolsParams`)."""
    search.use_iterated_local_search = True
    # each perturbed solution descends to its local optimum; the annealing does the rest
    search.local_search_metaheuristic = routing_enums_pb2.LocalSearchMetaheuristic.GREEDY_DESCENT
    ils = search.iterated_local_search_parameters
    ils.perturbation_strategy = routing_ils_pb2.PerturbationStrategy.RUIN_AND_RECREATE
    ruin_recreate = ils.ruin_recreate_parameters
    del ruin_recreate.ruin_strategies[:]
    sisr = ruin_recreate.ruin_strategies.add().sisr
    sisr.avg_num_removed_visits = params.ruin_visits
    sisr.max_removed_sequence_size = params.ruin_sequence
    sisr.bypass_factor = 0.01
    ruin_recreate.recreate_strategy.heuristic = (
        routing_enums_pb2.FirstSolutionStrategy.LOCAL_CHEAPEST_INSERTION
    )
    ils.improve_perturbed_solution = True
    annealing = ils.reference_solution_acceptance_strategy.simulated_annealing
    annealing.cooling_schedule_strategy = routing_ils_pb2.CoolingScheduleStrategy.EXPONENTIAL
    annealing.automatic_temperatures = True
    ils.best_solution_acceptance_strategy.greedy_descent.SetInParent()


class _Model:
    """The OR-Tools model of a problem restricted to ``clients`` (see the module docstring)."""

    def __init__(
        self,
        problem: RoutingProblem,
        clients: list[int],
        vehicles: list[_Vehicle],
        *,
        relaxed: bool = False,
    ) -> None:
        self.problem = problem
        self.relaxed = relaxed
        self.vehicles = vehicles
        self.nodes = [*problem.depots, *clients]  # OR-Tools node -> problem node
        node_of = {node: i for i, node in enumerate(self.nodes)}
        starts = [node_of[v.depot] for v in vehicles]
        self.manager = pywrapcp.RoutingIndexManager(len(self.nodes), len(vehicles), starts, starts)
        self.routing = pywrapcp.RoutingModel(self.manager)
        self._callbacks: list[object] = []  # OR-Tools keeps raw pointers: keep them alive
        self._costs()
        self.time = self._time()
        self._loads()
        self._distance_limits()
        self._chain_trips()
        self._breaks()
        self._counts()
        for i, node in enumerate(self.nodes[len(problem.depots) :], len(problem.depots)):
            penalty = problem.penalty_yuan[node]
            cost = round(penalty * COST_SCALE) if math.isfinite(penalty) else MANDATORY_PENALTY
            self.routing.AddDisjunction([self.manager.NodeToIndex(i)], min(cost, MANDATORY_PENALTY))

    def first_routes(self, params: OrtoolsParams, deadline: float) -> list[list[int]] | None:
        """Routes (OR-Tools indices per vehicle) of a first solution of this (relaxed)
        model, found with ``params``' strategy within a share of the time left; each
        vehicle's used rounds moved to its first rounds, as the full model orders them."""
        left_s = max(0.05, deadline - time.perf_counter()) * FIRST_SHARE
        first = self.routing.SolveWithParameters(_search_parameters(params, left_s, 1))
        if first is None:
            return None
        routes: list[list[int]] = [[] for _ in self.vehicles]
        for group in self._physical():
            used = [r for r in (self._indices(first, v) for v in group) if r]
            for v, route in zip(group, used, strict=False):  # used rounds first, in order
                routes[v] = route
        return routes

    def _indices(self, solution: pywrapcp.Assignment, v: int) -> list[int]:
        index = solution.Value(self.routing.NextVar(self.routing.Start(v)))
        route = []
        while not self.routing.IsEnd(index):
            route.append(index)
            index = solution.Value(self.routing.NextVar(index))
        return route

    def report_best(self, progress: Callable[[float], None]) -> None:
        """Call ``progress`` with the objective (yuan) whenever the search finds a better one
        (guided local search also reports the worse solutions it moves through)."""
        best = [math.inf]
        routing = self.routing  # its cost variable exists once the model is closed

        def found() -> None:
            value = routing.CostVar().Value() / COST_SCALE
            if value < best[0]:
                best[0] = value
                progress(value)

        self._callbacks.append(found)
        self.routing.AddAtSolutionCallback(found)

    def _node(self, index: int) -> int:
        return int(self.nodes[self.manager.IndexToNode(index)])

    def _costs(self) -> None:
        p = self.problem
        fares = p.fare_yuan if p.fare_yuan is not None else np.zeros_like(p.distance_m)
        finite = np.where(np.isfinite(p.distance_m), p.distance_m, 1e9)
        by_rate: dict[tuple[float, float, float], int] = {}
        for v, vehicle in enumerate(self.vehicles):
            vt = p.fleet[vehicle.vt]
            hourly = vt.cost_per_hour_yuan if _hours_on_arcs(vt) else 0.0
            rate = (vt.cost_per_km_yuan, hourly, vt.speed_factor)
            if rate not in by_rate:
                yuan = finite * rate[0] / 1000.0 + fares
                if hourly:
                    yuan = yuan + hourly * self._work_s(vt.speed_factor) / 3600.0
                by_rate[rate] = self._register(np.rint(yuan * COST_SCALE).astype(np.int64))
            self.routing.SetArcCostEvaluatorOfVehicle(by_rate[rate], v)
            if vehicle.trip == 0 or self.relaxed:  # relaxed: rounds are not ordered
                self.routing.SetFixedCostOfVehicle(round(vt.fixed_cost_yuan * COST_SCALE), v)

    def _work_s(self, speed_factor: float) -> np.ndarray:
        """Seconds of an arc: travel x speed factor plus the service at the node left."""
        p = self.problem
        duration = np.where(np.isfinite(p.duration_s), p.duration_s, HORIZON_S)
        service = np.where([p.is_depot(i) for i in range(p.n)], 0.0, p.service_s)
        return np.asarray(duration * speed_factor + service[:, None])

    def _register(self, matrix: np.ndarray) -> int:
        """An arc evaluator from a (problem node x problem node) matrix, held by OR-Tools in
        C++ (no Python call per arc: several times more local-search moves per second)."""
        rows = matrix[np.ix_(self.nodes, self.nodes)].astype(np.int64).tolist()
        return int(self.routing.RegisterTransitMatrix(rows))

    def _time(self) -> pywrapcp.RoutingDimension:
        """Travel (x speed factor) plus service at the node left; waiting is slack."""
        p = self.problem
        callbacks: dict[float, int] = {}
        transit = []
        for vehicle in self.vehicles:
            speed = p.fleet[vehicle.vt].speed_factor
            if speed not in callbacks:
                seconds = _ceil_seconds(self._work_s(speed))
                callbacks[speed] = self._register(np.minimum(seconds, HORIZON_S))
            transit.append(callbacks[speed])
        self.routing.AddDimensionWithVehicleTransits(transit, HORIZON_S, HORIZON_S, False, "time")
        dim = self.routing.GetDimensionOrDie("time")
        for i, node in enumerate(self.nodes):
            if not p.is_depot(node):
                late = min(p.tw_late_s[node], HORIZON_S)
                dim.CumulVar(self.manager.NodeToIndex(i)).SetRange(
                    math.ceil(p.tw_early_s[node]), int(late)
                )
        for v, vehicle in enumerate(self.vehicles):
            vt = p.fleet[vehicle.vt]
            early = math.ceil(max(vt.shift_start_min * 60, p.tw_early_s[vehicle.depot]))
            late = int(min(vt.shift_end_min * 60, p.tw_late_s[vehicle.depot], HORIZON_S))
            dim.CumulVar(self.routing.Start(v)).SetRange(early, late)
            dim.CumulVar(self.routing.End(v)).SetRange(early, late)
            if vt.cost_per_hour_yuan and not _hours_on_arcs(vt):
                dim.SetSpanCostCoefficientForVehicle(
                    round(vt.cost_per_hour_yuan * COST_SCALE / 3600), v
                )
        # arrival times are read from the solution: keep every cumul in it
        for index in range(self.routing.Size() + len(self.vehicles)):
            self.routing.AddToAssignment(dim.CumulVar(index))
        return dim

    def _loads(self) -> None:
        """Per load dimension: plain capacity if nothing is picked up, else load + delivered."""
        p = self.problem
        solver = self.routing.solver()
        for d, name in enumerate(p.dimensions):
            scale = _load_scale(p, d)
            capacity = [
                min(math.floor(p.fleet[v.vt].capacity[d] * scale + 1e-6), LOAD_CAP)
                for v in self.vehicles
            ]
            down = _ceil_loads(p.delivery[self.nodes, d] * scale)
            up = _ceil_loads(p.pickup[self.nodes, d] * scale)
            if self.relaxed:
                # down + up together within capacity: safe for any order, and the
                # first-solution heuristics handle it (no negative transit, no coupling)
                both = self._unary([u + w for u, w in zip(up, down, strict=True)])
                self.routing.AddDimensionWithVehicleCapacity(both, 0, capacity, True, name)
                continue
            delivered = self._unary(down)
            if not any(up):
                self.routing.AddDimensionWithVehicleCapacity(
                    delivered, 0, capacity, True, f"down_{name}"
                )
                continue
            total = int(sum(down))
            self.routing.AddDimension(delivered, 0, total, True, f"down_{name}")
            net = self._unary([u - w for u, w in zip(up, down, strict=True)])
            self.routing.AddDimensionWithVehicleCapacity(net, 0, capacity, False, f"load_{name}")
            dropped = self.routing.GetDimensionOrDie(f"down_{name}")
            load = self.routing.GetDimensionOrDie(f"load_{name}")
            for v in range(len(self.vehicles)):
                solver.Add(
                    load.CumulVar(self.routing.Start(v)) == dropped.CumulVar(self.routing.End(v))
                )

    def _unary(self, values: list[int]) -> int:
        """A node evaluator from values per OR-Tools node (held in C++)."""
        return int(self.routing.RegisterUnaryTransitVector([int(v) for v in values]))

    def _distance_limits(self) -> None:
        """All rounds of a vehicle together within its ``max_distance_km``."""
        p = self.problem
        if all(math.isinf(vt.max_distance_km) for vt in p.fleet):
            return
        finite = np.where(np.isfinite(p.distance_m), p.distance_m, 1e9)
        metres = self._register(np.rint(finite).astype(np.int64))
        self.routing.AddDimension(metres, 0, 10**9, True, "distance")
        dim = self.routing.GetDimensionOrDie("distance")
        solver = self.routing.solver()
        for group in self._physical():
            vt = p.fleet[self.vehicles[group[0]].vt]
            if math.isfinite(vt.max_distance_km):
                ends = [dim.CumulVar(self.routing.End(v)) for v in group]
                solver.Add(solver.Sum(ends) <= int(vt.max_distance_km * 1000))

    def _physical(self) -> list[list[int]]:
        """OR-Tools vehicle indices of each physical vehicle, trips in order."""
        groups: dict[tuple[int, int, int], list[int]] = {}
        for v, vehicle in enumerate(self.vehicles):
            groups.setdefault((vehicle.vt, vehicle.number, vehicle.depot), []).append(v)
        return list(groups.values())

    def _chain_trips(self) -> None:
        """Round j+1 runs only after round j, leaving after it is back plus the reload time;
        the whole day within the vehicle's ``max_duration_min``."""
        solver = self.routing.solver()
        start, end = self.routing.Start, self.routing.End
        for group in self._physical():
            vt = self.problem.fleet[self.vehicles[group[0]].vt]
            reload_s = math.ceil(vt.reload_min * 60)
            for prev, nxt in itertools.pairwise(group):
                active = self.routing.ActiveVehicleVar(nxt)
                if not self.relaxed:
                    solver.Add(active <= self.routing.ActiveVehicleVar(prev))
                solver.Add(
                    self.time.CumulVar(start(nxt))
                    >= self.time.CumulVar(end(prev)) + reload_s * active
                )
            if math.isfinite(vt.max_duration_min):
                limit = int(vt.max_duration_min * 60)
                first = self.time.CumulVar(start(group[0]))
                for v in group:
                    solver.Add(self.time.CumulVar(end(v)) - first <= limit)

    def _breaks(self) -> None:
        """The driver's break on the first round (module docstring)."""
        p = self.problem
        solver = self.routing.solver()
        service = _ceil_seconds(
            np.array([0.0 if p.is_depot(node) else p.service_s[node] for node in self.nodes])
        ).tolist()
        visits = [service[self.manager.IndexToNode(i)] for i in range(self.routing.Size())]
        visits += [0] * (self.routing.Size() + len(self.vehicles) - len(visits))
        self.break_vars: dict[int, pywrapcp.IntervalVar] = {}
        for group in self._physical():
            vt = p.fleet[self.vehicles[group[0]].vt]
            brk = vt.driver_break
            if brk is None:
                continue
            duration = math.ceil(brk.duration_min * 60)
            interval = solver.FixedDurationIntervalVar(
                int(brk.earliest_start_min * 60),
                int(brk.latest_start_min * 60),
                duration,
                False,
                f"break_{group[0]}",
            )
            self.time.SetBreakIntervalsOfVehicle([interval], group[0], visits)
            self.routing.AddIntervalToAssignment(interval)
            self.break_vars[group[0]] = interval
            if len(group) > 1:
                end0 = self.time.CumulVar(self.routing.End(group[0]))
                after = solver.IsGreaterOrEqualVar(interval.StartExpr(), end0)
                start1 = self.time.CumulVar(self.routing.Start(group[1]))
                # only a second round that runs waits for the break (an idle one may not)
                active1 = self.routing.ActiveVehicleVar(group[1])
                solver.Add(start1 >= interval.EndExpr() - HORIZON_S * (1 - after + 1 - active1))
                solver.Add(
                    start1 >= end0 + (math.ceil(vt.reload_min * 60) + duration * after) * active1
                )

    def _counts(self) -> None:
        """At most ``count`` vehicles of a type leave, over all its depots."""
        solver = self.routing.solver()
        for k, vt in enumerate(self.problem.fleet):
            if len(self.problem.depots_of(k)) <= 1:
                continue
            first = [
                self.routing.ActiveVehicleVar(v)
                for v, vehicle in enumerate(self.vehicles)
                if vehicle.vt == k and vehicle.trip == 0
            ]
            if len(first) > vt.count:
                solver.Add(solver.Sum(first) <= vt.count)

    def routes(self, solution: pywrapcp.Assignment) -> list[Route]:
        """The plan's routes: one per physical vehicle that leaves, numbered within its type."""
        routes = []
        numbers: dict[int, int] = {}
        for group in self._physical():
            trips = [t for t in (self._trip(solution, v) for v in group) if t is not None]
            if not trips:
                continue
            vehicle = self.vehicles[group[0]]
            numbers[vehicle.vt] = numbers.get(vehicle.vt, -1) + 1
            brk = self.break_vars.get(group[0])
            break_s = float(solution.StartValue(brk)) if brk is not None else None
            routes.append(
                Route(vehicle.vt, numbers[vehicle.vt], vehicle.depot, tuple(trips), break_s)
            )
        return sorted(routes, key=lambda r: (r.vehicle_type, r.vehicle))

    def _trip(self, solution: pywrapcp.Assignment, v: int) -> Trip | None:
        indices = self._indices(solution, v)
        if not indices:
            return None
        stops = tuple(self._node(i) for i in indices)
        arrivals = tuple(float(solution.Value(self.time.CumulVar(i))) for i in indices)
        start = float(solution.Value(self.time.CumulVar(self.routing.Start(v))))
        end = float(solution.Value(self.time.CumulVar(self.routing.End(v))))
        return Trip(stops, arrivals, start, end)


def _ceil_seconds(seconds: np.ndarray) -> np.ndarray:
    """Whole seconds, rounded up: a schedule in the model's integer time is then feasible in
    the problem's real times (rounding to the nearest second let a route with fractional
    travel times, e.g. Solomon's, arrive up to half a unit per leg after a window closed)."""
    return np.ceil(seconds - 1e-6).astype(np.int64)


def _hours_on_arcs(vt: VehicleType) -> bool:
    """Charge ``cost_per_hour_yuan`` on the arcs (travel + service) instead of on the span:
    with a break, a span cost makes OR-Tools schedule every move with its cumul optimizer,
    which is too slow for the first solution (100 clients: nothing within 8 s). The plan is
    still costed by the shared rule (waiting time included)."""
    return vt.driver_break is not None and vt.cost_per_hour_yuan > 0


def _load_scale(problem: RoutingProblem, d: int) -> int:
    """Integer units per load unit of dimension ``d``: 1 if every load and capacity is whole,
    else 1,000 (loads rounded up and capacities down, so a plan is never over capacity)."""
    values = np.concatenate(
        [
            problem.delivery[:, d],
            problem.pickup[:, d],
            [vt.capacity[d] for vt in problem.fleet if math.isfinite(vt.capacity[d])],
        ]
    )
    return 1 if np.all(values == np.round(values)) else 1000


def _ceil_loads(values: np.ndarray) -> list[int]:
    return [int(v) for v in np.ceil(values - 1e-6).astype(np.int64)]
