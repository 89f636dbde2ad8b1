"""How a routing problem is solved: one frozen, validated settings object, and the one error an
engine raises when it returns no plan.

:class:`SolverSettings` holds the time limit, the work limit (one name for OR-Tools' solution
limit and PyVRP's iteration limit), the seed, the engine and the engine's options (OR-Tools
search parameters). It is checked when it is made, so a bad value is an ``InputError`` in the
caller's process, not a failure inside a worker process. It loads from TOML like PyVRP's
``SolveParams.from_file``::

    time_limit_s = 10
    work_limit = 500        # with it, the same seed gives the same plan on any machine
    seed = 1
    engine = "ortools"      # auto | ortools | pyvrp

    [ortools]               # OR-Tools search parameters (routing.OrtoolsParams fields)
    first_solution_strategy = "SAVINGS"
    local_search_metaheuristic = "GUIDED_LOCAL_SEARCH"
"""

from __future__ import annotations

import math
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass, fields
from pathlib import Path
from typing import Literal, get_args

from network.errors import InputError
from network.texts import Message
from routing.model import RoutingProblem
from routing.ortools_engine import OrtoolsParams

Engine = Literal["auto", "ortools", "pyvrp"]
ENGINES: tuple[Engine, ...] = get_args(Engine)


class SolverError(RuntimeError):
    """An engine returned no plan: every strategy failed, or PyVRP found none serving every
    mandatory client. Bad settings or problems are ``InputError`` instead."""


@dataclass(frozen=True)
class SolverSettings:
    """What :func:`routing.solve` needs besides the problem.

    Attributes:
        time_limit_s: wall-clock limit per problem (always set: the solver always returns).
        seed: every random choice derives from it.
        engine: ``auto`` (two strategies on two cores, the cheaper valid plan), ``ortools``
            or ``pyvrp``.
        work_limit: improving solutions (OR-Tools) or iterations (PyVRP) per strategy; with it
            the plan does not depend on the machine's speed (the time limit stays a safety
            net). None: the time limit alone.
        ortools: OR-Tools search parameters for the OR-Tools strategies (None: the tuned
            pair, :data:`routing.TUNED_PARAMS` and the portfolio's second).
        ferry_time_limit_s: at least this for a problem with ferry fares (only OR-Tools
            models them, and it needs longer than PyVRP for a first plan).

    Example:
        >>> SolverSettings(time_limit_s=2, work_limit=100, seed=1).engine
        'auto'
    """

    time_limit_s: float = 30.0
    seed: int = 0
    engine: Engine = "auto"
    work_limit: int | None = None
    ortools: OrtoolsParams | None = None
    ferry_time_limit_s: float = 2.0

    def __post_init__(self) -> None:
        for name in ("time_limit_s", "ferry_time_limit_s"):
            value = getattr(self, name)
            if isinstance(value, bool) or not isinstance(value, int | float):
                raise InputError(
                    Message(
                        "{name} must be a number of seconds, got {value!r}", name=name, value=value
                    ),
                    field=name,
                )
            if not (value > 0 and math.isfinite(value)):
                raise InputError(
                    Message("{name} must be > 0 and finite, got {value}", name=name, value=value),
                    field=name,
                )
        if isinstance(self.seed, bool) or not isinstance(self.seed, int) or self.seed < 0:
            raise InputError(
                Message("seed must be a whole number >= 0, got {seed!r}", seed=self.seed),
                field="seed",
            )
        if self.engine not in ENGINES:
            known = ", ".join(ENGINES)
            raise InputError(
                Message("unknown engine {engine!r} ({known})", engine=self.engine, known=known),
                field="engine",
            )
        limit = self.work_limit
        if limit is not None and (isinstance(limit, bool) or not isinstance(limit, int)):
            raise InputError(
                Message("work_limit must be a whole number, got {limit!r}", limit=limit),
                field="work_limit",
            )
        if limit is not None and limit < 1:
            raise InputError(
                Message("work_limit must be >= 1, got {limit}", limit=limit), field="work_limit"
            )

    def seconds_for(self, problem: RoutingProblem) -> float:
        """The time limit for ``problem`` (at least ``ferry_time_limit_s`` with ferry fares)."""
        if problem.has_fares:
            return max(self.time_limit_s, self.ferry_time_limit_s)
        return self.time_limit_s

    @classmethod
    def from_mapping(cls, data: Mapping[str, object], *, file: str | None = None) -> SolverSettings:
        """Settings from a mapping such as a parsed TOML table (keys as the attributes;
        ``ortools`` a table of :class:`routing.OrtoolsParams` fields)."""
        known = {f.name for f in fields(cls)}
        values = dict(data)
        for key in values:
            if key not in known:
                raise InputError(
                    Message("unknown solver setting {key!r}", key=key), file=file, field=key
                )
        ortools = values.pop("ortools", None)
        try:
            if ortools is not None:
                values["ortools"] = _ortools_params(ortools)
            return cls(**values)  # type: ignore[arg-type]
        except InputError as err:
            raise InputError(err.message, file=file, field=err.field) from None
        except TypeError as err:
            raise InputError(Message("bad solver settings: {err}", err=err), file=file) from None

    @classmethod
    def from_toml(cls, text: str, *, file: str | None = None) -> SolverSettings:
        """Settings from TOML text (module docstring)."""
        try:
            data = tomllib.loads(text)
        except tomllib.TOMLDecodeError as err:
            raise InputError(Message("not valid TOML: {err}", err=err), file=file) from None
        return cls.from_mapping(data, file=file)

    @classmethod
    def from_file(cls, path: str | Path) -> SolverSettings:
        """Settings from a TOML file (module docstring)."""
        path = Path(path)
        try:
            text = path.read_text(encoding="utf-8-sig")
        except (OSError, UnicodeDecodeError) as err:
            raise InputError(
                Message("cannot read the solver settings: {err}", err=err), file=str(path)
            ) from None
        return cls.from_toml(text, file=str(path))


def _ortools_params(data: object) -> OrtoolsParams:
    """OrtoolsParams from a table; its ``fallback`` a table of the same kind."""
    if not isinstance(data, Mapping):
        raise InputError(
            Message("ortools must be a table of OR-Tools search parameters"), field="ortools"
        )
    known = {f.name for f in fields(OrtoolsParams)}
    values: dict[str, object] = {}
    for key, value in data.items():
        if key not in known:
            raise InputError(
                Message("unknown OR-Tools parameter {key!r}", key=key), field=f"ortools.{key}"
            )
        values[key] = tuple(value) if isinstance(value, list) else value
    if "fallback" in values:
        values["fallback"] = _ortools_params(values["fallback"])
    return OrtoolsParams(**values)  # type: ignore[arg-type]  # checked in __post_init__
