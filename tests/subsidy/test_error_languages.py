"""The finance side reads bad claims in either language: ``err.render(texts_for("zh"))`` is one
Chinese line naming row and field, ``str(err)`` the English line exactly as before."""

from __future__ import annotations

from decimal import Decimal

import pytest

import subsidy
from network.errors import InputError
from subsidy import ParityRule, Period, Policy, ShopFeeRule
from tests.error_lines import CJK, one_chinese_line

MARCH = Period.month(2026, 3)
POLICY = Policy(
    carriers=frozenset({"ems"}),
    parity=ParityRule(per_parcel_cap_yuan=Decimal("0.50")),
    shop_fee=ShopFeeRule(per_month_yuan=Decimal(100), cap_yuan=Decimal(1200)),
)


def parcel(claim_id: str, **changes: str) -> dict[str, str]:
    row = {
        "claim_id": claim_id, "carrier": "ems", "village": "v1", "product": "kelp",
        "price_yuan": "3.00", "benchmark_yuan": "2.50", "date": "2026-03-10",
        "accepted_on": "2026-03-20",
    }  # fmt: skip
    row.update(changes)
    return row


def shop(claim_id: str, **changes: str) -> dict[str, str]:
    row = {
        "claim_id": claim_id, "household": f"hh-{claim_id}", "village": "v1", "fee_yuan": "80",
        "registered_poor": "是", "date": "2026-03-01", "accepted_on": "2026-03-10",
    }  # fmt: skip
    row.update(changes)
    return row


def test_bad_claim_rows_in_both_languages() -> None:
    parcels = [
        parcel("k1"),
        parcel("k2", price_yuan="-3"),
        parcel("k3", carrier="sf"),
        parcel("k4", parcels="many"),
        parcel("k5", price_yuan="1.23456"),
    ]
    shops = [shop("s1", registered_poor="maybe"), shop("s2", date="2026-02-27")]
    claims = [
        *subsidy.claims_from_rows(parcels),
        *subsidy.claims_from_rows(shops, subsidy.ShopFeeClaim, first_row=20),
    ]
    rejected = subsidy.calculate(claims, POLICY, None, MARCH).rejected
    expected = {
        "row 5, field parcels: claim 'k4': 'many' is not a whole number":
            "第 5 行，字段 parcels：申报 'k4'：'many' 不是整数",
        "row 6, field price_yuan: claim 'k5': 1.23456 yuan is finer than 4 decimals":
            "第 6 行，字段 price_yuan：申报 'k5'：1.23456 元超出精度（4 位小数）",
        "row 3, field price_yuan: claim 'k2': -3.0000 yuan must not be negative":
            "第 3 行，字段 price_yuan：申报 'k2'：-3.0000 元 不得为负数",
        "row 4, field carrier: claim 'k3': 'sf' is not a carrier of this policy":
            "第 4 行，字段 carrier：申报 'k3'：'sf' 不是本政策适用的快递企业",
        "row 20, field registered_poor: claim 's1': 'maybe' is not a yes/no value; use 1/0, "
        "true/false, yes/no or 是/否":
            "第 20 行，字段 registered_poor：申报 's1'：'maybe' 不是是/否值；请使用 1/0、"
            "true/false、yes/no 或 是/否",
        "row 21, field date: claim 's2': 2026-02-27 is outside the period "
        "2026-03-01..2026-03-31":
            "第 21 行，字段 date：申报 's2'：2026-02-27 不在期间 2026-03-01..2026-03-31 之内",
    }  # fmt: skip
    assert sorted(str(e) for e in rejected) == sorted(expected)
    for err in rejected:
        assert one_chinese_line(err) == expected[str(err)]


def test_claims_read_with_their_file_name_it_in_every_error() -> None:
    """Parcel and shop-fee claims from two files: each error names its own file and row."""
    parcels = subsidy.claims_from_rows(
        [parcel("k1"), parcel("k2", price_yuan="x"), parcel("k3", carrier="sf")],
        file="parcels-2026-03.csv",
    )
    shops = subsidy.claims_from_rows(
        [shop("s1", fee_yuan="-5")], subsidy.ShopFeeClaim, file="shop-fees-2026-03.csv"
    )
    rejected = subsidy.calculate([*parcels, *shops], POLICY, None, MARCH).rejected
    expected = {
        "parcels-2026-03.csv row 3, field price_yuan: claim 'k2': 'x' is not a number":
            "parcels-2026-03.csv 第 3 行，字段 price_yuan：申报 'k2'：'x' 不是数字",
        "parcels-2026-03.csv row 4, field carrier: claim 'k3': 'sf' is not a carrier of this "
        "policy":
            "parcels-2026-03.csv 第 4 行，字段 carrier：申报 'k3'：'sf' 不是本政策适用的快递企业",
        "shop-fees-2026-03.csv row 2, field fee_yuan: claim 's1': must not be negative":
            "shop-fees-2026-03.csv 第 2 行，字段 fee_yuan：申报 's1'：不得为负数",
    }  # fmt: skip
    assert sorted(str(e) for e in rejected) == sorted(expected)
    for err in rejected:
        assert one_chinese_line(err) == expected[str(err)]
    saved = subsidy.Statement.from_dict(
        subsidy.calculate(parcels, POLICY, None, MARCH).to_dict()
    ).rejected
    assert {e.file for e in saved} == {"parcels-2026-03.csv"}


def test_an_error_wrapped_with_a_file_keeps_the_language() -> None:
    rows = [parcel("k1", price_yuan="x")]
    (err,) = subsidy.calculate(subsidy.claims_from_rows(rows), POLICY, None, MARCH).rejected
    assert err.file is None
    named = InputError(err.message, file="claims.csv", row=err.row, field=err.field)
    assert str(named) == "claims.csv row 2, field price_yuan: claim 'k1': 'x' is not a number"
    assert one_chinese_line(named) == "claims.csv 第 2 行，字段 price_yuan：申报 'k1'：'x' 不是数字"


def test_an_unknown_column_in_both_languages() -> None:
    with pytest.raises(InputError) as caught:
        subsidy.claims_from_rows([shop("s1", colour="x")], subsidy.ShopFeeClaim, file="fees.csv")
    assert str(caught.value) == "fees.csv row 2, field colour: unknown column(s) ['colour']"
    assert one_chinese_line(caught.value) == "fees.csv 第 2 行，字段 colour：未知列 ['colour']"


@pytest.mark.parametrize(
    ("toml", "en", "zh"),
    [
        (
            'carriers = "ems"\n',
            "field carriers: 'ems' is not a list",
            "字段 carriers：'ems' 不是列表",
        ),
        (
            'carriers = ["ems"]\n[shop_fee]\nper_month_yuan = -1\ncap_yuan = 5\n',
            "field shop_fee.per_month_yuan: -1 must not be negative",
            "字段 shop_fee.per_month_yuan：-1 不得为负数",
        ),
    ],
)
def test_a_bad_policy_value_in_both_languages(toml: str, en: str, zh: str) -> None:
    with pytest.raises(InputError) as caught:
        subsidy.policy_from_toml(toml)
    assert str(caught.value) == en
    assert one_chinese_line(caught.value) == zh


def test_a_bad_clawback_and_a_bad_saved_statement_in_both_languages() -> None:
    march = subsidy.calculate(subsidy.claims_from_rows([parcel("k1")]), POLICY, None, MARCH)
    april = subsidy.calculate(
        [], POLICY, march.budget_after, Period.month(2026, 4),
        clawbacks=[subsidy.Clawback(march, "k9", "never sent")],
    )  # fmt: skip
    (err,) = april.rejected
    assert (
        str(err)
        == "row 1, field claim_id: clawback of claim 'k9': was not paid in statement 2026-03"
    )
    assert (
        one_chinese_line(err) == "第 1 行，字段 claim_id：追回申报 'k9'：未在结算单 2026-03 中支付"
    )
    data = march.to_dict()
    data["total_yuan"] = "999.00"
    with pytest.raises(InputError) as caught:
        subsidy.Statement.from_dict(data)
    assert str(caught.value) == "field total_yuan: 999.00 is not the sum of the lines (0.50)"
    assert one_chinese_line(caught.value) == "字段 total_yuan：999.00 不等于各明细行之和（0.50）"


def test_saved_statements_keep_rejected_claims_in_english() -> None:
    """A saved statement is a machine file: its rejected messages stay English (str(err))."""
    rows = [parcel("k1", carrier="sf")]
    march = subsidy.calculate(subsidy.claims_from_rows(rows), POLICY, None, MARCH)
    (saved,) = march.to_dict()["rejected"]
    assert saved["message"] == "claim 'k1': 'sf' is not a carrier of this policy"
    assert not CJK.search(saved["message"])
