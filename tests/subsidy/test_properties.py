"""Money invariants over hundreds of random claim sets and policies (hypothesis)."""

from __future__ import annotations

from collections import Counter
from datetime import date, timedelta
from decimal import Decimal

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import subsidy
from subsidy import (
    Clawback,
    CutBack,
    FundLine,
    MilestoneClaim,
    ParcelClaim,
    ParityRule,
    Period,
    Policy,
    RewardRule,
    RewardTier,
    ShopFeeClaim,
    ShopFeeRule,
    SpecialClaim,
    SpecialRule,
)
from subsidy.money import round_lines_fen

MARCH = Period.month(2026, 3)
APRIL = Period.month(2026, 4)
CARRIERS = ("ems", "zto", "yto")

money = st.decimals(min_value=0, max_value=8, places=2)
fine_money = st.decimals(min_value=-1, max_value=8, places=4)


@st.composite
def policies(draw: st.DrawFn) -> Policy:
    line = st.sampled_from(["logistics", "service_system"])
    monthly = draw(st.none() | st.decimals(min_value=0, max_value=30, places=2))
    parity = ParityRule(
        per_parcel_cap_yuan=draw(st.decimals(min_value=0, max_value=3, places=2)),
        monthly_cap_per_carrier_yuan=monthly,
        fund_line=draw(line),
    )
    tiers = (RewardTier(Decimal(10), draw(money)), RewardTier(Decimal(50), draw(money)))
    return Policy(
        carriers=frozenset(CARRIERS),
        parity=parity,
        shop_fee=ShopFeeRule(
            per_month_yuan=draw(money), cap_yuan=draw(money), fund_line=draw(line)
        ),
        rewards=(RewardRule("volume", "parcels", tiers, fund_line=draw(line)),),
        specials=(
            SpecialRule(
                "fitout",
                draw(st.decimals(min_value=0, max_value=1, places=2)),
                draw(st.none() | money),
                fund_line=draw(line),
            ),
        ),
        fund_lines=(
            FundLine("logistics", draw(st.decimals(min_value=0, max_value=60, places=2))),
            FundLine("service_system", draw(st.decimals(min_value=0, max_value=60, places=2))),
        ),
        cut_back=draw(st.sampled_from(list(CutBack))),
        priority=tuple(draw(st.permutations(["parity", "shop_fee", "volume", "fitout"]))),
        rounding=draw(st.sampled_from(["ROUND_HALF_UP", "ROUND_HALF_EVEN", "ROUND_DOWN"])),
    )


def days(period: Period) -> st.SearchStrategy[date]:
    span = (period.end - period.start).days
    return st.integers(-2, span + 2).map(lambda d: period.start + timedelta(days=d))


@st.composite
def claim_sets(draw: st.DrawFn, period: Period = MARCH, prefix: str = "") -> list[object]:
    n = draw(st.integers(0, 25))
    ids = st.integers(0, 30).map(lambda i: f"{prefix}c{i}")  # repeats happen on purpose
    accepted = st.none() | days(period)
    claims: list[object] = []
    for _ in range(n):
        kind = draw(st.sampled_from(["parcel", "parcel", "parcel", "shop", "milestone", "special"]))
        cid, day, acc = draw(ids), draw(days(period)), draw(accepted)
        if kind == "parcel":
            claims.append(
                ParcelClaim(
                    cid,
                    draw(st.sampled_from([*CARRIERS, "sf"])),
                    draw(st.sampled_from(["v1", "v2"])),
                    draw(st.sampled_from(["kelp", "tea", "durian"])),
                    draw(fine_money),
                    day,
                    accepted_on=acc,
                    benchmark_yuan=draw(fine_money),
                    parcels=draw(st.integers(1, 5)),
                    village_surcharge_yuan=draw(st.sampled_from([Decimal(0), Decimal("0.3")])),
                    direction=draw(st.sampled_from(["up", "up", "down"])),
                )
            )
        elif kind == "shop":
            household = draw(st.sampled_from(["h1", "h2", "h3"]))
            claims.append(ShopFeeClaim(cid, household, "v1", draw(fine_money), day, acc))
        elif kind == "special":
            payee = draw(st.sampled_from(["s1", "s2"]))
            claims.append(SpecialClaim(cid, "fitout", payee, draw(fine_money), day, acc))
        else:
            payee = draw(st.sampled_from(["s1", "s2"]))
            value = draw(st.integers(0, 80))
            claims.append(MilestoneClaim(cid, "volume", payee, value, day, acc))
    return claims


def check_statement(statement: subsidy.Statement, policy: Policy) -> None:
    """Invariants every statement keeps."""
    totals = {f.name: f.total_yuan for f in policy.fund_lines}
    for name, fen in statement.budget_after.paid_fen.items():
        assert 0 <= fen <= totals[name] * 100, f"fund line {name} overdrawn"
    exact_by_line: dict[str, Decimal] = {}
    for line in statement.lines:
        exact_by_line[line.fund_line] = (
            exact_by_line.get(line.fund_line, Decimal(0)) + line.exact_yuan
        )
        assert abs(line.amount_yuan - line.exact_yuan) < Decimal("0.01")
        assert sum(v for _, v in line.basis[:-2]) == line.exact_yuan
        ledger = line.claims
        cuts = sum(ledger.cuts_hao.values(), 0 * ledger.paid_hao)
        assert (ledger.requested_hao == ledger.paid_hao + cuts).all()
        assert (ledger.paid_hao >= 0).all() or line.reverses
        if line.rule == "parity":
            cap = policy.parity.monthly_cap_per_carrier_yuan  # type: ignore[union-attr]
            assert cap is None or line.amount_yuan <= cap
        if line.rule == "fitout":
            cap = policy.specials[0].cap_per_project_yuan
            assert cap is None or (ledger.paid_hao <= cap.scaleb(4)).all()
        if line.rule == "shop_fee":
            assert line.amount_yuan <= policy.shop_fee.per_month_yuan  # type: ignore[union-attr]
    rounded = sum(
        (e.quantize(Decimal("0.01"), rounding=policy.rounding) for e in exact_by_line.values()),
        Decimal(0),
    )
    assert statement.total_yuan == rounded == sum(line.amount_yuan for line in statement.lines)
    ids = [
        c for line in statement.lines if not line.reverses for c in line.claims.claim_ids.tolist()
    ]
    assert len(ids) == len(set(ids)), "a claim is in two lines"


def accounted(claims: list[object], statement: subsidy.Statement) -> None:
    """Every claim is in a line, listed as unpaid with a reason, or rejected: never lost."""
    in_lines = Counter(c for line in statement.lines for c in line.claims.claim_ids.tolist())
    unpaid = Counter(c for u in statement.unpaid for c in u.claim_ids)
    assert all(u.reason for u in statement.unpaid)
    assert len(claims) == sum(in_lines.values()) + sum(unpaid.values()) + len(statement.rejected)
    for line in statement.lines:
        ledger = line.claims
        for i in range(len(ledger)):
            if ledger.paid_hao[i] < ledger.requested_hao[i]:
                assert any(a[i] > 0 for a in ledger.cuts_hao.values()), "cut without a reason"


PROPERTY = settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@PROPERTY
@given(policies(), claim_sets())
def test_one_statement_keeps_caps_fund_and_fen(policy: Policy, claims: list[object]) -> None:
    statement = subsidy.calculate(claims, policy, None, MARCH)  # type: ignore[arg-type]
    check_statement(statement, policy)
    accounted(claims, statement)
    parcels: dict[str, int] = {}
    for c in claims:
        if isinstance(c, ParcelClaim):
            parcels.setdefault(c.claim_id, int(c.parcels))  # the first of repeated ids counts
    cap_hao = int(policy.parity.per_parcel_cap_yuan.scaleb(4))  # type: ignore[union-attr]
    for line in statement.lines:
        if line.rule == "parity":
            for c, paid in zip(
                line.claims.claim_ids.tolist(), line.claims.paid_hao.tolist(), strict=True
            ):
                assert paid <= cap_hao * parcels[c], f"claim {c} above the per-parcel cap"


@PROPERTY
@given(policies(), claim_sets(), claim_sets(period=APRIL), st.data())
def test_two_periods_never_pay_twice_and_reversals_net_to_zero(
    policy: Policy, march_claims: list[object], april_claims: list[object], data: st.DataObject
) -> None:
    march = subsidy.calculate(march_claims, policy, None, MARCH)  # type: ignore[arg-type]
    paid = [
        (c, p)
        for line in march.lines
        for c, p in zip(line.claims.claim_ids.tolist(), line.claims.paid_hao.tolist(), strict=True)
        if p > 0
    ]
    chosen = data.draw(st.lists(st.sampled_from(paid), unique=True) if paid else st.just([]))
    back = [Clawback(march, c, "audit") for c, _ in chosen]
    # April resubmits March's claims alongside its own: none may pay again
    april = subsidy.calculate(
        [*march_claims, *april_claims],  # type: ignore[list-item]
        policy,
        march.budget_after,
        APRIL,
        clawbacks=back,
    )
    check_statement(april, policy)
    paid_march = {c for c, _ in paid}
    for line in april.lines:
        if not line.reverses:
            again = paid_march & set(line.claims.claim_ids.tolist())
            assert not again, f"claims {again} paid twice"
    reversal = {line.claims.claim_ids[0]: line.exact_yuan for line in april.lines if line.reverses}
    assert set(reversal) == {c for c, _ in chosen}
    for c, p in chosen:
        assert reversal[c] + Decimal(p).scaleb(-4) == 0
    for name, fen in april.budget_after.paid_fen.items():
        net = march.by_fund_line_yuan().get(name, 0) + april.by_fund_line_yuan().get(name, 0)
        assert Decimal(fen).scaleb(-2) == net


@PROPERTY
@given(
    st.lists(st.integers(-(10**9), 10**9), max_size=30),
    st.sampled_from(["ROUND_HALF_UP", "ROUND_HALF_EVEN", "ROUND_CEILING"]),
)
def test_rounded_lines_add_up_and_stay_within_a_fen(exact_hao: list[int], rule: str) -> None:
    fen = round_lines_fen(exact_hao, rule)
    total = (Decimal(sum(exact_hao)) / 100).quantize(Decimal(1), rounding=rule)
    assert sum(fen) == total
    for f, h in zip(fen, exact_hao, strict=True):
        assert f in (h // 100, -(-h // 100))
