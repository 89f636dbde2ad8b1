"""What a calculation produces: the statement, its lines with their audit trail, and the
budget state carried to the next period. All are immutable values."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from types import MappingProxyType
from typing import Any

import numpy as np
import numpy.typing as npt

from network.errors import InputError
from network.texts import Message
from subsidy.claims import Period
from subsidy.money import fen_to_yuan, hao_to_yuan
from subsidy.policy import Policy


def _frozen(mapping: Mapping[str, int] | None = None) -> Mapping[str, int]:
    return MappingProxyType(dict(mapping or {}))


@dataclass(frozen=True)
class Budget:
    """What the fund has paid so far, and what every later statement must remember.

    Attributes:
        paid_fen: per fund line, the fen paid so far (net of clawbacks).
        settled: claim ids already decided (paid, cut or ineligible): never paid again.
        pending: claim ids held for acceptance; they may come back in a later period.
        reversed: claim ids already clawed back.
        household_paid_fen: shop-fee support paid per household (for its programme cap).
        tiers_awarded: ``"rule/payee"`` -> number of reward tiers already paid.
    """

    paid_fen: Mapping[str, int] = field(default_factory=_frozen)
    settled: frozenset[str] = frozenset()
    pending: frozenset[str] = frozenset()
    reversed: frozenset[str] = frozenset()
    household_paid_fen: Mapping[str, int] = field(default_factory=_frozen)
    tiers_awarded: Mapping[str, int] = field(default_factory=_frozen)

    def __post_init__(self) -> None:
        for name in ("paid_fen", "household_paid_fen", "tiers_awarded"):
            object.__setattr__(self, name, _frozen(getattr(self, name)))

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready form, to keep the budget between runs (sorted, so files diff well)."""
        return {
            "paid_fen": dict(sorted(self.paid_fen.items())),
            "settled": sorted(self.settled),
            "pending": sorted(self.pending),
            "reversed": sorted(self.reversed),
            "household_paid_fen": dict(sorted(self.household_paid_fen.items())),
            "tiers_awarded": dict(sorted(self.tiers_awarded.items())),
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Budget:
        """The budget saved by :meth:`to_dict`."""
        try:
            return cls(
                paid_fen={str(k): int(v) for k, v in data["paid_fen"].items()},
                settled=frozenset(data["settled"]),
                pending=frozenset(data["pending"]),
                reversed=frozenset(data["reversed"]),
                household_paid_fen={str(k): int(v) for k, v in data["household_paid_fen"].items()},
                tiers_awarded={str(k): int(v) for k, v in data["tiers_awarded"].items()},
            )
        except KeyError as err:
            raise InputError(
                Message("is missing from the saved budget"), field=str(err.args[0])
            ) from None

    def paid_yuan(self, fund_line: str) -> Decimal:
        """Paid so far from a fund line."""
        return fen_to_yuan(self.paid_fen.get(fund_line, 0))

    def remaining_yuan(self, policy: Policy, fund_line: str) -> Decimal:
        """What a fund line can still pay."""
        total = next(f.total_yuan for f in policy.fund_lines if f.name == fund_line)
        return total - self.paid_yuan(fund_line)


@dataclass(frozen=True, eq=False)
class ClaimLedger:
    """Per claim of a line: what it asked for, what each cut took, what it was paid (hao).

    For every claim ``requested = paid + sum of its cuts``; arrays are read-only.
    """

    claim_ids: npt.NDArray[np.str_]
    requested_hao: npt.NDArray[np.int64]
    paid_hao: npt.NDArray[np.int64]
    cuts_hao: Mapping[str, npt.NDArray[np.int64]]

    def __post_init__(self) -> None:
        for arr in (self.claim_ids, self.requested_hao, self.paid_hao, *self.cuts_hao.values()):
            arr.flags.writeable = False
        object.__setattr__(self, "cuts_hao", MappingProxyType(dict(self.cuts_hao)))

    def __len__(self) -> int:
        return len(self.claim_ids)

    def __eq__(self, other: object) -> bool:
        """Same claims with the same amounts and cuts (so statements compare by value)."""
        if not isinstance(other, ClaimLedger):
            return NotImplemented
        mine, theirs = self.cuts_hao, other.cuts_hao
        return (
            np.array_equal(self.claim_ids, other.claim_ids)
            and np.array_equal(self.requested_hao, other.requested_hao)
            and np.array_equal(self.paid_hao, other.paid_hao)
            and mine.keys() == theirs.keys()
            and all(np.array_equal(mine[r], theirs[r]) for r in mine)
        )

    def index(self, claim_id: str) -> int | None:
        """Position of a claim in this line, or None."""
        hits = np.flatnonzero(self.claim_ids == claim_id)
        return int(hits[0]) if len(hits) else None

    def paid_yuan(self, claim_id: str) -> Decimal:
        """Exact amount (4 decimals) paid to one claim of this line."""
        i = self.index(claim_id)
        if i is None:
            raise InputError(
                Message("claim {claim_id!r} is not in this line", claim_id=claim_id),
                field="claim_id",
            )
        return hao_to_yuan(int(self.paid_hao[i]))

    def cuts_of(self, claim_id: str) -> dict[str, Decimal]:
        """Reason -> exact amount cut from one claim (reasons that cut nothing are left out)."""
        i = self.index(claim_id)
        if i is None:
            raise InputError(
                Message("claim {claim_id!r} is not in this line", claim_id=claim_id),
                field="claim_id",
            )
        return {r: hao_to_yuan(int(a[i])) for r, a in self.cuts_hao.items() if a[i]}


@dataclass(frozen=True)
class StatementLine:
    """One payee under one rule: the amount and how it came about.

    Attributes:
        ref: ``"<period>/L<n>"``, how later statements refer to this line.
        payee: carrier, station or household.
        rule: ``parity``, ``shop_fee``, a reward or special rule's name, or ``reversal:<rule>``.
        fund_line: the fund line charged (a reversal credits it back).
        amount_yuan: the amount paid, rounded to the fen.
        exact_yuan: the unrounded amount (to the hao, 4 decimals).
        basis: the audit trail: (label, yuan) steps; the steps before ``= exact`` add up to
            ``exact_yuan``.
        cuts_yuan: reason -> exact amount cut (the cap or fund line that cut it).
        claims: the per-claim ledger.
        reverses: for a reversal, the ``ref`` of the original line.
    """

    ref: str
    payee: str
    rule: str
    fund_line: str
    amount_yuan: Decimal
    exact_yuan: Decimal
    basis: tuple[tuple[str, Decimal], ...]
    cuts_yuan: Mapping[str, Decimal]
    claims: ClaimLedger
    reverses: str | None = None

    def __post_init__(self) -> None:
        object.__setattr__(self, "cuts_yuan", MappingProxyType(dict(self.cuts_yuan)))


@dataclass(frozen=True)
class Unpaid:
    """Valid claims not paid this period for one reason (not eligible, not accepted, ...).

    ``pending`` claims wait for acceptance and may be paid by a later statement.
    """

    rule: str
    reason: str
    claim_ids: tuple[str, ...]
    pending: bool = False


@dataclass(frozen=True)
class SurchargeFlag:
    """A carrier charged a village a second time (per carrier and village, this period)."""

    carrier: str
    village: str
    parcels: int
    surcharge_yuan: Decimal
    deducted_yuan: Decimal
    claim_ids: tuple[str, ...]


@dataclass(frozen=True)
class Clawback:
    """A claim paid in ``original`` and later found false: reverse it in the next statement."""

    original: Statement
    claim_id: str
    reason: str


@dataclass(frozen=True)
class Statement:
    """A period's statement: lines, rejected records, unpaid claims, flags and budgets."""

    period: Period
    lines: tuple[StatementLine, ...]
    rejected: tuple[InputError, ...]
    unpaid: tuple[Unpaid, ...]
    flags: tuple[SurchargeFlag, ...]
    budget_before: Budget
    budget_after: Budget
    rounding: str

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready form, to keep the statement for later clawbacks and audits."""
        from subsidy.statement_json import statement_to_dict  # it imports this module

        return statement_to_dict(self)

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Statement:
        """The statement saved by :meth:`to_dict`; errors name the key path."""
        from subsidy.statement_json import statement_from_dict  # it imports this module

        return statement_from_dict(data)

    @property
    def total_yuan(self) -> Decimal:
        """The statement total: the sum of its rounded lines."""
        return sum((line.amount_yuan for line in self.lines), Decimal("0.00"))

    def by_fund_line_yuan(self) -> dict[str, Decimal]:
        """Net amount charged to each fund line in this statement."""
        totals: dict[str, Decimal] = {}
        for line in self.lines:
            totals[line.fund_line] = totals.get(line.fund_line, Decimal("0.00")) + line.amount_yuan
        return totals

    def line(self, ref: str) -> StatementLine:
        """The line with this ref."""
        for line in self.lines:
            if line.ref == ref:
                return line
        raise InputError(
            Message("no line {ref!r} in statement {label}", ref=ref, label=self.period.label),
            field="ref",
        )

    def line_of_claim(self, claim_id: str) -> StatementLine | None:
        """The payment line holding a claim, or None."""
        for line in self.lines:
            if line.reverses is None and line.claims.index(claim_id) is not None:
                return line
        return None


def fen_of(amount_yuan: Decimal) -> int:
    """Whole fen of an amount already rounded to the fen."""
    return int(amount_yuan.scaleb(2))
