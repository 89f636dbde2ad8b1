"""Trade-off curve: what each extra step of village (or poor-village) coverage costs."""

from __future__ import annotations

from dataclasses import dataclass, replace
from decimal import Decimal
from typing import Any

from network.coverage import DEFAULT_TARGETS, CoverageTargets
from network.errors import InputError
from network.siting._cpsat import DEFAULT_SETTINGS, CpSatSettings
from network.siting.cover import min_cost_siting
from network.siting.problem import SitingProblem
from network.texts import Message


@dataclass(frozen=True, slots=True)
class CurvePoint:
    """The cheapest siting for one coverage level of one series.

    Attributes:
        series: ``"villages"`` or ``"poor_villages"`` (the target being swept).
        target_pct: the swept target.
        status: the solve status (``"INFEASIBLE"`` above what the candidates can reach).
        cost_yuan: cost of the cheapest siting (None when infeasible or unsolved).
        points: number of points.
        villages_pct, poor_villages_pct: coverage actually reached.
        gap_pct: optimality gap (0 when proven).
    """

    series: str
    target_pct: float
    status: str
    cost_yuan: Decimal | None
    points: int
    villages_pct: float | None
    poor_villages_pct: float | None
    gap_pct: float | None

    def row(self) -> dict[str, Any]:
        """JSON-ready row (money as a string)."""
        return {
            "series": self.series,
            "target_pct": self.target_pct,
            "status": self.status,
            "cost_yuan": None if self.cost_yuan is None else str(self.cost_yuan),
            "points": self.points,
            "villages_pct": self.villages_pct,
            "poor_villages_pct": self.poor_villages_pct,
            "gap_pct": self.gap_pct,
        }


def tradeoff_curve(
    problem: SitingProblem,
    *,
    step_pct: float = 10.0,
    townships_pct: float = DEFAULT_TARGETS.townships_service_pct,
    settings: CpSatSettings = DEFAULT_SETTINGS,
) -> tuple[CurvePoint, ...]:
    """Cost of the cheapest siting at village coverage 0, step, ..., 100 % (other village
    target 0), then the same for poor-village coverage; townships at ``townships_pct``."""
    if not 0 < step_pct <= 100:
        raise InputError(
            Message("step_pct must be in (0, 100], got {step_pct}", step_pct=step_pct),
            field="step_pct",
        )
    levels = [min(100.0, k * step_pct) for k in range(int(100 // step_pct) + 1)]
    if levels[-1] < 100.0:
        levels.append(100.0)
    points = []
    for series in ("villages", "poor_villages"):
        hint: tuple[str, ...] = ()
        for level in levels:
            targets = _targets(series, level, townships_pct)
            result = min_cost_siting(problem, targets=targets, settings=settings, hint=hint)
            hint = result.chosen_ids or hint
            pct = result.coverage.pct()
            solved = result.objective is not None
            points.append(
                CurvePoint(
                    series=series,
                    target_pct=level,
                    status=result.status,
                    cost_yuan=result.cost_yuan if solved else None,
                    points=len(result.chosen_ids),
                    villages_pct=pct["villages_pct"] if solved else None,
                    poor_villages_pct=pct["poor_villages_pct"] if solved else None,
                    gap_pct=result.gap_pct,
                )
            )
    return tuple(points)


def _targets(series: str, level: float, townships_pct: float) -> CoverageTargets:
    base = replace(
        DEFAULT_TARGETS,
        townships_service_pct=townships_pct,
        villages_service_pct=0.0,
        poor_villages_service_pct=0.0,
    )
    return replace(base, **{f"{series}_service_pct": level})
