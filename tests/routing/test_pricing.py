"""The sender's price: weight bands, the default tariff, and parity through the subsidy library."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import subsidy
from network import InputError
from routing.economics import Flow, UnitCosts, whole_way
from routing.pricing import BandPrice, band_price, check_bands, priced
from subsidy import DEFAULT_FUND_LINES, FundLine, ParcelClaim, ParityRule, Period, Policy

D = Decimal
MARCH = Period.month(2026, 3)


def test_default_prices_follow_the_cited_parts() -> None:
    assert priced(D("1.46"), D("2.40"), D("10")) == D("4.25")  # the comparable areas' price
    assert priced(D("1.78"), D("2.40"), D("10")) == D("4.60")


def test_bands_pick_the_price_of_the_parcel_s_weight() -> None:
    bands = [BandPrice(0, 1, D("3.00")), BandPrice(1, 3, D("4.00")), BandPrice(3, 30, D("6.00"))]
    check_bands(bands, "benchmark_up")
    assert band_price(bands, 3.0, "b") == D("6.00") and band_price(bands, 0.5, "b") == D("3.00")
    assert band_price([], 3.0, "b") is None
    with pytest.raises(InputError, match="no weight band holds"):
        band_price(bands[:2], 3.0, "benchmark_up")


def test_overlapping_or_empty_bands_are_refused_with_their_index() -> None:
    with pytest.raises(InputError, match="overlap") as err:
        check_bands([BandPrice(0, 2, D(3)), BandPrice(1, 3, D(4))], "benchmark_up")
    assert err.value.field == "benchmark_up[1]"
    with pytest.raises(InputError, match="below max_kg"):
        check_bands([BandPrice(2, 2, D(3))], "tariff_up.express")


@settings(max_examples=40, deadline=None)
@given(
    station=st.decimals(min_value=0, max_value=3, places=2),
    line_haul=st.decimals(min_value=0, max_value=2000, places=2),
    parcels_up=st.integers(min_value=1, max_value=3000),
    cap=st.decimals(min_value=0, max_value=2, places=2),
    fund=st.decimals(min_value=0, max_value=20000, places=2),
)
def test_parity_never_exceeds_the_cap_or_the_fund_line(
    station: Decimal, line_haul: Decimal, parcels_up: int, cap: Decimal, fund: Decimal
) -> None:
    flows = [Flow("v1", "t", "zto", D(500), D(parcels_up), line_haul, "t")]
    up = whole_way(flows, default=UnitCosts(station_yuan_per_parcel=station)).total("up")
    tariff = priced(up.total_yuan / up.parcels, D("2.40"), D("10"))
    bench = priced(D("1.46"), D("2.40"), D("10"))
    claims = [
        ParcelClaim(
            f"c{day}",
            "zto",
            "v1",
            "kelp",
            tariff,
            date(2026, 3, day),
            date(2026, 3, day),
            bench,
            parcels=parcels_up,
        )
        for day in range(1, 32)
    ]
    policy = Policy(
        carriers=frozenset({"zto"}),
        parity=ParityRule(per_parcel_cap_yuan=cap),
        fund_lines=tuple(
            FundLine(f.name, fund if f.name == "logistics" else f.total_yuan)
            for f in DEFAULT_FUND_LINES
        ),
    )
    statement = subsidy.calculate(claims, policy, None, MARCH)
    paid = sum((line.amount_yuan for line in statement.lines if line.rule == "parity"), D(0))
    assert paid <= fund
    assert paid <= cap * parcels_up * 31
    plan = subsidy.parity_from_costs(
        [
            {
                "village_id": "v1",
                "carrier": "zto",
                "parcels_up_per_day": parcels_up,
                "cost_per_parcel_up_yuan": tariff,
            }
        ],
        bench,
        rule=policy.parity,
    )
    assert all(n.subsidy_per_parcel_yuan <= cap for n in plan.needs)
    assert plan.needs[0].gap_yuan == max(tariff - bench, D(0))
