"""Ctrl-C and SIGTERM: one line, exit 130, nothing half-written, and no process of the run left.

The command runs in its own process group (as a shell runs it); the test waits until it has
worker processes, signals the command (SIGTERM: only the command; SIGINT to the whole group:
what Ctrl-C in a terminal does), then checks that no process of the group survives.
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

TINY = Path(__file__).parent / "fixtures" / "tiny"
pytestmark = pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="needs Linux /proc")


def _group(pgid: int) -> list[int]:
    """Pids of live (not zombie) processes in process group ``pgid``."""
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
        except OSError:
            continue
        fields = stat[stat.rindex(")") + 2 :].split()
        if int(fields[2]) == pgid and fields[0] != "Z":
            found.append(int(entry.name))
    return found


def _start(folder: Path, *argv: str) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-m", "scenarios.cli", *argv, "--lang", "en"],
        cwd=folder,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        start_new_session=True,
    )


def _wait_for_workers(proc: subprocess.Popen[str], count: int, timeout_s: float) -> None:
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            pytest.fail(f"finished before it had workers: {proc.communicate()}")
        if len(_group(proc.pid)) > count:
            return
        time.sleep(0.05)
    pytest.fail("no worker processes appeared")


def _interrupt(proc: subprocess.Popen[str], how: str) -> tuple[int, str]:
    if how == "SIGTERM":
        proc.send_signal(signal.SIGTERM)
    else:
        os.killpg(proc.pid, signal.SIGINT)
    _, err = proc.communicate(timeout=120)  # generous: a loaded 2-core machine
    deadline = time.monotonic() + 10
    while _group(proc.pid) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert _group(proc.pid) == [], "processes of the run survived it"
    return proc.returncode, err


@pytest.mark.parametrize("how", ["SIGTERM", "SIGINT"])
def test_plan_interrupted_while_solving(tmp_path: Path, how: str) -> None:
    folder = tmp_path / "county"
    shutil.copytree(TINY, folder)
    with (folder / "scenario.toml").open("a", encoding="utf-8") as handle:
        handle.write('\n[routing]\nfast_time_limit_s = 10\nengine = "auto"\n')
    proc = _start(folder, "plan", "scenario.toml", "--out", "out", "--fast", "--quiet")
    _wait_for_workers(proc, 1, timeout_s=240)
    status, err = _interrupt(proc, how)
    assert status == 130, err
    assert err.strip().splitlines() == ["interrupted: nothing written"], err
    assert sorted(p.name for p in folder.iterdir()) == ["nodes.csv", "scenario.toml"]


def test_sweep_interrupted_keeps_its_finished_rows(tmp_path: Path) -> None:
    folder = tmp_path / "county"
    shutil.copytree(TINY, folder)
    (folder / "sweep.toml").write_text(
        'base = "scenario.toml"\nfast = true\nseeds = [1, 2, 3, 4]\n', encoding="utf-8"
    )
    proc = _start(folder, "sweep", "sweep.toml", "--out", "sw", "--workers", "2", "--quiet")
    _wait_for_workers(proc, 2, timeout_s=240)
    status, err = _interrupt(proc, "SIGTERM")
    assert status == 130, err
    lines = err.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("interrupted: ") and "rows kept" in lines[0]
    assert "Traceback" not in err
