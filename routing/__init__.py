"""Shared delivery routes from the warehouse hubs: model, engines, validator, per-parcel cost."""

from routing.cost import plan_cost_yuan, route_cost_yuan, route_distance_m
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

__all__ = [
    "Break",
    "Plan",
    "Route",
    "RoutingProblem",
    "Trip",
    "Unserved",
    "UnservedReason",
    "VehicleType",
    "plan_cost_yuan",
    "route_cost_yuan",
    "route_distance_m",
]
