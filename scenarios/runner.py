"""The main run: scenario -> network and distances -> sections -> coverage."""

from __future__ import annotations

import warnings
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace
from functools import cached_property
from pathlib import Path
from typing import Any, TypeVar

from pydantic import BaseModel

from network import (
    CoverageReport,
    CoverageTargets,
    Network,
    Tier,
    coverage_report,
    distance_matrix,
    load_network,
)
from network.distances import DistanceMatrix
from network.reach import reachable_part, unreachable_nodes
from network.texts import Message, Texts, texts_for
from scenarios.checks import Check, checks_json
from scenarios.context import Json, Outcome, Progress, RunContext, no_progress, outcome_of
from scenarios.registry import SECTIONS
from scenarios.schema import Scenario
from scenarios.section_checks import check_sections, section_errors
from scenarios.sections.routing import RoutingOutcome
from scenarios.sections.siting import SitingOutcome
from scenarios.step_aside import Skipped

T = TypeVar("T")


@dataclass(frozen=True)
class PlanRun:
    """Everything one run of the plan produced.

    Attributes:
        scenario: the scenario run.
        network: its network; ``matrix`` its distances.
        seed: the run's seed.
        results: each section's typed outcome by key, in run order (read one with
            :meth:`outcome`).
        coverage: coverage against the plan's targets, measured after the sections.
        skipped: sections that stepped aside for want of inputs, with the reason.
        unreachable: places set aside (on an island no ferry serves): id -> reason. The
            network holds them; the sections ran without them.
    """

    scenario: Scenario
    network: Network
    matrix: DistanceMatrix
    seed: int
    results: Mapping[str, Outcome]
    coverage: CoverageReport
    skipped: Mapping[str, Skipped] = field(default_factory=dict)
    unreachable: Mapping[str, Message] = field(default_factory=dict)

    @property
    def texts(self) -> Texts:
        """The catalogue in the run's language (the scenario's ``lang``, or ``--lang``)."""
        return texts_for(self.scenario.lang)

    def set_aside_lines(self, tr: Texts | None = None) -> list[str]:
        """One line per section that stepped aside and per unreachable place, for the CLI,
        in ``tr``'s language (default: the run's)."""
        tr = self.texts if tr is None else tr
        lines = [skipped.warning(tr) for skipped in self.skipped.values()]
        lines += [
            unreachable_line(self.network, i, reason).render(tr)
            for i, reason in self.unreachable.items()
        ]
        return lines

    def outcome(self, kind: type[T]) -> T | None:
        """The outcome of the section of type ``kind`` (e.g. ``RoutingOutcome``), or None."""
        return outcome_of(self.results, kind)

    def plan_json(self) -> dict[str, Json]:
        """The content of plan.json: network summary, coverage, then one key per section.

        Built once per run. Wall-clock figures (keys in ``TIMING_KEYS``) are left out, so that
        the same inputs and seed (with a work limit) give the same bytes; :meth:`timings` has
        them. Treat the result as read-only.
        """
        return self._plan

    def timings(self) -> dict[str, float]:
        """Every wall-clock figure of the run by its path in the plan, e.g. ``routing.flat``."""
        found: dict[str, float] = {}
        _collect_timings(self._full_json, "", found)
        return found

    @cached_property
    def _plan(self) -> dict[str, Json]:
        plan: dict[str, Json] = _without_timings(self._full_json)
        return plan

    @cached_property
    def _full_json(self) -> dict[str, Json]:
        plan: dict[str, Json] = {
            "scenario": self.scenario.name
            or (self.scenario.path.stem if self.scenario.path else ""),
            "seed": self.seed,
            "network": network_summary(self.network, self.matrix),
            "coverage": self.coverage.summary(),
        }
        if self.unreachable:
            summary = dict(network_summary(self.network, self.matrix))
            summary["unreachable"] = unreachable_rows(self.network, self.unreachable)
            plan["network"] = summary
        for key, result in self.results.items():
            plan[key] = dict(result.summary())
        for key, skipped in self.skipped.items():
            plan[key] = dict(skipped.summary())
        if self.checks:
            plan["checks"] = checks_json(self.checks)
        return plan

    @cached_property
    def checks(self) -> tuple[Check, ...]:
        """The sections' headline figures against their ranges (plan.json ``checks``): every
        outcome that holds some has them as its ``checks``."""
        return tuple(c for r in self.results.values() for c in getattr(r, "checks", ()))


TIMING_KEYS = frozenset({"seconds", "solve_s"})
"""Keys of wall-clock figures: they differ run to run, so plan.json leaves them out."""


def _without_timings(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: _without_timings(v) for k, v in value.items() if k not in TIMING_KEYS}
    if isinstance(value, list):
        return [_without_timings(v) for v in value]
    return value


def _collect_timings(value: Any, path: str, found: dict[str, float]) -> None:
    if isinstance(value, dict):
        for key, item in value.items():
            if key in TIMING_KEYS and isinstance(item, (int, float)):
                found[f"{path}.{key}" if key != "seconds" else path] = float(item)
            else:
                _collect_timings(item, f"{path}.{key}" if path else str(key), found)


def network_summary(network: Network, matrix: DistanceMatrix) -> dict[str, Any]:
    """Headline figures of the network."""
    villages = network.villages
    return {
        "name": network.name,
        "county_dcs": len(network.county_dcs),
        "townships": len(network.townships),
        "villages": len(villages),
        "communities": sum(v.community for v in villages),
        "poor_villages": (
            sum(v.poor for v in villages) if any(v.poor_known for v in villages) else None
        ),
        "population": sum(n.population for n in network if n.tier is not Tier.COUNTY),
        "parcels_down_per_day": round(sum(n.parcels_down_per_day for n in network), 1),
        "parcels_up_per_day": round(sum(n.parcels_up_per_day for n in network), 1),
        "generated_positions": sum(n.generated_position for n in network),
        "ferries": len(network.ferries),
        "distance_source": matrix.source,
    }


def unreachable_rows(network: Network, unreachable: Mapping[str, Message]) -> list[dict[str, Any]]:
    """The places set aside as unreachable, for plan.json (the reason in English)."""
    return [
        {"id": n.id, "name": n.name, "tier": n.tier.value, "reason": str(unreachable[n.id])}
        for n in network
        if n.id in unreachable
    ]


def load_inputs(scenario: Scenario) -> tuple[Network, DistanceMatrix]:
    """The scenario's reachable network and its distance matrix (raises InputError on bad
    input); places on an island without a ferry are left out (see :func:`load_plan_inputs`)."""
    _, network, matrix, _ = load_plan_inputs(scenario)
    return network, matrix


def load_plan_inputs(
    scenario: Scenario,
) -> tuple[Network, Network, DistanceMatrix, dict[str, Message]]:
    """The whole network, the part the plan can reach, its matrix, and why the rest cannot
    be reached (places on an island no ferry link serves)."""
    cfg = scenario.network
    network = load_network(
        [Path(p) for p in cfg.nodes],
        coords=cfg.coords,
        ferries=None if cfg.ferries is None else Path(cfg.ferries),
        boundary=None if cfg.boundary is None else Path(cfg.boundary),
        name=cfg.name or scenario.name or None,
        for_planning=True,
    )
    unreachable = unreachable_nodes(network)
    whole, network = network, reachable_part(network, unreachable)
    matrix = distance_matrix(
        network,
        circuity=cfg.circuity,
        roads=None if cfg.roads is None else Path(cfg.roads),
        cache_dir=None if cfg.roads is None else scenario.base_dir / ".cache",
    )
    return whole, network, matrix, unreachable


def stepped_aside(
    scenario: Scenario, network: Network, wanted: Iterable[str]
) -> dict[str, Skipped]:
    """The wanted sections whose inputs are absent from ``network``, with the reason (each
    also a warning): the run steps them aside instead of stopping."""
    keys = set(wanted)
    skipped: dict[str, Skipped] = {}
    for entry in SECTIONS:
        key = entry.key
        if key not in keys or key in scenario.skip or key not in scenario.sections:
            continue
        aside = entry.missing(network, scenario.sections[key])
        if aside is not None:
            warnings.warn(aside.warning(texts_for(scenario.lang)), stacklevel=2)
            skipped[key] = aside
    return skipped


def unreachable_line(network: Network, node_id: str, reason: Message) -> Message:
    """A place the plan cannot reach, and why, for a warning line."""
    return Message(
        "{name} ({id}) is unreachable: {reason}",
        name=network[node_id].name,
        id=node_id,
        reason=reason,
    )


def warn_unreachable(
    network: Network, unreachable: Mapping[str, Message], tr: Texts | None = None
) -> None:
    """One warning per place the plan cannot reach (in ``tr``'s language; default English)."""
    tr = texts_for("en") if tr is None else tr
    for node_id, reason in unreachable.items():
        line = unreachable_line(network, node_id, reason).render(tr)
        warnings.warn(line, stacklevel=3)


def _served_and_points(results: Mapping[str, Outcome]) -> tuple[set[str], set[str]]:
    routing = outcome_of(results, RoutingOutcome)
    siting = outcome_of(results, SitingOutcome)
    served = set() if routing is None else set(routing.served_ids)
    points = set() if siting is None else set(siting.chosen_ids)
    return served, points


# [siting] keys that default to the scenario's [targets] when the table does not set them.
_SITING_FROM_TARGETS = {
    "service_radius_km": "service_radius_km",
    "service_max_min": "service_max_min",
    "townships_pct": "townships_service_pct",
    "villages_pct": "villages_service_pct",
    "poor_villages_pct": "poor_villages_service_pct",
}


def _with_scenario_targets(key: str, config: BaseModel, scenario: Scenario) -> BaseModel:
    """Siting aims at the scenario's targets unless its own table says otherwise."""
    if key != "siting":
        return config
    update = {
        field: getattr(scenario.targets, target)
        for field, target in _SITING_FROM_TARGETS.items()
        if field not in config.model_fields_set
    }
    return config.model_copy(update=update)


def base_context(
    scenario: Scenario,
    network: Network,
    matrix: DistanceMatrix,
    *,
    seed: int,
    fast: bool = False,
    workers: int = 2,
) -> RunContext:
    """What every section of a run of ``scenario`` is handed (before earlier results)."""
    return RunContext(
        network=network,
        matrix=matrix,
        seed=seed,
        base_dir=scenario.base_dir,
        fast=fast,
        time_limit_s=scenario.solver.time_limit_s,
        work_limit=scenario.solver.work_limit,
        workers=workers,
        configs=scenario.sections,
    )


def run_plan(
    scenario: Scenario,
    *,
    seed: int | None = None,
    fast: bool = False,
    progress: Progress = no_progress,
    sections: Iterable[str] | None = None,
    workers: int = 2,
) -> PlanRun:
    """Run every section of the scenario in order and measure coverage at the end.

    A section whose inputs are absent steps aside (``PlanRun.skipped``, with a warning);
    places on an island without a ferry are left out of the sections and listed in
    ``PlanRun.unreachable``; coverage counts them as neither delivered nor covered.
    """
    whole, network, matrix, unreachable = load_plan_inputs(scenario)
    warn_unreachable(whole, unreachable, texts_for(scenario.lang))
    seed = scenario.solver.seed if seed is None else seed
    wanted = {s.key for s in SECTIONS} if sections is None else set(sections)
    base = base_context(scenario, network, matrix, seed=seed, fast=fast, workers=workers)
    skipped = stepped_aside(scenario, network, wanted)
    # every section's inputs before the first solve (those stepping aside have none to check)
    check_sections(scenario, base, wanted - set(skipped))
    results: dict[str, Outcome] = {}
    for entry in SECTIONS:
        key = entry.key
        if key not in wanted or key in scenario.skip or key not in scenario.sections:
            continue
        if key in skipped:
            continue
        ctx = replace(base, results=dict(results), progress=progress)
        config = _with_scenario_targets(key, scenario.sections[key], scenario)
        with section_errors(key, scenario):
            results[key] = entry.run(ctx, config)
    served, points = _served_and_points(results)
    t = scenario.targets
    coverage = coverage_report(
        whole,
        unreachable=unreachable,
        served=served,
        service_points=points,
        matrix=matrix,
        max_km=t.service_radius_km,
        max_min=t.service_max_min,
        targets=CoverageTargets(
            townships_delivery_pct=t.townships_delivery_pct,
            villages_delivery_pct=t.villages_delivery_pct,
            townships_service_pct=t.townships_service_pct,
            villages_service_pct=t.villages_service_pct,
            poor_villages_service_pct=t.poor_villages_service_pct,
        ),
    )
    return PlanRun(scenario, whole, matrix, seed, results, coverage, skipped, unreachable)
