"""Peak day: month profile, sorting window, late hubs."""

from __future__ import annotations

import pytest

from network import InputError
from routing.peak import MonthProfile, SortingCentre, sort_day


def test_default_profile_averages_one_and_peaks_in_november_down_april_up() -> None:
    profile = MonthProfile()
    assert sum(profile.down) / 12 == pytest.approx(1.0)
    assert sum(profile.up) / 12 == pytest.approx(1.0)
    assert profile.peak_month(49_359, 10_075) == 11
    assert profile.peak_month(1_000, 10_000) == 4
    down, up = profile.peak_factors(49_359, 10_075)
    assert down == pytest.approx(1.32, abs=0.01)  # facts.md 3a: 580 / 440 M a day
    assert up == pytest.approx(
        1.0 / (sum((1.0, 0.7, 1.1, 1.4, 1.2, 1.0, 0.9, 0.9, 0.9, 0.9, 1.0, 1.0)) / 12) * 1.08
    )


def test_a_sorting_capacity_below_the_day_s_parcels_makes_the_last_hubs_late() -> None:
    centre = SortingCentre(parcels_per_hour=1_000, start_min=120, cutoff_min=420)  # 5 h: 5,000
    day = sort_day(centre, {"far": 2_000, "mid": 2_500, "near": 1_500}, ["far", "mid", "near"])
    assert day.hours == pytest.approx(6.0) and day.window_hours == pytest.approx(5.0)
    assert day.late_hubs == ("near",) and day.late_parcels == 1_500 and not day.in_time
    assert sort_day(centre, {"far": 2_000, "near": 1_500}, ["far", "near"]).in_time


@pytest.mark.parametrize(
    ("kwargs", "field"),
    [
        ({"parcels_per_hour": 0}, "sorting_parcels_per_hour"),
        ({"start_min": 500, "cutoff_min": 420}, "sorting_start_min"),
    ],
)
def test_bad_sorting_input_names_its_field(kwargs: dict[str, float], field: str) -> None:
    with pytest.raises(InputError) as err:
        SortingCentre(**kwargs)
    assert err.value.field == field


def test_a_month_profile_needs_twelve_positive_factors() -> None:
    with pytest.raises(InputError, match="12 monthly"):
        MonthProfile(down=(1.0,) * 11)
    with pytest.raises(InputError, match="> 0"):
        MonthProfile(up=(1.0,) * 11 + (-1.0,))
