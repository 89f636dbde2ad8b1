"""The main run's subsidy section on a small network, with and without routing's costs."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import numpy as np
import pytest
from pydantic import ValidationError

from network.distances import DistanceMatrix
from network.model import Network, Node, Tier
from scenarios.context import RunContext, SectionResult
from scenarios.sections import subsidy as section


def small_context(results: dict[str, SectionResult] | None = None) -> RunContext:
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
    assert result.summary["annual_parity_yuan"] == "1825.00"
    assert result.summary["draw_by_line_yuan"]["logistics"] == "1825.00"
    assert result.summary["draw_by_line_yuan"]["training"] == "0.00"
    months = result.summary["months_until_exhausted"]
    assert months["training"] is None
    assert months["logistics"] == pytest.approx(5_000_000 / (1825 / 12), abs=0.1)
    assert result.summary["cost_source"] == "default"
    table = result.tables["subsidy"]
    assert [r["village_id"] for r in table] == ["v1", "v2"]
    assert table[0]["annual_need_yuan"] == "1825.00" and table[1]["annual_need_yuan"] == "0.00"


def test_routing_costs_and_policy_overrides() -> None:
    costs = [
        {"village_id": "v1", "township_id": "t1", "carrier": "ems", "parcels_down_per_day": 5,
         "parcels_up_per_day": 10, "cost_per_parcel_down_yuan": "1.00",
         "cost_per_parcel_up_yuan": "1.50"},
    ]  # fmt: skip
    routing = SectionResult(summary={}, tables={"parcel_costs": costs})
    config = section.Config.model_validate(
        {
            "policy": {
                "parity": {"per_parcel_cap_yuan": "1.00"},
                "shop_fee": False,  # its line is not in the fund lines below
                "fund_lines": {"logistics": 100},
            },
            "margin_yuan": "0.10",
        }
    )
    result = section.run(small_context({"routing": routing}), config)
    # (1.50 + 0.10 - 1.20) x 10 x 365 = 1460 a year; 100 yuan last 100 / (1460/12) months
    assert result.summary["annual_parity_yuan"] == "1460.00"
    assert result.summary["cost_source"] == "routing"
    assert result.summary["months_until_exhausted"] == {"logistics": 0.8}
    assert result.data.needs[0].carrier == "ems"


def test_bad_policy_override_names_the_key() -> None:
    with pytest.raises(ValidationError, match=r"parity\.per_parcel_cap_yuan"):
        section.Config(policy={"parity": {"per_parcel_cap_yuan": "-1"}})
    with pytest.raises(ValidationError, match=r"field shop_fee\.fund_line: fund line 'x'"):
        section.Config(policy={"shop_fee": {"fund_line": "x"}})
    assert Decimal(section.Config().benchmark_yuan) == Decimal("1.20")
