"""What a siting model returns: chosen points, coverage, cost, proof, and explanations."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any


@dataclass(frozen=True, slots=True)
class CoverageCounts:
    """Covered / total places by target group."""

    seats: tuple[int, int]
    villages: tuple[int, int]
    poor_villages: tuple[int, int]

    def pct(self) -> dict[str, float | None]:
        """Percent covered per group (0.1 precision; None over an empty group)."""
        return {
            f"{key}_pct": None if total == 0 else round(100.0 * covered / total, 1)
            for key, (covered, total) in self.as_dict().items()
        }

    def as_dict(self) -> dict[str, tuple[int, int]]:
        return {
            "townships": self.seats,
            "villages": self.villages,
            "poor_villages": self.poor_villages,
        }


@dataclass(frozen=True, slots=True)
class UncoveredPlace:
    """Why a place has no service point within reach.

    Attributes:
        id: the place.
        nearest_candidate_id: the closest candidate site (None when none is reachable at all).
        nearest: its distance in km (or travel time in min, when coverage is by time).
        unit: ``"km"`` or ``"min"`` (or ``""`` for a raw cost matrix).
        reachable: True when that candidate is within the threshold (the point was not worth
            building for the targets or budget); False when no candidate can cover the place.
    """

    id: str
    nearest_candidate_id: str | None
    nearest: float | None
    unit: str
    reachable: bool

    @property
    def reason(self) -> str:
        if self.nearest_candidate_id is None:
            return "no candidate site can reach it"
        at = f"{self.nearest:.2f} {self.unit}".rstrip()
        where = f"nearest candidate {self.nearest_candidate_id} at {at}"
        if self.reachable:
            return f"{where} is within reach but not chosen: the targets/budget are met without it"
        return f"{where}, beyond the threshold: no candidate can cover it"


@dataclass(frozen=True, slots=True)
class Infeasibility:
    """Why the targets cannot all be met: the groups short of places, and the places no
    candidate can cover."""

    shortfalls: Mapping[str, tuple[int, int]]  # group -> (places needed, places coverable)
    uncoverable_ids: tuple[str, ...]

    @property
    def message(self) -> str:
        short = "; ".join(
            f"{group}: {need} needed, only {can} coverable"
            for group, (need, can) in self.shortfalls.items()
        )
        shown = ", ".join(self.uncoverable_ids[:10])
        more = (
            f" and {len(self.uncoverable_ids) - 10} more" if len(self.uncoverable_ids) > 10 else ""
        )
        return f"targets cannot be met ({short}); no candidate can cover: {shown}{more}"


@dataclass(frozen=True)
class SitingResult:
    """The outcome of one siting model.

    Attributes:
        model: ``"min_cost"``, ``"mclp"`` or ``"lscp"``.
        status: ``"OPTIMAL"`` (proven), ``"FEASIBLE"`` (time limit hit; see ``gap_pct``),
            ``"INFEASIBLE"`` (see ``infeasible``) or ``"UNKNOWN"`` (no solution in time).
        chosen_ids: ids of the chosen service points, in candidate order.
        existing_ids: the chosen points that reuse an existing outlet.
        covers: chosen point -> places it serves (each covered place goes to its nearest point).
        cost_yuan: total cost of the chosen points, rounded to the fen (ROUND_HALF_UP).
        objective: the solver's objective (fen for cost models, weight for MCLP).
        bound: the best proven bound on the objective.
        gap_pct: relative gap between objective and bound in percent (0 when proven).
        coverage: covered / total townships, villages and poor villages.
        targets_met: group -> met (and ``all``), for the targets the model was given.
        uncovered: one explanation per uncovered village or seat.
        infeasible: what makes the targets impossible, or None.
        candidates_removed: dominated candidates removed before solving.
        wall_s: solve wall time in seconds.
    """

    model: str
    status: str
    chosen_ids: tuple[str, ...]
    existing_ids: tuple[str, ...]
    covers: Mapping[str, tuple[str, ...]]
    cost_yuan: Decimal
    objective: float | None
    bound: float | None
    gap_pct: float | None
    coverage: CoverageCounts
    targets_met: Mapping[str, bool] = field(default_factory=dict)
    uncovered: tuple[UncoveredPlace, ...] = ()
    infeasible: Infeasibility | None = None
    candidates_removed: int = 0
    wall_s: float = 0.0

    @property
    def optimal(self) -> bool:
        return self.status == "OPTIMAL"

    def summary(self) -> dict[str, Any]:
        """JSON-ready headline figures."""
        return {
            "model": self.model,
            "status": self.status,
            "points": len(self.chosen_ids),
            "existing_reused": len(self.existing_ids),
            "cost_yuan": str(self.cost_yuan),
            "gap_pct": self.gap_pct,
            "bound": self.bound,
            **self.coverage.pct(),
            "targets_met": dict(self.targets_met),
            "uncovered": len(self.uncovered),
            "infeasible": None if self.infeasible is None else self.infeasible.message,
        }
