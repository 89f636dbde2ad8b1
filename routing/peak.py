"""The peak day: a month profile of parcels and whether the county DC sorts the day in time.

Month profile (:class:`MonthProfile`, factors on the year's average day, Jan..Dec, normalised to
average 1; EST from facts.md):

- down: a +20 % November (Double 11; facts.md 3a's measured +20 % peak month, Zhangzhou
  Sept 2023, S119), Double 12 and festival goods in December and January, the Spring Festival
  stop in February (couriers go home), 618 in June; the other months a little below average.
- up: the coastal Fujian harvest calendar of facts.md 1e: kelp around Qingming, spring tea,
  loquat and shoots (March-May, the cold-chain peak), abalone and sea cucumber from April;
  croaker, laver and winter shoots in November-January; little in February.

The peak day is the average day of the month with most parcels times ``busiest_day`` (1.08,
EST: facts.md 3a's national peak day, >580 M parcels against the 2024 average ~440 M a day,
is 1.32 x the year's average day; 1.32 / 1.22, the default November, = 1.08).

Sorting (:class:`SortingCentre`): the day's parcels down must be sorted between the line haul's
arrival and the first van's departure (the cut-off). Hubs are sorted in the order given (the
farthest first: their vans have the longest day); the hubs whose parcels are not sorted by the
cut-off miss the day's delivery, and so do their villages. Default capacity 15,000 parcels an
hour (EST: the county of facts.md 3a sorts ~50,000 parcels a day in one joint centre (S117);
at the 1.32 peak day that is 66,000 within a 5 h window = 13,200 an hour, rounded up to a
standard line), from 02:00 to 07:00 (EST: the night line haul from the provincial hub, and the
routing shift start).
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from network.errors import InputError
from network.texts import Message

MONTHS = 12


def _normalised(values: Sequence[float], name: str) -> tuple[float, ...]:
    if len(values) != MONTHS:
        raise InputError(
            Message("{name} needs 12 monthly factors, got {count}", name=name, count=len(values)),
            field=name,
        )
    if any(not math.isfinite(v) or v <= 0 for v in values):
        raise InputError(Message("{name}: every monthly factor must be > 0", name=name), field=name)
    mean = sum(values) / MONTHS
    return tuple(v / mean for v in values)


@dataclass(frozen=True)
class MonthProfile:
    """Parcels of each month's average day over the year's average day, down and up."""

    down: tuple[float, ...] = (
        1.05,
        0.80,
        0.95,
        0.95,
        0.95,
        1.05,
        0.90,
        0.90,
        0.95,
        1.00,
        1.20,
        1.10,
    )
    up: tuple[float, ...] = (1.00, 0.70, 1.10, 1.40, 1.20, 1.00, 0.90, 0.90, 0.90, 0.90, 1.00, 1.00)
    busiest_day: float = 1.08

    def __post_init__(self) -> None:
        object.__setattr__(self, "down", _normalised(self.down, "month_profile.down"))
        object.__setattr__(self, "up", _normalised(self.up, "month_profile.up"))
        if not math.isfinite(self.busiest_day) or self.busiest_day < 1:
            raise InputError(Message("busiest_day must be >= 1"), field="month_profile.busiest_day")

    def peak_month(self, down_per_day: float, up_per_day: float) -> int:
        """The month (1-12) with the most parcels; the earlier one on a tie."""
        totals = [
            down_per_day * d + up_per_day * u for d, u in zip(self.down, self.up, strict=True)
        ]
        return max(range(MONTHS), key=lambda m: (totals[m], -m)) + 1

    def peak_factors(self, down_per_day: float, up_per_day: float) -> tuple[float, float]:
        """(down, up) factors of the peak day over the year's average day."""
        m = self.peak_month(down_per_day, up_per_day) - 1
        return self.down[m] * self.busiest_day, self.up[m] * self.busiest_day


@dataclass(frozen=True)
class SortingCentre:
    """The county DC's sorting line: parcels an hour, and its morning window (minutes)."""

    parcels_per_hour: float = 15000.0
    start_min: float = 120.0
    cutoff_min: float = 420.0

    def __post_init__(self) -> None:
        if not math.isfinite(self.parcels_per_hour) or self.parcels_per_hour <= 0:
            raise InputError(
                Message("sorting capacity must be a positive number of parcels per hour"),
                field="sorting_parcels_per_hour",
            )
        if not 0 <= self.start_min < self.cutoff_min <= 24 * 60:
            raise InputError(
                Message("sorting must start before the cut-off, within the day"),
                field="sorting_start_min",
            )

    @property
    def window_hours(self) -> float:
        return (self.cutoff_min - self.start_min) / 60.0


@dataclass(frozen=True)
class SortingDay:
    """One day at the county DC: hours needed against the window, and who misses the vans."""

    parcels: float
    hours: float
    window_hours: float
    late_hubs: tuple[str, ...]
    late_parcels: float

    @property
    def in_time(self) -> bool:
        return not self.late_hubs


def sort_day(
    centre: SortingCentre, down_by_hub: Mapping[str, float], order: Sequence[str]
) -> SortingDay:
    """Sort each hub's parcels down in ``order`` (hubs not in it last, by id); the hubs not
    finished by the cut-off are late (module docstring)."""
    ranked = [h for h in order if h in down_by_hub]
    ranked += sorted(h for h in down_by_hub if h not in set(ranked))
    can = centre.parcels_per_hour * centre.window_hours
    done, late = 0.0, []
    for hub in ranked:
        done += down_by_hub[hub]
        if done > can + 1e-9:
            late.append(hub)
    total = sum(down_by_hub.values())
    return SortingDay(
        parcels=total,
        hours=total / centre.parcels_per_hour,
        window_hours=centre.window_hours,
        late_hubs=tuple(late),
        late_parcels=sum(down_by_hub[h] for h in late),
    )
