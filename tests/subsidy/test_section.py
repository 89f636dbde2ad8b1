"""The main run's subsidy section on a small network, with and without routing's costs."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import numpy as np
import pytest
from pydantic import ValidationError

from network.distances import DistanceMatrix
from network.model import Network, Node, Tier
from scenarios.context import Outcome, RunContext
from scenarios.sections import routing
from scenarios.sections import subsidy as section
from tests.routing.small_county import small_county


def small_context(results: dict[str, Outcome] | None = None) -> RunContext:
    nodes = [
        Node("c", "County", Tier.COUNTY, 120.0, 26.9),
        Node("t1", "Town", Tier.TOWNSHIP, 120.1, 26.9, parent="c"),
        Node("v1", "One", Tier.VILLAGE, 120.2, 26.9, parent="t1", parcels_up_per_day=10),
        Node("v2", "Two", Tier.VILLAGE, 120.3, 26.9, parent="t1", parcels_up_per_day=0),
    ]
    net = Network(nodes, name="tiny")
    n = len(nodes)
    matrix = DistanceMatrix(net.ids(), np.ones((n, n)), np.ones((n, n)), "great_circle")
    return RunContext(net, matrix, seed=1, base_dir=Path(), results=results or {}, fast=True)


def test_default_costs_when_routing_did_not_run() -> None:
    result = section.run(small_context(), section.Config())
    # 10 parcels/day x min(2.60 - 1.20, 0.50 cap) x 365 = 1825 a year, all on logistics
    assert result.summary()["annual_parity_yuan"] == "1825.00"
    assert result.summary()["draw_by_line_yuan"]["logistics"] == "1825.00"
    assert result.summary()["draw_by_line_yuan"]["training"] == "0.00"
    months = result.summary()["months_until_exhausted"]
    assert months["training"] is None
    assert months["logistics"] == pytest.approx(5_000_000 / (1825 / 12), abs=0.1)
    assert result.summary()["cost_source"] == "default"
    table = result.tables()["subsidy"]
    assert [r["village_id"] for r in table] == ["v1", "v2"]
    assert table[0]["annual_need_yuan"] == "1825.00" and table[1]["annual_need_yuan"] == "0.00"


def test_given_costs_and_policy_overrides() -> None:
    costs = [
        {"village_id": "v1", "township_id": "t1", "carrier": "ems", "parcels_up_per_day": 10,
         "cost_per_parcel_up_yuan": "1.50"},
    ]  # fmt: skip
    config = section.Config.model_validate(
        {
            "costs": costs,
            "policy": {
                "parity": {"per_parcel_cap_yuan": "1.00"},
                "shop_fee": False,  # its line is not in the fund lines below
                "fund_lines": {"logistics": 100},
            },
            "margin_yuan": "0.10",
        }
    )
    result = section.run(small_context(), config)
    # (1.50 + 0.10 - 1.20) x 10 x 365 = 1460 a year; 100 yuan last 100 / (1460/12) months
    assert result.summary()["annual_parity_yuan"] == "1460.00"
    assert result.summary()["cost_source"] == "config"
    assert result.summary()["months_until_exhausted"] == {"logistics": 0.8}
    assert result.plan.needs[0].carrier == "ems"


def test_costs_come_from_routing_when_it_ran() -> None:
    net, matrix = small_county()
    ctx = RunContext(net, matrix, seed=1, base_dir=Path(), fast=True, workers=1, work_limit=50)
    config = routing.Config(compare_flat=False, compare_separate=False, growth_years=0)
    routes = routing.run(ctx, config)
    ctx = RunContext(net, matrix, seed=1, base_dir=Path(), results={"routing": routes})
    result = section.run(ctx, section.Config())
    assert result.cost_source == "routing"
    rows = routes.parcel_costs()
    assert [(n.village_id, n.carrier) for n in result.plan.needs] == [
        (r["village_id"], r["carrier"]) for r in rows
    ]
    assert [n.cost_per_parcel_up_yuan for n in result.plan.needs] == [
        Decimal(str(r["cost_per_parcel_up_yuan"])) for r in rows
    ]


def test_bad_policy_override_names_the_key() -> None:
    with pytest.raises(ValidationError, match=r"parity\.per_parcel_cap_yuan"):
        section.Config(policy={"parity": {"per_parcel_cap_yuan": "-1"}})
    with pytest.raises(ValidationError, match=r"field shop_fee\.fund_line: fund line 'x'"):
        section.Config(policy={"shop_fee": {"fund_line": "x"}})
    assert Decimal(section.Config().benchmark_yuan) == Decimal("1.20")
