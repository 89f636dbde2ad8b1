"""Subsidy benchmark: a month of 1,000,000 parcel claims through ``subsidy.calculate``.

Run: ``python -m benchmarks.subsidy [--claims N] [--repeats R] [--baseline-claims M]``.
Prints the median wall time of R runs on a columnar batch, and the ratio against a naive
per-claim Decimal calculation (:func:`naive_parity`) measured in the same run on M claims and
scaled linearly to N; then the size of the month's statement saved as JSON and the time to save
and read it back. Money is exact in both; ``tests/subsidy/test_fast_path.py`` checks that
they agree claim by claim.
"""

from __future__ import annotations

import argparse
import json
import math
import statistics
import time
from collections.abc import Sequence
from datetime import date
from decimal import Decimal
from fractions import Fraction

import numpy as np

import subsidy
from subsidy import CutBack, ParcelBatch, ParcelClaim, ParityRule, Period, Policy

CARRIERS = ("ems", "zto", "yto", "sto", "yunda")
PERIOD = Period.month(2026, 3)
HAO = Decimal("0.0001")


def benchmark_policy(cut_back: str = "pro_rata") -> Policy:
    """Caps that bind: 40,000 yuan per carrier a month, a 100,000-yuan logistics line."""
    return Policy(
        carriers=frozenset(CARRIERS),
        parity=ParityRule(
            per_parcel_cap_yuan=Decimal("0.50"), monthly_cap_per_carrier_yuan=Decimal(40_000)
        ),
        fund_lines=(subsidy.FundLine("logistics", Decimal(100_000)),),
        shop_fee=None,
        cut_back=CutBack(cut_back),
    )


def synthetic_batch(n: int, seed: int) -> ParcelBatch:
    """``n`` random parcel claims in March 2026 (prices to the hao, 1% with a surcharge)."""
    rng = np.random.default_rng(seed)
    villages = np.asarray([f"v{i:03d}" for i in range(300)])
    products = np.asarray(["kelp", "laver", "tea", "loquat", "rice"])
    day = np.datetime64("2026-03-01") + rng.integers(0, 31, n).astype("timedelta64[D]")
    return ParcelBatch(
        claim_id=np.char.add("p", np.arange(n).astype(np.str_)),
        carrier=np.asarray(CARRIERS)[rng.integers(0, len(CARRIERS), n)],
        village=villages[rng.integers(0, len(villages), n)],
        product=products[rng.integers(0, len(products), n)],
        weight_band=np.full(n, "0-1kg"),
        up=rng.random(n) < 0.9,
        parcels=rng.integers(1, 4, n),
        price_hao=rng.integers(20_000, 60_000, n),
        benchmark_hao=rng.integers(25_000, 35_000, n),
        surcharge_hao=np.where(rng.random(n) < 0.01, 1_000, 0),
        day=day,
        accepted=day + rng.integers(0, 3, n).astype("timedelta64[D]"),
        record=np.arange(1, n + 1),
    )


def batch_claims(batch: ParcelBatch) -> list[ParcelClaim]:
    """The same claims as records with Decimal yuan (the form a finance script would have)."""
    return [
        ParcelClaim(
            claim_id=str(batch.claim_id[i]),
            carrier=str(batch.carrier[i]),
            village=str(batch.village[i]),
            product=str(batch.product[i]),
            price_yuan=Decimal(int(batch.price_hao[i])) * HAO,
            date=batch.day[i].item(),
            accepted_on=batch.accepted[i].item(),
            benchmark_yuan=Decimal(int(batch.benchmark_hao[i])) * HAO,
            parcels=int(batch.parcels[i]),
            village_surcharge_yuan=Decimal(int(batch.surcharge_hao[i])) * HAO,
            direction="up" if batch.up[i] else "down",
        )
        for i in range(len(batch))
    ]


def naive_parity(claims: Sequence[ParcelClaim], policy: Policy) -> dict[str, Decimal]:
    """Claim id -> exact parity paid in :data:`PERIOD`, one claim at a time in Decimal (the
    baseline and the test oracle).

    Same rules as the library: gap capped per parcel, surcharge deducted, each carrier's month
    capped, then the fund line; cuts are first-come (acceptance day, claim day, input order) or
    pro-rata floored to the hao with the leftover hao to the largest remainders.
    """
    rule = policy.parity
    assert rule is not None
    wanted: dict[str, Decimal] = {}
    keys: dict[str, tuple[date, date, int]] = {}
    carrier_of: dict[str, str] = {}
    for n, c in enumerate(claims):
        price, bench = Decimal(c.price_yuan), Decimal(c.benchmark_yuan or 0)
        late = c.accepted_on is None or c.accepted_on > PERIOD.end  # type: ignore[operator]
        if c.direction != "up" or late or price <= bench:
            continue
        amount = min(price - bench, rule.per_parcel_cap_yuan) * int(c.parcels)
        amount = max(amount - Decimal(c.village_surcharge_yuan) * int(c.parcels), Decimal(0))
        wanted[c.claim_id] = amount
        keys[c.claim_id] = (c.accepted_on, c.date, n)  # type: ignore[assignment]
        carrier_of[c.claim_id] = c.carrier
    cap = rule.monthly_cap_per_carrier_yuan
    paid: dict[str, Decimal] = {}
    for carrier in sorted(set(carrier_of.values())):
        mine = {k: v for k, v in wanted.items() if carrier_of[k] == carrier}
        paid.update(_naive_share(mine, cap, keys, policy.cut_back.value))
    fund = next(f for f in policy.fund_lines if f.name == rule.fund_line)
    return _naive_share(paid, fund.total_yuan, keys, policy.cut_back.value)


def _naive_share(
    wanted: dict[str, Decimal],
    limit: Decimal | None,
    keys: dict[str, tuple[date, date, int]],
    mode: str,
) -> dict[str, Decimal]:
    total = sum(wanted.values(), Decimal(0))
    if limit is None or total <= limit:
        return dict(wanted)
    in_order = sorted(wanted, key=lambda k: keys[k])
    if mode != "pro_rata":
        out, left = {}, limit
        for k in in_order:
            out[k] = min(wanted[k], left)
            left -= out[k]
        return out
    # exact shares as fractions: Decimal division would round and upset remainder ties
    exact = {k: Fraction(wanted[k]) * Fraction(limit) / Fraction(total) for k in in_order}
    out = {k: Decimal(math.floor(v / Fraction(HAO))) * HAO for k, v in exact.items()}
    leftover = int((limit - sum(out.values())) / HAO)
    rank = {k: i for i, k in enumerate(in_order)}
    by_remainder = sorted(in_order, key=lambda k: (-(exact[k] - Fraction(out[k])), rank[k]))
    for k in by_remainder[:leftover]:
        out[k] += HAO
    return out


def _median_s(run: object, repeats: int) -> float:
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        run()  # type: ignore[operator]
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def main(argv: Sequence[str] | None = None) -> None:
    """Measure and print."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--claims", type=int, default=1_000_000)
    parser.add_argument("--repeats", type=int, default=5)
    parser.add_argument("--baseline-claims", type=int, default=20_000)
    args = parser.parse_args(argv)
    policy = benchmark_policy()
    batch = synthetic_batch(args.claims, seed=7)
    fast_s = _median_s(lambda: subsidy.calculate(batch, policy, None, PERIOD), args.repeats)
    small = batch_claims(synthetic_batch(args.baseline_claims, seed=8))
    naive_s = _median_s(lambda: naive_parity(small, policy), 3)
    objects_s = _median_s(lambda: subsidy.calculate(small, policy, None, PERIOD), 3)
    naive_full_s = naive_s * args.claims / args.baseline_claims
    statement = subsidy.calculate(batch, policy, None, PERIOD)
    print(f"subsidy: {args.claims:,} parcel claims, one month, median of {args.repeats} runs")
    print(f"  columnar batch (calculate):  {fast_s:7.2f} s   (goal < 10 s on 2 cores)")
    print(
        f"  naive per-claim Decimal:     {naive_full_s:7.2f} s   (median of 3 on "
        f"{args.baseline_claims:,} claims, scaled)"
    )
    print(
        f"  claim records (calculate):   {objects_s * args.claims / args.baseline_claims:7.2f} s"
        f"   (same small batch, scaled)"
    )
    print(f"  ratio naive / columnar:      {naive_full_s / fast_s:7.1f} x")
    print(f"  statement: {len(statement.lines)} lines, total {statement.total_yuan} yuan")
    text = json.dumps(statement.to_dict())
    save_s = _median_s(lambda: json.dumps(statement.to_dict()), 3)
    load_s = _median_s(lambda: subsidy.Statement.from_dict(json.loads(text)), 3)
    print(
        f"  saved as JSON: {len(text) / 1e6:.0f} MB, to_dict+dumps {save_s:.2f} s, "
        f"loads+from_dict {load_s:.2f} s (median of 3)"
    )


if __name__ == "__main__":
    main()
