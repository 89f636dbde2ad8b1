"""The column-title catalogue: every table the plan writes, and every column's title and unit.

CSV files keep their English snake_case column keys (machine-stable, read by scripts and
GIS); people read the same tables in ``plan.xlsx`` under translated sheet names and column
titles, and ``docs/columns.md`` documents every file and column in both languages. All three
come from here: :data:`COLUMNS` (column key -> title, unit and note) and :data:`TABLES` (table
name -> sheet title, what a row is, and its columns). A table or column the plan writes that is
not listed here fails ``tests/scenarios/test_columns.py``; ``docs/columns.md`` is generated from
this module by ``tools/columns_doc.py`` (and the test checks it is up to date).

Example:
    >>> from network.texts import texts_for
    >>> column_header("cost_per_parcel_yuan", texts_for("zh"))
    '单件成本（元/件）'
    >>> column_header("cost_per_parcel_yuan", texts_for("en"))
    'cost per parcel (yuan/parcel)'
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from coldchain.labels import PRODUCTS
from maps.coverage_map import FACILITY_KINDS, FACILITY_UNITS, VEHICLE_NAMES
from network.texts import N_, Texts, texts_for
from scenarios.headline import HEADLINE

# Units (msgids; shown through ``tr``).
YUAN = N_("yuan")
YUAN_PARCEL = N_("yuan/parcel")
YUAN_YEAR = N_("yuan/year")
KM = N_("km")
MIN = N_("min")
CLOCK_MIN = N_("min after midnight")
HOURS = N_("h")
PCT = N_("%")
KG = N_("kg")
KG_DAY = N_("kg/day")
KG_YEAR = N_("kg/year")
PARCELS = N_("parcels")
PARCELS_DAY = N_("parcels/day")
DEGREES = N_("degrees (WGS-84)")
CELSIUS = N_("°C")

# Codes in the tables (CSV keeps the code; plan.xlsx shows the meaning).
TARGET_CODES = {
    "townships_delivery": N_("townships with delivery"),
    "villages_delivery": N_("villages with delivery"),
    "townships_service": N_("township seats with a service point"),
    "villages_service": N_("villages with a service point"),
    "poor_villages_service": N_("registered poor villages with a service point"),
}
SERVICE_CODES = {
    "service_point": N_("service point in the place"),
    "covered": N_("service point within reach"),
    "uncovered": N_("uncovered"),
}
TIER_CODES = {"county": N_("county"), "township": N_("township"), "village": N_("village")}
OUTLET_CODES = {
    "post_office": N_("post office"),
    "coop": N_("supply co-op"),
    "express": N_("express point"),
    "shop": N_("village shop"),
    "party_centre": N_("party-service centre"),
}
CARRIER_CODES = {
    "post_office": N_("postal"),
    "coop": N_("supply co-op"),
    "express": N_("express carriers"),
}
ECHELON_CODES = {
    "trunk": N_("trunk: county DC to township hubs"),
    "feeder": N_("feeder: township hubs to villages"),
    "flat": N_("flat: direct from the county DC"),
}
CARRIAGE_CODES = {"box": N_("insulated box"), "reefer": N_("reefer truck")}
GROUP_CODES = {"township": N_("township"), "carrier": N_("carrier")}
UNIT_CODES = {"km": KM, "min": MIN, **FACILITY_UNITS}


@dataclass(frozen=True)
class Column:
    """What a column holds, for people (every text an English msgid of the catalogue).

    Attributes:
        title: the header in ``plan.xlsx`` (without the unit).
        unit: the unit of its values, "" when it has none.
        note: what its values mean when the title does not say it all, "" when it does.
        values: the codes it holds -> what they mean (shown instead of the code in
            ``plan.xlsx``; several codes in a cell are separated by ``;``).
    """

    title: str
    unit: str = ""
    note: str = ""
    values: Mapping[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class Layout:
    """The columns of a table in one configuration (``when`` "" = always)."""

    columns: tuple[str, ...]
    when: str = ""


@dataclass(frozen=True)
class Table:
    """A table of the plan: its sheet in ``plan.xlsx`` and, when ``csv``, ``<name>.csv``.

    Attributes:
        title: the sheet name in ``plan.xlsx`` (at most 31 characters in every language).
        about: what one row is.
        layouts: its columns (more than one when a section's scope changes them).
        csv: written as a CSV file too (False: workbook only).
    """

    title: str
    about: str
    layouts: tuple[Layout, ...]
    csv: bool = True


COLUMNS: Mapping[str, Column] = {
    # coverage: targets, townships, villages
    "target": Column(N_("coverage target"), values=TARGET_CODES),
    "plan_pct": Column(N_("target level"), PCT),
    "achieved_pct": Column(N_("achieved"), PCT),
    "met": Column(N_("target met"), note=N_("True when the plan reaches the target")),
    "village_id": Column(N_("village ID")),
    "name": Column(N_("name")),
    "township_id": Column(N_("township ID")),
    "township_name": Column(N_("township")),
    "poor": Column(N_("registered poor village"), note=N_("1 = yes, 0 = no, empty = not given")),
    "community": Column(
        N_("urban community"),
        note=N_("1 = a community: a delivery point, not counted in the village percentages"),
    ),
    "delivery": Column(N_("delivery"), note=N_("1 = a delivery route serves the place, 0 = none")),
    "service": Column(N_("e-commerce service point"), values=SERVICE_CODES),
    "service_point_id": Column(N_("serving point ID")),
    "service_distance_km": Column(N_("distance to the service point"), KM),
    "service_min": Column(N_("travel time to the service point"), MIN),
    "villages": Column(N_("villages")),
    "villages_delivery_pct": Column(N_("villages with delivery"), PCT),
    "villages_service_pct": Column(N_("villages with a service point"), PCT),
    "poor_villages": Column(N_("registered poor villages")),
    "poor_villages_service_pct": Column(N_("registered poor villages with a service point"), PCT),
    # siting
    "point_id": Column(
        N_("point ID"),
        note=N_("service_points: the service point; coldchain_lanes: the pre-cooling point"),
    ),
    "tier": Column(N_("tier"), values=TIER_CODES),
    "existing": Column(
        N_("existing outlet upgraded"), note=N_("1 = an existing outlet upgraded, 0 = new build")
    ),
    "outlets": Column(N_("existing outlets"), values=OUTLET_CODES),
    "one_off_yuan": Column(N_("one-off cost"), YUAN),
    "running_yuan_per_year": Column(N_("running cost per year"), YUAN_YEAR),
    "cost_yuan": Column(
        N_("cost"),
        YUAN,
        note=N_(
            "service points and siting curve: one-off plus running cost over the plan; "
            "route_costs: the route's cost that day"
        ),
    ),
    "places_served": Column(N_("places served")),
    "served_ids": Column(N_("IDs of the places served"), note=N_("separated by ;")),
    "lon": Column(N_("longitude"), DEGREES),
    "lat": Column(N_("latitude"), DEGREES),
    "place_id": Column(N_("place ID")),
    "nearest_candidate_id": Column(N_("nearest candidate point ID")),
    "nearest": Column(N_("distance to the nearest candidate"), note=N_("in the row's unit")),
    "unit": Column(N_("unit"), values=UNIT_CODES),
    "reachable": Column(
        N_("reachable"), note=N_("1 = a candidate point lies within the service radius")
    ),
    "reason": Column(N_("reason")),
    "series": Column(
        N_("series"),
        note=N_("which target the curve raises step by step"),
        values={
            "villages": N_("villages with a service point"),
            "poor_villages": N_("registered poor villages with a service point"),
        },
    ),
    "target_pct": Column(N_("target level tried"), PCT),
    "status": Column(N_("solver status")),
    "points": Column(N_("number of service points")),
    "villages_pct": Column(N_("villages with a service point"), PCT),
    "poor_villages_pct": Column(N_("registered poor villages with a service point"), PCT),
    "gap_pct": Column(N_("optimality gap"), PCT),
    # routing
    "route_id": Column(N_("route ID")),
    "echelon": Column(N_("echelon"), values=ECHELON_CODES),
    "vehicle_type": Column(
        N_("vehicle type"), note=N_("the fleet's own names as written"), values=VEHICLE_NAMES
    ),
    "depot_id": Column(N_("depot ID")),
    "day": Column(N_("day"), note=N_("routing: the delivery day; cold chain: day of the run")),
    "trip": Column(N_("trip"), note=N_("the vehicle's trip of the day")),
    "order": Column(N_("stop order")),
    "node_id": Column(N_("place ID")),
    "arrival_time": Column(N_("arrival time"), note=N_("hh:mm")),
    "parcels_down": Column(N_("parcels down"), PARCELS),
    "parcels_up": Column(N_("parcels up"), PARCELS),
    "load_after": Column(N_("load after the stop"), PARCELS),
    "distance_km": Column(N_("distance"), KM),
    "parcels": Column(N_("parcels carried"), PARCELS),
    "cost_per_parcel_yuan": Column(N_("cost per parcel"), YUAN_PARCEL),
    "carrier": Column(N_("carrier"), values=CARRIER_CODES),
    "parcels_down_per_day": Column(N_("parcels down per day"), PARCELS_DAY),
    "parcels_up_per_day": Column(N_("parcels up per day"), PARCELS_DAY),
    "cost_per_parcel_down_yuan": Column(N_("cost per parcel down"), YUAN_PARCEL),
    "cost_per_parcel_up_yuan": Column(N_("cost per parcel up"), YUAN_PARCEL),
    "down_departure": Column(N_("bus departure down")),
    "down_meets_at": Column(
        N_("line stop down"),
        note=N_(
            "the village on the line where the parcels leave the bus (its own stop, or "
            "a stop carried to by e-tricycle)"
        ),
    ),
    "up_meets_at": Column(
        N_("line stop up"),
        note=N_("the village on the line where the parcels board the bus"),
    ),
    "carry_yuan": Column(
        N_("carrying cost"),
        YUAN,
        note=N_("e-tricycle between the line stop and the village's service point"),
    ),
    "down_from": Column(N_("boarding stop down")),
    "down_arrival": Column(N_("arrival down"), note=N_("hh:mm")),
    "up_departure": Column(N_("bus departure up")),
    "up_to": Column(N_("alighting stop up")),
    "up_boarding": Column(N_("boarding time up"), note=N_("hh:mm")),
    "fee_yuan": Column(N_("bus fee"), YUAN),
    "van_cost_yuan": Column(
        N_("van cost"), YUAN, note=N_("what a van would cost for the same parcels")
    ),
    # economics
    "group": Column(
        N_("group"), note=N_("rows per township, then per carrier"), values=GROUP_CODES
    ),
    "parcels_per_day": Column(N_("parcels per day"), PARCELS_DAY),
    "sorting_yuan_per_parcel": Column(N_("sorting"), YUAN_PARCEL),
    "line_haul_yuan_per_parcel": Column(N_("line haul"), YUAN_PARCEL),
    "hub_handling_yuan_per_parcel": Column(N_("hub handling"), YUAN_PARCEL),
    "station_yuan_per_parcel": Column(N_("station handling"), YUAN_PARCEL),
    "last_mile_yuan_per_parcel": Column(N_("last metre"), YUAN_PARCEL),
    # subsidy
    "local_price_yuan": Column(N_("local price"), YUAN_PARCEL),
    "benchmark_yuan": Column(
        N_("benchmark price"), YUAN_PARCEL, note=N_("the price nearby that parity matches")
    ),
    "gap_yuan": Column(N_("price gap"), YUAN_PARCEL),
    "subsidy_per_parcel_yuan": Column(N_("subsidy per parcel"), YUAN_PARCEL),
    "annual_need_yuan": Column(N_("subsidy needed per year"), YUAN_YEAR),
    # cold chain, e-commerce scope
    "kind": Column(N_("facility kind"), values=FACILITY_KINDS),
    "node": Column(N_("place ID")),
    "size": Column(N_("size"), note=N_("in the row's unit")),
    "count": Column(N_("count")),
    "capital_yuan": Column(N_("capital cost"), YUAN),
    "energy_yuan_per_year": Column(N_("energy cost per year"), YUAN_YEAR),
    "fundable": Column(N_("fundable by the special fund")),
    "product_id": Column(N_("product"), values=PRODUCTS),
    "kg_per_day": Column(N_("mean in season"), KG_DAY),
    "haul_h": Column(N_("haul to the pre-cooling point"), HOURS),
    "trip_h": Column(N_("trip to the county DC"), HOURS),
    "carriage": Column(N_("carriage"), values=CARRIAGE_CODES),
    "hold_h": Column(N_("holding at the point"), HOURS),
    "dc_h": Column(N_("at the county DC"), HOURS),
    "refused": Column(
        N_("not served"), note=N_("why routing did not serve the lane; empty: served")
    ),
    "point": Column(N_("pre-cooling point ID")),
    "lost_kg_per_year": Column(N_("lost per year"), KG_YEAR),
    "build": Column(N_("build")),
    "loss_pct": Column(N_("loss rate"), PCT),
    "lost_value_yuan": Column(N_("lost value per year"), YUAN_YEAR),
    # cold chain, industry scope
    "day_of_year": Column(N_("day of the year")),
    "facility_id": Column(N_("facility ID")),
    "stage": Column(N_("stage"), values=FACILITY_KINDS),
    "utilisation_pct": Column(N_("utilisation"), PCT),
    "queue_kg": Column(N_("waiting"), KG),
    "share_of_recommended": Column(N_("share of the recommended size")),
    "capacity": Column(N_("capacity"), note=N_("in the row's unit")),
    "mean_lost_value_yuan": Column(N_("mean lost value per year"), YUAN_YEAR),
    "dc_id": Column(N_("county DC ID")),
    "peak_kg_per_day": Column(N_("peak day"), KG_DAY),
    "ready_min": Column(N_("ready at"), CLOCK_MIN),
    "latest_arrival_min": Column(N_("latest arrival at the county DC"), CLOCK_MIN),
    "budget_min": Column(N_("time budget"), MIN),
    "temp_c": Column(N_("carrying temperature"), CELSIUS),
    "direct_min": Column(N_("direct trip"), MIN),
    "feasible": Column(N_("feasible"), note=N_("False: even a direct trip is too late")),
    "vehicle": Column(N_("vehicle")),
    "products": Column(N_("products"), values=PRODUCTS),
    "kg": Column(N_("load"), KG),
    "pickup_min": Column(N_("pickup at"), CLOCK_MIN),
    "arrival_at_dc_min": Column(N_("arrival at the county DC"), CLOCK_MIN),
    "slack_min": Column(N_("slack"), MIN),
}
"""Column key (as in the CSV files) -> what a person reads about it."""

_VILLAGES = (
    "village_id",
    "name",
    "township_id",
    "township_name",
    "poor",
    "community",
    "delivery",
    "service",
    "service_point_id",
    "service_distance_km",
    "service_min",
)
_TOWNSHIPS = (
    "township_id",
    "name",
    "delivery",
    "service",
    "service_point_id",
    "service_distance_km",
    "service_min",
    "villages",
    "villages_delivery_pct",
    "villages_service_pct",
    "poor_villages",
    "poor_villages_service_pct",
)

TABLES: Mapping[str, Table] = {
    "targets": Table(
        N_("coverage targets"),
        N_("One row per coverage target: its level in the plan and what the plan achieves."),
        (Layout(("target", "plan_pct", "achieved_pct", "met")),),
        csv=False,
    ),
    "townships": Table(
        N_("townships"),
        N_("One row per township: its seat's coverage and its villages' shares."),
        (Layout(_TOWNSHIPS),),
        csv=False,
    ),
    "villages": Table(
        N_("villages and communities"),
        N_("One row per village or community: delivery and e-commerce service point."),
        (Layout(_VILLAGES),),
    ),
    "service_points": Table(
        N_("service points"),
        N_("One row per chosen service point: cost and the places it serves."),
        (
            Layout(
                (
                    "point_id",
                    "name",
                    "tier",
                    "township_id",
                    "existing",
                    "outlets",
                    "one_off_yuan",
                    "running_yuan_per_year",
                    "cost_yuan",
                    "places_served",
                    "served_ids",
                    "lon",
                    "lat",
                )
            ),
        ),
    ),
    "siting_gaps": Table(
        N_("places not covered"),
        N_("One row per place no chosen service point covers, and why."),
        (
            Layout(
                (
                    "place_id",
                    "name",
                    "tier",
                    "poor",
                    "nearest_candidate_id",
                    "nearest",
                    "unit",
                    "reachable",
                    "reason",
                )
            ),
        ),
    ),
    "siting_curve": Table(
        N_("siting cost curve"),
        N_("One row per target level tried: the cheapest set of service points for it."),
        (
            Layout(
                (
                    "series",
                    "target_pct",
                    "status",
                    "cost_yuan",
                    "points",
                    "villages_pct",
                    "poor_villages_pct",
                    "gap_pct",
                )
            ),
        ),
    ),
    "routes": Table(
        N_("delivery routes"),
        N_("One row per stop of a shared delivery route, in driving order."),
        (
            Layout(
                (
                    "route_id",
                    "echelon",
                    "vehicle_type",
                    "depot_id",
                    "day",
                    "trip",
                    "order",
                    "node_id",
                    "name",
                    "arrival_time",
                    "parcels_down",
                    "parcels_up",
                    "load_after",
                )
            ),
        ),
    ),
    "route_costs": Table(
        N_("route costs"),
        N_("One row per route and day: its cost, distance and parcels."),
        (
            Layout(
                (
                    "route_id",
                    "echelon",
                    "day",
                    "vehicle_type",
                    "cost_yuan",
                    "distance_km",
                    "parcels",
                    "cost_per_parcel_yuan",
                )
            ),
        ),
    ),
    "parcel_costs": Table(
        N_("cost per parcel"),
        N_("One row per village and carrier: the delivery cost per parcel each way."),
        (
            Layout(
                (
                    "village_id",
                    "township_id",
                    "carrier",
                    "parcels_down_per_day",
                    "parcels_up_per_day",
                    "cost_per_parcel_down_yuan",
                    "cost_per_parcel_up_yuan",
                )
            ),
        ),
    ),
    "bus_villages": Table(
        N_("parcels by rural bus"),
        N_("One row per village and day whose parcels ride a rural passenger bus."),
        (
            Layout(
                (
                    "day",
                    "village_id",
                    "name",
                    "down_departure",
                    "down_meets_at",
                    "down_from",
                    "down_arrival",
                    "parcels_down",
                    "up_departure",
                    "up_meets_at",
                    "up_to",
                    "up_boarding",
                    "parcels_up",
                    "fee_yuan",
                    "carry_yuan",
                    "van_cost_yuan",
                ),
                N_("with a bus lines file ([routing.bus])"),
            ),
        ),
    ),
    "stage_costs": Table(
        N_("cost by stage"),
        N_("One row per group: the whole-way cost per parcel split into its stages."),
        (
            Layout(
                (
                    "group",
                    "name",
                    "parcels_per_day",
                    "sorting_yuan_per_parcel",
                    "line_haul_yuan_per_parcel",
                    "hub_handling_yuan_per_parcel",
                    "station_yuan_per_parcel",
                    "last_mile_yuan_per_parcel",
                    "cost_per_parcel_yuan",
                )
            ),
        ),
    ),
    "coldchain_facilities": Table(
        N_("cold-chain facilities"),
        N_("One row per cold-chain facility to build: size, cost and funding."),
        (
            Layout(
                (
                    "kind",
                    "node",
                    "size",
                    "unit",
                    "count",
                    "capital_yuan",
                    "energy_yuan_per_year",
                    "running_yuan_per_year",
                    "fundable",
                ),
                N_("e-commerce cold chain"),
            ),
        ),
    ),
    "coldchain_lanes": Table(
        N_("cold-chain lanes"),
        N_("One row per product and supply place: its way to the county DC, in hours."),
        (
            Layout(
                (
                    "product_id",
                    "node_id",
                    "point_id",
                    "kg_per_day",
                    "haul_h",
                    "trip_h",
                    "carriage",
                    "hold_h",
                    "dc_h",
                    "refused",
                ),
                N_("e-commerce cold chain"),
            ),
        ),
    ),
    "coldchain_loss_by_point": Table(
        N_("loss by pre-cooling point"),
        N_("One row per pre-cooling point: the mean loss a year."),
        (Layout(("point", "lost_kg_per_year"), N_("e-commerce cold chain")),),
    ),
    "coldchain_loss_curve": Table(
        N_("cold-chain loss curve"),
        N_("One row per build or size tried: what it costs and what is lost."),
        (
            Layout(
                ("build", "capital_yuan", "loss_pct", "lost_value_yuan"),
                N_("e-commerce cold chain"),
            ),
            Layout(
                (
                    "stage",
                    "share_of_recommended",
                    "capacity",
                    "unit",
                    "loss_pct",
                    "mean_lost_value_yuan",
                ),
                N_('bulk harvest cold chain (scope = "industry")'),
            ),
        ),
    ),
    "coldchain": Table(
        N_("cold-chain daily use"),
        N_("One row per day and facility of the simulated seasons: use and waiting goods."),
        (
            Layout(
                (
                    "day",
                    "day_of_year",
                    "facility_id",
                    "stage",
                    "node_id",
                    "utilisation_pct",
                    "queue_kg",
                ),
                N_('bulk harvest cold chain (scope = "industry")'),
            ),
        ),
    ),
    "coldchain_reefer_demand": Table(
        N_("reefer pickups"),
        N_("One row per place and product a reefer truck must collect."),
        (
            Layout(
                (
                    "node_id",
                    "product_id",
                    "dc_id",
                    "kg_per_day",
                    "peak_kg_per_day",
                    "ready_min",
                    "latest_arrival_min",
                    "budget_min",
                    "temp_c",
                    "direct_min",
                    "feasible",
                ),
                N_('bulk harvest cold chain (scope = "industry")'),
            ),
        ),
    ),
    "coldchain_reefer_routes": Table(
        N_("reefer routes"),
        N_("One row per pickup of a reefer truck's route."),
        (
            Layout(
                (
                    "vehicle",
                    "order",
                    "node_id",
                    "products",
                    "kg",
                    "pickup_min",
                    "arrival_at_dc_min",
                    "latest_arrival_min",
                    "slack_min",
                ),
                N_('bulk harvest cold chain (scope = "industry")'),
            ),
        ),
    ),
    "subsidy": Table(
        N_("parity subsidy"),
        N_("One row per village and carrier: the subsidy that brings upward parcels to parity."),
        (
            Layout(
                (
                    "village_id",
                    "township_id",
                    "carrier",
                    "parcels_up_per_day",
                    "cost_per_parcel_up_yuan",
                    "local_price_yuan",
                    "benchmark_yuan",
                    "gap_yuan",
                    "subsidy_per_parcel_yuan",
                    "annual_need_yuan",
                )
            ),
        ),
    ),
}
"""Table name (the CSV file's stem, the sheet's key) -> its sheet title, rows and columns."""

SWEEP_COLUMNS: Mapping[str, Column] = {
    "case_id": Column(N_("case ID"), note=N_("the case's number and a hash of its overrides")),
    "name": Column(N_("case")),
    "seed": Column(N_("seed")),
    "overrides": Column(N_("overrides"), note=N_("the scenario keys the case changes, as JSON")),
    "status": Column(N_("status"), note=N_("ok or error")),
    "error": Column(N_("error"), note=N_("why the case failed; empty when it ran")),
    **{column: Column(label) for column, _, label in HEADLINE},
}
"""``sweep.csv`` (written by ``county-logistics sweep``): the case, then its headline figures
(their labels carry the unit; empty where a section did not run)."""

COMPARE_COLUMNS: Mapping[str, Column] = {
    "figure": Column(N_("figure key"), note=N_("the headline figure's column in sweep.csv")),
    "label": Column(N_("figure label"), note=N_("the figure's English label")),
    "a": Column(N_("plan A")),
    "b": Column(N_("plan B")),
    "b_minus_a": Column(N_("B minus A")),
    "change_pct": Column(N_("change"), PCT, note=N_("B minus A in percent of A")),
}
"""The CSV ``county-logistics compare`` writes: one row per headline figure of two plans."""

OTHER_FILES: Mapping[str, tuple[Table, Mapping[str, Column]]] = {
    "sweep.csv": (
        Table(
            N_("sweep cases"),
            N_("One row per case of a sweep (county-logistics sweep): its seed and figures."),
            (Layout(tuple(SWEEP_COLUMNS)),),
        ),
        SWEEP_COLUMNS,
    ),
    "compare.csv": (
        Table(
            N_("comparison of two plans"),
            N_("One row per headline figure (county-logistics compare A B --out FILE)."),
            (Layout(tuple(COMPARE_COLUMNS)),),
        ),
        COMPARE_COLUMNS,
    ),
}
"""The CSV files of the ``sweep`` and ``compare`` commands (documented, not in plan.xlsx)."""

COLUMNS_SHEET = N_("columns")
"""The workbook's last sheet: every sheet's columns with their CSV keys, units and notes."""


def column_header(key: str, tr: Texts) -> str:
    """The header of column ``key`` in ``tr``'s language, with its unit; the key itself when
    the catalogue does not know it (the column test fails on that)."""
    column = COLUMNS.get(key)
    if column is None:
        return key
    if not column.unit:
        return tr(column.title)
    return tr("{title} ({unit})", title=tr(column.title), unit=tr(column.unit))


def cell_text(key: str, value: str, tr: Texts) -> str:
    """A cell of column ``key`` for people: its codes (``;``-separated) by their meaning in
    ``tr``'s language; other text as it is."""
    column = COLUMNS.get(key)
    if column is None or not column.values or not value:
        return value
    shown = [tr(column.values[c]) if c in column.values else c for c in value.split(";")]
    return ("、" if tr.lang == "zh" else "; ").join(shown)


def sheet_title(name: str, tr: Texts) -> str:
    """The sheet name of table ``name`` in ``tr``'s language (the name when not catalogued)."""
    table = TABLES.get(name)
    return name if table is None else tr(table.title)


def _cell(text: str) -> str:
    return text.replace("|", "\\|")


def _both(msgid: str) -> tuple[str, str]:
    return texts_for("zh")(msgid), texts_for("en")(msgid)


def columns_markdown() -> str:
    """``docs/columns.md``: every file and column the plan writes, in Chinese and English."""
    zh_tr, en_tr = texts_for("zh"), texts_for("en")
    out = [
        "# Output columns / 输出字段说明",
        "",
        "<!-- Generated by tools/columns_doc.py from scenarios/columns.py: do not edit. -->",
        "",
        "CSV files keep these English snake_case column keys in every language (scripts and "
        "GIS read them); `plan.xlsx` shows the same tables with the sheet names and column "
        "titles below in the run's language (`--lang zh|en`), and its last sheet lists them "
        "again with their keys.",
        "",
        "CSV 文件的列名在任何语言下都保持下列英文键名（便于脚本和 GIS 读取）；`plan.xlsx` "
        "以运行语言（`--lang zh|en`）显示同样的表，工作表名和列标题见下表，最后一张工作表"
        "再次列出各列及其键名。",
        "",
    ]
    for name, table in TABLES.items():
        zh_title, en_title = _both(table.title)
        where = f"`{name}.csv`, " if table.csv else "仅 `plan.xlsx` / `plan.xlsx` only, "
        out += [
            f"## {name}: {zh_title} / {en_title}",
            "",
            f"{where}工作表 / sheet “{zh_title}” / “{en_title}”. "
            f"{zh_tr(table.about)} {en_tr(table.about)}",
            "",
            *_layouts_markdown(table, COLUMNS),
        ]
    out += ["## sweep, compare", ""]
    for file, (table, columns) in OTHER_FILES.items():
        zh_title, en_title = _both(table.title)
        out += [
            f"### {file}: {zh_title} / {en_title}",
            "",
            f"{zh_tr(table.about)} {en_tr(table.about)}",
            "",
            *_layouts_markdown(table, columns),
        ]
    return "\n".join(out)


def _layouts_markdown(table: Table, columns: Mapping[str, Column]) -> list[str]:
    zh_tr, en_tr = texts_for("zh"), texts_for("en")
    out: list[str] = []
    for layout in table.layouts:
        if layout.when:
            zh_when, en_when = _both(layout.when)
            out += [f"适用于{zh_when} / written with {en_when}:", ""]
        out += [
            "| column 列名 | 中文 | English | 单位 | unit | 说明 | note |",
            "|---|---|---|---|---|---|---|",
        ]
        for key in layout.columns:
            c = columns[key]
            zh_note = [zh_tr(c.note)] if c.note else []
            en_note = [en_tr(c.note)] if c.note else []
            if c.values:
                zh_note.append("；".join(f"`{v}` {zh_tr(t)}" for v, t in c.values.items()))
                en_note.append("; ".join(f"`{v}` {en_tr(t)}" for v, t in c.values.items()))
            cells = [
                f"`{key}`",
                zh_tr(c.title),
                en_tr(c.title),
                zh_tr(c.unit) if c.unit else "",
                en_tr(c.unit) if c.unit else "",
                "。".join(zh_note),
                ". ".join(en_note),
            ]
            out.append("| " + " | ".join(_cell(x) for x in cells) + " |")
        out.append("")
    return out


__all__ = [
    "COLUMNS",
    "COLUMNS_SHEET",
    "COMPARE_COLUMNS",
    "OTHER_FILES",
    "SWEEP_COLUMNS",
    "TABLES",
    "Column",
    "Layout",
    "Table",
    "cell_text",
    "column_header",
    "columns_markdown",
    "sheet_title",
]
