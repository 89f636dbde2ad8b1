"""The siting benchmark on a tiny size: both libraries prove optimality and agree."""

from __future__ import annotations

from types import SimpleNamespace

import pulp
import pytest

from benchmarks.siting import Run, main, row, spopt_status

# spopt builds its models with PuLP 3's deprecated LpVariable(...) constructor and runs the CBC
# that PuLP bundles (PULP_CBC_CMD, deprecated for PuLP 4, where CBC becomes a separate install):
# both are PuLP's notices to spopt and to the cross-check, not problems of our siting.
pytestmark = [
    pytest.mark.filterwarnings("ignore:Constructing LpVariable:DeprecationWarning"),
    pytest.mark.filterwarnings("ignore:PULP_CBC_CMD is deprecated:DeprecationWarning"),
]


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


def test_capped_spopt_gives_lower_bounds_not_optimality() -> None:
    ours = Run(wall_s=2.0, objective=4626.0, status="OPTIMAL", proven=True)
    capped = Run(wall_s=121.3, objective=4615.0, status="time cap", proven=False)
    line = row("300x3000", "mclp", ours, capped)
    assert ">=121.3" in line and ">=60.6x" in line
    assert "(differ, not both proven)" in line
    unproven = Run(wall_s=200.4, objective=4600.0, status="FEASIBLE gap 0.50%", proven=False)
    assert " n/a " in row("300x3000", "mclp", unproven, capped)
