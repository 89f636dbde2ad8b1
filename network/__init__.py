"""The three-tier network model and everything geographic.

``network`` imports nothing else of the project.
"""

from network.coverage import (
    CoverageReport,
    CoverageTargets,
    ServiceReach,
    ServiceStatus,
    TownshipCoverage,
    VillageCoverage,
    coverage_report,
)
from network.distances import (
    HIGHWAY_SPEEDS_KMH,
    LEG_SPEEDS_KMH,
    DistanceMatrix,
    distance_matrix,
)
from network.errors import InputError
from network.geography import (
    metric_boundary,
    metric_crs,
    metric_crs_for,
    service_areas,
    to_lonlat,
    to_metric,
    township_cells,
)
from network.load import load_network
from network.model import FerryLink, Network, Node, OutletKind, Tier
from network.roads import RoadGraph, load_road_graph

__all__ = [
    "HIGHWAY_SPEEDS_KMH",
    "LEG_SPEEDS_KMH",
    "CoverageReport",
    "CoverageTargets",
    "DistanceMatrix",
    "FerryLink",
    "InputError",
    "Network",
    "Node",
    "OutletKind",
    "RoadGraph",
    "ServiceReach",
    "ServiceStatus",
    "Tier",
    "TownshipCoverage",
    "VillageCoverage",
    "coverage_report",
    "distance_matrix",
    "load_network",
    "load_road_graph",
    "metric_boundary",
    "metric_crs",
    "metric_crs_for",
    "service_areas",
    "to_lonlat",
    "to_metric",
    "township_cells",
]
