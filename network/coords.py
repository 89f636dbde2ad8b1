"""China's map datums: GCJ-02 (AMap, Tencent) and BD-09 (Baidu) to and from WGS-84.

GCJ-02 is WGS-84 shifted by a published, deliberately irregular polynomial-and-sine offset
(a few hundred metres); BD-09 adds Baidu's small rotation and shift on top of GCJ-02. Both
forward transforms follow the public algorithm. There is no closed-form inverse, so the
inverses solve ``forward(w) = g`` by fixed-point iteration: the offset changes by far less than
1 % per degree, so every step shrinks the error about a hundredfold and a few steps reach
well under a millimetre.

All functions are vectorised: they take scalars or numpy arrays of longitudes and latitudes
(degrees) and return float64 arrays of the same shape.

Example:
    >>> lon, lat = gcj02_to_wgs84(120.005554, 26.8817)
    >>> round(float(lon), 4), round(float(lat), 4)
    (120.0011, 26.885)
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Literal

import numpy as np
import numpy.typing as npt

FloatArray = npt.NDArray[np.float64]
ArrayLike = npt.ArrayLike
CoordSystem = Literal["wgs84", "gcj02", "bd09"]
COORD_SYSTEMS: tuple[CoordSystem, ...] = ("wgs84", "gcj02", "bd09")

# Krasovsky 1940 ellipsoid, as used by the published GCJ-02 algorithm.
_A_M = 6378245.0
_EE = 0.00669342162296594323
_BD_X_PI = np.pi * 3000.0 / 180.0
# The inverse stops once the forward image matches to 1e-10 degree (about 0.01 mm).
_INVERSE_TOL_DEG = 1e-10
_INVERSE_MAX_STEPS = 30

_Transform = Callable[[FloatArray, FloatArray], tuple[FloatArray, FloatArray]]


def out_of_china(lon: ArrayLike, lat: ArrayLike) -> npt.NDArray[np.bool_]:
    """True where the public algorithm leaves a point unshifted (a rough box around China)."""
    x, y = _as_arrays(lon, lat)
    return (x < 72.004) | (x > 137.8347) | (y < 0.8293) | (y > 55.8271)


def wgs84_to_gcj02(lon: ArrayLike, lat: ArrayLike) -> tuple[FloatArray, FloatArray]:
    """WGS-84 -> GCJ-02 (forward, exact by definition)."""
    x, y = _as_arrays(lon, lat)
    dlon, dlat = _gcj_offset_deg(x, y)
    outside = out_of_china(x, y)
    return np.where(outside, x, x + dlon), np.where(outside, y, y + dlat)


def gcj02_to_wgs84(lon: ArrayLike, lat: ArrayLike) -> tuple[FloatArray, FloatArray]:
    """GCJ-02 -> WGS-84 (iterative inverse, error far below 1 cm)."""
    return _invert(wgs84_to_gcj02, *_as_arrays(lon, lat))


def gcj02_to_bd09(lon: ArrayLike, lat: ArrayLike) -> tuple[FloatArray, FloatArray]:
    """GCJ-02 -> BD-09 (forward)."""
    x, y = _as_arrays(lon, lat)
    radius = np.hypot(x, y) + 0.00002 * np.sin(y * _BD_X_PI)
    theta = np.arctan2(y, x) + 0.000003 * np.cos(x * _BD_X_PI)
    return radius * np.cos(theta) + 0.0065, radius * np.sin(theta) + 0.006


def bd09_to_gcj02(lon: ArrayLike, lat: ArrayLike) -> tuple[FloatArray, FloatArray]:
    """BD-09 -> GCJ-02 (iterative inverse)."""
    return _invert(gcj02_to_bd09, *_as_arrays(lon, lat))


def wgs84_to_bd09(lon: ArrayLike, lat: ArrayLike) -> tuple[FloatArray, FloatArray]:
    """WGS-84 -> BD-09 (through GCJ-02)."""
    return gcj02_to_bd09(*wgs84_to_gcj02(lon, lat))


def bd09_to_wgs84(lon: ArrayLike, lat: ArrayLike) -> tuple[FloatArray, FloatArray]:
    """BD-09 -> WGS-84 (through GCJ-02)."""
    return gcj02_to_wgs84(*bd09_to_gcj02(lon, lat))


def to_wgs84(lon: ArrayLike, lat: ArrayLike, system: CoordSystem) -> tuple[FloatArray, FloatArray]:
    """Convert positions given in ``system`` (wgs84 | gcj02 | bd09) to WGS-84."""
    if system == "wgs84":
        return _as_arrays(lon, lat)
    if system == "gcj02":
        return gcj02_to_wgs84(lon, lat)
    if system == "bd09":
        return bd09_to_wgs84(lon, lat)
    raise ValueError(f"unknown coordinate system {system!r}; use one of {COORD_SYSTEMS}")


def _as_arrays(lon: ArrayLike, lat: ArrayLike) -> tuple[FloatArray, FloatArray]:
    x, y = np.broadcast_arrays(np.asarray(lon, dtype=np.float64), np.asarray(lat, dtype=np.float64))
    return x, y


def _gcj_offset_deg(lon: FloatArray, lat: FloatArray) -> tuple[FloatArray, FloatArray]:
    """The GCJ-02 shift at a WGS-84 point, in degrees (ignoring the out-of-China rule)."""
    x = lon - 105.0
    y = lat - 35.0
    sqrt_abs_x = np.sqrt(np.abs(x))
    shared = (20.0 * np.sin(6.0 * x * np.pi) + 20.0 * np.sin(2.0 * x * np.pi)) * 2.0 / 3.0
    dlat_m = -100.0 + 2.0 * x + 3.0 * y + 0.2 * y * y + 0.1 * x * y + 0.2 * sqrt_abs_x + shared
    dlat_m += (20.0 * np.sin(y * np.pi) + 40.0 * np.sin(y / 3.0 * np.pi)) * 2.0 / 3.0
    dlat_m += (160.0 * np.sin(y / 12.0 * np.pi) + 320.0 * np.sin(y * np.pi / 30.0)) * 2.0 / 3.0
    dlon_m = 300.0 + x + 2.0 * y + 0.1 * x * x + 0.1 * x * y + 0.1 * sqrt_abs_x + shared
    dlon_m += (20.0 * np.sin(x * np.pi) + 40.0 * np.sin(x / 3.0 * np.pi)) * 2.0 / 3.0
    dlon_m += (150.0 * np.sin(x / 12.0 * np.pi) + 300.0 * np.sin(x / 30.0 * np.pi)) * 2.0 / 3.0
    # Turn the "metre-like" shifts into degrees on the Krasovsky ellipsoid.
    rad_lat = lat / 180.0 * np.pi
    magic = 1.0 - _EE * np.sin(rad_lat) ** 2
    sqrt_magic = np.sqrt(magic)
    dlat = (dlat_m * 180.0) / ((_A_M * (1.0 - _EE)) / (magic * sqrt_magic) * np.pi)
    dlon = (dlon_m * 180.0) / (_A_M / sqrt_magic * np.cos(rad_lat) * np.pi)
    return dlon, dlat


def _invert(
    forward: _Transform, target_lon: FloatArray, target_lat: FloatArray
) -> tuple[FloatArray, FloatArray]:
    """Solve forward(lon, lat) = target by fixed-point iteration (the shift is nearly constant)."""
    lon, lat = target_lon.copy(), target_lat.copy()
    for _ in range(_INVERSE_MAX_STEPS):
        image_lon, image_lat = forward(lon, lat)
        err_lon, err_lat = image_lon - target_lon, image_lat - target_lat
        lon, lat = lon - err_lon, lat - err_lat
        if not np.any((np.abs(err_lon) > _INVERSE_TOL_DEG) | (np.abs(err_lat) > _INVERSE_TOL_DEG)):
            break
    return lon, lat
