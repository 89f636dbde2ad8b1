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
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from coldchain.facilities import (
    ColdStore,
    Facility,
    PreCooler,
    ProcessingLine,
    ReeferFleet,
    Stage,
    cold_store_eta,
)
from coldchain.products import Catalogue, Prep, Product, StorageKind, require_product
from network.distances import DistanceMatrix
from network.errors import InputError
from network.model import Network, Tier

PREP_STAGE = {Prep.PROCESSING: Stage.PROCESSING, Prep.PRECOOL: Stage.PRECOOL}
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
        raise InputError("the network has no county node (county DC)", field="tier")
    return dcs[0].id


def hub_supply(
    network: Network, catalogue: Catalogue
) -> dict[tuple[str, str], list[tuple[str, float]]]:
    """(product, hub) -> [(supply node id, mean kg/day in season)], in network order."""
    dc = county_dc(network)
    out: dict[tuple[str, str], list[tuple[str, float]]] = {}
    for node in network:
        for product_id, kg in node.supply_kg_per_day.items():
            require_product(catalogue, product_id, field=f"supply_{product_id}_kg")
            if kg <= 0:
                continue
            township = network.township_of(node.id) if node.tier is not Tier.COUNTY else None
            hub = township.id if township is not None else dc
            out.setdefault((product_id, hub), []).append((node.id, float(kg)))
    return out


def _accepts(facility: Facility, product_id: str) -> bool:
    return not facility.products or product_id in facility.products


def _pick(
    facilities: Sequence[Facility], stage: Stage, product_id: str, hub: str, dc: str
) -> Facility:
    fitting = [f for f in facilities if f.stage is stage and _accepts(f, product_id)]
    for place in (hub, dc):
        for facility in fitting:
            if facility.node_id == place:
                return facility
    if fitting:
        return fitting[0]
    raise InputError(
        f"no {stage.value} facility takes product {product_id!r} (harvested around {hub!r})",
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
            raise InputError(f"duplicate facility id {facility.id!r}", field="id")
        seen.add(facility.id)
        if facility.node_id not in network:
            raise InputError(
                f"facility {facility.id!r}: unknown node {facility.node_id!r}", field="node_id"
            )
        for product_id in facility.products:
            require_product(catalogue, product_id, field="products")
        if isinstance(facility, PreCooler | ColdStore) and facility.set_point_c >= ambient_c:
            raise InputError(
                f"facility {facility.id!r}: set-point {facility.set_point_c} °C is not below "
                f"the ambient {ambient_c} °C",
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


# Default-facility rule (EST, no source: an "as planned for the average day" baseline that the
# simulation then tests at the peak): every hub with supply gets one processing line per
# processed product and one pre-cooler and one store per storage set-point, each sized for the
# hub's mean in-season flow; stores hold COVER_DAYS of it plus a third of each product's
# hold_days; one reefer fleet at the county DC carries the mean daily flow.
COVER_DAYS = 2.0
HOLD_SHARE = 1.0 / 3.0


def _store_volume_m3(usable_m3: float) -> float:
    """Nominal volume whose GB 50072 usable volume is ``usable_m3``."""
    volume = usable_m3 / 0.40
    for _ in range(4):  # eta rises with volume: settle the class
        volume = usable_m3 / cold_store_eta(volume)
    return volume


def _hub_facilities(hub: str, flows: Iterable[tuple[Product, float]]) -> list[Facility]:
    made: list[Facility] = []
    precool: dict[float, tuple[float, list[str]]] = {}
    stores: dict[tuple[StorageKind, float], tuple[float, list[str]]] = {}
    for product, kg in flows:
        if product.prep is Prep.PROCESSING:
            made.append(ProcessingLine(f"{hub}-proc-{product.id}", hub, kg, (product.id,)))
        temp = product.storage_temp_c
        if product.prep is Prep.PRECOOL:
            total, ids = precool.get(temp, (0.0, []))
            precool[temp] = (total + kg, [*ids, product.id])
        m3 = kg * (COVER_DAYS + HOLD_SHARE * product.hold_days) / product.density_kg_m3
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


def default_facilities(
    network: Network,
    catalogue: Catalogue,
    *,
    payload_kg: float = 2_000.0,
    trips_per_day: float = 2.0,
) -> tuple[Facility, ...]:
    """Facilities for a network by the default rule above (see the comment on COVER_DAYS)."""
    flows: dict[str, list[tuple[Product, float]]] = {}
    daily_kg = 0.0
    for (product_id, hub), supply in hub_supply(network, catalogue).items():
        product = catalogue[product_id]
        kg = sum(k for _, k in supply)
        flows.setdefault(hub, []).append((product, kg))
        daily_kg += kg if product.hold_days == 0 else kg * product.season.season_days() / 365.0
    made: list[Facility] = []
    for hub, hub_flows in flows.items():
        made.extend(_hub_facilities(hub, hub_flows))
    vehicles = max(1, math.ceil(daily_kg / (payload_kg * trips_per_day)))
    made.append(
        ReeferFleet("reefer-dc", county_dc(network), vehicles, payload_kg, 16.0, trips_per_day)
    )
    return tuple(made)
