"""Policies from TOML text and mappings; errors name the key path."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from network.errors import InputError
from subsidy import CutBack, Policy, SpecialRule, policy_from_mapping, policy_from_toml

FULL = """
carriers = ["ems", "zto"]
cut_back = "priority"
priority = ["shop_fee", "parity", "volume"]
rounding = "ROUND_HALF_EVEN"

[parity]
per_parcel_cap_yuan = "0.40"
monthly_cap_per_carrier_yuan = 20000
products = ["kelp", "tea"]
benchmark_yuan = { "0-1kg" = "1.20", "1-3kg" = 2.5 }

[second_charge]
deduct = false

[[rewards]]
name = "volume"
metric = "parcels"
tiers = [
  { threshold = 200000, reward_yuan = 20000 },
  { threshold = 20000000, reward_yuan = 300000 },
]

[shop_fee]
per_month_yuan = 50
cap_yuan = 600
eligible_from = 2026-01-01
eligible_until = "2027-12-31"

[[specials]]
name = "station_fitout"
share = "0.3"
cap_per_project_yuan = 20000
fund_line = "service_system"

[fund_lines]
logistics = 5000000
training = { total_yuan = 1500000, title = "e-commerce training" }
poverty_alleviation = 1000000
service_system = 1500000
"""


def test_full_policy_from_toml() -> None:
    policy = policy_from_toml(FULL)
    assert policy.carriers == {"ems", "zto"}
    assert policy.cut_back is CutBack.PRIORITY
    assert policy.parity is not None
    assert policy.parity.per_parcel_cap_yuan == Decimal("0.40")
    assert policy.parity.benchmark_yuan == {"0-1kg": Decimal("1.20"), "1-3kg": Decimal("2.5")}
    assert not policy.second_charge.deduct
    assert policy.rewards[0].tiers[1].reward_yuan == Decimal(300000)
    assert policy.shop_fee is not None and policy.shop_fee.eligible_until == date(2027, 12, 31)
    assert [f.name for f in policy.fund_lines][:2] == ["logistics", "training"]
    assert policy.fund_lines[1].title == "e-commerce training"
    assert policy.specials == (
        SpecialRule("station_fitout", Decimal("0.3"), Decimal(20000), "service_system"),
    )


def test_defaults_are_the_county_fund() -> None:
    policy = policy_from_mapping({"carriers": ["ems"]})
    assert sum(f.total_yuan for f in policy.fund_lines) == Decimal(10_000_000)
    assert {f.name: f.total_yuan for f in policy.fund_lines} == {
        "service_system": 1_500_000,
        "logistics": 5_000_000,
        "training": 1_500_000,
        "poverty_alleviation": 1_000_000,
        "other": 1_000_000,
    }
    assert policy == Policy(carriers=frozenset({"ems"}))
    assert policy_from_mapping({"carriers": [], "parity": False}).parity is None


@pytest.mark.parametrize(
    ("data", "field", "words"),
    [
        ({}, "carriers", "required"),
        (
            {"carriers": ["e"], "parity": {"per_parcel_cap_yuan": "-1"}},
            "parity.per_parcel_cap_yuan",
            "negative",
        ),
        (
            {"carriers": ["e"], "parity": {"per_parcel_cap_yuan": "0.001"}},
            "parity.per_parcel_cap_yuan",
            "finer than fen",
        ),
        ({"carriers": ["e"], "parity": {"cap": 1}}, "parity.cap", "unknown key"),
        ({"carriers": ["e"], "parity": {"fund_line": "roads"}}, "parity.fund_line", "not among"),
        (
            {
                "carriers": ["e"],
                "rewards": [
                    {
                        "name": "v",
                        "metric": "parcels",
                        "tiers": [{"threshold": 1, "reward_yuan": "x"}],
                    }
                ],
            },
            "rewards[0].tiers[0].reward_yuan",
            "not a number",
        ),
        (
            {"carriers": ["e"], "rewards": [{"name": "v", "metric": "km", "tiers": []}]},
            "rewards[0].metric",
            "parcels or coverage",
        ),
        (
            {"carriers": ["e"], "shop_fee": {"eligible_from": "soon"}},
            "shop_fee.eligible_from",
            "not a date",
        ),
        ({"carriers": ["e"], "cut_back": "lottery"}, "cut_back", "pro_rata"),
        ({"carriers": ["e"], "priority": ["nothing"]}, "priority", "not a rule"),
        ({"carriers": ["e"], "fund_lines": {"x": "lots"}}, "fund_lines.x", "not a number"),
        (
            {"carriers": ["e"], "specials": [{"name": "fitout", "share": "1.5"}]},
            "specials[0].share",
            "between 0 and 1",
        ),
        (
            {"carriers": ["e"], "specials": [{"name": "s", "fund_line": "roads"}]},
            "specials.s.fund_line",
            "not among",
        ),
        (
            {
                "carriers": ["e"],
                "rewards": [
                    {
                        "name": "v",
                        "metric": "parcels",
                        "tiers": [{"threshold": 1, "reward_yuan": 1}],
                    }
                ],
                "specials": [{"name": "v"}],
            },
            "rewards",
            "names repeat",
        ),
        (
            {"carriers": ["e"], "second_charge": {"deduct": "yes"}},
            "second_charge.deduct",
            "true or false",
        ),
    ],
)
def test_errors_name_the_key_path(data: dict[str, object], field: str, words: str) -> None:
    with pytest.raises(InputError, match=words) as caught:
        policy_from_mapping(data)
    assert caught.value.field == field


def test_bad_toml_is_an_input_error() -> None:
    with pytest.raises(InputError, match="not valid TOML"):
        policy_from_toml("carriers = [")
