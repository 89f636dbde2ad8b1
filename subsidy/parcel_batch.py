"""Parcel claims as columns (numpy), the form the calculation works on.

A million claim objects are slow to check one by one; columns are checked and computed at once.
Build a batch from claim records (:meth:`ParcelBatch.from_claims`, which reports records it
cannot read) or directly from arrays (money in integer hao, dates as ``datetime64[D]``).
"""

from __future__ import annotations

import itertools
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import date

import numpy as np
import numpy.typing as npt

from network.errors import InputError
from network.texts import Message
from subsidy.claims import ParcelClaim, claim_error
from subsidy.money import to_hao

NO_BENCHMARK = int(np.iinfo(np.int64).min)
"""``benchmark_hao`` value meaning "take the policy's benchmark for the weight band"."""

Strs = npt.NDArray[np.str_]
Ints = npt.NDArray[np.int64]
Days = npt.NDArray[np.datetime64]


@dataclass(frozen=True, eq=False)
class ParcelBatch:
    """Parcel claims column by column (all arrays have one entry per claim).

    Money columns are integer hao per parcel (1 yuan = 10,000 hao); ``benchmark_hao`` is
    :data:`NO_BENCHMARK` where the claim gives none; ``accepted`` is ``NaT`` where the claim
    has not passed acceptance; ``record`` numbers the claims for error messages and ``source``
    (optional) names the file each claim was read from (``""``: none).
    """

    claim_id: Strs
    carrier: Strs
    village: Strs
    product: Strs
    weight_band: Strs
    up: npt.NDArray[np.bool_]
    parcels: Ints
    price_hao: Ints
    benchmark_hao: Ints
    surcharge_hao: Ints
    day: Days
    accepted: Days
    record: Ints
    source: Strs | None = None

    def __post_init__(self) -> None:
        lengths = {name: len(getattr(self, name)) for name in _COLUMNS}
        if self.source is not None:
            lengths["source"] = len(self.source)
        if len(set(lengths.values())) > 1:
            raise InputError(
                Message("columns differ in length: {lengths}", lengths=lengths), field="ParcelBatch"
            )

    def __len__(self) -> int:
        return len(self.claim_id)

    def take(self, mask: npt.NDArray[np.bool_]) -> ParcelBatch:
        """The claims where ``mask`` is true."""
        if mask.all():
            return self  # immutable, so sharing is safe and saves copying a million strings
        source = None if self.source is None else self.source[mask]
        return ParcelBatch(**{name: getattr(self, name)[mask] for name in _COLUMNS}, source=source)

    def file_of(self, i: int) -> str | None:
        """The file claim ``i`` was read from, or None."""
        return None if self.source is None else (str(self.source[i]) or None)

    @classmethod
    def from_claims(
        cls, claims: Iterable[ParcelClaim], *, positions: Iterable[int] | None = None
    ) -> tuple[ParcelBatch, list[InputError]]:
        """A batch of the readable claims, and one error per record that cannot be read.

        A record is numbered by its ``row`` when it has one, else by its position (from
        ``positions``, or counting from 1).
        """
        rows: list[tuple[object, ...]] = []
        files: list[str] = []
        errors = []
        for position, claim in zip(positions or itertools.count(1), claims, strict=False):
            record = claim.row if claim.row is not None else position
            try:
                rows.append(_read(claim, record))
                files.append(claim.file or "")
            except InputError as err:
                errors.append(
                    claim_error(err, claim_id=claim.claim_id, file=claim.file, row=record)
                )
        columns = list(zip(*rows, strict=True)) or [()] * len(_COLUMNS)
        batch = cls.from_lists(dict(zip(_COLUMNS, columns, strict=True)))
        if any(files):  # claims read from named files: errors found later name them too
            batch = replace(batch, source=np.asarray(files, dtype=np.str_))
        return batch, errors

    @classmethod
    def from_lists(cls, columns: Mapping[str, Sequence[object]]) -> ParcelBatch:
        """A batch from plain sequences, one per column (same names as the fields)."""
        kinds: dict[str, object] = {"up": bool, "day": "datetime64[D]", "accepted": "datetime64[D]"}
        arrays = {}
        for name in _COLUMNS:
            kind = kinds.get(name, np.int64 if name in _INT_COLUMNS else np.str_)
            arrays[name] = np.asarray(columns[name], dtype=kind)  # type: ignore[call-overload]
        return cls(**arrays)


_COLUMNS = (
    "claim_id",
    "carrier",
    "village",
    "product",
    "weight_band",
    "up",
    "parcels",
    "price_hao",
    "benchmark_hao",
    "surcharge_hao",
    "day",
    "accepted",
    "record",
)
_INT_COLUMNS = {"parcels", "price_hao", "benchmark_hao", "surcharge_hao", "record"}


def _read(claim: ParcelClaim, record: int) -> tuple[object, ...]:
    """One claim's column values; raises InputError (field named) for what cannot be read."""
    if claim.direction not in ("up", "down"):
        raise InputError(
            Message("{direction!r} is not up or down", direction=claim.direction), field="direction"
        )
    try:
        parcels = int(claim.parcels)
    except ValueError:
        raise InputError(
            Message("{parcels!r} is not a whole number", parcels=claim.parcels), field="parcels"
        ) from None
    bench = (
        NO_BENCHMARK
        if claim.benchmark_yuan is None
        else to_hao(claim.benchmark_yuan, field="benchmark_yuan")
    )
    accepted = None if claim.accepted_on is None else parse_day(claim.accepted_on, "accepted_on")
    return (
        str(claim.claim_id),
        str(claim.carrier),
        str(claim.village),
        str(claim.product),
        str(claim.weight_band),
        claim.direction == "up",
        parcels,
        to_hao(claim.price_yuan, field="price_yuan"),
        bench,
        to_hao(claim.village_surcharge_yuan, field="village_surcharge_yuan"),
        parse_day(claim.date, "date"),
        np.datetime64("NaT") if accepted is None else accepted,
        record,
    )


def parse_day(value: date | str, name: str) -> date:
    """A date from a date or a ``YYYY-MM-DD`` string; InputError naming ``name`` otherwise."""
    if isinstance(value, date):
        return value
    try:
        return date.fromisoformat(value.strip())
    except (ValueError, AttributeError):
        raise InputError(
            Message("{value!r} is not a date (YYYY-MM-DD)", value=value), field=name
        ) from None
