"""Shared versus separate routes: each carrier routing its own parcels alone vs pooled routes.

Default shares of the parcels (estimates, not measured; set your own): post office 40 %,
express carriers 45 %, supply-and-marketing co-op 15 %. A carrier alone runs the same two
echelons over the same network with its share of every village's parcels, of each hub's own
(such as those gathered at a township service point) and of the fleet (per-depot counts
scaled by the share and rounded up; sized counts follow its loads).
The saving is (sum of the separate costs - pooled cost) / sum of the separate costs; measured
carrier collaboration saves 14-22 % (facts.md 3d), a plausibility check, not a target.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping
from dataclasses import dataclass, replace
from decimal import Decimal

from network.distances import DistanceMatrix
from network.errors import InputError
from network.model import Network, Tier
from network.money import to_fen
from routing.build import Loads
from routing.echelons import (
    Echelon,
    Fleets,
    ModelResult,
    ProblemSettings,
    Solved,
    solve_parts,
    two_echelon_problems,
)
from routing.model import RoutingProblem
from routing.settings import SolverSettings

DEFAULT_SHARES: Mapping[str, float] = {"post_office": 0.40, "express": 0.45, "coop": 0.15}


def check_shares(shares: Mapping[str, float]) -> None:
    """Shares must be positive and add up to 1."""
    if not shares or any(s <= 0 for s in shares.values()):
        raise InputError("carrier shares must be positive", field="carriers")
    if abs(sum(shares.values()) - 1.0) > 1e-6:
        raise InputError(
            f"carrier shares add up to {sum(shares.values()):.4f}, not 1", field="carriers"
        )


@dataclass(frozen=True)
class SharedSaving:
    """Pooled cost against each carrier alone, for the same day (yuan at the fen)."""

    pooled_yuan: Decimal
    separate_yuan: Mapping[str, Decimal]
    seconds: float
    parts: tuple[Solved, ...] = ()

    @property
    def separate_total_yuan(self) -> Decimal:
        return sum(self.separate_yuan.values(), Decimal(0))

    @property
    def saving_yuan(self) -> Decimal:
        return self.separate_total_yuan - self.pooled_yuan

    @property
    def saving_pct(self) -> float:
        total = self.separate_total_yuan
        return round(float(self.saving_yuan / total) * 100.0, 2) if total > 0 else 0.0


def scaled_loads(by_hub: Mapping[str, Loads], share: float) -> dict[str, Loads]:
    """Every village's (down, up) parcels times ``share``."""
    return {
        hub: {v: (d * share, u * share) for v, (d, u) in loads.items()}
        for hub, loads in by_hub.items()
    }


def scaled_hubs(network: Network, share: float) -> Network:
    """The network with each township hub's own parcels times ``share``."""
    return network.replace_nodes(
        replace(
            n,
            parcels_down_per_day=n.parcels_down_per_day * share,
            parcels_up_per_day=n.parcels_up_per_day * share,
        )
        if n.tier is Tier.TOWNSHIP
        else n
        for n in network
    )


def carrier_fleets(fleets: Fleets, share: float) -> Fleets:
    """A carrier's part of the fleet: fixed per-depot counts scaled by its share, rounded up."""

    def part(vt_count: int) -> int:
        return math.ceil(vt_count * share) if vt_count > 0 else 0

    return Fleets(
        trunk=tuple(replace(vt, count=part(vt.count)) for vt in fleets.trunk),
        feeder=tuple(replace(vt, count=part(vt.count)) for vt in fleets.feeder),
    )


def shared_vs_separate(
    network: Network,
    matrix: DistanceMatrix,
    by_hub: Mapping[str, Loads],
    pooled: ModelResult,
    *,
    shares: Mapping[str, float],
    fleets: Fleets,
    settings: ProblemSettings,
    solver: SolverSettings,
    workers: int = 1,
    done: Callable[[int], None] | None = None,
) -> SharedSaving:
    """Solve the day once per carrier alone (all sub-problems in one parallel batch) and
    compare with the ``pooled`` result of the same day."""
    check_shares(shares)
    named: list[tuple[Echelon, str, RoutingProblem]] = []
    owner: list[str] = []
    for carrier, share in shares.items():
        mine = two_echelon_problems(
            scaled_hubs(network, share),
            matrix,
            scaled_loads(by_hub, share),
            fleets=carrier_fleets(fleets, share),
            settings=settings,
        )
        named += mine
        owner += [carrier] * len(mine)
    result = solve_parts(named, solver=solver, workers=workers, done=done)
    separate = dict.fromkeys(shares, Decimal(0))
    for carrier, part in zip(owner, result.parts, strict=True):
        separate[carrier] += to_fen(part.plan.cost_yuan)
    return SharedSaving(to_fen(pooled.cost_yuan), separate, result.seconds, result.parts)
