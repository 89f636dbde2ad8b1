"""The parity subsidy on upward parcels, and the no-second-charge rule on the same claims."""

from __future__ import annotations

import numpy as np
import numpy.typing as npt

from subsidy._stage import Stage, day_numbers, groups
from subsidy.claims import Period
from subsidy.money import hao_to_yuan, to_hao
from subsidy.parcel_batch import NO_BENCHMARK, ParcelBatch
from subsidy.policy import CutBack, Policy
from subsidy.statement import SurchargeFlag, Unpaid

Mask = npt.NDArray[np.bool_]

PER_PARCEL_CAP = "per_parcel_cap"
SECOND_CHARGE = "second_charge_deducted"
CARRIER_CAP = "carrier_monthly_cap"


def parity_stage(
    batch: ParcelBatch, policy: Policy, period: Period
) -> tuple[Stage | None, list[Unpaid], Mask]:
    """The parity claims of a checked batch, after per-parcel cap, deduction and carrier cap.

    Also returns the claims not paid (with the reason) and the mask of claims that were
    decided (everything but claims still waiting for acceptance).
    """
    rule = policy.parity
    if rule is None:
        unpaid = [Unpaid("parity", "no parity rule in force", tuple(batch.claim_id.tolist()))]
        return None, unpaid, np.ones(len(batch), dtype=bool)
    end = np.datetime64(period.end, "D")
    accepted = ~np.isnat(batch.accepted) & (batch.accepted <= end)
    reasons: list[tuple[Mask, str]] = [(~batch.up, "downward parcel: no parity subsidy")]
    if rule.products:
        reasons.append((~np.isin(batch.product, list(rule.products)), "product class not eligible"))
    if rule.origins:
        reasons.append((~np.isin(batch.village, list(rule.origins)), "origin village not eligible"))
    reasons.append((~accepted, "not accepted yet: held for a later statement"))
    bench = _benchmark_hao(batch, policy)
    gap = np.maximum(batch.price_hao - bench, 0)
    reasons.append((gap == 0, "price at or below the benchmark"))
    unpaid, left, held = _unpaid(batch, reasons)
    stage = _stage(batch, ~left, gap, policy)
    return stage, unpaid, ~held


def _benchmark_hao(batch: ParcelBatch, policy: Policy) -> npt.NDArray[np.int64]:
    assert policy.parity is not None
    bench = batch.benchmark_hao.copy()
    missing = bench == NO_BENCHMARK
    for band, price in policy.parity.benchmark_yuan.items():
        bench[missing & (batch.weight_band == band)] = to_hao(price, field=f"benchmark_yuan.{band}")
    bench[bench == NO_BENCHMARK] = 0  # only downward parcels can still lack one; unused there
    return bench


def _unpaid(batch: ParcelBatch, reasons: list[tuple[Mask, str]]) -> tuple[list[Unpaid], Mask, Mask]:
    """Claims not paid, grouped under their first reason; the mask of those claims; and the
    mask of those held for acceptance (the only ones a later statement may still pay)."""
    taken = np.zeros(len(batch), dtype=bool)
    held = np.zeros(len(batch), dtype=bool)
    unpaid = []
    for mask, reason in reasons:
        new = mask & ~taken
        taken |= mask
        pending = reason.startswith("not accepted")
        held |= new if pending else False
        if new.any():
            unpaid.append(Unpaid("parity", reason, tuple(batch.claim_id[new].tolist()), pending))
    return unpaid, taken, held


def _stage(batch: ParcelBatch, eligible: Mask, gap: npt.NDArray[np.int64], policy: Policy) -> Stage:
    assert policy.parity is not None
    rule = policy.parity
    sub = batch.take(eligible)
    stage = Stage(
        rule="parity",
        fund_line=rule.fund_line,
        claimed_label="claimed: sum of (price - benchmark) x parcels",
        claim_ids=sub.claim_id,
        payee=sub.carrier,
        requested=gap[eligible] * sub.parcels,
        accepted_day=day_numbers(sub.accepted),
        day=day_numbers(sub.day),
        position=np.flatnonzero(eligible),
        parcels=sub.parcels,
    )
    cap_hao = to_hao(rule.per_parcel_cap_yuan, field="per_parcel_cap_yuan")
    stage.cut_to(PER_PARCEL_CAP, np.minimum(gap[eligible], cap_hao) * sub.parcels)
    if policy.second_charge.deduct:
        stage.cut_to(SECOND_CHARGE, np.maximum(stage.paid - sub.surcharge_hao * sub.parcels, 0))
    monthly = rule.monthly_cap_per_carrier_yuan
    cap = None if monthly is None else to_hao(monthly, field="monthly_cap_per_carrier_yuan")
    stage.cap_per_payee(CARRIER_CAP, cap, _mode(policy))
    return stage


def _mode(policy: Policy) -> str:
    """Within one rule, ``priority`` is first-come."""
    return "pro_rata" if policy.cut_back is CutBack.PRO_RATA else "first_come"


def surcharge_flags(batch: ParcelBatch, stage: Stage | None) -> list[SurchargeFlag]:
    """Every village surcharge, per carrier and village, with what was deducted for it."""
    charged = batch.take(batch.surcharge_hao > 0)
    deducted = np.zeros(len(charged), dtype=np.int64)
    if stage is not None and SECOND_CHARGE in stage.cuts:
        cut = stage.cuts[SECOND_CHARGE]
        hit = np.flatnonzero(cut)
        by_id = dict(zip(stage.claim_ids[hit].tolist(), cut[hit].tolist(), strict=True))
        deducted = np.asarray([by_id.get(c, 0) for c in charged.claim_id.tolist()], dtype=np.int64)
    pairs = np.char.add(np.char.add(charged.carrier, "\x1f"), charged.village)
    flags = []
    for key, idx in groups(pairs):
        carrier, village = key.split("\x1f")
        flags.append(
            SurchargeFlag(
                carrier=carrier,
                village=village,
                parcels=int(charged.parcels[idx].sum()),
                surcharge_yuan=hao_to_yuan(
                    int((charged.surcharge_hao[idx] * charged.parcels[idx]).sum())
                ),
                deducted_yuan=hao_to_yuan(int(deducted[idx].sum())),
                claim_ids=tuple(charged.claim_id[idx].tolist()),
            )
        )
    return flags
