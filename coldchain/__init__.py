"""Cold chain: product catalogue, facilities, season simulation, sizing and reefer demand, and
the e-commerce scope (first-mile points, box or reefer carriage, losses, the priced build).

``coldchain`` imports only ``network`` from the project.
"""

from coldchain.build import Build, BuildItem, BuildPrices
from coldchain.calendar import SeasonWindow, SupplyCalendar
from coldchain.chain import Lane, build_lanes, default_facilities
from coldchain.costs import UnitPrices
from coldchain.demand import ReeferDemand, reefer_demand
from coldchain.ecommerce import EcomLane, EcomStats, Timing, simulate_ecommerce
from coldchain.ecommerce_plan import (
    CheaperBuild,
    EcomOptions,
    EcomPlan,
    cheaper_builds,
    evaluate,
    layout,
    with_refused,
)
from coldchain.facilities import (
    ColdStore,
    Facility,
    PreCooler,
    ProcessingLine,
    ReeferFleet,
    Stage,
    cold_store_tonnage_t,
    facility_from_mapping,
)
from coldchain.firstmile import PointPlan, site_points
from coldchain.history import Carriage, Phase, allowance_h, choose_carriage
from coldchain.inflow import Variation
from coldchain.online import OnlineSupply, online_supply
from coldchain.products import (
    Catalogue,
    Prep,
    Product,
    StorageKind,
    load_catalogue,
    with_season_days,
)
from coldchain.quality import ModelKind, QualityModel
from coldchain.simulate import (
    SeasonResult,
    SeasonSetup,
    prepare_season,
    run_season,
    simulate,
    with_facilities,
)
from coldchain.sizing import LossPoint, SizingResult, StageSize, size
from coldchain.stats import SeasonStats, mean_ci95, monte_carlo, season_stats

__all__ = [
    "Build",
    "BuildItem",
    "BuildPrices",
    "Carriage",
    "Catalogue",
    "CheaperBuild",
    "ColdStore",
    "EcomLane",
    "EcomOptions",
    "EcomPlan",
    "EcomStats",
    "Facility",
    "Lane",
    "LossPoint",
    "ModelKind",
    "OnlineSupply",
    "Phase",
    "PointPlan",
    "PreCooler",
    "Prep",
    "ProcessingLine",
    "Product",
    "QualityModel",
    "ReeferDemand",
    "ReeferFleet",
    "SeasonResult",
    "SeasonSetup",
    "SeasonStats",
    "SeasonWindow",
    "SizingResult",
    "Stage",
    "StageSize",
    "StorageKind",
    "SupplyCalendar",
    "Timing",
    "UnitPrices",
    "Variation",
    "allowance_h",
    "build_lanes",
    "cheaper_builds",
    "choose_carriage",
    "cold_store_tonnage_t",
    "default_facilities",
    "evaluate",
    "facility_from_mapping",
    "layout",
    "load_catalogue",
    "mean_ci95",
    "monte_carlo",
    "online_supply",
    "prepare_season",
    "reefer_demand",
    "run_season",
    "season_stats",
    "simulate",
    "simulate_ecommerce",
    "site_points",
    "size",
    "with_facilities",
    "with_refused",
    "with_season_days",
]
