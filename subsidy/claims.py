"""Claims as submitted: parcels (one or an aggregate), shop fees, milestones, special-subsidy
projects; and the period.

Claim records keep what was submitted (money and dates may still be strings, as read from a
CSV); :func:`subsidy.calculate` checks them and reports each bad record with its field instead of
stopping the batch.
"""

from __future__ import annotations

import calendar
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from network.errors import InputError

Money = Decimal | int | str
Day = date | str


@dataclass(frozen=True)
class Period:
    """A statement period, both days inclusive (normally a calendar month)."""

    start: date
    end: date
    label: str

    def __post_init__(self) -> None:
        if self.end < self.start:
            raise InputError(f"period ends {self.end} before it starts {self.start}", field="end")

    @classmethod
    def month(cls, year: int, month: int) -> Period:
        """The calendar month, labelled ``YYYY-MM``."""
        last = calendar.monthrange(year, month)[1]
        return cls(date(year, month, 1), date(year, month, last), f"{year:04d}-{month:02d}")

    def __contains__(self, day: object) -> bool:
        return isinstance(day, date) and self.start <= day <= self.end


@dataclass(frozen=True)
class ParcelClaim:
    """Upward (or downward) parcels sent by a carrier from a village: one parcel or an aggregate.

    Attributes:
        claim_id: the parcel id (waybill) or aggregate id; unique for ever.
        price_yuan: price charged to the sender per parcel (the local price).
        benchmark_yuan: comparable-area price per parcel; None = the policy's table by weight band.
        date: the day the parcels were sent.
        accepted_on: day the claim passed acceptance; None = not yet (it is held, not paid).
        parcels: number of parcels the record stands for (same price each).
        village_surcharge_yuan: extra charged to the village per parcel (a second charge).
        direction: ``up`` (out of the village: subsidised) or ``down``.
        row: the record's row in its source file, for error messages.
    """

    claim_id: str
    carrier: str
    village: str
    product: str
    price_yuan: Money
    date: Day
    accepted_on: Day | None = None
    benchmark_yuan: Money | None = None
    weight_band: str = ""
    parcels: int | str = 1
    village_surcharge_yuan: Money = 0
    direction: str = "up"
    row: int | None = None


@dataclass(frozen=True)
class ShopFeeClaim:
    """A registered poor household's online-shop network fee for one month.

    ``registered_poor`` is a bool, or text as read from a file (1/0, true/false, yes/no, 是/否).
    """

    claim_id: str
    household: str
    village: str
    fee_yuan: Money
    date: Day
    accepted_on: Day | None = None
    registered_poor: bool | str = True
    row: int | None = None


@dataclass(frozen=True)
class MilestoneClaim:
    """A carrier's or station's milestone for a reward rule (parcels so far, or coverage %)."""

    claim_id: str
    rule: str
    payee: str
    value: Money
    date: Day
    accepted_on: Day | None = None
    row: int | None = None


@dataclass(frozen=True)
class SpecialClaim:
    """An accepted project under a special-subsidy rule: its payee and its cost."""

    claim_id: str
    rule: str
    payee: str
    cost_yuan: Money
    date: Day
    accepted_on: Day | None = None
    row: int | None = None


Claim = ParcelClaim | ShopFeeClaim | MilestoneClaim | SpecialClaim

_PARCEL_COLUMNS = (
    "claim_id",
    "carrier",
    "village",
    "product",
    "weight_band",
    "price_yuan",
    "benchmark_yuan",
    "parcels",
    "village_surcharge_yuan",
    "direction",
    "date",
    "accepted_on",
)
_SHOP_FEE_COLUMNS = (
    "claim_id",
    "household",
    "village",
    "fee_yuan",
    "registered_poor",
    "date",
    "accepted_on",
)
_MILESTONE_COLUMNS = ("claim_id", "rule", "payee", "value", "date", "accepted_on")
_SPECIAL_COLUMNS = ("claim_id", "rule", "payee", "cost_yuan", "date", "accepted_on")
_OPTIONAL = {
    "accepted_on",
    "benchmark_yuan",
    "weight_band",
    "parcels",
    "village_surcharge_yuan",
    "direction",
}


def claims_from_rows(rows: Iterable[Mapping[str, Any]], *, first_row: int = 2) -> list[ParcelClaim]:
    """Parcel claims from dict rows (e.g. ``csv.DictReader``), values kept as given.

    Columns: ``claim_id, carrier, village, product, price_yuan, date`` and optionally
    ``weight_band, benchmark_yuan, parcels, village_surcharge_yuan, direction, accepted_on``.
    Empty cells of optional columns mean "not given". Rows are numbered from ``first_row``
    (2 = the first data row under a CSV header) for error messages. Unknown columns are an
    error, since a misspelt column would silently drop data; bad values are reported per
    record by :func:`subsidy.calculate`.
    """
    return [ParcelClaim(**kw) for kw in _records(rows, _PARCEL_COLUMNS, first_row)]


def shop_fee_claims_from_rows(
    rows: Iterable[Mapping[str, Any]], *, first_row: int = 2
) -> list[ShopFeeClaim]:
    """Shop-fee claims from dict rows, like :func:`claims_from_rows`.

    Columns: ``claim_id, household, village, fee_yuan, registered_poor`` (1/0, true/false,
    yes/no, 是/否: required, since it decides whether money is paid), ``date`` (a day of the
    month supported) and optionally ``accepted_on``.
    """
    return [ShopFeeClaim(**kw) for kw in _records(rows, _SHOP_FEE_COLUMNS, first_row)]


def milestone_claims_from_rows(
    rows: Iterable[Mapping[str, Any]], *, first_row: int = 2
) -> list[MilestoneClaim]:
    """Milestone claims for reward rules from dict rows, like :func:`claims_from_rows`.

    Columns: ``claim_id, rule, payee, value, date`` and optionally ``accepted_on``.
    """
    return [MilestoneClaim(**kw) for kw in _records(rows, _MILESTONE_COLUMNS, first_row)]


def special_claims_from_rows(
    rows: Iterable[Mapping[str, Any]], *, first_row: int = 2
) -> list[SpecialClaim]:
    """Special-subsidy project claims from dict rows, like :func:`claims_from_rows`.

    Columns: ``claim_id, rule, payee, cost_yuan, date`` and optionally ``accepted_on``.
    """
    return [SpecialClaim(**kw) for kw in _records(rows, _SPECIAL_COLUMNS, first_row)]


def _records(
    rows: Iterable[Mapping[str, Any]], columns: tuple[str, ...], first_row: int
) -> list[dict[str, Any]]:
    """Keyword arguments per row: stripped values, empty optional cells left out, the row kept.

    A missing required value becomes ``""``, which the calculation reports for that record.
    """
    records = []
    for number, row in enumerate(rows, start=first_row):
        unknown = set(row) - set(columns)
        if unknown:
            raise InputError(f"unknown column(s) {sorted(unknown)}", row=number, field=min(unknown))
        given = {k: v.strip() if isinstance(v, str) else v for k, v in row.items()}
        given = {k: v for k, v in given.items() if v not in ("", None)}
        for required in (c for c in columns if c not in _OPTIONAL):
            given.setdefault(required, "")
        records.append({**given, "row": number})
    return records
