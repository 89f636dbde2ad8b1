"""Capacitated p-median for township hubs on a hand-made line county.

Hubs H1 x=0, H2 x=20, H3 x=40 km; villages a x=5 (100 parcels/day), b x=15 (100), c x=35 (50).
p = 2, cost = parcels x km:
  {H1,H2}: a->H1 500 + b->H2 500 + c->H2 750 = 1,750   (best without capacities)
  {H1,H3}: a->H1 500 + b->H1 1,500 + c->H3 250 = 2,250
  {H2,H3}: a->H2 1,500 + b->H2 500 + c->H3 250 = 2,250
With H2 limited to 100 parcels/day, {H1,H2} must send c to H1 (1,750) -> 2,750, so {H1,H3}
(2,250) wins. With every hub limited to 120, any two hubs hold at most 240 < 250: infeasible.
"""

from __future__ import annotations

import numpy as np
import pytest

from network import DistanceMatrix, InputError, Network, Node, Tier
from network.siting import CpSatSettings, capacitated_hubs

SETTINGS = CpSatSettings(time_limit_s=20, workers=8, seed=0)
X_KM = {"H1": 0, "H2": 20, "H3": 40, "a": 5, "b": 15, "c": 35}
PARCELS = {"a": 100.0, "b": 100.0, "c": 50.0}


def _county() -> tuple[Network, DistanceMatrix]:
    hubs = [Node(h, h, Tier.TOWNSHIP, 120.0, 27.0) for h in ("H1", "H2", "H3")]
    villages = [
        Node(v, v, Tier.VILLAGE, 120.0, 27.0, parent="H1", parcels_down_per_day=q)
        for v, q in PARCELS.items()
    ]
    net = Network(hubs + villages)
    x = np.array([X_KM[i] for i in net.ids()], dtype=float) * 1000.0
    dist = np.abs(x[:, None] - x[None, :])
    return net, DistanceMatrix(net.ids(), dist, dist / 10.0, "test")


def test_uncapacitated_hand_optimum() -> None:
    result = capacitated_hubs(*_county(), p=2, settings=SETTINGS)
    assert result.status == "OPTIMAL" and result.hub_ids == ("H1", "H2")
    assert result.parcel_km_per_day == 1750.0
    assert result.assignment == {"a": "H1", "b": "H2", "c": "H2"}
    assert result.load_parcels_per_day == {"H1": 100.0, "H2": 150.0}


def test_capacity_moves_the_hub() -> None:
    result = capacitated_hubs(
        *_county(), p=2, capacity_parcels_per_day={"H2": 100.0}, settings=SETTINGS
    )
    assert result.hub_ids == ("H1", "H3") and result.parcel_km_per_day == 2250.0


def test_too_little_capacity_is_infeasible() -> None:
    result = capacitated_hubs(*_county(), p=2, capacity_parcels_per_day=120.0, settings=SETTINGS)
    assert result.status == "INFEASIBLE" and result.hub_ids == ()


def test_p_out_of_range_is_an_input_error() -> None:
    with pytest.raises(InputError, match="p must be between 1 and 3"):
        capacitated_hubs(*_county(), p=4, settings=SETTINGS)
