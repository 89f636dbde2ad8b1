"""What routing serves: every village (:func:`stops_from_villages`), or siting's service points,
each carrying the parcels of the places it serves (:func:`stops_from_service_points`).

Rules (``covers`` maps a chosen point to the places it serves, as siting assigns them):

- A village point becomes the one stop for the villages it covers: it carries their summed
  parcels down and up and fresh-product supply, and counts as poor when any of them is (so it
  ranks first for the coverage target). The covered villages leave the network of stops.
- A point at a township node keeps its covered villages' parcels at the hub: the township node
  carries them (the trunk brings them with the hub's own) and no feeder visits those villages.
- Villages no point covers stay stops of their own, as without siting.
- Covered township seats keep their parcels: a seat is its township's hub.

Costs: a village stop's cost (:func:`routing.attribute_costs`) is split over the villages it
stands for by their parcels per day (down + up; fen by largest remainder), and so are its
delivered parcels (down by parcels down, up by parcels up). The villages kept at a hub get
their share of the hub's trunk cost in :func:`routing.attribute_costs` (``at_hubs``).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from types import MappingProxyType

from network.errors import InputError
from network.model import Network, Node, Tier
from network.texts import Message
from routing.parcel_cost import Attribution, VillageCost, split_by_weights


@dataclass(frozen=True)
class RoutingStops:
    """The network routing serves, and which villages each of its stops stands for.

    Attributes:
        original: the network given (every village).
        network: the network of stops: with service points, the original network less the
            covered villages that are not points, village points and township points carrying
            the parcels of the villages they serve; else the original network itself.
        carries: per village stop, the villages whose parcels it carries (itself first).
        at_hubs: per township point, the villages whose parcels stay at that hub.
        from_points: True when the stops are service points (parcels gathered there).
    """

    original: Network
    network: Network
    carries: Mapping[str, tuple[str, ...]]
    at_hubs: Mapping[str, tuple[str, ...]]
    from_points: bool


def stops_from_villages(network: Network) -> RoutingStops:
    """Every village is a stop of its own, carrying its own parcels."""
    carries = {v.id: (v.id,) for v in network.villages}
    return RoutingStops(network, network, MappingProxyType(carries), MappingProxyType({}), False)


def stops_from_service_points(
    network: Network, covers: Mapping[str, Sequence[str]]
) -> RoutingStops:
    """Gather each covered village's parcels at its service point (module docstring).

    ``covers`` maps each chosen point to the places it serves (siting's
    :attr:`network.siting.SitingResult.covers`). Raises ``InputError`` when a point or a
    covered place is not in ``network``, a point is the county DC, a covered village is a point
    itself, or a village is covered by two points.

    Example:
        >>> from network import Network, Node, Tier
        >>> net = Network([
        ...     Node("C", "county", Tier.COUNTY, 119.9, 26.9),
        ...     Node("T", "town", Tier.TOWNSHIP, 120.0, 26.9, parent="C"),
        ...     Node("a", "a", Tier.VILLAGE, 120.01, 26.9, parent="T", parcels_down_per_day=5),
        ...     Node("b", "b", Tier.VILLAGE, 120.02, 26.9, parent="T", parcels_down_per_day=7),
        ... ])
        >>> stops = stops_from_service_points(net, {"a": ("a", "b")})
        >>> dict(stops.carries), stops.network["a"].parcels_down_per_day
        ({'a': ('a', 'b')}, 12)
    """
    groups = _village_groups(network, covers)
    covered = {v for members in groups.values() for v in members}
    carries = {
        n.id: groups.get(n.id, (n.id,))
        for n in network.villages
        if n.id in groups or n.id not in covered
    }
    nodes = [
        _gathered(n, [network[v] for v in groups.get(n.id, ())])
        for n in network
        if n.tier is not Tier.VILLAGE or n.id in carries
    ]
    at_hubs = {p: vs for p, vs in groups.items() if network[p].tier is Tier.TOWNSHIP and vs}
    return RoutingStops(
        network,
        network.replace_nodes(nodes),
        MappingProxyType(carries),
        MappingProxyType(at_hubs),
        True,
    )


def _village_groups(
    network: Network, covers: Mapping[str, Sequence[str]]
) -> dict[str, tuple[str, ...]]:
    """Per point, the villages it gathers: a village point itself first, then the others in
    the order given."""
    owner: dict[str, str] = {}
    groups: dict[str, list[str]] = {}
    for point, places in covers.items():
        _check_point(network, point)
        groups[point] = [point] if network[point].tier is Tier.VILLAGE else []
        for place in places:
            if place not in network:
                raise InputError(
                    Message(
                        "service point {point!r} covers {place!r}, which is not in the network",
                        point=point,
                        place=place,
                    ),
                    field="covers",
                )
            if network[place].tier is not Tier.VILLAGE or place == point:
                continue
            if place in covers:
                raise InputError(
                    Message(
                        "service point {point!r} covers {place!r}, which is a point itself",
                        point=point,
                        place=place,
                    ),
                    field="covers",
                )
            if owner.setdefault(place, point) != point:
                raise InputError(
                    Message(
                        "village {place!r} is covered by both {owner!r} and {point!r}",
                        place=place,
                        owner=owner[place],
                        point=point,
                    ),
                    field="covers",
                )
            if place not in groups[point]:
                groups[point].append(place)
    return {point: tuple(members) for point, members in groups.items()}


def _check_point(network: Network, point: str) -> None:
    if point not in network:
        raise InputError(
            Message("service point {point!r} is not in the network", point=point), field="covers"
        )
    if network[point].tier is Tier.COUNTY:
        raise InputError(
            Message(
                "service point {point!r} is the county DC, not a village or township", point=point
            ),
            field="covers",
        )


def _gathered(node: Node, members: Sequence[Node]) -> Node:
    """``node`` carrying the parcels and supply of ``members`` (itself among them or not)."""
    others = [m for m in members if m.id != node.id]
    if not others:
        return node
    supply = dict(node.supply_kg_per_day)
    for m in others:
        for product, kg in m.supply_kg_per_day.items():
            supply[product] = supply.get(product, 0.0) + kg
    return replace(
        node,
        parcels_down_per_day=node.parcels_down_per_day
        + sum(m.parcels_down_per_day for m in others),
        parcels_up_per_day=node.parcels_up_per_day + sum(m.parcels_up_per_day for m in others),
        supply_kg_per_day=supply,
        poor=node.poor or (node.tier is Tier.VILLAGE and any(m.poor for m in others)),
    )


def spread_costs(attribution: Attribution, stops: RoutingStops) -> Attribution:
    """``attribution`` (over the network of stops) per village of the original network: each
    village stop's cost and parcels split over the villages it carries."""
    original = stops.original
    villages: dict[str, VillageCost] = {}
    for stop, cost in attribution.villages.items():
        members = [original[v] for v in stops.carries.get(stop, (stop,))]
        down = sum(m.parcels_down_per_day for m in members)
        up = sum(m.parcels_up_per_day for m in members)
        shares = split_by_weights(cost.cost_yuan, [m.parcels_per_day for m in members])
        for m, share in zip(members, shares, strict=True):
            villages[m.id] = VillageCost(
                m.id,
                m.parent or "",
                share,
                _fraction(cost.parcels_down, m.parcels_down_per_day, down),
                _fraction(cost.parcels_up, m.parcels_up_per_day, up),
            )
    return replace(attribution, villages=MappingProxyType(dict(sorted(villages.items()))))


def _fraction(total: float, part: float, whole: float) -> float:
    return total * part / whole if whole > 0 else 0.0
