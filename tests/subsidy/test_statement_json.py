"""A statement saved as JSON and read back in a later run is the same statement, and a clawback
computed from the reloaded one equals the clawback from the original."""

from __future__ import annotations

import dataclasses
import json
from collections.abc import Callable
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import subsidy
from network.errors import InputError
from subsidy import Clawback, ParcelClaim, Policy, Statement
from tests.subsidy.test_properties import APRIL, MARCH, claim_sets, policies


def reloaded(statement: Statement) -> Statement:
    """Through JSON text, as a later program run would read it."""
    return Statement.from_dict(json.loads(json.dumps(statement.to_dict())))


def same(a: Statement, b: Statement) -> None:
    """Equal in every field; rejected errors (compared by identity) by their parts."""
    assert dataclasses.replace(a, rejected=()) == dataclasses.replace(b, rejected=())
    parts = [[(str(e.message), e.file, e.row, e.field) for e in s.rejected] for s in (a, b)]
    assert parts[0] == parts[1]


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(policies(), claim_sets(), st.data())
def test_round_trip_is_lossless_and_clawbacks_agree(
    policy: Policy, claims: list[object], data: st.DataObject
) -> None:
    march = subsidy.calculate(claims, policy, None, MARCH)  # type: ignore[arg-type]
    back = reloaded(march)
    same(back, march)
    assert back.to_dict() == march.to_dict()
    for line in back.lines:  # exponents kept, not just values: "0.50" stays "0.50"
        original = march.line(line.ref)
        assert str(line.amount_yuan) == str(original.amount_yuan)
        assert [str(v) for _, v in line.basis] == [str(v) for _, v in original.basis]
    paid = [c for line in march.lines for c in line.claims.claim_ids.tolist()]
    chosen = data.draw(st.lists(st.sampled_from(paid), unique=True) if paid else st.just([]))
    chosen.append(data.draw(st.sampled_from(["c99", *paid])))  # never paid, or a second time
    april = [
        subsidy.calculate(
            [],
            policy,
            statement.budget_after,
            APRIL,
            clawbacks=[Clawback(statement, c, "audit") for c in chosen],
        )
        for statement in (march, back)
    ]
    same(april[0], april[1])
    same(reloaded(april[0]), april[0])  # reversal lines and reversed ids survive too
    assert len(april[1].lines) + len(april[1].rejected) == len(chosen)
    for line in april[1].lines:
        claim = str(line.claims.claim_ids[0])
        paid_in = march.line_of_claim(claim)
        assert paid_in is not None and line.reverses == paid_in.ref
        assert line.exact_yuan == -paid_in.claims.paid_yuan(claim)


def saved_march() -> dict[str, Any]:
    claims = [
        ParcelClaim("a", "ems", "v1", "kelp", "3.20", "2026-03-02", "2026-03-03", "3.00"),
        ParcelClaim("b", "ems", "v1", "kelp", "-1", "2026-03-02"),
    ]
    march = subsidy.calculate(claims, Policy(carriers=frozenset({"ems"})), None, MARCH)
    assert march.total_yuan and march.rejected
    data: dict[str, Any] = json.loads(json.dumps(march.to_dict()))
    return data


@pytest.mark.parametrize(
    ("edit", "field", "words"),
    [
        (lambda d: d.pop("format"), "format", "missing"),
        (lambda d: d.update(format="budget"), "format", "not a saved statement"),
        (lambda d: d["lines"][0].pop("ref"), "lines[0].ref", "missing"),
        (lambda d: d["lines"][0]["claims"]["paid_hao"].append(1), "lines[0].claims.paid_hao",
         "not 1 whole numbers"),
        (lambda d: d["lines"][0]["basis"][0].__setitem__(1, "x"), "lines[0].basis[0][1]",
         "not a number"),
        (lambda d: d["rejected"][0].update(row="2"), "rejected[0].row", "not a whole number"),
        (lambda d: d["period"].update(end="March"), "period.end", "not a date"),
        (lambda d: d["budget_after"].pop("settled"), "budget_after.settled", "missing"),
        (lambda d: d["lines"][0].update(amount_yuan="9.99"), "total_yuan",
         "not the sum of the lines"),
    ],
)  # fmt: skip
def test_damaged_file_names_the_key_path(
    edit: Callable[[dict[str, Any]], object], field: str, words: str
) -> None:
    data = saved_march()
    edit(data)
    with pytest.raises(InputError) as err:
        Statement.from_dict(data)
    assert err.value.field == field
    assert words in str(err.value.message)
