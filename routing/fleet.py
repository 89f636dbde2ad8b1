"""The vehicles a county's shared routes may use, per echelon, and the default fleet.

Default fleet (facts.md 3c; figures marked EST are estimates, set your own):

- e-tricycle: 150 parcels / 180 kg, 15 km/h (speed factor 2 on the 30 km/h village roads of
  the matrix), 60 km battery range (EST), 3 rounds a day; fixed 215 yuan/day = wage
  5,500 yuan/month / 26 days + 3,250 yuan over ~900 working days; 0.05 yuan/km electricity (EST).
- 4.2 m van: 1,000 parcels / 1,500 kg (EST), 290 yuan/day (wage + depreciation, EST),
  0.8 yuan/km (facts.md 3c), 2 rounds, trunk and feeder.
- light truck: 2,500 parcels / 4,000 kg (EST), 330 yuan/day, 1.5 yuan/km (EST), 2 rounds.
- reefer van: 600 parcels / 1,000 kg, 350 yuan/day, 1.2 yuan/km (EST); off by default (the
  cold-chain section plans reefers).

Volumes (EST), so a vehicle is limited by payload and volume: the e-tricycle's cargo box 1.8 m3
(within the SPB standard's 1.0 x 3.0 x 1.4 m, facts.md 3c); the 4.2 m van's box
4.2 x 2.0 x 2.0 m = 16.8 m3 (facts.md 2) x0.85 stowage = 14 m3; the light truck's
5.2 x 2.2 x 2.2 m = 25 m3 x0.85 = 21 m3; the reefer van 12 m3 (facts.md 2, lower end) x0.85 =
10 m3. Parcels weigh and measure :class:`routing.build.ParcelSize` per direction. A vehicle
given without ``capacity_m3`` has no volume limit.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

from network.errors import InputError
from network.texts import Message
from routing.echelons import Fleets
from routing.model import VehicleType

FleetEchelon = Literal["trunk", "feeder"]

# Beyond a 49 t truck or any running cost: a larger value is a typo or a unit mix-up.
_AT_MOST = {
    "capacity_parcels": 100_000,
    "capacity_kg": 100_000,
    "fixed_cost_yuan_per_day": 1_000_000,
    "cost_per_km_yuan": 10_000,
}


@dataclass(frozen=True)
class FleetVehicle:
    """One vehicle type of the fleet and the echelons it runs on.

    ``count_per_depot`` 0 = as many as the loads need (plus one); ``use`` False keeps a type
    listed but off. Validated on creation (``InputError`` naming the field).
    """

    name: str
    echelons: tuple[FleetEchelon, ...]
    capacity_parcels: float
    capacity_kg: float
    fixed_cost_yuan_per_day: float
    cost_per_km_yuan: float
    capacity_m3: float = math.inf
    speed_factor: float = 1.0
    max_distance_km: float = math.inf
    max_duration_min: float = 600.0
    max_trips: int = 2
    count_per_depot: int = 0
    reefer: bool = False
    use: bool = True

    def __post_init__(self) -> None:
        positive = ("capacity_parcels", "capacity_kg", "capacity_m3", "speed_factor")
        for name in (*positive, "max_distance_km", "max_duration_min"):
            if not getattr(self, name) > 0:
                raise InputError(
                    Message(
                        "vehicle {name!r}: {setting} must be > 0", name=self.name, setting=name
                    ),
                    field=name,
                )
        for name in ("fixed_cost_yuan_per_day", "cost_per_km_yuan", "count_per_depot"):
            if not getattr(self, name) >= 0:
                raise InputError(
                    Message(
                        "vehicle {name!r}: {setting} must be >= 0", name=self.name, setting=name
                    ),
                    field=name,
                )
        for name, bound in _AT_MOST.items():
            if getattr(self, name) > bound:
                raise InputError(
                    Message(
                        "vehicle {name!r}: {setting} {value:g} is beyond any road vehicle (at "
                        "most {bound:,})",
                        name=self.name,
                        setting=name,
                        value=getattr(self, name),
                        bound=bound,
                    ),
                    field=name,
                )
        if self.max_trips < 1:
            raise InputError(
                Message("vehicle {name!r}: max_trips must be >= 1", name=self.name),
                field="max_trips",
            )
        if not self.echelons:
            raise InputError(
                Message("vehicle {name!r}: name its echelons", name=self.name), field="echelons"
            )

    def vehicle_type(self, *, shift_min: tuple[float, float]) -> VehicleType:
        """The routing model's vehicle type for a shift (start, end in minutes of the day)."""
        return VehicleType(
            name=self.name,
            count=self.count_per_depot,
            capacity=(self.capacity_parcels, self.capacity_kg, self.capacity_m3),
            fixed_cost_yuan=self.fixed_cost_yuan_per_day,
            cost_per_km_yuan=self.cost_per_km_yuan,
            speed_factor=self.speed_factor,
            max_duration_min=self.max_duration_min,
            max_distance_km=self.max_distance_km,
            shift_start_min=shift_min[0],
            shift_end_min=shift_min[1],
            max_trips=self.max_trips,
            reefer=self.reefer,
        )


DEFAULT_FLEET: tuple[FleetVehicle, ...] = (
    FleetVehicle(
        name="e-tricycle",
        echelons=("feeder",),
        capacity_parcels=150,
        capacity_kg=180,
        capacity_m3=1.8,
        fixed_cost_yuan_per_day=215,
        cost_per_km_yuan=0.05,
        speed_factor=2.0,
        max_distance_km=60,
        max_trips=3,
    ),
    FleetVehicle(
        name="4.2 m van",
        echelons=("trunk", "feeder"),
        capacity_parcels=1000,
        capacity_kg=1500,
        capacity_m3=14.0,
        fixed_cost_yuan_per_day=290,
        cost_per_km_yuan=0.8,
    ),
    FleetVehicle(
        name="light truck",
        echelons=("trunk", "feeder"),
        capacity_parcels=2500,
        capacity_kg=4000,
        capacity_m3=21.0,
        fixed_cost_yuan_per_day=330,
        cost_per_km_yuan=1.5,
    ),
    FleetVehicle(
        name="reefer van",
        echelons=("trunk",),
        capacity_parcels=600,
        capacity_kg=1000,
        capacity_m3=10.0,
        fixed_cost_yuan_per_day=350,
        cost_per_km_yuan=1.2,
        reefer=True,
        use=False,
    ),
)
"""The default fleet (module docstring), used when a scenario names none."""


def fleets_of(vehicles: Sequence[FleetVehicle], *, shift_min: tuple[float, float]) -> Fleets:
    """The vehicle types in use per echelon; ``InputError`` when an echelon has none."""
    used = [v for v in vehicles if v.use]

    def of(echelon: FleetEchelon) -> tuple[VehicleType, ...]:
        return tuple(v.vehicle_type(shift_min=shift_min) for v in used if echelon in v.echelons)

    fleets = Fleets(trunk=of("trunk"), feeder=of("feeder"))
    if not fleets.trunk or not fleets.feeder:
        raise InputError(
            Message("the fleet needs vehicles for the trunk and the feeder"), field="fleet"
        )
    return fleets
