"""Read 2E-CVRP instances in the unified format of Breunig, Schmid, Hartl & Vidal (2016).

Five data lines (``!`` starts a comment line)::

    K1,Q1,c1,f1              trucks: count, capacity, cost per distance, fixed cost
    maxcf,K2,Q2,c2,f2        freighters: most per satellite, count, capacity, cost, fixed cost
    x0,y0 xs1,ys1 ...        depot, then satellites
    x1,y1,d1 ...             customers with demand

Distances are Euclidean, not rounded (see ``../shared/benchmarks/instances/2e-cvrp/README.md``).
"""

from __future__ import annotations

import csv
import math
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from network import InputError
from routing.two_echelon import TwoEchelonProblem


@dataclass(frozen=True)
class TwoEchelonInstance:
    """One instance as its file gives it; ``points`` are depot, satellites, customers."""

    name: str
    trucks: int
    truck_capacity: float
    freighters_per_satellite: int
    freighters: int
    freighter_capacity: float
    points: tuple[tuple[float, float], ...]
    n_satellites: int
    demand: tuple[float, ...]

    @property
    def n_customers(self) -> int:
        return len(self.points) - self.n_satellites - 1

    def to_problem(self) -> TwoEchelonProblem:
        """The instance as our solvers' problem (exact Euclidean distances)."""
        xy = np.asarray(self.points, dtype=float)
        distance = np.sqrt(((xy[:, None, :] - xy[None, :, :]) ** 2).sum(axis=2))
        return TwoEchelonProblem(
            name=self.name,
            distance=distance,
            n_satellites=self.n_satellites,
            demand=np.asarray(self.demand, dtype=float),
            trucks=self.trucks,
            truck_capacity=self.truck_capacity,
            freighters=self.freighters,
            freighter_capacity=self.freighter_capacity,
            freighters_per_satellite=(self.freighters_per_satellite,) * self.n_satellites,
        )


def read_two_echelon(path: Path) -> TwoEchelonInstance:
    """Read one instance file; a malformed file raises :class:`InputError` naming the line."""
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise InputError(f"{path}: cannot read ({exc.strerror})", file=str(path)) from exc
    lines = [
        (number, line.strip())
        for number, line in enumerate(text.splitlines(), start=1)
        if line.strip() and not line.lstrip().startswith("!")
    ]
    if len(lines) < 4:
        raise InputError(f"{path}: expected 4 data lines, found {len(lines)}", file=str(path))
    first = _numbers(path, lines[0], 4, "trucks (K1,Q1,c1,f1)")
    second = _numbers(path, lines[1], 5, "freighters (maxcf,K2,Q2,c2,f2)")
    depots = [_numbers(path, (lines[2][0], item), 2, "x,y") for item in lines[2][1].split()]
    customers = [
        _numbers(path, (lines[3][0], item), 3, "x,y,demand") for item in lines[3][1].split()
    ]
    if len(depots) < 2 or not customers:
        raise InputError(f"{path} line {lines[2][0]}: need a depot and satellites", file=str(path))
    for number, values in ((lines[0][0], first), (lines[1][0], second)):
        if values[-2] != 1 or values[-1] != 0:
            raise InputError(
                f"{path} line {number}: only cost per distance 1 and fixed cost 0 are supported",
                file=str(path),
                row=number,
            )
    return TwoEchelonInstance(
        name=path.stem,
        trucks=int(first[0]),
        truck_capacity=first[1],
        freighters_per_satellite=int(second[0]),
        freighters=int(second[1]),
        freighter_capacity=second[2],
        points=tuple((p[0], p[1]) for p in depots) + tuple((c[0], c[1]) for c in customers),
        n_satellites=len(depots) - 1,
        demand=(0.0,) * len(depots) + tuple(c[2] for c in customers),
    )


def _numbers(path: Path, line: tuple[int, str], count: int, what: str) -> list[float]:
    number, text = line
    parts = [p for p in text.split(",") if p.strip()]
    try:
        values = [float(p) for p in parts]
    except ValueError:
        values = []
    if len(values) != count or not all(math.isfinite(v) for v in values):
        raise InputError(
            f"{path} line {number}: {text[:40]!r} is not {what}", file=str(path), row=number
        )
    return values


@dataclass(frozen=True)
class KnownCost:
    """A ``bks.csv`` row: the best-known cost and whether it is proven optimal."""

    cost: float
    optimal: bool


def read_known_costs(folder: Path) -> dict[str, KnownCost]:
    """``folder/bks.csv`` (``instance, bks, optimal, source``), empty when absent."""
    index = folder / "bks.csv"
    if not index.is_file():
        return {}
    with index.open(newline="", encoding="utf-8") as fh:
        return {
            row["instance"]: KnownCost(float(row["bks"]), row["optimal"].strip() == "yes")
            for row in csv.DictReader(fh)
        }
