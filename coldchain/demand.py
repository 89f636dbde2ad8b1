"""Reefer demand for routing: seafood that must reach the county DC within its budget.

A record per (supply node, product) for products flagged ``reefer_link`` (live and chilled
seafood). The budget (EST policy, no source): the product may use at most
``life_budget_share`` of its shelf life between landing and the county DC (default a quarter,
leaving the rest for the express leg and the buyer), counted on its actual temperature history:
field temperature until it is pre-cooled at the landing, then the reefer's set-point
(:func:`coldchain.history.allowance_h`), not field temperature throughout, which refused live
abalone after 75 min although it travels 6-24 h in an iced box (facts.md 1a). With a distance
matrix, a record also says whether a direct trip can make it at all.
"""

from __future__ import annotations

from dataclasses import dataclass

from coldchain.chain import county_dc
from coldchain.history import allowance_h
from coldchain.products import Catalogue, load_catalogue, require_product
from network.distances import DistanceMatrix
from network.errors import InputError
from network.model import Network
from network.texts import Message

LIFE_BUDGET_SHARE = 0.25
"""Default share of shelf life allowed from landing to the county DC (EST policy)."""


@dataclass(frozen=True, slots=True)
class ReeferDemand:
    """One pickup routing should serve with a reefer (times in minutes after midnight).

    Attributes:
        node_id: where the product is landed or harvested.
        product_id: catalogue id.
        dc_id: the county DC it must reach.
        kg_per_day: mean kg/day in season (``Node.supply_kg_per_day``).
        peak_kg_per_day: the 90th-percentile in-season day of the product's calendar.
        ready_min: landing time (earliest pickup).
        latest_arrival_min: latest arrival at the county DC (may exceed 1440: next day).
        budget_min: ``latest_arrival_min - ready_min``.
        temp_c: carrying set-point (middle of the product's storage band).
        direct_min: direct travel time node -> DC, or None without a matrix.
        feasible: False when even a direct trip exceeds the budget (cool at the landing point).
    """

    node_id: str
    product_id: str
    dc_id: str
    kg_per_day: float
    peak_kg_per_day: float
    ready_min: int
    latest_arrival_min: int
    budget_min: int
    temp_c: float
    direct_min: float | None
    feasible: bool


def reefer_demand(
    network: Network,
    *,
    catalogue: Catalogue | None = None,
    matrix: DistanceMatrix | None = None,
    life_budget_share: float = LIFE_BUDGET_SHARE,
) -> tuple[ReeferDemand, ...]:
    """Reefer pickups of seafood flagged ``reefer_link``, in network order."""
    if not 0 < life_budget_share <= 1:
        raise InputError(
            Message("{life_budget_share} must be in 0..1", life_budget_share=life_budget_share),
            field="life_budget_share",
        )
    catalogue = load_catalogue() if catalogue is None else catalogue
    dc = county_dc(network)
    records = []
    for node in network:
        for product_id, kg in node.supply_kg_per_day.items():
            product = require_product(catalogue, product_id, field=f"supply_{product_id}_kg")
            if kg <= 0 or not product.reefer_link:
                continue
            budget = int(60.0 * allowance_h(product, life_share=life_budget_share))
            direct = None if matrix is None or node.id == dc else matrix.minutes(node.id, dc)
            records.append(
                ReeferDemand(
                    node_id=node.id,
                    product_id=product_id,
                    dc_id=dc,
                    kg_per_day=float(kg),
                    peak_kg_per_day=float(kg) * product.season.design_factor(90.0),
                    ready_min=product.landing_min,
                    latest_arrival_min=product.landing_min + budget,
                    budget_min=budget,
                    temp_c=product.storage_temp_c,
                    direct_min=direct,
                    feasible=direct is None or direct <= budget,
                )
            )
    return tuple(records)
