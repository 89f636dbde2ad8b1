"""The columnar hot path agrees claim by claim with a naive per-claim Decimal calculation."""

from __future__ import annotations

from decimal import Decimal

import pytest

import subsidy
from benchmarks.subsidy import PERIOD, batch_claims, naive_parity, synthetic_batch
from subsidy import CutBack, FundLine, ParityRule, Policy


def tight_policy(cut_back: str) -> Policy:
    """Per-carrier caps and a fund line that both bind for a few thousand claims."""
    return Policy(
        carriers=frozenset({"ems", "zto", "yto", "sto", "yunda"}),
        parity=ParityRule(
            per_parcel_cap_yuan=Decimal("0.50"), monthly_cap_per_carrier_yuan=Decimal(150)
        ),
        fund_lines=(FundLine("logistics", Decimal(500)),),
        shop_fee=None,
        cut_back=CutBack(cut_back),
    )


@pytest.mark.parametrize("cut_back", ["pro_rata", "first_come"])
def test_columnar_equals_naive_decimal(cut_back: str) -> None:
    batch = synthetic_batch(3000, seed=11)
    policy = tight_policy(cut_back)
    statement = subsidy.calculate(batch, policy, None, PERIOD)
    fast = {
        c: Decimal(p).scaleb(-4)
        for line in statement.lines
        for c, p in zip(line.claims.claim_ids.tolist(), line.claims.paid_hao.tolist(), strict=True)
    }
    naive = naive_parity(batch_claims(batch), policy)
    assert sum(naive.values()) == Decimal(500)  # the fund line ran out: the cut-back mattered
    assert {c: v for c, v in fast.items() if v} == {c: v for c, v in naive.items() if v}
    assert sum(statement.lines[i].exact_yuan for i in range(len(statement.lines))) == 500


def test_claim_records_and_columns_give_the_same_statement() -> None:
    batch = synthetic_batch(500, seed=12)
    policy = tight_policy("pro_rata")
    from_columns = subsidy.calculate(batch, policy, None, PERIOD)
    from_records = subsidy.calculate(batch_claims(batch), policy, None, PERIOD)
    assert [(x.payee, x.amount_yuan, x.basis) for x in from_columns.lines] == [
        (x.payee, x.amount_yuan, x.basis) for x in from_records.lines
    ]
    assert from_columns.flags == from_records.flags
    assert from_columns.unpaid == from_records.unpaid
