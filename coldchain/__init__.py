"""Cold chain: product catalogue, facilities, season simulation, sizing and reefer demand.

``coldchain`` imports only ``network`` from the project.
"""

from coldchain.calendar import SeasonWindow, SupplyCalendar
from coldchain.chain import Lane, build_lanes, default_facilities
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
from coldchain.simulate import SeasonResult, simulate

__all__ = [
    "Catalogue",
    "ColdStore",
    "Facility",
    "Lane",
    "ModelKind",
    "PreCooler",
    "Prep",
    "ProcessingLine",
    "Product",
    "QualityModel",
    "ReeferFleet",
    "SeasonResult",
    "SeasonWindow",
    "Stage",
    "StorageKind",
    "SupplyCalendar",
    "Variation",
    "build_lanes",
    "cold_store_tonnage_t",
    "default_facilities",
    "facility_from_mapping",
    "load_catalogue",
    "simulate",
]
