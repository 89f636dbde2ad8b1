"""Cold-chain facilities, each at a node of the network.

Processing lines and pre-coolers are throughput servers (kg per day); cold rooms and frozen
stores hold stock (capacity from volume as GB 50072 rates it); reefer fleets carry loads from
stores to the county DC and on to market (payload, volume and trips per day). Every capacity
can be scaled by a factor, which is how :func:`coldchain.size` searches.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass, fields, replace
from enum import StrEnum
from typing import Any

from network.errors import InputError
from network.texts import Message


class Stage(StrEnum):
    """The kind of a facility, in the order product passes through them."""

    PROCESSING = "processing"
    PRECOOL = "precool"
    COLD_ROOM = "cold_room"
    FROZEN_STORE = "frozen_store"
    REEFER = "reefer"
    BULK_REEFER = "bulk_reefer"  # heavy reefers (payload >= HEAVY_PAYLOAD_KG)


# GB 50072 utilisation factor eta by nominal volume (facts.md 2 [S94 S95]); volumes under
# 500 m³ use the smallest class (EST: the code's table starts at 500 m³).
_ETA_BY_VOLUME_M3 = ((1_000.0, 0.40), (2_000.0, 0.50), (10_000.0, 0.55), (15_000.0, 0.60))
_ETA_LARGEST = 0.62
_VEGETABLE_ETA_FACTOR = 0.8  # facts.md 2: vegetable stores eta x 0.8 [S94]


def cold_store_eta(volume_m3: float, *, vegetable: bool = False) -> float:
    """GB 50072 volume utilisation factor for a store of this nominal volume."""
    eta = next((e for limit, e in _ETA_BY_VOLUME_M3 if volume_m3 <= limit), _ETA_LARGEST)
    return eta * _VEGETABLE_ETA_FACTOR if vegetable else eta


def cold_store_tonnage_t(
    volume_m3: float, density_kg_m3: float, *, vegetable: bool = False
) -> float:
    """GB 50072 tonnage G = V x eta x rho / 1000 (facts.md 2 [S94 S95])."""
    return volume_m3 * cold_store_eta(volume_m3, vegetable=vegetable) * density_kg_m3 / 1000.0


def _check_non_negative(facility_id: str, **values: float) -> None:
    for name, value in values.items():
        if not (value >= 0 and math.isfinite(value)):
            raise InputError(
                Message(
                    "facility {facility_id!r}: {value} must be a finite number >= 0",
                    facility_id=facility_id,
                    value=value,
                ),
                field=name,
            )


@dataclass(frozen=True, slots=True)
class ProcessingLine:
    """A line that turns fresh product into a storable one (kelp blanch-salt-freeze, laver, tea)."""

    id: str
    node_id: str
    throughput_kg_per_day: float
    products: tuple[str, ...] = ()  # empty = every product whose prep is processing

    stage = Stage.PROCESSING

    def __post_init__(self) -> None:
        _check_non_negative(self.id, throughput_kg_per_day=self.throughput_kg_per_day)

    def scaled(self, factor: float) -> ProcessingLine:
        return replace(self, throughput_kg_per_day=self.throughput_kg_per_day * factor)

    @property
    def capacity(self) -> float:
        """Throughput, kg per day."""
        return self.throughput_kg_per_day


@dataclass(frozen=True, slots=True)
class PreCooler:
    """A pre-cooler (forced air, hydro, vacuum or ice) bringing product to ``set_point_c``."""

    id: str
    node_id: str
    throughput_kg_per_day: float
    set_point_c: float = 2.0
    cooling_time_h: float | None = None  # None = each product's own prep_time_h
    method: str = "forced_air"
    products: tuple[str, ...] = ()

    stage = Stage.PRECOOL

    def __post_init__(self) -> None:
        _check_non_negative(self.id, throughput_kg_per_day=self.throughput_kg_per_day)
        if self.cooling_time_h is not None:
            _check_non_negative(self.id, cooling_time_h=self.cooling_time_h)

    def scaled(self, factor: float) -> PreCooler:
        return replace(self, throughput_kg_per_day=self.throughput_kg_per_day * factor)

    @property
    def capacity(self) -> float:
        """Throughput, kg per day."""
        return self.throughput_kg_per_day


@dataclass(frozen=True, slots=True)
class ColdStore:
    """A cold room or frozen store: nominal volume, set-point, refrigeration power.

    Capacity follows GB 50072: tonnage = V x eta x rho / 1000 at the design density; a product
    of density rho_p fills ``kg / rho_p`` of the usable volume ``V x eta``.
    """

    id: str
    node_id: str
    volume_m3: float
    set_point_c: float
    frozen: bool = False
    refrigeration_kw: float | None = None  # None = rule of thumb (see ``design_kw``)
    design_density_kg_m3: float = 230.0  # facts.md 2: fresh fruit & veg 230, frozen fish 470
    vegetable: bool = False
    products: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        _check_non_negative(self.id, volume_m3=self.volume_m3)
        if not self.design_density_kg_m3 > 0:
            raise InputError(
                Message("facility {id!r}: density must be > 0", id=self.id),
                field="design_density_kg_m3",
            )
        if self.refrigeration_kw is not None:
            _check_non_negative(self.id, refrigeration_kw=self.refrigeration_kw)

    @property
    def stage(self) -> Stage:
        return Stage.FROZEN_STORE if self.frozen else Stage.COLD_ROOM

    def scaled(self, factor: float) -> ColdStore:
        kw = None if self.refrigeration_kw is None else self.refrigeration_kw * factor
        return replace(self, volume_m3=self.volume_m3 * factor, refrigeration_kw=kw)

    @property
    def usable_m3(self) -> float:
        """Volume that product may fill: V x eta."""
        return self.volume_m3 * cold_store_eta(self.volume_m3, vegetable=self.vegetable)

    @property
    def capacity_t(self) -> float:
        """GB 50072 tonnage at the design density."""
        return cold_store_tonnage_t(
            self.volume_m3, self.design_density_kg_m3, vegetable=self.vegetable
        )

    @property
    def capacity(self) -> float:
        """Usable volume, m³."""
        return self.usable_m3

    @property
    def design_kw(self) -> float:
        """Refrigeration power: the given figure, or ≈104 W/m³ + 0.4 kW (facts.md 2 [S99], LQ)."""
        if self.refrigeration_kw is not None:
            return self.refrigeration_kw
        return 0.104 * self.volume_m3 + 0.4


@dataclass(frozen=True, slots=True)
class VehicleClass:
    """A reefer vehicle class: what one vehicle carries and how often it can go."""

    name: str
    payload_kg: float
    volume_m3: float
    trips_per_day: float


LIGHT_REEFER = VehicleClass("light 4.2 m reefer", 2_000.0, 16.0, 2.0)
"""facts.md 2: 4.2 m box truck rated 1.5-2.5 t, 12-25 m³ [S103 S104] (LQ); 2 trips a day EST
(short hauls inside the county)."""

HEAVY_REEFER = VehicleClass("heavy 9.6 m reefer", 15_000.0, 50.0, 1.0)
"""EST (gap: facts.md 2 has only light reefers): a 9.6 m reefer truck, box about
9.4 x 2.3 x 2.3 m = 50 m³ inside; payload 15 t (a 3-axle truck of 25 t gross less about 10 t
tare and refrigeration unit); one loaded run a day to buyers within a day's drive. Replace by a
local fleet quote."""


@dataclass(frozen=True, slots=True)
class ReeferFleet:
    """Refrigerated vehicles based at a node.

    Defaults: facts.md 2, a 4.2 m box truck of 1.5-2.5 t and 12-25 m³ [S103 S104].
    """

    id: str
    node_id: str
    vehicles: float
    payload_kg: float = 2_000.0
    volume_m3: float = 16.0
    trips_per_day: float = 2.0
    products: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        _check_non_negative(
            self.id,
            vehicles=self.vehicles,
            payload_kg=self.payload_kg,
            volume_m3=self.volume_m3,
            trips_per_day=self.trips_per_day,
        )

    @classmethod
    def of_class(
        cls, fleet_id: str, node_id: str, vehicles: float, vehicle: VehicleClass, **kw: Any
    ) -> ReeferFleet:
        """A fleet of ``vehicles`` vehicles of one class."""
        return cls(
            fleet_id,
            node_id,
            vehicles,
            vehicle.payload_kg,
            vehicle.volume_m3,
            vehicle.trips_per_day,
            **kw,
        )

    @property
    def heavy(self) -> bool:
        """True for a heavy (bulk) class: payload at or above 5 t (EST split between classes)."""
        return self.payload_kg >= HEAVY_PAYLOAD_KG

    @property
    def stage(self) -> Stage:
        """Heavy and light fleets are separate stages, so sizing scales each on its own."""
        return Stage.BULK_REEFER if self.heavy else Stage.REEFER

    def scaled(self, factor: float) -> ReeferFleet:
        return replace(self, vehicles=self.vehicles * factor)

    @property
    def capacity(self) -> float:
        """Vehicle trips per day."""
        return self.vehicles * self.trips_per_day

    def load_kg(self, density_kg_m3: float) -> float:
        """One full load of a product of this packed density: payload or volume bound."""
        return min(self.payload_kg, self.volume_m3 * density_kg_m3)


Facility = ProcessingLine | PreCooler | ColdStore | ReeferFleet

HEAVY_PAYLOAD_KG = 5_000.0
"""Payload from which a fleet counts as heavy (prices, report); EST, between the 2.5 t light
box truck of facts.md 2 and a medium truck."""

_KINDS: dict[str, type[ProcessingLine] | type[PreCooler] | type[ColdStore] | type[ReeferFleet]] = {
    "processing": ProcessingLine,
    "precool": PreCooler,
    "cold_room": ColdStore,
    "frozen_store": ColdStore,
    "reefer": ReeferFleet,
}


def facility_from_mapping(data: Mapping[str, Any], *, row: int | None = None) -> Facility:
    """A facility from a scenario table: ``kind`` (processing | precool | cold_room |
    frozen_store | reefer) plus the fields of that class."""
    kind = data.get("kind")
    cls = _KINDS.get(str(kind))
    if cls is None:
        raise InputError(
            Message("kind {kind!r} is not one of {kinds}", kind=kind, kinds=", ".join(_KINDS)),
            row=row,
            field="kind",
        )
    values = {k: v for k, v in data.items() if k != "kind"}
    if kind in ("cold_room", "frozen_store"):
        values["frozen"] = kind == "frozen_store"
    allowed = {f.name for f in fields(cls)}
    unknown = set(values) - allowed
    if unknown:
        raise InputError(
            Message("unknown keys {keys} for a {kind}", keys=sorted(unknown), kind=kind),
            row=row,
            field=sorted(unknown)[0],
        )
    if "products" in values:
        values["products"] = tuple(values["products"])
    try:
        return cls(**values)
    except InputError as err:
        raise InputError(err.message, row=row, field=err.field) from None
    except TypeError as err:
        raise InputError(
            Message("{kind}: {err}", kind=kind, err=err), row=row, field="kind"
        ) from None
