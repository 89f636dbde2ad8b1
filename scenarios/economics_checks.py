"""The economics section's headline figures against their cited ranges (plan.json ``checks``).

Each range names its facts.md row or the rule that gives it; a figure outside is a finding the
report shows near the top, with the note saying what moves it.
"""

from __future__ import annotations

from decimal import Decimal
from typing import TYPE_CHECKING

from network.model import Network
from network.texts import N_, Message
from scenarios.checks import Check

if TYPE_CHECKING:
    from scenarios.sections.economics import EconomicsResult
    from scenarios.sections.routing import RoutingOutcome

D = Decimal

MODELS = {"two_echelon": N_("two echelons"), "flat": N_("flat (direct from the county DC)")}
"""The delivery models' names for people (:func:`_model_checks`' note)."""

#: (low, high, source) per stage, yuan per parcel (all parcels, down and up).
STAGE_RANGES: dict[str, tuple[Decimal, Decimal, str]] = {
    "sorting": (
        D("0.13"),
        D("0.52"),
        N_("facts 3b: ZTO sorting 0.26 yuan/parcel; rule: half to twice"),
    ),
    "line_haul": (
        D("0.10"),
        D("1.00"),
        N_(
            "facts 3b: ZTO line-haul 0.39 yuan/parcel; rule: a quarter to 2.5x for a county's "
            "shorter but thinner routes"
        ),
    ),
    "hub_handling": (
        D("0.05"),
        D("0.50"),
        N_("rule: a hub worker's day, 212 yuan (facts 3b wage / 26 days), over 400-4,000 parcels"),
    ),
    "station": (
        D("0.20"),
        D("1.20"),
        N_("facts 3b: courier piece rates 0.4-1.2 yuan/parcel; rule: from half the lowest"),
    ),
    "last_mile": (
        D("0.00"),
        D("3.30"),
        N_("facts 3b: rural last-mile labour 1.9-3.3 yuan a door parcel (EST); 0 at the station"),
    ),
}


def economics_checks(
    result: EconomicsResult, routing: RoutingOutcome, network: Network
) -> list[Check]:
    """Cost per parcel and its stages, the door parcel, the models, pooling, the peak day's
    sorting, parcels per resident, km per vehicle-day and parcels per courier-day."""
    total = result.headline.total()
    per = total.stages_per_parcel_yuan
    checks = [
        Check(
            "economics.cost_per_parcel_yuan",
            total.cost_per_parcel_yuan,
            D("0.8"),
            D("4.0"),
            "yuan/parcel",
            N_(
                "facts 3b: sorting 0.26 + line-haul 0.39 (ZTO) + rural last mile 1.9-3.3 a door "
                "parcel; a county office expects 1-3.5 (issue 16)"
            ),
        ),
        *(
            Check(f"economics.stages_yuan_per_parcel.{s}", per[s], low, high, "yuan/parcel", src)
            for s, (low, high, src) in STAGE_RANGES.items()
        ),
    ]
    unit = next(iter(result.headline.costs.values()), None)
    if unit is not None:
        checks.append(
            Check(
                "economics.door_parcel_yuan",
                unit.door_yuan_per_parcel().quantize(D("0.01")),
                D("1.9"),
                D("3.3"),
                "yuan/parcel",
                N_("facts 3b: rural last-mile labour 1.9-3.3 yuan/parcel (EST)"),
            )
        )
        checks.append(
            Check(
                "economics.parcels_per_courier_day",
                unit.door_parcels_per_courier_day,
                D(70),
                D(100),
                "parcels/day",
                N_("facts 3b: a rural courier handles 70-100 parcels a day"),
            )
        )
    checks += _model_checks(routing)
    checks += _pooling_checks(result, routing)
    checks += _volume_checks(result, routing, network)
    return checks


def _model_checks(routing: RoutingOutcome) -> list[Check]:
    choice = routing.choice
    if choice is None:
        return []
    chosen = choice.costs(choice.chosen).cost_per_parcel_yuan
    other = choice.costs("flat" if choice.chosen == "two_echelon" else "two_echelon")
    model = Message(MODELS.get(choice.chosen, choice.chosen))
    premium = round(
        float((chosen - other.cost_per_parcel_yuan) / other.cost_per_parcel_yuan) * 100, 2
    )
    return [
        Check(
            "economics.models.chosen_over_other_pct",
            premium,
            None,
            0.0,
            "%",
            N_(
                "rule: the headline uses the cheaper of two echelons and flat, hub handling "
                "included, unless the scenario names one (issue 16)"
            ),
            note="" if premium <= 0 else Message("the scenario chose {model}", model=model),
        )
    ]


def _pooling_checks(result: EconomicsResult, routing: RoutingOutcome) -> list[Check]:
    checks = []
    if routing.shared is not None:
        checks.append(
            Check(
                "routing.shared_saving_pct",
                routing.shared.saving_pct,
                5.0,
                35.0,
                "%",
                N_(
                    "facts 3d: carrier collaboration saves 14.4 % on average, 22.1 % in the top "
                    "quartile; issue 16: 5-35 % for routes"
                ),
            )
        )
    if result.pooling is not None and result.pooling.saving_pct is not None:
        checks.append(
            Check(
                "economics.pooling.saving_pct",
                result.pooling.saving_pct,
                5.0,
                35.0,
                "%",
                N_(
                    "facts 3d: carrier collaboration saves 14.4 % on average, 22.1 % in the top "
                    "quartile; issue 16: 5-35 %; the whole way saves less than its routes alone "
                    "(handling per parcel stays)"
                ),
            )
        )
    return checks


def _volume_checks(
    result: EconomicsResult, routing: RoutingOutcome, network: Network
) -> list[Check]:
    people = sum(n.population for n in network)
    parcels = sum(n.parcels_per_day for n in network)
    checks = []
    if people > 0:
        checks.append(
            Check(
                "network.parcels_per_resident_year",
                round(parcels * 365 / people, 1),
                14.6,
                94.9,
                "parcels/person/yr",
                N_(
                    "facts 3a: 20k-130k parcels a day for a 500k-person county (EST); 94 a "
                    "person nationally"
                ),
            )
        )
    vehicles = max(
        (sum(1 for p in d.parts for r in p.plan.routes if r.stops) for d in routing.days), default=0
    )
    if vehicles:
        metres = sum(
            float(p.problem.distance_m[a, b])
            for p in routing.parts
            for r in p.plan.routes
            for t in r.trips
            for a, b in zip((r.depot, *t.stops), (*t.stops, r.depot), strict=True)
        )
        km_day = metres / 1000.0 / routing.schedule.period_days / vehicles
        checks.append(
            Check(
                "routing.km_per_vehicle_day",
                round(km_day, 1),
                10.0,
                150.0,
                "km/day",
                N_(
                    "facts 3c: a van runs ~100 km a day, an e-tricycle at <=15 km/h less; "
                    "rule 10-150"
                ),
            )
        )
    if result.peak is not None:
        s = result.peak.sorting
        checks.append(
            Check(
                "economics.peak_day.sorting_hours",
                round(s.hours, 2),
                None,
                round(s.window_hours, 2),
                "h",
                N_("rule: the peak day's parcels down sorted before the first van leaves"),
                note=""
                if s.in_time
                else Message(
                    "{n} hubs miss the vans: sort faster or start earlier", n=len(s.late_hubs)
                ),
            )
        )
    return checks
