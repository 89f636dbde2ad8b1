"""The first/last metre of a bus parcel whose village the bus does not stop at: carried between
the line stop and the village's service point.

With service points as the plan's stops, a line stop at a village gathered at another village's
point serves that point (:func:`meets_of`): the point's parcels down leave the bus there and are
carried to the point, its parcels up are carried to the stop to meet the bus. A courier with an
e-tricycle runs stop -> point -> stop once per load (:class:`CarryCosts`):

- 15 km/h and 180 kg a load: an e-tricycle's top speed and payload (facts.md 3c);
- 26.88 yuan an hour: the economics section's courier-day, 215 yuan (wage 5,500 yuan a month /
  26 days + an e-tricycle over ~900 days, facts.md 3b, 3c), over an 8-hour day (EST).

The carrying time shifts the parcels' time at the point (down: later; up: earlier) for the
station's opening hours; its cost is part of the bus option in the decision and of the bus
parcels' line haul in the plan (:mod:`routing.bus_cost`). The point's station and the door
(last metre) are then costed as for any parcel.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from network.errors import InputError
from network.model import Network, Tier
from network.money import FEN
from network.texts import Message
from routing.bus_lines import BusLine, Leg, Meet


@dataclass(frozen=True)
class CarryCosts:
    """What carrying parcels between a line stop and a service point costs (module docstring)."""

    yuan_per_hour: Decimal = Decimal("26.88")
    speed_kmh: float = 15.0
    payload_kg: float = 180.0

    def __post_init__(self) -> None:
        if self.yuan_per_hour < 0 or not self.speed_kmh > 0 or not self.payload_kg > 0:
            raise InputError(
                Message("carrying: yuan_per_hour >= 0, speed_kmh and payload_kg > 0"),
                field="carry",
            )

    def minutes(self, km: float) -> float:
        """One way."""
        return km / self.speed_kmh * 60.0

    def yuan(self, km: float, parcels: float, kg_per_parcel: float) -> Decimal:
        """Round trips for ``parcels`` (at least one), to the fen (ROUND_HALF_UP)."""
        loads = max(1, math.ceil(parcels * kg_per_parcel / self.payload_kg - 1e-9))
        hours = Decimal(repr(loads * 2 * km / self.speed_kmh))
        return (self.yuan_per_hour * hours).quantize(FEN, ROUND_HALF_UP)


def meets_of(
    lines: Iterable[BusLine],
    stops: Network,
    carried_by: Mapping[str, str],
    km: Callable[[str, str], float],
    costs: CarryCosts,
) -> dict[str, list[Meet]]:
    """Per village service point of ``stops``, the line stops (villages gathered at it, not
    stops of the plan themselves) where its parcels can meet a bus, nearest first."""
    found: dict[str, dict[str, Meet]] = {}
    for line in lines:
        for stop in line.stops:
            point = carried_by.get(stop)
            if stop in stops or point is None or point not in stops:
                continue
            if stops[point].tier is not Tier.VILLAGE:
                continue  # a township point's parcels stay at its hub, which the trunk serves
            distance = km(stop, point)
            if math.isfinite(distance):
                found.setdefault(point, {})[stop] = Meet(stop, distance, costs.minutes(distance))
    return {p: sorted(m.values(), key=lambda x: (x.km, x.stop_id)) for p, m in found.items()}


def carry_cost(
    meets: Mapping[str, list[Meet]], costs: CarryCosts, kg_per_parcel: float
) -> Callable[[Leg], Decimal]:
    """The cost of a meeting leg (:data:`routing.bus_lines.TransferCost`)."""
    km = {(p, m.stop_id): m.km for p, ms in meets.items() for m in ms}

    def cost(leg: Leg) -> Decimal:
        if leg.meet_id is None:
            return Decimal(0)
        point = leg.alight_id if (leg.alight_id, leg.meet_id) in km else leg.board_id
        return costs.yuan(km[point, leg.meet_id], leg.parcels, kg_per_parcel)

    return cost
