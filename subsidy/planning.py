"""From a route design to the fund: "at these per-parcel costs, what does parity cost a year?"

The local price of an upward parcel is modelled as the carrier's cost per parcel (from routing,
or given as plain numbers) plus a margin; the parity subsidy per parcel is that price minus the
benchmark price when positive, capped per parcel, and each carrier's month is capped by the
policy's monthly cap. Volumes are parcels per day, turned into months as ``days_per_year / 12``.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import asdict, dataclass, replace
from decimal import Decimal
from types import MappingProxyType
from typing import Any

from network.errors import InputError
from network.texts import Message
from subsidy.money import HAO_PER_YUAN, fen_to_yuan, round_lines_fen, to_decimal
from subsidy.policy import DEFAULT_FUND_LINES, FundLine, ParityRule
from subsidy.statement import Budget

ANY_CARRIER = "*"


@dataclass(frozen=True)
class ParityNeed:
    """The parity subsidy one village's upward parcels need with one carrier."""

    village_id: str
    township_id: str
    carrier: str
    parcels_up_per_day: Decimal
    cost_per_parcel_up_yuan: Decimal
    local_price_yuan: Decimal
    benchmark_yuan: Decimal
    gap_yuan: Decimal
    subsidy_per_parcel_yuan: Decimal
    annual_need_yuan: Decimal  # before the carrier's monthly cap, rounded to the fen

    def row(self) -> dict[str, str]:
        """A CSV-ready row (Decimals as strings)."""
        return {k: str(v) for k, v in asdict(self).items()}


@dataclass(frozen=True)
class ParityPlan:
    """The yearly cost of parity for a route design and what it does to the fund lines.

    Attributes:
        needs: one entry per village and carrier.
        annual_by_carrier_yuan: what the fund pays each carrier a year, after the monthly cap.
        annual_parity_yuan: their sum.
        draw_by_line_yuan: yearly draw per fund line (only the parity line is drawn on here).
        months_until_exhausted: per fund line, months of this draw the line's remaining money
            lasts (one decimal), or None when the line is not drawn on.
    """

    needs: tuple[ParityNeed, ...]
    annual_by_carrier_yuan: Mapping[str, Decimal]
    annual_parity_yuan: Decimal
    draw_by_line_yuan: Mapping[str, Decimal]
    months_until_exhausted: Mapping[str, Decimal | None]


def parity_from_costs(
    costs: Iterable[Mapping[str, Any]],
    benchmark_yuan: Decimal | Mapping[str, Decimal],
    *,
    rule: ParityRule | None = None,
    margin_yuan: Decimal = Decimal(0),
    days_per_year: int = 365,
    fund_lines: tuple[FundLine, ...] = DEFAULT_FUND_LINES,
    budget: Budget | None = None,
    rounding: str = "ROUND_HALF_UP",
) -> ParityPlan:
    """The parity subsidy needed per village and carrier, and the yearly fund draw.

    ``costs`` rows need ``village_id``, ``carrier``, ``parcels_up_per_day`` and
    ``cost_per_parcel_up_yuan`` (strings or numbers; routing's ``parcel_costs`` rows fit);
    ``township_id`` is optional. ``benchmark_yuan`` is one price for all, or a mapping by
    carrier with ``"*"`` for the others.
    """
    rule = rule or ParityRule()
    per_day = [_need(row, n, benchmark_yuan, rule, margin_yuan) for n, row in enumerate(costs, 1)]
    # each row's year to the hao (floored), then rounded together so rows add up to their total
    yearly_hao = [int(daily * days_per_year * HAO_PER_YUAN) for _, daily in per_day]
    fen = round_lines_fen(yearly_hao, rounding)
    needs = tuple(
        replace(need, annual_need_yuan=fen_to_yuan(f))
        for (need, _), f in zip(per_day, fen, strict=True)
    )
    by_carrier = _capped_by_carrier(per_day, rule, days_per_year, rounding)
    annual = sum(by_carrier.values(), Decimal("0.00"))
    draw = {f.name: (annual if f.name == rule.fund_line else Decimal("0.00")) for f in fund_lines}
    months = {f.name: _months(f, draw[f.name], budget or Budget()) for f in fund_lines}
    return ParityPlan(
        needs=needs,
        annual_by_carrier_yuan=MappingProxyType(by_carrier),
        annual_parity_yuan=annual,
        draw_by_line_yuan=MappingProxyType(draw),
        months_until_exhausted=MappingProxyType(months),
    )


def _need(
    row: Mapping[str, Any],
    number: int,
    benchmark: Decimal | Mapping[str, Decimal],
    rule: ParityRule,
    margin_yuan: Decimal,
) -> tuple[ParityNeed, Decimal]:
    """One row's need and its exact daily subsidy in yuan."""
    try:
        carrier = str(row["carrier"])
        parcels = to_decimal(row["parcels_up_per_day"], field="parcels_up_per_day", row=number)
        cost = to_decimal(
            row["cost_per_parcel_up_yuan"], field="cost_per_parcel_up_yuan", row=number
        )
        village = str(row["village_id"])
    except KeyError as err:
        raise InputError(Message("column is missing"), row=number, field=str(err.args[0])) from None
    if parcels < 0 or cost < 0:
        field = "parcels_up_per_day" if parcels < 0 else "cost_per_parcel_up_yuan"
        raise InputError(Message("must not be negative"), row=number, field=field)
    bench = _benchmark(benchmark, carrier, number)
    local = cost + margin_yuan
    gap = max(local - bench, Decimal(0))
    per_parcel = min(gap, rule.per_parcel_cap_yuan)
    need = ParityNeed(
        village_id=village,
        township_id=str(row.get("township_id", "")),
        carrier=carrier,
        parcels_up_per_day=parcels,
        cost_per_parcel_up_yuan=cost,
        local_price_yuan=local,
        benchmark_yuan=bench,
        gap_yuan=gap,
        subsidy_per_parcel_yuan=per_parcel,
        annual_need_yuan=Decimal(0),
    )
    return need, parcels * per_parcel


def _benchmark(benchmark: Decimal | Mapping[str, Decimal], carrier: str, number: int) -> Decimal:
    if not isinstance(benchmark, Mapping):
        return Decimal(benchmark)
    price = benchmark.get(carrier, benchmark.get(ANY_CARRIER))
    if price is None:
        raise InputError(
            Message("no benchmark price for carrier {carrier!r}", carrier=carrier),
            row=number,
            field="carrier",
        )
    return Decimal(price)


def _capped_by_carrier(
    per_day: list[tuple[ParityNeed, Decimal]], rule: ParityRule, days_per_year: int, rounding: str
) -> dict[str, Decimal]:
    """Per carrier: twelve months of ``min(monthly need, monthly cap)``, rounded to the fen."""
    daily: dict[str, Decimal] = {}
    for need, amount in per_day:
        daily[need.carrier] = daily.get(need.carrier, Decimal(0)) + amount
    cap = rule.monthly_cap_per_carrier_yuan
    out = {}
    for carrier, amount in sorted(daily.items()):
        month = amount * days_per_year / 12
        month = month if cap is None else min(month, cap)
        out[carrier] = (month * 12).quantize(Decimal("0.01"), rounding=rounding)
    return out


def _months(fund: FundLine, yearly: Decimal, budget: Budget) -> Decimal | None:
    if yearly <= 0:
        return None
    remaining = max(fund.total_yuan - budget.paid_yuan(fund.name), Decimal(0))
    return (remaining / (yearly / 12)).quantize(Decimal("0.1"), rounding="ROUND_FLOOR")
