"""The 2E-CVRP reader, checker and benchmark on a tiny hand-made instance with a known optimum.

Depot at (0, 0), satellites at (10, 0) and (-10, 0); customers at (10, 1) and (10, -1) with
demand 1 each and at (-10, 1) with demand 1. Trucks carry 2, freighters 5, one freighter per
satellite. The optimum is 46: each satellite needs its own truck (round trips of 20, as a joint
tour of 40 could carry only 2 of the 3 units), the east freighter runs 1 + 2 + 1 and the west
one 1 + 1; serving everything from one satellite costs a 40-unit crossing.
"""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from benchmarks.two_echelon import main
from benchmarks.two_echelon_check import plan_length, violations
from benchmarks.two_echelon_format import read_known_costs, read_two_echelon
from network import InputError
from routing.two_echelon import (
    FreighterRoute,
    SearchLimits,
    TruckRoute,
    TwoEchelonPlan,
    solve_nearest_satellite,
    solve_two_echelon_problem,
)

TINY = """! tiny hand-made instance
2,2,1,0
1,2,5,1,0
0,0   10,0   -10,0
10,1,1   10,-1,1   -10,1,1
"""
OPTIMUM = 46.0
BEST = TwoEchelonPlan(
    trucks=(TruckRoute((1,), (2.0,)), TruckRoute((2,), (1.0,))),
    freighters=(FreighterRoute(1, (3, 4)), FreighterRoute(2, (5,))),
    cost=OPTIMUM,
)


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    (tmp_path / "Tiny_t1.dat").write_text(TINY, encoding="utf-8")
    (tmp_path / "bks.csv").write_text(
        "instance,bks,optimal,source\nTiny_t1,46.00,yes,by hand\n", encoding="utf-8"
    )
    return tmp_path


def test_reader_gives_the_file_numbers(folder: Path) -> None:
    instance = read_two_echelon(folder / "Tiny_t1.dat")
    assert (instance.trucks, instance.truck_capacity) == (2, 2.0)
    assert (instance.freighters_per_satellite, instance.freighters) == (1, 2)
    assert instance.freighter_capacity == 5.0
    assert instance.n_satellites == 2 and instance.n_customers == 3
    assert instance.points[2] == (-10.0, 0.0)
    assert instance.demand == (0.0, 0.0, 0.0, 1.0, 1.0, 1.0)
    assert read_known_costs(folder)["Tiny_t1"].optimal


def test_reader_names_the_bad_line(tmp_path: Path) -> None:
    path = tmp_path / "bad.dat"
    path.write_text(TINY.replace("10,-1,1", "10,-1"), encoding="utf-8")
    with pytest.raises(InputError, match="line 5: '10,-1' is not x,y,demand"):
        read_two_echelon(path)


def test_checker_accepts_the_optimum_and_measures_it(folder: Path) -> None:
    instance = read_two_echelon(folder / "Tiny_t1.dat")
    assert violations(instance, BEST) == []
    assert plan_length(instance, BEST) == pytest.approx(OPTIMUM)


def test_checker_names_every_broken_rule(folder: Path) -> None:
    instance = read_two_echelon(folder / "Tiny_t1.dat")
    broken = TwoEchelonPlan(
        trucks=(TruckRoute((1, 2), (3.0, 0.0)),),
        freighters=(FreighterRoute(1, (3, 4)), FreighterRoute(1, (5, 5))),
        cost=0.0,
    )
    found = "\n".join(violations(instance, broken))
    assert "customer 5 served 2 times" in found
    assert "satellite 1 has 2 freighters > 1" in found
    assert "truck 0 carries 3.0 > 2.0" in found
    assert "satellite 1 receives 3.0 but hands out 4.0" in found


def test_our_solver_finds_the_optimum_and_the_baseline_a_valid_plan(folder: Path) -> None:
    instance = read_two_echelon(folder / "Tiny_t1.dat")
    problem = instance.to_problem()
    limits = SearchLimits(time_limit_s=5.0, rounds=4, iterations=200)
    plan = solve_two_echelon_problem(problem, limits=limits, seed=3)
    assert plan is not None and violations(instance, plan) == []
    assert plan_length(instance, plan) == pytest.approx(OPTIMUM)
    assert plan.cost == pytest.approx(OPTIMUM)
    assert solve_two_echelon_problem(problem, limits=limits, seed=3) == plan
    base = solve_nearest_satellite(problem, time_limit_s=1.0)
    assert base is not None and violations(instance, base) == []
    assert plan_length(instance, base) >= OPTIMUM - 1e-9


def test_benchmark_writes_the_columns(folder: Path, tmp_path: Path) -> None:
    out = tmp_path / "out" / "2e.csv"
    assert main(["--instances", str(folder), "--time-limit", "0.5", "--csv", str(out)]) == 0
    with out.open(encoding="utf-8") as fh:
        (row,) = list(csv.DictReader(fh))
    assert list(row)[:8] == [
        "instance",
        "n_customers",
        "n_satellites",
        "bks_cost",
        "cost",
        "gap_pct",
        "seconds",
        "feasible",
    ]
    assert row["feasible"] == "True" and row["baseline_feasible"] == "True"
    assert float(row["gap_pct"]) == pytest.approx(0.0, abs=1e-6)


def test_benchmark_bad_folder_is_one_line_exit_2(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["--instances", str(tmp_path), "--csv", str(tmp_path / "x.csv")]) == 2
    assert "no .dat instance files" in capsys.readouterr().err
