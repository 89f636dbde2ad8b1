"""The fleet: vehicle types per echelon, validation, and the cited default fleet."""

from __future__ import annotations

import pytest

from network.errors import InputError
from routing import DEFAULT_FLEET, FleetVehicle, fleets_of


def test_default_fleet_gives_trunk_and_feeder_types() -> None:
    fleets = fleets_of(DEFAULT_FLEET, shift_min=(420.0, 1140.0))
    assert [v.name for v in fleets.feeder] == ["e-tricycle", "4.2 m van", "light truck"]
    assert [v.name for v in fleets.trunk] == ["4.2 m van", "light truck"]  # reefer van is off
    tricycle = fleets.feeder[0]
    assert tricycle.capacity == (150, 180, 1.8) and tricycle.max_trips == 3  # parcels, kg, m3
    assert (tricycle.shift_start_min, tricycle.shift_end_min) == (420.0, 1140.0)


def test_a_fleet_without_a_trunk_vehicle_is_refused() -> None:
    feeder_only = [v for v in DEFAULT_FLEET if "trunk" not in v.echelons]
    with pytest.raises(InputError, match="trunk and the feeder"):
        fleets_of(feeder_only, shift_min=(420.0, 1140.0))


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("capacity_kg", 0.0),
        ("capacity_m3", 0.0),
        ("speed_factor", -1.0),
        ("cost_per_km_yuan", -0.1),
        ("max_trips", 0),
    ],
)
def test_bad_vehicle_values_name_the_field(field: str, value: float) -> None:
    values = {
        "name": "van",
        "echelons": ("trunk",),
        "capacity_parcels": 100.0,
        "capacity_kg": 100.0,
        "fixed_cost_yuan_per_day": 1.0,
        "cost_per_km_yuan": 1.0,
        field: value,
    }
    with pytest.raises(InputError, match=field):
        FleetVehicle(**values)  # type: ignore[arg-type]
