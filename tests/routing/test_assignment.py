"""Free and administrative assignment of villages to hubs, and hub limits."""

from __future__ import annotations

import random

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from network import InputError, Network, Node, Tier, distance_matrix
from network.distances import DistanceMatrix
from routing import SolverSettings, VehicleType
from routing.assignment import AssignmentRules, solve_assigned
from routing.echelons import Fleets, ProblemSettings
from routing.frequency import schedule_visits
from routing.hub_limits import HubLimits, hub_throughput

VAN = VehicleType("van", 0, (300.0, 400.0), fixed_cost_yuan=290.0, cost_per_km_yuan=0.8)
TRICYCLE = VehicleType(
    "e-tricycle", 0, (60.0, 80.0), fixed_cost_yuan=215.0, cost_per_km_yuan=0.05, max_trips=2
)
FLEETS = Fleets(trunk=(VAN,), feeder=(TRICYCLE, VAN))
SOLVER = SolverSettings(time_limit_s=1.0, seed=3, work_limit=200)


def seeded_county(seed: int, villages: int = 8) -> tuple[Network, DistanceMatrix]:
    """A county DC, three townships 12 km apart and villages scattered between them; each
    village's township is drawn with a bias to the nearest, so some sit nearer another hub."""
    rng = random.Random(seed)
    hubs = [("t1", 120.10, 26.90), ("t2", 120.22, 26.90), ("t3", 120.16, 27.00)]
    nodes = [Node("c", "County DC", Tier.COUNTY, 120.16, 26.80)]
    nodes += [Node(h, f"Town {h}", Tier.TOWNSHIP, lon, lat, parent="c") for h, lon, lat in hubs]
    for k in range(villages):
        lon, lat = rng.uniform(120.08, 120.24), rng.uniform(26.88, 27.02)
        near = sorted(hubs, key=lambda h: (h[1] - lon) ** 2 + (h[2] - lat) ** 2)
        parent = near[0][0] if rng.random() < 0.6 else near[1][0]
        down, up = rng.randint(5, 40), rng.randint(0, 10)
        nodes.append(
            Node(
                f"v{k}",
                f"Village {k}",
                Tier.VILLAGE,
                lon,
                lat,
                parent=parent,
                parcels_down_per_day=down,
                parcels_up_per_day=up,
            )
        )
    network = Network(nodes, name=f"seeded-{seed}")
    return network, distance_matrix(network)


def _loads(net: Network) -> dict[str, dict[str, tuple[float, float]]]:
    return schedule_visits(net, {v.id: 1 for v in net.villages}).loads_on(0, net)


def _solve(net: Network, matrix: DistanceMatrix, rules: AssignmentRules):  # type: ignore[no-untyped-def]
    return solve_assigned(
        net,
        matrix,
        _loads(net),
        rules=rules,
        fleets=FLEETS,
        settings=ProblemSettings(),
        solver=SOLVER,
    )


@pytest.mark.parametrize("seed", [0, 1, 2])
def test_free_never_costs_more_than_administrative(seed: int) -> None:
    net, matrix = seeded_county(seed)
    admin = _solve(net, matrix, AssignmentRules("administrative"))
    free = _solve(net, matrix, AssignmentRules("free", max_detour_km=8.0))
    assert admin.crossings == () and not admin.free_kept
    assert free.result.cost_yuan <= admin.result.cost_yuan + 1e-6
    unserved = [sum(len(p.plan.unserved) for p in r.result.parts) for r in (admin, free)]
    assert unserved[1] <= unserved[0]
    for crossing in free.crossings:
        assert net[crossing.village].parent == crossing.township != crossing.hub
        assert crossing.village in free.by_hub[crossing.hub]


def test_a_border_village_is_fed_from_the_nearer_hub() -> None:
    net, matrix = seeded_county(0, villages=0)
    # v0 belongs to t2 but stands beside t1, 12 km from its own hub
    stray = Node(
        "v0", "Border", Tier.VILLAGE, 120.105, 26.905, parent="t2", parcels_down_per_day=20
    )
    other = Node("v1", "Home", Tier.VILLAGE, 120.215, 26.905, parent="t2", parcels_down_per_day=20)
    near = Node("v2", "Near", Tier.VILLAGE, 120.095, 26.895, parent="t1", parcels_down_per_day=20)
    net = Network([*net, stray, other, near], name="border")
    matrix = distance_matrix(net)
    free = _solve(net, matrix, AssignmentRules("free", max_detour_km=20.0))
    assert free.free_kept
    assert [(c.village, c.township, c.hub) for c in free.crossings] == [("v0", "t2", "t1")]
    admin = _solve(net, matrix, AssignmentRules("administrative"))
    assert admin.result.cost_yuan > free.result.cost_yuan


def test_administrative_over_capacity_is_a_clear_error() -> None:
    net, matrix = seeded_county(1)
    parcels = hub_throughput(net, _loads(net))
    hub = max(parcels, key=parcels.__getitem__)
    limits = HubLimits(parcels_per_day={hub: parcels[hub] - 1})
    with pytest.raises(InputError, match=r"parcels/day, above its capacity.*assignment = \"free\""):
        _solve(net, matrix, AssignmentRules("administrative", limits=limits))


@settings(max_examples=6, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(seed=st.integers(0, 10_000), share=st.floats(0.5, 0.95), vehicles=st.integers(1, 3))
def test_hub_limits_are_never_exceeded(seed: int, share: float, vehicles: int) -> None:
    net, matrix = seeded_county(seed)
    parcels = hub_throughput(net, _loads(net))
    hub = max(parcels, key=parcels.__getitem__)
    limits = HubLimits(
        parcels_per_day={hub: share * parcels[hub]}, vehicles=dict.fromkeys(parcels, vehicles)
    )
    try:
        free = _solve(net, matrix, AssignmentRules("free", max_detour_km=30.0, limits=limits))
    except InputError:
        return  # no assignment fits: said in words, nothing exceeded
    assert hub_throughput(net, free.by_hub)[hub] <= share * parcels[hub] + 1e-9
    for part in free.result.parts:
        if part.echelon == "feeder":
            assert sum(1 for r in part.plan.routes if r.stops) <= vehicles


def test_a_fixed_assignment_is_routed_as_given_every_day() -> None:
    net, matrix = seeded_county(2)
    loads = _loads(net)
    hub_of = {v.id: "t3" for v in net.villages[:3]}  # whatever the cost: the period's choice
    rules = AssignmentRules("free", max_detour_km=30.0)
    day = solve_assigned(
        net, matrix, loads, rules=rules, fleets=FLEETS, settings=ProblemSettings(), solver=SOLVER,
        fixed=hub_of,
    )  # fmt: skip
    assert not day.rechosen
    for village in net.villages:
        expected = hub_of.get(village.id, village.parent)
        assert village.id in day.by_hub[expected or ""]
    fed = {p.problem.ids[s]: p.name for p in day.result.parts if p.echelon == "feeder"
           for s in p.plan.served}  # fmt: skip
    assert all(fed[v] == "t3" for v in hub_of)


def test_a_fixed_assignment_over_a_capacity_is_rechosen_for_the_day() -> None:
    net, matrix = seeded_county(2)
    loads = _loads(net)
    everyone = {v.id: "t1" for v in net.villages}
    limits = HubLimits(parcels_per_day={"t1": 0.5 * sum(hub_throughput(net, loads).values())})
    rules = AssignmentRules("free", max_detour_km=30.0, limits=limits)
    day = solve_assigned(
        net, matrix, loads, rules=rules, fleets=FLEETS, settings=ProblemSettings(), solver=SOLVER,
        fixed=everyone,
    )  # fmt: skip
    assert day.rechosen
    assert hub_throughput(net, day.by_hub)["t1"] <= limits.parcels_per_day["t1"] + 1e-9
