"""The three-tier network model and everything geographic.

``network`` imports nothing else of the project.
"""

from network._read_csv import read_csv_rows
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
from network.siting import (
    SitingCosts,
    SitingProblem,
    SitingResult,
    capacitated_hubs,
    max_coverage,
    min_cost_siting,
    set_covering,
    siting_problem,
    tradeoff_curve,
)

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
    "SitingCosts",
    "SitingProblem",
    "SitingResult",
    "Tier",
    "TownshipCoverage",
    "VillageCoverage",
    "capacitated_hubs",
    "coverage_report",
    "distance_matrix",
    "load_network",
    "load_road_graph",
    "max_coverage",
    "metric_boundary",
    "metric_crs",
    "metric_crs_for",
    "min_cost_siting",
    "read_csv_rows",
    "service_areas",
    "set_covering",
    "siting_problem",
    "to_lonlat",
    "to_metric",
    "township_cells",
    "tradeoff_curve",
]
