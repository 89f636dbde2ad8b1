"""What the main run hands each section (siting, routing, cold chain, subsidy) and gets back.

The runner (:mod:`scenarios.runner`) loads the network and its distance matrix, then runs the
sections in order: coverage -> siting -> routing -> coldchain -> subsidy. Each section is a
module in :mod:`scenarios.sections` with a pydantic ``Config`` for its TOML table(s) and a
``run(ctx, config) -> SectionResult``. Later sections read earlier results from ``ctx.results``.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from network.distances import DistanceMatrix
from network.model import Network

Progress = Callable[[str, float, float | None], None]
"""``progress(task, done_fraction 0..1, best_cost_or_None)``; the CLI shows it as a bar."""


def no_progress(task: str, done: float, best: float | None) -> None:
    """A progress callback that ignores everything."""


@dataclass(frozen=True)
class SectionResult:
    """One section's contribution to the plan.

    Attributes:
        summary: JSON-ready dict, written to plan.json under the section's key.
        tables: CSV name (without ``.csv``) -> rows (dicts with the same keys in every row).
        geojson: file name (without ``.geojson``) -> a GeoJSON FeatureCollection dict.
        data: the library's own result object, for later sections, maps and the report.
    """

    summary: Mapping[str, Any]
    tables: Mapping[str, list[dict[str, Any]]] = field(default_factory=dict)
    geojson: Mapping[str, dict[str, Any]] = field(default_factory=dict)
    data: Any = None


@dataclass(frozen=True)
class RunContext:
    """Everything a section may use.

    Attributes:
        network: the loaded network (WGS-84).
        matrix: distances/travel times between every node of ``network`` (same id order).
        seed: the run's seed; every random choice derives from it.
        base_dir: the scenario file's folder (relative paths in configs resolve against it).
        results: results of the sections that ran before, by key ("coverage", "siting", ...).
        progress: callback for long work.
        fast: True for quick runs (tests, demo smoke): sections shorten time limits/horizons.
        time_limit_s: the scenario's ``[solver] time_limit_s`` (a section's own limit wins).
        work_limit: the scenario's ``[solver] work_limit`` for byte-identical plans, or None.
        workers: processes a section may use for independent sub-problems (1 inside sweeps,
            which already run one scenario per process).
    """

    network: Network
    matrix: DistanceMatrix
    seed: int
    base_dir: Path
    results: Mapping[str, SectionResult] = field(default_factory=dict)
    progress: Progress = no_progress
    fast: bool = False
    time_limit_s: float = 30.0
    work_limit: int | None = None
    workers: int = 2
