"""A siting problem: places to cover, candidates, and which candidates cover each place.

Coverage sets are sparse (one sorted array of candidate indices per place), built once from a
dense place x candidate metric. Build one with :meth:`SitingProblem.from_cost_matrix` (like
spopt's constructors: the models do not care where the distances came from) or
:func:`siting_problem` from a network and its :class:`~network.distances.DistanceMatrix`.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal

import numpy as np
import numpy.typing as npt

from network.distances import DistanceMatrix
from network.errors import InputError
from network.model import Network
from network.siting.candidates import (
    DEFAULT_COSTS,
    Candidate,
    SitingCosts,
    candidates_from_network,
)
from network.texts import Message

IntArray = npt.NDArray[np.int64]
FloatArray = npt.NDArray[np.float64]
BoolArray = npt.NDArray[np.bool_]


@dataclass(frozen=True, eq=False)
class SitingProblem:
    """Places (township seats and villages), candidates and coverage sets.

    Attributes:
        place_ids: ids of the places to cover.
        seat: per place, True for a township seat.
        poor: per place, True for a registered-poor village.
        candidates: the candidate sites.
        covers: per place, sorted indices of the candidates within the threshold.
        metric: dense place x candidate distances (metres) or times (seconds) used to explain
            and to assign; ``inf`` where unreachable.
        threshold: the covering threshold in the metric's unit.
        criterion: the threshold in words, e.g. ``"distance <= 3 km"``.
        unit: the metric's unit: ``"m"`` (shown in km), ``"s"`` (shown in min) or ``""``.
    """

    place_ids: tuple[str, ...]
    seat: BoolArray
    poor: BoolArray
    candidates: tuple[Candidate, ...]
    covers: tuple[IntArray, ...]
    metric: FloatArray
    threshold: float
    criterion: str
    unit: str = ""
    community: BoolArray | None = None

    @property
    def village(self) -> BoolArray:
        """Per place, True for an administrative village (communities are covered but do not
        count in the village targets)."""
        if self.community is None:
            return ~self.seat
        return ~self.seat & ~self.community

    @property
    def candidate_ids(self) -> tuple[str, ...]:
        return tuple(c.id for c in self.candidates)

    def cost_fen(self) -> IntArray:
        """Candidate costs in integer fen (what CP-SAT minimises), ROUND_HALF_UP."""
        fen = [
            int((c.cost_yuan * 100).to_integral_value(rounding="ROUND_HALF_UP"))
            for c in self.candidates
        ]
        return np.asarray(fen, dtype=np.int64)

    @classmethod
    def from_cost_matrix(
        cls,
        cost_matrix: npt.ArrayLike,
        threshold: float,
        *,
        place_ids: Sequence[str] | None = None,
        candidates: Sequence[Candidate] | None = None,
        seat: npt.ArrayLike | None = None,
        poor: npt.ArrayLike | None = None,
        criterion: str = "",
        unit: str = "",
        community: npt.ArrayLike | None = None,
    ) -> SitingProblem:
        """A problem from a place x candidate matrix; a place is covered within ``threshold``.

        Without ``candidates`` every column is a new point costing 1 yuan (so minimum cost is
        minimum count, as in the classic LSCP); without ``place_ids`` places are numbered.
        """
        metric = np.asarray(cost_matrix, dtype=np.float64)
        if metric.ndim != 2:
            raise InputError(
                Message("cost_matrix must be 2-D, got shape {shape}", shape=metric.shape),
                field="cost_matrix",
            )
        n_places, n_cand = metric.shape
        if not threshold >= 0:
            raise InputError(
                Message("threshold must be >= 0, got {threshold}", threshold=threshold),
                field="threshold",
            )
        ids = tuple(place_ids) if place_ids is not None else tuple(f"p{i}" for i in range(n_places))
        cands = tuple(candidates) if candidates is not None else _unit_candidates(n_cand)
        if len(ids) != n_places or len(cands) != n_cand:
            raise InputError(
                Message(
                    "cost_matrix is {n_places} x {n_cand} but there are {n_ids} places and "
                    "{n_cands} candidates",
                    n_places=n_places,
                    n_cand=n_cand,
                    n_ids=len(ids),
                    n_cands=len(cands),
                ),
                field="cost_matrix",
            )
        within = metric <= threshold
        rows, cols = np.nonzero(within)
        splits = np.searchsorted(rows, np.arange(1, n_places))
        covers = tuple(np.asarray(c, dtype=np.int64) for c in np.split(cols, splits))
        return cls(
            place_ids=ids,
            seat=_flags(seat, n_places, "seat"),
            poor=_flags(poor, n_places, "poor"),
            candidates=cands,
            covers=covers,
            metric=metric,
            threshold=float(threshold),
            criterion=criterion or f"metric <= {threshold:g}",
            unit=unit,
            community=None if community is None else _flags(community, n_places, "community"),
        )


def _unit_candidates(n: int) -> tuple[Candidate, ...]:
    one = Decimal(1)
    return tuple(Candidate(f"c{j}", False, one, Decimal(0), one) for j in range(n))


def _flags(values: npt.ArrayLike | None, n: int, name: str) -> BoolArray:
    if values is None:
        return np.zeros(n, dtype=np.bool_)
    flags = np.asarray(values, dtype=np.bool_)
    if flags.shape != (n,):
        raise InputError(
            Message("{name} has shape {shape}, expected ({n},)", name=name, shape=flags.shape, n=n),
            field=name,
        )
    return flags


def siting_problem(
    network: Network,
    matrix: DistanceMatrix,
    *,
    candidates: Sequence[Candidate] | None = None,
    costs: SitingCosts = DEFAULT_COSTS,
    max_km: float = 3.0,
    max_min: float | None = None,
) -> SitingProblem:
    """Township seats and villages of ``network`` to cover from its candidates.

    Travel is measured from the place to the point, as :func:`network.coverage_report` does;
    with ``max_min`` the threshold is travel time, else road distance ``max_km``.
    """
    if not max_km > 0:
        raise InputError(
            Message("max_km must be positive, got {max_km}", max_km=max_km), field="max_km"
        )
    if max_min is not None and not max_min > 0:
        raise InputError(
            Message("max_min must be positive, got {max_min}", max_min=max_min), field="max_min"
        )
    cands = (
        tuple(candidates)
        if candidates is not None
        else candidates_from_network(network, costs=costs)
    )
    for cand in cands:
        if cand.id not in network:
            raise InputError(
                Message("candidate {id!r} is not in the network", id=cand.id), field="candidates"
            )
    places = network.townships + network.villages
    rows = np.array([matrix.index(p.id) for p in places], dtype=np.intp)
    cols = np.array([matrix.index(c.id) for c in cands], dtype=np.intp)
    if max_min is None:
        grid, limit, unit = matrix.distance_m, max_km * 1000.0, "m"
        criterion = f"distance <= {max_km:g} km"
    else:
        grid, limit, unit = matrix.duration_s, max_min * 60.0, "s"
        criterion = f"travel time <= {max_min:g} min"
    return SitingProblem.from_cost_matrix(
        grid[np.ix_(rows, cols)],
        limit,
        place_ids=[p.id for p in places],
        candidates=cands,
        seat=[i < len(network.townships) for i in range(len(places))],
        poor=[p.poor for p in places],
        criterion=criterion,
        unit=unit,
        community=[p.community for p in places],
    )
