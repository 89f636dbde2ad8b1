"""The routing model: immutable problem data and plans, independent of any solver.

Indices: a problem has ``n`` nodes (depots and clients) numbered 0..n-1 in the order of ``ids``;
matrices are ``(n, n)`` with row = from. Loads have one column per capacity dimension
(``dimensions``, by default parcels and kg). Down parcels (``delivery``) leave the route's depot
and up parcels (``pickup``) come back to it on the same trip, so the load on board starts at the
trip's total delivery and changes by ``pickup - delivery`` at each stop.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, field
from enum import StrEnum

import numpy as np
import numpy.typing as npt

from network.errors import InputError
from network.texts import Message

FloatArray = npt.NDArray[np.float64]
INF = math.inf


@dataclass(frozen=True)
class Break:
    """A driver's break: ``duration_min`` starting between the two times (minutes of the day)."""

    earliest_start_min: float
    latest_start_min: float
    duration_min: float

    def __post_init__(self) -> None:
        if not 0 <= self.earliest_start_min <= self.latest_start_min:
            raise InputError(
                Message("break window must satisfy 0 <= earliest <= latest"), field="break"
            )
        if self.duration_min <= 0:
            raise InputError(Message("break duration must be positive"), field="break.duration_min")


@dataclass(frozen=True)
class VehicleType:
    """A kind of vehicle and how many of it there are.

    Attributes:
        name: e.g. "e-tricycle", "4.2 m van", "light truck", "reefer van".
        count: vehicles of this type available (in all, over its depots).
        capacity: one figure per capacity dimension of the problem (e.g. parcels, kg).
        fixed_cost_yuan: cost of using one vehicle for a day (driver, depreciation).
        cost_per_km_yuan: running cost per km (energy, wear).
        cost_per_hour_yuan: cost per hour on the road (wages paid by time), 0 if in fixed cost.
        speed_factor: travel time = matrix time x this (1.6 for a slow e-tricycle).
        max_duration_min: longest working day from leaving to returning (all trips, breaks).
        max_distance_km: longest distance per day (battery range), all trips.
        depots: node ids of the depots it may start at (and returns to); empty = every depot.
        shift_start_min: earliest departure, minutes after midnight.
        shift_end_min: latest return, minutes after midnight.
        max_trips: trips per day, each back at its depot to reload (a tricycle's second round).
        reload_min: time at the depot between two trips.
        driver_break: a break within a window, or None.
        reefer: refrigerated (can carry cold-chain demand).
    """

    name: str
    count: int
    capacity: tuple[float, ...]
    fixed_cost_yuan: float = 0.0
    cost_per_km_yuan: float = 1.0
    cost_per_hour_yuan: float = 0.0
    speed_factor: float = 1.0
    max_duration_min: float = INF
    max_distance_km: float = INF
    depots: tuple[str, ...] = ()
    shift_start_min: float = 0.0
    shift_end_min: float = 24 * 60.0
    max_trips: int = 1
    reload_min: float = 0.0
    driver_break: Break | None = None
    reefer: bool = False

    def __post_init__(self) -> None:
        where = Message("vehicle type {name!r}", name=self.name)
        if self.count < 0:
            raise InputError(Message("{where}: count must be >= 0", where=where), field="count")
        if any(c < 0 or math.isnan(c) for c in self.capacity):
            raise InputError(
                Message("{where}: capacity must be >= 0", where=where), field="capacity"
            )
        for name in ("fixed_cost_yuan", "cost_per_km_yuan", "cost_per_hour_yuan", "reload_min"):
            if getattr(self, name) < 0:
                raise InputError(
                    Message("{where}: {name} must be >= 0", where=where, name=name), field=name
                )
        if self.speed_factor <= 0:
            raise InputError(
                Message("{where}: speed_factor must be > 0", where=where), field="speed_factor"
            )
        if self.max_trips < 1:
            raise InputError(
                Message("{where}: max_trips must be >= 1", where=where), field="max_trips"
            )
        if not 0 <= self.shift_start_min < self.shift_end_min:
            raise InputError(
                Message("{where}: shift must start before it ends", where=where),
                field="shift_end_min",
            )
        if self.max_duration_min <= 0 or self.max_distance_km <= 0:
            raise InputError(
                Message("{where}: limits must be positive", where=where), field="max_duration_min"
            )


_ARRAY_FIELDS = (
    "distance_m",
    "duration_s",
    "delivery",
    "pickup",
    "service_s",
    "tw_early_s",
    "tw_late_s",
    "penalty_yuan",
    "fare_yuan",
)


@dataclass(frozen=True, eq=False)
class RoutingProblem:
    """Immutable problem data (see the module docstring for indices and units).

    Attributes:
        ids, names: per node.
        distance_m, duration_s: (n, n) matrices; ``inf`` = no connection.
        depots: indices of depot nodes (county DC, township hubs).
        delivery, pickup: (n, d) down and up loads per dimension; zero rows for depots.
        service_s: (n,) time spent at each node.
        tw_early_s, tw_late_s: (n,) opening hours (seconds after midnight) of each node.
        penalty_yuan: (n,) what leaving a client unserved costs; ``inf`` = mandatory (the
            solver uses a prohibitive penalty, so it still returns a plan and says why).
        fare_yuan: (n, n) fixed fares on an arc (ferries), or None.
        fleet: the vehicle types.
        dimensions: names of the load dimensions.

    The arrays are the problem's own read-only copies: writing to one raises ``ValueError``.
    """

    ids: tuple[str, ...]
    names: tuple[str, ...]
    distance_m: FloatArray
    duration_s: FloatArray
    depots: tuple[int, ...]
    delivery: FloatArray
    pickup: FloatArray
    service_s: FloatArray
    tw_early_s: FloatArray
    tw_late_s: FloatArray
    penalty_yuan: FloatArray
    fleet: tuple[VehicleType, ...]
    dimensions: tuple[str, ...] = ("parcels", "kg")
    fare_yuan: FloatArray | None = None
    _depot_set: frozenset[int] = field(init=False, repr=False)

    def __post_init__(self) -> None:
        self._freeze_arrays()
        n, d = len(self.ids), len(self.dimensions)
        shapes = {
            "distance_m": (n, n),
            "duration_s": (n, n),
            "delivery": (n, d),
            "pickup": (n, d),
            "service_s": (n,),
            "tw_early_s": (n,),
            "tw_late_s": (n,),
            "penalty_yuan": (n,),
        }
        for name, shape in shapes.items():
            if getattr(self, name).shape != shape:
                raise InputError(
                    Message(
                        "{name} has shape {shape}, expected {shape2}",
                        name=name,
                        shape=getattr(self, name).shape,
                        shape2=shape,
                    ),
                    field=name,
                )
        if len(self.names) != n:
            raise InputError(Message("names and ids differ in length"), field="names")
        if not self.depots or any(not 0 <= i < n for i in self.depots):
            raise InputError(
                Message("a problem needs at least one depot index within range"), field="depots"
            )
        if np.any(self.delivery < 0) or np.any(self.pickup < 0):
            raise InputError(Message("loads must be >= 0"), field="delivery")
        if np.any(self.tw_early_s > self.tw_late_s):
            raise InputError(Message("a time window opens after it closes"), field="tw_early_s")
        for vt in self.fleet:
            if len(vt.capacity) != d:
                raise InputError(
                    Message(
                        "vehicle type {name!r} has {count} capacities for {d} dimensions",
                        name=vt.name,
                        count=len(vt.capacity),
                        d=d,
                    ),
                    field="capacity",
                )
            unknown = [
                dep
                for dep in vt.depots
                if dep not in self.ids or self.ids.index(dep) not in self.depots
            ]
            if unknown:
                raise InputError(
                    Message(
                        "vehicle type {name!r}: {unknown} are not depots",
                        name=vt.name,
                        unknown=unknown,
                    ),
                    field="depots",
                )
        object.__setattr__(self, "_depot_set", frozenset(self.depots))

    def _freeze_arrays(self) -> None:
        """Own read-only copies of the arrays, so that "frozen" holds for their contents."""
        for name in _ARRAY_FIELDS:
            value = getattr(self, name)
            if value is None:
                continue
            frozen = np.array(value, copy=True)
            frozen.setflags(write=False)
            object.__setattr__(self, name, frozen)

    @property
    def n(self) -> int:
        return len(self.ids)

    @property
    def has_fares(self) -> bool:
        """Whether any arc has a ferry fare."""
        return self.fare_yuan is not None and bool(np.any(np.nan_to_num(self.fare_yuan)))

    @property
    def clients(self) -> tuple[int, ...]:
        """Indices of the nodes to serve (everything that is not a depot)."""
        return tuple(i for i in range(self.n) if i not in self._depot_set)

    def is_depot(self, index: int) -> bool:
        return index in self._depot_set

    def depots_of(self, vehicle_type: int) -> tuple[int, ...]:
        """Depot indices a vehicle type may start from."""
        vt = self.fleet[vehicle_type]
        if not vt.depots:
            return self.depots
        return tuple(self.ids.index(d) for d in vt.depots)

    @classmethod
    def from_matrix(
        cls,
        distance_m: npt.ArrayLike,
        duration_s: npt.ArrayLike | None = None,
        *,
        depots: Sequence[int] = (0,),
        delivery: npt.ArrayLike,
        pickup: npt.ArrayLike | None = None,
        fleet: Sequence[VehicleType],
        ids: Sequence[str] | None = None,
        names: Sequence[str] | None = None,
        service_s: npt.ArrayLike | float = 0.0,
        tw_early_s: npt.ArrayLike | float = 0.0,
        tw_late_s: npt.ArrayLike | float = INF,
        penalty_yuan: npt.ArrayLike | float = INF,
        dimensions: Sequence[str] | None = None,
        fare_yuan: npt.ArrayLike | None = None,
    ) -> RoutingProblem:
        """A problem from plain matrices (benchmarks and tests need no geography).

        ``delivery``/``pickup`` may be 1-D (one dimension) or (n, d). ``duration_s`` defaults
        to the distance (1 m per s); scalars broadcast to every node.
        """
        dist = np.asarray(distance_m, dtype=np.float64)
        n = dist.shape[0]
        dur = dist.copy() if duration_s is None else np.asarray(duration_s, dtype=np.float64)
        down = np.asarray(delivery, dtype=np.float64)
        down = down.reshape(n, -1) if down.ndim == 1 else down
        up = np.zeros_like(down) if pickup is None else np.asarray(pickup, dtype=np.float64)
        up = up.reshape(n, -1) if up.ndim == 1 else up
        dims = (
            tuple(dimensions)
            if dimensions is not None
            else (
                ("parcels", "kg")[: down.shape[1]]
                if down.shape[1] <= 2
                else tuple(f"dim{k}" for k in range(down.shape[1]))
            )
        )

        def per_node(value: npt.ArrayLike | float) -> FloatArray:
            return np.broadcast_to(np.asarray(value, dtype=np.float64), (n,)).copy()

        node_ids = tuple(ids) if ids is not None else tuple(str(i) for i in range(n))
        return cls(
            ids=node_ids,
            names=tuple(names) if names is not None else node_ids,
            distance_m=dist,
            duration_s=dur,
            depots=tuple(int(i) for i in depots),
            delivery=down,
            pickup=up,
            service_s=per_node(service_s),
            tw_early_s=per_node(tw_early_s),
            tw_late_s=per_node(tw_late_s),
            penalty_yuan=per_node(penalty_yuan),
            fleet=tuple(fleet),
            dimensions=dims,
            fare_yuan=None if fare_yuan is None else np.asarray(fare_yuan, dtype=np.float64),
        )


class UnservedReason(StrEnum):
    """Why a client is not in the plan."""

    CAPACITY = "capacity"  # its load exceeds every vehicle that may serve it
    TIME_WINDOW = "time_window"  # no vehicle can reach it within its hours and the shift
    TOO_FAR = "too_far"  # beyond every vehicle's duration/distance limit, or unreachable
    NOT_WORTH_IT = "not_worth_it"  # optional, and serving it costs more than its penalty
    NO_VEHICLE = "no_vehicle"  # feasible alone, but the fleet ran out (mandatory, dropped)


@dataclass(frozen=True)
class Trip:
    """One loop from the depot and back: the clients in visiting order, with arrival times."""

    stops: tuple[int, ...]
    arrivals_s: tuple[float, ...]
    start_s: float
    end_s: float


@dataclass(frozen=True)
class Route:
    """One vehicle's day: one or more trips from its depot, an optional break."""

    vehicle_type: int
    vehicle: int  # number of the vehicle within its type
    depot: int
    trips: tuple[Trip, ...]
    break_start_s: float | None = None

    @property
    def stops(self) -> tuple[int, ...]:
        """Every client visited, in order, over all trips."""
        return tuple(s for trip in self.trips for s in trip.stops)


@dataclass(frozen=True)
class Unserved:
    """A client the plan does not serve, and why."""

    node: int
    reason: UnservedReason


@dataclass(frozen=True)
class Plan:
    """A solution: routes, unserved clients, and its cost.

    ``cost_yuan`` is what the routes cost (fixed + per km + per hour + fares), recomputed from
    the matrices by :func:`routing.route_cost`; ``objective`` adds the penalties of unserved
    clients. ``seconds`` is the solve's wall time (not part of the plan's identity).
    """

    routes: tuple[Route, ...]
    unserved: tuple[Unserved, ...]
    cost_yuan: float
    objective: float
    engine: str
    seconds: float = field(default=0.0, compare=False)

    @property
    def served(self) -> frozenset[int]:
        return frozenset(s for r in self.routes for s in r.stops)
