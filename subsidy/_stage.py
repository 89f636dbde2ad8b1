"""A rule's claims on their way to payment: what each asked for and what each cut took."""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import numpy.typing as npt

from subsidy.allocation import share

Ints = npt.NDArray[np.int64]
Strs = npt.NDArray[np.str_]


@dataclass
class Stage:
    """The eligible claims of one rule (one entry per claim in every array).

    ``paid`` starts at ``requested`` and every cut lowers it, recording what it took under its
    reason, so ``requested == paid + sum(cuts)`` holds throughout.
    """

    rule: str
    fund_line: str
    claimed_label: str
    claim_ids: Strs
    payee: Strs
    requested: Ints
    accepted_day: Ints
    day: Ints
    position: Ints
    parcels: Ints
    paid: Ints = field(init=False)
    cuts: dict[str, Ints] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self.paid = self.requested.copy()

    def cut_to(self, reason: str, new_paid: Ints) -> None:
        """Lower ``paid`` to ``new_paid`` (never raise it); book the difference to ``reason``."""
        new_paid = np.minimum(new_paid, self.paid)
        self.cuts[reason] = self.cuts.get(reason, np.zeros_like(self.paid)) + (self.paid - new_paid)
        self.paid = new_paid

    def cap_per_payee(self, reason: str, cap_hao: int | None, mode: str) -> None:
        """Cut each payee's claims to ``cap_hao`` in total under the cut-back rule ``mode``."""
        if cap_hao is None:
            return
        new_paid = self.paid.copy()
        for _, idx in groups(self.payee):
            order = np.lexsort((self.position[idx], self.day[idx], self.accepted_day[idx]))
            new_paid[idx] = share(self.paid[idx], cap_hao, order, mode)
        self.cut_to(reason, new_paid)


def groups(values: Strs) -> list[tuple[str, npt.NDArray[np.intp]]]:
    """Each distinct value (sorted) with the indices where it occurs (in input order)."""
    keys, inverse = np.unique(values, return_inverse=True)
    order = np.argsort(inverse, kind="stable")
    starts = np.flatnonzero(np.diff(inverse[order], prepend=-1))
    return list(zip(keys.tolist(), np.split(order, starts[1:]), strict=True)) if len(order) else []


def day_numbers(days: npt.NDArray[np.datetime64]) -> Ints:
    """Days since 1970 as integers (for ordering)."""
    return days.astype("datetime64[D]").astype(np.int64)
