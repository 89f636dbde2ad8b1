"""The main run's siting section: the cheapest service points that meet the plan's targets.

Runs before routing: the chosen points (``data.chosen_ids``) are the stops routing serves, and
``data.hub_ids`` the township hubs when ``hubs`` is set. Every existing outlet (post office,
co-op, express outlet, shop, party-service centre) is a candidate at the upgrade cost; every
other township seat and village at the build cost. A village is covered by a point within
``service_radius_km`` of road (or ``service_max_min`` minutes, when given) on the run's matrix.

Default figures (facts.md 3e, S138: one-off awards of 1,000 yuan per village post and
20,000 yuan per village outlet; used as costs, set your own):
- ``upgrade_yuan = 1000``: upgrading an existing outlet (the award for a village post).
- ``build_yuan = 20000``: a new village outlet (>= 20 m², the award for one).
- running costs (EST, not in facts.md): 1,200 yuan/year allowance to an upgraded outlet's
  keeper, 6,000 yuan/year rent, power and part-time clerk for a new point, over ``years = 3``.
- targets: townships 100 %, villages 50 %, registered-poor villages 70 % (the national plan;
  keep them equal to ``[targets]``, which the runner measures coverage against).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

import network.siting as sites
from network import CoverageTargets, InputError, Network
from network.money import format_yuan
from network.siting import (
    CpSatSettings,
    CurvePoint,
    HubResult,
    SitingCosts,
    SitingProblem,
    SitingResult,
)
from network.texts import Message
from scenarios.context import Json, Row, RunContext

KEY = "siting"

_FAST_LIMIT_S = 5.0


class Config(BaseModel):
    """The ``[siting]`` table."""

    model_config = ConfigDict(extra="forbid")

    model: Literal["min_cost", "mclp", "lscp"] = "min_cost"
    service_radius_km: float = Field(default=3.0, gt=0)
    service_max_min: float | None = Field(default=None, gt=0)
    townships_pct: float = Field(default=100.0, ge=0, le=100)
    villages_pct: float = Field(default=50.0, ge=0, le=100)
    poor_villages_pct: float = Field(default=70.0, ge=0, le=100)
    upgrade_yuan: Decimal = Field(default=Decimal(1_000), ge=0)
    build_yuan: Decimal = Field(default=Decimal(20_000), ge=0)
    upgrade_running_yuan_per_year: Decimal = Field(default=Decimal(1_200), ge=0)
    build_running_yuan_per_year: Decimal = Field(default=Decimal(6_000), ge=0)
    years: int = Field(default=3, ge=0)
    budget_yuan: Decimal | None = Field(default=None, ge=0, description="MCLP budget")
    poor_weight: int = Field(default=2, ge=0, description="MCLP weight of a poor village")
    curve: bool = True
    curve_step_pct: float = Field(default=10.0, gt=0, le=100)
    hubs: int | None = Field(default=None, ge=1, description="township hubs to choose (p)")
    # Above Yiwu's whole daily volume (about 10 million parcels) no hub is plausible.
    hub_capacity_parcels_per_day: float | None = Field(default=None, gt=0, le=10_000_000)
    time_limit_s: float | None = Field(default=None, gt=0, description="per solve")
    workers: int = Field(default=8, ge=1, description="CP-SAT search workers")

    def targets(self) -> CoverageTargets:
        return CoverageTargets(
            townships_service_pct=self.townships_pct,
            villages_service_pct=self.villages_pct,
            poor_villages_service_pct=self.poor_villages_pct,
        )

    def costs(self) -> SitingCosts:
        return SitingCosts(
            upgrade_yuan=self.upgrade_yuan,
            build_yuan=self.build_yuan,
            upgrade_running_yuan_per_year=self.upgrade_running_yuan_per_year,
            build_running_yuan_per_year=self.build_running_yuan_per_year,
            years=self.years,
        )


def _settings(ctx: RunContext, config: Config) -> CpSatSettings:
    limit = config.time_limit_s or ctx.time_limit_s
    if ctx.fast:
        limit = min(limit, _FAST_LIMIT_S)
    return CpSatSettings(
        time_limit_s=limit, seed=ctx.seed, workers=config.workers, deterministic=True
    )


def _solve(problem: SitingProblem, config: Config, settings: CpSatSettings) -> SitingResult:
    if config.model == "lscp":
        return sites.set_covering(problem, settings=settings)
    if config.model == "mclp":
        if config.budget_yuan is None:
            raise InputError(
                Message("[siting] model = 'mclp' needs budget_yuan"), field="budget_yuan"
            )
        return sites.max_coverage(
            problem,
            budget_yuan=config.budget_yuan,
            poor_weight=config.poor_weight,
            settings=settings,
        )
    return sites.min_cost_siting(problem, targets=config.targets(), settings=settings)


def run(ctx: RunContext, config: Config) -> SitingOutcome:
    """Choose the service points (and hubs), draw the cost curve, list points and gaps."""
    ctx.progress("siting", 0.0, None)
    settings = _settings(ctx, config)
    problem = sites.siting_problem(
        ctx.network,
        ctx.matrix,
        costs=config.costs(),
        max_km=config.service_radius_km,
        max_min=config.service_max_min,
    )
    result = _solve(problem, config, settings)
    ctx.progress("siting", 0.4, float(result.cost_yuan))
    curve = (
        sites.tradeoff_curve(
            problem,
            step_pct=config.curve_step_pct,
            townships_pct=config.townships_pct,
            settings=settings,
        )
        if config.curve
        else ()
    )
    ctx.progress("siting", 0.9, float(result.cost_yuan))
    hubs = None
    if config.hubs is not None:
        hubs = sites.capacitated_hubs(
            ctx.network,
            ctx.matrix,
            p=min(config.hubs, len(ctx.network.townships)),
            capacity_parcels_per_day=config.hub_capacity_parcels_per_day,
            settings=settings,
        )
    ctx.progress("siting", 1.0, float(result.cost_yuan))
    return SitingOutcome(
        chosen_ids=result.chosen_ids,
        hub_ids=hubs.hub_ids if hubs else (),
        result=result,
        curve=curve,
        hubs=hubs,
        problem=problem,
        config=config,
        network=ctx.network,
    )


@dataclass(frozen=True)
class SitingOutcome:
    """The siting section's result, for later sections, maps and the report.

    Attributes:
        chosen_ids: the service points routing must serve.
        hub_ids: township hubs chosen by the p-median (empty when ``hubs`` is not set).
        result: the siting model's full result.
        curve: cost against village and poor-village coverage.
        hubs: the p-median result, or None.
        problem: the siting problem solved (candidates, their costs, coverage criterion).
        config: the ``[siting]`` table it ran with.
        network: the network it sited on.
    """

    chosen_ids: tuple[str, ...]
    hub_ids: tuple[str, ...]
    result: SitingResult
    curve: tuple[CurvePoint, ...]
    hubs: HubResult | None
    problem: SitingProblem
    config: Config
    network: Network

    @property
    def targets_met(self) -> dict[str, bool | None]:
        """Each siting target (and ``all``) met by the chosen points; the poor-village target
        is None (no data) when no village's registered-poor flag was given."""
        met: dict[str, bool | None] = dict(
            sites.targets_met(self.result.coverage, self.config.targets())
        )
        if not any(v.poor_known for v in self.network.administrative_villages):
            met["poor_villages"] = None
            met["all"] = all(v for k, v in met.items() if k != "all" and v is not None)
        return met

    def summary(self) -> dict[str, Json]:
        """``plan.json`` ``siting``."""
        return _summary(self)

    def tables(self) -> dict[str, Sequence[Row]]:
        """``service_points``, ``siting_gaps``, ``siting_curve``."""
        return {
            "service_points": _point_rows(self.network, self.problem, self.result),
            "siting_gaps": _gap_rows(self.network, self.result),
            "siting_curve": [p.row() for p in self.curve],
        }

    def geojson(self) -> dict[str, Mapping[str, Json]]:
        """``service_points.geojson``."""
        return {"service_points": _point_features(self.network, self.problem, self.result)}


def _summary(outcome: SitingOutcome) -> dict[str, Json]:
    result, problem = outcome.result, outcome.problem
    summary: dict[str, Json] = {
        "points": len(result.chosen_ids),
        "cost_yuan": format_yuan(result.cost_yuan),
        "targets_met": outcome.targets_met,  # no points when infeasible
        "gap_pct": result.gap_pct,
        "model": result.model,
        "status": result.status,
        "existing_reused": len(result.existing_ids),
        "new_built": len(result.chosen_ids) - len(result.existing_ids),
        **result.coverage.pct(),
        "criterion": problem.criterion,
        "uncovered_villages": sum(1 for u in result.uncovered if u.id not in _seats(problem)),
        "infeasible": None if result.infeasible is None else result.infeasible.message,
        "candidates": len(problem.candidates),
        "candidates_removed": result.candidates_removed,
        "solve_s": round(result.wall_s, 2),
        "curve": [p.row() for p in outcome.curve],
    }
    if outcome.hubs is not None:
        hubs = outcome.hubs
        summary["hubs"] = {
            "hub_ids": list(hubs.hub_ids),
            "status": hubs.status,
            "gap_pct": hubs.gap_pct,
            "parcel_km_per_day": hubs.parcel_km_per_day,
            "load_parcels_per_day": dict(hubs.load_parcels_per_day),
        }
    return summary


def _seats(problem: SitingProblem) -> set[str]:
    return {pid for pid, seat in zip(problem.place_ids, problem.seat, strict=True) if seat}


def _point_rows(
    net: Network, problem: SitingProblem, result: SitingResult
) -> list[dict[str, str | int | float]]:
    by_id = {c.id: c for c in problem.candidates}
    rows: list[dict[str, str | int | float]] = []
    for point_id in result.chosen_ids:
        node, cand, township = net[point_id], by_id[point_id], net.township_of(point_id)
        served = result.covers.get(point_id, ())
        rows.append(
            {
                "point_id": point_id,
                "name": node.name,
                "tier": node.tier.value,
                "township_id": township.id if township else "",
                "existing": int(cand.existing),
                "outlets": ";".join(sorted(k.value for k in node.outlets)),
                "one_off_yuan": format_yuan(cand.one_off_yuan),
                "running_yuan_per_year": format_yuan(cand.running_yuan_per_year),
                "cost_yuan": format_yuan(cand.cost_yuan),
                "places_served": len(served),
                "served_ids": ";".join(served),
                "lon": node.lon,
                "lat": node.lat,
            }
        )
    return rows


def _gap_rows(net: Network, result: SitingResult) -> list[Row]:
    return [
        {
            "place_id": u.id,
            "name": net[u.id].name,
            "tier": net[u.id].tier.value,
            "poor": int(net[u.id].poor),
            "nearest_candidate_id": u.nearest_candidate_id or "",
            "nearest": "" if u.nearest is None else u.nearest,
            "unit": u.unit,
            "reachable": int(u.reachable),
            "reason": u.reason,
        }
        for u in result.uncovered
    ]


def _point_features(net: Network, problem: SitingProblem, result: SitingResult) -> dict[str, Json]:
    rows = _point_rows(net, problem, result)
    features: list[Json] = [
        {
            "type": "Feature",
            "geometry": {"type": "Point", "coordinates": [row["lon"], row["lat"]]},
            "properties": {k: v for k, v in row.items() if k not in ("lon", "lat", "served_ids")},
        }
        for row in rows
    ]
    return {"type": "FeatureCollection", "features": features}


def check(ctx: RunContext, config: Config) -> None:
    """The checks :func:`run` makes before solving (``validate`` runs them)."""
    if config.model == "mclp" and config.budget_yuan is None:
        raise InputError(Message("[siting] model = 'mclp' needs budget_yuan"), field="budget_yuan")
    sites.siting_problem(
        ctx.network,
        ctx.matrix,
        costs=config.costs(),
        max_km=config.service_radius_km,
        max_min=config.service_max_min,
    )
