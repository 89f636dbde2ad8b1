"""Offline Folium maps of the network and its plan.

Leaflet and jQuery come from installed packages (xstatic) and are inlined or copied beside the
page, so a map opens on an intranet PC with no internet. Nothing in the library imports ``maps``.
"""

from maps.coverage_map import FacilityMarker, FacilityPart, PlanLayers, TileConfig, coverage_map
from maps.save import render_offline, save

__all__ = [
    "FacilityMarker",
    "FacilityPart",
    "PlanLayers",
    "TileConfig",
    "coverage_map",
    "render_offline",
    "save",
]
