"""Claims as submitted: parcels (one or an aggregate), shop fees, milestones, special-subsidy
projects; and the period.

Claim records keep what was submitted (money and dates may still be strings, as read from a
CSV); :func:`subsidy.calculate` checks them and reports each bad record with its field instead of
stopping the batch.
"""

from __future__ import annotations

import calendar
from collections.abc import Iterable, Mapping
from dataclasses import MISSING, dataclass, field, fields
from datetime import date
from decimal import Decimal
from typing import Any, TypeVar, overload

from network.errors import InputError
from network.texts import Message

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
            raise InputError(
                Message(
                    "period ends {end} before it starts {start}", end=self.end, start=self.start
                ),
                field="end",
            )

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
        file: the source file's name, for error messages (None: the caller names it).
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
    file: str | None = None


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
    # a required column when read from rows: it decides whether money is paid
    registered_poor: bool | str = field(default=True, metadata={"column": "required"})
    row: int | None = None
    file: str | None = None


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
    file: str | None = None


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
    file: str | None = None


Claim = ParcelClaim | ShopFeeClaim | MilestoneClaim | SpecialClaim

ClaimT = TypeVar("ClaimT", ParcelClaim, ShopFeeClaim, MilestoneClaim, SpecialClaim)


@overload
def claims_from_rows(
    rows: Iterable[Mapping[str, Any]], *, first_row: int = 2, file: str | None = None
) -> list[ParcelClaim]: ...


@overload
def claims_from_rows(
    rows: Iterable[Mapping[str, Any]],
    kind: type[ClaimT],
    *,
    first_row: int = 2,
    file: str | None = None,
) -> list[ClaimT]: ...


def claims_from_rows(
    rows: Iterable[Mapping[str, Any]],
    kind: type[Any] = ParcelClaim,
    *,
    first_row: int = 2,
    file: str | None = None,
) -> list[Any]:
    """Claims of one ``kind`` (``ParcelClaim`` by default, ``ShopFeeClaim``,
    ``MilestoneClaim`` or ``SpecialClaim``) from dict rows (e.g. ``csv.DictReader``), values
    kept as given.

    The columns are the claim's fields (all but ``row``): those without a default are
    required, and so is ``registered_poor`` of a shop-fee claim (it decides whether money is
    paid); empty cells of optional columns mean "not given". Parcel claims:
    ``claim_id, carrier, village, product, price_yuan, date`` and optionally ``weight_band,
    benchmark_yuan, parcels, village_surcharge_yuan, direction, accepted_on``; shop fees:
    ``claim_id, household, village, fee_yuan, registered_poor, date[, accepted_on]``;
    milestones: ``claim_id, rule, payee, value, date[, accepted_on]``; special projects:
    ``claim_id, rule, payee, cost_yuan, date[, accepted_on]``.

    Rows are numbered from ``first_row`` (2 = the first data row under a CSV header) and, with
    ``file``, named by their file too, for error messages. Unknown columns are an error, since a
    misspelt column would silently drop data; bad values are reported per record by
    :func:`subsidy.calculate`.
    """
    if kind not in (ParcelClaim, ShopFeeClaim, MilestoneClaim, SpecialClaim):
        raise InputError(Message("not a kind of claim: {kind!r}", kind=kind), field="kind")
    columns = [f for f in fields(kind) if f.name not in ("row", "file")]
    required = {
        f.name
        for f in columns
        if (f.default is MISSING and f.default_factory is MISSING)
        or f.metadata.get("column") == "required"
    }
    names = {f.name for f in columns}
    return [kind(**kw) for kw in _records(rows, names, required, first_row, file)]


def _records(
    rows: Iterable[Mapping[str, Any]],
    columns: set[str],
    required: set[str],
    first_row: int,
    file: str | None,
) -> list[dict[str, Any]]:
    """Keyword arguments per row: stripped values, empty optional cells left out, the row kept.

    A missing required value becomes ``""``, which the calculation reports for that record.
    """
    records = []
    for number, row in enumerate(rows, start=first_row):
        unknown = set(row) - columns
        if unknown:
            raise InputError(
                Message("unknown column(s) {columns}", columns=sorted(unknown)),
                file=file,
                row=number,
                field=min(unknown),
            )
        given = {k: v.strip() if isinstance(v, str) else v for k, v in row.items()}
        given = {k: v for k, v in given.items() if v not in ("", None)}
        for name in required:
            given.setdefault(name, "")
        records.append({**given, "row": number, "file": file})
    return records


def claim_error(err: InputError, *, claim_id: str, file: str | None, row: int) -> InputError:
    """``err`` about one claim: its id first, then the claim's file and row (language kept)."""
    return InputError(
        Message("claim {claim_id!r}: {message}", claim_id=claim_id, message=err.message),
        file=file,
        row=row,
        field=err.field,
    )
