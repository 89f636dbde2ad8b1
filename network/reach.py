"""Places the network cannot reach: on an island that no ferry link serves.

A county's lists may put villages on islands (an ``island`` column) without any ferry file.
Rather than stopping the whole plan, these places are set aside: the plan runs on the rest,
and the set-aside places are listed with the reason (and count as neither delivered nor
covered in the targets).

Example:
    >>> from network import Network, Node, Tier
    >>> net = Network([Node("t", "T", Tier.TOWNSHIP, 120.0, 26.9),
    ...                Node("v", "V", Tier.VILLAGE, 120.3, 26.7, parent="t", island="西洋岛")])
    >>> unreachable_nodes(net)["v"]
    'on island 西洋岛, which no ferry link serves: add a ferries file with a link to 西洋岛'
"""

from __future__ import annotations

from network.model import Network


def unreachable_nodes(network: Network) -> dict[str, str]:
    """Node id -> why it cannot be reached: on an island without a ferry link, or a village
    of a township whose seat is on such an island."""
    served = {f.island for f in network.ferries}
    reasons = {
        n.id: (
            f"on island {n.island}, which no ferry link serves: add a ferries file with a link "
            f"to {n.island}"
        )
        for n in network
        if n.island is not None and n.island not in served
    }
    for village in network.villages:
        if village.id not in reasons and village.parent in reasons:
            township = network[village.parent]
            reasons[village.id] = (
                f"its township {township.name}'s seat is on island {township.island}, "
                "which no ferry link serves"
            )
    return reasons


def reachable_part(network: Network, unreachable: dict[str, str]) -> Network:
    """The network without the unreachable nodes (itself when there are none)."""
    if not unreachable:
        return network
    return network.replace_nodes(n for n in network if n.id not in unreachable)
