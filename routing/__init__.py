"""Shared delivery routes from the warehouse hubs: model, engines, validator, per-parcel cost."""

from routing.assignment import (
    Assigned,
    AssignmentRules,
    Crossing,
    HubLimits,
    free_assignment,
    solve_assigned,
)
from routing.build import Opening, Penalties, ServiceTime, problem_from_network
from routing.carriers import DEFAULT_SHARES, SharedSaving, shared_vs_separate
from routing.cost import plan_cost_yuan, route_cost_yuan, route_distance_m
from routing.diagnose import diagnose_unserved
from routing.echelons import (
    Fleets,
    ModelResult,
    ProblemSettings,
    Solved,
    solve_flat,
    solve_two_echelon,
)
from routing.fleet import DEFAULT_FLEET, FleetVehicle, fleets_of
from routing.frequency import FrequencyRule, VisitSchedule, every_days_of, schedule_visits
from routing.growth import YearCost, growth_path
from routing.model import (
    Break,
    Plan,
    Route,
    RoutingProblem,
    Trip,
    Unserved,
    UnservedReason,
    VehicleType,
)
from routing.ortools_engine import OrtoolsParams, solve_ortools
from routing.parcel_cost import Attribution, attribute_costs, parcel_cost_rows
from routing.portfolio import TUNED_PARAMS, solve_auto
from routing.pyvrp_engine import (
    PyvrpInfeasibleError,
    PyvrpPrecisionWarning,
    PyvrpUnsupportedError,
    check_pyvrp_supports,
    solve_pyvrp,
)
from routing.reefer import (
    ReeferPlan,
    ReeferRequest,
    ReeferStop,
    UnservedPickup,
    plan_reefer_pickups,
)
from routing.settings import ENGINES, Engine, SolverError, SolverSettings
from routing.solve import solve
from routing.stops import (
    RoutingStops,
    spread_costs,
    stops_from_service_points,
    stops_from_villages,
)
from routing.validate import (
    PlanInvalidError,
    Violation,
    ViolationKind,
    check_plan,
    validate_plan,
)

__all__ = [
    "DEFAULT_FLEET",
    "DEFAULT_SHARES",
    "ENGINES",
    "TUNED_PARAMS",
    "Assigned",
    "AssignmentRules",
    "Attribution",
    "Break",
    "Crossing",
    "Engine",
    "FleetVehicle",
    "Fleets",
    "FrequencyRule",
    "HubLimits",
    "ModelResult",
    "Opening",
    "OrtoolsParams",
    "Penalties",
    "Plan",
    "PlanInvalidError",
    "ProblemSettings",
    "PyvrpInfeasibleError",
    "PyvrpPrecisionWarning",
    "PyvrpUnsupportedError",
    "ReeferPlan",
    "ReeferRequest",
    "ReeferStop",
    "Route",
    "RoutingProblem",
    "RoutingStops",
    "ServiceTime",
    "SharedSaving",
    "Solved",
    "SolverError",
    "SolverSettings",
    "Trip",
    "Unserved",
    "UnservedPickup",
    "UnservedReason",
    "VehicleType",
    "Violation",
    "ViolationKind",
    "VisitSchedule",
    "YearCost",
    "attribute_costs",
    "check_plan",
    "check_pyvrp_supports",
    "diagnose_unserved",
    "every_days_of",
    "fleets_of",
    "free_assignment",
    "growth_path",
    "parcel_cost_rows",
    "plan_cost_yuan",
    "plan_reefer_pickups",
    "problem_from_network",
    "route_cost_yuan",
    "route_distance_m",
    "schedule_visits",
    "shared_vs_separate",
    "solve",
    "solve_assigned",
    "solve_auto",
    "solve_flat",
    "solve_ortools",
    "solve_pyvrp",
    "solve_two_echelon",
    "spread_costs",
    "stops_from_service_points",
    "stops_from_villages",
    "validate_plan",
]
