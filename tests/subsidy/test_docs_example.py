"""The README example in docs/subsidy.md runs as written and prints the statements it describes."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import pytest

import subsidy

ROOT = Path(__file__).resolve().parents[2]


def example_code() -> str:
    text = (ROOT / "docs" / "subsidy.md").read_text(encoding="utf-8")
    blocks = re.findall(r"```python\n(.*?)```", text, flags=re.S)
    assert len(blocks) == 1
    return blocks[0]


def test_readme_example_runs_and_prints_the_statements() -> None:
    done = subprocess.run(
        [sys.executable, "-c", example_code()],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
        timeout=60,
    )
    out = done.stdout
    assert "2026-03/L1  ems  parity  fund line logistics: 60.00 yuan" in out
    assert "cut: monthly cap per carrier 60 yuan (pro_rata)" in out
    assert "2026-03/L3  zto  parity  fund line logistics: 30.00 yuan" in out
    assert "Total 150.00 yuan" in out
    assert "row 8, field price_yuan: claim 'YT1005'" in out
    assert "row 9, field carrier: claim 'SF3001'" in out
    assert "not accepted yet: held for a later statement: EM1006" in out
    assert "reverses claim YT1003 of line 2026-03/L2: parcels never sent" in out
    assert "Total -60.00 yuan" in out
    assert "Paid from the fund so far: logistics 90.00" in out
    assert done.stderr == ""


def test_budget_survives_a_json_round_trip(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(ROOT)  # the example's CSV path is relative to the repository root
    namespace: dict[str, object] = {}
    code = example_code().replace("print(", "str(")
    exec(compile(code, "docs/subsidy.md", "exec"), namespace)
    april = namespace["april"]
    assert isinstance(april, subsidy.Statement)
    saved = json.loads(json.dumps(april.budget_after.to_dict()))
    assert subsidy.Budget.from_dict(saved) == april.budget_after
