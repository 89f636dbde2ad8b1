"""The [coldchain] section of the main run, on a small synthetic network."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest

from coldchain import load_catalogue
from network import DistanceMatrix, InputError, Network
from scenarios.context import RunContext
from scenarios.sections import coldchain as section

from .conftest import small_network


def _matrix(net: Network) -> DistanceMatrix:
    ids = net.ids()
    minutes = np.full((len(ids), len(ids)), 40.0 * 60)
    np.fill_diagonal(minutes, 0.0)
    return DistanceMatrix(ids, minutes * 12.0, minutes, "great_circle")


def _ctx(net: Network, **kw: object) -> RunContext:
    return RunContext(network=net, matrix=_matrix(net), seed=7, base_dir=Path(), fast=True, **kw)  # type: ignore[arg-type]


def test_empty_table_runs_and_reports_the_agreed_keys() -> None:
    net = small_network()
    seen: list[str] = []
    result = section.run(
        _ctx(net, progress=lambda t, d, b: seen.append(t)), section.Config(scope="industry")
    )
    s = result.summary()
    for key in (
        "spoilage_pct",
        "spoilage_value_yuan",
        "peak_utilisation_pct",
        "bottleneck",
        "recommended",
    ):
        assert key in s
    assert 0 < s["spoilage_pct"] < 100
    assert set(s["peak_utilisation_pct"]) == {
        "processing",
        "precool",
        "cold_room",
        "frozen_store",
        "reefer",
        "bulk_reefer",
    }
    assert s["recommended"]["achieved_pct"] <= 2.0
    assert s["recommended"]["achieved_pct_at_season_steps"] is None  # fast: daily steps already
    assert float(s["simulated_capital_yuan"]) > 0
    assert s["bottleneck"]["stage"] in s["peak_utilisation_pct"]
    json.dumps(s)  # plan.json-ready
    rows = result.tables()["coldchain"]
    assert len(rows) == 365 * s["simulated_facilities"]
    assert rows[0].keys() == {
        "day",
        "day_of_year",
        "facility_id",
        "stage",
        "node_id",
        "utilisation_pct",
        "queue_kg",
    }
    assert {r["product_id"] for r in result.tables()["coldchain_reefer_demand"]} == {
        "croaker",
        "abalone",
        "sea_cucumber",
    }
    assert any(t.startswith("coldchain") for t in seen)


def test_overrides_and_own_facilities() -> None:
    net = small_network()
    config = section.Config(
        scope="industry",
        products={"croaker": {"value_yuan_per_kg": 60.0}},
        facilities=[
            {
                "kind": "precool",
                "id": "pc",
                "node_id": "t1",
                "throughput_kg_per_day": 50_000,
                "set_point_c": 1.0,
            },
            {"kind": "processing", "id": "pl", "node_id": "t1", "throughput_kg_per_day": 80_000},
            {
                "kind": "cold_room",
                "id": "cr",
                "node_id": "dc",
                "volume_m3": 20_000,
                "set_point_c": 1.0,
            },
            {
                "kind": "frozen_store",
                "id": "fs",
                "node_id": "dc",
                "volume_m3": 20_000,
                "set_point_c": -18.0,
            },
            {"kind": "reefer", "id": "rf", "node_id": "dc", "vehicles": 30},
        ],
        sizing=False,
    )
    s = section.run(_ctx(net), config).summary()
    assert s["recommended"] is None and s["simulated_facilities"] == 5
    assert s["scope"] == "industry" and len(s["facilities"]) == 5
    assert s["spoilage_pct"] < 20


def test_bad_facility_row_names_row_and_field() -> None:
    config = section.Config(
        scope="industry",
        facilities=[
            {"kind": "cold_room", "id": "x", "node_id": "dc", "volume_m3": -1, "set_point_c": 0}
        ],
    )
    with pytest.raises(InputError, match="row 1, field volume_m3"):
        section.run(_ctx(small_network()), config)


def test_reefer_demand_is_routed_to_the_dc_in_time() -> None:
    config = section.Config(scope="industry", sizing=False, runs=2)
    result = section.run(_ctx(small_network(scale=0.1)), config)
    routes = result.summary()["reefer_routes"]
    json.dumps(routes)
    assert routes["pickups_on_time"] >= 3 and routes["unserved"] == []
    assert routes["vehicles"] >= 1 and float(routes["daily_cost_yuan"]) > 350
    rows = result.tables()["coldchain_reefer_routes"]
    assert {r["node_id"] for r in rows} == {"v1", "v3"}
    assert all(r["arrival_at_dc_min"] <= r["latest_arrival_min"] for r in rows)
    heavy = section.run(_ctx(small_network()), config).summary()["reefer_routes"]
    assert any(u["reason"].startswith("capacity") for u in heavy["unserved"])


ISSUE_KEYS = (
    "scope",
    "capital_yuan",
    "facilities",
    "loss_pct_by_product",
    "unserved_t",
    "cold_parcels_per_day",
    "cost_per_cold_parcel_yuan",
)


def _near(net: Network, minutes_apart: float) -> DistanceMatrix:
    ids = net.ids()
    minutes = np.full((len(ids), len(ids)), minutes_apart)
    np.fill_diagonal(minutes, 0.0)
    return DistanceMatrix(ids, minutes * 12.0 * 60, minutes * 60, "great_circle")


def test_the_default_scope_is_the_fresh_parcels_sold_online() -> None:
    net = small_network()
    ctx = RunContext(network=net, matrix=_near(net, 30.0), seed=3, base_dir=Path(), fast=True)
    result = section.run(ctx, section.Config())
    s = result.summary()
    for key in ISSUE_KEYS:
        assert key in s
    assert s["scope"] == "ecommerce"
    fresh_online = {"croaker", "loquat", "abalone", "sea_cucumber", "bamboo_shoot"}
    assert set(s["loss_pct_by_product"]) == fresh_online
    assert {f["kind"] for f in s["facilities"]} >= {"station", "precooler", "cold_room"}
    assert s["carriage_lanes"] == {"box": 5} and s["reefers"] == 0 and s["unserved_t"] == 0
    figures = [c.figure for c in result.checks]
    assert all(f.startswith("coldchain.") for f in figures)
    assert "coldchain.capital_yuan" in figures and "coldchain.loss_pct.abalone" in figures
    json.dumps(s)


def test_loads_the_reefers_cannot_bring_in_time_are_lost_in_full() -> None:
    net = small_network()
    ctx = RunContext(network=net, matrix=_near(net, 40 * 60.0), seed=3, base_dir=Path(), fast=True)
    s = section.run(ctx, section.Config()).summary()  # 40 h apart: nothing fits a box
    assert s["carriage_lanes"] == {"reefer": 5}
    assert s["unserved_t"] > 0
    assert s["reefer_routes"]["unserved"]
    assert max(s["loss_pct_by_product"].values()) == 100.0


def test_no_load_is_refused_as_too_far_when_its_pre_cooled_life_allows_the_trip() -> None:
    net = small_network()
    # 7 h from every point to the DC: the vans' 14 h ride outlasts the produce boxes (12 h),
    # so loquat and bamboo shoots need reefers; pre-cooled, they keep for weeks
    ctx = RunContext(network=net, matrix=_near(net, 7 * 60.0), seed=3, base_dir=Path(), fast=True)
    # a reefer day long enough for a 14 h round trip: only shelf life could refuse a load
    routes = {"fleet": [{"max_duration_min": 1000.0}], "shift_min": (0.0, 1439.0)}
    s = section.run(ctx, section.Config(reefer_routes=routes)).summary()
    assert s["carriage_lanes"] == {"box": 3, "reefer": 2}
    assert s["reefer_routes"]["unserved"] == [] and s["unserved_t"] == 0
    assert s["reefers"] >= 1


def test_without_fresh_online_supply_the_scope_is_skipped_with_the_reason() -> None:
    from scenarios.step_aside import supply_missing

    net = small_network()
    nothing_online = section.Config(products={p: {"online_share": 0.0} for p in load_catalogue()})
    skipped = supply_missing(net, nothing_online)
    assert skipped is not None and skipped.key == "coldchain"
    reason, add = str(skipped.reason), str(skipped.add)  # Messages: English as str
    assert skipped.summary() == {"skipped": {"reason": reason, "add": add}}
    assert "sold online fresh" in reason and "online_share" in add
    assert 'scope = "industry"' in add
    # the industry scope simulates the bulk harvest: nothing is missing
    assert supply_missing(net, nothing_online.model_copy(update={"scope": "industry"})) is None
    assert supply_missing(net, section.Config()) is None
    # called directly (a plan run steps it aside first), the scope says why it cannot plan
    ctx = RunContext(network=net, matrix=_near(net, 30.0), seed=3, base_dir=Path(), fast=True)
    with pytest.raises(InputError, match="sold online fresh"):
        section.run(ctx, nothing_online)


def test_without_any_supply_the_cold_chain_is_an_input_error() -> None:
    net = Network([n for n in small_network() if n.id not in ("v1", "v2", "v3")], name="none")
    ctx = RunContext(network=net, matrix=_near(net, 30.0), seed=3, base_dir=Path(), fast=True)
    with pytest.raises(InputError, match="no node has supply"):
        section.check(ctx, section.Config())
    with pytest.raises(InputError, match="no node has supply"):
        section.run(ctx, section.Config())


def test_the_report_reads_the_typed_outcome_money_formatted_once() -> None:
    from coldchain.labels import product_label
    from network.texts import texts_for
    from scenarios.report_parts.coldchain import coldchain_report
    from scenarios.sections.coldchain_ecommerce import EcommerceOutcome

    net = small_network()
    ctx = RunContext(network=net, matrix=_near(net, 30.0), seed=3, base_dir=Path(), fast=True)
    outcome = section.run(ctx, section.Config())
    assert isinstance(outcome, EcommerceOutcome) and outcome.plan is not None
    en = texts_for("en")
    html = coldchain_report(outcome, net, en)
    build = outcome.plan.build
    for money in (build.capital_yuan, build.fund_yuan, build.carriers_yuan):
        assert f"<td>{en.yuan(money)}</td>" in html
    for item in build.items:
        assert f"<td>{en.yuan(item.capital_yuan)}</td>" in html
        assert net[item.node].name in html
    figures = outcome.figures
    assert figures is not None
    for product, pct in figures.loss_pct_by_product.items():
        assert f"<td>{product_label(product, en)}</td>" in html and f"<td>{pct:.2f}</td>" in html
    assert "&ndash;" not in html.split("<h3>Loss per product</h3>")[0]


def test_the_report_shows_the_scope_the_facility_list_and_the_loss_per_product() -> None:
    from network.texts import texts_for
    from scenarios.report_parts.coldchain import coldchain_report

    en = texts_for("en")
    net = small_network()
    ctx = RunContext(network=net, matrix=_near(net, 30.0), seed=3, base_dir=Path(), fast=True)
    html = coldchain_report(section.run(ctx, section.Config()), net, en)
    assert "E-commerce scope" in html and "Recommended build" in html
    assert "<td>pre-cooler</td>" in html and "Loss per product" in html and "abalone" in html
    bulk = coldchain_report(section.run(_ctx(net), section.Config(scope="industry")), net, en)
    assert "Industry scope: the bulk-harvest view" in bulk
