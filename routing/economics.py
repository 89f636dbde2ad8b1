"""The parcel's whole way and what each stage of it costs, down and up.

Stages (``STAGES``), for every parcel of a village with one carrier:

1. ``sorting`` at the county DC (and its security check), per parcel, both directions.
2. ``line_haul``: the routes (trunk + feeder, or flat), as :mod:`routing.parcel_cost`
   attributes them to the village; a parcel down and a parcel up pay the same.
3. ``hub_handling`` at the township hub, for parcels that pass a hub: per parcel, plus a fixed
   cost per hub and day for each operator of the hub (pooled: one operator per hub; each
   carrier alone: one per carrier and hub), spread over the operator's parcels there. Parcels
   on a rural bus straight from or to the county DC pass no hub (``Flow.bypass_*``); their
   bus fees are their line haul (:mod:`routing.bus_cost`).
4. ``station``: the village station keeper's fee, per parcel handled at the station.
5. ``last_mile``: the last metre. A share of the parcels goes to (or is collected from) the door
   by a courier with an e-tricycle at ``door_parcels_per_courier_day``; the rest are picked up
   (or dropped off) at the station, at no further cost.

Defaults (:class:`UnitCosts`; facts.md rows, or EST with the rule):

- sorting 0.26 yuan/parcel: ZTO's sorting cost per parcel, Q2 2024 (facts.md 3b, S120).
- hub handling 0.14 yuan/parcel + 212 yuan per hub-day (EST): a hub worker's day, 5,500 yuan a
  month / 26 days = 212 yuan (the wage of facts.md 3b's rural last-mile row), is the fixed
  part; re-scanning and re-sorting at ~1,500 parcels per worker-day (200 an hour by hand over
  7.5 h, EST) gives 212 / 1,500 = 0.14 yuan per parcel.
- station fee 0.40 yuan/parcel (EST): the keeper does the hand-over part of a courier's work
  without the travel, priced at the lowest courier piece rate seen, 0.4 yuan (facts.md 3b, S121).
- courier 215 yuan/day: wage 5,500 yuan/month / 26 days + an e-tricycle's 3,250 yuan over ~900
  working days (facts.md 3b, 3c); 85 door parcels a courier-day, the middle of the 70-100 of
  facts.md 3b, so a door parcel costs 2.53 yuan (inside facts.md 3b's 1.9-3.3).
- door shares (EST): 30 % of parcels down go to the door (the elderly, bulky goods; the rest are
  picked up at the station, the way village stations are meant to work), 20 % of parcels up are
  collected at the sender's door (farm producers with many boxes).

Money is ``Decimal`` yuan, kept exact through the stages and rounded to the fen once per stage
total (ROUND_HALF_UP); the total is the sum of the rounded stages, so the stages add up to it
exactly. Per parcel figures are the total divided by the parcels, to the fen, split over the
stages by largest remainder so they add up to the per-parcel total too.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field, fields
from decimal import Decimal
from types import MappingProxyType

from network.errors import InputError
from network.money import to_fen
from network.texts import Message
from routing.parcel_cost import split_by_weights

STAGES = ("sorting", "line_haul", "hub_handling", "station", "last_mile")
DIRECTIONS = ("down", "up")
ZERO = Decimal(0)


def _dec(value: Decimal | float | int | str) -> Decimal:
    return value if isinstance(value, Decimal) else Decimal(str(value))


@dataclass(frozen=True)
class UnitCosts:
    """One carrier's unit costs of the stages (module docstring for the defaults' sources)."""

    sorting_yuan_per_parcel: Decimal = Decimal("0.26")
    hub_yuan_per_parcel: Decimal = Decimal("0.14")
    hub_fixed_yuan_per_day: Decimal = Decimal("212")
    station_yuan_per_parcel: Decimal = Decimal("0.40")
    courier_yuan_per_day: Decimal = Decimal("215")
    door_parcels_per_courier_day: Decimal = Decimal("85")
    door_share_down: Decimal = Decimal("0.30")
    door_share_up: Decimal = Decimal("0.20")

    def __post_init__(self) -> None:
        for f in fields(self):
            value = _dec(getattr(self, f.name))
            object.__setattr__(self, f.name, value)
            if not value.is_finite() or value < 0:
                raise InputError(
                    Message("{name} must be a number >= 0, got {value}", name=f.name, value=value),
                    field=f.name,
                )
        for name in ("door_share_down", "door_share_up"):
            if getattr(self, name) > 1:
                raise InputError(Message("{name} must be within 0..1", name=name), field=name)
        if self.door_parcels_per_courier_day <= 0:
            raise InputError(
                Message("door_parcels_per_courier_day must be > 0"),
                field="door_parcels_per_courier_day",
            )

    def door_yuan_per_parcel(self) -> Decimal:
        """What one parcel taken to (or from) the door costs."""
        return self.courier_yuan_per_day / self.door_parcels_per_courier_day

    def door_share(self, direction: str) -> Decimal:
        return self.door_share_down if direction == "down" else self.door_share_up


@dataclass(frozen=True)
class Flow:
    """One carrier's parcels of one village (or service point) for a day.

    Attributes:
        village_id, township_id, carrier: whose parcels.
        parcels_down, parcels_up: parcels per day.
        line_haul_yuan: what the routes cost this flow per day (its share of the village's).
        hub: the township hub the parcels pass, or None (served straight from the county DC).
        bypass_down, bypass_up: of those parcels, how many pass no hub even so (a rural bus
            straight from or to the county DC, :mod:`routing.bus_cost`); they pay no hub
            handling.
    """

    village_id: str
    township_id: str
    carrier: str
    parcels_down: Decimal
    parcels_up: Decimal
    line_haul_yuan: Decimal
    hub: str | None
    bypass_down: Decimal = ZERO
    bypass_up: Decimal = ZERO

    def __post_init__(self) -> None:
        for name in ("parcels_down", "parcels_up", "line_haul_yuan", "bypass_down", "bypass_up"):
            value = _dec(getattr(self, name))
            object.__setattr__(self, name, value)
            if value < 0:
                raise InputError(Message("{name} must be >= 0", name=name), field=name)
        if self.bypass_down > self.parcels_down or self.bypass_up > self.parcels_up:
            raise InputError(
                Message("bypass parcels exceed the flow's parcels"), field="bypass_down"
            )

    @property
    def parcels(self) -> Decimal:
        return self.parcels_down + self.parcels_up

    def of(self, direction: str) -> Decimal:
        return self.parcels_down if direction == "down" else self.parcels_up

    def via_hub(self, direction: str) -> Decimal:
        """Parcels in one direction that pass the hub (none without a hub)."""
        if self.hub is None:
            return ZERO
        bypass = self.bypass_down if direction == "down" else self.bypass_up
        return self.of(direction) - bypass

    @property
    def parcels_via_hub(self) -> Decimal:
        return self.via_hub("down") + self.via_hub("up")


@dataclass(frozen=True)
class FlowCost:
    """A flow and its exact (unrounded) cost per day by direction and stage."""

    flow: Flow
    yuan: Mapping[tuple[str, str], Decimal]  # (direction, stage) -> yuan per day


@dataclass(frozen=True)
class Costs:
    """Stage totals of some flows, per day, rounded to the fen once per stage."""

    stage_yuan: Mapping[str, Decimal]
    parcels: Decimal

    @property
    def total_yuan(self) -> Decimal:
        return sum(self.stage_yuan.values(), ZERO)

    @property
    def cost_per_parcel_yuan(self) -> Decimal:
        return to_fen(self.total_yuan / self.parcels) if self.parcels > 0 else ZERO

    @property
    def stages_per_parcel_yuan(self) -> dict[str, Decimal]:
        """Per parcel by stage, adding up to :attr:`cost_per_parcel_yuan` exactly."""
        weights = [float(self.stage_yuan[s]) for s in STAGES]
        if self.parcels <= 0 or sum(weights) <= 0:
            return dict.fromkeys(STAGES, ZERO)
        return dict(zip(STAGES, split_by_weights(self.cost_per_parcel_yuan, weights), strict=True))


def _sum(items: Iterable[FlowCost], parcels: Decimal, directions: Sequence[str]) -> Costs:
    exact = dict.fromkeys(STAGES, ZERO)
    for item in items:
        for (direction, stage), yuan in item.yuan.items():
            if direction in directions:
                exact[stage] += yuan
    return Costs(MappingProxyType({s: to_fen(exact[s]) for s in STAGES}), parcels)


@dataclass(frozen=True)
class Economics:
    """The whole way's cost of a day's flows (module docstring), with its breakdowns.

    Attributes:
        flows: one entry per village and carrier.
        hub_operators: (hub, operator) pairs that carry a fixed cost for the day.
        costs: the unit costs per carrier used.
    """

    flows: tuple[FlowCost, ...]
    hub_operators: frozenset[tuple[str, str]]
    costs: Mapping[str, UnitCosts] = field(default_factory=dict)

    def total(self, direction: str | None = None) -> Costs:
        """All flows, both directions or one."""
        directions = DIRECTIONS if direction is None else (direction,)
        parcels = sum((f.flow.of(d) for f in self.flows for d in directions), ZERO)
        return _sum(self.flows, parcels, directions)

    def by(self, key: str) -> dict[str, Costs]:
        """Stage totals by ``"township"``, ``"carrier"`` or ``"village"``."""
        groups: dict[str, list[FlowCost]] = {}
        for f in self.flows:
            name = {
                "township": f.flow.township_id,
                "carrier": f.flow.carrier,
                "village": f.flow.village_id,
            }[key]
            groups.setdefault(name, []).append(f)
        return {
            name: _sum(items, sum((i.flow.parcels for i in items), ZERO), DIRECTIONS)
            for name, items in sorted(groups.items())
        }

    def only(self, carrier: str) -> Economics:
        """The flows of one carrier."""
        flows = tuple(f for f in self.flows if f.flow.carrier == carrier)
        return Economics(flows, self.hub_operators, self.costs)

    @property
    def couriers(self) -> Decimal:
        """Courier-days the door parcels need (fractional: a part-time courier counts part)."""
        return sum(
            (
                f.flow.of(d)
                * self.costs[f.flow.carrier].door_share(d)
                / self.costs[f.flow.carrier].door_parcels_per_courier_day
                for f in self.flows
                for d in DIRECTIONS
            ),
            ZERO,
        )

    @property
    def station_keepers(self) -> int:
        """Village stations with parcels (one keeper each, shared by the carriers there)."""
        return len({f.flow.village_id for f in self.flows if f.flow.parcels > 0})


def whole_way(
    flows: Sequence[Flow],
    costs: Mapping[str, UnitCosts] | None = None,
    *,
    default: UnitCosts | None = None,
    pooled: bool = True,
) -> Economics:
    """The cost of every stage for each flow (module docstring).

    ``costs`` gives a carrier's own unit costs; others use ``default``. Pooled, each hub has one
    operator (the hub's fixed cost at ``default``'s rate, spread over every carrier's parcels
    there); not pooled, each carrier runs its own operation at each hub it uses.
    """
    base = default or UnitCosts()
    unit = {f.carrier: (costs or {}).get(f.carrier, base) for f in flows}
    fixed_share = _hub_fixed_shares(flows, unit, base, pooled)
    out = []
    for k, f in enumerate(flows):
        u = unit[f.carrier]
        yuan: dict[tuple[str, str], Decimal] = {}
        for d in DIRECTIONS:
            n = f.of(d)
            share_of_flow = n / f.parcels if f.parcels > 0 else ZERO
            yuan[d, "sorting"] = n * u.sorting_yuan_per_parcel
            yuan[d, "line_haul"] = f.line_haul_yuan * share_of_flow
            via = f.via_hub(d)
            share_via = via / f.parcels_via_hub if f.parcels_via_hub > 0 else ZERO
            yuan[d, "hub_handling"] = via * u.hub_yuan_per_parcel + fixed_share[k] * share_via
            yuan[d, "station"] = n * u.station_yuan_per_parcel
            yuan[d, "last_mile"] = n * u.door_share(d) * u.door_yuan_per_parcel()
        out.append(FlowCost(f, MappingProxyType(yuan)))
    operators = frozenset(
        (f.hub, "pool" if pooled else f.carrier) for f in flows if f.hub and f.parcels_via_hub > 0
    )
    return Economics(tuple(out), operators, MappingProxyType(dict(unit)))


def _hub_fixed_shares(
    flows: Sequence[Flow], unit: Mapping[str, UnitCosts], base: UnitCosts, pooled: bool
) -> list[Decimal]:
    """Each flow's part of its hub operator's fixed cost of the day, by parcels."""
    parcels: dict[tuple[str, str], Decimal] = {}
    for f in flows:
        if f.hub is not None and f.parcels_via_hub > 0:
            key = (f.hub, "pool" if pooled else f.carrier)
            parcels[key] = parcels.get(key, ZERO) + f.parcels_via_hub
    shares = []
    for f in flows:
        if f.hub is None or f.parcels_via_hub <= 0:
            shares.append(ZERO)
            continue
        key = (f.hub, "pool" if pooled else f.carrier)
        rate = base if pooled else unit[f.carrier]
        shares.append(rate.hub_fixed_yuan_per_day * f.parcels_via_hub / parcels[key])
    return shares
