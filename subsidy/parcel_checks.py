"""Checking a parcel batch against the policy, the period and the budget, all at once.

Each bad claim is reported once, with the first failing field, and left out; the others go on.
"""

from __future__ import annotations

import numpy as np
import numpy.typing as npt

from network.errors import InputError
from network.texts import Message
from subsidy.claims import Period
from subsidy.money import hao_to_yuan
from subsidy.parcel_batch import NO_BENCHMARK, ParcelBatch
from subsidy.policy import Policy
from subsidy.statement import Budget

Mask = npt.NDArray[np.bool_]


def check_parcels(
    batch: ParcelBatch, policy: Policy, budget: Budget, period: Period
) -> tuple[Mask, list[InputError]]:
    """The mask of valid claims and one error per invalid claim (first failing field)."""
    start, end = np.datetime64(period.start, "D"), np.datetime64(period.end, "D")
    held = _isin(batch.claim_id, budget.pending)
    in_period = ((batch.day >= start) & (batch.day <= end)) | (held & (batch.day <= end))
    bench_band = np.zeros(len(batch), dtype=bool)
    if policy.parity is not None:
        bench_band = _isin(batch.weight_band, policy.parity.benchmark_yuan.keys())
    no_bench = batch.benchmark_hao == NO_BENCHMARK
    checks: list[tuple[str, Mask, Message]] = [
        ("claim_id", batch.claim_id == "", Message("is empty")),
        ("village", batch.village == "", Message("is empty")),
        (
            "claim_id",
            _isin(batch.claim_id, budget.settled),
            Message("was already settled in an earlier statement"),
        ),
        (
            "claim_id",
            _repeated(batch.claim_id),
            Message("repeats an earlier claim id in this batch"),
        ),
        (
            "carrier",
            ~_isin(batch.carrier, policy.carriers),
            Message("is not a carrier of this policy"),
        ),
        (
            "product",
            ~_isin(batch.product, policy.products),
            Message("is not a known product class"),
        ),
        ("parcels", batch.parcels < 1, Message("must be at least 1")),
        ("price_yuan", batch.price_hao < 0, Message("must not be negative")),
        ("benchmark_yuan", ~no_bench & (batch.benchmark_hao < 0), Message("must not be negative")),
        (
            "benchmark_yuan",
            no_bench & batch.up & ~bench_band,
            Message("is missing and the weight band has none"),
        ),
        ("village_surcharge_yuan", batch.surcharge_hao < 0, Message("must not be negative")),
        (
            "date",
            ~in_period,
            Message("is outside the period {start}..{end}", start=period.start, end=period.end),
        ),
    ]
    failed = np.zeros(len(batch), dtype=bool)
    errors: list[tuple[int, InputError]] = []
    for field, bad, message in checks:
        new = bad & ~failed
        failed |= bad
        for i in np.flatnonzero(new):
            value = _shown(batch, field, int(i))
            text = Message(
                "claim {claim_id!r}: {value} {message}",
                claim_id=str(batch.claim_id[i]),
                value=value,
                message=message,
            )
            errors.append(
                (
                    int(i),
                    InputError(
                        text, file=batch.file_of(int(i)), row=int(batch.record[i]), field=field
                    ),
                )
            )
    errors.sort(key=lambda pair: pair[0])
    return ~failed, [err for _, err in errors]


def _shown(batch: ParcelBatch, field: str, i: int) -> str | Message:
    columns = {
        "claim_id": batch.claim_id,
        "village": batch.village,
        "carrier": batch.carrier,
        "product": batch.product,
        "parcels": batch.parcels,
        "date": batch.day,
    }
    if field in columns:
        return repr(str(columns[field][i]))
    if field == "benchmark_yuan" and batch.benchmark_hao[i] == NO_BENCHMARK:
        return Message("benchmark for weight band {band!r}", band=str(batch.weight_band[i]))
    hao = {"price_yuan": batch.price_hao, "benchmark_yuan": batch.benchmark_hao}.get(
        field, batch.surcharge_hao
    )
    return Message("{amount} yuan", amount=hao_to_yuan(int(hao[i])))


def _isin(values: npt.NDArray[np.str_], known: object) -> Mask:
    wanted = list(known)  # type: ignore[call-overload]
    if not wanted:
        return np.zeros(len(values), dtype=bool)
    return np.isin(values, np.asarray(wanted, dtype=np.str_))


def _repeated(ids: npt.NDArray[np.str_]) -> Mask:
    """True for the second and later occurrences of an id."""
    _, first = np.unique(ids, return_index=True)
    repeated = np.ones(len(ids), dtype=bool)
    repeated[first] = False
    return repeated
