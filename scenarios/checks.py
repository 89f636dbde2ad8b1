"""Headline figures held against their cited ranges: the ``checks`` list of ``plan.json``.

Each section that produces a headline figure (cost per parcel and its stages, pooling saving,
subsidy draw, cold-chain build and losses, ...) returns one :class:`Check` per figure with the
range that ``domain/facts.md`` (or a stated rule) gives for it. A figure outside its range is a
finding shown near the top of the report, never an error: ``validate`` and ``plan`` warn only.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

Number = Decimal | float | int


@dataclass(frozen=True)
class Check:
    """One headline figure and the range it should sit in.

    Attributes:
        figure: dotted name of the figure, e.g. ``economics.cost_per_parcel_yuan`` or
            ``coldchain.loss_pct.kelp``; the section's key comes first.
        value: the figure as the plan computed it (``None`` when it could not be computed).
        low: the range's lower end (inclusive), or ``None`` for no lower end.
        high: the range's upper end (inclusive), or ``None`` for no upper end.
        unit: the unit of ``value``, ``low`` and ``high`` (``yuan/parcel``, ``%``, ``km/day``).
        source: where the range comes from: a facts.md row (``facts 3b``) or the rule itself.
        note: why a figure outside its range may still be right, or what moves it.
    """

    figure: str
    value: Number | None
    low: Number | None
    high: Number | None
    unit: str
    source: str
    note: str = ""

    def __post_init__(self) -> None:
        if not self.figure:
            raise ValueError("a check needs a figure name")
        if self.low is not None and self.high is not None and self.low > self.high:
            raise ValueError(f"check {self.figure}: low {self.low} > high {self.high}")
        if not self.source:
            raise ValueError(f"check {self.figure}: a range needs a source")

    @property
    def ok(self) -> bool:
        """True when the value is known and sits inside the range (ends included)."""
        if self.value is None:
            return False
        if self.low is not None and self.value < self.low:
            return False
        return not (self.high is not None and self.value > self.high)


def checks_json(checks: Iterable[Check]) -> list[dict[str, Any]]:
    """The ``checks`` list of ``plan.json``: one dict per check, in the order given."""
    return [
        {
            "figure": c.figure,
            "value": c.value,
            "low": c.low,
            "high": c.high,
            "unit": c.unit,
            "source": c.source,
            "ok": c.ok,
            **({"note": c.note} if c.note else {}),
        }
        for c in checks
    ]
