"""Places the network cannot reach: on an island that no ferry link serves.

A county's lists may put villages on islands (an ``island`` column) without any ferry file.
Rather than stopping the whole plan, these places are set aside: the plan runs on the rest,
and the set-aside places are listed with the reason (and count as neither delivered nor
covered in the targets).

Example:
    >>> from network import Network, Node, Tier
    >>> net = Network([Node("t", "T", Tier.TOWNSHIP, 120.0, 26.9),
    ...                Node("v", "V", Tier.VILLAGE, 120.3, 26.7, parent="t", island="西洋岛")])
    >>> str(unreachable_nodes(net)["v"])
    'on island 西洋岛, which no ferry link serves: add a ferries file with a link to 西洋岛'
"""

from __future__ import annotations

from collections.abc import Mapping

from network.model import Network
from network.texts import Message


def unreachable_nodes(network: Network) -> dict[str, Message]:
    """Node id -> why it cannot be reached: on an island without a ferry link, or a village
    of a township whose seat is on such an island (``str(reason)`` is the English text)."""
    served = {f.island for f in network.ferries}
    reasons = {
        n.id: Message(
            "on island {island}, which no ferry link serves: add a ferries file with a link "
            "to {island}",
            island=n.island,
        )
        for n in network
        if n.island is not None and n.island not in served
    }
    for village in network.villages:
        if village.id not in reasons and village.parent in reasons:
            township = network[village.parent]
            reasons[village.id] = Message(
                "its township {township}'s seat is on island {island}, which no ferry link serves",
                township=township.name,
                island=township.island,
            )
    return reasons


def reachable_part(network: Network, unreachable: Mapping[str, object]) -> Network:
    """The network without the unreachable nodes (itself when there are none)."""
    if not unreachable:
        return network
    return network.replace_nodes(n for n in network if n.id not in unreachable)
