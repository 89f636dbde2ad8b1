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
from network.errors import InputError
from network.model import FerryLink, Network, Node, OutletKind, Tier

__all__ = [
    "CoverageReport",
    "CoverageTargets",
    "FerryLink",
    "InputError",
    "Network",
    "Node",
    "OutletKind",
    "ServiceReach",
    "ServiceStatus",
    "Tier",
    "TownshipCoverage",
    "VillageCoverage",
    "coverage_report",
]
