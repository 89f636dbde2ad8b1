"""What the main run hands each section (siting, routing, cold chain, subsidy) and gets back.

The runner (:mod:`scenarios.runner`) loads the network and its distance matrix, then runs the
sections of the registry (:mod:`scenarios.sections`) in order. Each section has a pydantic
``Config`` for its TOML table(s) and a ``run(ctx, config)`` that returns the section's own
frozen outcome (:class:`Outcome`: typed values, money as ``Decimal``). A later section asks the
context for an earlier one's outcome by its type: ``ctx.outcome(SitingOutcome)``. Text and
rounding happen at the edge: an outcome's :meth:`Outcome.summary` (its part of ``plan.json``),
:meth:`Outcome.tables` (CSV rows) and :meth:`Outcome.geojson`.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Protocol, TypeVar

from pydantic import BaseModel

from network.distances import DistanceMatrix
from network.model import Network
from routing.settings import Engine, SolverSettings

Json = str | int | float | bool | None | Sequence["Json"] | Mapping[str, "Json"]
"""A JSON value as ``plan.json`` holds it (money already formatted as text)."""

Cell = str | int | float | bool | Decimal | None | Sequence[str]
"""One cell of an output table (a list is written ``;``-separated)."""

Row = Mapping[str, Cell]
"""One row of an output table; every row of a table has the same keys."""

Progress = Callable[[str, float, float | None], None]
"""``progress(task, done_fraction 0..1, best_cost_or_None)``; the CLI shows it as a bar."""


def no_progress(task: str, done: float, best: float | None) -> None:
    """A progress callback that ignores everything."""


class Outcome(Protocol):
    """What a section's typed result offers the edges that write it."""

    def summary(self) -> Mapping[str, Json]:
        """The section's part of ``plan.json`` (money as text to the fen)."""
        ...

    def tables(self) -> Mapping[str, Sequence[Row]]:
        """CSV name (without ``.csv``) -> rows."""
        ...

    def geojson(self) -> Mapping[str, Mapping[str, Json]]:
        """File name (without ``.geojson``) -> a GeoJSON FeatureCollection."""
        ...


T = TypeVar("T")


@dataclass(frozen=True)
class RunContext:
    """Everything a section may use.

    Attributes:
        network: the loaded network (WGS-84).
        matrix: distances/travel times between every node of ``network`` (same id order).
        seed: the run's seed; every random choice derives from it.
        base_dir: the scenario file's folder (relative paths in configs resolve against it).
        results: outcomes of the sections that ran before, by key ("siting", ...); read them
            with :meth:`outcome`.
        progress: callback for long work.
        fast: True for quick runs (tests, demo smoke): sections shorten time limits/horizons.
        time_limit_s: the scenario's ``[solver] time_limit_s`` (a section's own limit wins).
        work_limit: the scenario's ``[solver] work_limit`` for byte-identical plans, or None.
        configs: every section's validated table by key (a section may read another's, e.g.
            routing reads ``economics``'s unit costs to choose the cheaper model).
        workers: processes a section may use for independent sub-problems (1 inside sweeps,
            which already run one scenario per process).
    """

    network: Network
    matrix: DistanceMatrix
    seed: int
    base_dir: Path
    results: Mapping[str, Outcome] = field(default_factory=dict)
    progress: Progress = no_progress
    fast: bool = False
    time_limit_s: float = 30.0
    work_limit: int | None = None
    workers: int = 2
    configs: Mapping[str, BaseModel] = field(default_factory=dict)

    def solver(self, time_limit_s: float, engine: Engine = "auto") -> SolverSettings:
        """Routing solver settings with the run's seed and work limit and this time limit."""
        return SolverSettings(
            time_limit_s=time_limit_s, seed=self.seed, engine=engine, work_limit=self.work_limit
        )

    def outcome(self, kind: type[T]) -> T | None:
        """The outcome of the earlier section of type ``kind``, or None if it did not run."""
        return outcome_of(self.results, kind)


def outcome_of(results: Mapping[str, Outcome], kind: type[T]) -> T | None:
    """The outcome of type ``kind`` among ``results``, or None."""
    for result in results.values():
        if isinstance(result, kind):
            return result
    return None
