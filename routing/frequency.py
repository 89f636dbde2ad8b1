"""Service frequency: which days of the period each village is visited.

A village served every ``N`` days is visited on days ``o, o + N, ...`` of a period of
``lcm`` (all N) days, and each visit carries the parcels accumulated since the last one
(``N`` x its parcels per day, down and up). The offsets ``o`` balance the parcels handled per
day: townships in id order, within each the villages by parcels per day (most first, then id),
each village taking the offset that keeps its township's busiest visit day lowest (ties: the
county's busiest day lowest, then the earliest offset). Deterministic, no randomness.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from types import MappingProxyType

from network.errors import InputError
from network.model import Network, Node
from network.texts import Message


@dataclass(frozen=True)
class FrequencyRule:
    """Villages handling fewer than ``below_parcels_per_day`` (down + up) are visited every
    ``every_days`` days."""

    every_days: int
    below_parcels_per_day: float

    def __post_init__(self) -> None:
        if self.every_days < 1:
            raise InputError(Message("every_days must be >= 1"), field="every_days")


def every_days_of(
    villages: Sequence[Node],
    rules: Sequence[FrequencyRule] = (),
    overrides: Mapping[str, int] | None = None,
) -> dict[str, int]:
    """Days between visits per village: an override, else the rule with the lowest threshold
    the village falls under, else 1 (every day)."""
    by_threshold = sorted(rules, key=lambda r: r.below_parcels_per_day)
    result: dict[str, int] = {}
    for v in villages:
        fits = [r.every_days for r in by_threshold if v.parcels_per_day < r.below_parcels_per_day]
        result[v.id] = fits[0] if fits else 1
    for vid, days in (overrides or {}).items():
        if vid not in result:
            raise InputError(
                Message("frequency override for unknown village {vid!r}", vid=vid),
                field="every_days",
            )
        if days < 1:
            raise InputError(
                Message("village {vid!r}: every_days must be >= 1", vid=vid), field="every_days"
            )
        result[vid] = days
    return result


@dataclass(frozen=True)
class VisitSchedule:
    """Visit days per village over ``period_days`` and the days between visits."""

    period_days: int
    every_days: Mapping[str, int]
    days: Mapping[str, tuple[int, ...]]

    def visited_on(self, day: int) -> tuple[str, ...]:
        """Villages visited on ``day`` (in the order of ``days``)."""
        return tuple(vid for vid, ds in self.days.items() if day in ds)

    def loads_on(
        self, day: int, network: Network, *, scale: float = 1.0
    ) -> dict[str, dict[str, tuple[float, float]]]:
        """Parcels (down, up) per visit on ``day``, grouped by township id."""
        grouped: dict[str, dict[str, tuple[float, float]]] = {}
        for vid in self.visited_on(day):
            v = network[vid]
            n = self.every_days[vid] * scale
            grouped.setdefault(v.parent or "", {})[vid] = (
                n * v.parcels_down_per_day,
                n * v.parcels_up_per_day,
            )
        return grouped


def schedule_visits(network: Network, every_days: Mapping[str, int]) -> VisitSchedule:
    """Visit days that balance parcels per day (module docstring)."""
    period = math.lcm(*every_days.values()) if every_days else 1
    county = [0.0] * period
    days: dict[str, tuple[int, ...]] = {}
    for township in sorted({network[v].parent or "" for v in every_days}):
        local = [0.0] * period
        members = [network[v] for v in every_days if network[v].parent == township]
        for v in sorted(members, key=lambda n: (-n.parcels_per_day, n.id)):
            step = every_days[v.id]
            offset = min(
                range(step),
                key=lambda o: (
                    max(local[o::step]) + step * v.parcels_per_day,
                    max(county[o::step]),
                    o,
                ),
            )
            visit_days = tuple(range(offset, period, step))
            for d in visit_days:
                local[d] += step * v.parcels_per_day
                county[d] += step * v.parcels_per_day
            days[v.id] = visit_days
    ordered = {vid: days[vid] for vid in every_days}
    return VisitSchedule(period, MappingProxyType(dict(every_days)), MappingProxyType(ordered))
