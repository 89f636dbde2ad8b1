"""The fresh products a county sells online: what goes up in cold parcels, and from where.

Each supply node's harvest of a product times the product's ``online_share`` is sold online
(facts/demo rule: the same share the node file's ``parcels_up`` counts, in parcels of
``parcel_kg``). Products whose online parcel holds the made product (dried laver and kelp, made
tea, rice: ``online_fresh`` false) travel as ordinary ambient parcels and need no cold chain;
the rest are *cold parcels*: graded, packed and pre-cooled near the source, then carried to the
county DC in an insulated box or a reefer (:mod:`coldchain.history`).
"""

from __future__ import annotations

from dataclasses import dataclass

from coldchain.products import Catalogue, require_product
from network.model import Network


@dataclass(frozen=True, slots=True)
class OnlineSupply:
    """One product sold online in cold parcels from one supply node.

    Attributes:
        node_id: where it is harvested or landed.
        product_id: catalogue id.
        kg_per_day: mean kg a day in season sold online (fresh weight).
    """

    node_id: str
    product_id: str
    kg_per_day: float


def online_supply(network: Network, catalogue: Catalogue) -> tuple[OnlineSupply, ...]:
    """Cold-parcel supply per (node, product), in network order (``online_share`` > 0 and
    ``online_fresh`` products only)."""
    out = []
    for node in network:
        for product_id, kg in node.supply_kg_per_day.items():
            product = require_product(catalogue, product_id, field=f"supply_{product_id}_kg")
            online_kg = float(kg) * product.online_share
            if online_kg > 0 and product.online_fresh:
                out.append(OnlineSupply(node.id, product_id, online_kg))
    return tuple(out)


def parcels_per_year(supply: tuple[OnlineSupply, ...], catalogue: Catalogue) -> float:
    """Cold parcels a year: kg/day in season x the product's season days / parcel kg."""
    total = 0.0
    for s in supply:
        product = catalogue[s.product_id]
        total += s.kg_per_day * float(product.season.daily_profile().sum()) / product.parcel_kg
    return total
