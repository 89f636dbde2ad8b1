"""The routing section's bus and outlet comparisons: plan.json keys, tables, GeoJSON, errors,
and the bus_lines script in its fast form."""

from __future__ import annotations

import csv
import json
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

from network import InputError
from network.texts import texts_for
from scenarios.context import RunContext
from scenarios.scripts import bus_lines as bus_script
from scenarios.sections import routing as section
from scenarios.sections.routing import RoutingOutcome
from scenarios.sections.routing_bus import BusConfig
from tests.routing.small_county import small_county

pytestmark = pytest.mark.filterwarnings("ignore::routing.PyvrpPrecisionWarning")

LINES = (
    "line_id,name,stops,departures,return_departures,capacity_parcels,capacity_kg,"
    "fee_yuan_per_parcel,fee_yuan_per_departure,handover_min\n"
    'E,East,"c;t1;a1;a2;a3",07:30;12:00,09:30;15:00,60,90,{fee},,3\n'
    'W,West,"t2;b1;b2",12:00,15:00,60,90,{fee},,3\n'
)


def _run(tmp_path: Path, fee: str, echelon: str = "two_echelon", **bus: object) -> RoutingOutcome:
    (tmp_path / "bus_lines.csv").write_text(LINES.format(fee=fee), encoding="utf-8")
    net, matrix = small_county()
    ctx = RunContext(
        network=net, matrix=matrix, seed=1, base_dir=tmp_path, fast=True, workers=1, work_limit=200
    )
    config = section.Config(
        compare_flat=False,
        compare_separate=False,
        growth_years=0,
        echelon=echelon,  # type: ignore[arg-type]
        bus=BusConfig(lines="bus_lines.csv", **bus),  # type: ignore[arg-type]
    )
    return section.run(ctx, config)


def test_free_buses_take_villages_and_the_plan_reports_them(tmp_path: Path) -> None:
    outcome = _run(tmp_path, "0")
    bus: Any = outcome.summary()["bus"]
    assert set(bus) >= {"villages", "parcels_per_day", "cost_yuan_per_day", "vans_saved"}
    assert bus["villages"] > 0 and bus["cost_yuan_per_day"] == "0.00"
    assert Decimal(bus["saving_yuan_per_day"]) >= 0  # a day that does not pay falls back
    assert bus["vans_saved"] == bus["vehicles_vans_only"] - bus["vehicles_with_bus"]
    for dep in bus["departures"]:
        assert dep["parcels_max"] <= dep["capacity_parcels"]
    by_line = bus["villages_by_line"]
    assert set(by_line) == {"E", "W"}
    assert set().union(*map(set, by_line.values())) == set(bus["village_ids"])
    rows = outcome.tables()["bus_villages"]
    assert {r["village_id"] for r in rows} == set(bus["village_ids"])
    lines: Any = outcome.geojson()["bus_lines"]
    assert [f["properties"]["line_id"] for f in lines["features"]] == ["E", "W"]
    json.dumps(outcome.summary())


def test_the_flat_model_takes_the_bus_too(tmp_path: Path) -> None:
    outcome = _run(tmp_path, "0", echelon="flat")
    bus: Any = outcome.summary()["bus"]
    assert bus["villages"] > 0 and Decimal(bus["saving_yuan_per_day"]) >= 0
    assert outcome.bus is not None
    riders = outcome.bus.village_ids
    for plan, day in zip(outcome.bus.plans, outcome.bus.with_bus, strict=True):
        served = {p.problem.ids[s] for p in day.parts for r in p.plan.routes for s in r.stops}
        assert not served & plan.village_ids  # the vans leave the bus villages alone
    assert riders


def test_dear_buses_leave_every_village_on_the_vans(tmp_path: Path) -> None:
    bus: Any = _run(tmp_path, "50").summary()["bus"]
    assert bus["villages"] == 0 and bus["vans_saved"] == 0 and bus["tried"] is None


def test_no_lines_file_steps_aside_and_outlets_are_reported(tmp_path: Path) -> None:
    net, matrix = small_county()
    ctx = RunContext(network=net, matrix=matrix, seed=1, base_dir=tmp_path, fast=True, workers=1)
    config = section.Config(compare_flat=False, compare_separate=False, growth_years=0)
    summary: Any = section.run(ctx, config).summary()
    assert summary["bus"]["skipped"]["reason"] == "no bus lines file"  # the {reason, add} form
    outlets = summary["outlets"]
    towns = outlets["townships"]
    assert [t["township_id"] for t in towns] == ["t1", "t2"]
    assert set(towns[0]["carriers"]) == set(config.carriers)
    saving = sum(Decimal(t["saving_yuan_per_day"]) for t in towns)
    assert saving == Decimal(outlets["saving_yuan_per_day"])


def test_a_bad_lines_file_names_file_row_and_field(tmp_path: Path) -> None:
    with pytest.raises(InputError, match=r"bus_lines.csv row 2, field fee_yuan_per_parcel"):
        _run(tmp_path, "cheap")
    with pytest.raises(InputError, match="does not exist"):
        net, matrix = small_county()
        ctx = RunContext(network=net, matrix=matrix, seed=1, base_dir=tmp_path, fast=True)
        section.run(ctx, section.Config(bus=BusConfig(lines="missing.csv")))


def test_bus_lines_script_compares_vans_only_with_vans_and_buses(tmp_path: Path) -> None:
    path = bus_script.main(tmp_path, fast=True, small=True)
    with path.open(encoding="utf-8-sig", newline="") as f:
        vans, both = list(csv.DictReader(f))
    assert (vans["case"], both["case"]) == ("vans only", "vans + buses")
    total = Decimal(both["van_cost_yuan_per_day"]) + Decimal(both["bus_cost_yuan_per_day"])
    saved = Decimal(both["hub_handling_saved_yuan_per_day"])
    assert total - saved <= Decimal(vans["van_cost_yuan_per_day"])
    assert int(both["vehicles"]) <= int(vans["vehicles"])
    assert (tmp_path / "bus_villages.csv").is_file() and (tmp_path / "outlets.csv").is_file()


def test_report_shows_bus_comparison_and_outlets(tmp_path: Path) -> None:
    from scenarios.report_parts.routing import routing_report

    outcome = _run(tmp_path, "0")
    html = routing_report(outcome, outcome.stops.original, texts_for("en"))
    assert "Parcels by rural bus" in html and "vans + buses" in html
    assert "Township express outlets" in html
    assert "The plan uses the buses" in html  # fee 0: some stops ride, the plan adopts them
    zh = routing_report(outcome, outcome.stops.original, texts_for("zh"))
    assert "客货邮融合（农村客运班线）" in zh and "乡镇快递网点" in zh
    assert "Parcels by rural bus" not in zh and "vans + buses" not in zh
    for dep in ("E#1", "E#2", "W#1", "W#2"):
        assert f"<td>{dep}</td>" in html


def test_demo_bus_lines_read_against_the_demo_county() -> None:
    from routing.bus_lines_csv import read_bus_lines
    from scenarios.demo import demo_dir
    from scenarios.scripts.demo_inputs import county_inputs, demo_with

    network, _ = county_inputs(demo_with())
    lines = read_bus_lines(demo_dir() / "bus_lines.csv", network)
    assert len(lines) == 5
    for line in lines:
        assert network[line.stops[0]].tier == "county"
        assert network[line.stops[1]].tier == "township"
        assert all(network[s].parent == line.stops[1] for s in line.stops[2:])


def test_the_checks_before_solving_read_the_bus_lines(tmp_path: Path) -> None:
    (tmp_path / "bus_lines.csv").write_text(LINES.format(fee="x"), encoding="utf-8")
    net, matrix = small_county()
    ctx = RunContext(network=net, matrix=matrix, seed=1, base_dir=tmp_path)
    config = section.Config(bus=BusConfig(lines="bus_lines.csv"))
    with pytest.raises(InputError, match=r"bus_lines\.csv row 2, field fee_yuan_per_parcel"):
        section.check(ctx, config)
    (tmp_path / "bus_lines.csv").write_text(LINES.format(fee="0.3"), encoding="utf-8")
    section.check(ctx, config)


def test_demo_plan_with_buses_is_valid(tmp_path: Path) -> None:
    """The demo's timetable (fee lowered so that buses take villages) on the small area: every
    day's bus plan keeps its departures' times and capacities, the vans skip the bus villages,
    and the whole way still adds up."""
    from routing import check_plan
    from routing.bus_lines import BusTimes, check_bus_plan
    from scenarios.demo import demo_dir
    from scenarios.scripts.demo_inputs import ROUTES_ONLY, county_inputs, demo_with, run_section
    from scenarios.sections.economics import EconomicsOutcome

    text = (demo_dir() / "bus_lines.csv").read_text(encoding="utf-8")
    cheap = tmp_path / "bus_lines.csv"
    cheap.write_text(text.replace(",0.3,", ",0.02,"), encoding="utf-8")
    # two echelons, 2 s a sub-problem: the re-planned vans are not left to the flat model's
    # noise under 0.5 s (a day whose re-plan costs more falls back to vans only, honestly)
    scenario = demo_with(
        {
            **ROUTES_ONLY,
            "routing.bus.lines": str(cheap),
            "routing.echelon": "two_echelon",
            "routing.fast_time_limit_s": 2.0,
        }
    )
    network, matrix = county_inputs(scenario, small=True)
    outcome = run_section(RoutingOutcome, scenario, network, matrix, fast=True)
    bus = outcome.bus
    assert bus is not None and bus.in_plan
    config = scenario.sections["routing"].bus  # type: ignore[attr-defined]
    times = BusTimes(
        config.dc_ready_min, config.hub_ready_min, config.dc_deadline_min, config.hub_deadline_min
    )
    kg = max(outcome.config.parcel_kg_down, outcome.config.parcel_kg_up)
    for plan, day in zip(bus.plans, outcome.days, strict=True):
        by_hub = outcome.schedule.loads_on(plan.day, outcome.stops.network)
        loads = {v: x for hub in by_hub.values() for v, x in hub.items()}
        problems = check_bus_plan(
            outcome.stops.network, plan, bus.departures, loads, kg_per_parcel=kg, times=times
        )
        assert problems == []
        for part in day.parts:
            check_plan(part.problem, part.plan)
            if part.echelon != "trunk":
                stops = {part.problem.ids[s] for r in part.plan.routes for s in r.stops}
                assert not stops & plan.village_ids
    results = {"routing": outcome}
    eco = run_section(EconomicsOutcome, scenario, network, matrix, fast=True, results=results)
    assert eco.found is not None
    total = eco.found.headline.total()
    assert total.total_yuan == sum(total.stage_yuan.values(), Decimal(0))
    assert sum(total.stages_per_parcel_yuan.values(), Decimal(0)) == total.cost_per_parcel_yuan
