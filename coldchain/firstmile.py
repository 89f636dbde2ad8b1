"""First-mile pre-cooling and packing points: which villages get one, within a budget.

The plan funds grading, packing, pre-cooling and testing near the source (facts.md 3e [S140]).
Every township seat whose area sells cold parcels gets a point (the fallback; the county node's
own supply uses the county DC); a village point is a siting question like the service points:
maximal coverage (:func:`network.siting.max_coverage`) of the cold-parcel value within
``reach_min`` of a point, for the village-point budget. A candidate costs what a point sized
for everything within its reach would cost, so the chosen points never cost more than the
budget. Each supply village then uses its nearest chosen village point within reach, else its
township's point.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal

import numpy as np

from coldchain.online import OnlineSupply
from network.distances import DistanceMatrix
from network.errors import InputError
from network.model import Network, Tier
from network.siting import Candidate, CpSatSettings, SitingProblem, max_coverage
from network.texts import Message


@dataclass(frozen=True, slots=True)
class PointPlan:
    """Where each supply node's cold parcels are pre-cooled and packed.

    Attributes:
        point_of: supply node id -> point node id.
        village_points: chosen village points (in candidate order).
        hub_points: township seats (and the county DC) that serve as points.
        village_budget_yuan: the budget the village points were chosen for.
        village_points_cost_yuan: the chosen village points' siting cost (an upper bound of
            their capital).
        covered_value_pct: share of the cold-parcel value within reach of a village point.
        status: the siting solver's status ("" when no solve was needed).
    """

    point_of: Mapping[str, str]
    village_points: tuple[str, ...]
    hub_points: tuple[str, ...]
    village_budget_yuan: Decimal
    village_points_cost_yuan: Decimal
    covered_value_pct: float
    status: str

    @property
    def points(self) -> tuple[str, ...]:
        """Every point: village points, then hub points."""
        return (*self.village_points, *self.hub_points)


def _hub(network: Network, node_id: str, dc: str) -> str:
    node = network[node_id]
    if node.tier is Tier.COUNTY:
        return dc
    if node.tier is Tier.TOWNSHIP:
        return node.id
    township = network.township_of(node_id)
    return dc if township is None else township.id


def site_points(
    network: Network,
    matrix: DistanceMatrix,
    supply: Sequence[OnlineSupply],
    *,
    dc_id: str,
    value_yuan_per_kg: Mapping[str, float],
    point_cost_yuan: Callable[[float], Decimal],
    budget_yuan: Decimal,
    reach_min: float = 30.0,
    settings: CpSatSettings | None = None,
) -> PointPlan:
    """Village points for ``budget_yuan`` and the township points behind them (see module).

    ``point_cost_yuan(kg_per_day)`` prices a point for a mean in-season flow.
    """
    if budget_yuan < 0:
        raise InputError(
            Message("{budget_yuan} must be >= 0", budget_yuan=budget_yuan),
            field="first_mile_budget_yuan",
        )
    if not reach_min >= 0:
        raise InputError(
            Message("{reach_min} must be >= 0", reach_min=reach_min), field="point_reach_min"
        )
    kg: dict[str, float] = {}
    value: dict[str, float] = {}
    for s in supply:
        kg[s.node_id] = kg.get(s.node_id, 0.0) + s.kg_per_day
        value[s.node_id] = (
            value.get(s.node_id, 0.0) + s.kg_per_day * value_yuan_per_kg[s.product_id]
        )
    villages = [n for n in kg if network[n].tier is Tier.VILLAGE]
    chosen: tuple[str, ...] = ()
    covers: dict[str, str] = {}
    status, cost = "", Decimal(0)
    if villages and budget_yuan > 0:
        minutes = np.array([[matrix.minutes(a, b) for b in villages] for a in villages])
        reach_kg = (minutes <= reach_min).astype(float).T @ np.array([kg[v] for v in villages])
        candidates = [
            Candidate(v, False, point_cost_yuan(float(k)), Decimal(0), point_cost_yuan(float(k)))
            for v, k in zip(villages, reach_kg, strict=True)
        ]
        problem = SitingProblem.from_cost_matrix(
            minutes,
            reach_min,
            place_ids=villages,
            candidates=candidates,
            criterion=f"pre-cooling point within {reach_min:g} min",
        )
        result = max_coverage(
            problem,
            budget_yuan=budget_yuan,
            weights=[max(1, round(value[v])) for v in villages],
            settings=settings or CpSatSettings(time_limit_s=10.0),
        )
        status, cost = result.status, result.cost_yuan
        covers = {place: point for point, places in result.covers.items() for place in places}
        chosen = tuple(p for p in result.chosen_ids if p in covers.values())
    point_of = {n: covers.get(n) or _hub(network, n, dc_id) for n in kg}
    hubs = tuple(dict.fromkeys(p for n, p in point_of.items() if n not in covers))
    total = sum(value.values())
    covered = sum(value[n] for n in covers)
    return PointPlan(
        point_of=point_of,
        village_points=tuple(chosen),
        hub_points=hubs,
        village_budget_yuan=budget_yuan,
        village_points_cost_yuan=cost,
        covered_value_pct=100.0 * covered / total if total > 0 else 0.0,
        status=status,
    )
