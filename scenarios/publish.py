"""Publishing a run: every output file, each written atomically."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path

from maps import PlanLayers, coverage_map, render_offline
from network.files import write_text_atomic
from network.texts import Texts, texts_for
from scenarios.exports import villages_geojson, write_workbook
from scenarios.outputs import write_csv_atomic, write_json_atomic
from scenarios.registry import SECTIONS
from scenarios.report import plan_tables, render_report
from scenarios.run_log import run_log_text
from scenarios.runner import PlanRun
from scenarios.webfont import with_embedded_font

MAP_FONT_SELECTOR = ".leaflet-container,.leaflet-container *"
"""Where the map page draws in the embedded font: legend, layer list, tooltips, popups."""


def map_layers(run: PlanRun) -> PlanLayers:
    """What the plan adds to the coverage map: each section's part (the registry's)."""
    parts = [s.map_part(run.results[s.key]) for s in SECTIONS if s.key in run.results]
    routes = next((p.routes for p in parts if p.routes is not None), None)
    return PlanLayers(
        coverage=run.coverage,
        routes=routes,
        bus_lines=next((p.bus_lines for p in parts if p.bus_lines is not None), None),
        facilities=tuple(f for p in parts for f in p.facilities),
        service_radius_km=run.scenario.targets.service_radius_km,
    )


def map_page(run: PlanRun, tr: Texts) -> str:
    """map.html: the offline coverage map in ``tr``'s language, its Chinese labels in the
    embedded font."""
    page, _ = render_offline(
        coverage_map(run.network, tr=tr, plan=map_layers(run)), mode="inline", folder="map_files"
    )
    return with_embedded_font(page, selector=MAP_FONT_SELECTOR)


def write_outputs(run: PlanRun, out_dir: Path, *, warnings: Sequence[str] = ()) -> list[Path]:
    """Write every result of the run into ``out_dir``; each file atomically.

    plan.json, villages.csv/.geojson, each section's tables and GeoJSON, map.html (offline),
    report.html, plan.xlsx (one sheet per table), timings.json (wall-clock seconds, kept out
    of plan.json so that plan.json is byte-identical for the same inputs and seed, and the
    run's technical ``warnings``) and run.log (those warnings, one a line).
    """
    written: list[Path] = []
    tr = texts_for(run.scenario.lang)

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
        for name, rows in result.tables().items():
            put(f"{name}.csv", lambda p, rows=rows: write_csv_atomic(p, rows))  # type: ignore[misc]
        for name, collection in result.geojson().items():
            put(f"{name}.geojson", lambda p, c=collection: write_json_atomic(p, c))  # type: ignore[misc]
    put("map.html", lambda p: write_text_atomic(p, map_page(run, tr)))
    report = render_report(run, tr=tr, map_file="map.html")
    put("report.html", lambda p: write_text_atomic(p, report))
    put("plan.xlsx", lambda p: write_workbook(p, plan_tables(run), tr=tr))
    put("timings.json", lambda p: write_json_atomic(p, {**run.timings(), "warnings": warnings}))
    put("run.log", lambda p: write_text_atomic(p, run_log_text(warnings, tr)))
    put("plan.json", lambda p: write_json_atomic(p, run.plan_json()))
    return written
