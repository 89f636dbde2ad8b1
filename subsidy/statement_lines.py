"""Turning a rule's paid claims into statement lines with an audit trail a person can re-add."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

import numpy as np
import numpy.typing as npt

from subsidy._stage import Stage, groups
from subsidy.money import hao_to_yuan
from subsidy.parity import CARRIER_CAP, PER_PARCEL_CAP, SECOND_CHARGE
from subsidy.policy import Policy
from subsidy.statement import ClaimLedger, StatementLine
from subsidy.support import HOUSEHOLD_CAP, PER_MONTH_LIMIT, PROJECT_CAP

EXACT_LABEL = "= exact amount"


@dataclass(frozen=True)
class DraftLine:
    """A line before rounding: exact amount in hao and its steps."""

    payee: str
    rule: str
    fund_line: str
    exact_hao: int
    steps: tuple[tuple[str, int], ...]
    cuts_hao: dict[str, int]
    ledger: ClaimLedger
    reverses: str | None = None

    def finish(self, ref: str, amount_yuan: Decimal, rounding_label: str) -> StatementLine:
        """The statement line, numbered and rounded."""
        steps = [(label, hao_to_yuan(h)) for label, h in self.steps]
        steps += [(EXACT_LABEL, hao_to_yuan(self.exact_hao)), (rounding_label, amount_yuan)]
        return StatementLine(
            ref=ref,
            payee=self.payee,
            rule=self.rule,
            fund_line=self.fund_line,
            amount_yuan=amount_yuan,
            exact_yuan=hao_to_yuan(self.exact_hao),
            basis=tuple(steps),
            cuts_yuan={r: hao_to_yuan(h) for r, h in self.cuts_hao.items()},
            claims=self.ledger,
            reverses=self.reverses,
        )


def cut_labels(policy: Policy) -> dict[str, str]:
    """Reason code -> the words the audit trail uses, with the policy's figure."""
    mode = policy.cut_back.value
    labels = {
        f"fund_line:{f.name}": f"cut: fund line {f.name} short ({mode})" for f in policy.fund_lines
    }
    if policy.parity:
        labels[PER_PARCEL_CAP] = f"cut: per-parcel cap {policy.parity.per_parcel_cap_yuan} yuan"
        cap = policy.parity.monthly_cap_per_carrier_yuan
        within = "pro_rata" if mode == "pro_rata" else "first_come"
        labels[CARRIER_CAP] = f"cut: monthly cap per carrier {cap} yuan ({within})"
    labels[SECOND_CHARGE] = "cut: village surcharge deducted (second charge)"
    if policy.shop_fee:
        labels[PER_MONTH_LIMIT] = (
            f"cut: support limit {policy.shop_fee.per_month_yuan} yuan per month"
        )
        labels[HOUSEHOLD_CAP] = f"cut: household programme cap {policy.shop_fee.cap_yuan} yuan"
    for rule in policy.specials:
        cap = rule.cap_per_project_yuan
        labels[f"{PROJECT_CAP}:{rule.name}"] = f"cut: {rule.name} cap per project {cap} yuan"
    return labels


def draft_lines(stages: list[Stage], labels: dict[str, str]) -> list[DraftLine]:
    """One line per payee and rule, payees in sorted order within each rule."""
    drafts = []
    for stage in stages:
        for payee, idx in groups(stage.payee):
            drafts.append(_draft(stage, str(payee), idx, labels))
    return drafts


def _draft(
    stage: Stage, payee: str, idx: npt.NDArray[np.intp], labels: dict[str, str]
) -> DraftLine:
    ledger = ClaimLedger(
        claim_ids=stage.claim_ids[idx],
        requested_hao=stage.requested[idx],
        paid_hao=stage.paid[idx],
        cuts_hao={r: a[idx] for r, a in stage.cuts.items()},
    )
    cuts = {r: int(a.sum()) for r, a in ledger.cuts_hao.items() if a.any()}
    claimed = f"{stage.claimed_label} (claims: {len(idx)}"
    if stage.rule == "parity":
        claimed += f", parcels: {int(stage.parcels[idx].sum())}"
    claimed += ")"
    steps = [(claimed, int(ledger.requested_hao.sum()))]
    steps += [(labels[r], -h) for r, h in cuts.items()]
    return DraftLine(
        payee, stage.rule, stage.fund_line, int(ledger.paid_hao.sum()), tuple(steps), cuts, ledger
    )


def reversal_line(original: StatementLine, claim_id: str, reason: str) -> DraftLine:
    """Reverse one claim of an earlier line: minus exactly what that claim was paid."""
    i = original.claims.index(claim_id)
    assert i is not None
    paid = int(original.claims.paid_hao[i])
    ledger = ClaimLedger(
        claim_ids=np.asarray([claim_id], dtype=np.str_),
        requested_hao=np.asarray([-paid], dtype=np.int64),
        paid_hao=np.asarray([-paid], dtype=np.int64),
        cuts_hao={},
    )
    step = (f"reverses claim {claim_id} of line {original.ref}: {reason}", -paid)
    return DraftLine(
        original.payee,
        f"reversal:{original.rule}",
        original.fund_line,
        -paid,
        (step,),
        {},
        ledger,
        reverses=original.ref,
    )
