"""Yearly harvest per product as the cold chain reads the node file (fitted calendars)."""

from __future__ import annotations

from coldchain.products import Catalogue, require_product
from network.errors import InputError
from network.model import Network
from network.texts import Message


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


def require_supply(network: Network, catalogue: Catalogue) -> None:
    """InputError when no node supplies any catalogue product: the cold chain has nothing to
    plan (a supply that is not sold online fresh is no error: the e-commerce scope steps aside)."""
    if not any(t > 0 for t in harvest_t_per_year(network, catalogue).values()):
        raise InputError(
            Message("no node has supply of a catalogue product"), field="supply_kg_per_day"
        )
