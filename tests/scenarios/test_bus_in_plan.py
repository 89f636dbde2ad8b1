"""Buses in the main plan: the vans + bus days are the routing plan, the bus parcels go through
the whole way's cost model (fees and trunk share as line haul, station and last metre as any
parcel, no hub handling straight from the county DC), in both echelon models."""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

from network import Tier
from network.money import to_fen
from routing import STAGES
from scenarios.context import RunContext
from scenarios.sections import economics
from scenarios.sections import routing as section
from scenarios.sections.economics import EconomicsOutcome
from scenarios.sections.routing import RoutingOutcome
from scenarios.sections.routing_bus import BusConfig
from tests.routing.small_county import small_county

pytestmark = pytest.mark.filterwarnings("ignore::routing.PyvrpPrecisionWarning")

LINES = (
    "line_id,name,stops,departures,return_departures,capacity_parcels,capacity_kg,"
    "fee_yuan_per_parcel,fee_yuan_per_departure,handover_min\n"
    'E,East,"c;t1;a1;a2;a3",07:30;12:00,09:30;15:00,{cap},{kg},{fee},,3\n'
    'W,West,"t2;b1;b2",12:00,15:00,{cap},{kg},{fee},,3\n'
)

Run = Callable[..., tuple[RoutingOutcome, EconomicsOutcome]]


def _ctx(tmp: Path, routing: RoutingOutcome | None = None) -> RunContext:
    net, matrix = small_county()
    results = {} if routing is None else {"routing": routing}
    return RunContext(
        network=net,
        matrix=matrix,
        seed=1,
        base_dir=tmp,
        fast=True,
        workers=1,
        work_limit=200,
        results=results,
    )


@pytest.fixture(scope="module")
def run(tmp_path_factory: pytest.TempPathFactory) -> Run:
    cache: dict[tuple[Any, ...], tuple[RoutingOutcome, EconomicsOutcome]] = {}

    def go(
        fee: str = "0.01", echelon: str = "two_echelon", cap: int = 60, adopt: bool = True
    ) -> tuple[RoutingOutcome, EconomicsOutcome]:
        key = (fee, echelon, cap, adopt)
        if key not in cache:
            tmp = tmp_path_factory.mktemp("bus")
            text = LINES.format(fee=fee, cap=cap, kg=cap * 1.5)
            (tmp / "bus_lines.csv").write_text(text, encoding="utf-8")
            config = section.Config(
                compare_flat=False,
                compare_separate=False,
                growth_years=0,
                echelon=echelon,  # type: ignore[arg-type]
                bus=BusConfig(lines="bus_lines.csv", adopt=adopt),
            )
            routing = section.run(_ctx(tmp), config)
            eco = economics.run(_ctx(tmp, routing), economics.Config(peak_day=False))
            cache[key] = (routing, eco)
        return cache[key]

    return go


def _van_stops(outcome: RoutingOutcome, day: int) -> set[str]:
    return {
        p.problem.ids[s]
        for p in outcome.days[day].parts
        if p.echelon != "trunk"
        for r in p.plan.routes
        for s in r.stops
    }


@pytest.mark.parametrize("echelon", ["two_echelon", "flat"])
def test_the_vans_and_bus_days_are_the_plan(run: Run, echelon: str) -> None:
    outcome, _ = run(echelon=echelon)
    bus = outcome.bus
    assert bus is not None and bus.in_plan
    assert outcome.days == bus.with_bus
    for plan in bus.plans:
        assert not _van_stops(outcome, plan.day) & plan.village_ids  # vans skip bus villages
    assert bus.village_ids <= outcome.served_ids  # delivered, by bus
    summary: Any = outcome.summary()
    assert summary["bus"]["adopted"] is True
    assert summary["vehicles"] == summary["bus"]["vehicles_with_bus"]
    # the plan's line haul: van routes plus bus fees, per day
    van = Decimal(summary["bus"]["van_cost_yuan_per_day_with_bus"])
    fees = Decimal(summary["bus"]["cost_yuan_per_day"])
    assert abs(Decimal(summary["daily_cost_yuan"]) - (van + fees)) <= Decimal("0.02")


def test_not_adopted_keeps_the_vans_only_plan(run: Run) -> None:
    outcome, _ = run(adopt=False)
    assert outcome.bus is not None and not outcome.bus.in_plan
    assert outcome.days == outcome.bus.vans_only
    assert outcome.summary()["bus"]["adopted"] is False  # type: ignore[index]
    assert outcome.bus.village_ids  # the comparison still shows what buses would take


def test_routes_and_villages_add_up_with_bus_fees(run: Run) -> None:
    outcome, _ = run()
    att = outcome.attribution
    bus = outcome.bus
    assert bus is not None
    villages = sum((v.cost_yuan for v in att.villages.values()), Decimal(0))
    assert att.total_cost_yuan == villages + sum(att.hubs_unallocated.values(), Decimal(0))
    bus_rows = [r for r in att.routes if r.echelon == "bus"]
    assert sum((r.cost_yuan for r in bus_rows), Decimal(0)) == sum(
        (to_fen(p.fee_yuan) for p in bus.plans), Decimal(0)
    )
    assert {r["route_id"] for r in outcome.tables()["route_costs"]} >= {
        r.route_id for r in bus_rows
    }


@pytest.mark.parametrize("echelon", ["two_echelon", "flat"])
def test_the_trunk_still_carries_parcels_changing_at_a_hub(run: Run, echelon: str) -> None:
    outcome, _ = run(echelon=echelon)
    bus = outcome.bus
    assert bus is not None
    net = outcome.stops.network
    at_hub = 0
    for plan, day in zip(bus.plans, outcome.days, strict=True):
        trunk: dict[str, float] = {}
        feeder: dict[str, float] = {}
        for p in day.parts:
            for r in p.plan.routes:
                depot = p.problem.ids[r.depot]
                for s in r.stops:
                    sid, down = p.problem.ids[s], float(p.problem.delivery[s, 0])
                    if p.echelon == "trunk":
                        trunk[sid] = trunk.get(sid, 0.0) + down
                    elif net[depot].tier is Tier.TOWNSHIP:
                        feeder[depot] = feeder.get(depot, 0.0) + down
        boarded: dict[str, float] = {}
        for a in plan.assignments:
            if a.down is not None and net[a.down.board_id].tier is Tier.TOWNSHIP:
                boarded[a.down.board_id] = boarded.get(a.down.board_id, 0.0) + a.down.parcels
        at_hub += len(boarded)
        for hub in {*trunk, *boarded}:
            want = net[hub].parcels_down_per_day + feeder.get(hub, 0.0) + boarded.get(hub, 0.0)
            assert trunk.get(hub, 0.0) == pytest.approx(want)
    assert at_hub > 0  # the case is exercised


@pytest.mark.parametrize("echelon", ["two_echelon", "flat"])
def test_whole_way_counts_bus_parcels_and_still_adds_up_in_fen(run: Run, echelon: str) -> None:
    routing, eco = run(echelon=echelon)
    _, vans_eco = run(echelon=echelon, adopt=False)
    assert eco.found is not None and vans_eco.found is not None
    head, vans = eco.found.headline, vans_eco.found.headline
    total, base = head.total(), vans.total()
    for costs in (total, *head.by("village").values(), *head.by("carrier").values()):
        assert costs.total_yuan == sum((costs.stage_yuan[s] for s in STAGES), Decimal(0))
        per = costs.stages_per_parcel_yuan
        assert sum(per.values(), Decimal(0)) == costs.cost_per_parcel_yuan
    # every parcel still counted, with its station fee and last metre, bus or van
    assert total.parcels == pytest.approx(base.parcels)
    assert abs(total.stage_yuan["station"] - base.stage_yuan["station"]) <= Decimal("0.01")
    assert abs(total.stage_yuan["last_mile"] - base.stage_yuan["last_mile"]) <= Decimal("0.01")
    assert total.stage_yuan["sorting"] == base.stage_yuan["sorting"]
    # the line haul is the plan's: van routes and bus fees (and trunk shares)
    bus = routing.bus
    assert bus is not None
    days = Decimal(routing.schedule.period_days)
    villages = sum((v.cost_yuan for v in routing.attribution.villages.values()), Decimal(0))
    assert abs(total.stage_yuan["line_haul"] - villages / days) <= Decimal("0.01")
    for plan in bus.plans:  # bus villages pay the station too
        for a in plan.assignments:
            assert head.by("village")[a.village_id].stage_yuan["station"] > 0
    # straight from the county DC, no hub handling for those parcels
    skipped = sum(
        a.down.parcels
        for p in bus.plans
        for a in p.assignments
        if a.down is not None and a.down.board_id == "c"
    ) + sum(
        a.up.parcels for p in bus.plans for a in p.assignments if a.up and a.up.alight_id == "c"
    )
    if echelon == "two_echelon":
        assert skipped > 0
        per_hub = Decimal("0.14") * Decimal(repr(skipped)) / days
        saved = base.stage_yuan["hub_handling"] - total.stage_yuan["hub_handling"]
        assert abs(saved - per_hub) <= Decimal("0.02")


def test_a_bus_fee_above_the_van_leaves_every_village_on_the_van(run: Run) -> None:
    outcome, _ = run(fee="50")
    assert outcome.bus is not None and not outcome.bus.in_plan
    assert outcome.days == outcome.bus.vans_only
    for plan in run()[0].bus.plans:  # type: ignore[union-attr]
        for a in plan.assignments:  # per-parcel fees only: every rider is cheaper by bus
            assert a.fee_yuan + a.transfer_yuan - a.credit_yuan < a.van_cost_yuan


def test_a_village_never_rides_departures_too_small_for_its_parcels(run: Run) -> None:
    outcome, _ = run(cap=3)  # every village moves more than 3 parcels a direction
    bus = outcome.bus
    assert bus is not None and not bus.village_ids
    assert outcome.days == bus.vans_only


def _checks(outcome: RoutingOutcome) -> dict[str, Any]:
    return {c.figure: c for c in outcome.checks}


def test_checks_hold_bus_figures_to_their_rules(run: Run) -> None:
    outcome, _ = run()
    bus = outcome.bus
    assert bus is not None and bus.in_plan
    checks = _checks(outcome)
    fee = checks["routing.bus.fee_yuan_per_parcel"]
    want = bus.bus_cost_yuan_per_day / Decimal(repr(bus.parcels_per_day))
    assert fee.value == want.quantize(Decimal("0.01"))
    assert not fee.ok  # 0.01 yuan a parcel is below any line haul seen: a finding, shown
    assert checks["routing.bus.saving_yuan_per_day"].ok
    load = checks["routing.bus.departure_load_pct_max"]
    assert 0 < load.value <= 100 and load.ok
    share = checks["routing.bus.villages_share_pct"]
    villages = len(outcome.stops.original.villages)
    assert share.value == round(len(bus.village_ids) / villages * 100, 1)
    # buses not in the plan: no fee or share to hold, the rules still hold
    dear = _checks(run(fee="50")[0])
    assert "routing.bus.fee_yuan_per_parcel" not in dear
    assert dear["routing.bus.saving_yuan_per_day"].value == 0
    assert dear["routing.bus.saving_yuan_per_day"].ok


def test_checks_hold_outlet_figures_to_cited_ranges(run: Run) -> None:
    outcome, _ = run()
    outlets = outcome.outlets
    assert outlets is not None
    checks = _checks(outcome)
    own = sum((c.own_yuan for t in outlets.townships for c in t.carriers), Decimal(0))
    cheaper = sum(
        (min(c.own_yuan, c.shared_yuan) for t in outlets.townships for c in t.carriers),
        Decimal(0),
    )
    saving = checks["routing.outlets.saving_pct"]
    assert saving.value == round(float((own - cheaper) / own) * 100, 2)
    assert (saving.low, saving.high) == (5.0, 35.0) and "facts 3d" in saving.source
    cost = checks["routing.outlets.cost_per_parcel_yuan"]
    parcels = sum(c.parcels_down + c.parcels_up for t in outlets.townships for c in t.carriers)
    assert cost.value == (cheaper / Decimal(repr(parcels))).quantize(Decimal("0.01"))
    assert "facts 3b" in cost.source
