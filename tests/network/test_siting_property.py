"""Properties of the min-cost siting on small random counties.

Each county is drawn by hypothesis: one or two township seats and up to seven villages on a
10 km x 10 km plane, road distance = straight line x a per-pair detour factor (so the matrix is
not symmetric), some places with an outlet (1,000 yuan upgrade) and the rest new builds
(20,000 yuan). With at most nine candidates every subset can be tried, so the solver's cost is
checked against the true optimum, and its reported targets against network.coverage_report.
"""

from __future__ import annotations

import itertools
from decimal import Decimal

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from network import (
    CoverageTargets,
    DistanceMatrix,
    Network,
    Node,
    OutletKind,
    Tier,
    coverage_report,
)
from network.siting import CpSatSettings, min_cost_siting, siting_problem

RADIUS_KM = 3.0
SOLVER = CpSatSettings(time_limit_s=20, workers=1, seed=0)
_REPORT_KEY = {
    "townships": "townships_service",
    "villages": "villages_service",
    "poor_villages": "poor_villages_service",
}

place = st.tuples(
    st.floats(0, 10), st.floats(0, 10), st.booleans(), st.booleans()
)  # x km, y km, has an outlet, registered-poor (villages only)


@st.composite
def counties(draw: st.DrawFn) -> tuple[Network, DistanceMatrix, CoverageTargets]:
    seats = draw(st.lists(place, min_size=1, max_size=2))
    villages = draw(st.lists(place, min_size=1, max_size=7))
    parents = draw(st.lists(st.integers(0, len(seats) - 1), min_size=7, max_size=7))
    nodes = [
        Node(f"T{i}", f"T{i}", Tier.TOWNSHIP, 120.0, 27.0, outlets=_outlets(s[2]))
        for i, s in enumerate(seats)
    ]
    nodes += [
        Node(
            f"V{i}",
            f"V{i}",
            Tier.VILLAGE,
            120.0,
            27.0,
            parent=f"T{parents[i]}",
            poor=v[3],
            outlets=_outlets(v[2]),
        )
        for i, v in enumerate(villages)
    ]
    xy_km = np.array([(s[0], s[1]) for s in seats + villages])
    detour = np.array(draw(st.lists(st.floats(1.0, 1.5), min_size=81, max_size=81)))
    n = len(nodes)
    dist_m = np.linalg.norm(xy_km[:, None] - xy_km[None], axis=2) * 1000.0
    dist_m *= detour.reshape(9, 9)[:n, :n]
    ids = tuple(node.id for node in nodes)
    matrix = DistanceMatrix(ids, dist_m, dist_m / 10.0, "test")
    targets = CoverageTargets(
        townships_service_pct=draw(st.sampled_from([0.0, 100.0])),
        villages_service_pct=draw(st.sampled_from([0.0, 33.3, 50.0, 80.0, 100.0])),
        poor_villages_service_pct=draw(st.sampled_from([0.0, 50.0, 70.0, 100.0])),
    )
    return Network(nodes), matrix, targets


def _outlets(has_one: bool) -> frozenset[OutletKind]:
    return frozenset({OutletKind.SHOP}) if has_one else frozenset()


def _meets_all(net: Network, matrix: DistanceMatrix, points: list[str], t: CoverageTargets) -> bool:
    met = coverage_report(
        net, service_points=points, matrix=matrix, max_km=RADIUS_KM, targets=t
    ).targets_met()
    return all(met[key] for key in _REPORT_KEY.values())


def _cheapest_by_enumeration(
    net: Network, matrix: DistanceMatrix, targets: CoverageTargets
) -> Decimal | None:
    """The least cost of any candidate subset meeting every service target (None: none does)."""
    cost = {n.id: Decimal(1_000 if n.outlets else 20_000) for n in net}
    ids = [n.id for n in net]
    best: Decimal | None = None
    for k in range(len(ids) + 1):
        for subset in itertools.combinations(ids, k):
            total = sum((cost[i] for i in subset), Decimal(0))
            if (best is None or total < best) and _meets_all(net, matrix, list(subset), targets):
                best = total
    return best


@settings(max_examples=20, deadline=None)
@given(counties())
def test_min_cost_is_the_true_optimum_and_meets_what_it_reports(
    county: tuple[Network, DistanceMatrix, CoverageTargets],
) -> None:
    net, matrix, targets = county
    problem = siting_problem(net, matrix, max_km=RADIUS_KM)
    result = min_cost_siting(problem, targets=targets, settings=SOLVER)
    best = _cheapest_by_enumeration(net, matrix, targets)
    if result.status == "INFEASIBLE":
        assert best is None
        assert result.infeasible is not None and not result.chosen_ids
        return
    assert result.status == "OPTIMAL" and result.gap_pct == 0.0
    assert result.cost_yuan == best
    report = coverage_report(
        net, service_points=result.chosen_ids, matrix=matrix, max_km=RADIUS_KM, targets=targets
    )
    met = report.targets_met()
    for group, key in _REPORT_KEY.items():
        assert result.targets_met[group] == met[key]  # every reported figure re-measured
    assert result.targets_met["all"]
    counts = report.counts()
    assert result.coverage.villages == counts["villages_service"]
    assert result.coverage.poor_villages == counts["poor_villages_service"]
