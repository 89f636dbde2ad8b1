"""A county counted by natural villages (自然村): each village of a network split into several.

Administrative villages (行政村) group several natural villages a few hundred metres to a couple
of kilometres apart. :func:`split_villages` replaces every village by ``ways`` natural villages
scattered around it (uniform in a disc of ``radius_km``, reproducible from ``seed``), sharing
its parcels, population and households equally and keeping its township, island and poor
flag; positions are marked generated. Townships and the county DC are unchanged. Used by the
county-scale benchmarks; not part of the library.
"""

from __future__ import annotations

import math
import random
from dataclasses import replace

from network import Network, Node, Tier

#: Metres per degree of latitude (spherical Earth, for placing generated points only).
_M_PER_DEG = 111_195.0


def split_villages(
    network: Network, *, ways: int, seed: int = 0, radius_km: float = 1.5
) -> Network:
    """``network`` with each village replaced by ``ways`` natural villages (module docstring)."""
    if ways < 1:
        raise ValueError(f"ways must be >= 1, got {ways}")
    return _split(network, [ways] * len(network.villages), seed, radius_km, f"x{ways}")


def split_to(network: Network, *, villages: int, seed: int = 0, radius_km: float = 1.5) -> Network:
    """``network`` split into ``villages`` natural villages in all: every village into
    ``villages // n`` or one more (the first ones in the network's order take the remainder)."""
    n = len(network.villages)
    if villages < n:
        raise ValueError(f"villages must be >= the {n} villages of {network.name}, got {villages}")
    ways, extra = divmod(villages, n)
    counts = [ways + (1 if k < extra else 0) for k in range(n)]
    return _split(network, counts, seed, radius_km, f"{villages} villages")


def _split(network: Network, counts: list[int], seed: int, radius_km: float, label: str) -> Network:
    rng = random.Random(seed)
    nodes: list[Node] = [n for n in network if n.tier != Tier.VILLAGE]
    for village, ways in zip(network.villages, counts, strict=True):
        for k in range(ways):
            r_m = radius_km * 1000.0 * math.sqrt(rng.random())
            angle = rng.uniform(0.0, 2.0 * math.pi)
            dlat = r_m * math.sin(angle) / _M_PER_DEG
            dlon = r_m * math.cos(angle) / (_M_PER_DEG * math.cos(math.radians(village.lat)))
            nodes.append(
                replace(
                    village,
                    id=f"{village.id}-{k + 1}",
                    name=f"{village.name}{k + 1}",
                    lon=village.lon + dlon,
                    lat=village.lat + dlat,
                    population=village.population // ways,
                    households=village.households // ways,
                    parcels_down_per_day=village.parcels_down_per_day / ways,
                    parcels_up_per_day=village.parcels_up_per_day / ways,
                    supply_kg_per_day={p: kg / ways for p, kg in village.supply_kg_per_day.items()},
                    outlets=village.outlets if k == 0 else frozenset(),
                    generated_position=True,
                )
            )
    return Network(
        nodes,
        name=f"{network.name} {label}",
        ferries=network.ferries,
        boundary=network.boundary,
        crs_hint=network.crs_hint,
    )
