"""Coverage of the network against the plan's targets (delivery service and service points).

The rules, as a planner reads them:

- **Village delivery**: a village has delivery service when its id is in ``served`` (a route of
  the plan visits it).
- **Township delivery**: a township has delivery service when its seat (the township node) or any
  of its villages is served. A route that reaches one of its villages brings delivery into the
  township, which is what the "every township has delivery" target asks for.
- **Village service point**: a village is covered when a service point stands in it, or when the
  nearest service point is within the threshold: ``max_km`` of road distance on ``matrix``, or,
  when ``max_min`` is given, ``max_min`` minutes of travel time instead. Travel is measured from
  the village to the point (villagers go to the point; one-way streets can make the two
  directions differ). Without a matrix only a point in the village itself counts.
- **Township service point**: the same rule applied to the township seat.
- **Targets** compare the exact share (not the rounded percentage) with the target percentage.
  A target over an empty set (no townships, no villages, no registered-poor villages) holds
  vacuously; its percentage is ``None`` and :attr:`CoverageReport.notes` says so.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, fields
from decimal import ROUND_HALF_UP, Decimal
from enum import StrEnum
from typing import Any

import numpy as np

from network.distances import DistanceMatrix
from network.errors import InputError
from network.model import Network, Node
from network.texts import N_, Message

_VACUOUS = {
    "townships_delivery": N_("no townships: the townships delivery target holds vacuously"),
    "villages_delivery": N_("no villages: the villages delivery target holds vacuously"),
    "townships_service": N_("no townships: the townships service target holds vacuously"),
    "villages_service": N_("no villages: the villages service target holds vacuously"),
    "poor_villages_service": N_(
        "no registered-poor villages: the poor villages service target holds vacuously"
    ),
}
"""Per target: the note when it applies to no place (it then holds vacuously)."""

_NOT_MEASURED = {
    "poor_villages_service": N_(
        "no data: the poor villages service target is not measured (no village's "
        "registered-poor flag was given)"
    ),
}
"""Per target that may lack data: the note saying it is not measured."""


class ServiceStatus(StrEnum):
    """How a place stands with respect to e-commerce service points."""

    POINT = "service_point"  # a service point stands at the place itself
    COVERED = "covered"  # a service point is within the threshold
    UNCOVERED = "uncovered"


@dataclass(frozen=True, slots=True)
class CoverageTargets:
    """The plan's coverage targets, in percent (0-100)."""

    townships_delivery_pct: float = 100.0
    villages_delivery_pct: float = 50.0
    townships_service_pct: float = 100.0
    villages_service_pct: float = 50.0
    poor_villages_service_pct: float = 70.0

    def __post_init__(self) -> None:
        for f in fields(self):
            value = getattr(self, f.name)
            if not 0.0 <= value <= 100.0:
                raise InputError(
                    Message("target {value} is outside 0..100 percent", value=value), field=f.name
                )

    def pct(self, key: str) -> float:
        """The target percentage for a key such as ``"villages_service"``."""
        return float(getattr(self, f"{key}_pct"))


@dataclass(frozen=True, slots=True)
class ServiceReach:
    """The service point that covers a place (the nearest one within the threshold)."""

    status: ServiceStatus
    point_id: str | None = None
    distance_km: float | None = None
    duration_min: float | None = None


@dataclass(frozen=True, slots=True)
class VillageCoverage:
    """Coverage status of one village."""

    id: str
    name: str
    township_id: str
    poor: bool
    delivery: bool
    service: ServiceReach
    community: bool = False
    poor_known: bool = True

    @property
    def has_service(self) -> bool:
        """True when a service point is in the village or within the threshold."""
        return self.service.status is not ServiceStatus.UNCOVERED


@dataclass(frozen=True, slots=True)
class TownshipCoverage:
    """Coverage of one township: its seat, and counts over its villages."""

    id: str
    name: str
    delivery: bool
    service: ServiceReach
    villages: int
    villages_delivery: int
    villages_service: int
    poor_villages: int
    poor_villages_service: int

    @property
    def has_service(self) -> bool:
        """True when a service point is at the seat or within the threshold of it."""
        return self.service.status is not ServiceStatus.UNCOVERED


DEFAULT_TARGETS = CoverageTargets()
"""The national plan's targets: townships 100 %, villages 50 % (delivery and service points),
registered-poor villages 70 % (service points)."""


def _pct(count: int, total: int) -> float | None:
    """``count / total`` in percent, rounded to 0.1 with ROUND_HALF_UP; None when total is 0."""
    if total == 0:
        return None
    share = Decimal(100 * count) / Decimal(total)
    return float(share.quantize(Decimal("0.1"), rounding=ROUND_HALF_UP))


def _meets(count: int, total: int, target_pct: float) -> bool:
    """Whether the exact share reaches the target (vacuously true over an empty set)."""
    return total == 0 or Decimal(100 * count) >= Decimal(repr(target_pct)) * total


@dataclass(frozen=True)
class CoverageReport:
    """Coverage per township and per village, and the targets it meets.

    Attributes:
        townships: one row per township, in network order.
        villages: one row per village, in network order.
        targets: the targets the report was measured against.
        criterion: what counted as "within reach" of a point, e.g. ``"distance <= 3 km"``.
        criterion_words: the same for people, in any language (None: show ``criterion``).
    """

    townships: tuple[TownshipCoverage, ...]
    villages: tuple[VillageCoverage, ...]
    targets: CoverageTargets
    criterion: str
    criterion_words: Message | None = None

    @property
    def counted_villages(self) -> tuple[VillageCoverage, ...]:
        """Administrative villages: communities are delivery points but not counted."""
        return tuple(v for v in self.villages if not v.community)

    @property
    def no_data(self) -> tuple[str, ...]:
        """Targets that cannot be measured: ``poor_villages_service`` when no village's
        registered-poor flag was given (neither met nor missed)."""
        villages = self.counted_villages
        if villages and not any(v.poor_known for v in villages):
            return ("poor_villages_service",)
        return ()

    def counts(self) -> dict[str, tuple[int, int]]:
        """Per target key: (places meeting it, places it applies to); villages are the
        administrative villages, communities left out."""
        villages = self.counted_villages
        poor = [v for v in villages if v.poor and v.poor_known]
        return {
            "townships_delivery": (sum(t.delivery for t in self.townships), len(self.townships)),
            "villages_delivery": (sum(v.delivery for v in villages), len(villages)),
            "townships_service": (sum(t.has_service for t in self.townships), len(self.townships)),
            "villages_service": (sum(v.has_service for v in villages), len(villages)),
            "poor_villages_service": (sum(v.has_service for v in poor), len(poor)),
        }

    def targets_met(self) -> dict[str, bool | None]:
        """Target key -> whether it holds (None: no data to tell), plus ``all`` over the
        targets that have data."""
        no_data = self.no_data
        met: dict[str, bool | None] = {
            key: None if key in no_data else _meets(count, total, self.targets.pct(key))
            for key, (count, total) in self.counts().items()
        }
        met["all"] = all(v for v in met.values() if v is not None)
        return met

    def achieved_pct(self) -> dict[str, float | None]:
        """Per target key: the share of places meeting it (%, 0.1; None over no places or
        without data)."""
        no_data = self.no_data
        return {
            key: None if key in no_data else _pct(count, total)
            for key, (count, total) in self.counts().items()
        }

    def summary(self) -> dict[str, Any]:
        """The plan.json ``coverage`` object (percentages rounded to 0.1, None over no places
        or without data); ``no_data`` names the targets that could not be measured."""
        no_data = self.no_data
        result: dict[str, Any] = {f"{k}_pct": pct for k, pct in self.achieved_pct().items()}
        result["targets_met"] = self.targets_met()
        result["no_data"] = list(no_data)
        result["communities"] = len(self.villages) - len(self.counted_villages)
        return result

    @property
    def notes(self) -> tuple[str, ...]:
        """Plain-language remarks in English (:attr:`note_messages` in any language)."""
        return tuple(str(m) for m in self.note_messages)

    @property
    def note_messages(self) -> tuple[Message, ...]:
        """Remarks for people, e.g. which targets hold only because nothing is counted."""
        no_data = self.no_data
        vacuous = tuple(
            Message(_VACUOUS[key])
            for key, (_, total) in self.counts().items()
            if total == 0 and key not in no_data
        )
        missing = tuple(Message(_NOT_MEASURED[key]) for key in no_data)
        communities = len(self.villages) - len(self.counted_villages)
        counted = (
            (
                Message(
                    "{n} urban communities are delivery points but not counted in the "
                    "village targets",
                    n=communities,
                ),
            )
            if communities
            else ()
        )
        return vacuous + missing + counted

    def village_rows(self) -> list[dict[str, Any]]:
        """One row per village for ``villages.csv`` (same keys in every row)."""
        names = {t.id: t.name for t in self.townships}
        return [
            {
                "village_id": v.id,
                "name": v.name,
                "township_id": v.township_id,
                "township_name": names.get(v.township_id, ""),
                "poor": int(v.poor) if v.poor_known else "",
                "community": int(v.community),
                "delivery": int(v.delivery),
                **_reach_columns(v.service),
            }
            for v in self.villages
        ]

    def township_rows(self) -> list[dict[str, Any]]:
        """One row per township, with its seat's status and its villages' shares."""
        return [
            {
                "township_id": t.id,
                "name": t.name,
                "delivery": int(t.delivery),
                **_reach_columns(t.service),
                "villages": t.villages,
                "villages_delivery_pct": _pct(t.villages_delivery, t.villages),
                "villages_service_pct": _pct(t.villages_service, t.villages),
                "poor_villages": t.poor_villages,
                "poor_villages_service_pct": _pct(t.poor_villages_service, t.poor_villages),
            }
            for t in self.townships
        ]


def _criterion(matrix: DistanceMatrix | None, *, max_km: float, max_min: float | None) -> str:
    if matrix is None:
        return "point in the place only"
    return f"distance <= {max_km:g} km" if max_min is None else f"travel time <= {max_min:g} min"


def _criterion_words(
    matrix: DistanceMatrix | None, *, max_km: float, max_min: float | None
) -> Message:
    if matrix is None:
        return Message("a point in the place itself only")
    if max_min is None:
        return Message("road distance at most {km} km", km=f"{max_km:g}")
    return Message("travel time at most {minutes} min", minutes=f"{max_min:g}")


def _reach_columns(reach: ServiceReach) -> dict[str, Any]:
    return {
        "service": reach.status.value,
        "service_point_id": reach.point_id or "",
        "service_distance_km": "" if reach.distance_km is None else round(reach.distance_km, 3),
        "service_min": "" if reach.duration_min is None else round(reach.duration_min, 1),
    }


def _known_ids(network: Network, ids: Iterable[str], what: str) -> frozenset[str]:
    if isinstance(ids, str):  # one id passed where a collection belongs
        raise InputError(
            Message(
                "{what} must be a collection of ids, not the string {ids!r}", what=what, ids=ids
            ),
            field=what,
        )
    wanted = frozenset(ids)
    unknown = sorted(i for i in wanted if i not in network)
    if unknown:
        more = Message(" (and {n} more)", n=len(unknown) - 1) if len(unknown) > 1 else ""
        raise InputError(
            Message(
                "{what} id {unknown!r} is not in the network{more}",
                what=what,
                unknown=unknown[0],
                more=more,
            ),
            field=what,
        )
    return wanted


def _reaches(
    places: tuple[Node, ...],
    points: frozenset[str],
    matrix: DistanceMatrix | None,
    *,
    max_km: float,
    max_min: float | None,
    unreachable: frozenset[str] = frozenset(),
) -> dict[str, ServiceReach]:
    """For each place, its own point, else the nearest point within the threshold."""
    own = ServiceStatus.POINT
    reach = {p.id: ServiceReach(own, p.id, 0.0, 0.0) for p in places if p.id in points}
    for place in places:
        if place.id not in points:
            reach[place.id] = ServiceReach(ServiceStatus.UNCOVERED)
    others = [p.id for p in places if p.id not in points and p.id not in unreachable]
    if matrix is None or not others or not points:
        return reach
    point_ids = sorted(points)
    rows = np.array([matrix.index(i) for i in others], dtype=np.intp)
    cols = np.array([matrix.index(i) for i in point_ids], dtype=np.intp)
    dist_m = matrix.distance_m[np.ix_(rows, cols)]
    dur_s = matrix.duration_s[np.ix_(rows, cols)]
    metric, limit = (dist_m, max_km * 1000.0) if max_min is None else (dur_s, max_min * 60.0)
    masked = np.where(metric <= limit, metric, np.inf)
    best = np.argmin(masked, axis=1)  # ties go to the first point id in sorted order
    for r, place_id in enumerate(others):
        c = int(best[r])
        if np.isfinite(masked[r, c]):
            reach[place_id] = ServiceReach(
                ServiceStatus.COVERED,
                point_ids[c],
                float(dist_m[r, c]) / 1000.0,
                float(dur_s[r, c]) / 60.0,
            )
    return reach


def _township_row(
    network: Network,
    township: Node,
    served: frozenset[str],
    reach: ServiceReach,
    villages: Mapping[str, VillageCoverage],
) -> TownshipCoverage:
    mine = [villages[v.id] for v in network.children(township.id) if v.counts_as_village]
    poor = [v for v in mine if v.poor and v.poor_known]
    return TownshipCoverage(
        id=township.id,
        name=township.name,
        delivery=township.id in served or any(v.delivery for v in mine),
        service=reach,
        villages=len(mine),
        villages_delivery=sum(v.delivery for v in mine),
        villages_service=sum(v.has_service for v in mine),
        poor_villages=len(poor),
        poor_villages_service=sum(v.has_service for v in poor),
    )


def coverage_report(
    network: Network,
    *,
    served: Iterable[str] = (),
    service_points: Iterable[str] = (),
    matrix: DistanceMatrix | None = None,
    max_km: float = 3.0,
    max_min: float | None = None,
    targets: CoverageTargets = DEFAULT_TARGETS,
    unreachable: Iterable[str] = (),
) -> CoverageReport:
    """Measure delivery and service-point coverage against the plan's targets.

    Args:
        network: the county network.
        served: ids of places a delivery route of the plan visits.
        service_points: ids of places with an e-commerce service point.
        matrix: distances/travel times covering every village, township and point; without
            it only a point at the place itself counts.
        max_km: a point within this road distance covers a place (default 3 km).
        max_min: when given, a point within this travel time covers a place instead.
        targets: the plan's targets (default: the national plan's).
        unreachable: places the plan cannot reach (see :func:`network.reach.unreachable_nodes`):
            neither delivered nor covered, and not looked up in ``matrix``.

    Example:
        >>> from network import Network, Node, Tier
        >>> net = Network([Node("t", "T", Tier.TOWNSHIP, 120.0, 26.9),
        ...                Node("v", "V", Tier.VILLAGE, 120.01, 26.9, parent="t")])
        >>> coverage_report(net, served={"v"}).summary()["villages_delivery_pct"]
        100.0
    """
    if not max_km > 0:
        raise InputError(
            Message("max_km must be positive, got {max_km}", max_km=max_km), field="max_km"
        )
    if max_min is not None and not max_min > 0:
        raise InputError(
            Message("max_min must be positive, got {max_min}", max_min=max_min), field="max_min"
        )
    served_ids = _known_ids(network, served, "served")
    points = _known_ids(network, service_points, "service_points")
    villages, townships = network.villages, network.townships
    stranded = _known_ids(network, unreachable, "unreachable")
    served_ids = served_ids - stranded
    reach = _reaches(
        villages + townships,
        points - stranded,
        matrix,
        max_km=max_km,
        max_min=max_min,
        unreachable=stranded,
    )
    village_rows = {
        v.id: VillageCoverage(
            v.id,
            v.name,
            v.parent or "",
            v.poor,
            v.id in served_ids,
            reach[v.id],
            community=v.community,
            poor_known=v.poor_known,
        )
        for v in villages
    }
    return CoverageReport(
        townships=tuple(
            _township_row(network, t, served_ids, reach[t.id], village_rows) for t in townships
        ),
        villages=tuple(village_rows.values()),
        targets=targets,
        criterion=_criterion(matrix, max_km=max_km, max_min=max_min),
        criterion_words=_criterion_words(matrix, max_km=max_km, max_min=max_min),
    )
