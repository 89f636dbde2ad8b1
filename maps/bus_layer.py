"""The bus lines layer: each line that takes parcels as a dashed line through its stops, its
stops as small markers (filled where parcels ride), the villages riding it in the popup."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from maps.layers import Item, line, point
from network.texts import Texts

BUS_COLOUR = "#1b7837"
Shift = Callable[[float, float], tuple[float, float]]


def bus_line_items(bus_lines: Mapping[str, Any] | None, shift: Shift, tr: Texts) -> list[Item]:
    """Items of the ``bus_lines.geojson`` FeatureCollection (WGS-84 lon/lat, shifted), popups
    and tooltips in ``tr``'s language."""
    items: list[Item] = []
    for feature in (bus_lines or {}).get("features", []):
        props = feature.get("properties", {})
        coords = [shift(x, y) for x, y in feature["geometry"]["coordinates"]]
        names = [str(n) for n in props.get("stop_names", [])]
        riders = [str(n) for n in props.get("village_names", [])]
        label = tr(
            "bus {line} {name}", line=props.get("line_id", ""), name=props.get("name", "")
        ).strip()
        items.append(
            line(
                coords,
                style={"color": BUS_COLOUR, "weight": 4, "opacity": 0.8, "dashArray": "8 6"},
                popup=[
                    (tr("bus line"), props.get("line_id", "")),
                    (tr("name"), props.get("name", "")),
                    (tr("stops"), " - ".join(names)),
                    (tr("departures"), ", ".join(str(d) for d in props.get("departures", []))),
                    (tr("stops riding it"), ", ".join(riders) or tr("none")),
                ],
                tooltip=label,
            )
        )
        for order, ((x, y), name) in enumerate(zip(coords, names, strict=False), 1):
            rides = name in riders
            items.append(
                point(
                    x,
                    y,
                    style={
                        "radius": 5 if rides else 3,
                        "color": BUS_COLOUR,
                        "fillColor": BUS_COLOUR if rides else "#ffffff",
                        "fillOpacity": 1,
                        "className": "bus-stop",
                    },
                    tooltip=tr(
                        "{route}, stop {order}: {name} (parcels ride this bus)",
                        route=label,
                        order=order,
                        name=name,
                    )
                    if rides
                    else tr("{route}, stop {order}: {name}", route=label, order=order, name=name),
                )
            )
    return items
