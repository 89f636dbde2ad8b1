"""Siting models on a hand-made county whose optimum is worked out by hand.

The county lies on a line; positions in km (road distance = |x_a - x_b|), coverage within 3 km:

    T1 seat x=0 (post office)   A x=2   B x=4 (shop)   C x=10 (poor)   D x=12 (poor, co-op)
    E x=30 (poor)               T2 seat x=50           F x=52 (shop, village of T2)

Coverage sets (who can serve whom within 3 km): T1:{T1,A}  A:{T1,A,B}  B:{A,B}  C:{C,D}
D:{C,D}  E:{E}  T2:{T2,F}  F:{T2,F}. Upgrading an outlet costs 1,000 yuan, building 20,000.
"""

from __future__ import annotations

from decimal import Decimal

import numpy as np
import pytest

import network.siting._cpsat as cpsat
from network import CoverageTargets, DistanceMatrix, Network, Node, OutletKind, Tier
from network.siting import (
    CpSatSettings,
    SitingCosts,
    SitingProblem,
    candidates_from_network,
    max_coverage,
    min_cost_siting,
    set_covering,
    siting_problem,
    tradeoff_curve,
)

# spopt builds its models with PuLP 3's deprecated LpVariable(...) constructor and runs the CBC
# that PuLP bundles (PULP_CBC_CMD, deprecated for PuLP 4, where CBC becomes a separate install):
# both are PuLP's notices to spopt and to the cross-check, not problems of our siting.
pytestmark = [
    pytest.mark.filterwarnings("ignore:Constructing LpVariable:DeprecationWarning"),
    pytest.mark.filterwarnings("ignore:PULP_CBC_CMD is deprecated:DeprecationWarning"),
]


X_KM = {"T1": 0, "A": 2, "B": 4, "C": 10, "D": 12, "E": 30, "T2": 50, "F": 52}
SETTINGS = CpSatSettings(time_limit_s=30, workers=8, seed=1)  # 8: LP workers prove bounds
PLAN = CoverageTargets()  # townships 100 %, villages 50 %, poor villages 70 %


def _county() -> tuple[Network, DistanceMatrix]:
    def village(vid: str, parent: str, **kw: object) -> Node:
        return Node(vid, vid, Tier.VILLAGE, 120.0, 27.0, parent=parent, **kw)  # type: ignore[arg-type]

    nodes = [
        Node("T1", "T1", Tier.TOWNSHIP, 120.0, 27.0, outlets=frozenset({OutletKind.POST_OFFICE})),
        Node("T2", "T2", Tier.TOWNSHIP, 120.0, 27.0),
        village("A", "T1"),
        village("B", "T1", outlets=frozenset({OutletKind.SHOP})),
        village("C", "T1", poor=True),
        village("D", "T1", poor=True, outlets=frozenset({OutletKind.COOP})),
        village("E", "T1", poor=True),
        village("F", "T2", outlets=frozenset({OutletKind.SHOP})),
    ]
    ids = tuple(n.id for n in nodes)
    x = np.array([X_KM[i] for i in ids], dtype=float) * 1000.0
    dist = np.abs(x[:, None] - x[None, :])
    return Network(nodes), DistanceMatrix(ids, dist, dist / 10.0, "test")


def _problem(**kw: object) -> SitingProblem:
    net, matrix = _county()
    return siting_problem(net, matrix, max_km=3.0, **kw)  # type: ignore[arg-type]


def test_plan_targets_hand_optimum() -> None:
    # T1's seat needs T1 (1,000) or A (20,000): T1. Poor 70 % of 3 = 3 villages, so C or D
    # (D: co-op, 1,000) and E (only E reaches it, 20,000). T2's seat needs T2 or F (F: shop,
    # 1,000). Villages covered: A, C, D, E, F = 5 >= 3. Cost 23,000; every other choice is dearer.
    result = min_cost_siting(_problem(), targets=PLAN, settings=SETTINGS)
    assert result.status == "OPTIMAL" and result.gap_pct == 0.0
    assert set(result.chosen_ids) == {"T1", "D", "E", "F"}
    assert result.cost_yuan == Decimal("23000.00")
    assert result.targets_met["all"]
    assert result.coverage.villages == (5, 6) and result.coverage.poor_villages == (3, 3)
    assert set(result.covers["T1"]) == {"T1", "A"} and set(result.covers["F"]) == {"T2", "F"}
    (b,) = result.uncovered  # B is 4 km from T1; B itself could serve it
    assert (b.id, b.nearest_candidate_id, b.nearest, b.reachable) == ("B", "B", 0.0, True)
    assert "not chosen" in b.reason


def test_poor_village_target_binds() -> None:
    # At 60 % two poor villages suffice (C and D through D), so E's 20,000 yuan is saved.
    looser = CoverageTargets(poor_villages_service_pct=60.0)
    relaxed = min_cost_siting(_problem(), targets=looser, settings=SETTINGS)
    strict = min_cost_siting(_problem(), targets=PLAN, settings=SETTINGS)
    assert set(relaxed.chosen_ids) == {"T1", "D", "F"}
    assert relaxed.cost_yuan == Decimal("3000.00")
    assert strict.cost_yuan - relaxed.cost_yuan == Decimal("20000.00")
    assert relaxed.coverage.poor_villages == (2, 3)


def test_existing_outlet_reused_when_cheaper() -> None:
    # C and D cover the same places; D has a co-op outlet, so it is the one upgraded.
    result = min_cost_siting(_problem(), targets=PLAN, settings=SETTINGS)
    assert "D" in result.existing_ids and "C" not in result.chosen_ids
    # If upgrading cost more than building, building at C or D would cost the same (20,000);
    # the total rises by the dearer upgrades of T1 and F and the build for C/D.
    dear = SitingCosts(upgrade_yuan=Decimal(25_000), build_yuan=Decimal(20_000))
    costly = min_cost_siting(_problem(costs=dear), targets=PLAN, settings=SETTINGS)
    assert "C" in costly.chosen_ids and "D" not in costly.chosen_ids
    assert costly.cost_yuan > result.cost_yuan


def test_infeasible_targets_name_uncoverable_villages() -> None:
    # Only existing outlets as candidates: nothing reaches E, so 3 poor villages cannot be met.
    net, matrix = _county()
    outlets = [c for c in candidates_from_network(net) if c.existing]
    result = min_cost_siting(
        siting_problem(net, matrix, candidates=outlets), targets=PLAN, settings=SETTINGS
    )
    assert result.status == "INFEASIBLE" and result.infeasible is not None
    assert result.infeasible.uncoverable_ids == ("E",)
    assert result.infeasible.shortfalls == {"poor_villages": (3, 2)}
    assert "E" in result.infeasible.message
    e = next(u for u in result.uncovered if u.id == "E")
    assert not e.reachable and e.nearest_candidate_id == "D" and e.nearest == 18.0


def test_lscp_hand_optimum() -> None:
    # Everything covered: T1 + B (2,000) serve T1, A, B; D; E; F -> 24,000.
    result = set_covering(_problem(), settings=SETTINGS)
    assert set(result.chosen_ids) == {"T1", "B", "D", "E", "F"}
    assert result.cost_yuan == Decimal("24000.00") and not result.uncovered


def test_mclp_hand_optimum() -> None:
    # 3,000 yuan buys three 1,000-yuan upgrades; weights village 1, poor 2:
    # D covers C, D (4), B covers A, B (2), F covers F (1), T1 covers A (1) -> B, D, F = 7.
    result = max_coverage(_problem(), budget_yuan=Decimal(3000), poor_weight=2, settings=SETTINGS)
    assert result.status == "OPTIMAL"
    assert set(result.chosen_ids) == {"B", "D", "F"} and result.objective == 7


def test_tradeoff_curve_hand_costs() -> None:
    # Seats alone: T1 + F (2,000) also cover A and F (2 of 6 villages). 50 %: + B or D (one
    # more 1,000-yuan upgrade, ties) -> 3,000. 100 %: + B, D and E -> 24,000.
    # Poor series: 50 % -> D (3,000); 100 % -> D + E (23,000).
    curve = tradeoff_curve(_problem(), step_pct=50.0, settings=SETTINGS)
    costs = {(p.series, p.target_pct): p.cost_yuan for p in curve}
    assert costs == {
        ("villages", 0.0): Decimal("2000.00"),
        ("villages", 50.0): Decimal("3000.00"),
        ("villages", 100.0): Decimal("24000.00"),
        ("poor_villages", 0.0): Decimal("2000.00"),
        ("poor_villages", 50.0): Decimal("3000.00"),
        ("poor_villages", 100.0): Decimal("23000.00"),
    }
    assert all(p.status == "OPTIMAL" for p in curve)
    assert curve[0].row()["villages_pct"] == round(100 * 2 / 6, 1)
    assert curve[1].row()["villages_pct"] >= 50.0


def _random_problem(seed: int, n_cand: int = 60, n_places: int = 600) -> SitingProblem:
    rng = np.random.default_rng(seed)
    cand, place = rng.uniform(0, 50, (n_cand, 2)), rng.uniform(0, 50, (n_places, 2))
    dist = np.linalg.norm(place[:, None] - cand[None], axis=2)
    poor = rng.random(n_places) < 0.2
    return SitingProblem.from_cost_matrix(dist, float(np.sort(dist, 1)[:, 0].max()), poor=poor)


def test_same_seed_same_siting() -> None:
    problem = _random_problem(3, n_cand=40, n_places=300)
    settings = CpSatSettings(time_limit_s=30, workers=8, seed=7, deterministic=True)
    first = max_coverage(problem, max_points=6, settings=settings)
    second = max_coverage(problem, max_points=6, settings=settings)
    assert first.chosen_ids == second.chosen_ids and first.objective == second.objective


def test_dominated_candidates_do_not_change_the_optimum() -> None:
    problem = _random_problem(5)
    with_removal = set_covering(problem, settings=SETTINGS)
    without = set_covering(problem, settings=SETTINGS, dominance=False)
    assert with_removal.candidates_removed > 0 and without.candidates_removed == 0
    assert with_removal.objective == without.objective


@pytest.mark.slow
@pytest.mark.parametrize("seed", [11, 12])
def test_matches_spopt_lscp_and_mclp(seed: int) -> None:
    pulp = pytest.importorskip("pulp")
    locate = pytest.importorskip("spopt.locate")
    rng = np.random.default_rng(seed)
    cand, place = rng.uniform(0, 40, (50, 2)), rng.uniform(0, 40, (300, 2))
    dist = np.linalg.norm(place[:, None] - cand[None], axis=2)
    radius = float(np.sort(dist, 1)[:, 0].max())
    weights = rng.integers(1, 10, 300)
    ours = SitingProblem.from_cost_matrix(dist, radius)  # unit costs: cost = count
    solver = pulp.PULP_CBC_CMD(msg=False)
    lscp = locate.LSCP.from_cost_matrix(dist, radius).solve(solver)
    assert set_covering(ours, settings=SETTINGS).cost_yuan == Decimal(
        round(lscp.problem.objective.value())
    )
    small_radius = radius * 0.6
    ours = SitingProblem.from_cost_matrix(dist, small_radius)
    mclp = locate.MCLP.from_cost_matrix(dist, weights, small_radius, p_facilities=8).solve(solver)
    result = max_coverage(ours, max_points=8, weights=weights, settings=SETTINGS)
    assert result.status == "OPTIMAL"
    assert result.objective == pytest.approx(mclp.problem.objective.value())


def test_large_models_interleave_workers_and_stay_deterministic(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    single = min_cost_siting(_problem(), targets=PLAN, settings=SETTINGS)
    monkeypatch.setattr(cpsat, "INTERLEAVE_ABOVE", 0)  # every model counts as large
    runs = [min_cost_siting(_problem(), targets=PLAN, settings=SETTINGS) for _ in range(2)]
    assert runs[0].chosen_ids == runs[1].chosen_ids
    assert runs[0].status == "OPTIMAL" and runs[0].cost_yuan == single.cost_yuan
