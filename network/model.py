"""The three-tier network: county distribution centre(s) -> township hubs -> village points.

Everything here is an immutable value. Positions are WGS-84 lon/lat; any length or area is
computed elsewhere, in a projected CRS (see :mod:`network.geography`).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from types import MappingProxyType
from typing import Any

from network.errors import InputError
from network.texts import Message


class Tier(StrEnum):
    """The level of a node in the three-tier network."""

    COUNTY = "county"
    TOWNSHIP = "township"
    VILLAGE = "village"


class OutletKind(StrEnum):
    """Existing outlets a service point can reuse instead of building a new one."""

    POST_OFFICE = "post_office"
    COOP = "coop"  # supply-and-marketing co-op outlet (供销社)
    EXPRESS = "express"  # express carrier outlet / pick-up point
    SHOP = "shop"  # village shop
    PARTY_CENTRE = "party_centre"  # party-service centre (党群服务中心)


def _frozen_mapping(value: Mapping[str, Any] | None) -> Mapping[str, Any]:
    return MappingProxyType(dict(value or {}))


@dataclass(frozen=True, slots=True)
class Node:
    """One place in the network.

    Attributes:
        id: unique id (for the demo county the NBS statistical code).
        name: display name (Chinese names are kept as given).
        tier: county | township | village.
        lon, lat: WGS-84 degrees (converted from GCJ-02/BD-09 on load when the input says so).
        parent: township id for a village; the county node id (or None) for a township;
            None for a county node.
        population: residents.
        households: family households.
        poor: registered-poor village (建档立卡贫困村) flag.
        parcels_down_per_day: parcels delivered to this place per day (goods going down).
        parcels_up_per_day: parcels sent from this place per day (farm products going up).
        supply_kg_per_day: fresh-product supply by product name (average kg/day in season).
        outlets: existing outlets at this place (reusable as service points).
        island: name of the island the node is on, or None on the mainland; nodes on
            different land masses are joined only through the network's ferry links.
        estimated: names of fields whose values are estimated rather than observed.
        generated_position: True when lon/lat were generated, not observed.
        community: for a village-tier node, True when it is an urban community (社区,
            居委会) rather than an administrative village (行政村): still a delivery point,
            but not counted in the plan's village percentages.
        unknown: names of fields that were not given (e.g. ``poor`` when the county has no
            list of registered-poor villages); their values are the defaults and are not
            counted as facts.
        extra: any further input columns, kept as strings.
    """

    id: str
    name: str
    tier: Tier
    lon: float
    lat: float
    parent: str | None = None
    population: int = 0
    households: int = 0
    poor: bool = False
    parcels_down_per_day: float = 0.0
    parcels_up_per_day: float = 0.0
    supply_kg_per_day: Mapping[str, float] = field(default_factory=lambda: _frozen_mapping(None))
    outlets: frozenset[OutletKind] = frozenset()
    island: str | None = None
    estimated: frozenset[str] = frozenset()
    generated_position: bool = False
    extra: Mapping[str, str] = field(default_factory=lambda: _frozen_mapping(None))
    community: bool = False
    unknown: frozenset[str] = frozenset()

    def __post_init__(self) -> None:
        object.__setattr__(self, "supply_kg_per_day", _frozen_mapping(self.supply_kg_per_day))
        object.__setattr__(self, "extra", _frozen_mapping(self.extra))
        object.__setattr__(self, "outlets", frozenset(self.outlets))
        object.__setattr__(self, "estimated", frozenset(self.estimated))
        object.__setattr__(self, "unknown", frozenset(self.unknown))

    def __hash__(self) -> int:
        return hash(self.id)

    @property
    def counts_as_village(self) -> bool:
        """An administrative village: what the plan's village targets count."""
        return self.tier is Tier.VILLAGE and not self.community

    @property
    def poor_known(self) -> bool:
        """Whether the registered-poor flag was given (not left unknown)."""
        return "poor" not in self.unknown

    @property
    def parcels_per_day(self) -> float:
        """Parcels down plus up per day."""
        return self.parcels_down_per_day + self.parcels_up_per_day


@dataclass(frozen=True, slots=True)
class FerryLink:
    """A sea leg between a mainland pier and an island pier (WGS-84 positions).

    Travel between nodes on different land masses goes pier to pier on this link; its
    crossing time and cost per trip are added to the road legs on either side.
    """

    name: str
    island: str
    mainland_lon: float
    mainland_lat: float
    island_lon: float
    island_lat: float
    crossing_min: float
    cost_per_trip_yuan: float
    sea_distance_km: float
    departures_per_day: int = 0  # 0 = not scheduled (on demand)


class Network:
    """An immutable collection of nodes with lookups by id, tier and township.

    Build it with :func:`network.load_network` or directly from nodes; the constructor checks
    that ids are unique and that every village's parent is a township.
    """

    __slots__ = ("_by_id", "_children", "boundary", "crs_hint", "ferries", "name", "nodes")

    def __init__(
        self,
        nodes: Iterable[Node],
        *,
        name: str = "",
        boundary: Any = None,
        ferries: Iterable[FerryLink] = (),
        crs_hint: str | None = None,
    ) -> None:
        self.nodes: tuple[Node, ...] = tuple(nodes)
        self.name = name
        self.boundary = boundary  # shapely (Multi)Polygon in WGS-84, or None
        self.ferries: tuple[FerryLink, ...] = tuple(ferries)
        self.crs_hint = crs_hint
        by_id: dict[str, Node] = {}
        for node in self.nodes:
            if node.id in by_id:
                raise InputError(Message("duplicate id {id!r}", id=node.id), field="id")
            by_id[node.id] = node
        children: dict[str, list[Node]] = {}
        for node in self.nodes:
            if node.tier is Tier.VILLAGE:
                parent = by_id.get(node.parent or "")
                if parent is None or parent.tier is not Tier.TOWNSHIP:
                    raise InputError(
                        Message(
                            "village {id!r} has parent {parent!r}, which is not a township",
                            id=node.id,
                            parent=node.parent,
                        ),
                        field="parent",
                    )
                children.setdefault(parent.id, []).append(node)
        self._by_id = MappingProxyType(by_id)
        self._children = MappingProxyType({k: tuple(v) for k, v in children.items()})

    def __len__(self) -> int:
        return len(self.nodes)

    def __iter__(self) -> Iterator[Node]:
        return iter(self.nodes)

    def __contains__(self, node_id: object) -> bool:
        return node_id in self._by_id

    def __getitem__(self, node_id: str) -> Node:
        return self._by_id[node_id]

    def get(self, node_id: str) -> Node | None:
        """The node with this id, or None."""
        return self._by_id.get(node_id)

    def of_tier(self, tier: Tier | str) -> tuple[Node, ...]:
        """Nodes of one tier, in input order."""
        tier = Tier(tier)
        return tuple(n for n in self.nodes if n.tier is tier)

    @property
    def county_dcs(self) -> tuple[Node, ...]:
        """The county warehouse & distribution centre(s)."""
        return self.of_tier(Tier.COUNTY)

    @property
    def townships(self) -> tuple[Node, ...]:
        return self.of_tier(Tier.TOWNSHIP)

    @property
    def villages(self) -> tuple[Node, ...]:
        """Every village-level node (administrative villages and communities)."""
        return self.of_tier(Tier.VILLAGE)

    @property
    def administrative_villages(self) -> tuple[Node, ...]:
        """Village-level nodes that are not urban communities: what village targets count."""
        return tuple(n for n in self.nodes if n.counts_as_village)

    def children(self, township_id: str) -> tuple[Node, ...]:
        """Villages whose parent is this township (empty for an unknown id)."""
        return self._children.get(township_id, ())

    def township_of(self, node_id: str) -> Node | None:
        """The township a node belongs to (itself for a township, None for a county node)."""
        node = self._by_id[node_id]
        if node.tier is Tier.TOWNSHIP:
            return node
        if node.tier is Tier.VILLAGE and node.parent is not None:
            return self._by_id[node.parent]
        return None

    def outlets(self, kind: OutletKind | str | None = None) -> tuple[Node, ...]:
        """Nodes with an existing outlet (of the given kind, or of any kind)."""
        if kind is None:
            return tuple(n for n in self.nodes if n.outlets)
        wanted = OutletKind(kind)
        return tuple(n for n in self.nodes if wanted in n.outlets)

    def ids(self) -> tuple[str, ...]:
        return tuple(n.id for n in self.nodes)

    def subset(self, ids: Iterable[str]) -> Network:
        """A network of the given nodes plus the townships they need (input order kept)."""
        keep = set(ids)
        for node_id in list(keep):
            node = self._by_id[node_id]
            if node.tier is Tier.VILLAGE and node.parent is not None:
                keep.add(node.parent)
        return Network(
            (n for n in self.nodes if n.id in keep),
            name=self.name,
            boundary=self.boundary,
            ferries=self.ferries,
            crs_hint=self.crs_hint,
        )

    def replace_nodes(self, nodes: Iterable[Node]) -> Network:
        """A network with the same metadata and other nodes."""
        return Network(
            nodes,
            name=self.name,
            boundary=self.boundary,
            ferries=self.ferries,
            crs_hint=self.crs_hint,
        )

    def __repr__(self) -> str:
        counts = ", ".join(f"{len(self.of_tier(t))} {t.value}" for t in Tier)
        return f"Network({self.name!r}: {counts})"
