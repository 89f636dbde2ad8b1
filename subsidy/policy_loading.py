"""Build a :class:`~subsidy.policy.Policy` from TOML text or a plain mapping.

Errors name the key path (``field rewards[1].tiers[0].reward_yuan``). Money may be given as a
string (``"0.50"``), an integer or a float (read through its shortest decimal form); dates as
TOML dates or ``YYYY-MM-DD`` strings. Omitted keys keep the defaults of the dataclasses.
"""

from __future__ import annotations

import tomllib
from collections.abc import Callable, Mapping
from datetime import date
from decimal import Decimal
from typing import Any, TypeVar

from network.errors import InputError
from network.texts import Message
from subsidy.money import to_decimal
from subsidy.policy import (
    FundLine,
    ParityRule,
    Policy,
    RewardRule,
    RewardTier,
    SecondChargeRule,
    ShopFeeRule,
    SpecialRule,
)

T = TypeVar("T")


def policy_from_toml(text: str) -> Policy:
    """A policy from TOML text (see docs/subsidy.md for an example)."""
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as err:
        raise InputError(Message("not valid TOML: {err}", err=err)) from None
    return policy_from_mapping(data)


def policy_from_mapping(data: Mapping[str, Any]) -> Policy:
    """A policy from a mapping shaped like the TOML form."""
    known = {
        "carriers": lambda v, p: frozenset(_strings(v, p)),
        "products": lambda v, p: frozenset(_strings(v, p)),
        "parity": lambda v, p: _optional_rule(v, p, _parity),
        "second_charge": lambda v, p: _build(SecondChargeRule, _table(v, p), p, {"deduct": _bool}),
        "rewards": _rewards,
        "specials": _specials,
        "shop_fee": lambda v, p: _optional_rule(v, p, _shop_fee),
        "fund_lines": _fund_lines,
        "cut_back": lambda v, p: _string(v, p),
        "priority": lambda v, p: tuple(_strings(v, p)),
        "rounding": lambda v, p: _string(v, p),
    }
    if "carriers" not in data:
        raise InputError(Message("is required (the carriers allowed to claim)"), field="carriers")
    return _build(Policy, data, "", known)


def _build(
    cls: Callable[..., T], data: Mapping[str, Any], path: str, known: Mapping[str, Any]
) -> T:
    """``cls(**converted data)``; unknown keys and the dataclass's own errors get the key path."""
    prefix = f"{path}." if path else ""
    kwargs = {}
    for key, value in data.items():
        if key not in known:
            raise InputError(
                Message("unknown key (known: {known})", known=", ".join(known)), field=prefix + key
            )
        kwargs[key] = known[key](value, prefix + key)
    try:
        return cls(**kwargs)
    except InputError as err:
        raise InputError(err.message, field=prefix + (err.field or "")) from None


def _optional_rule(value: Any, path: str, build: Callable[[Any, str], T]) -> T | None:
    """``false`` switches a rule off; a table configures it."""
    if value is False:
        return None
    return build(value, path)


def _parity(value: Any, path: str) -> ParityRule:
    def bench(v: Any, p: str) -> dict[str, Decimal]:
        return {band: _money(price, f"{p}.{band}") for band, price in _table(v, p).items()}

    fields = {
        "per_parcel_cap_yuan": _money,
        "monthly_cap_per_carrier_yuan": _money,
        "products": lambda v, p: frozenset(_strings(v, p)),
        "origins": lambda v, p: frozenset(_strings(v, p)),
        "benchmark_yuan": bench,
        "fund_line": _string,
    }
    return _build(ParityRule, _table(value, path), path, fields)


def _shop_fee(value: Any, path: str) -> ShopFeeRule:
    fields = {
        "per_month_yuan": _money,
        "cap_yuan": _money,
        "eligible_from": _date,
        "eligible_until": _date,
        "fund_line": _string,
    }
    return _build(ShopFeeRule, _table(value, path), path, fields)


def _rewards(value: Any, path: str) -> tuple[RewardRule, ...]:
    tier_fields = {"threshold": _money, "reward_yuan": _money}

    def tiers(v: Any, p: str) -> tuple[RewardTier, ...]:
        return tuple(
            _build(RewardTier, _table(t, f"{p}[{i}]"), f"{p}[{i}]", tier_fields)
            for i, t in enumerate(_list(v, p))
        )

    fields = {"name": _string, "metric": _string, "tiers": tiers, "fund_line": _string}
    return tuple(
        _build(RewardRule, _table(r, f"{path}[{i}]"), f"{path}[{i}]", fields)
        for i, r in enumerate(_list(value, path))
    )


def _specials(value: Any, path: str) -> tuple[SpecialRule, ...]:
    fields = {
        "name": _string,
        "share": _money,
        "cap_per_project_yuan": _money,
        "fund_line": _string,
    }
    return tuple(
        _build(SpecialRule, _table(r, f"{path}[{i}]"), f"{path}[{i}]", fields)
        for i, r in enumerate(_list(value, path))
    )


def _fund_lines(value: Any, path: str) -> tuple[FundLine, ...]:
    lines = []
    for name, total in _table(value, path).items():
        if isinstance(total, Mapping):
            fields = {"total_yuan": _money, "title": _string}
            lines.append(
                _build(
                    FundLine, {"name": name, **total}, f"{path}.{name}", fields | {"name": _string}
                )
            )
        else:
            lines.append(FundLine(name, _money(total, f"{path}.{name}")))
    return tuple(lines)


def _money(value: Any, path: str) -> Decimal:
    return to_decimal(value, field=path)


def _date(value: Any, path: str) -> date:
    if isinstance(value, date):
        return value
    try:
        return date.fromisoformat(str(value))
    except ValueError:
        raise InputError(
            Message("{value!r} is not a date (YYYY-MM-DD)", value=value), field=path
        ) from None


def _bool(value: Any, path: str) -> bool:
    if not isinstance(value, bool):
        raise InputError(Message("{value!r} is not true or false", value=value), field=path)
    return value


def _string(value: Any, path: str) -> str:
    if not isinstance(value, str):
        raise InputError(Message("{value!r} is not a string", value=value), field=path)
    return value


def _strings(value: Any, path: str) -> list[str]:
    return [_string(v, f"{path}[{i}]") for i, v in enumerate(_list(value, path))]


def _list(value: Any, path: str) -> list[Any]:
    if not isinstance(value, list | tuple):
        raise InputError(Message("{value!r} is not a list", value=value), field=path)
    return list(value)


def _table(value: Any, path: str) -> Mapping[str, Any]:
    if not isinstance(value, Mapping):
        raise InputError(Message("{value!r} is not a table", value=value), field=path)
    return value
