"""Technical warnings: collected once per run into run.log and timings.json, printed with -v."""

from __future__ import annotations

import json
import shutil
import warnings
from pathlib import Path
from typing import Any

import pytest

import scenarios.cli
from scenarios.cli import main
from scenarios.run_log import run_log_text, warning_lines

TINY = Path(__file__).parent / "fixtures" / "tiny"


def test_each_warning_once_with_its_count() -> None:
    lines = warning_lines(["UserWarning: a", "RuntimeWarning: b", "UserWarning: a"])
    assert lines == ["UserWarning: a (2 times)", "RuntimeWarning: b"]
    assert run_log_text([]) == "no warnings\n"


@pytest.mark.parametrize("verbose", [False, True])
def test_plan_records_warnings_and_prints_them_only_with_v(
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    verbose: bool,
) -> None:
    real = scenarios.cli.run_plan

    def noisy(*args: Any, **kwargs: Any) -> Any:
        for _ in range(3):
            warnings.warn("a solver rounded something", UserWarning, stacklevel=1)
        return real(*args, **kwargs)

    monkeypatch.setattr(scenarios.cli, "run_plan", noisy)
    county = tmp_path / "county"
    shutil.copytree(TINY, county)
    out = tmp_path / "out"
    argv = [
        "plan",
        str(county / "scenario.toml"),
        "--out",
        str(out),
        "--fast",
        "--quiet",
        "--lang",
        "en",
    ]
    assert main([*argv, *(["-v"] if verbose else [])]) == 0
    err = capsys.readouterr().err
    expected = "UserWarning: a solver rounded something (3 times)"
    assert ("warning: " + expected in err) is verbose
    assert ("rounded" in err) is verbose
    assert expected in (out / "run.log").read_text(encoding="utf-8")
    recorded = json.loads((out / "timings.json").read_text(encoding="utf-8"))["warnings"]
    # tiny sells nothing online fresh: the cold chain's skip is recorded too (printed always)
    assert recorded[0] == expected and len(recorded) == 2
    # in the run's language (here --lang en), as the warning line the planner sees
    assert recorded[1].startswith("UserWarning: coldchain skipped: no cold parcels")
