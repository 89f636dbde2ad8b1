"""The coverage map: county outline, hubs, villages by coverage status, routes, cold chain."""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from html import escape
from typing import Any, Literal

import folium
import numpy as np
import shapely
from branca.element import Element, Figure
from shapely.geometry import mapping

from maps.bus_layer import BUS_COLOUR, bus_line_items
from maps.layers import (
    POPUP_JS,
    ControlTexts,
    DataLayer,
    Item,
    Legend,
    MarkerCount,
    line,
    point,
    safe_json,
    shape,
)
from network import CoverageReport, Network, Node, Tier
from network.coords import wgs84_to_gcj02
from network.geography import service_areas
from network.texts import N_, Texts

Shift = Callable[[float, float], tuple[float, float]]

STATUS_COLOURS = {
    "service_point": "#1a9641",  # a service point in the village
    "served": "#2b83ba",  # on a delivery route, covered by a point nearby or not
    "covered": "#a6d96a",  # within reach of a service point, not on a route
    "uncovered": "#d7191c",
}
STATUS_LABELS = {
    "service_point": N_("service point in the village"),
    "served": N_("delivery route serves it"),
    "covered": N_("service point within reach"),
    "uncovered": N_("uncovered"),
}
"""What each village colour means (English msgids; shown through ``tr``)."""
TIER_LABELS = {
    Tier.COUNTY: N_("county DC"),
    Tier.TOWNSHIP: N_("township hub"),
    Tier.VILLAGE: N_("village"),
}
VEHICLE_NAMES = {
    "e-tricycle": N_("e-tricycle"),
    "4.2 m van": N_("4.2 m van"),
    "light truck": N_("light truck"),
    "reefer van": N_("reefer van"),
    "vehicle": N_("vehicle"),
}
"""The default fleet's vehicle names (a fleet's own names are shown as written)."""
FACILITY_KINDS = {
    "cold chain": N_("cold chain"),
    "station": N_("cold-chain station"),
    "precooler": N_("pre-cooler"),
    "cold_room": N_("cold room"),
    "dc_cold_room": N_("cold room at the county DC"),
    "reefer": N_("reefer truck"),
    "processing": N_("processing line"),
    "precool": N_("pre-cooler"),
    "frozen_store": N_("frozen store"),
    "bulk_reefer": N_("heavy reefer truck"),
}
"""Cold-chain facility kinds (``coldchain`` build items and stages) for people."""
FACILITY_UNITS = {
    "t": N_("t"),
    "t/day": N_("t/day"),
    "m3": N_("m³"),
    "vehicles": N_("vehicles"),
    "station": N_("stations"),
}
VEHICLE_COLOURS = ("#e66101", "#5e3c99", "#008837", "#0571b0", "#ca0020", "#7b3294", "#4d4d4d")
MAX_OPEN_LAYERS = 12
CANVAS_ABOVE = 2000
"""With more markers than this the map draws on a canvas (smooth panning for 5,000 villages)."""


@dataclass(frozen=True)
class TileConfig:
    """A basemap: an intranet tile server, Tianditu with a key, or a local tile folder.

    ``url`` is a Leaflet template (``.../{z}/{x}/{y}.png``; a relative path works for a tile
    folder beside the HTML). ``coords="gcj02"`` for AMap-style tiles: every point is shifted to
    GCJ-02 so it sits on the basemap.
    """

    url: str
    attribution: str
    coords: Literal["wgs84", "gcj02"] = "wgs84"
    max_zoom: int = 18


@dataclass(frozen=True, order=True)
class FacilityPart:
    """One facility at a marker's place: ``size`` ``unit`` of ``kind`` (shown translated when
    the kind and unit are in :data:`FACILITY_KINDS` and :data:`FACILITY_UNITS`)."""

    kind: str
    size: float
    unit: str


@dataclass(frozen=True)
class FacilityMarker:
    """Cold-chain facilities at one place, drawn sized by storage capacity.

    ``parts`` lists them (shown in the run's language); ``label`` is free text shown as written
    when there are no parts.
    """

    node_id: str
    kind: str
    capacity_t: float
    label: str = ""
    parts: tuple[FacilityPart, ...] = ()


def _part_text(part: FacilityPart, tr: Texts) -> str:
    digits = 1 if part.unit == "m3" else 0
    return tr(
        "{kind} {size} {unit}",
        kind=_named(tr, part.kind, FACILITY_KINDS),
        size=tr.number(part.size, digits),
        unit=_named(tr, part.unit, FACILITY_UNITS),
    )


@dataclass(frozen=True)
class PlanLayers:
    """What a plan adds to the map; every part optional (a layer appears when its data is in)."""

    coverage: CoverageReport | None = None
    routes: Mapping[str, Any] | None = None  # GeoJSON FeatureCollection of route LineStrings
    facilities: Sequence[FacilityMarker] = ()
    service_radius_km: float = 3.0
    road_lines: Sequence[Sequence[tuple[float, float]]] = field(default_factory=tuple)
    bus_lines: Mapping[str, Any] | None = None  # GeoJSON of bus lines (routing.bus)


def _shift_for(tiles: TileConfig | None) -> Shift:
    if tiles is None or tiles.coords == "wgs84":
        return lambda lon, lat: (lon, lat)

    def to_gcj(lon: float, lat: float) -> tuple[float, float]:
        x, y = wgs84_to_gcj02(lon, lat)
        return float(x), float(y)

    return to_gcj


def _group(fmap: folium.Map, name: str, items: list[Item], *, show: bool = True) -> None:
    if not items:
        return
    group = folium.FeatureGroup(name=name, show=show)
    DataLayer(items).add_to(group)
    group.add_to(fmap)


def _named(tr: Texts, name: str, known: Mapping[str, str]) -> str:
    """A name from the plan in ``tr``'s language when it is one of ours, else as written."""
    return tr(known[name]) if name in known else name


def _node_popup(
    node: Node, tr: Texts, extra: Sequence[tuple[str, Any]] = ()
) -> list[tuple[str, Any]]:
    return [
        (tr("name"), node.name),
        (tr("id"), node.id),
        (tr("tier"), tr(TIER_LABELS[node.tier])),
        (tr("population"), tr.number(node.population)),
        (
            tr("parcels down/up per day"),
            f"{tr.number(node.parcels_down_per_day, 1)} / {tr.number(node.parcels_up_per_day, 1)}",
        ),
        *extra,
    ]


def _boundary_items(network: Network, shift: Shift) -> list[Item]:
    if network.boundary is None:
        return []
    geom = shapely.transform(network.boundary, lambda xy: np.array([shift(x, y) for x, y in xy]))
    style = {"color": "#444", "weight": 2, "fill": False, "interactive": False}
    return [shape(mapping(geom), style=style)]


def hub_items(network: Network, shift: Shift, tr: Texts) -> list[Item]:
    """The county DC and the township hubs, popups and tooltips in ``tr``'s language."""
    items = []
    for node in (*network.county_dcs, *network.townships):
        county = node.tier is Tier.COUNTY
        style = {
            "radius": 9 if county else 6,
            "color": "#000",
            "weight": 2,
            "fillColor": "#ffd700" if county else "#ff7f00",
            "fillOpacity": 0.95,
            "className": "county-dc" if county else "township-hub",
        }
        items.append(
            point(
                *shift(node.lon, node.lat),
                style=style,
                popup=_node_popup(node, tr),
                tooltip=tr("{name} ({what})", name=node.name, what=tr(TIER_LABELS[node.tier])),
            )
        )
    return items


def _village_status(
    report: CoverageReport | None, tr: Texts
) -> dict[str, tuple[str, list[tuple[str, Any]]]]:
    if report is None:
        return {}
    statuses = {}
    for v in report.villages:
        reach = v.service
        status = reach.status.value
        if status != "service_point" and v.delivery:
            status = "served"
        rows: list[tuple[str, Any]] = [
            (tr("coverage"), tr(STATUS_LABELS[status])),
            (tr("delivery"), tr("yes") if v.delivery else tr("no")),
            (tr("service point"), reach.point_id or tr("none within reach")),
        ]
        if reach.distance_km is not None:
            km = tr.number(reach.distance_km, 1)
            rows.append((tr("distance to point"), tr("{km} km", km=km)))
        statuses[v.id] = (status, rows)
    return statuses


def village_items(
    network: Network,
    report: CoverageReport | None,
    routes_by_village: Mapping[str, str],
    shift: Shift,
    tr: Texts,
) -> dict[str, list[Item]]:
    """The villages by coverage status (``STATUS_LABELS`` keys), texts in ``tr``'s language."""
    statuses = _village_status(report, tr)
    layers: dict[str, list[Item]] = {}
    for node in network.villages:
        status, rows = statuses.get(node.id, ("uncovered", [(tr("coverage"), tr("not measured"))]))
        township = network.get(node.parent or "")
        extra = [
            (tr("township"), township.name if township else ""),
            (tr("registered poor village"), tr("yes") if node.poor else tr("no")),
            *rows,
            (tr("route"), routes_by_village.get(node.id, tr("none"))),
        ]
        style = {
            "radius": 5,
            "color": "#000" if node.poor else STATUS_COLOURS[status],
            "weight": 2 if node.poor else 1,
            "fillColor": STATUS_COLOURS[status],
            "fillOpacity": 0.85,
            "className": "village-marker" + (" poor" if node.poor else ""),
        }
        tip = tr("{name} (registered poor village)", name=node.name) if node.poor else node.name
        layers.setdefault(status, []).append(
            point(
                *shift(node.lon, node.lat),
                style=style,
                popup=_node_popup(node, tr, extra),
                tooltip=tip,
            )
        )
    return layers


def _service_area_items(
    network: Network, report: CoverageReport | None, radius_km: float, shift: Shift
) -> list[Item]:
    if report is None:
        return []
    point_ids = sorted({v.service.point_id for v in report.villages if v.service.point_id})
    nodes = [network[p] for p in point_ids if p in network]
    if not nodes:
        return []
    discs = service_areas([n.lon for n in nodes], [n.lat for n in nodes], radius_km * 1000.0)
    style = {"color": "#1a9641", "weight": 1, "fillOpacity": 0.08, "interactive": False}
    return [
        shape(
            mapping(shapely.transform(d, lambda xy: np.array([shift(x, y) for x, y in xy]))),
            style=style,
        )
        for d in discs
    ]


def route_layers(
    routes: Mapping[str, Any] | None, shift: Shift, tr: Texts
) -> tuple[dict[str, list[Item]], dict[str, str]]:
    """One layer per route (named in ``tr``'s language) and each stop's route label."""
    layers: dict[str, list[Item]] = {}
    by_village: dict[str, str] = {}
    if not routes:
        return layers, by_village
    colours: dict[str, str] = {}
    for feature in routes.get("features", []):
        props = feature.get("properties", {})
        route_id = str(props.get("route_id", len(layers) + 1))
        vehicle = str(props.get("vehicle_type", "vehicle"))
        colour = colours.setdefault(vehicle, VEHICLE_COLOURS[len(colours) % len(VEHICLE_COLOURS)])
        coords = [shift(x, y) for x, y in feature["geometry"]["coordinates"]]
        stop_ids = [str(s) for s in props.get("stop_ids", [])]
        names = [str(s) for s in props.get("stop_names", stop_ids)]
        shown = _named(tr, vehicle, VEHICLE_NAMES)
        label = tr("route {route} ({vehicle})", route=route_id, vehicle=shown)
        distance = props.get("distance_km", "")
        items = [
            line(
                coords,
                style={"color": colour, "weight": 3, "opacity": 0.8},
                popup=[
                    (tr("route"), route_id),
                    (tr("vehicle"), shown),
                    (tr("stops"), tr.number(len(stop_ids))),
                    (
                        tr("distance"),
                        tr("{km} km", km=tr.number(float(distance), 1))
                        if isinstance(distance, (int, float))
                        else str(distance),
                    ),
                ],
                tooltip=label,
            )
        ]
        for order, (stop_id, (x, y)) in enumerate(zip(stop_ids, coords[1:], strict=False), 1):
            by_village[stop_id] = label
            name = names[order - 1] if order - 1 < len(names) else stop_id
            items.append(
                point(
                    x,
                    y,
                    style={
                        "radius": 3,
                        "color": colour,
                        "fillOpacity": 1,
                        "className": "route-stop",
                    },
                    tooltip=tr(
                        "{route}, stop {order}: {name}", route=label, order=order, name=name
                    ),
                )
            )
        layers[label] = items
    return layers, by_village


def facility_items(
    network: Network, facilities: Sequence[FacilityMarker], shift: Shift, tr: Texts
) -> list[Item]:
    """Cold-chain facilities sized by storage, popups in ``tr``'s language."""
    items = []
    for f in facilities:
        node = network.get(f.node_id)
        if node is None:
            continue
        # Log scale, radius in px: 12 for a 100 t store, 20 for 10,000 t, 24 for 100,000 t.
        style = {
            "radius": 4.0 + 4.0 * math.log10(1.0 + max(f.capacity_t, 0.0)),
            "color": "#08519c",
            "fillColor": "#6baed6",
            "fillOpacity": 0.5,
            "className": "coldchain-facility",
        }
        kind = _named(tr, f.kind, FACILITY_KINDS)
        what = ("；" if tr.lang == "zh" else "; ").join(_part_text(p, tr) for p in f.parts)
        what = what or f.label
        items.append(
            point(
                *shift(node.lon, node.lat),
                style=style,
                popup=[
                    (tr("facility"), kind),
                    (tr("at"), node.name),
                    (tr("storage"), tr("{t} t", t=tr.number(f.capacity_t))),
                    (tr("what"), what),
                ],
                tooltip=tr("{what} at {place}", what=what or kind, place=node.name),
            )
        )
    return items


def coverage_map(
    network: Network,
    *,
    tr: Texts,
    plan: PlanLayers | None = None,
    tiles: TileConfig | None = None,
) -> folium.Map:
    """A Folium map of the network and, when given, the plan's coverage, routes and facilities.

    Every text a person reads (legend, layer names, popups, tooltips, the page title) is in
    ``tr``'s language; names from the county's files are shown as written. No tiles by default
    (the county outline and roads give context); the map needs no network connection once saved
    with :func:`maps.save`.
    """
    plan = plan or PlanLayers()
    shift = _shift_for(tiles)
    lons = [n.lon for n in network]
    lats = [n.lat for n in network]
    fmap = folium.Map(
        location=[float(np.mean(lats)), float(np.mean(lons))] if lats else [0.0, 0.0],
        zoom_start=10,
        tiles=None,
        prefer_canvas=len(network.villages) > CANVAS_ABOVE,
        control_scale=True,
    )
    figure = fmap.get_root()
    assert isinstance(figure, Figure)
    title = (
        tr("Coverage map: {county}", county=network.name) if network.name else tr("Coverage map")
    )
    figure.title = escape(title)  # branca writes the title into <title> as it is
    figure.header.add_child(Element(f"<script>{POPUP_JS}</script>"), name="cl_popup")
    # The page's language, so that browsers pick Chinese glyph forms and read it out right.
    lang_tag = safe_json(tr.html_lang)
    figure.header.add_child(
        Element(f"<script>document.documentElement.lang = {lang_tag};</script>"), name="cl_lang"
    )
    if tiles is not None:
        folium.TileLayer(
            tiles=tiles.url, attr=tiles.attribution, name=tr("basemap"), max_zoom=tiles.max_zoom
        ).add_to(fmap)
    _group(fmap, tr("county boundary"), _boundary_items(network, shift))
    roads = [
        line([shift(x, y) for x, y in coords], style={"color": "#999", "weight": 1.5})
        for coords in plan.road_lines
    ]
    _group(fmap, tr("main roads"), roads)
    _group(
        fmap,
        tr("service areas ({km} km)", km=tr.number(plan.service_radius_km, 1)),
        _service_area_items(network, plan.coverage, plan.service_radius_km, shift),
        show=False,
    )
    _group(fmap, tr("cold-chain facilities"), facility_items(network, plan.facilities, shift, tr))
    _group(fmap, tr("bus lines (parcels)"), bus_line_items(plan.bus_lines, shift, tr))
    routes, by_village = route_layers(plan.routes, shift, tr)
    for name, items in routes.items():
        _group(fmap, name, items)
    for status, items in village_items(network, plan.coverage, by_village, shift, tr).items():
        _group(fmap, tr("villages: {status}", status=tr(STATUS_LABELS[status])), items)
    _group(fmap, tr("county DC and township hubs"), hub_items(network, shift, tr))
    if lats:
        sw = shift(min(lons), min(lats))
        ne = shift(max(lons), max(lats))
        fmap.fit_bounds([[sw[1], sw[0]], [ne[1], ne[0]]])
    # With many routes the layer list would cover the map: it opens on hover instead.
    folium.LayerControl(collapsed=len(routes) > MAX_OPEN_LAYERS).add_to(fmap)
    entries = [(tr(STATUS_LABELS[s]), STATUS_COLOURS[s]) for s in STATUS_COLOURS]
    entries += [
        (tr(TIER_LABELS[Tier.COUNTY]), "#ffd700"),
        (tr(TIER_LABELS[Tier.TOWNSHIP]), "#ff7f00"),
        (tr("registered poor village: black ring"), "#ffffff"),
    ]
    if plan.bus_lines:
        entries.append((tr("bus line taking parcels (dashed)"), BUS_COLOUR))
    Legend(tr("Coverage"), entries).add_to(fmap)
    MarkerCount().add_to(fmap)
    ControlTexts(layers=tr("Layers"), zoom_in=tr("Zoom in"), zoom_out=tr("Zoom out")).add_to(fmap)
    return fmap
