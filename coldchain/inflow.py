"""Harvest and landing inflows by step, with the year-to-year and day-to-day variation of a seed.

Each lane's mean in-season kg/day is shaped by its product's calendar (mean 1 over the season)
and varied per seed by (EST, no source: weather and market make seasons differ; the defaults are
planning guesses to be calibrated locally): a season shift of up to ``shift_days`` either way, a
year scale with coefficient of variation ``year_cv`` and independent daily lognormal noise
``daily_cv``. A day's harvest lands in the step holding the product's ``landing_min``.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from coldchain.calendar import DAYS_PER_YEAR
from coldchain.chain import Lane
from coldchain.products import Product
from network.errors import InputError
from network.texts import Message

FloatArray = npt.NDArray[np.float64]


@dataclass(frozen=True, slots=True)
class Variation:
    """Random variation of the harvest between seasons and days (all EST)."""

    daily_cv: float = 0.25
    year_cv: float = 0.10
    shift_days: int = 7

    def __post_init__(self) -> None:
        if self.daily_cv < 0 or self.year_cv < 0 or self.shift_days < 0:
            raise InputError(Message("variation parameters must be >= 0"), field="variation")


def _lognormal(rng: np.random.Generator, cv: float, size: tuple[int, ...]) -> FloatArray:
    """Lognormal factors with mean 1 and coefficient of variation ``cv``."""
    sigma = np.sqrt(np.log1p(cv**2))
    return np.asarray(rng.lognormal(-(sigma**2) / 2.0, sigma, size), dtype=np.float64)


def harvest_inflows(
    lanes: Sequence[Lane],
    catalogue: Mapping[str, Product],
    *,
    seeds: Sequence[int],
    days: int = DAYS_PER_YEAR,
    start_doy: int = 1,
    steps_per_day: int = 1,
    variation: Variation | None = None,
) -> FloatArray:
    """Harvest kg per step, shape (len(seeds), days x steps_per_day, len(lanes)).

    A seed's draws do not depend on the other seeds in the batch, so a season is reproducible
    from its seed alone.
    """
    if days < 1 or steps_per_day < 1:
        raise InputError(Message("days and steps_per_day must be >= 1"), field="days")
    variation = variation or Variation()
    profiles = np.stack(
        [catalogue[lane.product_id].season.daily_profile() for lane in lanes], axis=1
    )
    mean_kg = np.array([lane.supply_kg_per_day for lane in lanes])
    landing_step = np.array(
        [catalogue[lane.product_id].landing_min * steps_per_day // 1440 for lane in lanes],
        dtype=np.intp,
    )
    out = np.zeros((len(seeds), days * steps_per_day, len(lanes)))
    day_index = np.arange(days)
    for i, seed in enumerate(seeds):
        rng = np.random.default_rng(seed)
        shift = int(rng.integers(-variation.shift_days, variation.shift_days + 1))
        doy = (start_doy - 1 + day_index - shift) % DAYS_PER_YEAR
        year = _lognormal(rng, variation.year_cv, (1, len(lanes)))
        daily = (
            profiles[doy] * mean_kg * year * _lognormal(rng, variation.daily_cv, (days, len(lanes)))
        )
        out[
            i, day_index[:, None] * steps_per_day + landing_step[None, :], np.arange(len(lanes))
        ] = daily
    return out
