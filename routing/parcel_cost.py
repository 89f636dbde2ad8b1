"""Who pays for a shared route: cost per route, village, township, carrier and parcel.

The attribution rule (one rule for every route, trunk and feeder):

1. A route's cost (:func:`routing.route_cost_yuan`, rounded to the fen, ROUND_HALF_UP) is split
   over its stops by weight = 1/2 x the stop's share of the route's parcels (down + up)
   + 1/2 x its share of the route's depot distances (one way, depot -> stop). The parcel term
   charges volume; the distance term charges remoteness, so a far village with few parcels does
   not ride free. Shares go to the fen by largest remainder (ties to the earlier stop), so the
   stops' costs add up to the route's cost exactly.
2. A hub's share of a trunk route goes to the villages served from that hub that day and
   those whose parcels stay at the hub (``at_hubs``: a township service point's), by parcels
   (same fen rule); a hub with no such village keeps it.
3. Within a village, a parcel down and a parcel up cost the same; a carrier's cost is its share
   of the village's parcels times that per-parcel cost (pooled routes: every carrier pays the
   same per parcel in a village).

Costs are summed over the visit period and divided by the parcels delivered in it.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from decimal import ROUND_DOWN, Decimal
from types import MappingProxyType

from network.model import Network
from network.money import FEN, to_fen
from routing.cost import route_cost_yuan, route_distance_m
from routing.echelons import Solved
from routing.model import Route, RoutingProblem


def split_by_weights(total: Decimal, weights: Sequence[float]) -> list[Decimal]:
    """``total`` (whole fen) split in proportion to ``weights``, largest remainder at the fen."""
    fen = int((total / FEN).to_integral_value())
    wsum = sum(weights)
    if wsum <= 0:
        weights, wsum = [1.0] * len(weights), float(len(weights))
    exact = [Decimal(fen) * Decimal(repr(w)) / Decimal(repr(wsum)) for w in weights]
    floors = [int(x.to_integral_value(ROUND_DOWN)) for x in exact]
    order = sorted(range(len(exact)), key=lambda k: (-(exact[k] - floors[k]), k))
    for k in order[: fen - sum(floors)]:
        floors[k] += 1
    return [Decimal(f) * FEN for f in floors]


def split_route_cost(problem: RoutingProblem, route: Route) -> dict[int, Decimal]:
    """Each stop's share of the route's cost (rule 1 of the module docstring)."""
    stops = route.stops
    parcels = [float(problem.delivery[s, 0] + problem.pickup[s, 0]) for s in stops]
    dist = [float(problem.distance_m[route.depot, s]) for s in stops]
    p_sum, d_sum = sum(parcels), sum(dist)
    weights = [
        (0.5 * p / p_sum if p_sum > 0 else 0.0) + (0.5 * d / d_sum if d_sum > 0 else 0.0)
        for p, d in zip(parcels, dist, strict=True)
    ]
    shares = split_by_weights(to_fen(route_cost_yuan(problem, route)), weights)
    result: dict[int, Decimal] = {}
    for stop, share in zip(stops, shares, strict=True):
        result[stop] = result.get(stop, Decimal(0)) + share
    return result


@dataclass(frozen=True)
class RouteCost:
    """One route of one day: its cost and the parcels it moved."""

    route_id: str
    echelon: str
    day: int
    vehicle_type: str
    cost_yuan: Decimal
    distance_km: float
    parcels: float


@dataclass(frozen=True)
class VillageCost:
    """A village's cost and delivered parcels over the whole period."""

    village_id: str
    township_id: str
    cost_yuan: Decimal
    parcels_down: float
    parcels_up: float

    @property
    def cost_per_parcel_yuan(self) -> Decimal:
        parcels = self.parcels_down + self.parcels_up
        return to_fen(self.cost_yuan / Decimal(repr(parcels))) if parcels > 0 else Decimal(0)


@dataclass(frozen=True)
class Attribution:
    """Costs of one model's plans over ``period_days``, attributed by the module's rule."""

    period_days: int
    routes: tuple[RouteCost, ...]
    villages: Mapping[str, VillageCost]
    hubs_unallocated: Mapping[str, Decimal]

    @property
    def total_cost_yuan(self) -> Decimal:
        return sum((r.cost_yuan for r in self.routes), Decimal(0))

    @property
    def daily_cost_yuan(self) -> Decimal:
        return to_fen(self.total_cost_yuan / self.period_days)

    @property
    def parcels(self) -> float:
        return sum(v.parcels_down + v.parcels_up for v in self.villages.values())

    @property
    def cost_per_parcel_yuan(self) -> Decimal:
        p = self.parcels
        return to_fen(self.total_cost_yuan / Decimal(repr(p))) if p > 0 else Decimal(0)


def route_id(part: Solved, k: int) -> str:
    """A readable, unique id: day, echelon, depot, number."""
    return f"d{part.day}-{part.echelon}-{part.name}-{k + 1}"


def attribute_costs(
    network: Network,
    parts: Sequence[Solved],
    *,
    period_days: int,
    at_hubs: Mapping[str, Sequence[str]] | None = None,
    riders: Mapping[tuple[int, str], Mapping[str, float]] | None = None,
) -> Attribution:
    """Route, village and hub costs of every sub-problem of the period (module docstring).

    ``at_hubs`` names, per hub, the villages of ``network`` whose parcels (a day's, as the
    hub's own) ride the trunk to that hub and end there. ``riders`` names, per (day, hub), the
    villages whose parcels ride the trunk to (or from) that hub and change to a bus there, with
    those parcels: they share the hub's trunk cost like the villages its feeder serves (their
    parcels are counted as delivered by whoever attributes the bus).
    """
    routes: list[RouteCost] = []
    village_yuan: dict[str, Decimal] = {}
    delivered: dict[str, list[float]] = {}
    trunk_yuan: dict[tuple[int, str], Decimal] = {}
    served_from: dict[tuple[int, str], dict[str, float]] = {}
    for part in parts:
        problem = part.problem
        for k, route in enumerate(r for r in part.plan.routes if r.stops):
            routes.append(_route_cost(part, k, route))
            for stop, share in split_route_cost(problem, route).items():
                node = problem.ids[stop]
                if part.echelon == "trunk":
                    key = (part.day, node)
                    trunk_yuan[key] = trunk_yuan.get(key, Decimal(0)) + share
                    continue
                village_yuan[node] = village_yuan.get(node, Decimal(0)) + share
                down, up = float(problem.delivery[stop, 0]), float(problem.pickup[stop, 0])
                got = delivered.setdefault(node, [0.0, 0.0])
                got[0] += down
                got[1] += up
                served_from.setdefault((part.day, problem.ids[route.depot]), {})[node] = down + up
    unallocated: dict[str, Decimal] = {}
    for (day, hub), cost in sorted(trunk_yuan.items()):
        got_by = dict(served_from.get((day, hub), {}))
        for vid in (at_hubs or {}).get(hub, ()):
            village = network[vid]
            got_by[vid] = village.parcels_per_day
            got = delivered.setdefault(vid, [0.0, 0.0])
            got[0] += village.parcels_down_per_day
            got[1] += village.parcels_up_per_day
            village_yuan.setdefault(vid, Decimal(0))
        for vid, parcels in (riders or {}).get((day, hub), {}).items():
            got_by[vid] = got_by.get(vid, 0.0) + parcels
            village_yuan.setdefault(vid, Decimal(0))
            delivered.setdefault(vid, [0.0, 0.0])
        if not got_by:
            unallocated[hub] = unallocated.get(hub, Decimal(0)) + cost
            continue
        for vid, share in zip(got_by, split_by_weights(cost, list(got_by.values())), strict=True):
            village_yuan[vid] += share
    villages = {
        vid: VillageCost(vid, network[vid].parent or "", cost, *delivered[vid])
        for vid, cost in sorted(village_yuan.items())
    }
    return Attribution(
        period_days, tuple(routes), MappingProxyType(villages), MappingProxyType(unallocated)
    )


def _route_cost(part: Solved, k: int, route: Route) -> RouteCost:
    problem = part.problem
    return RouteCost(
        route_id=route_id(part, k),
        echelon=part.echelon,
        day=part.day,
        vehicle_type=problem.fleet[route.vehicle_type].name,
        cost_yuan=to_fen(route_cost_yuan(problem, route)),
        distance_km=route_distance_m(problem, route) / 1000.0,
        parcels=float(sum(problem.delivery[s, 0] + problem.pickup[s, 0] for s in route.stops)),
    )


def parcel_cost_rows(
    network: Network, attribution: Attribution, shares: Mapping[str, float]
) -> list[dict[str, str | float]]:
    """Rows of the ``parcel_costs`` table (one per village and carrier; yuan as strings)."""
    rows: list[dict[str, str | float]] = []
    for v in attribution.villages.values():
        node = network[v.village_id]
        per_parcel = str(v.cost_per_parcel_yuan)
        for carrier, share in shares.items():
            rows.append(
                {
                    "village_id": v.village_id,
                    "township_id": v.township_id,
                    "carrier": carrier,
                    "parcels_down_per_day": round(node.parcels_down_per_day * share, 2),
                    "parcels_up_per_day": round(node.parcels_up_per_day * share, 2),
                    "cost_per_parcel_down_yuan": per_parcel,
                    "cost_per_parcel_up_yuan": per_parcel,
                }
            )
    return rows


def daily_cost_by(
    attribution: Attribution, key: str, shares: Mapping[str, float] | None = None
) -> dict[str, Decimal]:
    """Cost per day by ``"township"`` or, with ``shares``, by ``"carrier"`` (fen)."""
    days = Decimal(attribution.period_days)
    return {k: to_fen(cost / days) for k, (cost, _) in _by_group(attribution, key, shares).items()}


def cost_per_parcel_by(
    attribution: Attribution, key: str, shares: Mapping[str, float] | None = None
) -> dict[str, Decimal | None]:
    """Cost per delivered parcel by ``"township"`` or, with ``shares``, by ``"carrier"``
    (fen; None for a group that delivered no parcel)."""
    return {
        k: to_fen(cost / Decimal(repr(parcels))) if parcels > 0 else None
        for k, (cost, parcels) in _by_group(attribution, key, shares).items()
    }


def _by_group(
    attribution: Attribution, key: str, shares: Mapping[str, float] | None
) -> dict[str, tuple[Decimal, float]]:
    """Cost and parcels delivered over the period, by township or carrier (sorted by name)."""
    cost: dict[str, Decimal] = {}
    parcels: dict[str, float] = {}
    for v in attribution.villages.values():
        delivered = v.parcels_down + v.parcels_up
        if key == "township":
            cost[v.township_id] = cost.get(v.township_id, Decimal(0)) + v.cost_yuan
            parcels[v.township_id] = parcels.get(v.township_id, 0.0) + delivered
        else:
            for carrier, share in (shares or {}).items():
                cost[carrier] = cost.get(carrier, Decimal(0)) + v.cost_yuan * Decimal(repr(share))
                parcels[carrier] = parcels.get(carrier, 0.0) + delivered * share
    return {k: (x, parcels[k]) for k, x in sorted(cost.items())}
