"""Shared versus separate routes: each carrier routing its own parcels alone vs pooled routes.

Default shares of the parcels (estimates, not measured; set your own): post office 40 %,
express carriers 45 %, supply-and-marketing co-op 15 %.

The honest counterfactual: a carrier alone serves only the villages and township hubs it
reaches (:mod:`routing.reach`; a place's parcels go with the carriers that reach it, in
proportion to their shares), runs the same two echelons from the same county DC to those
hubs and villages with its part of their parcels, and has a fleet sized for its own volume
(fixed per-depot counts scaled by its part of all parcels and rounded up; sized counts follow
its loads). A carrier that reaches no place has no parcels and costs nothing.
The saving is (sum of the separate costs - pooled cost) / sum of the separate costs, split into
vehicles (fixed costs of the vehicles used) and running (per km, per hour, ferry fares);
measured carrier collaboration saves 14.4 % on average, 22.1 % in the top quartile
(facts.md 3d): a plausibility check, not a target.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from decimal import Decimal
from types import MappingProxyType

from network.distances import DistanceMatrix
from network.errors import InputError
from network.model import Network, Tier
from network.money import to_fen
from network.texts import Message
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
from routing.reach import DEFAULT_REACH, Reach, shares_by_place
from routing.settings import SolverSettings

DEFAULT_SHARES: Mapping[str, float] = {"post_office": 0.40, "express": 0.45, "coop": 0.15}


def check_shares(shares: Mapping[str, float]) -> None:
    """Shares must be positive and add up to 1."""
    if not shares or any(s <= 0 for s in shares.values()):
        raise InputError(Message("carrier shares must be positive"), field="carriers")
    if abs(sum(shares.values()) - 1.0) > 1e-6:
        raise InputError(
            Message("carrier shares add up to {total:.4f}, not 1", total=sum(shares.values())),
            field="carriers",
        )


@dataclass(frozen=True)
class SharedSaving:
    """Pooled cost against each carrier alone, for the same day (yuan at the fen).

    ``parts`` are the separate sub-problems, ``owners`` the carrier of each; ``shares`` the
    carriers' parts of each place's parcels when alone; ``pooled_fixed_yuan`` and
    ``separate_fixed_yuan`` the vehicles' fixed costs within the totals.
    """

    pooled_yuan: Decimal
    separate_yuan: Mapping[str, Decimal]
    seconds: float
    parts: tuple[Solved, ...] = ()
    owners: tuple[str, ...] = ()
    shares: Mapping[str, Mapping[str, float]] = field(default_factory=dict)
    pooled_fixed_yuan: Decimal = Decimal(0)
    separate_fixed_yuan: Decimal = Decimal(0)

    def parts_of(self, carrier: str) -> tuple[Solved, ...]:
        """The separate sub-problems of one carrier."""
        return tuple(p for p, o in zip(self.parts, self.owners, strict=True) if o == carrier)

    @property
    def vehicles_saving_yuan(self) -> Decimal:
        """The part of the saving in vehicles' fixed costs."""
        return self.separate_fixed_yuan - self.pooled_fixed_yuan

    @property
    def running_saving_yuan(self) -> Decimal:
        """The part of the saving in km, hours and fares."""
        return self.saving_yuan - self.vehicles_saving_yuan

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


def scaled_hubs(network: Network, share: float | Mapping[str, float]) -> Network:
    """The network with each township hub's own parcels times ``share`` (one for all, or by
    hub id, 0 for a hub not listed)."""

    def of(hub: str) -> float:
        return share.get(hub, 0.0) if isinstance(share, Mapping) else share

    return network.replace_nodes(
        replace(
            n,
            parcels_down_per_day=n.parcels_down_per_day * of(n.id),
            parcels_up_per_day=n.parcels_up_per_day * of(n.id),
        )
        if n.tier is Tier.TOWNSHIP
        else n
        for n in network
    )


def carrier_loads(
    by_hub: Mapping[str, Loads], shares: Mapping[str, Mapping[str, float]], carrier: str
) -> dict[str, Loads]:
    """One carrier's part of every village's (down, up) parcels; villages it does not reach
    (no share) are left out, and so are hubs left with no village."""
    out: dict[str, Loads] = {}
    for hub, loads in by_hub.items():
        mine = {
            v: (d * shares.get(v, {}).get(carrier, 0.0), u * shares.get(v, {}).get(carrier, 0.0))
            for v, (d, u) in loads.items()
            if shares.get(v, {}).get(carrier, 0.0) > 0
        }
        if mine:
            out[hub] = mine
    return out


def fixed_yuan(parts: Sequence[Solved]) -> Decimal:
    """The fixed costs of the vehicles that leave their depot (fen)."""
    return to_fen(
        sum(
            p.problem.fleet[r.vehicle_type].fixed_cost_yuan
            for p in parts
            for r in p.plan.routes
            if r.stops
        )
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
    reach: Mapping[str, Reach] | None = None,
    workers: int = 1,
    done: Callable[[int], None] | None = None,
) -> SharedSaving:
    """Solve the day once per carrier alone (all sub-problems in one parallel batch) and
    compare with the ``pooled`` result of the same day. ``reach`` says where each carrier goes
    alone (default :data:`routing.reach.DEFAULT_REACH`; a carrier not in it goes everywhere)."""
    check_shares(shares)
    reach = DEFAULT_REACH if reach is None else reach
    reach = {c: r for c, r in reach.items() if c in shares} if reach is DEFAULT_REACH else reach
    places = [network[v] for loads in by_hub.values() for v in loads]
    places += [n for n in network.townships if n.parcels_per_day > 0]
    split = shares_by_place(places, shares, reach)
    total = sum(n.parcels_per_day for n in places)
    named: list[tuple[Echelon, str, RoutingProblem]] = []
    owner: list[str] = []
    for carrier in shares:
        mine_parcels = sum(
            n.parcels_per_day * split.get(n.id, {}).get(carrier, 0.0) for n in places
        )
        part = mine_parcels / total if total > 0 else 0.0
        loads = carrier_loads(by_hub, split, carrier)
        hubs = {
            h: s[carrier]
            for h, s in split.items()
            if network[h].tier is Tier.TOWNSHIP and carrier in s
        }
        if part <= 0:
            continue
        for hub in hubs:  # a hub's own parcels ride the trunk even with no village to visit
            loads.setdefault(hub, {})
        mine = two_echelon_problems(
            scaled_hubs(network, hubs),
            matrix,
            loads,
            fleets=carrier_fleets(fleets, part),
            settings=settings,
        )
        named += mine
        owner += [carrier] * len(mine)
    result = solve_parts(named, solver=solver, workers=workers, done=done)
    separate = dict.fromkeys(shares, Decimal(0))
    for carrier, solved in zip(owner, result.parts, strict=True):
        separate[carrier] += to_fen(solved.plan.cost_yuan)
    return SharedSaving(
        to_fen(pooled.cost_yuan),
        separate,
        result.seconds,
        result.parts,
        tuple(owner),
        MappingProxyType({k: MappingProxyType(v) for k, v in split.items()}),
        fixed_yuan(pooled.parts),
        fixed_yuan(result.parts),
    )
