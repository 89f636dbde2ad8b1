"""``calculate``: claims + policy + budget + period -> an immutable statement."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

import numpy as np
import numpy.typing as npt

from network.errors import InputError
from network.texts import Message
from subsidy._stage import Stage
from subsidy.allocation import share
from subsidy.claims import Claim, MilestoneClaim, ParcelClaim, Period, ShopFeeClaim
from subsidy.money import HAO_PER_FEN, fen_to_yuan, round_lines_fen, to_hao
from subsidy.parcel_batch import ParcelBatch
from subsidy.parcel_checks import check_parcels
from subsidy.parity import parity_stage, surcharge_flags
from subsidy.policy import CutBack, Policy
from subsidy.statement import Budget, Clawback, Statement, StatementLine, Unpaid
from subsidy.statement_lines import DraftLine, cut_labels, draft_lines, reversal_line
from subsidy.support import Record, check_records, reward_stages, shop_fee_stage, special_stages


def calculate(
    claims: Iterable[Claim] | ParcelBatch,
    policy: Policy,
    budget: Budget | None,
    period: Period,
    *,
    clawbacks: Sequence[Clawback] = (),
) -> Statement:
    """The statement of one period.

    Bad claims are listed in ``Statement.rejected`` (one :class:`network.InputError` per record,
    naming the field) and the rest is computed. Each rule's caps apply first, then each fund
    line pays what it can under ``policy.cut_back``. Claims found false in an earlier statement
    are reversed by ``clawbacks``; the money they return is available from the next statement on.
    Amounts are exact to the hao until the end; then the lines of each fund line are rounded to
    the fen so that they add up to the fund line's rounded total (largest remainder), and the
    statement total is the sum of the fund lines.
    """
    budget = budget or Budget()
    batch, others, rejected = _split(claims)
    valid, errors = check_parcels(batch, policy, budget, period)
    parcels = batch.take(valid)
    parity, unpaid, decided = parity_stage(parcels, policy, period)
    taken = set(batch.claim_id.tolist()) if others else set()
    checked, more_errors = check_records(others, policy, budget, period, taken)
    shop, shop_unpaid = shop_fee_stage(
        [c for c in checked if isinstance(c.claim, ShopFeeClaim)], policy, budget, period
    )
    milestones = [c for c in checked if isinstance(c.claim, MilestoneClaim)]
    rewards, reward_unpaid, tiers = reward_stages(milestones, policy, budget, period)
    specials, special_unpaid = special_stages(checked, policy, period)
    stages = [s for s in (parity, shop, *rewards, *specials) if s is not None and len(s.claim_ids)]
    _cut_fund_lines(stages, policy, budget)
    drafts = draft_lines(stages, cut_labels(policy))
    reversals, clawback_errors = _reversals(clawbacks, budget, period)
    lines = _round(drafts + reversals, policy, period)
    unpaid = _merged(unpaid + shop_unpaid + reward_unpaid + special_unpaid)
    held = {c for u in unpaid if u.pending for c in u.claim_ids}
    settled = set(parcels.claim_id[decided].tolist()) | {c.claim.claim_id for c in checked}
    after = _budget_after(budget, lines, settled - held, held, tiers)
    return Statement(
        period=period,
        lines=tuple(lines),
        rejected=tuple(rejected + errors + more_errors + clawback_errors),
        unpaid=tuple(unpaid),
        flags=tuple(surcharge_flags(parcels, parity)),
        budget_before=budget,
        budget_after=after,
        rounding=policy.rounding,
    )


def _merged(unpaid: list[Unpaid]) -> list[Unpaid]:
    """One record per rule and reason."""
    groups: dict[tuple[str, str, bool], list[str]] = {}
    for u in unpaid:
        groups.setdefault((u.rule, u.reason, u.pending), []).extend(u.claim_ids)
    return [Unpaid(r, why, tuple(ids), pending) for (r, why, pending), ids in groups.items()]


def _split(
    claims: Iterable[Claim] | ParcelBatch,
) -> tuple[ParcelBatch, list[tuple[int, Record]], list[InputError]]:
    """The parcel claims as a batch, the other claims with their positions, and unreadable ones."""
    if isinstance(claims, ParcelBatch):
        return claims, [], []
    parcel_claims: list[ParcelClaim] = []
    positions: list[int] = []
    others: list[tuple[int, Record]] = []
    for position, claim in enumerate(claims, start=1):
        if isinstance(claim, ParcelClaim):
            parcel_claims.append(claim)
            positions.append(position)
        else:
            others.append((position, claim))
    batch, errors = ParcelBatch.from_claims(parcel_claims, positions=positions)
    return batch, others, errors


def _cut_fund_lines(stages: list[Stage], policy: Policy, budget: Budget) -> None:
    """Each fund line pays what it can; the cut-back rule decides who is cut."""
    for fund in policy.fund_lines:
        mine = [s for s in stages if s.fund_line == fund.name]
        if not mine:
            continue
        available = (
            to_hao(fund.total_yuan, field="total_yuan")
            - budget.paid_fen.get(fund.name, 0) * HAO_PER_FEN
        )
        amounts = np.concatenate([s.paid for s in mine])
        ranks = [
            policy.priority_rank(s.rule) if policy.cut_back is CutBack.PRIORITY else 0 for s in mine
        ]
        keys = [
            np.concatenate(k)
            for k in zip(
                *(_order_keys(s, r) for s, r in zip(mine, ranks, strict=True)), strict=True
            )
        ]
        order = np.lexsort(tuple(reversed(keys)))
        paid = share(amounts, available, order, policy.cut_back.value)
        start = 0
        for stage in mine:
            stage.cut_to(f"fund_line:{fund.name}", paid[start : start + len(stage.paid)])
            start += len(stage.paid)


def _order_keys(stage: Stage, rank: int) -> tuple[npt.NDArray[np.int64], ...]:
    """Sort keys, most significant first: rank, acceptance day, claim day, input position."""
    return (np.full(len(stage.paid), rank), stage.accepted_day, stage.day, stage.position)


def _reversals(
    clawbacks: Sequence[Clawback], budget: Budget, period: Period
) -> tuple[list[DraftLine], list[InputError]]:
    """One reversal line per clawback; an error for a claim not paid or already reversed, or a
    statement that is not an earlier one of this budget (e.g. a file from another fund)."""
    lines, errors, seen = [], [], set()
    for number, clawback in enumerate(clawbacks, start=1):
        paid_in = clawback.original.period
        original = clawback.original.line_of_claim(clawback.claim_id)
        problem: Message | None = None
        if paid_in.end >= period.start:
            problem = Message(
                "statement {paid_in} is not from before {period}",
                paid_in=paid_in.label,
                period=period.label,
            )
        elif original is None or not original.claims.paid_yuan(clawback.claim_id):
            problem = Message("was not paid in statement {paid_in}", paid_in=paid_in.label)
        elif clawback.claim_id not in budget.settled:
            problem = Message(
                "is paid in statement {paid_in} but unknown to this budget", paid_in=paid_in.label
            )
        elif clawback.claim_id in budget.reversed or clawback.claim_id in seen:
            problem = Message("was already reversed")
        if problem is not None:
            message = Message(
                "clawback of claim {claim_id!r}: {problem}",
                claim_id=clawback.claim_id,
                problem=problem,
            )
            errors.append(InputError(message, row=number, field="claim_id"))
            continue
        assert original is not None
        seen.add(clawback.claim_id)
        lines.append(reversal_line(original, clawback.claim_id, clawback.reason))
    return lines, errors


def _round(drafts: list[DraftLine], policy: Policy, period: Period) -> list[StatementLine]:
    """Round each fund line's lines together (largest remainder) and number them."""
    amounts: dict[int, int] = {}
    for fund in policy.fund_lines:
        idx = [i for i, d in enumerate(drafts) if d.fund_line == fund.name]
        fen = round_lines_fen([drafts[i].exact_hao for i in idx], policy.rounding)
        amounts.update(zip(idx, fen, strict=True))
    label = f"rounded to the fen ({policy.rounding}, largest remainder within the fund line)"
    return [
        d.finish(f"{period.label}/L{i + 1}", fen_to_yuan(amounts[i]), label)
        for i, d in enumerate(drafts)
    ]


def _budget_after(
    budget: Budget,
    lines: list[StatementLine],
    settled: set[str],
    held: set[str],
    tiers: dict[str, int],
) -> Budget:
    """The budget carried to the next period: money paid (net), ids settled, held, reversed."""
    paid = dict(budget.paid_fen)
    households = dict(budget.household_paid_fen)
    for line in lines:
        fen = int(line.amount_yuan.scaleb(2))
        paid[line.fund_line] = paid.get(line.fund_line, 0) + fen
        if line.rule in ("shop_fee", "reversal:shop_fee"):
            households[line.payee] = households.get(line.payee, 0) + fen
    reversed_now = {line.claims.claim_ids[0] for line in lines if line.reverses}
    return Budget(
        paid_fen=paid,
        settled=budget.settled | settled,
        pending=(budget.pending - settled) | held,
        reversed=budget.reversed | {str(c) for c in reversed_now},
        household_paid_fen=households,
        tiers_awarded={**budget.tiers_awarded, **tiers},
    )
