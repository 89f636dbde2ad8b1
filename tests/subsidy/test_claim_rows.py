"""Shop-fee and milestone claims read from dict rows (as from a CSV): each bad row is reported
with its row number and field, and the rest of the batch is still paid."""

from __future__ import annotations

from decimal import Decimal

import pytest

import subsidy
from network.errors import InputError
from subsidy import Period, Policy, RewardRule, RewardTier, ShopFeeRule, SpecialRule

MARCH = Period.month(2026, 3)
POLICY = Policy(
    carriers=frozenset({"ems"}),
    shop_fee=ShopFeeRule(per_month_yuan=Decimal(100), cap_yuan=Decimal(1200)),
    rewards=(RewardRule("volume", "parcels", (RewardTier(Decimal(100), Decimal(1000)),)),),
    specials=(SpecialRule("fitout", Decimal("0.5"), Decimal(3000), fund_line="other"),),
)


def shop(claim_id: str, **changes: str) -> dict[str, str]:
    row = {
        "claim_id": claim_id,
        "household": f"hh-{claim_id}",
        "village": "v1",
        "fee_yuan": "80",
        "registered_poor": "是",
        "date": "2026-03-01",
        "accepted_on": "2026-03-10",
    }
    row.update(changes)
    return row


def milestone(claim_id: str, **changes: str) -> dict[str, str]:
    row = {
        "claim_id": claim_id,
        "rule": "volume",
        "payee": f"station-{claim_id}",
        "value": "150",
        "date": "2026-03-31",
        "accepted_on": " 2026-03-31 ",
    }
    row.update(changes)
    return row


def test_shop_fee_rows_bad_records_named_rest_paid() -> None:
    rows = [
        shop("s1"),
        shop("s2", fee_yuan="-5"),
        shop("s3", registered_poor="maybe"),
        shop("s4", household=" "),
        shop("s5", date="2026-02-27"),
        shop("s6", registered_poor=""),  # must be stated: it decides whether money is paid
        shop("s7", registered_poor="no"),
        shop("s8", fee_yuan="150", registered_poor="1", accepted_on=""),
    ]
    claims = subsidy.claims_from_rows(rows, subsidy.ShopFeeClaim)
    st = subsidy.calculate(claims, POLICY, None, MARCH)
    assert [(e.row, e.field) for e in st.rejected] == [
        (3, "fee_yuan"),
        (4, "registered_poor"),
        (5, "household"),
        (6, "date"),
        (7, "registered_poor"),
    ]
    assert "'maybe' is not a yes/no value" in str(st.rejected[1])
    assert [(line.payee, line.rule, line.amount_yuan) for line in st.lines] == [
        ("hh-s1", "shop_fee", Decimal("80.00"))
    ]
    reasons = {u.reason: u.claim_ids for u in st.unpaid}
    assert reasons == {
        "household is not registered poor": ("s7",),
        "not accepted yet: held for a later statement": ("s8",),
    }


def test_milestone_rows_bad_records_named_rest_paid() -> None:
    rows = [
        milestone("m1"),
        milestone("m2", rule="coverage"),
        milestone("m3", value="-1"),
        milestone("m4", value="lots"),
        milestone("m5", payee=""),
        milestone("m6", accepted_on="31/03/2026"),
    ]
    claims = subsidy.claims_from_rows(rows, subsidy.MilestoneClaim, first_row=10)
    st = subsidy.calculate(claims, POLICY, None, MARCH)
    assert [(e.row, e.field) for e in st.rejected] == [
        (11, "rule"),
        (12, "value"),
        (13, "value"),
        (14, "payee"),
        (15, "accepted_on"),
    ]
    assert [(line.payee, line.amount_yuan) for line in st.lines] == [
        ("station-m1", Decimal("1000.00"))
    ]


def test_special_rows_bad_records_named_rest_paid() -> None:
    rows = [
        {"claim_id": "p1", "rule": "fitout", "payee": "coop-1", "cost_yuan": "8000",
         "date": "2026-03-04", "accepted_on": "2026-03-20"},
        {"claim_id": "p2", "rule": "fitout", "payee": "coop-2", "cost_yuan": "-8000",
         "date": "2026-03-04", "accepted_on": "2026-03-20"},
        {"claim_id": "p3", "rule": "volume", "payee": "coop-3", "cost_yuan": "100",
         "date": "2026-03-04", "accepted_on": "2026-03-20"},
        {"claim_id": "p4", "rule": "fitout", "payee": "coop-4", "cost_yuan": "1000",
         "date": "2026-03-04"},
    ]  # fmt: skip
    st = subsidy.calculate(
        subsidy.claims_from_rows(rows, subsidy.SpecialClaim), POLICY, None, MARCH
    )
    assert [(e.row, e.field) for e in st.rejected] == [(3, "cost_yuan"), (4, "rule")]
    assert [(line.payee, line.amount_yuan) for line in st.lines] == [
        ("coop-1", Decimal("3000.00"))  # half of 8000, capped at 3000 per project
    ]
    assert [u.claim_ids for u in st.unpaid] == [("p4",)]


def test_kinds_mix_and_ids_stay_unique_across_kinds() -> None:
    parcels = subsidy.claims_from_rows(
        [
            {"claim_id": "x1", "carrier": "ems", "village": "v1", "product": "kelp",
             "price_yuan": "3.20", "benchmark_yuan": "3.00", "date": "2026-03-03",
             "accepted_on": "2026-03-05"},
            {"claim_id": "", "carrier": "ems", "village": "", "product": "kelp",
             "price_yuan": "3.20", "benchmark_yuan": "3.00", "date": "2026-03-03"},
        ]
    )  # fmt: skip
    claims = [*parcels, *subsidy.claims_from_rows([shop("x1")], subsidy.ShopFeeClaim)]
    st = subsidy.calculate(claims, POLICY, None, MARCH)
    assert [(e.row, e.field) for e in st.rejected] == [(3, "claim_id"), (2, "claim_id")]
    assert "repeats a claim id" in str(st.rejected[1])
    assert [line.rule for line in st.lines] == ["parity"]


@pytest.mark.parametrize(
    ("kind", "row"),
    [
        (subsidy.ShopFeeClaim, {**shop("s1"), "fees_yuan": "80"}),
        (subsidy.MilestoneClaim, {**milestone("m1"), "carrier": "ems"}),
        (subsidy.ParcelClaim, {"claim_id": "p1", "household": "h"}),
        (subsidy.SpecialClaim, {"claim_id": "p1", "value": "1"}),
        (subsidy.ParcelClaim, {"claim_id": "p1", "row": "7"}),
    ],
)
def test_unknown_column_is_an_error_naming_it(kind: type[object], row: dict[str, str]) -> None:
    with pytest.raises(InputError) as err:
        subsidy.claims_from_rows([row], kind)  # type: ignore[call-overload]
    assert err.value.row == 2
    assert err.value.field in row and "unknown column" in str(err.value.message)


def test_the_columns_are_the_claim_fields_and_missing_required_ones_are_rejected() -> None:
    (claim,) = subsidy.claims_from_rows([{"claim_id": "m9"}], subsidy.MilestoneClaim)
    assert claim == subsidy.MilestoneClaim("m9", "", "", "", "", row=2)
    (fee,) = subsidy.claims_from_rows([{"claim_id": "s9"}], subsidy.ShopFeeClaim)
    assert fee.registered_poor == ""  # required although the dataclass has a default
    (parcel,) = subsidy.claims_from_rows([{"claim_id": "p9"}])
    assert (parcel.parcels, parcel.direction, parcel.weight_band) == (1, "up", "")
    with pytest.raises(InputError, match="not a kind of claim"):
        subsidy.claims_from_rows([], dict)  # type: ignore[call-overload]
