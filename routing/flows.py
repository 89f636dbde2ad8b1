"""Flows for the cost model from solved routes: who got which parcels, through which hub.

Two ways to build :class:`routing.economics.Flow` s:

- :func:`period_flows` from a cost attribution over a visit period (per village; the line haul
  as :mod:`routing.parcel_cost` attributes it), for the plan's headline;
- :func:`day_flows` from one day's solved sub-problems (per stop), for comparisons of models
  and of pooled against separate carriers, where only totals matter: the day's route cost is
  spread over the stops by parcels.

A stop visited by a route from a township hub passes that hub; one visited from a county DC
(the flat model) passes none; a hub's own parcels (those kept at a township service point)
pass it.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from decimal import Decimal

from network.model import Network, Tier
from network.money import to_fen
from routing.echelons import Solved
from routing.economics import Flow
from routing.parcel_cost import Attribution, split_by_weights

#: (hub passed or None, stop id) -> parcels (down, up) delivered.
Served = dict[tuple[str | None, str], tuple[float, float]]


def _dec(x: float) -> Decimal:
    return Decimal(repr(float(x)))


def served_parcels(network: Network, parts: Sequence[Solved]) -> Served:
    """Parcels delivered per stop and the hub they passed (module docstring); ``network``
    gives the hubs' own parcels (a carrier's part of them when alone)."""
    out: Served = {}
    trunked: set[str] = set()
    for part in parts:
        p = part.problem
        for route in part.plan.routes:
            depot = p.ids[route.depot]
            hub = None if network[depot].tier is Tier.COUNTY else depot
            for s in route.stops:
                if part.echelon == "trunk":
                    trunked.add(p.ids[s])
                    continue
                d, u = out.get((hub, p.ids[s]), (0.0, 0.0))
                out[hub, p.ids[s]] = (d + float(p.delivery[s, 0]), u + float(p.pickup[s, 0]))
    for hub in sorted(trunked):
        node = network[hub]
        if node.parcels_per_day > 0:
            out[hub, hub] = (node.parcels_down_per_day, node.parcels_up_per_day)
    return out


def day_flows(
    network: Network,
    parts: Sequence[Solved],
    carriers: Mapping[str, float],
) -> list[Flow]:
    """One day's flows, each stop's parcels split over ``carriers`` by their shares; the day's
    route cost spread over the flows by parcels (fen, largest remainder)."""
    served = sorted(
        served_parcels(network, parts).items(), key=lambda kv: (kv[0][0] or "", kv[0][1])
    )
    line = to_fen(sum(p.plan.cost_yuan for p in parts))
    keys = [(hub, stop, c, s) for (hub, stop), _ in served for c, s in carriers.items() if s > 0]
    loads = {(hub, stop): du for (hub, stop), du in served}
    weights = [(loads[h, st][0] + loads[h, st][1]) * s for h, st, _, s in keys]
    shares = split_by_weights(line, weights) if keys else []
    flows = []
    for (hub, stop, carrier, s), yuan in zip(keys, shares, strict=True):
        node = network[stop]
        township = stop if node.tier is Tier.TOWNSHIP else (node.parent or "")
        d, u = loads[hub, stop]
        flows.append(Flow(stop, township, carrier, _dec(d * s), _dec(u * s), yuan, hub))
    return flows


def period_flows(
    network: Network,
    attribution: Attribution,
    shares: Mapping[str, float],
    direct: frozenset[str] = frozenset(),
    bypass: Mapping[str, tuple[float, float]] | None = None,
) -> list[Flow]:
    """Per village and carrier, a day of the period: parcels and line haul divided by the
    period's days; every village passes its township's hub unless it is in ``direct`` (served
    straight from the county DC); ``bypass`` gives, per village, the period's parcels (down,
    up) that pass no hub even so (a bus from or to the county DC)."""
    days = Decimal(attribution.period_days)
    flows = []
    for v in attribution.villages.values():
        hub = None if v.village_id in direct else (network[v.village_id].parent or None)
        skip_down, skip_up = (bypass or {}).get(v.village_id, (0.0, 0.0))
        for carrier, s in shares.items():
            share = _dec(s)
            down = _dec(v.parcels_down) * share / days
            up = _dec(v.parcels_up) * share / days
            flows.append(
                Flow(
                    v.village_id,
                    v.township_id,
                    carrier,
                    down,
                    up,
                    v.cost_yuan * share / days,
                    hub,
                    min(down, _dec(skip_down) * share / days),
                    min(up, _dec(skip_up) * share / days),
                )
            )
    return flows


def direct_stops(parts: Sequence[Solved], network: Network) -> frozenset[str]:
    """Stops served only by routes from a county DC (the flat model), never from a hub."""
    from_dc: set[str] = set()
    from_hub: set[str] = set()
    for part in parts:
        if part.echelon == "trunk":
            continue
        p = part.problem
        for route in part.plan.routes:
            county = network[p.ids[route.depot]].tier is Tier.COUNTY
            (from_dc if county else from_hub).update(p.ids[s] for s in route.stops)
    return frozenset(from_dc - from_hub)
