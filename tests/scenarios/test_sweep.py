"""Sweeps (process pool and Dask), resuming after a kill, and comparing two plans."""

from __future__ import annotations

import csv
import json
import os
import shutil
import signal
import subprocess
import sys
import time
from concurrent.futures import Executor, Future, ProcessPoolExecutor
from multiprocessing import get_context
from pathlib import Path
from typing import Any

import pytest

from network.errors import InputError
from scenarios.cli import main
from scenarios.compare import compare_plans
from scenarios.sweep import load_sweep, run_sweep

TINY = Path(__file__).parent / "fixtures" / "tiny"


@pytest.fixture
def tiny(tmp_path: Path) -> Path:
    folder = tmp_path / "tiny"
    shutil.copytree(TINY, folder)
    return folder


def _sweep_file(folder: Path, body: str) -> Path:
    path = folder / "sweep.toml"
    path.write_text('base = "scenario.toml"\nfast = true\n' + body, encoding="utf-8")
    return path


GRID = '\nseeds = [1, 2]\n[grid]\n"targets.service_radius_km" = [2.0, 6.0]\n'


def _rows(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


def test_grid_times_seeds_gives_every_case(tiny: Path, tmp_path: Path) -> None:
    sweep = load_sweep(_sweep_file(tiny, GRID))
    assert len(sweep.cases) == 4
    assert len({c.case_id for c in sweep.cases}) == 4
    out = tmp_path / "out"
    assert main(["sweep", str(sweep.path), "--out", str(out), "--workers", "2", "--quiet"]) == 0
    rows = _rows(out / "sweep.csv")
    assert [r["case_id"] for r in rows] == [c.case_id for c in sweep.cases]
    assert all(r["status"] == "ok" for r in rows)
    wide = [float(r["villages_service_pct"]) for r in rows if "6.0" in r["name"]]
    narrow = [float(r["villages_service_pct"]) for r in rows if "2.0" in r["name"]]
    assert min(wide) >= max(narrow)  # a wider reach never covers fewer villages
    assert "<svg" in (out / "sweep.html").read_text(encoding="utf-8")


def test_failed_case_is_recorded_and_the_sweep_goes_on(tiny: Path, tmp_path: Path) -> None:
    body = (
        '\n[[case]]\nname = "good"\n\n'
        '[[case]]\nname = "missing file"\n"network.nodes" = "gone.csv"\n'
    )
    out = tmp_path / "out"
    assert main(["sweep", str(_sweep_file(tiny, body)), "--out", str(out), "--quiet"]) == 0
    rows = {r["name"]: r for r in _rows(out / "sweep.csv")}
    assert rows["good"]["status"] == "ok"
    assert rows["missing file"]["status"] == "error"
    assert "gone.csv" in rows["missing file"]["error"]
    # the failed case's line is in the scenario's language (the tiny county's default: zh)
    assert rows["missing file"]["error"].startswith("InputError: ")
    assert "不存在" in rows["missing file"]["error"]


def test_bad_override_is_refused_before_running(tiny: Path) -> None:
    body = '\n[[case]]\nname = "typo"\n"solver.sead" = 3\n'
    with pytest.raises(InputError, match="typo") as err:
        load_sweep(_sweep_file(tiny, body))
    assert err.value.field == "solver.sead"


class CountingExecutor(Executor):
    """Runs in this process and counts what it was given."""

    def __init__(self) -> None:
        self.submitted = 0

    def submit(self, fn: Any, /, *args: Any, **kwargs: Any) -> Future[Any]:
        self.submitted += 1
        future: Future[Any] = Future()
        future.set_result(fn(*args, **kwargs))
        return future


def test_rerun_skips_finished_rows_and_drops_a_torn_line(tiny: Path, tmp_path: Path) -> None:
    sweep = load_sweep(_sweep_file(tiny, GRID))
    out = tmp_path / "out"
    first = run_sweep(sweep, out, executor=CountingExecutor())
    csv_path = out / "sweep.csv"
    lines = csv_path.read_text(encoding="utf-8").splitlines(keepends=True)
    # As if killed while writing the fourth row: two whole rows kept, half a line after them.
    csv_path.write_text("".join(lines[:3]) + lines[3][:20], encoding="utf-8")
    executor = CountingExecutor()
    second = run_sweep(sweep, out, executor=executor)
    assert executor.submitted == 2
    assert [r["case_id"] for r in second] == [r["case_id"] for r in first]
    assert len(_rows(csv_path)) == 4


@pytest.mark.slow
def test_killing_a_sweep_loses_no_finished_row(tiny: Path, tmp_path: Path) -> None:
    sweep_path = _sweep_file(tiny, f"\nseeds = {list(range(40))}\n")
    out = tmp_path / "out"
    cmd = [
        sys.executable,
        "-m",
        "scenarios.cli",
        "sweep",
        str(sweep_path),
        "--out",
        str(out),
        "--workers",
        "1",
        "--quiet",
    ]
    proc = subprocess.Popen(cmd, start_new_session=True)
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline and len(_rows_if(out / "sweep.csv")) < 2:
        time.sleep(0.2)

    os.killpg(proc.pid, signal.SIGKILL)
    proc.wait()
    kept = _rows_if(out / "sweep.csv")
    assert 2 <= len(kept) < 40
    assert main(["sweep", str(sweep_path), "--out", str(out), "--quiet"]) == 0
    rows = _rows(out / "sweep.csv")
    assert len(rows) == 40
    by_id = {r["case_id"]: r for r in rows}
    for row in kept:
        assert by_id[row["case_id"]] == row


def _rows_if(path: Path) -> list[dict[str, str]]:
    return _rows(path) if path.exists() else []


def test_dask_local_cluster_gives_identical_rows(tiny: Path, tmp_path: Path) -> None:
    distributed = pytest.importorskip("distributed")
    sweep = load_sweep(_sweep_file(tiny, GRID))
    with ProcessPoolExecutor(2, mp_context=get_context("spawn")) as pool:
        local = run_sweep(sweep, tmp_path / "pool", executor=pool)
    with distributed.LocalCluster(
        n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None
    ) as cluster:
        out = tmp_path / "dask"
        assert (
            main(
                [
                    "sweep",
                    str(sweep.path),
                    "--out",
                    str(out),
                    "--scheduler",
                    cluster.scheduler_address,
                    "--quiet",
                ]
            )
            == 0
        )
    assert _rows(out / "sweep.csv") == [
        {k: str(v) if v is not None else "" for k, v in r.items()} for r in _normalised(local)
    ]


def _normalised(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    # What csv round-tripping does to the in-memory rows: booleans as 0/1, None as "".
    return [{k: int(v) if isinstance(v, bool) else v for k, v in r.items()} for r in rows]


def test_compare_two_plans(tiny: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    a, b = tmp_path / "a", tmp_path / "b"
    assert main(["plan", str(tiny / "scenario.toml"), "--out", str(a), "--fast", "--quiet"]) == 0
    text = (tiny / "scenario.toml").read_text(encoding="utf-8")
    (tiny / "wide.toml").write_text(text + "\n[targets]\nservice_radius_km = 8\n", encoding="utf-8")
    assert main(["plan", str(tiny / "wide.toml"), "--out", str(b), "--fast", "--quiet"]) == 0
    out_csv = tmp_path / "diff.csv"
    compare = ["compare", str(a / "plan.json"), str(b), "--out", str(out_csv), "--lang", "en"]
    assert main(compare) == 0
    rows = {r["figure"]: r for r in _rows_bom(out_csv)}
    plan_a = json.loads((a / "plan.json").read_text(encoding="utf-8"))
    plan_b = json.loads((b / "plan.json").read_text(encoding="utf-8"))
    expected = compare_plans(plan_a, plan_b)
    assert rows["villages_service_pct"]["b_minus_a"] == str(
        next(r for r in expected if r["figure"] == "villages_service_pct")["b_minus_a"]
    )
    assert "village service points" in capsys.readouterr().out
    assert main([*compare[:-1], "zh"]) == 0
    assert "有电商服务站点的行政村" in capsys.readouterr().out  # the figures' names in the language


def _rows_bom(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8-sig") as handle:
        return list(csv.DictReader(handle))


def test_compare_refuses_a_non_plan(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    bogus = tmp_path / "x.json"
    bogus.write_text("[1, 2]", encoding="utf-8")
    assert main(["compare", str(bogus), str(bogus), "--lang", "en"]) == 2
    assert "not a plan.json" in capsys.readouterr().err
