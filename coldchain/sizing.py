"""``size``: the smallest capacity per stage that keeps the season's loss under a target.

Every facility of a stage is scaled by one factor (keeping the planner's split between places).
The search starts from *ample* capacity (doubled until more no longer lowers the loss), then,
stage by stage in flow order, bisects the smallest factor (on a log scale, to ``tolerance``)
whose loss at the ``percentile`` season stays at or under the target, given the stages already
sized. Reefer fleets are rounded up to whole vehicles and the final chain is simulated again
on the same seeds; if rounding pushed the loss over the target, every factor grows by 10% until
it does not. Each evaluation is a Monte Carlo run on the same seeds (common random numbers).
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, replace
from decimal import Decimal

import numpy as np

from coldchain.costs import UnitPrices, capital_yuan, energy_yuan_per_year
from coldchain.facilities import ColdStore, Facility, PreCooler, ReeferFleet, Stage
from coldchain.simulate import SeasonSetup, with_facilities
from coldchain.stats import SeasonStats, monte_carlo
from network.errors import InputError
from network.texts import Message

_MAX_AMPLE = 1024.0


@dataclass(frozen=True, slots=True)
class LossPoint:
    """Loss when one stage (or ``"all"``) is built at ``share`` of the recommended capacity."""

    stage: str
    share: float
    capacity: float
    unit: str
    loss_pct: float  # at the sizing percentile
    mean_lost_value_yuan: float


@dataclass(frozen=True, slots=True)
class StageSize:
    """The recommendation for one stage."""

    stage: Stage
    factor: float  # x the input capacity
    capacity: float
    unit: str
    capital_yuan: Decimal
    energy_yuan_per_year: Decimal


@dataclass(frozen=True, slots=True)
class SizingResult:
    """Recommended facilities, their cost, and the loss curve below them.

    ``floor_pct`` is the loss with ample capacity everywhere (what capacity cannot fix: harvest
    that spoils before any stage, transit); when it exceeds the target, ``feasible`` is False
    and the stages are sized to come within 0.1 percentage point of the floor instead.
    """

    target_pct: float
    percentile: float
    runs: int
    feasible: bool
    floor_pct: float
    achieved_pct: float
    stages: tuple[StageSize, ...]
    facilities: tuple[Facility, ...]
    loss_curve: tuple[LossPoint, ...]
    stats: SeasonStats

    @property
    def capital_yuan(self) -> Decimal:
        return sum((s.capital_yuan for s in self.stages), Decimal(0))

    @property
    def energy_yuan_per_year(self) -> Decimal:
        return sum((s.energy_yuan_per_year for s in self.stages), Decimal(0))


_UNITS = {
    Stage.PROCESSING: "kg/day",
    Stage.PRECOOL: "kg/day",
    Stage.COLD_ROOM: "m3",
    Stage.FROZEN_STORE: "m3",
    Stage.REEFER: "vehicles",
    Stage.BULK_REEFER: "vehicles",
}


def _size_of(facility: Facility) -> float:
    """The planner's size figure: throughput kg/day, nominal volume m³ or vehicles."""
    if isinstance(facility, ReeferFleet):
        return facility.vehicles
    if isinstance(facility, ColdStore):
        return facility.volume_m3
    return facility.throughput_kg_per_day


def _stage_capacity(facilities: Sequence[Facility], stage: Stage) -> float:
    return sum(_size_of(f) for f in facilities if f.stage is stage)


def _whole_vehicles(facilities: Sequence[Facility]) -> list[Facility]:
    return [
        replace(f, vehicles=float(math.ceil(f.vehicles - 1e-9)))
        if isinstance(f, ReeferFleet)
        else f
        for f in facilities
    ]


class _Evaluator:
    """Monte Carlo loss at a percentile for stage factors, cached."""

    def __init__(
        self, setup: SeasonSetup, *, runs: int, seed: int, percentile: float, processes: int
    ):
        self.setup, self.runs, self.seed = setup, runs, seed
        self.percentile, self.processes = percentile, processes
        self.cache: dict[tuple[float, ...], SeasonStats] = {}

    def stats(self, facilities: Sequence[Facility], key: tuple[float, ...]) -> SeasonStats:
        if key not in self.cache:
            self.cache[key] = monte_carlo(
                with_facilities(self.setup, facilities),
                runs=self.runs,
                seed=self.seed,
                processes=self.processes,
            )
        return self.cache[key]

    def loss(self, factors: Mapping[Stage, float]) -> float:
        key = tuple(round(factors[s], 9) for s in sorted(factors))
        return self.stats(self.setup.scaled(factors), key).percentile_loss_pct(self.percentile)


def _ample(ev: _Evaluator, stages: Sequence[Stage]) -> tuple[float, float]:
    amp, loss = 1.0, ev.loss(dict.fromkeys(stages, 1.0))
    while amp < _MAX_AMPLE:
        more = ev.loss(dict.fromkeys(stages, amp * 2))
        if loss - more <= 0.01 * loss + 1e-6:
            break
        amp, loss = amp * 2, more
    return amp, loss


def _bisect(
    ev: _Evaluator, factors: dict[Stage, float], stage: Stage, goal: float, tolerance: float
) -> float:
    hi = factors[stage]
    lo = hi / 64.0  # if even 1/64 of ample meets the target, that is what is reported
    if ev.loss({**factors, stage: lo}) <= goal:
        return lo
    while hi / lo > 1.0 + tolerance:
        mid = math.sqrt(hi * lo)
        if ev.loss({**factors, stage: mid}) <= goal:
            hi = mid
        else:
            lo = mid
    return hi


def size(
    setup: SeasonSetup,
    *,
    target_loss_pct: float = 2.0,
    percentile: float = 90.0,
    runs: int = 20,
    seed: int = 0,
    tolerance: float = 0.05,
    curve_shares: Sequence[float] = (0.25, 0.5, 0.75, 0.9),
    prices: UnitPrices | None = None,
    processes: int = 1,
    progress: Callable[[float], None] | None = None,
) -> SizingResult:
    """Size every stage of ``setup`` (from :func:`coldchain.prepare_season`); see the module
    docstring. Loss is lost value / harvested value at the ``percentile`` season of ``runs``."""
    if not 0 < target_loss_pct < 100:
        raise InputError(
            Message("{target_loss_pct} must be in 0..100", target_loss_pct=target_loss_pct),
            field="target_loss_pct",
        )
    if not 0 < percentile <= 100:
        raise InputError(
            Message("{percentile} must be in 0..100", percentile=percentile), field="percentile"
        )
    if not 0 < tolerance < 1:
        raise InputError(
            Message("{tolerance} must be in 0..1", tolerance=tolerance), field="tolerance"
        )
    ev = _Evaluator(setup, runs=runs, seed=seed, percentile=percentile, processes=processes)
    stages = list(dict.fromkeys(f.stage for f in setup.facilities))
    amp, floor = _ample(ev, stages)
    goal = max(target_loss_pct, floor + 0.1)
    factors = dict.fromkeys(stages, amp)
    for i, stage in enumerate(stages):
        factors[stage] = _bisect(ev, factors, stage, goal, tolerance)
        if progress is not None:
            progress((i + 1) / (len(stages) + 1))
    facilities, stats = _final(ev, factors, goal)
    prices = prices or UnitPrices()
    return SizingResult(
        target_pct=target_loss_pct,
        percentile=percentile,
        runs=runs,
        feasible=floor <= target_loss_pct,
        floor_pct=floor,
        achieved_pct=stats.percentile_loss_pct(percentile),
        stages=_stage_sizes(setup, facilities, factors, stats, prices),
        facilities=tuple(facilities),
        loss_curve=_curve(ev, factors, curve_shares),
        stats=stats,
    )


def _final(
    ev: _Evaluator, factors: dict[Stage, float], goal: float
) -> tuple[list[Facility], SeasonStats]:
    for _ in range(20):
        facilities = _whole_vehicles(ev.setup.scaled(factors))
        key = (-1.0, *(round(factors[s], 9) for s in sorted(factors)))
        stats = ev.stats(facilities, key)
        if stats.percentile_loss_pct(ev.percentile) <= goal:
            return facilities, stats
        factors.update({s: f * 1.1 for s, f in factors.items()})
    raise InputError(
        Message("sizing did not converge: loss does not fall with capacity"),
        field="target_loss_pct",
    )


def _stage_sizes(
    setup: SeasonSetup,
    facilities: Sequence[Facility],
    factors: Mapping[Stage, float],
    stats: SeasonStats,
    prices: UnitPrices,
) -> tuple[StageSize, ...]:
    steps_per_day = setup.steps_per_day
    work = stats.util_sum.mean(axis=0)  # utilisation x steps, per facility
    out = []
    for stage, factor in factors.items():
        capital, energy = Decimal(0), Decimal(0)
        for i, f in enumerate(facilities):
            if f.stage is not stage:
                continue
            capital += capital_yuan(f, prices)
            # capacity units per step used: kg (prep) or vehicle trips (fleets) per year
            per_year = float(work[i]) * f.capacity / steps_per_day * 365 / setup.days
            energy += energy_yuan_per_year(
                f,
                prices,
                throughput_per_year=per_year,
                cooling_kj_per_kg=_cooling_kj_per_kg(setup, f),
            )
        out.append(
            StageSize(
                stage, factor, _stage_capacity(facilities, stage), _UNITS[stage], capital, energy
            )
        )
    return tuple(out)


def _cooling_kj_per_kg(setup: SeasonSetup, facility: Facility) -> float:
    """Mean cp x ΔT (kJ/kg, facts.md 1c) of the products a pre-cooler serves, by mean supply."""
    if not isinstance(facility, PreCooler):
        return 0.0
    pairs = [
        (lane.supply_kg_per_day, setup.products[lane.product_id])
        for lane in setup.lanes
        if lane.prep_id == facility.id
    ]
    total = sum(kg for kg, _ in pairs)
    if total == 0:
        return 0.0
    heat = [
        kg * p.specific_heat_kj_kg_k * max(p.field_temp_c - facility.set_point_c, 0.0)
        for kg, p in pairs
    ]
    return sum(heat) / total


def _curve(
    ev: _Evaluator, factors: Mapping[Stage, float], shares: Sequence[float]
) -> tuple[LossPoint, ...]:
    points = []
    for stage in [*factors, None]:
        for share in shares:
            scaled = {s: f * share if stage in (None, s) else f for s, f in factors.items()}
            facilities = ev.setup.scaled(scaled)
            stats = ev.stats(facilities, tuple(round(scaled[s], 9) for s in sorted(scaled)))
            name = "all" if stage is None else stage.value
            capacity = float(np.nan) if stage is None else _stage_capacity(facilities, stage)
            unit = "" if stage is None else _UNITS[stage]
            points.append(
                LossPoint(
                    name,
                    share,
                    capacity,
                    unit,
                    stats.percentile_loss_pct(ev.percentile),
                    float(stats.lost_value_yuan.sum(axis=1).mean()),
                )
            )
    return tuple(points)
