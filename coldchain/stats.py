"""Season statistics: per-seed figures reduced from a :class:`SeasonResult`, and Monte Carlo.

A :class:`SeasonStats` keeps, per seed, what planners look at (value lost, peak utilisation,
queues, shelf life left at dispatch) and, per day, the mean over seeds of each facility's
utilisation and queue, so Monte Carlo runs of thousands of seasons stay small and combine by
concatenation.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from coldchain.facilities import Stage
from coldchain.simulate import SeasonResult, SeasonSetup, run_season
from network.errors import InputError
from network.texts import Message

FloatArray = npt.NDArray[np.float64]

PLACES = ("waiting", "store")
"""Where product is lost: waiting warm for prep (or for store room), or in store (including
stock that could no longer reach the county DC in time)."""

_BINDING = 0.999  # utilisation at which a facility counts as full


@dataclass(frozen=True, eq=False)
class SeasonStats:
    """Per-seed (axis B) and per-day (axis D) figures of a batch of seasons.

    Attributes:
        seeds: the seasons.
        product_ids, facility_ids, facility_stages: axes P and F.
        arrived_kg, lost_kg, lost_value_yuan, dispatched_kg: (B, P).
        arrived_value_yuan: (B, P).
        lost_kg_by_place: (B, 2) in :data:`PLACES` order.
        life_left_kg_days: (B, P): sum over dispatched kg of days of shelf life left on
            arrival at the county DC (at the store's set-point).
        peak_util, peak_queue_kg, congested_steps: (B, F); a facility is congested in a step
            when it is full and product waits for it.
        util_sum: (B, F) utilisation summed over steps (x capacity per step = work done).
        steps: steps per season.
        daily_lost_value_yuan, daily_arrived_value_yuan: (B, D).
        daily_util_sum, daily_queue_sum: (D, F) sums over seeds of each day's maximum.
    """

    seeds: tuple[int, ...]
    product_ids: tuple[str, ...]
    facility_ids: tuple[str, ...]
    facility_stages: tuple[Stage, ...]
    start_doy: int
    steps: int
    arrived_kg: FloatArray
    arrived_value_yuan: FloatArray
    lost_kg: FloatArray
    lost_value_yuan: FloatArray
    dispatched_kg: FloatArray
    lost_kg_by_place: FloatArray
    life_left_kg_days: FloatArray
    peak_util: FloatArray
    peak_queue_kg: FloatArray
    congested_steps: FloatArray
    util_sum: FloatArray
    daily_lost_value_yuan: FloatArray
    daily_arrived_value_yuan: FloatArray
    daily_util_sum: FloatArray
    daily_queue_sum: FloatArray

    def loss_pct(self) -> FloatArray:
        """Lost value as a percentage of harvested value, per seed."""
        lost = self.lost_value_yuan.sum(axis=1)
        arrived = self.arrived_value_yuan.sum(axis=1)
        return np.asarray(100.0 * lost / np.maximum(arrived, 1e-9), dtype=np.float64)

    def window_loss_pct(self, first_doy: int, last_doy: int) -> FloatArray:
        """Loss percentage per seed over the days of the year ``first_doy..last_doy``
        (wrapping past 31 December when ``last_doy < first_doy``)."""
        doy = (self.start_doy - 1 + np.arange(self.daily_lost_value_yuan.shape[1])) % 365 + 1
        inside = (doy >= first_doy) & (doy <= last_doy)
        if last_doy < first_doy:
            inside = (doy >= first_doy) | (doy <= last_doy)
        lost = self.daily_lost_value_yuan[:, inside].sum(axis=1)
        arrived = self.daily_arrived_value_yuan[:, inside].sum(axis=1)
        return np.asarray(100.0 * lost / np.maximum(arrived, 1e-9), dtype=np.float64)

    def percentile_loss_pct(self, q: float = 90.0) -> float:
        """The q-th percentile over seeds of the loss percentage (P90 season by default)."""
        return float(np.percentile(self.loss_pct(), q))

    def life_left_days(self) -> FloatArray:
        """Mean days of shelf life left at the county DC per product (NaN if none dispatched)."""
        kg = self.dispatched_kg.sum(axis=0)
        with np.errstate(invalid="ignore", divide="ignore"):
            return np.asarray(self.life_left_kg_days.sum(axis=0) / kg, dtype=np.float64)

    def bottleneck(self) -> tuple[str, Stage] | None:
        """The facility congested on the most steps (mean over seeds), or None if none is."""
        mean = self.congested_steps.mean(axis=0)
        if mean.size == 0 or mean.max() <= 0:
            return None
        i = int(np.argmax(mean))
        return self.facility_ids[i], self.facility_stages[i]

    @staticmethod
    def combine(parts: Sequence[SeasonStats]) -> SeasonStats:
        """Stats of all seeds of ``parts`` (same chain, same horizon)."""
        first = parts[0]
        cat = {
            name: np.concatenate([getattr(p, name) for p in parts], axis=0)
            for name in SeasonStats.__dataclass_fields__
            if name not in _META and not name.startswith("daily_util") and name != "daily_queue_sum"
        }
        return SeasonStats(
            seeds=tuple(s for p in parts for s in p.seeds),
            product_ids=first.product_ids,
            facility_ids=first.facility_ids,
            facility_stages=first.facility_stages,
            start_doy=first.start_doy,
            steps=first.steps,
            daily_util_sum=np.sum([p.daily_util_sum for p in parts], axis=0),
            daily_queue_sum=np.sum([p.daily_queue_sum for p in parts], axis=0),
            **cat,
        )


_META = ("seeds", "product_ids", "facility_ids", "facility_stages", "start_doy", "steps")


def mean_ci95(values: npt.ArrayLike) -> tuple[float, float, float]:
    """Mean and its 95% confidence interval (normal approximation, ``1.96 s / sqrt(n)``)."""
    v = np.asarray(values, dtype=np.float64)
    mean = float(v.mean())
    half = 1.96 * float(v.std(ddof=1)) / np.sqrt(v.size) if v.size > 1 else 0.0
    return mean, mean - half, mean + half


def season_stats(result: SeasonResult) -> SeasonStats:
    """Reduce a full result to its statistics."""
    o = result.output
    products = result.product_ids
    onehot = np.zeros((len(result.lanes), len(products)))
    onehot[np.arange(len(result.lanes)), [products.index(x.product_id) for x in result.lanes]] = 1
    value = result.lane_value_yuan_per_kg
    n_seed, n_step, _ = o.arrived.shape
    days, spd = n_step // result.steps_per_day, result.steps_per_day
    lost = result.lost_kg

    def by_product(series: FloatArray, weight: FloatArray | float = 1.0) -> FloatArray:
        return np.asarray((series.sum(axis=1) * weight) @ onehot, dtype=np.float64)

    def day_max(series: FloatArray) -> FloatArray:
        return np.asarray(series.reshape(n_seed, days, spd, -1).max(axis=2), dtype=np.float64)

    waiting_for = result.queue_kg > 0
    return SeasonStats(
        seeds=result.seeds,
        product_ids=products,
        facility_ids=tuple(f.id for f in result.facilities),
        facility_stages=tuple(f.stage for f in result.facilities),
        start_doy=result.start_doy,
        steps=n_step,
        arrived_kg=by_product(o.arrived),
        arrived_value_yuan=by_product(o.arrived, value),
        lost_kg=by_product(lost),
        lost_value_yuan=by_product(lost, value),
        dispatched_kg=by_product(o.dispatched),
        lost_kg_by_place=np.stack(
            [
                o.lost_wait.sum(axis=(1, 2)),
                o.lost_store.sum(axis=(1, 2)),
            ],
            axis=1,
        ),
        life_left_kg_days=by_product(o.life_left_kg, result.lane_life_days),
        peak_util=result.utilisation.max(axis=1),
        peak_queue_kg=result.queue_kg.max(axis=1),
        congested_steps=((result.utilisation >= _BINDING) & waiting_for).sum(axis=1).astype(float),
        util_sum=result.utilisation.sum(axis=1),
        daily_lost_value_yuan=(lost * value).sum(axis=2).reshape(n_seed, days, spd).sum(axis=2),
        daily_arrived_value_yuan=(o.arrived * value)
        .sum(axis=2)
        .reshape(n_seed, days, spd)
        .sum(axis=2),
        daily_util_sum=day_max(result.utilisation).sum(axis=0),
        daily_queue_sum=day_max(result.queue_kg).sum(axis=0),
    )


def season_seeds(seed: int, runs: int) -> tuple[int, ...]:
    """``runs`` season seeds derived from one run seed (reproducible, independent streams)."""
    return tuple(int(s) for s in np.random.SeedSequence(seed).generate_state(runs))


def _chunk(setup: SeasonSetup, seeds: tuple[int, ...]) -> SeasonStats:
    return season_stats(run_season(setup, seeds))


def monte_carlo(
    setup: SeasonSetup,
    *,
    runs: int,
    seed: int = 0,
    processes: int = 1,
    chunk: int = 25,
    progress: Callable[[float], None] | None = None,
) -> SeasonStats:
    """``runs`` seasons from seeds derived from ``seed``, in chunks of ``chunk`` seeds (each
    vectorised), on ``processes`` worker processes (1 = in this process). The result does not
    depend on ``processes`` or ``chunk``."""
    if runs < 1 or processes < 1 or chunk < 1:
        raise InputError(Message("runs, processes and chunk must be >= 1"), field="runs")
    seeds = season_seeds(seed, runs)
    chunks = [seeds[i : i + chunk] for i in range(0, runs, chunk)]
    parts: list[SeasonStats] = []
    if processes == 1:
        for part in chunks:
            parts.append(_chunk(setup, part))
            if progress is not None:
                progress(len(parts) / len(chunks))
    else:
        with ProcessPoolExecutor(max_workers=processes) as pool:
            for stats in pool.map(_chunk, [setup] * len(chunks), chunks):
                parts.append(stats)
                if progress is not None:
                    progress(len(parts) / len(chunks))
    return SeasonStats.combine(parts)
