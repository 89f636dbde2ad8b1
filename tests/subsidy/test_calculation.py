"""Hand-worked statements, one per rule, checked to the fen (and to the hao where it matters)."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from decimal import Decimal

import pytest

import subsidy
from subsidy import (
    Budget,
    Clawback,
    FundLine,
    MilestoneClaim,
    ParcelClaim,
    ParityRule,
    Period,
    Policy,
    RewardRule,
    RewardTier,
    SecondChargeRule,
    ShopFeeClaim,
    ShopFeeRule,
    SpecialClaim,
    SpecialRule,
)

MARCH = Period.month(2026, 3)
APRIL = Period.month(2026, 4)


def parcel(claim_id: str, carrier: str, price: str, bench: str | None, **kw: object) -> ParcelClaim:
    kw.setdefault("accepted_on", date(2026, 3, 20))
    kw.setdefault("date", date(2026, 3, 10))
    return ParcelClaim(
        claim_id, carrier, kw.pop("village", "v1"), kw.pop("product", "kelp"), price,
        benchmark_yuan=bench, **kw,  # type: ignore[arg-type]
    )  # fmt: skip


def policy(**kw: object) -> Policy:
    kw.setdefault("carriers", {"ems", "zto"})
    return Policy(**kw)  # type: ignore[arg-type]


def amounts(statement: subsidy.Statement) -> dict[tuple[str, str], Decimal]:
    return {(line.payee, line.rule): line.amount_yuan for line in statement.lines}


def test_parity_per_parcel_cap_benchmark_table_and_eligibility() -> None:
    rule = ParityRule(
        per_parcel_cap_yuan=Decimal("0.50"),
        products=frozenset({"kelp", "tea"}),
        benchmark_yuan={"0-1kg": Decimal("2.80")},
    )
    claims = [
        parcel("k1", "ems", "3.00", None, weight_band="0-1kg", parcels=10),  # 0.20 x 10
        parcel("k2", "ems", "4.00", "3.00", product="tea", parcels=2),  # 1.00 capped to 0.50, x 2
        parcel("k3", "ems", "4.00", "3.00", product="rice"),  # product not eligible
        parcel("k4", "ems", "2.50", None, weight_band="0-1kg"),  # below benchmark
        parcel("k5", "ems", "4.00", "3.00", direction="down"),  # downward
    ]
    st = subsidy.calculate(claims, policy(parity=rule), None, MARCH)
    (line,) = st.lines
    assert (line.payee, line.rule, line.fund_line) == ("ems", "parity", "logistics")
    assert line.amount_yuan == Decimal("3.00")
    assert line.cuts_yuan == {"per_parcel_cap": Decimal("1.0000")}
    assert line.basis[0][1] == Decimal("4.0000")
    assert sum(v for _, v in line.basis[:-2]) == line.exact_yuan == line.basis[-2][1]
    reasons = {u.reason: u.claim_ids for u in st.unpaid}
    assert reasons == {
        "downward parcel: no parity subsidy": ("k5",),
        "product class not eligible": ("k3",),
        "price at or below the benchmark": ("k4",),
    }
    assert st.rejected == ()
    assert st.budget_after.paid_fen == {"logistics": 300}


def test_origin_eligibility() -> None:
    rule = ParityRule(origins=frozenset({"v1"}))
    claims = [parcel("a", "ems", "3.20", "3.00"), parcel("b", "ems", "3.20", "3.00", village="v9")]
    st = subsidy.calculate(claims, policy(parity=rule), None, MARCH)
    assert amounts(st) == {("ems", "parity"): Decimal("0.20")}
    assert [(u.reason, u.claim_ids) for u in st.unpaid] == [("origin village not eligible", ("b",))]


@pytest.mark.parametrize(
    ("cut_back", "paid"),
    [
        ("first_come", {"a": "1.0000", "b": "1.5000"}),
        ("pro_rata", {"a": "0.8333", "b": "1.6667"}),  # 2.50 x 1/3 and 2/3, last hao by remainder
    ],
)
def test_carrier_monthly_cap(cut_back: str, paid: dict[str, str]) -> None:
    rule = ParityRule(per_parcel_cap_yuan=Decimal(1), monthly_cap_per_carrier_yuan=Decimal("2.50"))
    claims = [
        parcel("b", "ems", "4.00", "3.00", parcels=2, accepted_on=date(2026, 3, 2)),
        parcel("a", "ems", "4.00", "3.00", accepted_on=date(2026, 3, 1)),
        parcel("z", "zto", "4.00", "3.00", parcels=3),
    ]
    st = subsidy.calculate(claims, policy(parity=rule, cut_back=cut_back), None, MARCH)
    assert amounts(st) == {("ems", "parity"): Decimal("2.50"), ("zto", "parity"): Decimal("2.50")}
    ems = st.lines[0]
    assert {c: str(ems.claims.paid_yuan(c)) for c in ("a", "b")} == paid
    assert ems.cuts_yuan == {"carrier_monthly_cap": Decimal("0.5000")}
    assert st.lines[1].cuts_yuan == {"carrier_monthly_cap": Decimal("0.5000")}


@pytest.mark.parametrize("deduct", [True, False])
def test_second_charge_flagged_and_deducted_by_policy(deduct: bool) -> None:
    claims = [
        parcel("s1", "zto", "3.30", "3.00", parcels=4, village_surcharge_yuan="0.10"),
        parcel("s2", "zto", "3.30", "3.00", direction="down", village_surcharge_yuan="0.50"),
        parcel("s3", "zto", "3.30", "3.00", village="v2"),
    ]
    rules = policy(second_charge=SecondChargeRule(deduct=deduct))
    st = subsidy.calculate(claims, rules, None, MARCH)
    assert amounts(st) == {("zto", "parity"): Decimal("1.10") if deduct else Decimal("1.50")}
    (flag,) = st.flags
    assert (flag.carrier, flag.village, flag.parcels, flag.claim_ids) == (
        "zto",
        "v1",
        5,
        ("s1", "s2"),
    )
    assert flag.surcharge_yuan == Decimal("0.9000")
    assert flag.deducted_yuan == (Decimal("0.4000") if deduct else 0)


def test_reward_tiers_paid_once_each_across_periods() -> None:
    tiers = tuple(
        RewardTier(Decimal(t), Decimal(r)) for t, r in ((100, 1000), (200, 2000), (500, 5000))
    )
    rules = policy(rewards=(RewardRule("volume", "parcels", tiers),))

    def claim(cid: str, value: int, month: int) -> MilestoneClaim:
        day = date(2026, month, 28)
        return MilestoneClaim(cid, "volume", "station-7", value, day, accepted_on=day)

    march = subsidy.calculate([claim("m1", 250, 3)], rules, None, MARCH)
    assert amounts(march) == {("station-7", "volume"): Decimal("3000.00")}
    assert march.lines[0].fund_line == "service_system"
    april = subsidy.calculate([claim("m2", 520, 4)], rules, march.budget_after, APRIL)
    assert amounts(april) == {("station-7", "volume"): Decimal("5000.00")}
    may = subsidy.calculate([claim("m3", 600, 5)], rules, april.budget_after, Period.month(2026, 5))
    assert may.lines == ()
    assert [u.reason for u in may.unpaid] == ["no new tier reached"]


def test_shop_fee_monthly_amount_programme_cap_and_eligibility() -> None:
    rule = ShopFeeRule(
        per_month_yuan=Decimal(100),
        cap_yuan=Decimal(250),
        eligible_from=date(2026, 1, 1),
        eligible_until=date(2026, 12, 31),
    )
    rules = policy(shop_fee=rule)
    budget = None
    paid = []
    for month in (3, 4, 5):
        day = date(2026, month, 5)
        claims = [ShopFeeClaim(f"h1-{month}", "h1", "v1", "150", day, accepted_on=day)]
        st = subsidy.calculate(claims, rules, budget, Period.month(2026, month))
        paid.append(st.lines[0].amount_yuan)
        budget = st.budget_after
    assert paid == [Decimal(100), Decimal(100), Decimal(50)]
    assert st.lines[0].cuts_yuan == {
        "per_month_limit": Decimal("50.0000"),
        "household_cap": Decimal("50.0000"),
    }
    assert st.lines[0].fund_line == "poverty_alleviation"
    others = [
        ShopFeeClaim(
            "x1", "h2", "v1", "80", date(2026, 3, 5), date(2026, 3, 6), registered_poor=False
        ),
        ShopFeeClaim("x2", "h3", "v1", "80", date(2025, 3, 5), date(2026, 3, 6)),
    ]
    old = Period(date(2025, 3, 1), date(2026, 3, 31), "long")
    st = subsidy.calculate(others, rules, None, old)
    assert st.lines == ()
    assert [u.reason for u in st.unpaid] == [
        "household is not registered poor",
        "month outside the eligibility dates 2026-01-01..2026-12-31",
    ]


def test_special_subsidy_share_of_cost_capped_per_project() -> None:
    fitout = SpecialRule("station_fitout", Decimal("0.3"), Decimal(20000), fund_line="other")
    rules = policy(
        specials=(fitout,),
        shop_fee=None,
        fund_lines=(FundLine("logistics", Decimal(0)), FundLine("other", Decimal(40000))),
    )

    def project(cid: str, payee: str, cost: str, accepted: date | None) -> SpecialClaim:
        return SpecialClaim(cid, "station_fitout", payee, cost, date(2026, 3, 2), accepted)

    claims = [
        project("p1", "coop-3", "100000", date(2026, 3, 20)),  # 30000 capped to 20000
        project("p2", "coop-4", "50000.0003", date(2026, 3, 21)),  # 15000.00009 -> hao floor
        project("p3", "coop-5", "5000", None),  # held for acceptance
        project("p4", "coop-6", "60000", date(2026, 3, 22)),  # 18000, the fund has 5000 left
    ]
    march = subsidy.calculate(claims, replace(rules, cut_back="first_come"), None, MARCH)
    assert amounts(march) == {
        ("coop-3", "station_fitout"): Decimal("20000.00"),
        ("coop-4", "station_fitout"): Decimal("15000.00"),
        ("coop-6", "station_fitout"): Decimal("5000.00"),
    }
    assert march.lines[0].cuts_yuan == {"project_cap:station_fitout": Decimal("10000.0000")}
    assert march.lines[0].basis[1][0] == "cut: station_fitout cap per project 20000 yuan"
    assert march.lines[2].cuts_yuan == {"fund_line:other": Decimal("13000.0000")}
    assert [(u.claim_ids, u.pending) for u in march.unpaid] == [(("p3",), True)]
    unknown = SpecialClaim("p9", "road_repair", "coop-7", "10", date(2026, 3, 2), date(2026, 3, 3))
    rejected = subsidy.calculate([unknown], rules, None, MARCH).rejected
    assert [(e.field, "not a special rule" in str(e.message)) for e in rejected] == [("rule", True)]


def short_fund_policy(cut_back: str) -> Policy:
    """A 10-yuan logistics line charged by parity and shop fee together."""
    return policy(
        parity=ParityRule(per_parcel_cap_yuan=Decimal("0.50")),
        shop_fee=ShopFeeRule(fund_line="logistics"),
        fund_lines=(
            FundLine("logistics", Decimal(10)),
            FundLine("poverty_alleviation", Decimal(0)),
        ),
        cut_back=cut_back,
        priority=("shop_fee", "parity"),
    )


SHORT_FUND_CLAIMS = [
    parcel("c1", "ems", "3.50", "3.00", parcels=8, accepted_on=date(2026, 3, 2)),  # 4.00
    parcel("c2", "zto", "3.30", "3.00", parcels=10, accepted_on=date(2026, 3, 3)),  # 3.00
    parcel("c3", "ems", "3.40", "3.00", parcels=15, accepted_on=date(2026, 3, 4)),  # 6.00
    ShopFeeClaim("h1", "hh", "v1", "2.00", date(2026, 3, 1), accepted_on=date(2026, 3, 5)),  # 2.00
]


@pytest.mark.parametrize(
    ("cut_back", "per_claim", "lines"),
    [
        # acceptance order: c1 4, c2 3, c3 gets the last 3 of its 6, h1 nothing
        ("first_come", {"c1": "4", "c2": "3", "c3": "3", "h1": "0"}, ("7.00", "3.00", "0.00")),
        # shop fee first, then parity first-come
        ("priority", {"c1": "4", "c2": "3", "c3": "1", "h1": "2"}, ("5.00", "3.00", "2.00")),
        # 10/15 of each, in hao: 2.6666|7, 2, 4, 1.3333; the one hao left goes to c1 (rem 2/3)
        (
            "pro_rata",
            {"c1": "2.6667", "c2": "2", "c3": "4", "h1": "1.3333"},
            ("6.67", "2.00", "1.33"),  # 6.6667 + 2 + 1.3333: the missing fen to ems (rem .67)
        ),
    ],
)
def test_fund_line_runs_out_mid_period(
    cut_back: str, per_claim: dict[str, str], lines: tuple[str, str, str]
) -> None:
    st = subsidy.calculate(SHORT_FUND_CLAIMS, short_fund_policy(cut_back), None, MARCH)
    got = {c: line.claims.paid_yuan(c) for line in st.lines for c in line.claims.claim_ids.tolist()}
    assert got == {c: Decimal(v) for c, v in per_claim.items()}
    ems, zto, hh = (
        amounts(st)[k] for k in (("ems", "parity"), ("zto", "parity"), ("hh", "shop_fee"))
    )
    assert (ems, zto, hh) == tuple(Decimal(v) for v in lines)
    assert st.total_yuan == Decimal("10.00")
    assert st.budget_after.remaining_yuan(short_fund_policy(cut_back), "logistics") == 0
    cut = sum(line.cuts_yuan.get("fund_line:logistics", Decimal(0)) for line in st.lines)
    assert cut == Decimal(5)  # 15 asked, 10 paid
    # next month the line is empty: everything is cut, nothing paid
    more = [
        parcel("c9", "ems", "3.50", "3.00", date=date(2026, 4, 2), accepted_on=date(2026, 4, 3))
    ]
    april = subsidy.calculate(more, short_fund_policy(cut_back), st.budget_after, APRIL)
    assert april.total_yuan == 0
    assert april.lines[0].cuts_yuan == {"fund_line:logistics": Decimal("0.5000")}


def test_clawback_reverses_in_next_statement_with_reference() -> None:
    rule = ParityRule(per_parcel_cap_yuan=Decimal(1), monthly_cap_per_carrier_yuan=Decimal(1))
    claims = [parcel("a", "ems", "3.20", "3.00"), parcel("b", "ems", "4.50", "3.00", parcels=3)]
    rules = policy(parity=rule)
    march = subsidy.calculate(claims, rules, None, MARCH)
    assert march.lines[0].claims.paid_yuan("b") == Decimal("0.9375")  # 3 of 3.2 asked, pro rata
    back = [Clawback(march, "b", "parcels never sent")]
    april = subsidy.calculate([], rules, march.budget_after, APRIL, clawbacks=back)
    (line,) = april.lines
    assert (line.rule, line.reverses, line.payee) == ("reversal:parity", "2026-03/L1", "ems")
    assert line.exact_yuan == Decimal("-0.9375")
    assert line.amount_yuan == Decimal("-0.94")
    assert "2026-03/L1" in line.basis[0][0] and "parcels never sent" in line.basis[0][0]
    assert april.budget_after.paid_fen["logistics"] == 100 - 94
    assert march.lines[0].amount_yuan == Decimal("1.00")  # the original statement is unchanged
    again = subsidy.calculate([], rules, april.budget_after, Period.month(2026, 5), clawbacks=back)
    assert again.lines == ()
    assert [(e.field, "already reversed" in str(e)) for e in again.rejected] == [("claim_id", True)]
    never = subsidy.calculate(
        [], rules, march.budget_after, APRIL, clawbacks=[Clawback(march, "zz", "x")]
    )
    assert "was not paid" in str(never.rejected[0])


def test_clawback_needs_an_earlier_statement_of_the_same_budget() -> None:
    rules = policy()
    march = subsidy.calculate([parcel("a", "ems", "3.20", "3.00")], rules, None, MARCH)
    back = [Clawback(march, "a", "audit")]
    same_month = subsidy.calculate([], rules, march.budget_after, MARCH, clawbacks=back)
    foreign = subsidy.calculate([], rules, Budget(), APRIL, clawbacks=back)
    assert same_month.lines == foreign.lines == ()
    assert "statement 2026-03 is not from before 2026-03" in str(same_month.rejected[0])
    assert "unknown to this budget" in str(foreign.rejected[0])


def test_pending_claim_is_held_then_paid_once_accepted() -> None:
    held = parcel("p", "ems", "3.20", "3.00", accepted_on=None)
    march = subsidy.calculate([held], policy(), None, MARCH)
    assert march.lines == () and march.unpaid[0].pending
    assert march.budget_after.pending == {"p"}
    accepted = parcel("p", "ems", "3.20", "3.00", accepted_on=date(2026, 4, 2))
    april = subsidy.calculate([accepted], policy(), march.budget_after, APRIL)
    assert amounts(april) == {("ems", "parity"): Decimal("0.20")}
    assert april.budget_after.pending == frozenset() and "p" in april.budget_after.settled
    twice = subsidy.calculate([accepted], policy(), april.budget_after, APRIL)
    assert twice.lines == () and twice.rejected[0].field == "claim_id"


def test_bad_claims_reported_per_record_rest_computed() -> None:
    rows = [
        {"claim_id": "ok1", "carrier": "ems", "village": "v1", "product": "kelp",
         "price_yuan": "3.20", "benchmark_yuan": "3.00", "date": "2026-03-03",
         "accepted_on": "2026-03-05"},
        {"claim_id": "neg", "carrier": "ems", "village": "v1", "product": "kelp",
         "price_yuan": "-1", "benchmark_yuan": "3.00", "date": "2026-03-03"},
        {"claim_id": "car", "carrier": "sf", "village": "v1", "product": "kelp",
         "price_yuan": "3.20", "benchmark_yuan": "3.00", "date": "2026-03-03"},
        {"claim_id": "pro", "carrier": "ems", "village": "v1", "product": "durian",
         "price_yuan": "3.20", "benchmark_yuan": "3.00", "date": "2026-03-03"},
        {"claim_id": "day", "carrier": "ems", "village": "v1", "product": "kelp",
         "price_yuan": "3.20", "benchmark_yuan": "3.00", "date": "2026-02-28"},
        {"claim_id": "ok1", "carrier": "ems", "village": "v1", "product": "kelp",
         "price_yuan": "3.20", "benchmark_yuan": "3.00", "date": "2026-03-03"},
        {"claim_id": "txt", "carrier": "ems", "village": "v1", "product": "kelp",
         "price_yuan": "three", "benchmark_yuan": "3.00", "date": "2026-03-03"},
        {"claim_id": "ok2", "carrier": "zto", "village": "v1", "product": "tea",
         "price_yuan": "3.50", "benchmark_yuan": "3.00", "date": "2026-03-31",
         "accepted_on": "2026-03-31"},
    ]  # fmt: skip
    st = subsidy.calculate(subsidy.claims_from_rows(rows), policy(), None, MARCH)
    got = [(e.row, e.field) for e in st.rejected]
    assert sorted(got) == [
        (3, "price_yuan"),
        (4, "carrier"),
        (5, "product"),
        (6, "date"),
        (7, "claim_id"),
        (8, "price_yuan"),
    ]
    assert "'sf' is not a carrier" in str(next(e for e in st.rejected if e.field == "carrier"))
    assert amounts(st) == {("ems", "parity"): Decimal("0.20"), ("zto", "parity"): Decimal("0.50")}


def test_settled_claim_id_cannot_pay_in_a_later_period() -> None:
    march = subsidy.calculate([parcel("a", "ems", "3.20", "3.00")], policy(), None, MARCH)
    again = parcel("a", "ems", "3.20", "3.00", date=date(2026, 4, 1), accepted_on=date(2026, 4, 2))
    april = subsidy.calculate([again], policy(), march.budget_after, APRIL)
    assert april.lines == ()
    assert "already settled" in str(april.rejected[0])


def test_rounding_rule_is_named_and_lines_add_up() -> None:
    # three carriers at 0.00005 yuan each: 0.5 hao... use 1/3 shares of 0.10 via pro rata
    rule = ParityRule(per_parcel_cap_yuan=Decimal(1))
    rules = policy(
        carriers={"a", "b", "c"},
        parity=rule,
        fund_lines=(FundLine("logistics", Decimal("0.10")),),
        shop_fee=None,
    )
    claims = [parcel(c, c, "4.00", "3.00") for c in "abc"]
    st = subsidy.calculate(claims, rules, None, MARCH)
    assert [line.exact_yuan for line in st.lines] == [
        Decimal("0.0334"),
        Decimal("0.0333"),
        Decimal("0.0333"),
    ]
    assert [line.amount_yuan for line in st.lines] == [
        Decimal("0.04"),
        Decimal("0.03"),
        Decimal("0.03"),
    ]
    assert st.total_yuan == Decimal("0.10")
    assert "ROUND_HALF_UP" in st.lines[0].basis[-1][0]


def test_budget_reports_remaining() -> None:
    budget = Budget(paid_fen={"training": 150_000_000 - 1})
    assert budget.remaining_yuan(Policy(carriers={"ems"}), "training") == Decimal("0.01")
