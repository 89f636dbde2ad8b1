"""The sections of the main run, in the order they run: the one place that lists them.

The scenario schema (which TOML tables exist, what ``skip`` may name), the runner (what runs,
in which order), the report (each section's part) and the map (what each section draws) all
read :data:`SECTIONS`. Adding a section is one entry here: its key, its ``Config`` (a pydantic
model of its TOML table), its ``run(ctx, config)`` returning a typed outcome
(:class:`scenarios.context.Outcome`), its part of the report and what it adds to the map.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

from pydantic import BaseModel

from coldchain.facilities import ColdStore, ReeferFleet, cold_store_tonnage_t
from maps import FacilityMarker, FacilityPart
from network.errors import InputError
from network.model import Network
from network.texts import Message, Texts
from scenarios.context import Json, Outcome, RunContext
from scenarios.report_parts.coldchain import coldchain_report
from scenarios.report_parts.economics import economics_report
from scenarios.report_parts.routing import routing_report
from scenarios.report_parts.siting import siting_report
from scenarios.report_parts.subsidy import subsidy_report
from scenarios.sections import coldchain, economics, routing, siting, subsidy
from scenarios.sections.coldchain_ecommerce import EcommerceOutcome
from scenarios.step_aside import Skipped, parcels_missing, places_missing, supply_missing

ConfigT = TypeVar("ConfigT", bound=BaseModel)
OutcomeT = TypeVar("OutcomeT", bound=Outcome)


@dataclass(frozen=True)
class MapPart:
    """What a section adds to the coverage map."""

    routes: Mapping[str, Json] | None = None
    bus_lines: Mapping[str, Json] | None = None
    facilities: tuple[FacilityMarker, ...] = ()


def _nothing_on_the_map(outcome: object) -> MapPart:
    return MapPart()


def _nothing_missing(network: Network, config: object) -> Skipped | None:
    return None


@dataclass(frozen=True)
class Section(Generic[ConfigT, OutcomeT]):
    """One section of the main run.

    Attributes:
        key: its TOML table and its key in ``plan.json`` (``siting``, ``routing``, ...).
        config: the pydantic model of its table.
        outcome: the type of its outcome.
        run: runs it: ``run(ctx, config) -> outcome``.
        report: its part of the HTML report in a language: ``report(outcome, network, tr)``.
        map_part: what it adds to the coverage map.
        check: the input checks ``run`` makes before any solving, ``check(ctx, config)``
            (``plan`` runs every section's before its first solve; ``validate`` runs them).
        missing: why its inputs are absent (a :class:`~scenarios.step_aside.Skipped` with the
            reason and what to add), or None when it can run: the run then steps it aside
            (and skips its ``check``).
    """

    key: str
    config: type[ConfigT]
    outcome: type[OutcomeT]
    run: Callable[[RunContext, ConfigT], OutcomeT]
    report: Callable[[OutcomeT, Network, Texts], str]
    map_part: Callable[[OutcomeT], MapPart] = _nothing_on_the_map
    check: Callable[[RunContext, ConfigT], None] | None = None
    missing: Callable[[Network, ConfigT], Skipped | None] = _nothing_missing


def _route_lines(outcome: routing.RoutingOutcome) -> MapPart:
    layers = outcome.geojson()
    return MapPart(routes=layers["routes"], bus_lines=layers.get("bus_lines"))


def _ecommerce_markers(outcome: EcommerceOutcome) -> MapPart:
    """One marker per pre-cooling point (and the DC's cross-dock room), sized by its rooms'
    GB 50072 tonnage at the fresh-produce density (facts.md 2)."""
    tonnes: dict[str, float] = defaultdict(float)
    parts: dict[str, list[FacilityPart]] = defaultdict(list)
    for item in outcome.plan.build.items:
        if item.unit == "m3":
            tonnes[item.node] += cold_store_tonnage_t(item.size, 230.0)
        parts[item.node].append(FacilityPart(item.kind, float(item.size), item.unit))
    return MapPart(
        facilities=tuple(
            FacilityMarker(node, "cold chain", tonnes[node], parts=tuple(parts[node]))
            for node in sorted(parts)
        )
    )


def _facility_markers(outcome: coldchain.ColdchainOutcome | EcommerceOutcome) -> MapPart:
    """One marker per place with cold-chain facilities, sized by its storage tonnage."""
    if isinstance(outcome, EcommerceOutcome):
        return _ecommerce_markers(outcome)
    stored_t: dict[str, float] = defaultdict(float)
    parts: dict[str, list[FacilityPart]] = defaultdict(list)
    for facility in outcome.setup.facilities:
        stage = str(facility.stage.value)
        if isinstance(facility, ColdStore):
            stored_t[facility.node_id] += facility.capacity_t
            parts[facility.node_id].append(FacilityPart(stage, facility.capacity_t, "t"))
        elif isinstance(facility, ReeferFleet):
            parts[facility.node_id].append(FacilityPart(stage, facility.vehicles, "vehicles"))
        else:
            daily_t = facility.capacity / 1000
            parts[facility.node_id].append(FacilityPart(stage, daily_t, "t/day"))
    return MapPart(
        facilities=tuple(
            FacilityMarker(node, "cold chain", stored_t[node], parts=tuple(sorted(parts[node])))
            for node in sorted(parts)
        )
    )


SECTIONS: tuple[Section[Any, Any], ...] = (
    Section(
        "siting",
        siting.Config,
        siting.SitingOutcome,
        siting.run,
        siting_report,
        check=siting.check,
        missing=places_missing,
    ),
    Section(
        "routing",
        routing.Config,
        routing.RoutingOutcome,
        routing.run,
        routing_report,
        _route_lines,
        check=routing.check,
        missing=parcels_missing,
    ),
    Section(
        "economics",
        economics.Config,
        economics.EconomicsOutcome,
        economics.run,
        economics_report,
        check=economics.check,
    ),
    Section(
        "coldchain",
        coldchain.Config,
        coldchain.ColdchainOutcome,
        coldchain.run,
        coldchain_report,
        _facility_markers,
        check=coldchain.check,
        missing=supply_missing,
    ),
    Section(
        "subsidy",
        subsidy.Config,
        subsidy.SubsidyOutcome,
        subsidy.run,
        subsidy_report,
        check=subsidy.check,
    ),
)
"""Every section, in the order the run takes them (coverage is measured after them)."""

SECTION_KEYS: tuple[str, ...] = tuple(s.key for s in SECTIONS)
"""The sections' keys, in run order."""


def section(key: str) -> Section[Any, Any]:
    """The section with this key; ``InputError`` naming the known keys otherwise."""
    for entry in SECTIONS:
        if entry.key == key:
            return entry
    raise InputError(
        Message(
            "no section {key!r} (sections: {sections})", key=key, sections=", ".join(SECTION_KEYS)
        ),
        field=key,
    )


def section_of(kind: type[OutcomeT]) -> Section[Any, OutcomeT]:
    """The section whose outcome is of type ``kind``."""
    for entry in SECTIONS:
        if entry.outcome is kind:
            return entry
    raise ValueError(f"no section returns {kind.__name__}")
