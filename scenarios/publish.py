"""Publishing a run: every output file, each written atomically."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable
from pathlib import Path

from coldchain.facilities import ColdStore, ReeferFleet
from maps import FacilityMarker, PlanLayers, coverage_map
from maps import save as save_map
from network.files import write_text_atomic
from scenarios.exports import villages_geojson, write_workbook
from scenarios.outputs import write_csv_atomic, write_json_atomic
from scenarios.report import plan_tables, render_report
from scenarios.runner import PlanRun


def facility_markers(run: PlanRun) -> list[FacilityMarker]:
    """One marker per place with cold-chain facilities, sized by its storage tonnage."""
    coldchain = run.results.get("coldchain")
    if coldchain is None or not isinstance(coldchain.data, dict) or "setup" not in coldchain.data:
        return []
    stored_t: dict[str, float] = defaultdict(float)
    parts: dict[str, list[str]] = defaultdict(list)
    for facility in coldchain.data["setup"].facilities:
        stage = str(facility.stage.value)
        if isinstance(facility, ColdStore):
            stored_t[facility.node_id] += facility.capacity_t
            parts[facility.node_id].append(f"{stage} {facility.capacity_t:,.0f} t")
        elif isinstance(facility, ReeferFleet):
            parts[facility.node_id].append(f"{facility.vehicles:g} reefers")
        else:
            parts[facility.node_id].append(f"{stage} {facility.capacity / 1000:,.0f} t/day")
    return [
        FacilityMarker(node, "cold chain", stored_t[node], "; ".join(sorted(parts[node])))
        for node in sorted(parts)
    ]


def map_layers(run: PlanRun) -> PlanLayers:
    """What the plan adds to the coverage map."""
    routing = run.results.get("routing")
    return PlanLayers(
        coverage=run.coverage,
        routes=None if routing is None else routing.geojson.get("routes"),
        facilities=facility_markers(run),
        service_radius_km=run.scenario.targets.service_radius_km,
    )


def write_outputs(run: PlanRun, out_dir: Path) -> list[Path]:
    """Write every result of the run into ``out_dir``; each file atomically.

    plan.json, villages.csv/.geojson, each section's tables and GeoJSON, map.html (offline),
    report.html, plan.xlsx (one sheet per table) and timings.json (wall-clock seconds, kept out
    of plan.json so that plan.json is byte-identical for the same inputs and seed).
    """
    written: list[Path] = []

    def put(name: str, writer: Callable[[Path], object]) -> None:
        path = out_dir / name
        writer(path)
        written.append(path)

    put("villages.csv", lambda p: write_csv_atomic(p, run.coverage.village_rows()))
    put(
        "villages.geojson",
        lambda p: write_json_atomic(p, villages_geojson(run.network, run.coverage)),
    )
    for result in run.results.values():
        for name, rows in result.tables.items():
            put(f"{name}.csv", lambda p, rows=rows: write_csv_atomic(p, rows))  # type: ignore[misc]
        for name, collection in result.geojson.items():
            put(f"{name}.geojson", lambda p, c=collection: write_json_atomic(p, c))  # type: ignore[misc]
    put("map.html", lambda p: save_map(coverage_map(run.network, plan=map_layers(run)), p))
    put("report.html", lambda p: write_text_atomic(p, render_report(run, map_file="map.html")))
    put("plan.xlsx", lambda p: write_workbook(p, plan_tables(run)))
    put("timings.json", lambda p: write_json_atomic(p, run.timings()))
    put("plan.json", lambda p: write_json_atomic(p, run.plan_json()))
    return written
