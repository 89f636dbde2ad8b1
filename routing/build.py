"""Routing problems from a :class:`network.Network` and its distance matrix.

A problem has its depots first (county DC and/or township hubs, in the order given), then its
clients (villages, or townships for the trunk echelon). Loads have three dimensions: parcels,
kg and m3, down and up per visit, at one average size per direction (:class:`ParcelSize`, the
same figures the demo county's data are built with). A vehicle type given with two capacities
(parcels, kg) has no volume limit. Service time per stop is a fixed part plus a part per parcel
handled. Clients are open during ``opening``; depots all day (the
vehicle's shift limits them).

Penalties: the villages needed to reach ``coverage_target`` (a share of the clients) are
mandatory (``inf``), chosen poor villages first, then by parcels per day (most first), then id;
the rest are optional at ``per_parcel_yuan`` per parcel of the visit (at least ``min_yuan``):
what the parcels would cost a carrier to deliver without the shared route (the upper rural
last-mile labour cost, facts.md 3b, an estimate).
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, replace

import numpy as np

from network.distances import DistanceMatrix
from network.errors import InputError
from network.model import Network, Node
from network.texts import Message
from routing.model import RoutingProblem, VehicleType

#: Parcels (down, up) per visit, by client id.
Loads = Mapping[str, tuple[float, float]]

DIMENSIONS = ("parcels", "kg", "m3")


@dataclass(frozen=True)
class ParcelSize:
    """Average weight and volume of one parcel, per direction (defaults are estimates).

    - ``down_kg`` 1.2: the e-tricycle's 180 kg payload over the ~150 parcels it carries a day
      (facts.md 3c, EST).
    - ``up_kg`` 3.0: a farm-product parcel (fruit, tea, seafood in a 5-jin box; EST), the
      figure ``tools/build_demo_county.py`` turns the harvest's kg into parcels with.
    - ``down_m3`` 0.012: the e-tricycle's ~1.8 m3 cargo box (within the SPB standard's
      1.0 x 3.0 x 1.4 m, facts.md 3c) over its 150 parcels (EST).
    - ``up_m3`` 0.020: 3 kg of fresh produce at 230 kg/m3 (facts.md 2, design density)
      = 0.013 m3, x1.5 for the foam box and ice of fresh parcels (EST).
    """

    down_kg: float = 1.2
    up_kg: float = 3.0
    down_m3: float = 0.012
    up_m3: float = 0.020

    def __post_init__(self) -> None:
        for name in ("down_kg", "up_kg", "down_m3", "up_m3"):
            value = getattr(self, name)
            if not value > 0 or not math.isfinite(value):
                raise InputError(
                    Message("parcel {name} must be a positive number", name=name), field=name
                )

    def per_trip(self, vt: VehicleType, direction: str = "both") -> float:
        """Parcels one trip of ``vt`` carries down, up, or (``"both"``) in either direction."""
        cap = (*vt.capacity, math.inf, math.inf)[:3]
        down = min(cap[0], cap[1] / self.down_kg, cap[2] / self.down_m3)
        up = min(cap[0], cap[1] / self.up_kg, cap[2] / self.up_m3)
        return {"down": down, "up": up}.get(direction, min(down, up))


PARCEL_SIZE = ParcelSize()


def with_volume(vt: VehicleType, unlimited_m3: float) -> VehicleType:
    """``vt`` with a volume capacity: ``unlimited_m3`` (all the problem's volume) when it gives
    none or an infinite one, since the engines need finite capacities."""
    if len(vt.capacity) >= len(DIMENSIONS) and math.isfinite(vt.capacity[2]):
        return vt
    return replace(vt, capacity=(*vt.capacity[:2], unlimited_m3))


@dataclass(frozen=True)
class ServiceTime:
    """Minutes at a stop: ``fixed_min`` + ``per_parcel_min`` x parcels down and up."""

    fixed_min: float = 5.0
    per_parcel_min: float = 0.05

    def seconds(self, parcels: float) -> float:
        return 60.0 * (self.fixed_min + self.per_parcel_min * parcels)


@dataclass(frozen=True)
class Opening:
    """Opening hours of the village stations, minutes after midnight."""

    open_min: float = 8 * 60.0
    close_min: float = 19 * 60.0

    def __post_init__(self) -> None:
        if not 0 <= self.open_min <= self.close_min <= 24 * 60:
            raise InputError(
                Message("opening hours must satisfy 0 <= open <= close <= 1440"), field="opening"
            )


@dataclass(frozen=True)
class Penalties:
    """Which clients are mandatory and what skipping an optional one costs (module docstring)."""

    coverage_target: float = 1.0
    per_parcel_yuan: float = 3.3
    min_yuan: float = 50.0

    def __post_init__(self) -> None:
        if not 0 <= self.coverage_target <= 1:
            raise InputError(
                Message("coverage_target must be within 0..1"), field="coverage_target"
            )


def mandatory_ids(nodes: Sequence[Node], coverage_target: float) -> frozenset[str]:
    """The clients needed to reach ``coverage_target``: poor first, then busiest, then by id."""
    ranked = sorted(nodes, key=lambda n: (not n.poor, -n.parcels_per_day, n.id))
    return frozenset(n.id for n in ranked[: math.ceil(coverage_target * len(nodes) - 1e-9)])


def daily_loads(nodes: Iterable[Node], *, scale: float = 1.0) -> dict[str, tuple[float, float]]:
    """Each node's parcels (down, up) per day, times ``scale`` (a carrier's share, growth)."""
    return {n.id: (n.parcels_down_per_day * scale, n.parcels_up_per_day * scale) for n in nodes}


def problem_from_network(
    network: Network,
    matrix: DistanceMatrix,
    *,
    fleet: Sequence[VehicleType],
    depots: Sequence[str] | None = None,
    villages: Sequence[str] | None = None,
    parcels: Loads | None = None,
    parcel: ParcelSize = PARCEL_SIZE,
    service: ServiceTime = ServiceTime(),
    opening: Opening = Opening(),
    penalty: Penalties = Penalties(),
    carrier_share: float | None = None,
    mandatory: frozenset[str] | None = None,
    max_drop_parcels: float = math.inf,
) -> RoutingProblem:
    """A routing problem over ``depots`` (default: the county DCs) and ``villages`` (default:
    every village; townships may be clients too), see the module docstring.

    ``parcels`` gives the (down, up) parcels per visit of each client (default: its parcels per
    day); ``carrier_share`` scales them to one carrier's part. ``mandatory`` names the
    mandatory clients instead of choosing them by ``penalty.coverage_target``. A client with
    more than ``max_drop_parcels`` down or up is split into equal drops under it (the same id
    on several nodes), so a hub's day or a big village fits the largest vehicle.
    """
    depot_ids = tuple(depots) if depots is not None else tuple(n.id for n in network.county_dcs)
    client_ids = tuple(villages) if villages is not None else tuple(n.id for n in network.villages)
    _check_ids(network, depot_ids, client_ids)
    clients = [network[c] for c in client_ids]
    loads = dict(parcels) if parcels is not None else daily_loads(clients)
    share = 1.0 if carrier_share is None else carrier_share
    if not 0 < share <= 1:
        raise InputError(
            Message("carrier_share must be within (0, 1], got {share}", share=share),
            field="carrier_share",
        )
    drops = _drops(client_ids, loads, share, max_drop_parcels)
    ids = depot_ids + tuple(cid for cid, _, _ in drops)
    n_dep = len(depot_ids)
    down = np.array([0.0] * n_dep + [d for _, d, _ in drops])
    up = np.array([0.0] * n_dep + [u for _, _, u in drops])
    handled = down + up
    unlimited_m3 = float(down.sum() * parcel.down_m3 + up.sum() * parcel.up_m3) + 1.0
    must = mandatory if mandatory is not None else mandatory_ids(clients, penalty.coverage_target)
    pen = np.array(
        [0.0] * n_dep
        + [
            math.inf if cid in must else max(penalty.min_yuan, penalty.per_parcel_yuan * p)
            for cid, p in zip(ids[n_dep:], handled[n_dep:], strict=True)
        ]
    )
    unique = depot_ids + client_ids
    sub = matrix.sub(unique)
    where = {node_id: k for k, node_id in enumerate(unique)}
    grid = np.ix_(*[np.array([where[i] for i in ids], dtype=np.intp)] * 2)
    is_client = np.arange(len(ids)) >= n_dep
    return RoutingProblem(
        ids=ids,
        names=tuple(network[i].name for i in ids),
        distance_m=sub.distance_m[grid],
        duration_s=sub.duration_s[grid],
        depots=tuple(range(n_dep)),
        delivery=np.column_stack([down, down * parcel.down_kg, down * parcel.down_m3]),
        pickup=np.column_stack([up, up * parcel.up_kg, up * parcel.up_m3]),
        service_s=np.where(is_client, [service.seconds(p) for p in handled], 0.0),
        tw_early_s=np.where(is_client, 60.0 * opening.open_min, 0.0),
        tw_late_s=np.where(is_client, 60.0 * opening.close_min, 24 * 3600.0),
        penalty_yuan=pen,
        fleet=tuple(with_volume(vt, unlimited_m3) for vt in fleet),
        dimensions=DIMENSIONS,
        fare_yuan=None if sub.fare_yuan is None else sub.fare_yuan[grid],
    )


def _drops(
    clients: Sequence[str], loads: Loads, share: float, max_drop_parcels: float
) -> list[tuple[str, float, float]]:
    """(id, down, up) per node of the problem: each client in equal drops under the limit."""
    if max_drop_parcels <= 0:
        raise InputError(Message("max_drop_parcels must be positive"), field="max_drop_parcels")
    out = []
    for cid in clients:
        if cid not in loads:
            raise InputError(
                Message("no parcels given for client {cid!r}", cid=cid), field="parcels"
            )
        down, up = (share * x for x in loads[cid])
        k = max(1, math.ceil(max(down, up) / max_drop_parcels - 1e-9))
        out += [(cid, down / k, up / k)] * k
    return out


def _check_ids(network: Network, depots: Sequence[str], clients: Sequence[str]) -> None:
    if not depots:
        raise InputError(Message("a routing problem needs at least one depot"), field="depots")
    for field_name, ids in (("depots", depots), ("villages", clients)):
        unknown = [i for i in ids if i not in network]
        if unknown:
            raise InputError(
                Message(
                    "{field_name}: {unknown} are not in the network",
                    field_name=field_name,
                    unknown=unknown[:5],
                ),
                field=field_name,
            )
    both = set(depots) & set(clients)
    if both or len(set(clients)) != len(clients):
        raise InputError(
            Message("clients must be distinct and not depots: {ids}", ids=sorted(both)[:5]),
            field="villages",
        )
