"""Great-circle (haversine) distances in metres between WGS-84 positions."""

from __future__ import annotations

import numpy as np
import numpy.typing as npt

FloatArray = npt.NDArray[np.float64]

# Mean Earth radius (IUGG); the same figure OSMnx uses for edge lengths, so great-circle
# access legs and OSM edge lengths agree.
EARTH_RADIUS_M = 6_371_009.0


def haversine_m(
    lon1: npt.ArrayLike, lat1: npt.ArrayLike, lon2: npt.ArrayLike, lat2: npt.ArrayLike
) -> FloatArray:
    """Great-circle distance in metres, broadcasting over the inputs (degrees)."""
    lam1, phi1, lam2, phi2 = (
        np.radians(np.asarray(a, dtype=np.float64)) for a in (lon1, lat1, lon2, lat2)
    )
    h = (
        np.sin((phi2 - phi1) / 2.0) ** 2
        + np.cos(phi1) * np.cos(phi2) * np.sin((lam2 - lam1) / 2.0) ** 2
    )
    return np.asarray(
        2.0 * EARTH_RADIUS_M * np.arcsin(np.sqrt(np.clip(h, 0.0, 1.0))), dtype=np.float64
    )


def pairwise_m(lon: FloatArray, lat: FloatArray) -> FloatArray:
    """The square matrix of great-circle distances between all positions."""
    return haversine_m(lon[:, None], lat[:, None], lon[None, :], lat[None, :])
