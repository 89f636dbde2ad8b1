"""Two echelons and the flat model: sub-problems, fleet sizes, parallel solve, joined result."""

from __future__ import annotations

import math
from dataclasses import replace

import pytest

from network import FerryLink, Network, distance_matrix
from routing import SolverSettings, VehicleType
from routing.build import ParcelSize
from routing.echelons import (
    Fleets,
    ProblemSettings,
    ferry_ready,
    flat_problem,
    hub_loads,
    largest_drop,
    sized,
    solve_flat,
    solve_two_echelon,
    trunk_problems,
    two_echelon_problems,
)
from routing.frequency import schedule_visits
from tests.routing.small_county import small_county

VAN = VehicleType("van", 0, (300.0, 400.0), fixed_cost_yuan=290.0, cost_per_km_yuan=0.8)
TRICYCLE = VehicleType(
    "e-tricycle", 0, (60.0, 80.0), fixed_cost_yuan=215.0, cost_per_km_yuan=0.05, max_trips=2
)
FLEETS = Fleets(trunk=(VAN,), feeder=(TRICYCLE, VAN))
SOLVER = SolverSettings(time_limit_s=1.0, seed=3, work_limit=300)


def _by_hub() -> dict[str, dict[str, tuple[float, float]]]:
    net, _ = small_county()
    return schedule_visits(net, {v.id: 1 for v in net.villages}).loads_on(0, net)


def test_trunk_carries_each_hub_total_and_feeders_their_own_villages() -> None:
    net, matrix = small_county()
    named = two_echelon_problems(net, matrix, _by_hub(), fleets=FLEETS, settings=ProblemSettings())
    assert [(e, n) for e, n, _ in named] == [
        ("trunk", "county"),
        ("feeder", "t1"),
        ("feeder", "t2"),
    ]
    trunk = named[0][2]
    assert trunk.ids == ("c", "t1", "t2")
    assert trunk.delivery[1:, 0].tolist() == [84.0, 62.0]
    assert trunk.pickup[1:, 0].tolist() == [17.0, 23.0]
    assert all(math.isinf(p) for p in trunk.penalty_yuan[1:])
    assert named[1][2].ids == ("t1", "a1", "a2", "a3", "a4")
    assert named[2][2].ids == ("t2", "b1", "b2")
    assert hub_loads(net, {"t1": {}}) == {}


def test_sized_fleet_covers_the_loads_with_packing_slack() -> None:
    loads = {"a": (500.0, 100.0), "b": (100.0, 0.0)}
    (van,) = sized([VAN], ["t1"], loads)
    # 600 parcels down on 300-parcel trips (2; 100 up of 3 kg need 0.75 trip of 400 kg)
    # + one trip per client (2) + 1
    assert van.count == 5 and van.depots == ("t1",)
    heavy_up = sized([VAN], ["t1"], {"a": (100.0, 300.0)})
    assert heavy_up[0].count == 5  # 300 up x 3 kg = 2.25 trips of 400 kg, + 1 client, + 1
    fixed = sized([VehicleType("van", 2, (300.0, 400.0))], ["t1", "t2"], loads)
    assert fixed[0].count == 4
    # the van carries 300 parcels down but only 400 kg / 3 kg = 133 up: drops fit both ways
    assert largest_drop([TRICYCLE, VAN], ParcelSize()) == pytest.approx(400.0 / 3.0)
    boxed = replace(VAN, capacity=(300.0, 4000.0, 2.0))  # 2 m3 / 0.02 m3 = 100 parcels up
    assert largest_drop([boxed], ParcelSize()) == pytest.approx(100.0)


def test_flat_problem_has_every_depot_and_a_fleet_per_depot() -> None:
    net, matrix = small_county()
    p = flat_problem(net, matrix, _by_hub(), fleets=FLEETS, settings=ProblemSettings())
    assert p.ids[:3] == ("c", "t1", "t2") and len(p.clients) == 6
    assert {vt.depots for vt in p.fleet} == {("c",), ("t1",), ("t2",)}


def test_parallel_and_in_process_solves_agree_and_serve_everyone() -> None:
    net, matrix = small_county()
    kwargs = {"fleets": FLEETS, "settings": ProblemSettings(), "solver": SOLVER}
    one = solve_two_echelon(net, matrix, _by_hub(), workers=1, **kwargs)  # type: ignore[arg-type]
    two = solve_two_echelon(net, matrix, _by_hub(), workers=2, **kwargs)  # type: ignore[arg-type]
    assert [p.plan.routes for p in one.parts] == [p.plan.routes for p in two.parts]
    served = {p.problem.ids[s] for p in one.parts[1:] for s in p.plan.served}
    assert served == {"a1", "a2", "a3", "a4", "b1", "b2"}
    assert one.cost_yuan == pytest.approx(sum(p.plan.cost_yuan for p in one.parts))


def test_flat_model_brings_its_hub_share_by_trunk() -> None:
    net, matrix = small_county()
    flat = solve_flat(
        net, matrix, _by_hub(), fleets=FLEETS, settings=ProblemSettings(), solver=SOLVER
    )
    flat_part = next(p for p in flat.parts if p.echelon == "flat")
    assert {flat_part.problem.ids[s] for s in flat_part.plan.served} == {
        "a1",
        "a2",
        "a3",
        "a4",
        "b1",
        "b2",
    }
    from_hubs = {flat_part.problem.ids[r.depot] for r in flat_part.plan.routes} - {"c"}
    trunk = [p for p in flat.parts if p.echelon == "trunk"]
    assert bool(trunk) == bool(from_hubs)
    if trunk:
        assert set(trunk[0].problem.ids[1:]) == from_hubs


def test_island_hubs_get_their_own_trunk_with_single_trips_and_more_time() -> None:
    net, _ = small_county()
    island_town = replace(net["t2"], island="Isle")
    nodes = [island_town if n.id == "t2" else n for n in net.nodes]
    nodes = [replace(n, island="Isle") if n.parent == "t2" else n for n in nodes]
    ferry = FerryLink("ferry", "Isle", 119.96, 26.90, 119.94, 26.90, 30.0, 200.0, 2.0)
    island_net = Network(nodes, ferries=[ferry])
    matrix = distance_matrix(island_net)
    hubs = hub_loads(island_net, _by_hub())
    trunks = trunk_problems(island_net, matrix, hubs, fleets=FLEETS, settings=ProblemSettings())
    assert [(name, p.ids[1:]) for name, p in trunks] == [
        ("county", ("t1",)),
        ("county-Isle", ("t2",)),
    ]
    mainland, island = trunks[0][1], trunks[1][1]
    assert not mainland.has_fares and island.has_fares
    assert island.fleet[0].max_trips == 1 and island.fleet[0].count == mainland.fleet[0].count
    assert SOLVER.seconds_for(island) == 2.0 and SOLVER.seconds_for(mainland) == 1.0
    two_trips = replace(TRICYCLE, count=3, capacity=(*TRICYCLE.capacity, 1.8))
    assert ferry_ready(replace(island, fleet=(two_trips,))).fleet[0].count == 6
