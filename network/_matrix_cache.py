"""On-disk cache of road-graph distance matrices.

An entry is one ``.npz`` file named by a hash of everything the matrix depends on (graph file
contents, node ids/positions/islands, ferries, parameters). Writes go to a temporary file in
the same folder and are renamed into place, so a reader never sees half an entry; an entry
that cannot be read or does not match is ignored (and rewritten by the caller).
"""

from __future__ import annotations

import hashlib
import json
import os
import tempfile
import warnings
import zipfile
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np

if TYPE_CHECKING:  # distances imports this module
    from network.distances import DistanceMatrix

_FORMAT = "county-logistics-matrix-v1"


def cache_key(parts: dict[str, Any]) -> str:
    """A stable hash of JSON-serialisable parts."""
    text = json.dumps({"format": _FORMAT, **parts}, sort_keys=True, ensure_ascii=False)
    return hashlib.sha256(text.encode()).hexdigest()


def load_cached(cache_dir: Path, key: str, ids: tuple[str, ...]) -> dict[str, Any] | None:
    """The cached ``DistanceMatrix`` fields for ``key``, or None if missing, unreadable or
    for other ids."""
    path = cache_dir / f"matrix-{key}.npz"
    try:
        with np.load(path, allow_pickle=False) as data:
            if tuple(str(i) for i in data["ids"]) != ids or str(data["key"]) != key:
                return None
            fare = data["fare_yuan"] if bool(data["has_fare"]) else None
            return {
                "ids": ids,
                "distance_m": np.array(data["distance_m"], dtype=np.float64),
                "duration_s": np.array(data["duration_s"], dtype=np.float64),
                "source": str(data["source"]),
                "fare_yuan": None if fare is None else np.array(fare, dtype=np.float64),
                "snap_m": np.array(data["snap_m"], dtype=np.float64),
            }
    except (OSError, ValueError, KeyError, EOFError, zipfile.BadZipFile):
        return None


def store(cache_dir: Path, key: str, matrix: DistanceMatrix) -> None:
    """Write the entry atomically (temporary file + rename).

    A cache that cannot be written (read-only folder, full disk) only costs time later, so
    it warns instead of failing the run.
    """
    try:
        _write(cache_dir, key, matrix)
    except OSError as err:
        warnings.warn(f"distance cache not written to {cache_dir}: {err}", stacklevel=3)


def _write(cache_dir: Path, key: str, matrix: DistanceMatrix) -> None:
    cache_dir.mkdir(parents=True, exist_ok=True)
    n = len(matrix.ids)
    fd, tmp = tempfile.mkstemp(prefix=".matrix-", suffix=".npz.tmp", dir=cache_dir)
    try:
        with os.fdopen(fd, "wb") as stream:
            np.savez(
                stream,
                key=np.array(key),
                ids=np.array(matrix.ids, dtype=str),
                distance_m=matrix.distance_m,
                duration_s=matrix.duration_s,
                source=np.array(matrix.source),
                has_fare=np.array(matrix.fare_yuan is not None),
                fare_yuan=np.zeros((n, n)) if matrix.fare_yuan is None else matrix.fare_yuan,
                snap_m=np.zeros(n) if matrix.snap_m is None else matrix.snap_m,
            )
        Path(tmp).replace(cache_dir / f"matrix-{key}.npz")
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
