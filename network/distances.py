"""Distance and travel-time matrices between network nodes.

Two sources: great-circle distance x a circuity factor with a speed per road class, or shortest
paths on a real road graph (see :mod:`network.roads`). Sea legs to island nodes go through the
network's ferry links.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

import numpy as np
import numpy.typing as npt

from network.errors import InputError

FloatArray = npt.NDArray[np.float64]


@dataclass(frozen=True, eq=False)
class DistanceMatrix:
    """Square matrices over ``ids`` (row = from, column = to).

    Attributes:
        ids: node ids in matrix order.
        distance_m: road (or sea) distance in metres; ``inf`` where unreachable.
        duration_s: travel time in seconds; ``inf`` where unreachable.
        source: ``"great_circle"`` or ``"road_graph"``.
        fare_yuan: fixed fares on the way (ferry crossings) in yuan, or None when there are none.
        snap_m: per node, the distance from its position to the road node it was snapped to
            (road graphs only; zeros for great-circle matrices).
    """

    ids: tuple[str, ...]
    distance_m: FloatArray
    duration_s: FloatArray
    source: str
    fare_yuan: FloatArray | None = None
    snap_m: FloatArray | None = None
    _index: dict[str, int] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        n = len(self.ids)
        for name in ("distance_m", "duration_s", "fare_yuan"):
            arr = getattr(self, name)
            if arr is not None and arr.shape != (n, n):
                raise InputError(f"{name} has shape {arr.shape}, expected ({n}, {n})", field=name)
        object.__setattr__(self, "_index", {node_id: i for i, node_id in enumerate(self.ids)})
        if len(self._index) != n:
            raise InputError("matrix ids are not unique", field="ids")

    def index(self, node_id: str) -> int:
        """Row/column of a node id."""
        try:
            return self._index[node_id]
        except KeyError:
            raise InputError(f"node {node_id!r} is not in the distance matrix") from None

    def km(self, a: str, b: str) -> float:
        """Distance from a to b in km."""
        return float(self.distance_m[self.index(a), self.index(b)]) / 1000.0

    def minutes(self, a: str, b: str) -> float:
        """Travel time from a to b in minutes."""
        return float(self.duration_s[self.index(a), self.index(b)]) / 60.0

    def sub(self, ids: Iterable[str]) -> DistanceMatrix:
        """The matrix restricted to ``ids`` (in that order)."""
        keep = tuple(ids)
        rows = np.array([self.index(i) for i in keep], dtype=np.intp)
        grid = np.ix_(rows, rows)
        return DistanceMatrix(
            ids=keep,
            distance_m=self.distance_m[grid],
            duration_s=self.duration_s[grid],
            source=self.source,
            fare_yuan=None if self.fare_yuan is None else self.fare_yuan[grid],
            snap_m=None if self.snap_m is None else self.snap_m[rows],
        )
