"""Harvest and landing calendars: a daily supply profile over the year.

A calendar is a year-round base level plus triangular season windows (start, peak, end day of
the year; a window may run past day 365 into the next January). The profile is scaled so its
mean over the in-season days is 1: multiplied by a node's ``supply_kg_per_day`` ("average kg per
day in season", the agreed node-file meaning) it gives that node's daily harvest.

A data file averages its yearly total over *its own* season length, which need not be the
calendar's (the demo builder spreads 5,000 t of bamboo shoots over 61 days, the catalogue's
calendar has 162). :meth:`SupplyCalendar.fitted` makes the calendar agree with the data: the
``season_days`` busiest days of the calendar are the season, so kg/day x season days is the
stated yearly total and the in-season mean is the stated kg/day. A data season longer than the
calendar's keeps the calendar's days and scales them so the yearly total still holds.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

import numpy as np
import numpy.typing as npt

from network.errors import InputError
from network.texts import Message

DAYS_PER_YEAR = 365


@dataclass(frozen=True, slots=True)
class SeasonWindow:
    """One triangular season: zero at ``start_doy`` and ``end_doy``, ``weight`` at ``peak_doy``."""

    start_doy: int
    peak_doy: int
    end_doy: int
    weight: float = 1.0

    def __post_init__(self) -> None:
        if not 1 <= self.start_doy <= DAYS_PER_YEAR:
            raise InputError(
                Message("{start_doy} is outside 1..365", start_doy=self.start_doy),
                field="season.start_doy",
            )
        if not self.start_doy <= self.peak_doy <= self.end_doy < self.start_doy + DAYS_PER_YEAR:
            raise InputError(
                Message(
                    "days {start_doy}, {peak_doy}, {end_doy} must satisfy start <= peak <= end "
                    "< start + 365",
                    start_doy=self.start_doy,
                    peak_doy=self.peak_doy,
                    end_doy=self.end_doy,
                ),
                field="season.windows",
            )
        if not self.weight > 0:
            raise InputError(
                Message("{weight} must be > 0", weight=self.weight), field="season.weight"
            )

    def profile(self) -> npt.NDArray[np.float64]:
        """Weight on each day of the year (index 0 = 1 January)."""
        days = np.arange(self.start_doy, self.end_doy + 1, dtype=np.float64)
        rise = (days - self.start_doy + 1) / (self.peak_doy - self.start_doy + 1)
        fall = (self.end_doy - days + 1) / (self.end_doy - self.peak_doy + 1)
        shape = np.where(days <= self.peak_doy, rise, fall) * self.weight
        out = np.zeros(DAYS_PER_YEAR)
        np.add.at(out, (days.astype(np.int64) - 1) % DAYS_PER_YEAR, shape)
        return out


@dataclass(frozen=True, slots=True)
class SupplyCalendar:
    """Year-round ``base`` level plus season windows (see module docstring)."""

    windows: tuple[SeasonWindow, ...] = ()
    base: float = 0.0
    season_days_stated: int | None = None  # the data's season length (see :meth:`fitted`)

    def __post_init__(self) -> None:
        if self.base < 0:
            raise InputError(Message("{base} must be >= 0", base=self.base), field="season.base")
        if self.base == 0 and not self.windows:
            raise InputError(Message("a calendar needs a base level or a window"), field="season")
        stated = self.season_days_stated
        if stated is not None and not 1 <= stated <= DAYS_PER_YEAR:
            raise InputError(
                Message("{stated} is outside 1..365", stated=stated), field="season.season_days"
            )

    def fitted(self, season_days: int) -> SupplyCalendar:
        """This calendar for supply figures averaged over ``season_days`` days of harvest."""
        return replace(self, season_days_stated=season_days)

    def daily_profile(self) -> npt.NDArray[np.float64]:
        """365 daily factors whose mean over in-season days (factor > 0) is 1 and whose sum is
        the season length the supply figures were averaged over (see the module docstring)."""
        raw = np.full(DAYS_PER_YEAR, self.base)
        for window in self.windows:
            raw += window.profile()
        stated = self.season_days_stated
        if stated is not None and stated < np.count_nonzero(raw):
            busiest = np.argsort(-raw, kind="stable")[:stated]
            kept = np.zeros(DAYS_PER_YEAR)
            kept[busiest] = raw[busiest]
            raw = kept
        in_season = raw > 0
        profile = raw / raw[in_season].mean()
        if stated is not None and stated > np.count_nonzero(in_season):
            profile *= stated / np.count_nonzero(in_season)
        return np.asarray(profile, dtype=np.float64)

    def design_factor(self, percentile: float) -> float:
        """The ``percentile`` in-season day as a multiple of the in-season mean (e.g. P90)."""
        profile = self.daily_profile()
        return float(np.percentile(profile[profile > 0], percentile))

    def season_days(self) -> int:
        """Number of days with any harvest."""
        return int(np.count_nonzero(self.daily_profile()))
