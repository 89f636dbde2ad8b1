"""Benchmark readers: one small instance per class, costs re-checked against stored BKS routes."""

from __future__ import annotations

import itertools
import math
from pathlib import Path

import numpy as np
import pytest

from benchmarks.instances import (
    BksRow,
    convention_cost,
    fixed_fleet,
    read_bks,
    read_cordeau_solution,
    read_instance,
    read_pyvrp_solution,
    vehicle_rows,
)
from network import InputError

SHARED = Path(__file__).resolve().parents[2].parent / "shared" / "benchmarks" / "instances"
pytestmark = pytest.mark.skipif(not SHARED.is_dir(), reason="shared benchmark instances absent")


def _row(folder: str, name: str) -> BksRow:
    return next(row for row in read_bks(SHARED / folder) if row.instance == name)


def test_x_arcs_are_rounded_to_integers_and_fleet_covers_demand() -> None:
    instance = read_instance(_row("cvrp-x", "X-n101-k25"))
    assert instance.n_clients == 100 == len(instance.clients)
    assert np.array_equal(instance.arc_cost, np.rint(instance.arc_cost))
    assert instance.arc_cost[0, 1] == 554  # nint(554.11...)
    (fleet,) = instance.vehicles
    assert fleet.count * fleet.capacity >= instance.delivery.sum()


def test_solomon_arcs_truncated_to_a_tenth_with_windows() -> None:
    instance = read_instance(_row("vrptw-solomon", "C101"))
    assert instance.arc_cost[0, 1] == pytest.approx(18.6)  # 18.68 truncated, not rounded
    assert np.array_equal(instance.travel_time, instance.arc_cost)
    assert instance.has_time_windows
    assert instance.service_time[1] == 90
    assert instance.vehicles[0].count == 25


def test_cordeau_res_recosts_to_the_bks() -> None:
    row = _row("mdvrp-cordeau", "p01")
    instance = read_instance(row)
    assert instance.depots == (0, 1, 2, 3)
    routes = read_cordeau_solution(instance, row.file.with_name(row.file.name + ".res"))
    served = sorted(node for _, nodes in routes for node in nodes[1:-1])
    assert served == instance.clients
    assert round(convention_cost(instance, routes), 2) == row.bks_cost


def test_cordeau_duration_limit_and_service_times() -> None:
    row = _row("mdvrp-cordeau", "p12")
    instance = read_instance(row)
    assert {spec.max_duration for spec in instance.vehicles} == {300.0}
    routes = read_cordeau_solution(instance, row.file.with_name("p12.res"))
    assert round(convention_cost(instance, routes), 2) == row.bks_cost
    for vtype, nodes in routes:
        travel = sum(instance.travel_time[a, b] for a, b in itertools.pairwise(nodes))
        service = sum(instance.service_time[n] for n in nodes)
        assert travel + service <= instance.vehicles[vtype].max_duration + 1e-6


@pytest.mark.parametrize("name", ["X115-HVRP", "X110-HD"])
def test_hfvrp_sol_recosts_to_the_bks(name: str) -> None:
    row = _row("hfvrp", name)
    instance = read_instance(row)
    types = vehicle_rows(row)
    routes = [(types[k], nodes) for k, nodes in read_pyvrp_solution(row.file.with_suffix(".sol"))]
    assert round(convention_cost(instance, routes), 2) == row.bks_cost
    for vtype, nodes in routes:
        assert instance.delivery[nodes].sum() <= instance.vehicles[vtype].capacity


def test_vrpspd_dethloff_matrix_and_quantities() -> None:
    instance = read_instance(_row("vrpspd", "SCA3-0"))
    assert instance.arc_cost[0, 1] == pytest.approx(15.4923)
    assert instance.delivery[1] == 11010 and instance.pickup[1] == 18448
    assert instance.vehicles[0].count == 4


def test_vrpspd_salhi_nagy_is_exact_euclidean() -> None:
    instance = read_instance(_row("vrpspd", "CMT1X"))
    assert instance.arc_cost[0, 1] == pytest.approx(math.hypot(7, 12))


def test_unknown_class_is_an_input_error(tmp_path: Path) -> None:
    row = BksRow("odd", "PVRP", 3, 1.0, tmp_path / "odd.txt")
    with pytest.raises(InputError, match="PVRP"):
        read_instance(row)


def test_classic_sets_keep_their_fixed_fleet_and_x_does_not() -> None:
    assert read_instance(_row("cvrp-classic", "P-n16-k8")).vehicles[0].count == 8
    x = read_instance(_row("cvrp-x", "X-n101-k25")).vehicles[0].count
    assert x > 25  # the X set's fleet is free: a bound well above the bin-packing one
    assert fixed_fleet("P-n16-k8") == 8 and fixed_fleet("E-n22-k4") == 4
    assert fixed_fleet("A-n32-k5") == 5 and fixed_fleet("B-n31-k5") == 5
    assert fixed_fleet("X-n101-k25") is None and fixed_fleet("C101") is None
