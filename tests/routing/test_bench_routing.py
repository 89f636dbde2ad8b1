"""The routing benchmark CLI on a one-instance folder copied from the shared instances."""

from __future__ import annotations

import csv
import math
import shutil
from pathlib import Path

import pytest

from benchmarks.instances import read_bks, read_instance
from benchmarks.routing import COLUMNS, left_out, main, mean_gaps, run_instance

SHARED = Path(__file__).resolve().parents[2].parent / "shared" / "benchmarks" / "instances"
pytestmark = pytest.mark.skipif(not SHARED.is_dir(), reason="shared benchmark instances absent")


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    """E-n22-k4 (21 clients, optimum 375) with its bks.csv row."""
    source = SHARED / "cvrp-classic"
    shutil.copy(source / "E-n22-k4.vrp", tmp_path)
    with (source / "bks.csv").open(encoding="utf-8") as fh:
        lines = fh.read().splitlines()
    row = next(line for line in lines if line.startswith("E-n22-k4,"))
    (tmp_path / "bks.csv").write_text(lines[0] + "\n" + row + "\n", encoding="utf-8")
    return tmp_path


def test_cli_writes_one_validated_row_and_prints_the_class_gap(
    folder: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "out" / "result.csv"
    args = ["--instances", str(folder), "--time-limit", "2", "--engine", "pyvrp", "--csv", str(out)]
    assert main(args) == 0
    with out.open(encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh))
    assert tuple(rows[0]) == COLUMNS
    (row,) = rows
    assert row["instance"] == "E-n22-k4" and row["feasible"] == "True"
    assert float(row["cost"]) >= 375  # the proven optimum
    gap = 100 * (float(row["cost"]) - 375) / 375
    assert float(row["gap_pct"]) == pytest.approx(gap, abs=1e-3)
    assert "mean gap CVRP" in capsys.readouterr().out


def test_baseline_runs_beside_and_writes_its_own_csv(folder: Path, tmp_path: Path) -> None:
    out = tmp_path / "ours.csv"
    args = ["--instances", str(folder), "--time-limit", "1", "--engine", "pyvrp", "--csv", str(out)]
    assert main([*args, "--baseline"]) == 0
    assert (tmp_path / "ours-baseline.csv").is_file()


def test_documentation_engine_runs_the_baseline_alone(folder: Path, tmp_path: Path) -> None:
    out = tmp_path / "doc.csv"
    args = ["--instances", str(folder), "--time-limit", "1", "--engine", "documentation"]
    assert main([*args, "--csv", str(out)]) == 0
    with out.open(encoding="utf-8") as fh:
        (row,) = csv.DictReader(fh)
    assert row["feasible"] == "True" and float(row["cost"]) >= 375


def test_cost_is_recomputed_in_the_convention_not_taken_from_the_solver(folder: Path) -> None:
    (row,) = read_bks(folder)
    instance = read_instance(row)

    def lying_solver(problem, time_limit_s, seed):  # type: ignore[no-untyped-def]
        from dataclasses import replace

        from routing.pyvrp_engine import solve_pyvrp

        plan = solve_pyvrp(problem, time_limit_s=time_limit_s, seed=seed, work_limit=200)
        return replace(plan, cost_yuan=1.0, objective=1.0)

    result = run_instance(instance, row, lying_solver, time_limit_s=2, seed=1)
    assert result.cost >= 375
    assert not result.feasible  # the validator recomputes the cost and finds the lie
    assert math.isnan(mean_gaps([result])["CVRP"])
    assert left_out([result]) == {"CVRP": [row.instance]}


def test_mean_gap_leaves_out_incomplete_plans(folder: Path) -> None:
    """A plan that drops clients is cheaper than any complete one: it must not pull the
    class's mean down."""
    from dataclasses import replace

    (row,) = read_bks(folder)
    instance = read_instance(row)

    def pyvrp(problem, time_limit_s, seed):  # type: ignore[no-untyped-def]
        from routing.pyvrp_engine import solve_pyvrp

        return solve_pyvrp(problem, time_limit_s=time_limit_s, seed=seed, work_limit=200)

    good = run_instance(instance, row, pyvrp, time_limit_s=2, seed=1)
    dropped = replace(good, cost=good.row.bks_cost / 2, feasible=False)
    assert good.feasible
    assert mean_gaps([good, dropped]) == {"CVRP": pytest.approx(good.gap_pct)}
    assert left_out([good, dropped]) == {"CVRP": [row.instance]}
