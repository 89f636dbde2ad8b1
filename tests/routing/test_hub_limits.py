"""Hub limits (parcels handled per day, vehicles based at a hub) in both models, measured on
the solved plan (routing.hub_use), not on what the solver was asked."""

from __future__ import annotations

import math
from dataclasses import replace

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from network import InputError, Network, distance_matrix
from routing import HubLimits, ModelResult, hub_use, solve_flat
from routing.assignment import AssignmentRules, solve_assigned
from routing.echelons import ProblemSettings
from routing.validate import validate_plan
from tests.routing.test_assignment import FLEETS, SOLVER, _loads, seeded_county


def _flat(seed: int, limits: HubLimits | None = None, villages: int = 10) -> ModelResult:
    net, matrix = seeded_county(seed, villages)
    return solve_flat(
        net,
        matrix,
        _loads(net),
        fleets=FLEETS,
        settings=ProblemSettings(),
        solver=SOLVER,
        limits=limits,
    )


def _served(result: ModelResult) -> set[str]:
    return {p.problem.ids[s] for p in result.parts if p.echelon != "trunk" for s in p.plan.served}


def _assert_within(result: ModelResult, seed: int, limits: HubLimits, villages: int) -> None:
    net, _ = seeded_county(seed, villages)
    for hub, use in hub_use(net, result.parts).items():
        assert use.parcels <= limits.parcels_per_day.get(hub, math.inf) + 1e-6, hub
        assert use.vehicles <= limits.vehicles.get(hub, math.inf), hub
    for part in result.parts:
        assert validate_plan(part.problem, part.plan) == []


def test_hub_use_counts_the_hubs_routes_and_its_own_parcels() -> None:
    net, _ = seeded_county(0, 10)
    result = _flat(0, villages=10)
    use = hub_use(net, result.parts)
    flat = next(p for p in result.parts if p.echelon == "flat")
    for hub, u in use.items():
        routes = [r for r in flat.plan.routes if flat.problem.ids[r.depot] == hub and r.stops]
        assert u.vehicles == len(routes)
        parcels = sum(
            flat.problem.delivery[s, 0] + flat.problem.pickup[s, 0] for r in routes for s in r.stops
        )
        assert u.parcels == pytest.approx(net[hub].parcels_per_day + parcels)


@settings(max_examples=5, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(seed=st.integers(0, 10_000), share=st.floats(0.2, 0.9), vehicles=st.integers(1, 2))
def test_flat_model_never_exceeds_hub_limits(seed: int, share: float, vehicles: int) -> None:
    net, _ = seeded_county(seed, 10)
    free = hub_use(net, _flat(seed).parts)
    busiest = max(free, key=lambda h: free[h].parcels)
    limits = HubLimits(
        parcels_per_day={busiest: max(net[busiest].parcels_per_day, share * free[busiest].parcels)},
        vehicles=dict.fromkeys(free, vehicles),
    )
    limited = _flat(seed, limits)
    _assert_within(limited, seed, limits, 10)
    # every village still reaches a plan or is reported unserved with its reason
    unserved = {p.problem.ids[u.node] for p in limited.parts for u in p.plan.unserved}
    assert _served(limited) | unserved >= {v.id for v in net.villages}


def test_flat_model_gives_a_full_hub_a_catchment_that_fits() -> None:
    net, _ = seeded_county(4, 12)
    free = hub_use(net, _flat(4, villages=12).parts)
    busiest = max(free, key=lambda h: free[h].parcels)
    assert free[busiest].parcels > 0
    cap = 0.5 * free[busiest].parcels
    limited = _flat(4, HubLimits(parcels_per_day={busiest: cap}), villages=12)
    assert hub_use(net, limited.parts)[busiest].parcels <= cap + 1e-6
    # the villages the hub gave up are served from elsewhere, not dropped
    assert _served(limited) == _served(_flat(4, villages=12))


def test_flat_model_says_when_a_hubs_own_parcels_exceed_it() -> None:
    net, _ = seeded_county(1, 4)
    hub = net.townships[0]
    busy = Network(
        [replace(n, parcels_down_per_day=50.0) if n.id == hub.id else n for n in net],
        name="busy hub",
    )
    with pytest.raises(InputError, match=r"handles 50 parcels/day .* above its capacity of 10"):
        solve_flat(
            busy,
            distance_matrix(busy),
            _loads(busy),
            fleets=FLEETS,
            settings=ProblemSettings(),
            solver=SOLVER,
            limits=HubLimits(parcels_per_day={hub.id: 10.0}),
        )


@settings(max_examples=4, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(seed=st.integers(0, 10_000), share=st.floats(0.5, 0.95), vehicles=st.integers(1, 2))
def test_two_echelon_model_never_exceeds_hub_limits(seed: int, share: float, vehicles: int) -> None:
    net, matrix = seeded_county(seed, 10)
    own = {h: sum(d + u for d, u in loads.values()) for h, loads in _loads(net).items()}
    busiest = max(own, key=own.__getitem__)
    limits = HubLimits(
        parcels_per_day={busiest: share * (own[busiest] + net[busiest].parcels_per_day)},
        vehicles=dict.fromkeys(own, vehicles),
    )
    try:
        result = solve_assigned(
            net,
            matrix,
            _loads(net),
            rules=AssignmentRules("free", max_detour_km=30.0, limits=limits),
            fleets=FLEETS,
            settings=ProblemSettings(),
            solver=SOLVER,
        ).result
    except InputError:
        return  # no assignment fits: said in words, nothing exceeded
    _assert_within(result, seed, limits, 10)
