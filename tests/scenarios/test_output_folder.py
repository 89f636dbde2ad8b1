"""An output folder is always one whole run: the new one, or the one before it."""

from __future__ import annotations

from pathlib import Path

import pytest

from network.errors import InputError
from scenarios.output_folder import MARKER, in_place_folder, previous_of, whole_folder


def _write_run(target: Path, label: str, *, fail_after: int | None = None) -> None:
    with whole_folder(target) as folder:
        for k in range(4):
            if fail_after is not None and k == fail_after:
                raise KeyboardInterrupt
            (folder / f"file{k}.txt").write_text(f"{label} {k}\n", encoding="utf-8")


def _labels(folder: Path) -> set[str]:
    return {p.read_text(encoding="utf-8").split()[0] for p in folder.glob("file*.txt")}


def test_a_run_replaces_the_folder_and_keeps_the_one_before(tmp_path: Path) -> None:
    out = tmp_path / "out"
    _write_run(out, "first")
    _write_run(out, "second")
    _write_run(out, "third")
    assert _labels(out) == {"third"} and (out / MARKER).exists()
    assert _labels(previous_of(out)) == {"second"}
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out", "out.previous"]


@pytest.mark.parametrize("fail_after", [0, 2])
def test_an_interrupted_run_leaves_the_previous_folder_as_it_was(
    tmp_path: Path, fail_after: int
) -> None:
    out = tmp_path / "out"
    _write_run(out, "first")
    with pytest.raises(KeyboardInterrupt):
        _write_run(out, "second", fail_after=fail_after)
    assert _labels(out) == {"first"} and len(list(out.glob("file*.txt"))) == 4
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out"]


def test_a_failed_first_run_leaves_nothing(tmp_path: Path) -> None:
    with pytest.raises(KeyboardInterrupt):
        _write_run(tmp_path / "out", "first", fail_after=1)
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize(
    ("make", "target", "words"),
    [
        (lambda d: (d / "f").write_text("x"), "f", "is a file"),
        (lambda d: (d / "f").write_text("x"), "f/sub/out", "is a file, not a folder"),
        (lambda d: ((d / "mine").mkdir(), (d / "mine" / "a.txt").write_text("x")), "mine", "not"),
    ],
)
def test_targets_refused_before_any_work(
    tmp_path: Path, make: object, target: str, words: str
) -> None:
    make(tmp_path)  # type: ignore[operator]
    before = sorted(p.name for p in tmp_path.rglob("*"))
    with pytest.raises(InputError, match=words) as caught, whole_folder(tmp_path / target):
        pytest.fail("the block must not run")
    assert caught.value.field == "--out"
    assert sorted(p.name for p in tmp_path.rglob("*")) == before


def test_an_unwritable_place_is_an_input_error() -> None:
    with (
        pytest.raises(InputError, match="cannot be written"),
        whole_folder(Path("/proc/county-logistics-out")),
    ):
        pytest.fail("the block must not run")
    with pytest.raises(InputError, match="cannot be written"):
        in_place_folder(Path("/proc/county-logistics-out"))
