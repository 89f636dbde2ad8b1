"""The chain layout: which facilities each product's flow uses, and the default facilities.

Harvest at a supply node (``Node.supply_kg_per_day``, keyed by product id) is gathered at its
*hub*: the township it belongs to (a township's own supply stays there; supply at a county node
stays at the county DC). One *lane* per (product, hub) then uses, in order: the prep facility the
product needs (processing line or pre-cooler), a store (cold room or frozen store), and a reefer
fleet that carries it to the county DC and out. Each facility is looked for at the hub first,
then at the county DC, then anywhere; it must accept the product (empty ``products`` = all).
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from coldchain.facilities import (
    HEAVY_REEFER,
    LIGHT_REEFER,
    ColdStore,
    Facility,
    PreCooler,
    ProcessingLine,
    ReeferFleet,
    Stage,
    VehicleClass,
    cold_store_eta,
)
from coldchain.products import Catalogue, Prep, Product, StorageKind, require_product
from network.distances import DistanceMatrix
from network.errors import InputError
from network.model import Network, Tier
from network.texts import Message

PREP_STAGE = {Prep.PROCESSING: Stage.PROCESSING, Prep.PRECOOL: Stage.PRECOOL}
_FLEET_STAGES = {Stage.REEFER, Stage.BULK_REEFER}
STORE_STAGE = {StorageKind.COLD_ROOM: Stage.COLD_ROOM, StorageKind.FROZEN_STORE: Stage.FROZEN_STORE}


@dataclass(frozen=True, slots=True)
class Lane:
    """One product's flow from the supply nodes of one hub to the county DC."""

    product_id: str
    hub_id: str
    supply_ids: tuple[str, ...]
    supply_kg_per_day: float  # mean in season, summed over supply_ids
    prep_id: str | None
    store_id: str
    reefer_id: str
    transit_min: float  # store node -> county DC by road (0 without a matrix)


def county_dc(network: Network) -> str:
    """The id of the (first) county DC."""
    dcs = network.county_dcs
    if not dcs:
        raise InputError(Message("the network has no county node (county DC)"), field="tier")
    return dcs[0].id


def hub_supply(
    network: Network, catalogue: Catalogue
) -> dict[tuple[str, str], list[tuple[str, float]]]:
    """(product, hub) -> [(supply node id, mean kg/day in season entering the cold chain)], in
    network order (``Product.cold_chain_share`` of each node's supply)."""
    dc = county_dc(network)
    out: dict[tuple[str, str], list[tuple[str, float]]] = {}
    for node in network:
        for product_id, kg in node.supply_kg_per_day.items():
            require_product(catalogue, product_id, field=f"supply_{product_id}_kg")
            if kg <= 0:
                continue
            township = network.township_of(node.id) if node.tier is not Tier.COUNTY else None
            hub = township.id if township is not None else dc
            share = catalogue[product_id].cold_chain_share  # e.g. dried kelp stays out
            out.setdefault((product_id, hub), []).append((node.id, float(kg) * share))
    return out


def _accepts(facility: Facility, product_id: str) -> bool:
    return not facility.products or product_id in facility.products


def _pick(
    facilities: Sequence[Facility], stage: Stage, product_id: str, hub: str, dc: str
) -> Facility:
    stages = _FLEET_STAGES if stage in _FLEET_STAGES else {stage}
    fitting = [f for f in facilities if f.stage in stages and _accepts(f, product_id)]
    for place in (hub, dc):
        for facility in fitting:
            if facility.node_id == place:
                return facility
    if fitting:
        return fitting[0]
    raise InputError(
        Message(
            "no {stage} facility takes product {product_id!r} (harvested around {hub!r})",
            stage=stage.value,
            product_id=product_id,
            hub=hub,
        ),
        field="facilities",
    )


def check_facilities(
    facilities: Sequence[Facility], network: Network, catalogue: Catalogue, *, ambient_c: float
) -> None:
    """Raise InputError for duplicate ids, unknown nodes or products, or set-points that are
    not below the ambient temperature."""
    seen: set[str] = set()
    for facility in facilities:
        if facility.id in seen:
            raise InputError(Message("duplicate facility id {id!r}", id=facility.id), field="id")
        seen.add(facility.id)
        if facility.node_id not in network:
            raise InputError(
                Message(
                    "facility {id!r}: unknown node {node_id!r}",
                    id=facility.id,
                    node_id=facility.node_id,
                ),
                field="node_id",
            )
        for product_id in facility.products:
            require_product(catalogue, product_id, field="products")
        if isinstance(facility, PreCooler | ColdStore) and facility.set_point_c >= ambient_c:
            raise InputError(
                Message(
                    "facility {id!r}: set-point {set_point_c} °C is not below the ambient "
                    "{ambient_c} °C",
                    id=facility.id,
                    set_point_c=facility.set_point_c,
                    ambient_c=ambient_c,
                ),
                field="set_point_c",
            )


def build_lanes(
    network: Network,
    catalogue: Catalogue,
    facilities: Sequence[Facility],
    *,
    matrix: DistanceMatrix | None = None,
) -> tuple[Lane, ...]:
    """One lane per (product, hub) with supply, wired to its facilities."""
    dc = county_dc(network)
    lanes = []
    for (product_id, hub), supply in hub_supply(network, catalogue).items():
        product = catalogue[product_id]
        prep_stage = PREP_STAGE.get(product.prep)
        prep = None if prep_stage is None else _pick(facilities, prep_stage, product_id, hub, dc)
        store = _pick(facilities, STORE_STAGE[product.storage], product_id, hub, dc)
        reefer = _pick(facilities, Stage.REEFER, product_id, hub, dc)
        transit = (
            0.0 if matrix is None or store.node_id == dc else matrix.minutes(store.node_id, dc)
        )
        lanes.append(
            Lane(
                product_id=product_id,
                hub_id=hub,
                supply_ids=tuple(s for s, _ in supply),
                supply_kg_per_day=sum(kg for _, kg in supply),
                prep_id=None if prep is None else prep.id,
                store_id=store.id,
                reefer_id=reefer.id,
                transit_min=transit,
            )
        )
    return tuple(lanes)


# Default-facility rule (EST, no source: a planner's first cut that the simulation then tests
# at the peak). Every hub with supply gets one processing line per processed product and one
# pre-cooler and one store per storage set-point. Lines and pre-coolers are built for the
# hub's *design day*: the DESIGN_PERCENTILE in-season day of the product's calendar (cooling
# and processing plant is sized for a peak day, not the season mean, which a peaked harvest
# exceeds for weeks), and fast enough to clear a day's landing within half the product's
# field shelf life (``_landing_peak_factor``: only short-lived live products need more).
# Held products are dispatched at a smoothed design flow: the design day
# spread over the season plus the hold (see ``_dispatch_factor``). Stores hold COVER_DAYS of
# the design day plus hold_days of the held dispatch flow (the stock a release of 1/hold_days
# a day settles at). Two fleets at the county DC: light reefers for fresh products, heavy
# reefers for held (bulk) products, each for its design flow.
COVER_DAYS = 2.0
DESIGN_PERCENTILE = 90.0


def _store_volume_m3(usable_m3: float) -> float:
    """Nominal volume whose GB 50072 usable volume is ``usable_m3``."""
    volume = usable_m3 / 0.40
    for _ in range(4):  # eta rises with volume: settle the class
        volume = usable_m3 / cold_store_eta(volume)
    return volume


def _hub_facilities(
    hub: str, flows: Iterable[tuple[Product, float]], design_percentile: float | None
) -> list[Facility]:
    made: list[Facility] = []
    precool: dict[float, tuple[float, list[str]]] = {}
    stores: dict[tuple[StorageKind, float], tuple[float, list[str]]] = {}
    for product, kg in flows:
        design_kg = kg * _design_factor(product, design_percentile)
        prep_kg = design_kg * _landing_peak_factor(product)
        if product.prep is Prep.PROCESSING:
            made.append(ProcessingLine(f"{hub}-proc-{product.id}", hub, prep_kg, (product.id,)))
        temp = product.storage_temp_c
        if product.prep is Prep.PRECOOL:
            total, ids = precool.get(temp, (0.0, []))
            precool[temp] = (total + prep_kg, [*ids, product.id])
        held_kg = kg * _dispatch_factor(product, design_percentile) * product.hold_days
        m3 = (design_kg * COVER_DAYS + held_kg) * product.stored_m3_per_kg
        total, ids = stores.get((product.storage, temp), (0.0, []))
        stores[(product.storage, temp)] = (total + m3, [*ids, product.id])
    for temp, (kg, ids) in sorted(precool.items()):
        made.append(PreCooler(f"{hub}-precool-{temp:g}c", hub, kg, temp, products=tuple(ids)))
    for (kind, temp), (m3, ids) in sorted(stores.items()):
        frozen = kind is StorageKind.FROZEN_STORE
        made.append(
            ColdStore(
                f"{hub}-{kind.value}-{temp:g}c",
                hub,
                _store_volume_m3(m3),
                temp,
                frozen=frozen,
                design_density_kg_m3=470.0 if frozen else 230.0,
                products=tuple(ids),
            )
        )
    return made


def _landing_peak_factor(product: Product) -> float:
    """Daily prep throughput per kg of a day's harvest so that a day's landing (all in one
    step) is cleared within half the product's shelf life at field temperature, at most a day
    (EST rule; live abalone: ≈12.6 h out of water at 21 °C -> cleared in 6.3 h -> x3.8)."""
    field_life_h = 24.0 * float(product.quality.shelf_life_days_at(product.field_temp_c))
    return 24.0 / min(24.0, field_life_h / 2.0)


def _design_factor(product: Product, design_percentile: float | None) -> float:
    if design_percentile is None:
        return 1.0
    return product.season.design_factor(design_percentile)


def _dispatch_factor(product: Product, design_percentile: float | None) -> float:
    """Design dispatch flow as a multiple of the mean in-season flow: the design day for fresh
    products; for held ones spread over the season plus the hold (holding smooths the peak)."""
    factor = _design_factor(product, design_percentile)
    if product.hold_days == 0:
        return factor
    days = product.season.season_days()
    return factor * days / (days + product.hold_days)


def _fleet_flows(
    network: Network, catalogue: Catalogue, design_percentile: float | None
) -> tuple[dict[str, float], dict[str, float]]:
    """(fresh, held) product id -> stored kg a day the fleets must carry on the design day."""
    fresh: dict[str, float] = {}
    held: dict[str, float] = {}
    for (product_id, _hub), supply in hub_supply(network, catalogue).items():
        product = catalogue[product_id]
        kg = sum(k for _, k in supply) * product.stored_mass_ratio
        flows = fresh if product.hold_days == 0 else held
        flows[product_id] = flows.get(product_id, 0.0) + kg * _dispatch_factor(
            product, design_percentile
        )
    return fresh, held


def _fleet(
    fleet_id: str, dc: str, flows: Mapping[str, float], vehicle: VehicleClass, catalogue: Catalogue
) -> list[Facility]:
    if not flows:
        return []
    trips = sum(
        kg / min(vehicle.payload_kg, vehicle.volume_m3 * catalogue[pid].density_kg_m3)
        for pid, kg in flows.items()
    )
    vehicles = max(1, math.ceil(trips / vehicle.trips_per_day))
    return [ReeferFleet.of_class(fleet_id, dc, vehicles, vehicle, products=tuple(flows))]


def default_facilities(
    network: Network,
    catalogue: Catalogue,
    *,
    design_percentile: float | None = DESIGN_PERCENTILE,
    light: VehicleClass = LIGHT_REEFER,
    heavy: VehicleClass = HEAVY_REEFER,
) -> tuple[Facility, ...]:
    """Facilities for a network by the default rule above (see the comment on COVER_DAYS).

    ``design_percentile=None`` builds for the mean in-season day instead of a design day.
    """
    if design_percentile is not None and not 0 < design_percentile <= 100:
        raise InputError(
            Message("{design_percentile} must be in 0..100", design_percentile=design_percentile),
            field="design_percentile",
        )
    flows: dict[str, list[tuple[Product, float]]] = {}
    for (product_id, hub), supply in hub_supply(network, catalogue).items():
        flows.setdefault(hub, []).append((catalogue[product_id], sum(k for _, k in supply)))
    made: list[Facility] = []
    for hub, hub_flows in flows.items():
        made.extend(_hub_facilities(hub, hub_flows, design_percentile))
    fresh, held = _fleet_flows(network, catalogue, design_percentile)
    dc = county_dc(network)
    made.extend(_fleet("reefer-dc", dc, fresh, light, catalogue))
    made.extend(_fleet("reefer-bulk-dc", dc, held, heavy, catalogue))
    return tuple(made)
