"""Default travel speeds: per leg class (great-circle legs) and per OSM highway class.

The leg classes describe the rural Chinese road hierarchy a leg between two tiers mostly uses:

- ``trunk``: a leg touching a county node and no village (national/provincial roads,
  国道/省道, between the county seat and the townships), 60 km/h.
- ``township``: township <-> township (county roads, 县道/乡道, two lanes, many bends), 45 km/h.
- ``village``: any leg touching a village (village roads, 村道, often one lane, hills), 30 km/h.
- ``access``: the straight walk/drive from a node to the road node it was snapped to, 15 km/h.

Figures are averages over a whole leg (stops, bends and towns included), not speed limits.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from types import MappingProxyType

from network.errors import InputError
from network.texts import Message

LEG_SPEEDS_KMH: Mapping[str, float] = MappingProxyType(
    {"trunk": 60.0, "township": 45.0, "village": 30.0, "access": 15.0}
)

# Drivable OSM highway classes and the speed used when an edge has no usable maxspeed;
# link roads take the speed of their road. OSM XML ways of other classes are dropped.
HIGHWAY_SPEEDS_KMH: Mapping[str, float] = MappingProxyType(
    {
        "motorway": 100.0,
        "trunk": 70.0,
        "primary": 60.0,
        "secondary": 50.0,
        "tertiary": 40.0,
        "unclassified": 30.0,
        "residential": 25.0,
        "living_street": 10.0,
        "road": 30.0,
        "service": 15.0,
        "track": 15.0,
        "motorway_link": 60.0,
        "trunk_link": 50.0,
        "primary_link": 40.0,
        "secondary_link": 35.0,
        "tertiary_link": 30.0,
    }
)

UNKNOWN_HIGHWAY_SPEED_KMH = 30.0  # GraphML edges whose class is missing or not in the table

_MPH_TO_KMH = 1.609344
_NUMBER = re.compile(r"\d+(?:\.\d+)?")


def merged_speeds(
    defaults: Mapping[str, float], overrides: Mapping[str, float] | None, *, field: str
) -> dict[str, float]:
    """Defaults updated with ``overrides``; unknown keys and non-positive speeds are errors."""
    speeds = dict(defaults)
    for key, value in (overrides or {}).items():
        if key not in defaults:
            known = ", ".join(sorted(defaults))
            raise InputError(
                Message("unknown road class {key!r} (known: {known})", key=key, known=known),
                field=field,
            )
        if not value > 0:
            raise InputError(
                Message("speed for {key!r} must be > 0 km/h, got {value}", key=key, value=value),
                field=field,
            )
        speeds[key] = float(value)
    return speeds


def parse_maxspeed_kmh(raw: object) -> float | None:
    """Km/h from an OSM ``maxspeed`` value ("50", "30 mph", "['40', '60']"), or None.

    Lists (from merged ways) give their lowest value; symbolic values ("none", "RU:urban")
    give None so the highway-class default applies.
    """
    if raw is None:
        return None
    text = str(raw)
    values = [float(m) for m in _NUMBER.findall(text)]
    values = [v for v in values if v > 0]
    if not values:
        return None
    factor = _MPH_TO_KMH if "mph" in text else 1.0
    return min(values) * factor


def highway_class(raw: object) -> str | None:
    """The first class of an OSM ``highway`` value ("residential" or "['primary', 'trunk']")."""
    if raw is None:
        return None
    text = str(raw).strip("[] ")
    first = text.split(",")[0].strip(" '\"")
    return first or None
