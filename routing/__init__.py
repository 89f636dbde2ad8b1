"""Shared delivery routes from the warehouse hubs: model, engines, validator, per-parcel cost."""

from routing.assignment import (
    Assigned,
    AssignmentRules,
    Crossing,
    free_assignment,
    solve_assigned,
)
from routing.build import (
    PARCEL_SIZE,
    Opening,
    ParcelSize,
    Penalties,
    ServiceTime,
    problem_from_network,
)
from routing.carriers import DEFAULT_SHARES, SharedSaving, scaled_hubs, shared_vs_separate
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
from routing.economics import STAGES, Costs, Economics, Flow, UnitCosts, whole_way
from routing.fleet import DEFAULT_FLEET, FleetVehicle, fleets_of
from routing.flows import day_flows, direct_stops, period_flows
from routing.frequency import FrequencyRule, VisitSchedule, every_days_of, schedule_visits
from routing.growth import YearCost, growth_path
from routing.hub_limits import HubLimits, HubUse, hub_use
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
from routing.model_choice import ModelChoice, choose_model
from routing.ortools_engine import OrtoolsParams, solve_ortools
from routing.parcel_cost import Attribution, attribute_costs, parcel_cost_rows
from routing.peak import MonthProfile, SortingCentre, SortingDay, sort_day
from routing.portfolio import TUNED_PARAMS, solve_auto
from routing.pricing import (
    BEYOND_COUNTY_YUAN,
    COMPARABLE_COUNTY_YUAN,
    MARGIN_PCT,
    BandPrice,
    band_price,
    check_bands,
    priced,
)
from routing.pyvrp_engine import (
    PyvrpInfeasibleError,
    PyvrpPrecisionWarning,
    PyvrpUnsupportedError,
    check_pyvrp_supports,
    solve_pyvrp,
)
from routing.reach import DEFAULT_REACH, Reach, shares_by_place
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
    "BEYOND_COUNTY_YUAN",
    "COMPARABLE_COUNTY_YUAN",
    "DEFAULT_FLEET",
    "DEFAULT_REACH",
    "DEFAULT_SHARES",
    "ENGINES",
    "MARGIN_PCT",
    "PARCEL_SIZE",
    "STAGES",
    "TUNED_PARAMS",
    "Assigned",
    "AssignmentRules",
    "Attribution",
    "BandPrice",
    "Break",
    "Costs",
    "Crossing",
    "Economics",
    "Engine",
    "FleetVehicle",
    "Fleets",
    "Flow",
    "FrequencyRule",
    "HubLimits",
    "HubUse",
    "ModelChoice",
    "ModelResult",
    "MonthProfile",
    "Opening",
    "OrtoolsParams",
    "ParcelSize",
    "Penalties",
    "Plan",
    "PlanInvalidError",
    "ProblemSettings",
    "PyvrpInfeasibleError",
    "PyvrpPrecisionWarning",
    "PyvrpUnsupportedError",
    "Reach",
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
    "SortingCentre",
    "SortingDay",
    "Trip",
    "UnitCosts",
    "Unserved",
    "UnservedPickup",
    "UnservedReason",
    "VehicleType",
    "Violation",
    "ViolationKind",
    "VisitSchedule",
    "YearCost",
    "attribute_costs",
    "band_price",
    "check_bands",
    "check_plan",
    "check_pyvrp_supports",
    "choose_model",
    "day_flows",
    "diagnose_unserved",
    "direct_stops",
    "every_days_of",
    "fleets_of",
    "free_assignment",
    "growth_path",
    "hub_use",
    "parcel_cost_rows",
    "period_flows",
    "plan_cost_yuan",
    "plan_reefer_pickups",
    "priced",
    "problem_from_network",
    "route_cost_yuan",
    "route_distance_m",
    "scaled_hubs",
    "schedule_visits",
    "shared_vs_separate",
    "shares_by_place",
    "solve",
    "solve_assigned",
    "solve_auto",
    "solve_flat",
    "solve_ortools",
    "solve_pyvrp",
    "solve_two_echelon",
    "sort_day",
    "spread_costs",
    "stops_from_service_points",
    "stops_from_villages",
    "validate_plan",
    "whole_way",
]
