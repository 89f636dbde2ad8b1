"""The three-tier network model and everything geographic.

``network`` imports nothing else of the project.
"""

from network._read_csv import read_csv_rows
from network.columns import ColumnMap, recognise_columns
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
from network.estimate import (
    CensusTotals,
    PlacementRules,
    VillageSite,
    allocate_population,
    parcels_per_day,
    place_villages,
)
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
from network.reach import reachable_part, unreachable_nodes
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
from network.tables import Row, Table, read_table
from network.units import UnitClass, classify_unit

__all__ = [
    "HIGHWAY_SPEEDS_KMH",
    "LEG_SPEEDS_KMH",
    "CensusTotals",
    "ColumnMap",
    "CoverageReport",
    "CoverageTargets",
    "DistanceMatrix",
    "FerryLink",
    "InputError",
    "Network",
    "Node",
    "OutletKind",
    "PlacementRules",
    "RoadGraph",
    "Row",
    "ServiceReach",
    "ServiceStatus",
    "SitingCosts",
    "SitingProblem",
    "SitingResult",
    "Table",
    "Tier",
    "TownshipCoverage",
    "UnitClass",
    "VillageCoverage",
    "VillageSite",
    "allocate_population",
    "capacitated_hubs",
    "classify_unit",
    "coverage_report",
    "distance_matrix",
    "load_network",
    "load_road_graph",
    "max_coverage",
    "metric_boundary",
    "metric_crs",
    "metric_crs_for",
    "min_cost_siting",
    "parcels_per_day",
    "place_villages",
    "reachable_part",
    "read_csv_rows",
    "read_table",
    "recognise_columns",
    "service_areas",
    "set_covering",
    "siting_problem",
    "to_lonlat",
    "to_metric",
    "township_cells",
    "tradeoff_curve",
    "unreachable_nodes",
]
