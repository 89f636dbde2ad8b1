"""Scenario files: extends chains, loops, and errors that name the key path."""

from __future__ import annotations

from pathlib import Path

import pytest

from network.errors import InputError
from scenarios.registry import SECTION_KEYS, SECTIONS
from scenarios.schema import load_scenario


def _write(folder: Path, name: str, text: str) -> Path:
    path = folder / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def test_extends_chain_overrides_key_by_key(tmp_path: Path) -> None:
    _write(
        tmp_path,
        "base/base.toml",
        '[network]\nnodes = "nodes.csv"\ncoords = "gcj02"\n[solver]\ntime_limit_s = 60\nseed = 1\n',
    )
    _write(tmp_path, "mid.toml", 'extends = "base/base.toml"\n[solver]\nseed = 2\n')
    top = _write(
        tmp_path,
        "top.toml",
        'extends = "mid.toml"\nname = "north hub"\n[targets]\nvillages_service_pct = 60\n',
    )
    scenario = load_scenario(top)
    assert scenario.name == "north hub"
    assert scenario.solver.seed == 2 and scenario.solver.time_limit_s == 60
    assert scenario.network.coords == "gcj02"
    assert scenario.targets.villages_service_pct == 60
    # Paths stay relative to the file that named them.
    assert scenario.network.nodes == [str((tmp_path / "base" / "nodes.csv").resolve())]


def test_extends_loop_is_an_error(tmp_path: Path) -> None:
    _write(tmp_path, "a.toml", 'extends = "b.toml"\n[network]\nnodes = "n.csv"\n')
    _write(tmp_path, "b.toml", 'extends = "c.toml"\n')
    _write(tmp_path, "c.toml", 'extends = "a.toml"\n')
    with pytest.raises(InputError, match=r"loops back: a.toml -> b.toml -> c.toml -> a.toml"):
        load_scenario(tmp_path / "a.toml")


def test_missing_base_names_the_file(tmp_path: Path) -> None:
    top = _write(tmp_path, "top.toml", 'extends = "gone.toml"\n')
    with pytest.raises(InputError, match=r"gone\.toml.*not found"):
        load_scenario(top)


@pytest.mark.parametrize(
    ("text", "field"),
    [
        ('[network]\nnodes = "n.csv"\ncircuity = 0.5\n', "network.circuity"),
        ('[network]\nnodes = "n.csv"\nspeed = 3\n', "network.speed"),
        ("[network]\nnodes = []\n", "network.nodes"),
        (
            '[network]\nnodes = "n.csv"\n[targets]\npoor_villages_service_pct = 170\n',
            "targets.poor_villages_service_pct",
        ),
        ('[network]\nnodes = "n.csv"\n[solver]\nseed = "x"\n', "solver.seed"),
        ("[solver]\nseed = 1\n", "network"),
        ('[network]\nnodes = ["a.csv", 3]\n', "network.nodes[1]"),
    ],
)
def test_bad_keys_are_named_with_their_path(tmp_path: Path, text: str, field: str) -> None:
    path = _write(tmp_path, "s.toml", text)
    with pytest.raises(InputError) as err:
        load_scenario(path)
    assert err.value.field == field
    assert err.value.file is not None and err.value.file.endswith("s.toml")


def test_toml_syntax_error_is_bad_input(tmp_path: Path) -> None:
    path = _write(tmp_path, "s.toml", "[network\nnodes = 1\n")
    with pytest.raises(InputError, match="not valid TOML"):
        load_scenario(path)


def test_every_section_of_the_registry_has_its_table(tmp_path: Path) -> None:
    path = _write(tmp_path, "s.toml", 'skip = ["coldchain"]\n[network]\nnodes = "n.csv"\n')
    scenario = load_scenario(path)
    assert list(scenario.sections) == [k for k in SECTION_KEYS if k != "coldchain"]
    for entry in SECTIONS:
        if entry.key != "coldchain":
            assert isinstance(scenario.sections[entry.key], entry.config)


def test_skip_names_the_sections_there_are(tmp_path: Path) -> None:
    path = _write(tmp_path, "s.toml", 'skip = ["routes"]\n[network]\nnodes = "n.csv"\n')
    with pytest.raises(
        InputError, match=r"'routes'.*'siting', 'routing', 'economics', 'coldchain'"
    ) as err:
        load_scenario(path)
    assert err.value.field == "skip"


def test_a_section_table_error_names_the_section(tmp_path: Path) -> None:
    text = '[network]\nnodes = "n.csv"\n[[routing.fleet]]\nname = "van"\n'
    with pytest.raises(InputError) as err:
        load_scenario(_write(tmp_path, "s.toml", text))
    assert err.value.field is not None and err.value.field.startswith("routing.fleet[0]")
