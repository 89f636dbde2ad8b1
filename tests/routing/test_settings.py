"""Solver settings: one frozen object, checked when made, loadable from TOML."""

from __future__ import annotations

from pathlib import Path

import pytest

from network.errors import InputError
from routing import OrtoolsParams, SolverError, SolverSettings
from routing.pyvrp_engine import PyvrpInfeasibleError


def test_settings_from_toml_with_ortools_options(tmp_path: Path) -> None:
    path = tmp_path / "solver.toml"
    path.write_text(
        "time_limit_s = 10\nwork_limit = 500\nseed = 1\nengine = 'ortools'\n"
        "[ortools]\nfirst_solution_strategy = 'SAVINGS'\noperators_off = ['use_or_opt']\n"
        "[ortools.fallback]\nlocal_search_metaheuristic = 'TABU_SEARCH'\n",
        encoding="utf-8",
    )
    settings = SolverSettings.from_file(path)
    assert settings == SolverSettings(
        time_limit_s=10,
        work_limit=500,
        seed=1,
        engine="ortools",
        ortools=OrtoolsParams(
            first_solution_strategy="SAVINGS",
            operators_off=("use_or_opt",),
            fallback=OrtoolsParams(local_search_metaheuristic="TABU_SEARCH"),
        ),
    )


@pytest.mark.parametrize(
    ("text", "field"),
    [
        ("time_limit_s = 0", "time_limit_s"),
        ("time_limit_s = 'long'", "time_limit_s"),
        ("work_limit = 0", "work_limit"),
        ("work_limit = 2.5", "work_limit"),
        ("seed = -1", "seed"),
        ("engine = 'gurobi'", "engine"),
        ("solution_limit = 10", "solution_limit"),
        ("[ortools]\nfirst_solution_strategy = 'FASTEST'", "params"),
        ("[ortools]\noperators_on = ['use_magic']", "params"),
        ("[ortools]\nruin_visits = 0", "ruin_visits"),
        ("[ortools]\nlambda = 1", "ortools.lambda"),
    ],
)
def test_bad_settings_name_the_file_and_field(tmp_path: Path, text: str, field: str) -> None:
    path = tmp_path / "solver.toml"
    path.write_text(text + "\n", encoding="utf-8")
    with pytest.raises(InputError) as err:
        SolverSettings.from_file(path)
    assert err.value.field == field
    assert err.value.file == str(path)


def test_ortools_params_are_checked_when_made_not_when_solving() -> None:
    with pytest.raises(InputError, match="use_magic"):
        OrtoolsParams(operators_off=("use_magic",))
    with pytest.raises(InputError, match="neighbours"):
        OrtoolsParams(neighbours=-1)


def test_solver_failures_are_their_own_kind() -> None:
    assert issubclass(PyvrpInfeasibleError, SolverError)
    assert not issubclass(SolverError, InputError) and not issubclass(InputError, SolverError)
