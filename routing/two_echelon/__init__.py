"""Two-echelon routing (depot -> satellites -> customers) as one problem: our method and the
nearest-satellite baseline."""

from routing.two_echelon.baseline import nearest_satellites, solve_nearest_satellite
from routing.two_echelon.first_level import FirstLevel, solve_first_level
from routing.two_echelon.problem import (
    FreighterRoute,
    TruckRoute,
    TwoEchelonPlan,
    TwoEchelonProblem,
)
from routing.two_echelon.search import SearchLimits, solve_two_echelon_problem

__all__ = [
    "FirstLevel",
    "FreighterRoute",
    "SearchLimits",
    "TruckRoute",
    "TwoEchelonPlan",
    "TwoEchelonProblem",
    "nearest_satellites",
    "solve_first_level",
    "solve_nearest_satellite",
    "solve_two_echelon_problem",
]
