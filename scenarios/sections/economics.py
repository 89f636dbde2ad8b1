"""The main run's economics section: the parcel's whole way, the sender's price, the peak day.

From the routing section's result it costs every stage of the parcel's way
(:mod:`routing.economics`: county DC sorting, line haul, hub handling, village station fee, last
metre) for the period's plan (the headline), for both models on day 0 and for pooled against
each carrier alone (where it reaches); it prices the village sender's upward parcel against
the comparable areas' price (:mod:`routing.pricing`), whose gap the subsidy section pays from
the fund through the subsidy library; and it runs the peak day (:mod:`routing.peak`): the busiest
month's day with every village served daily, the county DC's sorting hours against its window,
and the villages that would miss their delivery.

``[economics]`` keys: ``costs`` (unit costs for every carrier) and ``carriers.<name>`` (one
carrier's own), each with the fields of :class:`routing.economics.UnitCosts`; sorting capacity
and window; the month profile; prices (``margin_pct``, ``beyond_county_yuan``,
``comparable_county_yuan``, and the tables ``benchmark_up`` and ``tariff_up`` by weight band).
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from decimal import Decimal
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, field_validator

from network.errors import InputError
from network.model import Network, Tier
from network.money import format_yuan, to_fen
from network.texts import Message
from routing import (
    BEYOND_COUNTY_YUAN,
    COMPARABLE_COUNTY_YUAN,
    DEFAULT_SHARES,
    MARGIN_PCT,
    STAGES,
    BandPrice,
    Costs,
    Economics,
    ModelResult,
    MonthProfile,
    SortingCentre,
    SortingDay,
    UnitCosts,
    band_price,
    check_bands,
    day_flows,
    direct_stops,
    period_flows,
    priced,
    scaled_hubs,
    solve_flat,
    solve_two_echelon,
    sort_day,
    whole_way,
)
from routing.bus_cost import bypass_by_village
from scenarios.checks import Check
from scenarios.context import Json, Row, RunContext
from scenarios.economics_checks import economics_checks
from scenarios.sections.routing import RoutingOutcome

KEY = "economics"
_DEFAULT = MonthProfile()


class UnitCostsConfig(BaseModel):
    """Overrides of :class:`routing.economics.UnitCosts` (unset = the default)."""

    model_config = ConfigDict(extra="forbid")

    sorting_yuan_per_parcel: Decimal | None = Field(default=None, ge=0)
    hub_yuan_per_parcel: Decimal | None = Field(default=None, ge=0)
    hub_fixed_yuan_per_day: Decimal | None = Field(default=None, ge=0)
    station_yuan_per_parcel: Decimal | None = Field(default=None, ge=0)
    courier_yuan_per_day: Decimal | None = Field(default=None, ge=0)
    door_parcels_per_courier_day: Decimal | None = Field(default=None, gt=0)
    door_share_down: Decimal | None = Field(default=None, ge=0, le=1)
    door_share_up: Decimal | None = Field(default=None, ge=0, le=1)

    def apply(self, base: UnitCosts) -> UnitCosts:
        return replace(base, **{k: getattr(self, k) for k in self.model_fields_set})


class BandConfig(BaseModel):
    """A price per parcel for a weight band (``min_kg`` inclusive, ``max_kg`` exclusive)."""

    model_config = ConfigDict(extra="forbid")

    min_kg: float = Field(ge=0)
    max_kg: float = Field(gt=0)
    yuan: Decimal = Field(ge=0)

    def band(self) -> BandPrice:
        return BandPrice(self.min_kg, self.max_kg, self.yuan)


class TariffConfig(BandConfig):
    """A carrier's village tariff for a weight band."""

    carrier: str


def _bands_ok(bands: Sequence[BandConfig], field: str) -> None:
    try:
        check_bands([b.band() for b in bands], field)
    except InputError as err:
        raise err from None  # an InputError is a ValueError: pydantic keeps it


class Config(BaseModel):
    """The ``[economics]`` table."""

    model_config = ConfigDict(extra="forbid")

    costs: UnitCostsConfig = Field(default_factory=UnitCostsConfig)
    carriers: dict[str, UnitCostsConfig] = {}
    sorting_parcels_per_hour: float = Field(default=15000.0, gt=0)
    sorting_start_min: float = Field(default=120.0, ge=0, le=1440)
    sorting_cutoff_min: float | None = Field(default=None, gt=0, le=1440)
    month_profile_down: list[float] = Field(
        default_factory=lambda: list(_DEFAULT.down), min_length=12, max_length=12
    )
    month_profile_up: list[float] = Field(
        default_factory=lambda: list(_DEFAULT.up), min_length=12, max_length=12
    )
    busiest_day: float = Field(default=_DEFAULT.busiest_day, ge=1)
    peak_day: bool = True
    margin_pct: Decimal = Field(default=MARGIN_PCT, ge=0)
    beyond_county_yuan: Decimal = Field(default=BEYOND_COUNTY_YUAN, ge=0)
    comparable_county_yuan: Decimal = Field(default=COMPARABLE_COUNTY_YUAN, ge=0)
    benchmark_up: list[BandConfig] = []
    tariff_up: list[TariffConfig] = []

    @field_validator("month_profile_down", "month_profile_up")
    @classmethod
    def _positive(cls, value: list[float]) -> list[float]:
        if any(not v > 0 for v in value):
            raise ValueError(Message("every monthly factor must be > 0"))
        return value

    @field_validator("benchmark_up")
    @classmethod
    def _benchmark_bands(cls, value: list[BandConfig]) -> list[BandConfig]:
        _bands_ok(value, "benchmark_up")
        return value

    @field_validator("tariff_up")
    @classmethod
    def _tariff_bands(cls, value: list[TariffConfig]) -> list[TariffConfig]:
        for carrier in sorted({t.carrier for t in value}):
            _bands_ok([t for t in value if t.carrier == carrier], f"tariff_up.{carrier}")
        return value

    def unit_costs(self) -> tuple[UnitCosts, dict[str, UnitCosts]]:
        """The default unit costs and each configured carrier's own."""
        default = self.costs.apply(UnitCosts())
        return default, {c: cfg.apply(default) for c, cfg in self.carriers.items()}

    def cross_check(self, sections: Mapping[str, Any]) -> None:
        """Carriers named here must be routing's carriers."""
        routing = sections.get("routing")
        known = set(getattr(routing, "carriers", DEFAULT_SHARES))
        named = [(f"economics.carriers.{c}", c) for c in self.carriers]
        named += [
            (f"economics.tariff_up[{k}].carrier", t.carrier) for k, t in enumerate(self.tariff_up)
        ]
        for path, carrier in named:
            if carrier not in known:
                raise InputError(
                    Message(
                        "unknown carrier {carrier!r} (routing's carriers: {known})",
                        carrier=carrier,
                        known=sorted(known),
                    ),
                    field=path,
                )

    def profile(self) -> MonthProfile:
        return MonthProfile(
            tuple(self.month_profile_down), tuple(self.month_profile_up), self.busiest_day
        )


@dataclass(frozen=True)
class Pooling:
    """Day 0's whole way, pooled against each carrier alone, and the saving's parts (yuan)."""

    pooled: Costs
    separate: Costs
    separate_by_carrier: Mapping[str, Costs]
    vehicles_yuan: Decimal
    km_yuan: Decimal
    handling_yuan: Decimal

    @property
    def saving_yuan(self) -> Decimal:
        return self.separate.total_yuan - self.pooled.total_yuan

    @property
    def saving_pct(self) -> float | None:
        total = self.separate.total_yuan
        return round(float(self.saving_yuan / total) * 100, 2) if total > 0 else None


@dataclass(frozen=True)
class PeakDay:
    """The peak day's parcels, plan and sorting, and the villages that miss their delivery."""

    month: int
    factors: tuple[float, float]
    parcels: float
    vehicles: int
    costs: Costs
    sorting: SortingDay
    missed_villages: tuple[str, ...]
    unserved_villages: tuple[str, ...]


@dataclass(frozen=True)
class EconomicsResult:
    """What the economics section found: the headline's whole way, the comparisons, the
    peak day, today's sorting, the prices, and the routing outcome they come from."""

    headline: Economics
    model: str
    pooling: Pooling | None
    peak: PeakDay | None
    sorting: SortingDay
    tariff_up_yuan: Mapping[str, Decimal]
    benchmark_up_yuan: Decimal
    up_kg: float
    routing: RoutingOutcome
    network: Network

    def parity_rows(self) -> list[dict[str, Any]]:
        """Per village and carrier, parcels up a day and the sender's tariff (the subsidy
        library's cost rows: the tariff is the local price, the margin already in it)."""
        return [
            {
                "village_id": f.flow.village_id,
                "township_id": f.flow.township_id,
                "carrier": f.flow.carrier,
                "parcels_up_per_day": f.flow.parcels_up,
                "cost_per_parcel_up_yuan": self.tariff_up_yuan[f.flow.carrier],
            }
            for f in self.headline.flows
            if f.flow.parcels_up > 0
        ]

    @property
    def price_up_yuan(self) -> Decimal | None:
        """The carriers' tariffs averaged over their parcels up (None with no parcels up)."""
        ups = {
            c: sum((f.flow.parcels_up for f in self.headline.only(c).flows), Decimal(0))
            for c in self.tariff_up_yuan
        }
        total = sum(ups.values(), Decimal(0))
        if total <= 0:
            return None
        return to_fen(sum((self.tariff_up_yuan[c] * n for c, n in ups.items()), Decimal(0)) / total)


@dataclass(frozen=True)
class EconomicsOutcome:
    """The economics section's outcome: what it found, or why it stepped aside."""

    found: EconomicsResult | None
    skipped: str = ""

    @property
    def benchmark_up_yuan(self) -> Decimal | None:
        return None if self.found is None else self.found.benchmark_up_yuan

    def parity_rows(self) -> list[Mapping[str, object]]:
        """The subsidy library's cost rows (the tariffs), none when the section stepped aside."""
        return [] if self.found is None else list(self.found.parity_rows())

    def summary(self) -> dict[str, Json]:
        """``plan.json`` ``economics``."""
        return {"skipped": self.skipped} if self.found is None else _summary(self.found)

    def tables(self) -> dict[str, Sequence[Row]]:
        """``stage_costs``: cost per parcel by stage, per township and per carrier."""
        return {} if self.found is None else {"stage_costs": _stage_rows(self.found.headline)}

    def geojson(self) -> dict[str, Mapping[str, Json]]:
        """None."""
        return {}

    @property
    def checks(self) -> tuple[Check, ...]:
        """The headline figures against their cited ranges."""
        if self.found is None:
            return ()
        return tuple(economics_checks(self.found, self.found.routing, self.found.network))


def check(ctx: RunContext, config: Config) -> None:
    """The checks :func:`run` makes before any solving (``validate`` runs them): the unit
    costs, the month profile and the sorting window (cut-off: the trunk shift's start) build."""
    config.unit_costs()
    config.profile()
    shift = getattr(ctx.configs.get("routing"), "shift_min", (420.0, 1140.0))
    cutoff = config.sorting_cutoff_min if config.sorting_cutoff_min is not None else shift[0]
    SortingCentre(config.sorting_parcels_per_hour, config.sorting_start_min, cutoff)


def run(ctx: RunContext, config: Config) -> EconomicsOutcome:
    """The whole way's cost, prices, pooling and peak day (module docstring)."""
    r = ctx.outcome(RoutingOutcome)
    if r is None:
        return EconomicsOutcome(None, "the routing section did not run: no routes to cost")
    ctx.progress("economics", 0.0, None)
    default, own = config.unit_costs()
    stops = r.stops.network
    carriers = r.config.carriers
    direct = _direct_villages(r, stops)
    flows = period_flows(ctx.network, r.attribution, carriers, direct, _bus_bypass(r))
    headline = whole_way(flows, own, default=default)
    pooling = _pooling(stops, r, own, default)
    centre = _centre(config, r)
    sorting = sort_day(centre, _down_by_hub(stops), _far_first(ctx, stops))
    peak = _peak(ctx, config, r, stops, centre, own, default) if config.peak_day else None
    up_kg = r.settings.parcel.up_kg if r.settings is not None else 3.0
    tariffs, benchmark = _prices(config, headline, carriers, up_kg)
    found = EconomicsResult(
        headline, r.echelon, pooling, peak, sorting, tariffs, benchmark, up_kg, r, ctx.network
    )
    ctx.progress("economics", 1.0, None)
    return EconomicsOutcome(found)


def _bus_bypass(r: RoutingOutcome) -> dict[str, tuple[float, float]]:
    """Parcels per village (down, up, over the period) that ride a bus in the plan straight
    from or to the county DC: they pass no hub."""
    if r.bus is None or not r.bus.in_plan:
        return {}
    return bypass_by_village(r.stops, r.bus.plans)


def _direct_villages(r: RoutingOutcome, stops: Network) -> frozenset[str]:
    """Villages served straight from the county DC in the period's plan (flat model)."""
    direct = direct_stops(r.parts, stops)
    return frozenset(v for s in direct for v in r.stops.carries.get(s, (s,)))


def _pooling(
    stops: Network, r: RoutingOutcome, own: Mapping[str, UnitCosts], default: UnitCosts
) -> Pooling | None:
    if r.shared is None or r.two_echelon_day0 is None:
        return None
    shared = r.shared
    carriers = r.config.carriers
    pooled = whole_way(day_flows(stops, r.two_echelon_day0.parts, carriers), own, default=default)
    flows = []
    for carrier in carriers:
        hubs = {
            h: s[carrier]
            for h, s in shared.shares.items()
            if carrier in s and stops[h].tier is Tier.TOWNSHIP
        }
        flows += day_flows(scaled_hubs(stops, hubs), shared.parts_of(carrier), {carrier: 1.0})
    alone = whole_way(flows, own, default=default, pooled=False)
    p, a = pooled.total(), alone.total()
    line = a.stage_yuan["line_haul"] - p.stage_yuan["line_haul"]
    handling = a.total_yuan - p.total_yuan - line
    by_carrier = {c: alone.only(c).total() for c in carriers}
    return Pooling(
        p, a, by_carrier, shared.vehicles_saving_yuan, line - shared.vehicles_saving_yuan, handling
    )


def _centre(config: Config, r: RoutingOutcome) -> SortingCentre:
    """The county DC's sorting line; the cut-off defaults to the trunk vans' shift start."""
    shift = min((vt.shift_start_min for vt in r.fleets.trunk), default=420.0) if r.fleets else 420.0
    return SortingCentre(
        config.sorting_parcels_per_hour,
        config.sorting_start_min,
        config.sorting_cutoff_min if config.sorting_cutoff_min is not None else shift,
    )


def _down_by_hub(net: Network) -> dict[str, float]:
    """Each hub's parcels down a day: its villages' and its own."""
    out = {h.id: h.parcels_down_per_day for h in net.townships}
    for v in net.villages:
        if v.parent in out:
            out[v.parent] += v.parcels_down_per_day
    return out


def _far_first(ctx: RunContext, net: Network) -> list[str]:
    """Hubs by road distance from the county DC, farthest first (their vans' day is longest)."""
    county = net.county_dcs[0].id
    return sorted((h.id for h in net.townships), key=lambda h: (-ctx.matrix.km(county, h), h))


def _peak_network(net: Network, down: float, up: float) -> Network:
    """Every place's parcels times the peak day's factors."""
    return net.replace_nodes(
        replace(
            n,
            parcels_down_per_day=n.parcels_down_per_day * down,
            parcels_up_per_day=n.parcels_up_per_day * up,
        )
        for n in net
    )


def _peak(
    ctx: RunContext,
    config: Config,
    r: RoutingOutcome,
    stops: Network,
    centre: SortingCentre,
    own: Mapping[str, UnitCosts],
    default: UnitCosts,
) -> PeakDay | None:
    """The peak day with every village served daily, in the plan's model."""
    if r.fleets is None or r.settings is None or r.solver is None:
        return None
    profile = config.profile()
    down = sum(n.parcels_down_per_day for n in stops)
    up = sum(n.parcels_up_per_day for n in stops)
    fd, fu = profile.peak_factors(down, up)
    net = _peak_network(stops, fd, fu)
    by_hub: dict[str, dict[str, tuple[float, float]]] = {h.id: {} for h in net.townships}
    for v in net.villages:
        by_hub.setdefault(v.parent or "", {})[v.id] = (v.parcels_down_per_day, v.parcels_up_per_day)
    by_hub = {h: loads for h, loads in by_hub.items() if loads or net[h].parcels_per_day > 0}
    matrix = ctx.matrix.sub(stops.ids())
    kwargs: dict[str, Any] = {"fleets": r.fleets, "settings": r.settings, "solver": r.solver}
    model: ModelResult
    if r.echelon == "flat":
        rounds = math.ceil((len(by_hub) + 1) / max(ctx.workers, 1))  # as routing's day 0
        model = solve_flat(
            net, matrix, by_hub, flat_time_limit_s=r.solver.time_limit_s * rounds, **kwargs
        )
    else:
        model = solve_two_echelon(net, matrix, by_hub, workers=ctx.workers, **kwargs)
    costs = whole_way(day_flows(net, model.parts, r.config.carriers), own, default=default).total()
    sorting = sort_day(centre, _down_by_hub(net), _far_first(ctx, net))
    unserved = _unserved_stops(model, net)
    late = {v.id for v in net.villages if v.parent in set(sorting.late_hubs)}
    return PeakDay(
        month=profile.peak_month(down, up),
        factors=(round(fd, 4), round(fu, 4)),
        parcels=round(down * fd + up * fu, 1),
        vehicles=sum(1 for p in model.parts for rt in p.plan.routes if rt.stops),
        costs=costs,
        sorting=sorting,
        missed_villages=_villages(r, sorted(unserved | late)),
        unserved_villages=_villages(r, sorted(unserved)),
    )


def _unserved_stops(model: ModelResult, net: Network) -> set[str]:
    """Village stops a plan leaves out, and every village of a hub the trunk leaves out."""
    out: set[str] = set()
    for part in model.parts:
        for u in part.plan.unserved:
            node = net[part.problem.ids[u.node]]
            if node.tier is Tier.TOWNSHIP:
                out |= {v.id for v in net.children(node.id)}
            else:
                out.add(node.id)
    return out


def _villages(r: RoutingOutcome, stops: Sequence[str]) -> tuple[str, ...]:
    """The villages the stops stand for."""
    return tuple(sorted({v for s in stops for v in r.stops.carries.get(s, (s,))}))


def _prices(
    config: Config, headline: Economics, carriers: Mapping[str, float], up_kg: float
) -> tuple[dict[str, Decimal], Decimal]:
    """Each carrier's village tariff and the benchmark, for the upward parcel's weight."""
    bench = band_price([b.band() for b in config.benchmark_up], up_kg, "economics.benchmark_up")
    if bench is None:
        bench = priced(config.comparable_county_yuan, config.beyond_county_yuan, config.margin_pct)
    tariffs = {}
    for carrier in carriers:
        bands = [t.band() for t in config.tariff_up if t.carrier == carrier]
        tariff = band_price(bands, up_kg, f"economics.tariff_up.{carrier}")
        if tariff is None:
            up = headline.only(carrier).total("up")
            full = (
                up.total_yuan / up.parcels
                if up.parcels > 0
                else headline.total("up").cost_per_parcel_yuan
            )
            tariff = priced(full, config.beyond_county_yuan, config.margin_pct)
        tariffs[carrier] = tariff
    return tariffs, bench


def _money(value: Decimal) -> str:
    return format_yuan(value)


def _costs_json(costs: Costs) -> dict[str, Any]:
    return {
        "cost_per_parcel_yuan": _money(costs.cost_per_parcel_yuan),
        "stages_yuan_per_parcel": {k: _money(v) for k, v in costs.stages_per_parcel_yuan.items()},
        "daily_cost_yuan": _money(costs.total_yuan),
        "parcels_per_day": round(float(costs.parcels), 1),
    }


def _sorting_json(day: SortingDay) -> dict[str, Any]:
    return {
        "parcels": round(day.parcels, 1),
        "sorting_hours": round(day.hours, 2),
        "sorting_window_hours": round(day.window_hours, 2),
        "late_hubs": list(day.late_hubs),
        "late_parcels": round(day.late_parcels, 1),
    }


def _summary(result: EconomicsResult) -> dict[str, Json]:
    r = result.routing
    head = result.headline
    total = head.total()
    summary: dict[str, Json] = {
        "model": result.model,
        "cost_per_parcel_yuan": _money(total.cost_per_parcel_yuan),
        "stages_yuan_per_parcel": {k: _money(v) for k, v in total.stages_per_parcel_yuan.items()},
        "daily_cost_yuan": _money(total.total_yuan),
        "stages_daily_yuan": {k: _money(v) for k, v in total.stage_yuan.items()},
        "down": _costs_json(head.total("down")),
        "up": _costs_json(head.total("up")),
        "by_carrier": {c: _costs_json(x) for c, x in head.by("carrier").items()},
        "by_township": {t: _costs_json(x) for t, x in head.by("township").items()},
        "couriers": round(float(head.couriers), 1),
        "station_keepers": head.station_keepers,
        "unit_costs": {
            c: {k: str(v) for k, v in vars(u).items()} for c, u in sorted(head.costs.items())
        },
        "price_up_yuan": None if result.price_up_yuan is None else _money(result.price_up_yuan),
        "price_up_by_carrier_yuan": {c: _money(v) for c, v in result.tariff_up_yuan.items()},
        "benchmark_up_yuan": _money(result.benchmark_up_yuan),
        "up_parcel_kg": result.up_kg,
        "sorting": _sorting_json(result.sorting),
    }
    if r.choice is not None:
        summary["models"] = {
            "chosen": r.choice.chosen,
            "chosen_by": r.choice.by,
            "cheaper": r.choice.cheaper,
            "why": r.choice.why(),
            "two_echelon": _costs_json(r.choice.two_echelon),
            "flat": _costs_json(r.choice.flat),
        }
    if result.pooling is not None:
        p = result.pooling
        summary["pooling"] = {
            "saving_pct": p.saving_pct,
            "saving_yuan_per_day": _money(p.saving_yuan),
            "saving_breakdown_yuan": {
                "vehicles": _money(p.vehicles_yuan),
                "km": _money(p.km_yuan),
                "handling": _money(p.handling_yuan),
            },
            "pooled": _costs_json(p.pooled),
            "separate": _costs_json(p.separate),
            "separate_by_carrier": {c: _costs_json(x) for c, x in p.separate_by_carrier.items()},
        }
    if result.peak is not None:
        k = result.peak
        summary["peak_day"] = {
            "month": k.month,
            "factors_down_up": list(k.factors),
            "parcels": k.parcels,
            "vehicles": k.vehicles,
            "cost_per_parcel_yuan": _money(k.costs.cost_per_parcel_yuan),
            **_sorting_json(k.sorting),
            "missed_villages": list(k.missed_villages),
            "unserved_villages": list(k.unserved_villages),
        }
    return summary


def _stage_rows(head: Economics) -> list[Row]:
    """One row per township and per carrier: parcels a day, yuan per parcel by stage."""
    rows: list[Row] = []
    for group in ("township", "carrier"):
        for name, costs in head.by(group).items():
            per = costs.stages_per_parcel_yuan
            rows.append(
                {
                    "group": group,
                    "name": name,
                    "parcels_per_day": round(float(costs.parcels), 1),
                    **{f"{s}_yuan_per_parcel": _money(per[s]) for s in STAGES},
                    "cost_per_parcel_yuan": _money(costs.cost_per_parcel_yuan),
                }
            )
    return rows
