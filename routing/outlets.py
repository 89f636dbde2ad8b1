"""Township express outlets: each carrier's own outlet against handing its parcels to the shared
township station (客货邮 / 共配 station), per township.

Own outlet, per day: rent (monthly x 12 / 365) plus staff (whole staff for the parcels, at
least one; a month's wage / 26 working days each). Shared station, per day: a fee per parcel
each way (down to the villages, up from them). The cheaper option wins per carrier; the county
saves, against every carrier keeping its own outlet, the sum of what the cheaper options save.

Defaults (:data:`DEFAULT_OUTLET_COSTS`; set your own):

- staff wage 5,500 yuan/month / 26 days = 211.54 yuan/day: the middle of the 5,000-6,000
  yuan/month rural courier wage (facts.md 3b, rural last-mile labour).
- 500 parcels per staff per day: EST, by the rule that an outlet's staff scan parcels in and
  hand them over at the counter without travelling: 2.5 x the 200 a delivering courier
  handles (80 % handle at most 200, facts.md 3c).
- rent 1,500 yuan/month for a ~20 m² township shopfront: EST (facts.md 5 lists county-level
  rents as a gap; 20 m² is the outlet size of the award rule in facts.md 3e).
- shared station fee 0.5 yuan per parcel each way: EST, by the rule that a station doing a
  courier's hand-over is paid like one: the low end of the 0.4-1.2 yuan courier piece rate
  (facts.md 3b), since the station pools every carrier's parcels.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from typing import Literal

from network.errors import InputError
from network.model import Network
from network.money import FEN
from network.texts import Message

Option = Literal["own_outlet", "shared_station"]


@dataclass(frozen=True)
class OutletCosts:
    """What an own outlet and the shared station cost (see the module docstring)."""

    rent_yuan_per_month: Decimal = Decimal(1500)
    wage_yuan_per_month: Decimal = Decimal(5500)
    working_days_per_month: int = 26
    parcels_per_staff_day: float = 500.0
    station_fee_yuan_down: Decimal = Decimal("0.5")
    station_fee_yuan_up: Decimal = Decimal("0.5")

    def __post_init__(self) -> None:
        money = ("rent_yuan_per_month", "wage_yuan_per_month")
        for name in (*money, "station_fee_yuan_down", "station_fee_yuan_up"):
            if getattr(self, name) < 0:
                raise InputError(
                    Message("outlet costs: {name} must be >= 0", name=name), field=name
                )
        if self.working_days_per_month < 1 or not self.parcels_per_staff_day > 0:
            raise InputError(
                Message("outlet costs: working days and parcels per staff must be > 0"),
                field="parcels_per_staff_day",
            )

    def own_yuan_per_day(self, parcels: float) -> Decimal:
        """An own outlet's day: rent and staff."""
        staff = max(1, math.ceil(parcels / self.parcels_per_staff_day - 1e-9))
        rent = self.rent_yuan_per_month * 12 / 365
        wages = staff * self.wage_yuan_per_month / self.working_days_per_month
        return (rent + wages).quantize(FEN, ROUND_HALF_UP)

    def shared_yuan_per_day(self, down: float, up: float) -> Decimal:
        """The shared station's fees for a day's parcels."""
        fee = self.station_fee_yuan_down * Decimal(repr(down))
        fee += self.station_fee_yuan_up * Decimal(repr(up))
        return fee.quantize(FEN, ROUND_HALF_UP)


DEFAULT_OUTLET_COSTS = OutletCosts()


@dataclass(frozen=True)
class CarrierOutlet:
    """One carrier in one township: its parcels and both options' cost per day (yuan, fen)."""

    carrier: str
    parcels_down: float
    parcels_up: float
    own_yuan: Decimal
    shared_yuan: Decimal

    @property
    def cheaper(self) -> Option:
        """The cheaper option; a tie keeps the own outlet."""
        return "shared_station" if self.shared_yuan < self.own_yuan else "own_outlet"

    @property
    def saving_yuan(self) -> Decimal:
        """What the cheaper option saves against the own outlet."""
        return max(self.own_yuan - self.shared_yuan, Decimal(0))


@dataclass(frozen=True)
class TownshipOutlets:
    """Every carrier's choice in one township."""

    township_id: str
    name: str
    carriers: tuple[CarrierOutlet, ...]

    @property
    def saving_yuan(self) -> Decimal:
        return sum((c.saving_yuan for c in self.carriers), Decimal(0))


def compare_outlets(
    network: Network,
    shares: Mapping[str, float],
    costs: OutletCosts = DEFAULT_OUTLET_COSTS,
) -> tuple[TownshipOutlets, ...]:
    """Per township (in network order): each carrier's own outlet against the shared station,
    for its share of the township's parcels (the hub's own and its villages')."""
    result = []
    for town in network.townships:
        places = (town, *network.children(town.id))
        down = sum(p.parcels_down_per_day for p in places)
        up = sum(p.parcels_up_per_day for p in places)
        carriers = tuple(
            CarrierOutlet(
                carrier,
                down * share,
                up * share,
                costs.own_yuan_per_day((down + up) * share),
                costs.shared_yuan_per_day(down * share, up * share),
            )
            for carrier, share in shares.items()
        )
        result.append(TownshipOutlets(town.id, town.name, carriers))
    return tuple(result)


def county_outlet_saving_yuan(townships: tuple[TownshipOutlets, ...]) -> Decimal:
    """What the county saves per day when every carrier takes its cheaper option."""
    return sum((t.saving_yuan for t in townships), Decimal(0))
