"""compare's CSV is for machines: English keys and labels whatever the language."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest

from scenarios.cli import main
from scenarios.headline import HEADLINE


def _plan(folder: Path, pct: float) -> Path:
    folder.mkdir()
    plan = {"coverage": {"villages_service_pct": pct, "targets_met": {"all": pct > 50}}}
    (folder / "plan.json").write_text(json.dumps(plan), encoding="utf-8")
    return folder


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_compare_csv_stays_english(tmp_path: Path, lang: str) -> None:
    a, b = _plan(tmp_path / "a", 40.0), _plan(tmp_path / "b", 60.0)
    out = tmp_path / "compare.csv"
    assert main(["compare", str(a), str(b), "--out", str(out), "--lang", lang]) == 0
    with out.open(encoding="utf-8-sig", newline="") as f:
        rows = list(csv.DictReader(f))
    assert list(rows[0]) == ["figure", "label", "a", "b", "b_minus_a", "change_pct"]
    assert [r["label"] for r in rows] == [label for _, _, label in HEADLINE]
    row = next(r for r in rows if r["figure"] == "villages_service_pct")
    assert (row["a"], row["b"], row["b_minus_a"], row["change_pct"]) == (
        "40.0",
        "60.0",
        "20.0",
        "50.0",
    )
