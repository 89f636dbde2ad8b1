"""Comparing two plans: the differences in their headline figures."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from network.errors import InputError
from network.texts import Message
from scenarios.headline import HEADLINE, as_number, headline


def read_plan(path: Path) -> dict[str, Any]:
    """A plan.json file (or a folder holding one)."""
    if path.is_dir():
        path = path / "plan.json"
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise InputError(Message("plan file not found"), file=str(path)) from None
    except (UnicodeDecodeError, json.JSONDecodeError) as err:
        raise InputError(
            Message("not a plan.json file: {reason}", reason=str(err)), file=str(path)
        ) from None
    if not isinstance(data, dict) or "coverage" not in data:
        raise InputError(Message("not a plan.json file (no 'coverage')"), file=str(path))
    return data


def compare_plans(a: dict[str, Any], b: dict[str, Any]) -> list[dict[str, Any]]:
    """One row per headline figure: A, B, B - A and the change in percent of A."""
    first, second = headline(a), headline(b)
    rows = []
    for column, _, label in HEADLINE:
        va, vb = first[column], second[column]
        na, nb = as_number(va), as_number(vb)
        delta = None if na is None or nb is None else round(nb - na, 4)
        change = None if delta is None or not na else round(100.0 * delta / abs(na), 2)
        rows.append(
            {
                "figure": column,
                "label": label,
                "a": va,
                "b": vb,
                "b_minus_a": delta,
                "change_pct": change,
            }
        )
    return rows
