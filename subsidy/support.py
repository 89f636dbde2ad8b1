"""Shop-fee support for poor households, reward-in-lieu milestones and special-subsidy projects
(small claim lists, checked record by record)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from decimal import ROUND_FLOOR, Decimal

import numpy as np

from network.errors import InputError
from network.texts import Message
from subsidy._stage import Stage
from subsidy.claims import MilestoneClaim, Period, ShopFeeClaim, SpecialClaim, claim_error
from subsidy.money import HAO_PER_FEN, to_decimal, to_hao
from subsidy.parcel_batch import parse_day
from subsidy.policy import Policy, RewardRule
from subsidy.statement import Budget, Unpaid

_EPOCH = date(1970, 1, 1)
PER_MONTH_LIMIT = "per_month_limit"
HOUSEHOLD_CAP = "household_cap"
PROJECT_CAP = "project_cap"
"""Reason code prefix of a special rule's cap: ``project_cap:<rule>``."""

_HELD = "not accepted yet: held for a later statement"

Record = ShopFeeClaim | MilestoneClaim | SpecialClaim


@dataclass(frozen=True)
class Checked:
    """A readable claim with its dates parsed and its record number."""

    claim: Record
    record: int
    day: date
    accepted: date | None
    position: int


def check_records(
    claims: Sequence[tuple[int, Record]],
    policy: Policy,
    budget: Budget,
    period: Period,
    taken: set[str],
) -> tuple[list[Checked], list[InputError]]:
    """Claims that pass the common checks (dates, period, ids), and one error per other claim.

    ``taken`` holds the ids already used in this batch (by parcel claims).
    """
    seen = set(taken)
    rewards = {r.name for r in policy.rewards}
    specials = {r.name for r in policy.specials}
    good, errors = [], []
    for position, claim in claims:
        record = claim.row if claim.row is not None else position
        try:
            day = parse_day(claim.date, "date")
            accepted = (
                None if claim.accepted_on is None else parse_day(claim.accepted_on, "accepted_on")
            )
            _check_text(claim)
            held = claim.claim_id in budget.pending
            if claim.claim_id in budget.settled or claim.claim_id in seen:
                raise InputError(Message("repeats a claim id already seen"), field="claim_id")
            if not (day in period or (held and day <= period.end)):
                raise InputError(
                    Message(
                        "{day} is outside the period {start}..{end}",
                        day=day,
                        start=period.start,
                        end=period.end,
                    ),
                    field="date",
                )
            _amount(claim)
            if isinstance(claim, MilestoneClaim) and claim.rule not in rewards:
                raise InputError(
                    Message("{rule!r} is not a reward rule of this policy", rule=claim.rule),
                    field="rule",
                )
            if isinstance(claim, SpecialClaim) and claim.rule not in specials:
                raise InputError(
                    Message("{rule!r} is not a special rule of this policy", rule=claim.rule),
                    field="rule",
                )
        except InputError as err:
            errors.append(claim_error(err, claim_id=claim.claim_id, file=claim.file, row=record))
            continue
        seen.add(claim.claim_id)
        good.append(Checked(claim, record, day, accepted, position))
    return good, errors


def _check_text(claim: Record) -> None:
    """Names that must be given (a missing cell in a file reads as empty)."""
    names = ("claim_id", "household") if isinstance(claim, ShopFeeClaim) else ("claim_id", "payee")
    for name in names:
        if not str(getattr(claim, name)).strip():
            raise InputError(Message("is empty"), field=name)
    if isinstance(claim, ShopFeeClaim):
        registered_poor(claim)


_YES = frozenset({"1", "true", "yes", "y", "是"})
_NO = frozenset({"0", "false", "no", "n", "否"})


def registered_poor(claim: ShopFeeClaim) -> bool:
    """The claim's ``registered_poor`` as a bool (files give 1/0, true/false, yes/no, 是/否)."""
    value = claim.registered_poor
    if isinstance(value, bool):
        return value
    text = str(value).strip().lower()
    if text in _YES or text in _NO:
        return text in _YES
    raise InputError(
        Message(
            "{value!r} is not a yes/no value; use 1/0, true/false, yes/no or 是/否", value=value
        ),
        field="registered_poor",
    )


def _amount(claim: Record) -> int:
    """The fee or cost in hao, or the milestone value in hao-sized units; negative is an error."""
    if isinstance(claim, ShopFeeClaim):
        value = to_hao(claim.fee_yuan, field="fee_yuan")
        name = "fee_yuan"
    elif isinstance(claim, SpecialClaim):
        value = to_hao(claim.cost_yuan, field="cost_yuan")
        name = "cost_yuan"
    else:
        value = int(to_decimal(claim.value, field="value").scaleb(4))
        name = "value"
    if value < 0:
        raise InputError(Message("must not be negative"), field=name)
    return value


def shop_fee_stage(
    checked: list[Checked], policy: Policy, budget: Budget, period: Period
) -> tuple[Stage | None, list[Unpaid]]:
    """Shop-fee support: at most the monthly amount, within each household's programme cap."""
    rule = policy.shop_fee
    if rule is None:
        return None, [
            Unpaid("shop_fee", "no shop-fee rule in force", (c.claim.claim_id,)) for c in checked
        ]
    unpaid: list[Unpaid] = []
    paid_for: set[str] = set()
    kept: list[Checked] = []
    for c in checked:
        claim = c.claim
        assert isinstance(claim, ShopFeeClaim)
        reason = _shop_reason(c, rule.eligible_from, rule.eligible_until, period, paid_for)
        if reason:
            unpaid.append(_unpaid("shop_fee", reason, claim.claim_id))
        else:
            paid_for.add(claim.household)
            kept.append(c)
    stage = _to_stage(
        kept, "shop_fee", rule.fund_line, "claimed: network fee", [_amount(c.claim) for c in kept]
    )
    per_month = to_hao(rule.per_month_yuan, field="per_month_yuan")
    stage.cut_to(PER_MONTH_LIMIT, np.minimum(stage.paid, per_month))
    cap = to_hao(rule.cap_yuan, field="cap_yuan")
    room = [cap - budget.household_paid_fen.get(str(h), 0) * HAO_PER_FEN for h in stage.payee]
    stage.cut_to(HOUSEHOLD_CAP, np.maximum(np.asarray(room, dtype=np.int64), 0))
    return stage, unpaid


def _shop_reason(c: Checked, start: date, until: date, period: Period, paid_for: set[str]) -> str:
    claim = c.claim
    assert isinstance(claim, ShopFeeClaim)
    if not registered_poor(claim):
        return "household is not registered poor"
    if not start <= c.day <= until:
        return f"month outside the eligibility dates {start}..{until}"
    if c.accepted is None or c.accepted > period.end:
        return _HELD
    if claim.household in paid_for:
        return "household already supported in this statement"
    return ""


def reward_stages(
    checked: list[Checked], policy: Policy, budget: Budget, period: Period
) -> tuple[list[Stage], list[Unpaid], dict[str, int]]:
    """One stage per reward rule; also the tiers each payee has reached (for the budget)."""
    stages, unpaid, reached = [], [], {}
    for rule in policy.rewards:
        kept, amounts = [], []
        for c in checked:
            claim = c.claim
            assert isinstance(claim, MilestoneClaim)
            if claim.rule != rule.name:
                continue
            key = f"{rule.name}/{claim.payee}"
            new_tiers = _tiers_reached(rule, claim) - budget.tiers_awarded.get(key, 0)
            reason = ""
            if c.accepted is None or c.accepted > period.end:
                reason = _HELD
            elif key in reached:
                reason = "payee already claimed this rule in this statement"
            elif new_tiers <= 0:
                reason = "no new tier reached"
            if reason:
                unpaid.append(_unpaid(rule.name, reason, claim.claim_id))
                continue
            reached[key] = budget.tiers_awarded.get(key, 0) + new_tiers
            kept.append(c)
            tiers = rule.tiers[reached[key] - new_tiers : reached[key]]
            amounts.append(sum(to_hao(t.reward_yuan, field="reward_yuan") for t in tiers))
        label = f"claimed: rewards of new tiers ({rule.metric})"
        stages.append(_to_stage(kept, rule.name, rule.fund_line, label, amounts))
    return stages, unpaid, reached


def special_stages(
    checked: list[Checked], policy: Policy, period: Period
) -> tuple[list[Stage], list[Unpaid]]:
    """One stage per special rule: its share of each accepted project's cost (floored to the
    hao), cut to the cap per project."""
    stages, unpaid = [], []
    for rule in policy.specials:
        kept, amounts = [], []
        for c in checked:
            if not isinstance(c.claim, SpecialClaim) or c.claim.rule != rule.name:
                continue
            if c.accepted is None or c.accepted > period.end:
                unpaid.append(_unpaid(rule.name, _HELD, c.claim.claim_id))
                continue
            kept.append(c)
            share = Decimal(_amount(c.claim)) * rule.share
            amounts.append(int(share.to_integral_value(rounding=ROUND_FLOOR)))
        label = f"claimed: {rule.share} x project cost"
        stage = _to_stage(kept, rule.name, rule.fund_line, label, amounts)
        if rule.cap_per_project_yuan is not None:
            cap = to_hao(rule.cap_per_project_yuan, field="cap_per_project_yuan")
            stage.cut_to(f"{PROJECT_CAP}:{rule.name}", np.minimum(stage.paid, cap))
        stages.append(stage)
    return stages, unpaid


def _unpaid(rule: str, reason: str, claim_id: str) -> Unpaid:
    return Unpaid(rule, reason, (claim_id,), pending=reason.startswith("not accepted"))


def _tiers_reached(rule: RewardRule, claim: MilestoneClaim) -> int:
    value = to_decimal(claim.value, field="value")
    return sum(1 for t in rule.tiers if value >= t.threshold)


def _to_stage(
    kept: list[Checked], rule: str, fund_line: str, label: str, amounts: list[int]
) -> Stage:
    def payee(c: Checked) -> str:
        claim = c.claim
        return claim.household if isinstance(claim, ShopFeeClaim) else claim.payee

    def day_number(d: date | None) -> int:
        return ((d or date.max) - _EPOCH).days  # same scale as numpy's datetime64[D]

    return Stage(
        rule=rule,
        fund_line=fund_line,
        claimed_label=label,
        claim_ids=np.asarray([c.claim.claim_id for c in kept], dtype=np.str_),
        payee=np.asarray([payee(c) for c in kept], dtype=np.str_),
        requested=np.asarray(amounts, dtype=np.int64),
        accepted_day=np.asarray([day_number(c.accepted) for c in kept], dtype=np.int64),
        day=np.asarray([day_number(c.day) for c in kept], dtype=np.int64),
        position=np.asarray([c.position for c in kept], dtype=np.int64),
        parcels=np.zeros(len(kept), dtype=np.int64),
    )
