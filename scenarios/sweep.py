"""Sweeps: one base scenario, a grid or list of overrides and seeds, run on any Executor.

Rows stream into ``DIR/sweep.csv`` as scenarios finish, so a sweep that is killed half-way
loses no finished row; running it again skips the cases already in the file. A scenario that
fails is recorded with its error and the sweep goes on. At the end the file is rewritten in
case order and ``DIR/sweep.html`` compares the cases.
"""

from __future__ import annotations

import copy
import csv
import hashlib
import itertools
import json
import os
import warnings
from collections.abc import Callable, Iterable, Mapping
from concurrent.futures import Executor, Future, as_completed
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from network.errors import InputError
from network.texts import DEFAULT_LANG, LANGS, Message, Texts, texts_for
from scenarios.headline import HEADLINE, headline
from scenarios.interrupts import interrupts_deferred
from scenarios.outputs import csv_text
from scenarios.run_log import warning_text
from scenarios.runner import run_plan
from scenarios.schema import read_scenario_data, read_toml, scenario_from_data

ROW_KEYS = (
    "case_id",
    "name",
    "seed",
    "overrides",
    "status",
    "error",
    *(column for column, _, _ in HEADLINE),
)
_SWEEP_KEYS = {"base", "fast", "seeds", "grid", "case"}
WARNINGS_KEY = "_warnings"
"""Key of the warnings a case's row carries back from its process (not a sweep.csv column)."""


@dataclass(frozen=True)
class SweepCase:
    """One scenario of a sweep: the base with ``overrides`` (dotted keys) at ``seed``."""

    case_id: str
    name: str
    overrides: Mapping[str, Any]
    seed: int


@dataclass(frozen=True)
class Sweep:
    """A validated sweep file."""

    path: Path
    base: Path
    base_data: Mapping[str, Any]
    cases: tuple[SweepCase, ...]
    fast: bool


def _case_id(index: int, overrides: Mapping[str, Any], seed: int) -> str:
    text = json.dumps({"o": overrides, "s": seed}, sort_keys=True, default=str)
    return f"{index:04d}-{hashlib.sha256(text.encode()).hexdigest()[:8]}"


def apply_overrides(data: Mapping[str, Any], overrides: Mapping[str, Any]) -> dict[str, Any]:
    """A deep copy of scenario data with dotted keys (``"solver.seed"``) set."""
    merged = copy.deepcopy(dict(data))
    for dotted, value in overrides.items():
        table = merged
        *parents, leaf = dotted.split(".")
        for key in parents:
            table = table.setdefault(key, {})
            if not isinstance(table, dict):
                raise InputError(Message("'{key}' is not a table", key=key), field=dotted)
        table[leaf] = value
    return merged


def _grid_cases(grid: Mapping[str, Any], file: str) -> list[tuple[str, dict[str, Any]]]:
    if not grid:
        return []
    keys = sorted(grid)
    for key in keys:
        if not isinstance(grid[key], list) or not grid[key]:
            raise InputError(
                Message("a grid entry must be a non-empty list of values"),
                file=file,
                field=f"grid.{key}",
            )
    cases = []
    for values in itertools.product(*(grid[k] for k in keys)):
        overrides = dict(zip(keys, values, strict=True))
        cases.append((", ".join(f"{k}={v}" for k, v in overrides.items()), overrides))
    return cases


def _listed_cases(listed: Any, file: str) -> list[tuple[str, dict[str, Any]]]:
    if not isinstance(listed, list):
        raise InputError(Message("[[case]] must be an array of tables"), file=file, field="case")
    cases = []
    for number, entry in enumerate(listed, 1):
        if not isinstance(entry, dict):
            raise InputError(Message("a case must be a table"), file=file, field=f"case[{number}]")
        overrides = {k: v for k, v in entry.items() if k != "name"}
        cases.append((str(entry.get("name", f"case {number}")), overrides))
    return cases


def load_sweep(path: str | Path, *, default_base: Path | None = None) -> Sweep:
    """Read a sweep file and check every case's scenario before anything runs."""
    path = Path(path).resolve()
    raw = read_toml(path, what="sweep")
    unknown = set(raw) - _SWEEP_KEYS
    if unknown:
        raise InputError(
            Message("unknown key(s) {keys}", keys=sorted(unknown)),
            file=str(path),
            field=min(unknown),
        )
    if "base" in raw:
        base = (path.parent / str(raw["base"])).resolve()
    elif default_base is not None:
        base = default_base
    else:
        raise InputError(
            Message("a sweep needs 'base' (the scenario it varies)"), file=str(path), field="base"
        )
    seeds = raw.get("seeds", [None])
    if not isinstance(seeds, list) or not seeds:
        raise InputError(Message("seeds must be a non-empty list"), file=str(path), field="seeds")
    base_data = read_scenario_data(base)
    variants = _grid_cases(raw.get("grid", {}), str(path)) + _listed_cases(
        raw.get("case", []), str(path)
    )
    variants = variants or [("base", {})]
    cases: list[SweepCase] = []
    for name, overrides in variants:
        for seed in seeds:
            case_seed = (
                int(seed) if seed is not None else int(base_data.get("solver", {}).get("seed", 0))
            )
            try:
                scenario_from_data(apply_overrides(base_data, overrides), path=base)
            except InputError as err:
                raise InputError(
                    Message("case '{name}': {message}", name=name, message=err.message),
                    file=str(path),
                    field=err.field,
                ) from None
            index = len(cases)
            cases.append(
                SweepCase(_case_id(index, overrides, case_seed), name, overrides, case_seed)
            )
    return Sweep(path, base, base_data, tuple(cases), bool(raw.get("fast", False)))


def _texts_of(data: Mapping[str, Any]) -> Texts:
    """The language of a case's scenario data (its ``lang``, else the default)."""
    lang = data.get("lang")
    return texts_for(lang if lang in LANGS else DEFAULT_LANG)


def run_case(
    base_data: Mapping[str, Any], base: str, case: SweepCase, fast: bool
) -> dict[str, Any]:
    """Run one case (in a worker process) and return its sweep.csv row."""
    row: dict[str, Any] = {
        "case_id": case.case_id,
        "name": case.name,
        "seed": case.seed,
        "overrides": json.dumps(dict(case.overrides), sort_keys=True, ensure_ascii=False),
    }
    data = base_data
    with warnings.catch_warnings(record=True) as caught:  # reported once per sweep
        warnings.simplefilter("always")
        try:
            data = apply_overrides(base_data, case.overrides)
            scenario = scenario_from_data(data, path=Path(base))
            plan = run_plan(scenario, seed=case.seed, fast=fast, workers=1).plan_json()
        except Exception as err:  # a failed scenario is a row, not the end of the sweep
            text = err.render(_texts_of(data)) if isinstance(err, InputError) else str(err)
            error = f"{type(err).__name__}: {text}".splitlines()[0]
            row = {**row, "status": "error", "error": error}
        else:
            figures = headline(json.loads(json.dumps(plan, default=str)))
            row = {**row, "status": "ok", "error": "", **figures}
    return {**row, WARNINGS_KEY: [warning_text(w) for w in caught]}


def finished_rows(csv_path: Path) -> dict[str, dict[str, str]]:
    """Rows already in sweep.csv by case id; a torn last line (killed mid-write) is dropped."""
    if not csv_path.exists():
        return {}
    text = csv_path.read_text(encoding="utf-8")
    if text and not text.endswith("\n"):
        text = text[: text.rfind("\n") + 1]
        with csv_path.open("w", encoding="utf-8") as handle:
            handle.write(text)
    rows = list(csv.DictReader(text.splitlines()))
    return {
        r["case_id"]: r for r in rows if r.get("case_id") and r.get("status") in ("ok", "error")
    }


def _append_row(csv_path: Path, row: Mapping[str, Any]) -> None:
    new = not csv_path.exists() or csv_path.stat().st_size == 0
    text = csv_text([row], fieldnames=list(ROW_KEYS))
    if not new:
        text = text.split("\n", 1)[1]
    # One write of a whole line, flushed to disk: a kill leaves at most one torn line.
    with csv_path.open("a", encoding="utf-8") as handle:
        handle.write(text)
        handle.flush()
        os.fsync(handle.fileno())


def run_sweep(
    sweep: Sweep,
    out_dir: Path,
    *,
    executor: Executor,
    progress: Callable[[int, int], None] = lambda done, total: None,
    warnings_out: list[str] | None = None,
) -> list[dict[str, Any]]:
    """Run the cases not yet in ``out_dir/sweep.csv``; return every row in case order. The
    cases' warnings (see :mod:`scenarios.run_log`) are added to ``warnings_out``."""
    out_dir.mkdir(parents=True, exist_ok=True)
    csv_path = out_dir / "sweep.csv"
    done = finished_rows(csv_path)
    todo = [c for c in sweep.cases if c.case_id not in done]
    total = len(sweep.cases)
    progress(len(done), total)
    with interrupts_deferred():  # submitting starts the worker processes
        futures: list[Future[dict[str, Any]]] = [
            executor.submit(run_case, dict(sweep.base_data), str(sweep.base), case, sweep.fast)
            for case in todo
        ]
    for future in as_completed(futures):
        row = future.result()
        if warnings_out is not None:
            warnings_out.extend(row.get(WARNINGS_KEY, ()))
        row = {k: v for k, v in row.items() if k != WARNINGS_KEY}
        _append_row(csv_path, row)
        done[row["case_id"]] = row
        progress(len(done), total)
    return [done[c.case_id] for c in sweep.cases if c.case_id in done]


def ordered_rows(rows: Iterable[Mapping[str, Any]]) -> list[dict[str, Any]]:
    """Rows as plain dicts with every sweep column, in the given order."""
    return [{k: row.get(k, "") for k in ROW_KEYS} for row in rows]
