"""The coverage map on paper: a static SVG of the county drawn from the plan, offline.

The live map (map.html, Leaflet) cannot be printed; the printed report shows this instead:
the county outline, the delivery routes, every village coloured by its coverage status (the
live map's colours and words), the county DC and the township hubs with their names, and a
scale bar. Positions are projected to the county's metric CRS, so the shape is true.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping
from typing import Any

import matplotlib
import numpy as np
import shapely
from matplotlib.figure import Figure
from matplotlib.lines import Line2D

from maps.coverage_map import STATUS_COLOURS, STATUS_LABELS
from network import CoverageReport, Network
from network.geography import geometry_to_metric, metric_crs_for, to_metric
from network.texts import Texts
from scenarios.charts import chart_rc, svg_text
from scenarios.registry import SECTIONS
from scenarios.runner import PlanRun

ROUTE_COLOUR = "#555555"
DC_COLOUR = "#ffd700"
HUB_COLOUR = "#ff7f00"
LABEL_STEP_PT = 10.0
"""A label near earlier ones moves down this far for each (one line of 8 pt text)."""
PRINT_DETAIL = 1500
"""Outline and routes keep detail down to 1/1500 of the county's extent (0.12 mm on A4)."""


def village_statuses(report: CoverageReport | None) -> dict[str, str]:
    """Each village's status as the live map colours it (a delivery route counts as served)."""
    if report is None:
        return {}
    statuses = {}
    for village in report.villages:
        status = village.service.status.value
        if status != "service_point" and village.delivery:
            status = "served"
        statuses[village.id] = status
    return statuses


def plan_routes(run: PlanRun) -> Mapping[str, Any] | None:
    """The routes the plan drew on the live map (GeoJSON), if any section made some."""
    for entry in SECTIONS:
        if entry.key in run.results:
            routes = entry.map_part(run.results[entry.key]).routes
            if routes is not None:
                return routes
    return None


def _route_lines(routes: Mapping[str, Any] | None) -> Iterable[list[tuple[float, float]]]:
    for feature in (routes or {}).get("features", ()):
        geometry = feature.get("geometry") or {}
        if geometry.get("type") == "LineString":
            yield [(float(x), float(y)) for x, y, *_ in geometry["coordinates"]]
        elif geometry.get("type") == "MultiLineString":
            for part in geometry["coordinates"]:
                yield [(float(x), float(y)) for x, y, *_ in part]


def _crowding(placed: list[tuple[float, float]], x: float, y: float, extent_km: float) -> int:
    """How many labels already sit where this one would overlap them (same line, near)."""
    return sum(
        abs(x - px) < 0.12 * extent_km and abs(y - py) < 0.02 * extent_km for px, py in placed
    )


def _nice_length_km(span_km: float) -> float:
    """A round scale-bar length about a fifth of the map's width."""
    target = max(span_km / 5.0, 0.1)
    power = 10 ** math.floor(math.log10(target))
    return float(next(s * power for s in (5, 2, 1) if s * power <= target))


def draw_static_map(
    network: Network,
    coverage: CoverageReport | None,
    routes: Mapping[str, Any] | None,
    *,
    tr: Texts,
    size_in: tuple[float, float] = (7.2, 9.6),
) -> str:
    """The county as an ``<svg>`` element in ``tr``'s language (text kept as text, for the
    embedded font)."""
    if len(network) == 0:
        return ""
    crs = metric_crs_for(network)
    statuses = village_statuses(coverage)
    with matplotlib.rc_context(chart_rc()):
        fig = Figure(figsize=size_in)
        ax = fig.subplots()
        ax.set_aspect("equal")
        ax.set_axis_off()
        all_x, all_y = to_metric([n.lon for n in network], [n.lat for n in network], crs)
        extent_m = max(float(np.ptp(all_x)), float(np.ptp(all_y)), 1000.0)
        tolerance_m = extent_m / PRINT_DETAIL  # finer than the printed line is thick
        if network.boundary is not None:
            outline = geometry_to_metric(network.boundary, crs)
            for ring in shapely.get_parts(shapely.boundary(outline)):
                xs, ys = np.asarray(ring.simplify(tolerance_m).coords).T[:2] / 1000.0
                ax.plot(xs, ys, color="#999999", linewidth=0.8)
        for line in _route_lines(routes):
            lon, lat = zip(*line, strict=True)
            x_m, y_m = to_metric(lon, lat, crs)
            if len(x_m) > 2:
                simple = shapely.LineString(np.column_stack([x_m, y_m])).simplify(tolerance_m)
                x_m, y_m = np.asarray(simple.coords).T
            ax.plot(x_m / 1000.0, y_m / 1000.0, color=ROUTE_COLOUR, linewidth=0.5, alpha=0.55)
        handles: list[Any] = [Line2D([], [], color=ROUTE_COLOUR, linewidth=1.0, label=tr("route"))]
        for status, colour in STATUS_COLOURS.items():
            ids = [v for v in network.villages if statuses.get(v.id, "uncovered") == status]
            if not ids:
                continue
            x_m, y_m = to_metric([v.lon for v in ids], [v.lat for v in ids], crs)
            edges = ["#000000" if v.poor else colour for v in ids]
            ax.scatter(
                x_m / 1000.0,
                y_m / 1000.0,
                s=10,
                c=colour,
                edgecolors=edges,
                linewidths=0.6,
                zorder=3,
            )
            handles.append(
                Line2D(
                    [],
                    [],
                    marker="o",
                    linestyle="",
                    color=colour,
                    markersize=5,
                    label=tr(STATUS_LABELS[status]),
                )
            )
        placed: list[tuple[float, float]] = []  # labels so far: close ones stack downwards
        for nodes, colour, marker, size, label in (
            (network.townships, HUB_COLOUR, "s", 36, tr("township hub")),
            (network.county_dcs, DC_COLOUR, "*", 160, tr("county DC")),
        ):
            if not nodes:
                continue
            x_m, y_m = to_metric([n.lon for n in nodes], [n.lat for n in nodes], crs)
            ax.scatter(
                x_m / 1000.0,
                y_m / 1000.0,
                s=size,
                c=colour,
                marker=marker,
                edgecolors="#000000",
                linewidths=0.6,
                zorder=4,
            )
            for node, x, y in zip(nodes, x_m / 1000.0, y_m / 1000.0, strict=True):
                ax.annotate(
                    node.name,
                    (x, y),
                    xytext=(4, 3 - LABEL_STEP_PT * _crowding(placed, x, y, extent_m / 1000.0)),
                    textcoords="offset points",
                    fontsize=8,
                    zorder=5,
                )
                placed.append((x, y))
            handles.append(
                Line2D(
                    [],
                    [],
                    marker=marker,
                    linestyle="",
                    color=colour,
                    markeredgecolor="#000000",
                    markersize=7,
                    label=label,
                )
            )
        x_min, x_max = ax.get_xlim()
        y_min, _ = ax.get_ylim()
        bar_km = _nice_length_km(x_max - x_min)
        x0 = x_min + 0.03 * (x_max - x_min)
        ax.plot([x0, x0 + bar_km], [y_min, y_min], color="#000000", linewidth=2)
        ax.annotate(
            tr("{km} km", km=f"{bar_km:g}"),
            (x0 + bar_km / 2, y_min),
            xytext=(0, 4),
            textcoords="offset points",
            ha="center",
            fontsize=8,
        )
        ax.legend(
            handles=handles,
            loc="upper center",
            bbox_to_anchor=(0.5, -0.01),
            ncol=3,
            frameon=False,
            fontsize=8,
        )
        return svg_text(fig)


def static_map(run: PlanRun, tr: Texts) -> str:
    """The run's county, villages, hubs and routes as a printable ``<svg>`` in ``tr``'s
    language."""
    return draw_static_map(run.network, run.coverage, plan_routes(run), tr=tr)


__all__ = ["draw_static_map", "plan_routes", "static_map", "village_statuses"]
