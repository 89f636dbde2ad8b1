"""Read the shared benchmark instances and cost solutions in each class's convention.

Each class of ``../shared/benchmarks/instances`` (see the README there) is read into one
neutral :class:`Instance`: the matrix the convention counts, the travel times a feasible plan
must respect, demands, windows, depots and vehicle types. :func:`convention_cost` re-costs a
list of routes exactly as the class's best-known solutions are costed, so the gap is exact.
"""

from __future__ import annotations

import csv
import itertools
import math
import re
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import numpy.typing as npt
import vrplib

from network import InputError
from routing.model import Plan, RoutingProblem, VehicleType

FloatArray = npt.NDArray[np.float64]
IntArray = npt.NDArray[np.int64]

#: The ``problem_class`` prefixes of ``bks.csv`` this module reads, by folder format.
CLASSES = ("CVRP", "VRPTW", "MDVRP", "VRPSPD", "HFVRP")


@dataclass(frozen=True)
class VehicleSpec:
    """One vehicle type of an instance: ``count`` vehicles alike, ``depot`` a node index."""

    capacity: int
    count: int
    depot: int
    fixed_cost: float = 0.0
    unit_cost: float = 1.0
    max_duration: float | None = None


@dataclass(frozen=True)
class Instance:
    """A benchmark instance in neutral arrays (node 0.. are as in the file).

    ``arc_cost`` is the length of each arc as the class's convention counts it; ``travel_time``
    the time a vehicle needs on it (equal to the arc except where the convention says otherwise);
    ``cost_divisor`` divides the whole convention cost (HFVRP files store costs x100).
    """

    name: str
    problem_class: str
    n_clients: int
    bks_cost: float
    arc_cost: FloatArray
    travel_time: FloatArray
    depots: tuple[int, ...]
    delivery: IntArray
    pickup: IntArray
    service_time: FloatArray
    tw_early: FloatArray
    tw_late: FloatArray
    vehicles: tuple[VehicleSpec, ...]
    cost_divisor: float = 1.0

    @property
    def clients(self) -> list[int]:
        """Node indices of the clients (every node that is not a depot)."""
        depots = set(self.depots)
        return [i for i in range(len(self.arc_cost)) if i not in depots]

    @property
    def has_time_windows(self) -> bool:
        """True when any window or service time constrains the routes."""
        horizon = float(self.tw_late.max())
        return bool((self.tw_early > 0).any() or (self.tw_late < horizon).any())


@dataclass(frozen=True)
class BksRow:
    """One row of a ``bks.csv``."""

    instance: str
    problem_class: str
    n_clients: int
    bks_cost: float
    file: Path


def read_bks(folder: Path) -> list[BksRow]:
    """Rows of ``folder/bks.csv`` whose file exists (paths relative to the index's parent)."""
    index = folder / "bks.csv"
    if not index.is_file():
        raise InputError(f"{index}: no bks.csv in the instances folder", file=str(index))
    rows = []
    with index.open(newline="", encoding="utf-8") as fh:
        for row in csv.DictReader(fh):
            rows.append(
                BksRow(
                    instance=row["instance"],
                    problem_class=row["problem_class"],
                    n_clients=int(row["n_clients"]),
                    bks_cost=float(row["bks_cost"]),
                    file=_instance_file(folder, row),
                )
            )
    return rows


def _instance_file(folder: Path, row: dict[str, str]) -> Path:
    """The instance file of a bks.csv row: its ``file`` column (relative to the index, or
    beside it), else the file named after the instance (the X folders have no ``file``)."""
    if row.get("file"):
        nested = folder / row["file"]
        return nested if nested.is_file() else folder / Path(row["file"]).name
    for suffix in (".vrp", ".txt", ".vrpspd", ""):
        candidate = folder / f"{row['instance']}{suffix}"
        if candidate.is_file():
            return candidate
    return folder / row["instance"]


def read_instance(row: BksRow) -> Instance:
    """Read the instance of one ``bks.csv`` row in its class's format and cost convention."""
    readers = {
        "CVRP": _read_cvrp,
        "VRPTW": _read_solomon,
        "MDVRP": _read_cordeau,
        "VRPSPD": _read_vrpspd,
        "HFVRP": _read_hfvrp,
    }
    kind = row.problem_class.split("-")[0]
    if kind not in readers:
        raise InputError(
            f"{row.instance}: problem class {row.problem_class!r} is not one of {CLASSES}",
            file=str(row.file),
            field="problem_class",
        )
    if not row.file.is_file():
        raise InputError(f"{row.file}: instance file not found", file=str(row.file))
    return readers[kind](row)


def convention_cost(instance: Instance, routes: list[tuple[int, list[int]]]) -> float:
    """Cost of ``routes`` (vehicle-type index, node sequence from depot to depot) in the
    instance's convention: per route, fixed cost + unit cost x the convention's arc lengths."""
    total = 0.0
    for vtype, nodes in routes:
        spec = instance.vehicles[vtype]
        length = sum(float(instance.arc_cost[a, b]) for a, b in itertools.pairwise(nodes))
        total += spec.fixed_cost + spec.unit_cost * length
    return total / instance.cost_divisor


def to_problem(instance: Instance) -> RoutingProblem:
    """The instance as a :class:`RoutingProblem`: the convention's arcs are the "metres" and
    cost 1000 x the unit cost per km (so the plan's cost is the convention cost before the
    divisor); travel times and windows are the convention's "seconds" where they matter."""
    timed = instance.has_time_windows or any(v.max_duration for v in instance.vehicles)
    several = len(instance.depots) > 1
    fleet = [
        VehicleType(
            name=f"type{k}",
            count=spec.count,
            capacity=(float(spec.capacity),),
            fixed_cost_yuan=spec.fixed_cost,
            cost_per_km_yuan=1000.0 * spec.unit_cost,
            max_duration_min=spec.max_duration / 60.0 if spec.max_duration else math.inf,
            depots=(str(spec.depot),) if several else (),
        )
        for k, spec in enumerate(instance.vehicles)
    ]
    return RoutingProblem.from_matrix(
        instance.arc_cost,
        instance.travel_time if timed else np.zeros_like(instance.arc_cost),
        depots=instance.depots,
        delivery=instance.delivery,
        pickup=instance.pickup,
        fleet=fleet,
        service_s=instance.service_time,
        tw_early_s=instance.tw_early,
        tw_late_s=instance.tw_late,
        dimensions=("load",),
    )


def plan_routes(plan: Plan) -> list[tuple[int, list[int]]]:
    """A plan's routes as (vehicle type, node sequence depot .. depot over all its trips)."""
    routes = []
    for route in plan.routes:
        nodes = [route.depot]
        for trip in route.trips:
            nodes += [*trip.stops, route.depot]
        if len(nodes) > 1:
            routes.append((route.vehicle_type, nodes))
    return routes


def _euclid(coords: npt.ArrayLike) -> FloatArray:
    xy = np.asarray(coords, dtype=np.float64)
    diff = xy[:, None, :] - xy[None, :, :]
    return np.asarray(np.sqrt((diff**2).sum(axis=2)), dtype=np.float64)


def _uniform(
    row: BksRow,
    arc: FloatArray,
    delivery: npt.ArrayLike,
    vehicles: tuple[VehicleSpec, ...],
    **extra: object,
) -> Instance:
    """An instance with one depot at node 0, no windows unless given in ``extra``."""
    n = len(arc)
    fields: dict[str, object] = {
        "travel_time": arc,
        "depots": (0,),
        "pickup": np.zeros(n, dtype=np.int64),
        "service_time": np.zeros(n),
        "tw_early": np.zeros(n),
        "tw_late": np.full(n, math.inf),
    }
    fields.update(extra)
    return Instance(
        name=row.instance,
        problem_class=row.problem_class,
        n_clients=row.n_clients,
        bks_cost=row.bks_cost,
        arc_cost=arc,
        delivery=np.asarray(delivery, dtype=np.int64),
        vehicles=vehicles,
        **fields,  # type: ignore[arg-type]
    )


def _fleet_bound(demand: IntArray, capacity: int) -> int:
    """A fleet large enough for any good CVRP plan: the bin-packing bound plus slack."""
    lower = math.ceil(int(demand.sum()) / capacity)
    return lower + max(3, math.ceil(0.25 * lower))


#: The classic sets (Augerat A/B/P, Christofides-Eilon E) whose convention fixes the fleet at
#: the ``k`` of the name; Uchoa et al.'s X set leaves it free.
_FIXED_FLEET = re.compile(r"^[ABPE]-n\d+-k(\d+)$")


def fixed_fleet(instance: str) -> int | None:
    """The fleet size an instance's convention fixes (classic sets), or None if free."""
    match = _FIXED_FLEET.match(instance)
    return int(match.group(1)) if match else None


def _read_cvrp(row: BksRow) -> Instance:
    """VRPLIB EUC_2D CVRP: every arc rounded to the nearest integer (TSPLIB nint). The classic
    sets get their ``k`` vehicles (:func:`fixed_fleet`): a plan needing more is incomplete and
    left out of the means instead of being compared with an optimum on fewer vehicles."""
    data = vrplib.read_instance(str(row.file))
    arc = np.floor(_euclid(data["node_coord"]) + 0.5)
    demand = np.asarray(data["demand"], dtype=np.int64)
    capacity = int(data["capacity"])
    count = fixed_fleet(row.instance) or _fleet_bound(demand, capacity)
    fleet = (VehicleSpec(capacity=capacity, count=count, depot=0),)
    return _uniform(row, arc, demand, fleet)


def _read_solomon(row: BksRow) -> Instance:
    """Solomon VRPTW, DIMACS convention: arcs and travel times truncated to 0.1."""
    data = vrplib.read_instance(str(row.file), instance_format="solomon")
    arc = np.floor(10.0 * _euclid(data["node_coord"]) + 1e-9) / 10.0
    windows = np.asarray(data["time_window"], dtype=np.float64)
    fleet = (VehicleSpec(capacity=int(data["capacity"]), count=int(data["vehicles"]), depot=0),)
    return _uniform(
        row,
        arc,
        data["demand"],
        fleet,
        service_time=np.asarray(data["service_time"], dtype=np.float64),
        tw_early=windows[:, 0],
        tw_late=windows[:, 1],
    )


def _read_vrpspd(row: BksRow) -> Instance:
    """LKH-3 VRPSPD dialect: Dethloff's explicit matrix is distance x 1e4; Salhi-Nagy's
    EXACT_2D coordinates give the exact Euclidean distance."""
    data = vrplib.read_instance(str(row.file))
    if data.get("edge_weight_type") == "EXPLICIT":
        arc = np.asarray(data["edge_weight"], dtype=np.float64) / 1e4
    else:
        arc = _euclid(data["node_coord"])
    # Columns after the node id: demand (ignored), early, late, service, pickup, delivery.
    section = np.asarray(data["pickup_and_delivery"], dtype=np.int64)
    fleet = (VehicleSpec(capacity=int(data["capacity"]), count=int(data["vehicles"]), depot=0),)
    return _uniform(row, arc, section[:, 5], fleet, pickup=section[:, 4])


def _hfvrp_fleet(data: dict[str, object]) -> tuple[tuple[VehicleSpec, ...], list[int]]:
    """Vehicle types of a PyVRP HFVRP file (alike rows grouped) and each row's type index."""
    n_vehicles = int(str(data["vehicles"]))
    capacity = np.asarray(data["capacity"], dtype=np.int64).reshape(-1)
    fixed = np.asarray(data.get("vehicles_fixed_cost", np.zeros(n_vehicles)), np.float64)
    unit = np.asarray(data.get("vehicles_unit_distance_cost", np.ones(n_vehicles)), np.float64)
    keys = [
        (int(q), float(f), float(u))
        for q, f, u in zip(capacity, fixed.reshape(-1), unit.reshape(-1), strict=True)
    ]
    kinds = list(dict.fromkeys(keys))
    fleet = tuple(
        VehicleSpec(capacity=q, count=keys.count((q, f, u)), depot=0, fixed_cost=f, unit_cost=u)
        for q, f, u in kinds
    )
    return fleet, [kinds.index(key) for key in keys]


def _read_hfvrp(row: BksRow) -> Instance:
    """PyVRP HFVRP dialect: one row per vehicle; cost = (fixed + unit x exact Euclid) / 100."""
    data = vrplib.read_instance(str(row.file))
    fleet, _ = _hfvrp_fleet(data)
    return _uniform(row, _euclid(data["node_coord"]), data["demand"], fleet, cost_divisor=100.0)


def _read_cordeau(row: BksRow) -> Instance:
    """Cordeau MDVRP text: ``type m n t``; t lines ``D Q``; n customer lines ``i x y d q ...``;
    t depot lines ``i x y ...``. Exact Euclidean distance; D = 0 means no duration limit."""
    lines = [ln.split() for ln in row.file.read_text(encoding="utf-8").splitlines() if ln.strip()]
    _, per_depot, n, t = (int(v) for v in lines[0][:4])
    limits = [(float(d), int(float(q))) for d, q in (ln[:2] for ln in lines[1 : 1 + t])]
    customers = lines[1 + t : 1 + t + n]
    depots = lines[1 + t + n : 1 + t + n + t]
    # Node order: depots first (0..t-1), then customers, so a route reads depot..depot.
    coords = [(float(ln[1]), float(ln[2])) for ln in depots + customers]
    service = [0.0] * t + [float(ln[3]) for ln in customers]
    demand = [0] * t + [int(ln[4]) for ln in customers]
    arc = _euclid(coords)
    fleet = tuple(
        VehicleSpec(
            capacity=limits[d][1],
            count=per_depot,
            depot=d,
            max_duration=limits[d][0] or None,
        )
        for d in range(t)
    )
    return _uniform(
        row,
        arc,
        demand,
        fleet,
        depots=tuple(range(t)),
        service_time=np.asarray(service),
    )


def read_cordeau_solution(instance: Instance, res_file: Path) -> list[tuple[int, list[int]]]:
    """Routes of a Cordeau ``.res`` file (``depot vehicle duration load 0 c1 .. 0``) as
    (vehicle-type index, node sequence) in :func:`_read_cordeau`'s node order."""
    t = len(instance.depots)
    routes = []
    for line in res_file.read_text(encoding="utf-8").splitlines()[1:]:
        parts = line.split()
        if len(parts) < 5:
            continue
        depot = int(parts[0]) - 1
        stops = [t + int(c) - 1 for c in parts[4:] if c != "0"]
        routes.append((depot, [depot, *stops, depot]))
    return routes


def read_pyvrp_solution(res_file: Path) -> list[tuple[int, list[int]]]:
    """Routes of a PyVRP ``.sol`` file; route k uses vehicle k (row of the vehicle sections),
    returned as (vehicle row, node sequence) - map rows to types with :func:`vehicle_rows`."""
    routes = []
    for k, line in enumerate(
        ln for ln in res_file.read_text(encoding="utf-8").splitlines() if ln.startswith("Route")
    ):
        stops = [int(c) for c in line.split(":", 1)[1].split()]
        if stops:
            routes.append((k, [0, *stops, 0]))
    return routes


def vehicle_rows(row: BksRow) -> list[int]:
    """For an HFVRP file, the vehicle-type index (in :func:`read_instance` order) of each
    vehicle row of the file."""
    return _hfvrp_fleet(vrplib.read_instance(str(row.file)))[1]
