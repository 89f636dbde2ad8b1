"""Cold chain: product catalogue, facilities, season simulation, sizing and reefer demand.

``coldchain`` imports only ``network`` from the project.
"""

from coldchain.calendar import SeasonWindow, SupplyCalendar
from coldchain.chain import Lane, build_lanes, default_facilities
from coldchain.costs import UnitPrices
from coldchain.demand import ReeferDemand, reefer_demand
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
from coldchain.inflow import Variation
from coldchain.products import Catalogue, Prep, Product, StorageKind, load_catalogue
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
    "Catalogue",
    "ColdStore",
    "Facility",
    "Lane",
    "LossPoint",
    "ModelKind",
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
    "UnitPrices",
    "Variation",
    "build_lanes",
    "cold_store_tonnage_t",
    "default_facilities",
    "facility_from_mapping",
    "load_catalogue",
    "mean_ci95",
    "monte_carlo",
    "prepare_season",
    "reefer_demand",
    "run_season",
    "season_stats",
    "simulate",
    "size",
    "with_facilities",
]
