"""Why a client is unserved: the first rule that rules it out, checked on the client alone.

For each vehicle type with vehicles (``count > 0``) and each depot it may use, the client is
tried as the only stop of a trip (depot -> client -> depot):

1. CAPACITY: its delivery or pickup exceeds the capacity of every such type (any dimension);
2. TOO_FAR: for every type that can carry it, the round trip is unreachable (``inf``) or longer
   than the type's ``max_distance_km`` or (travel x speed factor + service) its
   ``max_duration_min``;
3. TIME_WINDOW: for every type in range, leaving at the earliest (shift start, depot opening)
   it arrives after the client closes or cannot be back before the shift ends / depot closes;
4. otherwise NOT_WORTH_IT if the client is optional (finite penalty), else NO_VEHICLE (it is
   feasible alone, so the fleet ran out).

A driver's break is not part of the check (a lone trip can take it before or after).
"""

from __future__ import annotations

import math
from collections.abc import Iterable

import numpy as np
import numpy.typing as npt

from routing.model import FloatArray, RoutingProblem, Unserved, UnservedReason

BoolArray = npt.NDArray[np.bool_]

#: Reasons meaning "no vehicle could serve it even alone": engines leave such clients out.
ALONE_REASONS = frozenset(
    {UnservedReason.CAPACITY, UnservedReason.TOO_FAR, UnservedReason.TIME_WINDOW}
)


def diagnose_unserved(problem: RoutingProblem, nodes: Iterable[int]) -> tuple[Unserved, ...]:
    """The reason each of ``nodes`` (client indices) is unserved, in the given order."""
    reasons = _alone_reasons(problem)
    found = []
    for node in nodes:
        reason = reasons[node]
        if reason is None:
            optional = math.isfinite(problem.penalty_yuan[node])
            reason = UnservedReason.NOT_WORTH_IT if optional else UnservedReason.NO_VEHICLE
        found.append(Unserved(node, reason))
    return tuple(found)


def unservable_clients(problem: RoutingProblem) -> tuple[Unserved, ...]:
    """Clients no vehicle could serve even as its only stop, with the reason (by index)."""
    reasons = _alone_reasons(problem)
    return tuple(Unserved(c, r) for c in problem.clients if (r := reasons[c]) is not None)


def _alone_reasons(problem: RoutingProblem) -> list[UnservedReason | None]:
    """Per node: CAPACITY, TOO_FAR or TIME_WINDOW if it fails alone, else None."""
    n = problem.n
    fits = np.zeros(n, dtype=bool)
    in_range = np.zeros(n, dtype=bool)
    in_time = np.zeros(n, dtype=bool)
    for k, vt in enumerate(problem.fleet):
        if vt.count == 0:
            continue
        capacity = np.asarray(vt.capacity, dtype=np.float64)
        fits_k = np.all(problem.delivery <= capacity, axis=1) & np.all(
            problem.pickup <= capacity, axis=1
        )
        fits |= fits_k
        for depot in problem.depots_of(k):
            range_kd = fits_k & _in_range(problem, k, depot)
            in_range |= range_kd
            in_time |= range_kd & _in_time(problem, k, depot)
    reasons: list[UnservedReason | None] = []
    for i in range(n):
        if not fits[i]:
            reasons.append(UnservedReason.CAPACITY)
        elif not in_range[i]:
            reasons.append(UnservedReason.TOO_FAR)
        elif not in_time[i]:
            reasons.append(UnservedReason.TIME_WINDOW)
        else:
            reasons.append(None)
    return reasons


def _round_trip_s(problem: RoutingProblem, k: int, depot: int) -> FloatArray:
    speed = problem.fleet[k].speed_factor
    travel: FloatArray = speed * (problem.duration_s[depot, :] + problem.duration_s[:, depot])
    return travel + problem.service_s


def _in_range(problem: RoutingProblem, k: int, depot: int) -> BoolArray:
    vt = problem.fleet[k]
    metres = problem.distance_m[depot, :] + problem.distance_m[:, depot]
    seconds = _round_trip_s(problem, k, depot)
    ok: BoolArray = (
        np.isfinite(metres)
        & np.isfinite(seconds)
        & (metres <= vt.max_distance_km * 1000.0 * (1 + 1e-12))
        & (seconds <= vt.max_duration_min * 60.0 * (1 + 1e-12))
    )
    return ok


def _in_time(problem: RoutingProblem, k: int, depot: int) -> BoolArray:
    vt = problem.fleet[k]
    speed = vt.speed_factor
    leave = max(vt.shift_start_min * 60.0, float(problem.tw_early_s[depot]))
    arrive = leave + speed * problem.duration_s[depot, :]
    begin = np.maximum(arrive, problem.tw_early_s)
    back = begin + problem.service_s + speed * problem.duration_s[:, depot]
    latest_back = min(vt.shift_end_min * 60.0, float(problem.tw_late_s[depot]))
    ok: BoolArray = (arrive <= problem.tw_late_s) & (back <= latest_back)
    return ok
