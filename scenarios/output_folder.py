"""An output folder that always holds one whole run: written beside the target, swapped in last.

A run writes into a fresh sibling folder (``.DIR.XXXX.partial``) and, once every file is there,
renames it to ``DIR``; the run that was in ``DIR`` becomes ``DIR.previous`` (replacing the one
before it). So ``DIR`` is always one run's complete output or the previous run's, never a mix,
whatever stops the run (bad input, a crash, Ctrl-C, a full disk). The sibling is made, and a
probe file written in it, before any solving, so an output folder that cannot be written fails
at once, not after the solve.

Only a folder that is new, empty or an earlier output (it holds :data:`MARKER`, or a plan.json
from before the marker existed) is replaced: ``--out ~`` must not move a home folder aside.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from network.errors import InputError
from network.texts import Message

MARKER = ".county-logistics-run"
"""File in every output folder: a folder that holds it may be replaced by the next run."""

PREVIOUS_SUFFIX = ".previous"


def previous_of(target: Path) -> Path:
    """Where the run before the current one is kept: ``DIR.previous``."""
    return target.with_name(target.name + PREVIOUS_SUFFIX)


def check_folder_target(target: Path, *, option: str = "--out") -> None:
    """Raise InputError unless ``target`` is a folder this program may write (or replace)."""
    if target.exists() and not target.is_dir():
        raise InputError(
            Message("is a file, not a folder: give a folder for the outputs"),
            file=str(target),
            field=option,
        )
    for ancestor in target.absolute().parents:
        if ancestor.exists() and not ancestor.is_dir():
            raise InputError(
                Message("cannot be made: {ancestor} is a file, not a folder", ancestor=ancestor),
                file=str(target),
                field=option,
            )
    if target.is_dir() and not _replaceable(target):
        raise InputError(
            Message(
                "holds files that are not an earlier county-logistics output; give a new or "
                "empty folder (a run replaces its whole output folder)"
            ),
            file=str(target),
            field=option,
        )


def _replaceable(folder: Path) -> bool:
    names = {p.name for p in folder.iterdir()}
    return not names or MARKER in names or "plan.json" in names


def _make_staging(target: Path, option: str) -> Path:
    parent = target.absolute().parent
    try:
        parent.mkdir(parents=True, exist_ok=True)
        staging = Path(tempfile.mkdtemp(prefix=f".{target.name}.", suffix=".partial", dir=parent))
        staging.chmod(0o755)  # mkdtemp makes it private; results are for sharing
        (staging / MARKER).write_text("county-logistics output folder\n", encoding="utf-8")
    except OSError as err:
        raise InputError(
            Message(
                "cannot be written ({reason}); choose a folder you can write to",
                reason=err.strerror or err,
            ),
            file=str(target),
            field=option,
        ) from None
    return staging


def _swap_in(staging: Path, target: Path) -> None:
    """``target`` -> ``target.previous``, then ``staging`` -> ``target`` (two renames)."""
    if target.exists():
        previous = previous_of(target)
        if previous.is_dir() and _replaceable(previous):
            shutil.rmtree(previous)
        elif previous.exists():
            raise InputError(
                Message("is in the way of keeping the previous run; move it away"),
                file=str(previous),
            )
        target.rename(previous)
    staging.rename(target)


@contextmanager
def whole_folder(target: Path, *, option: str = "--out") -> Iterator[Path]:
    """Check ``target`` and yield a fresh folder to write the run into; swap it in as
    ``target`` when the block ends normally, delete it when the block raises (anything,
    KeyboardInterrupt included), leaving ``target`` as it was."""
    check_folder_target(target, option=option)
    staging = _make_staging(target, option)
    try:
        yield staging
        _swap_in(staging, target)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise


def check_file_target(target: Path, *, option: str = "--out") -> None:
    """Raise InputError unless a file can be written at ``target`` (checked before any work)."""
    if target.is_dir():
        raise InputError(
            Message("is a folder; give a file name to write"), file=str(target), field=option
        )
    parent = target.absolute().parent
    for folder in (parent, *parent.parents):
        if folder.exists():
            if not folder.is_dir():
                raise InputError(
                    Message("cannot be made: {folder} is a file, not a folder", folder=folder),
                    file=str(target),
                    field=option,
                )
            if not os.access(folder, os.W_OK):
                raise InputError(
                    Message("cannot be written: no write permission in {folder}", folder=folder),
                    file=str(target),
                    field=option,
                )
            return


def in_place_folder(target: Path, *, option: str = "--out") -> None:
    """Make ``target`` for outputs written in place (a sweep's rows, which resume), checking
    before any work that it is a folder and can be written."""
    if target.exists() and not target.is_dir():
        raise InputError(
            Message("is a file, not a folder: give a folder for the outputs"),
            file=str(target),
            field=option,
        )
    try:
        target.mkdir(parents=True, exist_ok=True)
        probe = Path(tempfile.mkstemp(prefix=".write-probe.", dir=target)[1])
        probe.unlink()
    except OSError as err:
        raise InputError(
            Message(
                "cannot be written ({reason}); choose a folder you can write to",
                reason=err.strerror or err,
            ),
            file=str(target),
            field=option,
        ) from None
