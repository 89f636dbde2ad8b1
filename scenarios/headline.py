"""The headline figures of a plan: what sweeps tabulate and ``compare`` sets side by side."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from network.texts import N_

# (column, path in plan.json, what it is). A section that did not run leaves its figures empty.
# The column is the machine key (sweep.csv, compare's CSV); the label an English msgid of the
# catalogue that the CLI, the sweep page and compare show through ``tr(label)``.
HEADLINE: tuple[tuple[str, tuple[str, ...], str], ...] = (
    (
        "townships_delivery_pct",
        ("coverage", "townships_delivery_pct"),
        N_("townships with delivery %"),
    ),
    (
        "villages_delivery_pct",
        ("coverage", "villages_delivery_pct"),
        N_("villages with delivery %"),
    ),
    (
        "townships_service_pct",
        ("coverage", "townships_service_pct"),
        N_("township service points %"),
    ),
    ("villages_service_pct", ("coverage", "villages_service_pct"), N_("village service points %")),
    ("poor_villages_service_pct", ("coverage", "poor_villages_service_pct"), N_("poor villages %")),
    ("targets_met", ("coverage", "targets_met", "all"), N_("all coverage targets met")),
    ("siting_cost_yuan", ("siting", "cost_yuan"), N_("service points cost (yuan)")),
    ("daily_cost_yuan", ("routing", "daily_cost_yuan"), N_("delivery cost per day (yuan)")),
    (
        "whole_way_per_parcel_yuan",
        ("economics", "cost_per_parcel_yuan"),
        N_("cost per parcel, whole way (yuan)"),
    ),
    (
        "cost_per_parcel_yuan",
        ("routing", "cost_per_parcel_yuan"),
        N_("line-haul cost per parcel (yuan)"),
    ),
    ("distance_km", ("routing", "distance_km"), N_("route distance per day (km)")),
    ("shared_saving_pct", ("routing", "shared_saving_pct"), N_("saving of shared routes %")),
    ("spoilage_pct", ("coldchain", "spoilage_pct"), N_("cold-chain loss % of value")),
    ("spoilage_value_yuan", ("coldchain", "spoilage_value_yuan"), N_("cold-chain loss (yuan)")),
    ("annual_parity_yuan", ("subsidy", "annual_parity_yuan"), N_("parity subsidy per year (yuan)")),
)


def _get(plan: Mapping[str, Any], path: tuple[str, ...]) -> Any:
    value: Any = plan
    for key in path:
        if not isinstance(value, Mapping) or key not in value:
            return None
        value = value[key]
    return value


def headline(plan: Mapping[str, Any]) -> dict[str, Any]:
    """The headline figures of a plan.json object (None where a section did not run)."""
    return {column: _get(plan, path) for column, path, _ in HEADLINE}


def as_number(value: Any) -> float | None:
    """A figure as a float (money comes as a string of a Decimal), or None."""
    if value is None or value == "":
        return None
    if isinstance(value, bool):
        return float(value)
    try:
        return float(value)
    except (TypeError, ValueError):
        return None
