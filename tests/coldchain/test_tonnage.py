"""Tonnage: the demo county's supply comes out as its data state, per year and per season day.

The demo builder (tools/build_demo_county.py) spreads each product's yearly harvest over its own
season length; the catalogue's calendars have other lengths (bamboo shoots 61 vs 162 days). The
scenario states the builder's lengths (``[coldchain] supply_season_days``), and the cold chain
fits its calendars to them, so the simulated harvest equals the stated totals.
"""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from coldchain import load_catalogue
from coldchain.chain import Lane
from coldchain.inflow import Variation, harvest_inflows
from coldchain.products import with_season_days
from network import InputError, Network
from scenarios.demo import demo_scenario
from scenarios.runner import load_inputs
from scenarios.schema import load_scenario

# scenarios/data/xiapu/SOURCES.md, "Fresh-product supply": county harvest t/yr, season days
STATED = {
    "kelp": (1_600_000, 92),
    "laver": (100_000, 100),
    "sea_cucumber": (102_000, 91),
    "croaker": (17_700, 365),
    "abalone": (5_900, 122),
    "tea": (5_000, 45),
    "bamboo_shoot": (5_000, 61),
    "rice": (30_000, 60),
}


@pytest.fixture(scope="module")
def demo() -> tuple[Network, dict[str, int]]:
    scenario = load_scenario(demo_scenario())
    network, _ = load_inputs(scenario)
    return network, dict(scenario.sections["coldchain"].supply_season_days)


def _simulated_t(network: Network, season_days: dict[str, int]) -> dict[str, np.ndarray]:
    """Daily harvest per product, t, as the season simulation draws it (no variation)."""
    catalogue = with_season_days(load_catalogue(), season_days)
    lanes = [
        Lane(pid, node.id, (node.id,), float(kg), None, "", "", 0.0)
        for node in network
        for pid, kg in node.supply_kg_per_day.items()
    ]
    flows = harvest_inflows(
        lanes, catalogue, seeds=[0], variation=Variation(daily_cv=0.0, year_cv=0.0, shift_days=0)
    )[0]
    out: dict[str, np.ndarray] = {}
    for i, lane in enumerate(lanes):
        out[lane.product_id] = out.get(lane.product_id, np.zeros(365)) + flows[:, i] / 1000.0
    return out


def test_demo_supply_equals_the_stated_totals_per_year_and_per_season_day(
    demo: tuple[Network, dict[str, int]],
) -> None:
    network, season_days = demo
    assert set(season_days) == set(STATED)
    daily = _simulated_t(network, season_days)
    for product, (total_t, days) in STATED.items():
        assert season_days[product] == days
        assert daily[product].sum() == pytest.approx(total_t, rel=0.01), product
        in_season = daily[product][daily[product] > 0]
        assert in_season.size == days, product
        assert in_season.mean() == pytest.approx(total_t / days, rel=0.01), product


def test_without_the_stated_season_lengths_the_old_bug_shows(
    demo: tuple[Network, dict[str, int]],
) -> None:
    network, _ = demo
    daily = _simulated_t(network, {})
    assert daily["bamboo_shoot"].sum() > 2 * STATED["bamboo_shoot"][0]  # 162 vs 61 days


@settings(max_examples=60, deadline=None)
@given(product=st.sampled_from(sorted(load_catalogue())), days=st.integers(1, 365))
def test_a_fitted_calendar_keeps_kg_per_day_times_the_stated_days(product: str, days: int) -> None:
    calendar = load_catalogue()[product].season.fitted(days)
    profile = calendar.daily_profile()
    assert profile.sum() == pytest.approx(days)
    own_days = np.count_nonzero(load_catalogue()[product].season.daily_profile())
    if days <= own_days:  # the stated season: its busiest days, mean 1 per season day
        assert calendar.season_days() == days
        assert profile[profile > 0].mean() == pytest.approx(1.0)


def test_bad_season_days_name_the_field() -> None:
    with pytest.raises(InputError, match=r"supply_season_days\.kelp"):
        with_season_days(load_catalogue(), {"kelp": 0})
    with pytest.raises(InputError, match="unknown product"):
        with_season_days(load_catalogue(), {"durian": 30})
