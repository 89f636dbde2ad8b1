"""The README example in docs/subsidy.md runs as written and prints the statements it describes."""

from __future__ import annotations

import csv
import dataclasses
import io
import json
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

import subsidy

ROOT = Path(__file__).resolve().parents[2]
CSV = ROOT / "docs" / "subsidy_claims_example.csv"


def example_code() -> str:
    text = (ROOT / "docs" / "subsidy.md").read_text(encoding="utf-8")
    blocks = re.findall(r"```python\n(.*?)```", text, flags=re.S)
    assert len(blocks) == 1
    return blocks[0]


@pytest.fixture
def workdir(tmp_path: Path) -> Path:
    """A copy of the repository's example data, so the JSON the example saves lands here."""
    (tmp_path / "docs").mkdir()
    shutil.copy(ROOT / "docs" / "subsidy_claims_example.csv", tmp_path / "docs")
    return tmp_path


def test_readme_example_runs_and_prints_the_statements(workdir: Path) -> None:
    done = subprocess.run(
        [sys.executable, "-c", example_code()],
        cwd=workdir,
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
    assert "subsidy_claims_example.csv row 8, field price_yuan: claim 'YT1005'" in out
    assert "subsidy_claims_example.csv row 9, field carrier: claim 'SF3001'" in out
    zh_line = "subsidy_claims_example.csv 第 9 行，字段 carrier：申报 'SF3001'：'sf' 不是本政策"
    assert zh_line + "适用的快递企业" in out
    assert "subsidy_claims_example.csv 第 8 行，字段 price_yuan：申报 'YT1005'：" in out
    assert "not accepted yet: held for a later statement: EM1006" in out
    assert "reverses claim YT1003 of line 2026-03/L2: parcels never sent" in out
    assert "Total -60.00 yuan" in out
    assert "Paid from the fund so far: logistics 90.00" in out
    assert done.stderr == ""
    saved = json.loads((workdir / "statement-2026-03.json").read_text(encoding="utf-8"))
    assert saved["total_yuan"] == "150.00"
    assert [line["ref"] for line in saved["lines"]] == ["2026-03/L1", "2026-03/L2", "2026-03/L3"]


def test_saved_statement_and_budget_equal_the_computed_ones(
    workdir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(workdir)  # the example's CSV path is relative to the repository root
    namespace: dict[str, object] = {}
    code = example_code().replace("print(", "str(")
    exec(compile(code, "docs/subsidy.md", "exec"), namespace)
    march, april = namespace["march"], namespace["april"]  # march: as read back from JSON
    assert isinstance(march, subsidy.Statement) and isinstance(april, subsidy.Statement)
    policy = namespace["policy"]
    assert isinstance(policy, subsidy.Policy)
    rows = csv.DictReader(io.StringIO(CSV.read_text(encoding="utf-8")))
    claims = subsidy.claims_from_rows(rows, file=CSV.name)
    computed = subsidy.calculate(claims, policy, subsidy.Budget(), subsidy.Period.month(2026, 3))
    assert dataclasses.replace(march, rejected=()) == dataclasses.replace(computed, rejected=())
    assert [str(e) for e in march.rejected] == [str(e) for e in computed.rejected]
    saved = json.loads(json.dumps(april.budget_after.to_dict()))
    assert subsidy.Budget.from_dict(saved) == april.budget_after
