"""``simulate``: one or more harvest seasons of a county's cold chain, step by step."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, replace

import numpy as np
import numpy.typing as npt

from coldchain.chain import Lane, build_lanes, check_facilities, default_facilities
from coldchain.engine import EngineInput, EngineOutput, run_engine
from coldchain.facilities import ColdStore, Facility, PreCooler, ProcessingLine, ReeferFleet, Stage
from coldchain.inflow import Variation, harvest_inflows
from coldchain.products import Catalogue, Prep, Product, load_catalogue
from network.distances import DistanceMatrix
from network.errors import InputError
from network.model import Network
from network.texts import Message

FloatArray = npt.NDArray[np.float64]

AMBIENT_C = 28.0
"""Design ambient, °C (EST: Fujian coastal summer; field temperatures are a facts.md gap)."""

_NO_LOAD = 1e12  # trips per kg for a fleet that cannot carry a product (payload or volume 0)


@dataclass(frozen=True, eq=False)
class SeasonResult:
    """Everything one batch of seasons produced (per seed, step, lane and facility).

    Attributes:
        lanes: the lanes simulated (see :mod:`coldchain.chain`).
        facilities: prep facilities, then stores, then reefer fleets (the order of the ``F``
            axis of ``utilisation`` and ``queue_kg``).
        products: the catalogue used.
        seeds: one season per seed (the ``B`` axis).
        steps_per_day, start_doy: time axis: step t is day ``start_doy + t // steps_per_day``.
        output: the engine's per-step arrays (kg per step; see :class:`EngineOutput`).
        utilisation: share of capacity used per step, (B, T, F): throughput for prep and reefer
            stages, filled usable volume for stores.
        queue_kg: product waiting for each facility per step, (B, T, F): warm product in front
            of a prep facility or a full store; stored fresh product waiting for a reefer.
        lane_value_yuan_per_kg, lane_life_days: value and stored shelf life (at the store's
            set-point) of each lane's product.
    """

    lanes: tuple[Lane, ...]
    facilities: tuple[Facility, ...]
    products: Mapping[str, Product]
    seeds: tuple[int, ...]
    steps_per_day: int
    start_doy: int
    output: EngineOutput
    utilisation: FloatArray
    queue_kg: FloatArray
    lane_value_yuan_per_kg: FloatArray
    lane_life_days: FloatArray

    @property
    def lost_kg(self) -> FloatArray:
        """Lost kg per (seed, step, lane): waiting for prep, or in store."""
        o = self.output
        return o.lost_wait + o.lost_store

    def loss_pct_by_seed(self) -> FloatArray:
        """Lost value as a percentage of harvested value, per seed."""
        value = self.lane_value_yuan_per_kg
        lost = (self.lost_kg.sum(axis=1) * value).sum(axis=1)
        arrived = (self.output.arrived.sum(axis=1) * value).sum(axis=1)
        return np.asarray(np.where(arrived > 0, 100.0 * lost / np.maximum(arrived, 1e-300), 0.0))

    def daily_product_flows(self) -> dict[str, FloatArray]:
        """Per (seed, day, product) kg: ``in``, ``out``, ``loss`` in the day and ``stock`` at
        its end, with the product ids in ``self.product_ids`` order."""
        o = self.output
        n_seed, n_step, _ = o.arrived.shape
        days = n_step // self.steps_per_day
        lane_product = np.array([self.product_ids.index(lane.product_id) for lane in self.lanes])
        onehot = np.zeros((len(self.lanes), len(self.product_ids)))
        onehot[np.arange(len(self.lanes)), lane_product] = 1.0

        def per_day(series: FloatArray, *, last: bool = False) -> FloatArray:
            shaped = series.reshape(n_seed, days, self.steps_per_day, -1)
            day = shaped[:, :, -1] if last else shaped.sum(axis=2)
            return np.asarray(day @ onehot, dtype=np.float64)

        return {
            "in": per_day(o.arrived),
            "out": per_day(o.dispatched),
            "loss": per_day(self.lost_kg),
            "stock": per_day(o.waiting + o.stored, last=True),
        }

    @property
    def product_ids(self) -> tuple[str, ...]:
        """Products with a lane, in first-lane order."""
        return tuple(dict.fromkeys(lane.product_id for lane in self.lanes))


def _lane_arrays(
    lanes: Sequence[Lane],
    catalogue: Mapping[str, Product],
    by_id: dict[str, Facility],
    dt_days: float,
) -> dict[str, FloatArray]:
    rows: dict[str, list[float]] = {
        k: []
        for k in ("wait", "store", "prep", "transit", "release", "m3", "trips", "value", "life")
    }
    for lane in lanes:
        product = catalogue[lane.product_id]
        store = by_id[lane.store_id]
        fleet = by_id[lane.reefer_id]
        assert isinstance(store, ColdStore) and isinstance(fleet, ReeferFleet)
        stored = product.stored_quality
        rows["wait"].append(
            float(product.quality.life_used_per_day(product.field_temp_c)) * dt_days
        )
        rows["store"].append(float(stored.life_used_per_day(store.set_point_c)) * dt_days)
        rows["prep"].append(
            _prep_life(product, None if lane.prep_id is None else by_id[lane.prep_id])
        )
        rows["transit"].append(
            float(stored.life_used_per_day(store.set_point_c)) * lane.transit_min / 1440.0
        )
        rows["release"].append(
            1.0 if product.hold_days == 0 else min(1.0, dt_days / product.hold_days)
        )
        # stores and reefers hold the made product: stored_mass_ratio kg per harvested kg
        rows["m3"].append(product.stored_m3_per_kg)
        load = fleet.load_kg(product.density_kg_m3)
        rows["trips"].append(product.stored_mass_ratio / load if load > 0 else _NO_LOAD)
        rows["value"].append(product.value_yuan_per_kg)
        rows["life"].append(float(stored.shelf_life_days_at(store.set_point_c)))
    return {k: np.array(v) for k, v in rows.items()}


def _prep_life(product: Product, facility: Facility | None) -> float:
    """Life used in prep: cooling at the mean of field and set-point temperature, or processing
    at field temperature, for the prep time (EST: a linear cooling curve; conservative)."""
    if facility is None or product.prep is Prep.NONE:
        return 0.0
    if isinstance(facility, PreCooler):
        hours = product.prep_time_h if facility.cooling_time_h is None else facility.cooling_time_h
        temp = (product.field_temp_c + facility.set_point_c) / 2.0
        return float(product.quality.life_used_per_day(temp)) * hours / 24.0
    return (
        float(product.quality.life_used_per_day(product.field_temp_c)) * product.prep_time_h / 24.0
    )


def _index(lanes: Sequence[Lane], ids: Sequence[str], attr: str) -> npt.NDArray[np.intp]:
    position = {fid: i for i, fid in enumerate(ids)}
    dummy = len(ids)
    return np.array(
        [position.get(getattr(lane, attr) or "", dummy) for lane in lanes], dtype=np.intp
    )


def order_facilities(facilities: Sequence[Facility]) -> tuple[Facility, ...]:
    """Prep facilities, then stores, then reefer fleets (input order within each)."""
    prep = [f for f in facilities if isinstance(f, ProcessingLine | PreCooler)]
    stores = [f for f in facilities if isinstance(f, ColdStore)]
    fleets = [f for f in facilities if isinstance(f, ReeferFleet)]
    return (*prep, *stores, *fleets)


@dataclass(frozen=True, eq=False)
class SeasonSetup:
    """A chain ready to simulate: lanes, ordered facilities and the engine's per-lane arrays.

    Picklable (plain dict of products), so process pools can run seasons of it.
    """

    lanes: tuple[Lane, ...]
    facilities: tuple[Facility, ...]
    products: dict[str, Product]
    days: int
    start_doy: int
    steps_per_day: int
    variation: Variation
    engine: EngineInput  # arrivals_kg is empty; each run fills it from its seeds
    lane_arrays: dict[str, FloatArray]

    def scaled(self, factors: Mapping[Stage, float]) -> Sequence[Facility]:
        """The facilities with each stage's capacity multiplied by its factor (default 1)."""
        return [f.scaled(factors.get(f.stage, 1.0)) for f in self.facilities]


def prepare_season(
    network: Network,
    *,
    catalogue: Catalogue | None = None,
    facilities: Sequence[Facility] | None = None,
    matrix: DistanceMatrix | None = None,
    days: int = 365,
    start_doy: int = 1,
    steps_per_day: int = 1,
    ambient_c: float = AMBIENT_C,
    variation: Variation | None = None,
    slots: int = 16,
) -> SeasonSetup:
    """Check the inputs and build the lanes and engine arrays (see :func:`simulate`)."""
    catalogue = load_catalogue() if catalogue is None else catalogue
    facilities = default_facilities(network, catalogue) if facilities is None else tuple(facilities)
    if slots < 2:
        raise InputError(Message("{slots} must be >= 2", slots=slots), field="slots")
    if days < 1 or steps_per_day < 1:
        raise InputError(Message("days and steps_per_day must be >= 1"), field="days")
    check_facilities(facilities, network, catalogue, ambient_c=ambient_c)
    ordered = order_facilities(facilities)
    lanes = build_lanes(network, catalogue, ordered, matrix=matrix)
    if not lanes:
        raise InputError(
            Message(
                "no node has supply of a catalogue product (columns supply_<product>_kg for "
                '{products}); add them, or skip = ["coldchain"] in the scenario',
                products=", ".join(sorted(catalogue)),
            ),
            field="supply_kg_per_day",
        )
    return _setup(
        lanes,
        ordered,
        {p.id: p for p in catalogue.values()},
        days=days,
        start_doy=start_doy,
        steps_per_day=steps_per_day,
        variation=variation or Variation(),
        slots=slots,
    )


def _setup(
    lanes: tuple[Lane, ...],
    ordered: tuple[Facility, ...],
    products: dict[str, Product],
    *,
    days: int,
    start_doy: int,
    steps_per_day: int,
    variation: Variation,
    slots: int,
) -> SeasonSetup:
    dt = 1.0 / steps_per_day
    preps = [f for f in ordered if isinstance(f, ProcessingLine | PreCooler)]
    stores = [f for f in ordered if isinstance(f, ColdStore)]
    fleets = [f for f in ordered if isinstance(f, ReeferFleet)]
    arr = _lane_arrays(lanes, products, {f.id: f for f in ordered}, dt)
    engine = EngineInput(
        arrivals_kg=np.zeros((0, days * steps_per_day, len(lanes))),
        wait_life=arr["wait"],
        store_life=arr["store"],
        prep_life=arr["prep"],
        transit_life=arr["transit"],
        release=arr["release"],
        prep_fac=_index(lanes, [f.id for f in preps], "prep_id"),
        prep_cap_kg=np.array([f.capacity * dt for f in preps] + [np.inf]),
        store_fac=_index(lanes, [f.id for f in stores], "store_id"),
        store_cap_m3=np.array([f.usable_m3 for f in stores]),
        m3_per_kg=arr["m3"],
        reefer_fac=_index(lanes, [f.id for f in fleets], "reefer_id"),
        reefer_cap_trips=np.array([f.capacity * dt for f in fleets]),
        trips_per_kg=arr["trips"],
        value_per_kg=arr["value"],
        slots=slots,
    )
    return SeasonSetup(
        lanes=lanes,
        facilities=ordered,
        products=products,
        days=days,
        start_doy=start_doy,
        steps_per_day=steps_per_day,
        variation=variation,
        engine=engine,
        lane_arrays=arr,
    )


def with_facilities(setup: SeasonSetup, facilities: Sequence[Facility]) -> SeasonSetup:
    """The same lanes with other capacities (same ids, kinds and nodes; e.g. scaled)."""
    return _setup(
        setup.lanes,
        order_facilities(facilities),
        setup.products,
        days=setup.days,
        start_doy=setup.start_doy,
        steps_per_day=setup.steps_per_day,
        variation=setup.variation,
        slots=setup.engine.slots,
    )


def run_season(
    setup: SeasonSetup, seeds: Sequence[int], *, on_step: Callable[[int], None] | None = None
) -> SeasonResult:
    """Simulate one season per seed (vectorised over the seeds)."""
    data = replace(
        setup.engine,
        arrivals_kg=harvest_inflows(
            setup.lanes,
            setup.products,
            seeds=seeds,
            days=setup.days,
            start_doy=setup.start_doy,
            steps_per_day=setup.steps_per_day,
            variation=setup.variation,
        ),
    )
    out = run_engine(data, on_step=on_step)
    n_prep = data.prep_cap_kg.shape[0] - 1
    util = np.concatenate([out.prep_util[..., :-1], out.store_util, out.reefer_util], axis=-1)
    fresh_stored = out.stored * (data.release >= 1.0)
    queue = np.concatenate(
        [
            _per_facility(out.waiting, data.prep_fac, n_prep),
            _per_facility(out.waiting, data.store_fac, data.store_cap_m3.shape[0]),
            _per_facility(fresh_stored, data.reefer_fac, data.reefer_cap_trips.shape[0]),
        ],
        axis=-1,
    )
    return SeasonResult(
        lanes=setup.lanes,
        facilities=setup.facilities,
        products=setup.products,
        seeds=tuple(seeds),
        steps_per_day=setup.steps_per_day,
        start_doy=setup.start_doy,
        output=out,
        utilisation=util,
        queue_kg=queue,
        lane_value_yuan_per_kg=setup.lane_arrays["value"],
        lane_life_days=setup.lane_arrays["life"],
    )


def simulate(
    network: Network,
    *,
    catalogue: Catalogue | None = None,
    facilities: Sequence[Facility] | None = None,
    matrix: DistanceMatrix | None = None,
    seeds: Sequence[int] = (0,),
    days: int = 365,
    start_doy: int = 1,
    steps_per_day: int = 1,
    ambient_c: float = AMBIENT_C,
    variation: Variation | None = None,
    slots: int = 16,
    on_step: Callable[[int], None] | None = None,
) -> SeasonResult:
    """Simulate ``days`` from ``start_doy`` for each seed (see :mod:`coldchain.engine`).

    ``catalogue`` defaults to :func:`load_catalogue`; ``facilities`` to
    :func:`default_facilities`; ``matrix`` gives the store -> county DC travel times (without
    it transit takes no time). ``ambient_c`` is the design ambient every set-point must be
    below; ``slots`` the quality classes per shelf life.
    """
    setup = prepare_season(
        network,
        catalogue=catalogue,
        facilities=facilities,
        matrix=matrix,
        days=days,
        start_doy=start_doy,
        steps_per_day=steps_per_day,
        ambient_c=ambient_c,
        variation=variation,
        slots=slots,
    )
    return run_season(setup, seeds, on_step=on_step)


def _per_facility(series: FloatArray, fac: npt.NDArray[np.intp], n_fac: int) -> FloatArray:
    """Sum a (B, T, L) lane series per facility -> (B, T, F) (lanes at index n_fac dropped)."""
    onehot = np.zeros((fac.shape[0], n_fac + 1))
    onehot[np.arange(fac.shape[0]), fac] = 1.0
    return np.asarray((series @ onehot)[..., :n_fac], dtype=np.float64)
