"""The routing section on a small county: summary keys, tables, GeoJSON, served villages, and
routes that serve siting's service points."""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path
from typing import Any, Literal

import pytest

from network import InputError, Tier
from network.siting import CoverageCounts, SitingCosts, SitingResult, siting_problem
from scenarios.context import RunContext
from scenarios.sections import routing as section
from scenarios.sections import siting as siting_section
from scenarios.sections.routing import RoutingOutcome
from scenarios.sections.siting import SitingOutcome
from tests.routing.small_county import small_county

PARCEL_COLUMNS = [
    "village_id",
    "township_id",
    "carrier",
    "parcels_down_per_day",
    "parcels_up_per_day",
    "cost_per_parcel_down_yuan",
    "cost_per_parcel_up_yuan",
]


@pytest.fixture(scope="module")
def result() -> RoutingOutcome:
    net, matrix = small_county()
    ctx = RunContext(
        network=net, matrix=matrix, seed=1, base_dir=Path(), fast=True, workers=1, work_limit=200
    )
    config = section.Config(
        frequency=[section.FrequencyConfig(every_days=2, below_parcels_per_day=15.0)],
        fast_time_limit_s=0.5,
        growth_years=3,
        echelon="two_echelon",
    )
    return section.run(ctx, config)


def _fen(text: str) -> Decimal:
    value = Decimal(text)
    assert value.as_tuple().exponent == -2, text
    return value


def _cost_of(rows: list[dict[str, Any]]) -> Decimal:
    """What the parcel_costs rows charge a day: cost per parcel x parcels, down and up."""
    return sum(
        (
            _fen(r["cost_per_parcel_down_yuan"]) * Decimal(str(r["parcels_down_per_day"]))
            + _fen(r["cost_per_parcel_up_yuan"]) * Decimal(str(r["parcels_up_per_day"]))
            for r in rows
        ),
        Decimal(0),
    )


def test_summary_has_the_agreed_keys_and_money_to_the_fen(result: RoutingOutcome) -> None:
    s = result.summary()
    for key in ("daily_cost_yuan", "cost_per_parcel_yuan", "distance_km", "vehicles", "unserved"):
        assert key in s
    assert _fen(s["daily_cost_yuan"]) > 0 and _fen(s["cost_per_parcel_yuan"]) > 0
    assert s["period_days"] == 2
    assert s["vehicles"] >= 2  # a trunk and at least one feeder vehicle
    assert isinstance(s["shared_saving_pct"], float)
    _fen(s["shared_saving_yuan"])
    assert "measured for carrier collaboration" in s["shared_saving_check"]
    assert {"two_echelon", "flat"} <= set(s)
    assert [y["year"] for y in s["year_path"]] == [0, 1, 2, 3]
    # year 0 is today's plan (summed before rounding per route, so within a few fen)
    year0 = Decimal(s["year_path"][0]["daily_cost_yuan"])
    assert abs(year0 - Decimal(s["daily_cost_yuan"])) <= Decimal("0.05")
    json.dumps(s)  # plan.json-ready


def test_every_village_served_and_visited_as_often_as_its_frequency(
    result: RoutingOutcome,
) -> None:
    assert result.served_ids == frozenset({"a1", "a2", "a3", "a4", "b1", "b2"})
    assert result.summary()["unserved"] == []
    rows = [r for r in result.tables()["routes"] if r["echelon"] == "feeder"]
    visits = {v: sum(r["node_id"] == v for r in rows) for v in result.served_ids}
    assert visits == {"a1": 2, "a2": 2, "a3": 1, "a4": 1, "b1": 2, "b2": 2}
    down = sum(r["parcels_down"] for r in rows) / 2
    assert down == pytest.approx(146.0, abs=0.5)  # 40+30+8+6+50+12 a day


def test_routes_table_has_one_row_per_stop_with_load_after(result: RoutingOutcome) -> None:
    rows = result.tables()["routes"]
    assert set(rows[0]) >= {
        "route_id",
        "vehicle_type",
        "day",
        "trip",
        "order",
        "node_id",
        "name",
        "arrival_time",
        "parcels_down",
        "parcels_up",
        "load_after",
    }
    for row in rows:
        assert row["load_after"] >= -1e-6
        assert len(row["arrival_time"]) == 5


def test_parcel_costs_have_the_exact_columns_and_add_up(result: RoutingOutcome) -> None:
    rows = result.tables()["parcel_costs"]
    assert all(list(r) == PARCEL_COLUMNS for r in rows)
    assert {r["carrier"] for r in rows} == {"post_office", "express", "coop"}
    total = _cost_of(rows)
    daily = Decimal(result.summary()["daily_cost_yuan"])
    assert abs(total - daily) <= Decimal("0.01") * daily


def test_geojson_routes_are_linestrings_with_the_map_properties(result: RoutingOutcome) -> None:
    fc = result.geojson()["routes"]
    assert fc["type"] == "FeatureCollection" and fc["features"]
    for feature in fc["features"]:
        assert feature["geometry"]["type"] == "LineString"
        coords = feature["geometry"]["coordinates"]
        assert len(coords) >= 3 and coords[0] == coords[-1]
        assert all(119 < lon < 121 and 26 < lat < 28 for lon, lat in coords)
        props = feature["properties"]
        assert {"route_id", "vehicle_type", "stop_ids", "stop_names", "distance_km"} <= set(props)
        assert len(props["stop_ids"]) == len(props["stop_names"]) == len(coords) - 2
    json.dumps(fc)


def test_bad_carrier_shares_are_refused_when_the_config_loads() -> None:
    with pytest.raises(ValueError, match="add up"):
        section.Config(carriers={"post_office": 0.5})


def test_route_costs_add_up_to_the_daily_cost(result: RoutingOutcome) -> None:
    rows = result.tables()["route_costs"]
    total = sum(_fen(r["cost_yuan"]) for r in rows)
    assert total / 2 == pytest.approx(
        Decimal(result.summary()["daily_cost_yuan"]), abs=Decimal("0.01")
    )
    assert {r["route_id"] for r in rows} == {r["route_id"] for r in result.tables()["routes"]}


def test_flat_main_model_and_optional_villages_left_out_with_a_reason() -> None:
    net, matrix = small_county()
    ctx = RunContext(
        network=net, matrix=matrix, seed=2, base_dir=Path(), fast=True, workers=1, work_limit=200
    )
    config = section.Config(
        echelon="flat",
        compare_separate=False,
        coverage_target=0.5,
        penalty_per_parcel_yuan=0.0,
        penalty_min_yuan=0.01,
        fast_time_limit_s=0.5,
    )
    result = section.run(ctx, config)
    left_out = {u["id"]: u["reason"] for u in result.summary()["unserved"]}
    assert left_out and set(left_out.values()) == {"not_worth_it"}
    assert {"a1", "b1", "a2"} <= result.served_ids  # the mandatory half
    assert not set(left_out) & result.served_ids
    assert result.summary()["shared_saving_pct"] is None
    assert {"two_echelon", "flat"} <= set(result.summary())
    assert {r["echelon"] for r in result.tables()["routes"]} <= {"flat", "trunk"}


def test_same_seed_and_work_limit_give_the_same_plan(result: RoutingOutcome) -> None:
    net, matrix = small_county()
    ctx = RunContext(
        network=net, matrix=matrix, seed=1, base_dir=Path(), fast=True, workers=2, work_limit=200
    )
    config = section.Config(
        frequency=[section.FrequencyConfig(every_days=2, below_parcels_per_day=15.0)],
        fast_time_limit_s=0.5,
        growth_years=3,
        compare_flat=False,
        compare_separate=False,
        echelon="two_echelon",
    )
    again = section.run(ctx, config)
    assert again.tables()["routes"] == result.tables()["routes"]
    assert again.tables()["parcel_costs"] == result.tables()["parcel_costs"]


def _siting(covers: dict[str, tuple[str, ...]]) -> SitingOutcome:
    """A siting section's result with these points and the places each serves."""
    result = SitingResult(
        model="min_cost",
        status="OPTIMAL",
        chosen_ids=tuple(covers),
        existing_ids=(),
        covers=covers,
        cost_yuan=Decimal(0),
        objective=0.0,
        bound=0.0,
        gap_pct=0.0,
        coverage=CoverageCounts((0, 0), (0, 0), (0, 0)),
    )
    net, matrix = small_county()
    problem = siting_problem(net, matrix, costs=SitingCosts(), max_km=3.0)
    config = siting_section.Config()
    return SitingOutcome(tuple(covers), (), result, (), None, problem, config, net)


def _run_with_siting(
    siting: SitingOutcome,
    *,
    stops: Literal["service_points", "villages"] = "service_points",
    compare_separate: bool = True,
) -> RoutingOutcome:
    net, matrix = small_county()
    ctx = RunContext(
        network=net,
        matrix=matrix,
        seed=1,
        base_dir=Path(),
        results={"siting": siting},
        fast=True,
        workers=1,
        work_limit=200,
    )
    config = section.Config(
        frequency=[section.FrequencyConfig(every_days=2, below_parcels_per_day=15.0)],
        fast_time_limit_s=0.5,
        growth_years=1,
        compare_flat=False,
        compare_separate=compare_separate,
        stops=stops,
        echelon="two_echelon",
    )
    return section.run(ctx, config)


@pytest.fixture(scope="module")
def via_points() -> RoutingOutcome:
    """a1 serves a2; township t2 serves b1 and b2 (its hub keeps their parcels)."""
    return _run_with_siting(_siting({"a1": ("a1", "a2", "t1"), "t2": ("t2", "b1", "b2")}))


def test_routes_serve_the_points_and_the_uncovered_villages(via_points: RoutingOutcome) -> None:
    feeder = [r for r in via_points.tables()["routes"] if r["echelon"] == "feeder"]
    assert {r["node_id"] for r in feeder} == {"a1", "a3", "a4"}
    a1 = [r for r in feeder if r["node_id"] == "a1"]
    assert len(a1) == 2 and all(r["parcels_down"] == 70.0 for r in a1)  # a1 + a2, daily
    # t2's hub has no feeder stop, yet the trunk brings its villages' day every day
    t2 = [r for r in via_points.tables()["routes"] if r["node_id"] == "t2"]
    assert sorted(r["day"] for r in t2) == [0, 1]
    assert sum(r["parcels_down"] for r in t2) == pytest.approx(2 * 62.0)
    s = via_points.summary()
    assert (s["stops_from"], s["stops"], s["villages_via_points"]) == ("service_points", 3, 3)
    # each carrier alone brings t2 only its share of that day: together, the day once
    alone = [p.problem for p in via_points.shared.parts if p.echelon == "trunk"]
    at_t2 = [pr.delivery[k, 0] for pr in alone for k, i in enumerate(pr.ids) if i == "t2"]
    assert sum(at_t2) == pytest.approx(62.0)


def test_villages_are_served_through_their_points_with_their_own_parcels(
    via_points: RoutingOutcome,
) -> None:
    assert via_points.served_ids == frozenset({"a1", "a2", "a3", "a4", "b1", "b2"})
    assert via_points.summary()["served_villages"] == 6
    rows = via_points.tables()["parcel_costs"]
    assert {r["village_id"] for r in rows} == via_points.served_ids
    down = sum(r["parcels_down_per_day"] for r in rows)
    up = sum(r["parcels_up_per_day"] for r in rows)
    assert (down, up) == (pytest.approx(146.0), pytest.approx(40.0))  # every parcel, once
    costs = {r["village_id"]: _fen(r["cost_per_parcel_down_yuan"]) for r in rows}
    assert costs["b1"] > 0 and costs["b2"] > 0  # the trunk to t2 is theirs
    assert costs["a1"] == costs["a2"]  # one stop: the same cost per parcel
    total = _cost_of(rows)
    daily = Decimal(via_points.summary()["daily_cost_yuan"])
    assert abs(total - daily) <= Decimal("0.01") * daily
    assert via_points.attribution.hubs_unallocated == {}


def test_a_real_siting_run_gives_the_stops_routing_serves() -> None:
    net, matrix = small_county()
    ctx = RunContext(network=net, matrix=matrix, seed=1, base_dir=Path(), fast=True, workers=1)
    siting = siting_section.run(ctx, siting_section.Config(curve=False, villages_pct=100.0))
    covers = siting.result.covers
    result = _run_with_siting(siting, compare_separate=False)
    covered = {v for p, places in covers.items() for v in places if v != p}
    points = {p for p in covers if net[p].tier is Tier.VILLAGE}
    stops = points | ({v.id for v in net.villages} - covered)
    assert result.stops.carries.keys() == stops
    visited = {r["node_id"] for r in result.tables()["routes"] if r["echelon"] == "feeder"}
    assert visited <= stops
    assert result.served_ids == frozenset(v.id for v in net.villages)  # all mandatory
    assert result.summary()["stops"] == len(stops)


def test_stops_villages_routes_every_village_even_after_siting() -> None:
    result = _run_with_siting(
        _siting({"a1": ("a1", "a2"), "t2": ("t2", "b1", "b2")}), stops="villages"
    )
    feeder = {r["node_id"] for r in result.tables()["routes"] if r["echelon"] == "feeder"}
    assert feeder == {"a1", "a2", "a3", "a4", "b1", "b2"}
    s = result.summary()
    assert (s["stops_from"], s["stops"], s["villages_via_points"]) == ("villages", 6, 0)
    assert not result.stops.from_points


def test_free_assignment_lists_villages_fed_across_a_border() -> None:
    net, matrix = small_county()
    ctx = RunContext(
        network=net, matrix=matrix, seed=1, base_dir=Path(), fast=True, workers=1, work_limit=200
    )
    common: dict[str, Any] = {
        "fast_time_limit_s": 0.5,
        "growth_years": 0,
        "compare_flat": False,
        "compare_separate": False,
    }
    free = section.run(ctx, section.Config(assignment="free", max_detour_km=30.0, **common))
    admin = section.run(ctx, section.Config(**common))
    free_s, admin_s = free.summary(), admin.summary()
    assert free_s["assignment"] == "free" and admin_s["cross_border_villages"] == []
    assert free.attribution.daily_cost_yuan <= admin.attribution.daily_cost_yuan
    rows = free_s["cross_border_villages"]
    assert isinstance(rows, list)
    for row in rows:
        assert isinstance(row, dict)
        assert net[str(row["id"])].parent == row["township"] != row["hub"]


def test_hub_limit_on_an_unknown_hub_is_an_input_error() -> None:
    net, matrix = small_county()
    ctx = RunContext(network=net, matrix=matrix, seed=1, base_dir=Path(), fast=True, workers=1)
    config = section.Config(hub_vehicles={"nowhere": 2}, compare_flat=False)
    with pytest.raises(InputError, match="'nowhere' is not a township hub"):
        section.run(ctx, config)


@pytest.mark.parametrize("echelon", ["flat", "two_echelon"])
def test_hub_limits_are_shown_and_held_in_the_chosen_model(
    echelon: Literal["flat", "two_echelon"],
) -> None:
    net, matrix = small_county()
    ctx = RunContext(
        network=net, matrix=matrix, seed=1, base_dir=Path(), fast=True, workers=1, work_limit=200
    )
    limits = {"hub_capacity_parcels_per_day": {"t1": 60.0}, "hub_vehicles": {"t1": 1, "t2": 1}}
    config = section.Config(
        echelon=echelon,
        assignment="free",
        max_detour_km=30.0,
        compare_flat=False,
        compare_separate=False,
        fast_time_limit_s=0.5,
        **limits,  # type: ignore[arg-type]
    )
    result = section.run(ctx, config)
    rows = {row["id"]: row for row in result.summary()["hub_limits"]}  # type: ignore[union-attr,index]
    assert set(rows) == {"t1", "t2"}
    assert (
        rows["t1"]["parcels_per_day_limit"] == 60.0 and rows["t2"]["parcels_per_day_limit"] is None
    )
    assert rows["t1"]["parcels_per_day_busiest"] <= 60.0
    assert all(row["vehicles_busiest"] <= row["vehicles_limit"] for row in rows.values())
    assert result.echelon == echelon
    assert result.served_ids == {v.id for v in net.villages}  # within the limits, nobody dropped


def test_free_assignment_is_one_decision_for_the_period() -> None:
    net, matrix = small_county()
    ctx = RunContext(
        network=net, matrix=matrix, seed=1, base_dir=Path(), fast=True, workers=1, work_limit=200
    )
    config = section.Config(
        assignment="free",
        max_detour_km=30.0,
        echelon="two_echelon",
        frequency=[section.FrequencyConfig(every_days=2, below_parcels_per_day=15.0)],
        fast_time_limit_s=0.5,
        growth_years=0,
        compare_flat=False,
        compare_separate=False,
    )
    result = section.run(ctx, config)
    assert result.schedule.period_days == 2
    hubs: dict[str, set[str]] = {}
    for day in result.days:
        for part in day.parts:
            if part.echelon == "feeder":
                for route in part.plan.routes:
                    for stop in route.stops:
                        hubs.setdefault(part.problem.ids[stop], set()).add(part.name)
    assert set(hubs) == {v.id for v in net.villages}
    assert all(len(fed_from) == 1 for fed_from in hubs.values()), hubs
    assert result.summary()["assignment_rechosen_days"] == []
