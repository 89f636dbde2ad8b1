"""GCJ-02 / BD-09 <-> WGS-84: golden values from public test suites and inverse accuracy."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from pyproj import Geod

from network import coords

_GEOD = Geod(ellps="WGS84")

# (function, input lon/lat, expected lon/lat, tolerance in degrees). Sources:
# - wandergis/coordtransform, test/app.js (the "//result" block), input (116.404, 39.915);
# - hujiulong/gcoord, test/unit/crs/GCJ02.spec.js (GCJ02 -> BD09 at (123, 45));
# - pyxis / geotool_algorithm test constants: WGS84 (121.0917077, 30.6107779),
#   GCJ02 (121.09626935575027, 30.608604331756705), BD09 (121.10271732371203, 30.61484572185035);
#   that suite's GCJ-02 differs from the reference algorithm by ~1e-7 deg, hence 1e-6.
_PYXIS_WGS84 = (121.0917077, 30.6107779)
_FORWARD_GOLDEN = [
    (coords.wgs84_to_gcj02, (116.404, 39.915), (116.41024449916938, 39.91640428150164), 1e-9),
    (coords.gcj02_to_bd09, (116.404, 39.915), (116.41036949371029, 39.92133699351021), 1e-9),
    (coords.gcj02_to_bd09, (123.0, 45.0), (123.00636499, 45.00636899), 1e-8),
    (coords.wgs84_to_gcj02, _PYXIS_WGS84, (121.09626935575027, 30.608604331756705), 1e-6),
    (coords.wgs84_to_bd09, _PYXIS_WGS84, (121.10271732371203, 30.61484572185035), 1e-6),
]

# Inverses: the reference libraries use a one-step approximation (error ~1 m), so compare to
# their published values loosely here; the exactness is checked by the round trips below.
_INVERSE_GOLDEN = [
    (coords.gcj02_to_wgs84, (116.404, 39.915), (116.39775550083061, 39.91359571849836), 2e-5),
    (coords.bd09_to_gcj02, (116.404, 39.915), (116.39762729119315, 39.90865673957631), 2e-5),
    (coords.gcj02_to_wgs84, (123.0, 45.0), (122.99395597, 44.99804071), 2e-5),
]


@pytest.mark.parametrize(("func", "given_ll", "expected", "tol_deg"), _FORWARD_GOLDEN)
def test_forward_matches_published_values(func, given_ll, expected, tol_deg) -> None:
    lon, lat = func(*given_ll)
    assert float(lon) == pytest.approx(expected[0], abs=tol_deg)
    assert float(lat) == pytest.approx(expected[1], abs=tol_deg)


@pytest.mark.parametrize(("func", "given_ll", "expected", "tol_deg"), _INVERSE_GOLDEN)
def test_inverse_near_published_values(func, given_ll, expected, tol_deg) -> None:
    lon, lat = func(*given_ll)
    assert float(lon) == pytest.approx(expected[0], abs=tol_deg)
    assert float(lat) == pytest.approx(expected[1], abs=tol_deg)


def _error_m(lon_a, lat_a, lon_b, lat_b) -> np.ndarray:
    _, _, dist_m = _GEOD.inv(lon_a, lat_a, lon_b, lat_b)
    return np.asarray(dist_m)


_china_lon = st.floats(73.5, 135.0)
_china_lat = st.floats(3.9, 53.5)


@settings(max_examples=200, deadline=None)
@given(lon=_china_lon, lat=_china_lat)
def test_gcj02_inverse_is_within_1cm(lon: float, lat: float) -> None:
    back_lon, back_lat = coords.gcj02_to_wgs84(*coords.wgs84_to_gcj02(lon, lat))
    assert _error_m(lon, lat, back_lon, back_lat) <= 0.01


@settings(max_examples=200, deadline=None)
@given(lon=_china_lon, lat=_china_lat)
def test_bd09_inverse_is_within_1cm(lon: float, lat: float) -> None:
    back_lon, back_lat = coords.bd09_to_wgs84(*coords.wgs84_to_bd09(lon, lat))
    assert _error_m(lon, lat, back_lon, back_lat) <= 0.01


def test_vectorised_inverse_matches_scalar_calls() -> None:
    rng = np.random.default_rng(7)
    lon = rng.uniform(100, 125, 500)
    lat = rng.uniform(20, 45, 500)
    wgs_lon, wgs_lat = coords.wgs84_to_gcj02(lon, lat)
    back_lon, back_lat = coords.gcj02_to_wgs84(wgs_lon, wgs_lat)
    assert back_lon.shape == (500,)
    assert _error_m(lon, lat, back_lon, back_lat).max() <= 0.01
    one = coords.gcj02_to_wgs84(wgs_lon[3], wgs_lat[3])
    assert float(one[0]) == pytest.approx(back_lon[3], abs=1e-12)


def test_shift_near_xiapu_is_hundreds_of_metres() -> None:
    # shared/data/SOURCES.md: near Xiapu GCJ-02 - WGS-84 is about +0.0044 lon, -0.0033 lat.
    wgs_lon, wgs_lat = coords.gcj02_to_wgs84(120.005554, 26.8817)
    assert 120.005554 - float(wgs_lon) == pytest.approx(0.0044, abs=0.0003)
    assert 26.8817 - float(wgs_lat) == pytest.approx(-0.0033, abs=0.0003)


def test_outside_china_is_identity() -> None:
    lon = np.array([-0.1276, 151.2093, 183.0])
    lat = np.array([51.5072, -33.8688, 45.0])
    assert coords.out_of_china(lon, lat).all()
    for func in (coords.wgs84_to_gcj02, coords.gcj02_to_wgs84):
        out_lon, out_lat = func(lon, lat)
        np.testing.assert_array_equal(out_lon, lon)
        np.testing.assert_array_equal(out_lat, lat)


def test_to_wgs84_dispatches_on_system() -> None:
    gcj = coords.wgs84_to_gcj02(119.5, 26.5)
    bd = coords.wgs84_to_bd09(119.5, 26.5)
    for system, given_ll in (("wgs84", (119.5, 26.5)), ("gcj02", gcj), ("bd09", bd)):
        lon, lat = coords.to_wgs84(*given_ll, system)
        assert _error_m(119.5, 26.5, lon, lat) <= 0.01
    with pytest.raises(ValueError, match="unknown coordinate system"):
        coords.to_wgs84(1.0, 2.0, "utm")  # type: ignore[arg-type]
