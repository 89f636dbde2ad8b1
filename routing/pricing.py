"""The village sender's price of an upward parcel and the comparable areas' price.

Both prices cover the parcel's whole way to its buyer: the county part (the stages of
:mod:`routing.economics`, up) and the part beyond the county (the network's sorting and line haul
between cities and the delivery at the other end), which is the same for a village sender and
for one in a comparable area, so it cancels out of the parity gap.

Defaults (per parcel; a county puts in its own tables by weight band):
- beyond the county 2.40 yuan: the network's core revenue per parcel, 1.17-1.24 yuan (ZTO
  Q2 2024, sorting + line haul, last mile excluded; facts.md 3b, S120) ~ 1.20, plus the delivery
  at the other end at a courier's piece rate, 1.20 yuan (facts.md 3b, S122).
- comparable areas' county part 1.46 yuan: sorting 0.26 (facts.md 3b, S120) + a courier's pickup
  at the same 1.20-yuan piece rate (S122).
- carrier margin 10 % on the whole price (EST; no margin is cited in facts.md).

So by default the village tariff = (full cost up in the county + 2.40) x 1.10, the benchmark =
(1.46 + 2.40) x 1.10 = 4.25 yuan, and the parity gap = 1.10 x (full cost up - 1.46).
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from itertools import pairwise

from network.errors import InputError
from network.money import to_fen
from network.texts import Message

BEYOND_COUNTY_YUAN = Decimal("2.40")
COMPARABLE_COUNTY_YUAN = Decimal("1.46")
MARGIN_PCT = Decimal("10")


@dataclass(frozen=True)
class BandPrice:
    """A price per parcel for weights from ``min_kg`` (inclusive) to ``max_kg`` (exclusive)."""

    min_kg: float
    max_kg: float
    yuan: Decimal

    def holds(self, kg: float) -> bool:
        return self.min_kg <= kg < self.max_kg


def check_bands(bands: Sequence[BandPrice], field: str) -> None:
    """Bands must have min < max, non-negative prices, and must not overlap."""
    for k, b in enumerate(bands):
        if not 0 <= b.min_kg < b.max_kg or math.isnan(b.max_kg):
            raise InputError(
                Message(
                    "weight band {min_kg}-{max_kg} kg: min_kg must be >= 0 and below max_kg",
                    min_kg=b.min_kg,
                    max_kg=b.max_kg,
                ),
                field=f"{field}[{k}]",
            )
        if b.yuan < 0:
            raise InputError(Message("a price must be >= 0"), field=f"{field}[{k}].yuan")
    ordered = sorted(enumerate(bands), key=lambda kb: kb[1].min_kg)
    for (_, a), (k, b) in pairwise(ordered):
        if b.min_kg < a.max_kg:
            raise InputError(
                Message(
                    "weight bands {min_kg}-{max_kg} kg and {b_min_kg}-{b_max_kg} kg overlap",
                    min_kg=a.min_kg,
                    max_kg=a.max_kg,
                    b_min_kg=b.min_kg,
                    b_max_kg=b.max_kg,
                ),
                field=f"{field}[{k}]",
            )


def band_price(bands: Sequence[BandPrice], kg: float, field: str) -> Decimal | None:
    """The price of the band holding ``kg``; None with no bands; an error when bands are given
    but none holds ``kg``."""
    if not bands:
        return None
    for b in bands:
        if b.holds(kg):
            return b.yuan
    raise InputError(Message("no weight band holds the {kg} kg parcel", kg=kg), field=field)


def priced(county_yuan: Decimal, beyond_yuan: Decimal, margin_pct: Decimal) -> Decimal:
    """A whole-way price: (county part + beyond the county) x (1 + margin), to the fen."""
    return to_fen((county_yuan + beyond_yuan) * (1 + margin_pct / 100))
