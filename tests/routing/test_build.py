"""Problems built from a network: order, loads, service times, windows, penalties, fares."""

from __future__ import annotations

import math

import numpy as np
import pytest

from network import InputError
from routing import SolverSettings, VehicleType, solve, validate_plan
from routing.build import (
    Opening,
    ParcelSize,
    Penalties,
    ServiceTime,
    mandatory_ids,
    problem_from_network,
)
from tests.routing.small_county import small_county

VAN = VehicleType("van", 2, (800.0, 1500.0), fixed_cost_yuan=280.0, cost_per_km_yuan=0.8)


def test_depots_first_then_villages_with_daily_loads_and_kg() -> None:
    net, matrix = small_county()
    p = problem_from_network(net, matrix, fleet=[VAN], depots=["t1"], villages=["a1", "a2"])
    assert p.ids == ("t1", "a1", "a2")
    assert p.depots == (0,)
    assert p.delivery[:, 0].tolist() == [0.0, 40.0, 30.0]
    assert p.pickup[:, 0].tolist() == [0.0, 10.0, 5.0]
    assert p.delivery[1, 1] == pytest.approx(40 * 1.2)
    assert p.distance_m[1, 2] == pytest.approx(
        matrix.distance_m[matrix.index("a1"), matrix.index("a2")]
    )


def test_one_parcel_size_per_direction_and_a_volume_dimension() -> None:
    net, matrix = small_county()
    p = problem_from_network(net, matrix, fleet=[VAN], depots=["t1"], villages=["a1"])
    assert p.dimensions == ("parcels", "kg", "m3")
    assert p.delivery[1, 1:].tolist() == pytest.approx([40 * 1.2, 40 * 0.012])
    assert p.pickup[1, 1:].tolist() == pytest.approx([10 * 3.0, 10 * 0.020])
    # a van given without a volume carries all of the problem's volume
    assert p.fleet[0].capacity[2] >= p.delivery[:, 2].sum() + p.pickup[:, 2].sum()
    size = ParcelSize(down_kg=2.0, up_kg=5.0, down_m3=0.05, up_m3=0.1)
    q = problem_from_network(net, matrix, fleet=[VAN], depots=["t1"], villages=["a1"], parcel=size)
    assert q.pickup[1, 1:].tolist() == pytest.approx([50.0, 1.0])
    with pytest.raises(InputError) as err:
        ParcelSize(up_kg=0.0)
    assert err.value.field == "up_kg"


def test_a_van_full_by_volume_leaves_parcels_for_a_second_vehicle() -> None:
    net, matrix = small_county()
    boxed = VehicleType("van", 2, (800.0, 1500.0, 0.5), fixed_cost_yuan=280.0)
    p = problem_from_network(net, matrix, fleet=[boxed], depots=["t1"], villages=["a1", "a2"])
    plan = solve(p, SolverSettings(time_limit_s=1.0, seed=1, work_limit=200))
    assert not plan.unserved
    # 70 parcels down (0.84 m3) do not fit one 0.5 m3 van, though 800 parcels and 1.5 t would
    assert len([r for r in plan.routes if r.stops]) == 2
    assert not validate_plan(p, plan)


def test_default_depot_is_the_county_dc_and_clients_every_village() -> None:
    net, matrix = small_county()
    p = problem_from_network(net, matrix, fleet=[VAN])
    assert p.ids[0] == "c" and len(p.clients) == 6


def test_given_loads_and_carrier_share_scale_the_visit() -> None:
    net, matrix = small_county()
    p = problem_from_network(
        net,
        matrix,
        fleet=[VAN],
        depots=["t1"],
        villages=["a1"],
        parcels={"a1": (80.0, 20.0)},
        carrier_share=0.4,
    )
    assert p.delivery[1, 0] == pytest.approx(32.0) and p.pickup[1, 0] == pytest.approx(8.0)


def test_service_time_and_opening_hours() -> None:
    net, matrix = small_county()
    p = problem_from_network(
        net,
        matrix,
        fleet=[VAN],
        depots=["t1"],
        villages=["a1"],
        service=ServiceTime(fixed_min=4.0, per_parcel_min=0.1),
        opening=Opening(480.0, 1020.0),
    )
    assert p.service_s[1] == pytest.approx(60 * (4 + 0.1 * 50))
    assert p.service_s[0] == 0.0
    assert (p.tw_early_s[1], p.tw_late_s[1]) == (480 * 60, 1020 * 60)
    assert (p.tw_early_s[0], p.tw_late_s[0]) == (0.0, 86400.0)


def test_coverage_target_makes_poor_then_busiest_mandatory_rest_priced_per_parcel() -> None:
    net, matrix = small_county()
    penalty = Penalties(coverage_target=0.5, per_parcel_yuan=3.0, min_yuan=20.0)
    p = problem_from_network(net, matrix, fleet=[VAN], depots=["c"], penalty=penalty)
    pen = dict(zip(p.ids, p.penalty_yuan, strict=True))
    # a1 is poor; then b1 (70 parcels) and a2 (35)
    assert {i for i, v in pen.items() if math.isinf(v)} == {"a1", "b1", "a2"}
    assert pen["b2"] == pytest.approx(45.0)  # 15 parcels x 3 yuan
    assert pen["a4"] == pytest.approx(20.0)  # 6 x 3 = 18 < minimum
    assert mandatory_ids(net.villages, 0.0) == frozenset()


def test_explicit_mandatory_set_wins() -> None:
    net, matrix = small_county()
    p = problem_from_network(net, matrix, fleet=[VAN], depots=["c"], mandatory=frozenset({"a4"}))
    assert [p.ids[i] for i in np.flatnonzero(np.isinf(p.penalty_yuan))] == ["a4"]


def test_ferry_fares_come_from_the_matrix() -> None:
    net, matrix = small_county()
    fares = np.zeros_like(matrix.distance_m)
    fares[matrix.index("t1"), matrix.index("a3")] = 160.0
    matrix = type(matrix)(matrix.ids, matrix.distance_m, matrix.duration_s, "test", fares)
    p = problem_from_network(net, matrix, fleet=[VAN], depots=["t1"], villages=["a3"])
    assert p.fare_yuan is not None and p.fare_yuan[0, 1] == 160.0


@pytest.mark.parametrize(
    ("kwargs", "field"),
    [
        ({"depots": []}, "depots"),
        ({"depots": ["zz"]}, "depots"),
        ({"depots": ["t1"], "villages": ["t1"]}, "villages"),
        ({"depots": ["t1"], "villages": ["a1"], "parcels": {}}, "parcels"),
        ({"depots": ["t1"], "carrier_share": 1.5}, "carrier_share"),
    ],
)
def test_bad_input_names_the_field(kwargs: dict[str, object], field: str) -> None:
    net, matrix = small_county()
    with pytest.raises(InputError) as err:
        problem_from_network(net, matrix, fleet=[VAN], **kwargs)  # type: ignore[arg-type]
    assert err.value.field == field


def test_a_client_beyond_the_drop_limit_is_split_into_equal_drops() -> None:
    net, matrix = small_county()
    p = problem_from_network(
        net, matrix, fleet=[VAN], depots=["t1"], villages=["a1", "a2"], max_drop_parcels=15.0
    )
    assert p.ids == ("t1", "a1", "a1", "a1", "a2", "a2")
    assert p.delivery[1:4, 0].tolist() == pytest.approx([40 / 3] * 3)
    assert p.pickup[4:, 0].tolist() == pytest.approx([2.5, 2.5])
    assert p.distance_m[1, 2] == 0.0
    assert p.distance_m[0, 4] == pytest.approx(matrix.km("t1", "a2") * 1000)
