"""Township hubs: a capacitated p-median on CP-SAT.

Choose ``p`` hubs among the candidates and give every village to one open hub, minimising
parcels x road distance from hub to village, with each hub's parcels per day within its
capacity. Each village may go to its ``nearest`` closest candidates only (sparse assignment).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt
from ortools.sat.python import cp_model

from network.distances import DistanceMatrix
from network.errors import InputError
from network.model import Network
from network.siting._cpsat import DEFAULT_SETTINGS, CpSatSettings, gap_pct, solve
from network.texts import Message

_TENTHS = 10  # parcels are counted in tenths so that CP-SAT works on integers


@dataclass(frozen=True)
class HubResult:
    """Chosen hubs and the villages each serves.

    Attributes:
        status: ``"OPTIMAL"``, ``"FEASIBLE"``, ``"INFEASIBLE"`` (capacities too small) or
            ``"UNKNOWN"``.
        hub_ids: the chosen hubs, in candidate order.
        assignment: village id -> hub id.
        load_parcels_per_day: hub id -> parcels per day (down + up) of its villages.
        parcel_km_per_day: parcels x km from hub to village, summed over villages.
        objective, bound: the solver's objective and bound (tenth-parcel x metres).
        gap_pct: relative gap in percent (0 when proven).
        wall_s: solve wall time.
    """

    status: str
    hub_ids: tuple[str, ...]
    assignment: Mapping[str, str]
    load_parcels_per_day: Mapping[str, float]
    parcel_km_per_day: float | None
    objective: float | None
    bound: float | None
    gap_pct: float | None
    wall_s: float


def capacitated_hubs(
    network: Network,
    matrix: DistanceMatrix,
    *,
    p: int,
    candidate_ids: Sequence[str] | None = None,
    capacity_parcels_per_day: float | Mapping[str, float] | None = None,
    nearest: int = 30,
    settings: CpSatSettings = DEFAULT_SETTINGS,
) -> HubResult:
    """Choose ``p`` hubs (default candidates: the township seats) for every village."""
    cands = list(candidate_ids) if candidate_ids is not None else [t.id for t in network.townships]
    villages = network.villages
    if not 1 <= p <= len(cands):
        raise InputError(
            Message(
                "p must be between 1 and {n_cands} candidates, got {p}", n_cands=len(cands), p=p
            ),
            field="p",
        )
    if nearest < 1:
        raise InputError(
            Message("nearest must be >= 1, got {nearest}", nearest=nearest), field="nearest"
        )
    cap = _capacities(cands, capacity_parcels_per_day)
    rows = np.array([matrix.index(c) for c in cands], dtype=np.intp)
    cols = np.array([matrix.index(v.id) for v in villages], dtype=np.intp)
    dist_m = matrix.distance_m[np.ix_(rows, cols)]  # hub -> village: parcels go out from the hub
    load = np.array([round(v.parcels_per_day * _TENTHS) for v in villages], dtype=np.int64)
    model = cp_model.CpModel()
    y = [model.new_bool_var(f"y{j}") for j in range(len(cands))]
    x = _assignments(model, y, dist_m, nearest, [v.id for v in villages])
    model.add(sum(y) == p)
    for j, limit in enumerate(cap):
        if limit is not None:
            mine = [load[i] * v for (i, jj), v in x.items() if jj == j]
            model.add(sum(mine) <= round(limit * _TENTHS) * y[j])
    model.minimize(sum(int(load[i] * round(dist_m[j, i])) * v for (i, j), v in x.items()))
    solved = solve(model, settings)
    if solved.objective is None:
        return HubResult(solved.status, (), {}, {}, None, None, None, None, solved.wall_s)
    chosen = {(i, j) for (i, j), v in x.items() if solved.solver.boolean_value(v)}
    hubs = tuple(c for j, c in enumerate(cands) if solved.solver.boolean_value(y[j]))
    loads = dict.fromkeys(hubs, 0.0)
    parcel_km = 0.0
    for i, j in chosen:
        loads[cands[j]] += villages[i].parcels_per_day
        parcel_km += villages[i].parcels_per_day * float(dist_m[j, i]) / 1000.0
    return HubResult(
        status=solved.status,
        hub_ids=hubs,
        assignment={villages[i].id: cands[j] for i, j in sorted(chosen)},
        load_parcels_per_day={h: round(q, 1) for h, q in loads.items()},
        parcel_km_per_day=round(parcel_km, 1),
        objective=solved.objective,
        bound=solved.bound,
        gap_pct=gap_pct(solved.objective, solved.bound, solved.status),
        wall_s=solved.wall_s,
    )


def _assignments(
    model: cp_model.CpModel,
    y: list[cp_model.IntVar],
    dist_m: npt.NDArray[np.float64],
    nearest: int,
    village_ids: Sequence[str],
) -> dict[tuple[int, int], cp_model.IntVar]:
    """x[village, hub] for each village's ``nearest`` reachable candidates; exactly one each."""
    x: dict[tuple[int, int], cp_model.IntVar] = {}
    for i, village_id in enumerate(village_ids):
        reachable = np.flatnonzero(np.isfinite(dist_m[:, i]))
        order = reachable[np.argsort(dist_m[reachable, i], kind="stable")][:nearest]
        if len(order) == 0:
            raise InputError(
                Message(
                    "village {village_id!r} cannot be reached from any hub candidate",
                    village_id=village_id,
                )
            )
        for j in order:
            x[i, int(j)] = var = model.new_bool_var(f"x{i}_{j}")
            model.add_implication(var, y[int(j)])
        model.add_exactly_one(x[i, int(j)] for j in order)
    return x


def _capacities(
    cands: Sequence[str], capacity: float | Mapping[str, float] | None
) -> list[float | None]:
    if capacity is None or isinstance(capacity, int | float):
        return [None if capacity is None else float(capacity)] * len(cands)
    unknown = sorted(set(capacity) - set(cands))
    if unknown:
        raise InputError(
            Message(
                "capacity given for {unknown!r}, which is not a hub candidate", unknown=unknown[0]
            )
        )
    return [capacity.get(c) for c in cands]
