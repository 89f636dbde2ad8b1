"""A small synthetic county: a DC, two townships, three supply villages."""

from __future__ import annotations

import pytest

from network import Network, Node, Tier


def small_network(scale: float = 1.0) -> Network:
    """Two townships; seafood and produce supply in kg/day in season, times ``scale``."""

    def supply(**kg: float) -> dict[str, float]:
        return {k: v * scale for k, v in kg.items()}

    nodes = [
        Node("dc", "County DC", Tier.COUNTY, 120.00, 26.90),
        Node("t1", "Town 1", Tier.TOWNSHIP, 120.10, 26.90, parent="dc"),
        Node("t2", "Town 2", Tier.TOWNSHIP, 120.20, 26.80, parent="dc"),
        Node(
            "v1",
            "V1",
            Tier.VILLAGE,
            120.11,
            26.91,
            parent="t1",
            supply_kg_per_day=supply(kelp=20_000, croaker=3_000, laver=4_000),
        ),
        Node(
            "v2",
            "V2",
            Tier.VILLAGE,
            120.12,
            26.92,
            parent="t1",
            supply_kg_per_day=supply(loquat=2_000, tea=800),
        ),
        Node(
            "v3",
            "V3",
            Tier.VILLAGE,
            120.21,
            26.81,
            parent="t2",
            supply_kg_per_day=supply(
                abalone=1_500, sea_cucumber=500, leafy_veg=1_000, bamboo_shoot=1_200, rice=3_000
            ),
        ),
    ]
    return Network(nodes, name="small")


@pytest.fixture
def net() -> Network:
    return small_network()
