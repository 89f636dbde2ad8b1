"""Siting of village service points and township hubs on OR-Tools CP-SAT.

Build a :class:`SitingProblem` (:func:`siting_problem` from a network and its distance matrix,
or :meth:`SitingProblem.from_cost_matrix`), then solve one of the models:
:func:`min_cost_siting` (the plan's question: cheapest points meeting every target at once),
:func:`max_coverage` (MCLP for a budget), :func:`set_covering` (LSCP, 100 %), or
:func:`capacitated_hubs` (p-median for township hubs with capacities).
:func:`tradeoff_curve` gives cost against village and poor-village coverage.
"""

from network.siting._cpsat import CpSatSettings
from network.siting.candidates import Candidate, SitingCosts, candidates_from_network
from network.siting.cover import max_coverage, min_cost_siting, set_covering, targets_met
from network.siting.curve import CurvePoint, tradeoff_curve
from network.siting.hubs import HubResult, capacitated_hubs
from network.siting.problem import SitingProblem, siting_problem
from network.siting.result import (
    CoverageCounts,
    Infeasibility,
    SitingResult,
    UncoveredPlace,
)

__all__ = [
    "Candidate",
    "CoverageCounts",
    "CpSatSettings",
    "CurvePoint",
    "HubResult",
    "Infeasibility",
    "SitingCosts",
    "SitingProblem",
    "SitingResult",
    "UncoveredPlace",
    "candidates_from_network",
    "capacitated_hubs",
    "max_coverage",
    "min_cost_siting",
    "set_covering",
    "siting_problem",
    "targets_met",
    "tradeoff_curve",
]
