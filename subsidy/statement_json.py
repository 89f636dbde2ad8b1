"""A statement as plain JSON-ready data, so that it outlives the run that computed it.

The finance bureau pays a statement in one month and an auditor's clawback refers to its lines
months later, from another program run: :func:`statement_to_dict` keeps everything a clawback
and an audit need (lines with refs, audit trail, cuts, per-claim ledgers, rejected records,
unpaid claims, flags, budgets, totals) and :func:`statement_from_dict` gives the statement back.
Money is written as decimal strings (exact, keeping their decimals), ledger amounts as integer
hao, dates as ``YYYY-MM-DD``. The totals are written for readers and checked on reading, so a
hand-edited file is refused rather than paid from.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from decimal import Decimal
from typing import Any

import numpy as np
import numpy.typing as npt

from network.errors import InputError
from network.texts import Message
from subsidy.claims import Period
from subsidy.money import to_decimal
from subsidy.parcel_batch import parse_day
from subsidy.statement import (
    Budget,
    ClaimLedger,
    Statement,
    StatementLine,
    SurchargeFlag,
    Unpaid,
)

FORMAT = "subsidy.statement/1"
"""The ``format`` tag of a saved statement; a file without it is not read."""


def statement_to_dict(statement: Statement) -> dict[str, Any]:
    """A JSON-ready dict of the whole statement (see the module docstring)."""
    period = statement.period
    return {
        "format": FORMAT,
        "period": {"start": period.start.isoformat(), "end": period.end.isoformat(),
                   "label": period.label},
        "rounding": statement.rounding,
        "total_yuan": str(statement.total_yuan),
        "by_fund_line_yuan": {k: str(v) for k, v in statement.by_fund_line_yuan().items()},
        "lines": [_line_to_dict(line) for line in statement.lines],
        "rejected": [
            {"message": str(e.message), "file": e.file, "row": e.row, "field": e.field}
            for e in statement.rejected
        ],
        "unpaid": [
            {"rule": u.rule, "reason": u.reason, "claim_ids": list(u.claim_ids),
             "pending": u.pending}
            for u in statement.unpaid
        ],
        "flags": [
            {"carrier": f.carrier, "village": f.village, "parcels": f.parcels,
             "surcharge_yuan": str(f.surcharge_yuan), "deducted_yuan": str(f.deducted_yuan),
             "claim_ids": list(f.claim_ids)}
            for f in statement.flags
        ],
        "budget_before": statement.budget_before.to_dict(),
        "budget_after": statement.budget_after.to_dict(),
    }  # fmt: skip


def _line_to_dict(line: StatementLine) -> dict[str, Any]:
    ledger = line.claims
    return {
        "ref": line.ref,
        "payee": line.payee,
        "rule": line.rule,
        "fund_line": line.fund_line,
        "amount_yuan": str(line.amount_yuan),
        "exact_yuan": str(line.exact_yuan),
        "basis": [[label, str(value)] for label, value in line.basis],
        "cuts_yuan": {reason: str(value) for reason, value in line.cuts_yuan.items()},
        "reverses": line.reverses,
        "claims": {
            "claim_ids": ledger.claim_ids.tolist(),
            "requested_hao": ledger.requested_hao.tolist(),
            "paid_hao": ledger.paid_hao.tolist(),
            "cuts_hao": {reason: a.tolist() for reason, a in ledger.cuts_hao.items()},
        },
    }


def statement_from_dict(data: Mapping[str, Any]) -> Statement:
    """The statement saved by :func:`statement_to_dict` (e.g. after ``json.loads``).

    Raises :class:`network.InputError` naming the key path of anything missing or unreadable.
    """
    if _at(data, "format", "") != FORMAT:
        raise InputError(
            Message("is not {format!r}: not a saved statement", format=FORMAT), field="format"
        )
    period = _at(data, "period", "")
    lines = tuple(_line(item, f"lines[{i}]") for i, item in enumerate(_list(data, "lines", "")))
    statement = Statement(
        period=Period(
            _day(period, "start", "period"), _day(period, "end", "period"),
            _str(period, "label", "period"),
        ),
        lines=lines,
        rejected=tuple(_rejected(item, f"rejected[{i}]")
                       for i, item in enumerate(_list(data, "rejected", ""))),
        unpaid=tuple(_unpaid(item, f"unpaid[{i}]")
                     for i, item in enumerate(_list(data, "unpaid", ""))),
        flags=tuple(_flag(item, f"flags[{i}]")
                    for i, item in enumerate(_list(data, "flags", ""))),
        budget_before=_budget(data, "budget_before"),
        budget_after=_budget(data, "budget_after"),
        rounding=_str(data, "rounding", ""),
    )  # fmt: skip
    if statement.total_yuan != _money(data, "total_yuan", ""):
        raise InputError(
            Message(
                "{saved} is not the sum of the lines ({total_yuan})",
                saved=data["total_yuan"],
                total_yuan=statement.total_yuan,
            ),
            field="total_yuan",
        )
    return statement


def _line(item: Any, path: str) -> StatementLine:
    claims = _at(item, "claims", path)
    where = f"{path}.claims"
    ids = _strs(_list(claims, "claim_ids", where), f"{where}.claim_ids")
    cuts = _at(claims, "cuts_hao", where)
    ledger = ClaimLedger(
        claim_ids=ids,
        requested_hao=_hao(claims, "requested_hao", where, len(ids)),
        paid_hao=_hao(claims, "paid_hao", where, len(ids)),
        cuts_hao={str(r): _hao(cuts, r, f"{where}.cuts_hao", len(ids)) for r in _keys(cuts, where)},
    )
    basis = _list(item, "basis", path)
    cuts_yuan = _at(item, "cuts_yuan", path)
    reverses = _at(item, "reverses", path)
    return StatementLine(
        ref=_str(item, "ref", path),
        payee=_str(item, "payee", path),
        rule=_str(item, "rule", path),
        fund_line=_str(item, "fund_line", path),
        amount_yuan=_money(item, "amount_yuan", path),
        exact_yuan=_money(item, "exact_yuan", path),
        basis=tuple(
            (_str(step, 0, f"{path}.basis[{i}]"), _money(step, 1, f"{path}.basis[{i}]"))
            for i, step in enumerate(basis)
        ),
        cuts_yuan={
            str(r): _money(cuts_yuan, r, f"{path}.cuts_yuan") for r in _keys(cuts_yuan, path)
        },
        claims=ledger,
        reverses=None if reverses is None else _str(item, "reverses", path),
    )


def _rejected(item: Any, path: str) -> InputError:
    row = _at(item, "row", path)
    return InputError(
        _str(item, "message", path),
        file=_optional_str(item, "file", path),
        row=None if row is None else _int(item, "row", path),
        field=_optional_str(item, "field", path),
    )


def _unpaid(item: Any, path: str) -> Unpaid:
    pending = _at(item, "pending", path)
    if not isinstance(pending, bool):
        raise InputError(
            Message("{pending!r} is not true or false", pending=pending), field=f"{path}.pending"
        )
    ids = _list(item, "claim_ids", path)
    return Unpaid(
        rule=_str(item, "rule", path),
        reason=_str(item, "reason", path),
        claim_ids=tuple(_strs(ids, f"{path}.claim_ids").tolist()),
        pending=pending,
    )


def _flag(item: Any, path: str) -> SurchargeFlag:
    ids = _list(item, "claim_ids", path)
    return SurchargeFlag(
        carrier=_str(item, "carrier", path),
        village=_str(item, "village", path),
        parcels=_int(item, "parcels", path),
        surcharge_yuan=_money(item, "surcharge_yuan", path),
        deducted_yuan=_money(item, "deducted_yuan", path),
        claim_ids=tuple(_strs(ids, f"{path}.claim_ids").tolist()),
    )


def _budget(data: Mapping[str, Any], key: str) -> Budget:
    try:
        return Budget.from_dict(_at(data, key, ""))
    except (InputError, AttributeError, TypeError, ValueError) as err:
        inner = err.field if isinstance(err, InputError) else None
        detail = err.message if isinstance(err, InputError) else Message("is not a saved budget")
        raise InputError(detail, field=f"{key}.{inner}" if inner else key) from None


# Readers: each takes the container, the key and the path of the container, and raises an
# InputError naming the full key path when the value is missing or of the wrong kind.


def _name(path: str, key: str | int) -> str:
    if isinstance(key, int):
        return f"{path}[{key}]"
    return f"{path}.{key}" if path else key


def _at(data: Any, key: str | int, path: str) -> Any:
    try:
        return data[key]
    except (KeyError, IndexError, TypeError):
        raise InputError(
            Message("is missing from the saved statement"), field=_name(path, key)
        ) from None


def _str(data: Any, key: str | int, path: str) -> str:
    value = _at(data, key, path)
    if not isinstance(value, str):
        raise InputError(Message("{value!r} is not text", value=value), field=_name(path, key))
    return value


def _optional_str(data: Any, key: str, path: str) -> str | None:
    return None if _at(data, key, path) is None else _str(data, key, path)


def _int(data: Any, key: str, path: str) -> int:
    value = _at(data, key, path)
    if type(value) is not int:
        raise InputError(
            Message("{value!r} is not a whole number", value=value), field=_name(path, key)
        )
    return value


def _money(data: Any, key: str | int, path: str) -> Decimal:
    return to_decimal(_at(data, key, path), field=_name(path, key))


def _day(data: Any, key: str, path: str) -> date:
    return parse_day(_at(data, key, path), _name(path, key))


def _list(data: Any, key: str, path: str) -> list[Any]:
    value = _at(data, key, path)
    if not isinstance(value, list):
        raise InputError(Message("is not a list"), field=_name(path, key))
    return value


def _keys(data: Any, path: str) -> list[str]:
    if not isinstance(data, Mapping):
        raise InputError(Message("is not a table"), field=path)
    return [str(k) for k in data]


def _strs(values: list[Any], path: str) -> npt.NDArray[np.str_]:
    if not all(isinstance(v, str) for v in values):
        raise InputError(Message("holds something that is not text"), field=path)
    return np.asarray(values, dtype=np.str_)


def _hao(data: Any, key: str, path: str, length: int) -> npt.NDArray[np.int64]:
    values = _list(data, key, path)
    if len(values) != length or not all(type(v) is int for v in values):
        raise InputError(
            Message("is not {length} whole numbers (hao)", length=length), field=_name(path, key)
        )
    return np.asarray(values, dtype=np.int64)
