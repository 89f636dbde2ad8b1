"""The siting benchmark on a tiny size: both libraries prove optimality and agree."""

from __future__ import annotations

from types import SimpleNamespace

import pulp
import pytest

from benchmarks.siting import main, spopt_status


def test_tiny_size_both_proven_and_equal(capsys: pytest.CaptureFixture[str]) -> None:
    main(["--sizes", "20x200", "--runs", "1", "--limit-s", "30", "--spopt-limit-s", "30"])
    out = capsys.readouterr().out.splitlines()
    assert "deterministic single-worker" in out[0]
    rows = {line.split()[1]: line for line in out if line.startswith("20x200 ")}
    assert set(rows) == {"lscp", "mclp"}
    for line in rows.values():
        assert " OPTIMAL " in line and " optimal " in line
        assert line.endswith("(equal)")
        assert ">=" not in line  # no time cap, so no lower-bound ratio


@pytest.mark.parametrize(
    ("status", "sol_status", "words", "proven"),
    [
        (pulp.LpStatusOptimal, pulp.LpSolutionOptimal, "optimal", True),
        # CBC stopped by its time limit with a solution: PuLP still says status "Optimal"
        (pulp.LpStatusOptimal, pulp.LpSolutionIntegerFeasible, "time cap", False),
        (pulp.LpStatusNotSolved, pulp.LpSolutionNoSolutionFound, "time cap, none", False),
        (pulp.LpStatusInfeasible, pulp.LpSolutionInfeasible, "infeasible", False),
    ],
)
def test_spopt_status_needs_the_solution_status(
    status: int, sol_status: int, words: str, proven: bool
) -> None:
    assert spopt_status(SimpleNamespace(status=status, sol_status=sol_status)) == (words, proven)
