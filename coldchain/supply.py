"""Yearly harvest per product as the cold chain reads the node file (fitted calendars)."""

from __future__ import annotations

from coldchain.products import Catalogue, require_product
from network.model import Network


def harvest_t_per_year(network: Network, catalogue: Catalogue) -> dict[str, float]:
    """Tonnes a year per product: each node's kg/day in season x its calendar's season days
    (with ``supply_season_days`` applied, the data's stated totals)."""
    out: dict[str, float] = {}
    for node in network:
        for product_id, kg in node.supply_kg_per_day.items():
            product = require_product(catalogue, product_id, field=f"supply_{product_id}_kg")
            days = float(product.season.daily_profile().sum())
            out[product_id] = out.get(product_id, 0.0) + float(kg) * days / 1000.0
    return out
