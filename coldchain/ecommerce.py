"""The e-commerce cold chain over a season: cold parcels from landing to the buyer, and losses.

A *lane* is one product sold online from one supply node through its pre-cooling point
(:mod:`coldchain.firstmile`) to the county DC. Its history (:mod:`coldchain.history`): the haul
to the point and any wait for the pre-cooler at field temperature; pre-cooling; holding at the
point until the collection (the shared vans' daily round at ``collection_min``; a reefer picks
up when the product is ready); carriage to the county DC (insulated box when the trip fits its
hold time, else reefer); the cross-dock until the evening line-haul (``linehaul_min``); the
express leg to the buyer (``out_h``) in a re-iced box.

Losses. Units of one lot do not all keep equally long: each unit's shelf life is the model's
(its median) times a lognormal factor with ``spread`` (sigma of its log; EST 0.2, so a lot at
70 % of its median life loses 4 %, which fits live abalone's 2-6 % on a 35 h iced trip, facts.md
1a [S18]). The share lost in a phase is the rise of the lognormal CDF of life used across it.
A pre-cooler takes at most its capacity a day; the excess waits warm for ``12 h x (load /
capacity - 1)`` (at most a day: the time to work off the backlog, on average half of it).
Loads routing could not serve (refused or unserved) are lost in full. Harvests vary by seed
(:mod:`coldchain.inflow`), so losses come with a confidence interval over seasons.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt
from scipy.special import ndtr

from coldchain.chain import Lane
from coldchain.history import Carriage, Phase, carriage_temp_c, choose_carriage, county_leg
from coldchain.history import life_used as phases_life_used
from coldchain.inflow import Variation, harvest_inflows
from coldchain.products import Catalogue, Product
from network.distances import DistanceMatrix
from network.errors import InputError
from network.texts import Message

FloatArray = npt.NDArray[np.float64]

PLACES = ("landing", "storage", "transit", "refused")
"""Where cold-parcel product is lost: at landing and pre-cooling, held at the point, on the way
(county leg, cross-dock and express leg to the buyer), or refused/unserved by the reefers."""


@dataclass(frozen=True, slots=True)
class Timing:
    """The day's clock of the cold parcels (all EST planning assumptions, no source).

    Attributes:
        collection_min: the shared vans collect upward parcels at the points (15:00).
        linehaul_min: the evening line-haul leaves the county DC (20:00).
        out_h: express leg from the county DC to the buyer (next day).
        van_detour: a shared van's ride to the DC over the direct travel time (other stops).
        spread: sigma of the log of unit shelf lives (see the module docstring).
    """

    collection_min: float = 900.0
    linehaul_min: float = 1200.0
    out_h: float = 24.0
    van_detour: float = 2.0
    spread: float = 0.2

    def __post_init__(self) -> None:
        for name in ("collection_min", "linehaul_min"):
            if not 0 <= getattr(self, name) < 1440:
                raise InputError(
                    Message("{value} is outside 0..1439", value=getattr(self, name)), field=name
                )
        if self.out_h < 0 or self.van_detour < 1 or not self.spread > 0:
            raise InputError(
                Message("out_h >= 0, van_detour >= 1 and spread > 0 needed"), field="timing"
            )


@dataclass(frozen=True, slots=True)
class EcomLane:
    """One product's cold parcels from one supply node (hours; see the module docstring).

    ``refused`` names why routing did not serve the lane ("" = served): its harvest is lost.
    """

    product_id: str
    node_id: str
    point_id: str
    kg_per_day: float
    haul_h: float
    trip_h: float
    carriage: Carriage
    hold_h: float
    dc_h: float
    refused: str = ""

    def phases(self, product: Product, timing: Timing) -> tuple[Phase, ...]:
        """The lane's history without queueing: landing, pre-cooling, storage, transit x3."""
        head = county_leg(
            product,
            haul_h=self.haul_h,
            hold_h=self.hold_h,
            trip_h=self.trip_h,
            carriage=self.carriage,
        )
        return (
            *head,
            Phase("transit", self.dc_h, product.storage_temp_c),
            Phase("transit", timing.out_h, carriage_temp_c(product, Carriage.BOX)),
        )


def _wait_until_h(ready_min: float, clock_min: float) -> float:
    """Hours from ``ready_min`` (may exceed a day) to the next ``clock_min`` of a day."""
    return ((clock_min - ready_min) % 1440.0) / 60.0


def ecom_lane(
    product: Product,
    *,
    node_id: str,
    point_id: str,
    dc_id: str,
    kg_per_day: float,
    matrix: DistanceMatrix,
    timing: Timing,
) -> EcomLane:
    """A lane with its carriage chosen: box when the van ride fits the box's hold time."""
    haul_min = 0.0 if point_id == node_id else matrix.minutes(node_id, point_id)
    direct_min = 0.0 if point_id == dc_id else matrix.minutes(point_id, dc_id)
    ready_min = product.landing_min + haul_min + 60.0 * product.prep_time_h
    van_h = direct_min * timing.van_detour / 60.0
    carriage = choose_carriage(product, van_h)
    if carriage is Carriage.BOX:
        hold_h = _wait_until_h(ready_min, timing.collection_min)
        trip_h = van_h
    else:  # the reefer picks up when the product is ready and drives straight in
        hold_h, trip_h = 0.0, direct_min / 60.0
    at_dc_min = ready_min + 60.0 * (hold_h + trip_h)
    return EcomLane(
        product_id=product.id,
        node_id=node_id,
        point_id=point_id,
        kg_per_day=kg_per_day,
        haul_h=haul_min / 60.0,
        trip_h=trip_h,
        carriage=carriage,
        hold_h=hold_h,
        dc_h=_wait_until_h(at_dc_min, timing.linehaul_min),
    )


@dataclass(frozen=True, eq=False)
class EcomStats:
    """Per-seed results (axis B) of a batch of seasons.

    Attributes:
        seeds, product_ids, point_ids: the axes B, P and N.
        arrived_kg, delivered_kg: (B, P) cold-parcel product harvested and delivered to buyers.
        lost_kg: (B, P, 4) lost per place in :data:`PLACES` order.
        value_yuan_per_kg: (P,).
        lost_kg_by_point: (B, N).
    """

    seeds: tuple[int, ...]
    product_ids: tuple[str, ...]
    point_ids: tuple[str, ...]
    arrived_kg: FloatArray
    delivered_kg: FloatArray
    lost_kg: FloatArray
    value_yuan_per_kg: FloatArray
    lost_kg_by_point: FloatArray

    def loss_pct(self) -> FloatArray:
        """Lost value as a percentage of the value sold online, per seed."""
        lost = (self.lost_kg.sum(axis=2) * self.value_yuan_per_kg).sum(axis=1)
        arrived = (self.arrived_kg * self.value_yuan_per_kg).sum(axis=1)
        return np.asarray(100.0 * lost / np.maximum(arrived, 1e-300))

    def loss_pct_by_product(self) -> FloatArray:
        """Mean over seeds of each product's lost share (by weight = by value), (P,)."""
        lost = self.lost_kg.sum(axis=2).sum(axis=0)
        arrived = self.arrived_kg.sum(axis=0)
        return np.asarray(100.0 * lost / np.maximum(arrived, 1e-300))


def _lognormal_cdf(life_used: FloatArray, spread: float) -> FloatArray:
    with np.errstate(divide="ignore"):
        return np.asarray(ndtr(np.log(life_used) / spread), dtype=np.float64)


def daily_design_load_kg(
    lanes: Sequence[EcomLane], catalogue: Catalogue, point_ids: Sequence[str], percentile: float
) -> FloatArray:
    """Each point's ``percentile`` in-season day of its mean-season daily load, kg."""
    index = {p: i for i, p in enumerate(point_ids)}
    load = np.zeros((365, len(point_ids)))
    for lane in lanes:
        profile = catalogue[lane.product_id].season.daily_profile()
        load[:, index[lane.point_id]] += profile * lane.kg_per_day
    out = np.zeros(len(point_ids))
    for j in range(len(point_ids)):
        days = load[:, j][load[:, j] > 0]
        out[j] = float(np.percentile(days, percentile)) if days.size else 0.0
    return out


def simulate_ecommerce(
    lanes: Sequence[EcomLane],
    catalogue: Catalogue,
    *,
    capacity_kg_per_day: Mapping[str, float],
    seeds: Sequence[int],
    timing: Timing | None = None,
    variation: Variation | None = None,
) -> EcomStats:
    """Seasons of the cold parcels (one per seed), losses per product, place and point.

    ``capacity_kg_per_day`` maps each point to its pre-coolers' daily throughput.
    """
    if not lanes:
        raise InputError(
            Message("no cold-parcel supply: no product is sold online fresh"), field="supply"
        )
    timing = timing or Timing()
    products = tuple(dict.fromkeys(lane.product_id for lane in lanes))
    points = tuple(dict.fromkeys(lane.point_id for lane in lanes))
    missing = [p for p in points if p not in capacity_kg_per_day]
    if missing:
        raise InputError(
            Message("no pre-cooler capacity for point {missing!r}", missing=missing[0]),
            field="capacity",
        )
    arrivals = harvest_inflows(
        [
            Lane(ln.product_id, ln.point_id, (ln.node_id,), ln.kg_per_day, None, "", "", 0.0)
            for ln in lanes
        ],
        catalogue,
        seeds=seeds,
        variation=variation,
    )  # (B, D, L)
    lane_point = np.array([points.index(ln.point_id) for ln in lanes])
    lane_product = np.array([products.index(ln.product_id) for ln in lanes])
    cap = np.array([capacity_kg_per_day[p] for p in points])
    point_hot = np.zeros((len(lanes), len(points)))
    point_hot[np.arange(len(lanes)), lane_point] = 1.0
    load = arrivals @ point_hot  # (B, D, N)
    cap_over_load = np.divide(cap, load, out=np.ones_like(load), where=load > cap)[..., lane_point]
    life = np.array([_life_by_phase(ln, catalogue, timing) for ln in lanes])  # (L, 4)
    field_rate = np.array([_field_rate_per_h(catalogue[ln.product_id]) for ln in lanes])
    ends = np.cumsum(life, axis=1)[:, 1:]  # life used at the end of precool, storage, transit
    on_time = _lognormal_cdf(ends, timing.spread)  # (L, 3) cumulative lost share
    refused = np.array([1.0 if ln.refused else 0.0 for ln in lanes])
    served = arrivals * (1.0 - refused)
    # product cooled on its day follows the lane's history; on days a point is over capacity
    # the excess waits warm first (only those entries are evaluated: they are few)
    cumulative_kg = served.sum(axis=1)[..., None] * on_time  # (B, L, 3)
    b, d, lane = np.nonzero(cap_over_load < 1.0)
    if b.size:
        ratio = np.maximum(cap_over_load[b, d, lane], 1e-12)
        wait_h = np.minimum(24.0, 12.0 * (1.0 / ratio - 1.0))
        queued = _lognormal_cdf(ends[lane] + (wait_h * field_rate[lane])[:, None], timing.spread)
        extra = (served[b, d, lane] * (1.0 - ratio))[:, None] * (queued - on_time[lane])
        np.add.at(cumulative_kg, (b, lane), extra)
    step_kg = np.diff(cumulative_kg, axis=-1, prepend=0.0)  # landing, storage, transit
    lost_lane = np.concatenate([step_kg, (arrivals.sum(axis=1) * refused)[..., None]], axis=-1)
    delivered_lane = served.sum(axis=1) - cumulative_kg[..., -1]  # (B, L)
    onehot = np.zeros((len(lanes), len(products)))
    onehot[np.arange(len(lanes)), lane_product] = 1.0
    return EcomStats(
        seeds=tuple(seeds),
        product_ids=products,
        point_ids=points,
        arrived_kg=arrivals.sum(axis=1) @ onehot,
        delivered_kg=delivered_lane @ onehot,
        lost_kg=np.einsum("blk,lp->bpk", lost_lane, onehot),
        value_yuan_per_kg=np.array([catalogue[p].value_yuan_per_kg for p in products]),
        lost_kg_by_point=lost_lane.sum(axis=2) @ point_hot,
    )


_PHASES = ("landing", "precool", "storage", "transit")


def _field_rate_per_h(product: Product) -> float:
    """Share of shelf life used per hour at field temperature."""
    return float(product.quality.life_used_per_day(product.field_temp_c)) / 24.0


def _life_by_phase(lane: EcomLane, catalogue: Catalogue, timing: Timing) -> list[float]:
    """Life the lane's product uses in landing, pre-cooling, storage and transit."""
    product = catalogue[lane.product_id]
    out = dict.fromkeys(_PHASES, 0.0)
    for phase in lane.phases(product, timing):
        out[phase.name] += phases_life_used(product, (phase,))
    return list(out.values())
