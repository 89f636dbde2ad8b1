"""A small hand-made county for the routing tests: one county DC, two townships, six villages."""

from __future__ import annotations

from network import Network, Node, Tier, distance_matrix
from network.distances import DistanceMatrix


def small_county() -> tuple[Network, DistanceMatrix]:
    """County DC "c"; township "t1" with villages a1..a4 east of it, "t2" with b1, b2 west."""
    nodes = [
        Node("c", "County DC", Tier.COUNTY, 120.00, 26.90),
        Node("t1", "East town", Tier.TOWNSHIP, 120.10, 26.90, parent="c"),
        Node("t2", "West town", Tier.TOWNSHIP, 119.90, 26.90, parent="c"),
    ]
    east = [("a1", 0.02, 0.00, 40, 10, True), ("a2", 0.03, 0.02, 30, 5, False)]
    east += [("a3", 0.05, -0.01, 8, 2, False), ("a4", 0.01, 0.03, 6, 0, False)]
    west = [("b1", -0.02, 0.01, 50, 20, False), ("b2", -0.03, -0.02, 12, 3, False)]
    for parent, base, rows in (("t1", 120.10, east), ("t2", 119.90, west)):
        for vid, dlon, dlat, down, up, poor in rows:
            nodes.append(
                Node(
                    vid,
                    f"Village {vid}",
                    Tier.VILLAGE,
                    base + dlon,
                    26.90 + dlat,
                    parent=parent,
                    poor=poor,
                    parcels_down_per_day=down,
                    parcels_up_per_day=up,
                )
            )
    network = Network(nodes, name="small")
    return network, distance_matrix(network)
