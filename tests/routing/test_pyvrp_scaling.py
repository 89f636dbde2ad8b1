"""PyVRP's integer scaling: exact where the data allow it, warned where it rounds."""

from __future__ import annotations

import math
import warnings

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from routing.pyvrp_engine import (
    PyvrpInputs,
    PyvrpPrecisionWarning,
    VehicleInputs,
    choose_scale,
    integer_scale,
    to_int,
)


def test_integers_keep_scale_one() -> None:
    assert integer_scale([0, 12, 554, 1000], limit=1e9, name="distance") == 1.0


def test_tenths_scale_by_ten() -> None:
    assert integer_scale([18.6, 20.6, 0.1], limit=1e9, name="distance") == 10.0


def test_irrational_values_scale_until_precise_without_warning() -> None:
    values = np.sqrt(np.arange(2.0, 200.0)) * 37.0
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        scale = integer_scale(values, limit=1e9, name="distance")
    typical = float(np.median(values))
    assert 0.5 / (typical * scale) <= 1e-5


def test_limit_that_forces_rounding_warns() -> None:
    with pytest.warns(PyvrpPrecisionWarning, match="distance"):
        scale = integer_scale([0.0012345, 1000.0], limit=2000.0, name="distance")
    assert scale == 1.0


def test_infinite_means_no_limit() -> None:
    assert to_int(math.inf, 10.0) > 10**12
    assert to_int(1.25, 10.0) == 12  # round half to even, as Python does


@given(
    st.lists(st.integers(min_value=0, max_value=10**6), min_size=1, max_size=30),
    st.sampled_from([1, 10, 100, 1000]),
)
def test_scaled_values_are_integral(numerators: list[int], denominator: int) -> None:
    values = [n / denominator for n in numerators]
    scale = integer_scale(values, limit=1e12, name="load", each=True)
    scaled = np.asarray(values) * scale
    assert np.allclose(scaled, np.rint(scaled), atol=1e-6)


def test_an_e_tricycles_per_km_rate_is_not_rounded_away() -> None:
    """The demo fleet on centimetre distances: 0.05 yuan/km (5e-7 yuan per cm) used to round
    to 0 (tricycle kilometres free to PyVRP, a warning per sub-problem); now exact, quietly."""
    rng = np.random.default_rng(3)
    distance = rng.uniform(500.0, 9000.0, (4, 4)).round(2)
    np.fill_diagonal(distance, 0.0)
    vehicles = tuple(
        VehicleInputs(
            count=2, capacity=(150.0,), start=0, end=0, fixed_cost=fixed, cost_per_distance=rate
        )
        for fixed, rate in ((215.0, 0.05 / 1000), (290.0, 0.8 / 1000), (330.0, 1.5 / 1000))
    )
    inputs = PyvrpInputs(
        distance=distance,
        durations=(distance / 10.0,),
        depots=(0,),
        clients=(1, 2, 3),
        delivery=np.ones((3, 1)),
        pickup=np.zeros((3, 1)),
        service=np.zeros(4),
        tw_early=np.zeros(4),
        tw_late=np.full(4, 36000.0),
        prize=np.full(3, np.nan),
        vehicles=vehicles,
    )
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        scale = choose_scale(inputs)
    for vehicle in vehicles:
        units = vehicle.cost_per_distance / scale.distance * scale.cost
        assert units >= 1 and units == pytest.approx(round(units), rel=1e-9)
