"""Catalogue, calendars and GB 50072 tonnage."""

from __future__ import annotations

import numpy as np
import pytest

from coldchain import (
    SeasonWindow,
    SupplyCalendar,
    cold_store_tonnage_t,
    load_catalogue,
)
from network import InputError

AGREED_IDS = {
    "kelp",
    "laver",
    "sea_cucumber",
    "croaker",
    "abalone",
    "tea",
    "loquat",
    "bamboo_shoot",
    "leafy_veg",
    "rice",
}


def test_catalogue_has_the_agreed_ids_and_every_model_cites_facts() -> None:
    catalogue = load_catalogue()
    assert set(catalogue) == AGREED_IDS
    for product in catalogue.values():
        assert "[S" in product.quality.source or "EST" in product.quality.source, product.id
        assert product.season.season_days() > 0


def test_calendar_profile_averages_one_over_the_season_and_wraps_the_new_year() -> None:
    winter = SupplyCalendar((SeasonWindow(330, 350, 395),))  # 26 Nov .. 30 Jan
    profile = winter.daily_profile()
    assert profile[profile > 0].mean() == pytest.approx(1.0)
    assert profile[20] > 0 and profile[100] == 0 and profile[349] == profile.max()
    assert winter.season_days() == 395 - 330 + 1


def test_two_peaks_of_the_year_are_in_the_catalogue() -> None:
    """facts.md 1e: March-June and November-January peaks."""
    catalogue = load_catalogue()
    peak_day = {pid: int(np.argmax(p.season.daily_profile())) + 1 for pid, p in catalogue.items()}
    assert all(
        60 <= peak_day[p] <= 181 for p in ("kelp", "sea_cucumber", "abalone", "tea", "loquat")
    )
    assert all(
        peak_day[p] >= 293 or peak_day[p] <= 31 for p in ("laver", "croaker")
    )  # late Oct-Jan


def test_overrides_merge_and_new_products_need_every_field() -> None:
    catalogue = load_catalogue({"croaker": {"quality": {"shelf_life_days": 15.0}}})
    assert catalogue["croaker"].quality.shelf_life_days == 15.0
    assert catalogue["croaker"].quality.t_min_c == pytest.approx(-18.3)
    with pytest.raises(InputError, match="missing"):
        load_catalogue({"grape": {"value_yuan_per_kg": 9.0}})


def test_gb50072_tonnage_matches_the_worked_example() -> None:
    # facts.md 2: 50 t of frozen fish in 76 m2 at 3.5 m clear height (266 m3, eta 0.40)
    assert cold_store_tonnage_t(76 * 3.5, 470.0) == pytest.approx(50.0, rel=0.01)
    assert cold_store_tonnage_t(1_500.0, 230.0) == pytest.approx(1_500 * 0.5 * 230 / 1000)
    assert cold_store_tonnage_t(1_500.0, 230.0, vegetable=True) == pytest.approx(1_500 * 0.4 * 0.23)
