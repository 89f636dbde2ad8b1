"""The season engine: a time-stepped fluid model vectorised over seeds, lanes and quality slots.

A *lane* is one product's flow from the supply nodes of one hub through a prep facility
(processing line or pre-cooler, or none), a store and a reefer fleet. Each lane has two pools:
``wait`` (harvested product waiting warm for the prep stage) and ``store``. Every pool holds its
mass in ``slots`` quality classes: all product in one pool is at one temperature, so it ages at
one rate, and a pool keeps a running offset ``A`` (life used since the start) instead of ageing
every lot. A lot of life used ``c`` has the key ``c - A``; keys of live lots span one unit, so
``floor(key x K) mod (K + 1)`` gives each live class its own slot. Each slot keeps its mass
and mass x key, so the life used of a class is its exact mass-weighted mean; merging lots into a
class costs at most 1/K of the shelf life in resolution.

One step (duration ``dt``): (1) classes that can no longer make it are lost: waiting product
whose life used plus the prep stage's reaches 1, stored product whose life used plus the trip
to the county DC's does (so no capacity is spent on product that would spoil on the way);
(2) the harvest arrives in ``wait`` with c = 0; (3) stores release stock for dispatch (fresh
products all of it, held products ``dt / hold_days`` of it) and reefers carry it
first-expired-first-out as far as their trips allow, serving fresh products before held stock
(which can wait without harm) and, within each, the most valuable load first; (4) prep
facilities take waiting product first-expired-first-out as far as their throughput and the
store volume left after this step's dispatch allow, charging the life used in prep; (5) the
pools' offsets move on by one step.
Shared prep facilities and stores split their capacity in proportion to what each lane asks.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

FloatArray = npt.NDArray[np.float64]
IntArray = npt.NDArray[np.intp]

_SPOILED = 1.0 - 1e-9  # life used at which a class is lost (tolerance for summed steps)


@dataclass(frozen=True, eq=False)
class EngineInput:
    """Arrays that define one batch of seasons (B seeds, T steps, L lanes).

    Attributes:
        arrivals_kg: harvest per step, shape (B, T, L).
        wait_life: life used per step while waiting, (L,).
        store_life: life used per step in store, (L,).
        prep_life: life used by the prep stage itself, (L,).
        transit_life: life used on the reefer from store to the county DC, (L,).
        release: share of store stock released for dispatch per step, (L,), in 0..1.
        prep_fac, prep_cap_kg: lane -> prep facility index; kg per step per facility. A lane
            without prep points at a facility of infinite capacity.
        store_fac, store_cap_m3, m3_per_kg: lane -> store; usable m³ per store; m³ per kg.
        reefer_fac, reefer_cap_trips, trips_per_kg: lane -> fleet; trips per step; trips per kg.
        value_per_kg: value of each lane's product (fleets carry the most valuable first).
        slots: quality classes per shelf life (K).
    """

    arrivals_kg: FloatArray
    wait_life: FloatArray
    store_life: FloatArray
    prep_life: FloatArray
    transit_life: FloatArray
    release: FloatArray
    prep_fac: IntArray
    prep_cap_kg: FloatArray
    store_fac: IntArray
    store_cap_m3: FloatArray
    m3_per_kg: FloatArray
    reefer_fac: IntArray
    reefer_cap_trips: FloatArray
    trips_per_kg: FloatArray
    value_per_kg: FloatArray
    slots: int = 16


@dataclass(frozen=True, eq=False)
class EngineOutput:
    """Per-step results, shapes (B, T, L) for lanes and (B, T, F) for facilities.

    ``arrived + stock(t-1) = stock(t) + dispatched + lost_wait + lost_store``
    holds for every step and lane (stock = waiting + stored). ``life_left_kg`` is the sum over
    dispatched kg of the share of shelf life left on arrival at the county DC.
    """

    arrived: FloatArray
    dispatched: FloatArray
    lost_wait: FloatArray
    lost_store: FloatArray
    waiting: FloatArray
    stored: FloatArray
    life_left_kg: FloatArray
    prep_util: FloatArray
    store_util: FloatArray
    reefer_util: FloatArray


_TINY = 1e-300
_EPS_KG = 1e-9  # keeps an empty slot's mean key finite (its residual key sum is ~1e-17)
_WAIT, _STORE = 0, 1  # pool axis


def _onehot(fac: IntArray, n_fac: int) -> FloatArray:
    """Lane -> facility incidence, (L, F)."""
    onehot = np.zeros((fac.shape[0], n_fac))
    onehot[np.arange(fac.shape[0]), fac] = 1.0
    return onehot


def _inverse(cap: FloatArray) -> FloatArray:
    """1 / capacity, 0 where the capacity is 0 (utilisation of an empty facility is 0)."""
    return np.divide(1.0, cap, out=np.zeros_like(cap), where=cap > 0)


@dataclass(frozen=True, eq=False)
class _Static:
    """Per-run constants, precomputed for every step t where they depend on it.

    ``order[t]`` lists the flat (lane, pool, slot) indices of each (lane, pool) from its oldest
    class (highest key) to its newest; live keys lie in [-A, 1 - A), so the oldest slot is
    ``ceil((1 - A) K) - 1``. The map rank -> slot is ``(top - rank) mod (K + 1)``, which is its
    own inverse, so ``order[t]`` also takes ranked values back to slots.
    """

    onehot_prep: FloatArray
    onehot_store: FloatArray
    onehot_reefer: FloatArray
    offset: FloatArray  # (T, L, 2, 1): life used since the start, per pool
    offset_out: FloatArray  # (T, L, 2, 1): plus prep (wait pool) or transit (store pool)
    spoiled_key: FloatArray  # (T, L, 2, 1): key at which a class can no longer make it
    order: IntArray  # (T, L x 2 x (K+1))
    arrival_slot: IntArray  # (T, L)
    reefer_queue: _Queue
    earlier: FloatArray  # (K+1, K+1): x @ earlier sums each ranked slot's older slots


def _reefer_priority(data: EngineInput) -> FloatArray:
    """Sort key of lanes on a fleet (lower first): fresh product before held stock, which can
    wait without harm; then the most valuable load first."""
    value_per_trip = data.value_per_kg / data.trips_per_kg
    held = (data.release < 1.0).astype(np.float64)
    return np.asarray(2.0 * held - value_per_trip / (1.0 + value_per_trip.max()), dtype=np.float64)


def _static(data: EngineInput) -> _Static:
    n_step, n_lane = data.arrivals_kg.shape[1], data.arrivals_kg.shape[2]
    kt = data.slots + 1
    life = np.stack([data.wait_life, data.store_life], axis=1)  # (L, 2)
    offset = np.arange(n_step)[:, None, None] * life[None]  # (T, L, 2)
    top = np.ceil((1.0 - offset) * data.slots).astype(np.intp) - 1
    base = (np.arange(n_lane * 2).reshape(n_lane, 2) * kt)[None, :, :, None]
    order = (top[..., None] - np.arange(kt)) % kt + base
    extra = np.stack([data.prep_life, data.transit_life], axis=1)
    return _Static(
        onehot_prep=_onehot(data.prep_fac, data.prep_cap_kg.shape[0]),
        onehot_store=_onehot(data.store_fac, data.store_cap_m3.shape[0]),
        onehot_reefer=_onehot(data.reefer_fac, data.reefer_cap_trips.shape[0]),
        offset=offset[..., None],
        offset_out=(offset + extra[None])[..., None],
        spoiled_key=(_SPOILED - offset - extra[None])[..., None],
        order=order.reshape(n_step, -1),
        arrival_slot=np.floor(-offset[:, :, _WAIT] * data.slots).astype(np.intp) % kt,
        reefer_queue=_queue(data.reefer_fac, _reefer_priority(data)),
        earlier=np.triu(np.ones((kt, kt)), 1),
    )


def _granted(asked: FloatArray, cap: FloatArray, fac: IntArray) -> FloatArray:
    """Per-lane share of what it asked, each facility's capacity split pro rata, (B, L)."""
    ratio: FloatArray = np.minimum(1.0, cap / np.maximum(asked, _TINY))
    return ratio[:, fac]


@dataclass(frozen=True, eq=False)
class _Queue:
    """Lanes in the order a shared facility serves them: by facility, then by priority."""

    order: IntArray  # lane at each position
    back: IntArray  # position of each lane
    fac: IntArray  # facility at each position
    group_start: IntArray  # first position of each position's facility


def _queue(fac: IntArray, priority: FloatArray) -> _Queue:
    order = np.lexsort((priority, fac)).astype(np.intp)
    sorted_fac = fac[order]
    first = np.searchsorted(sorted_fac, sorted_fac, side="left").astype(np.intp)
    return _Queue(
        order=order, back=np.argsort(order).astype(np.intp), fac=sorted_fac, group_start=first
    )


def _by_priority(asked: FloatArray, cap: FloatArray, queue: _Queue) -> FloatArray:
    """Per-lane share of what it asked when each facility serves its lanes in queue order."""
    ranked = asked[:, queue.order]
    before = np.cumsum(ranked, axis=1) - ranked
    before -= before[:, queue.group_start]
    got = np.minimum(ranked, np.maximum(cap[queue.fac] - before, 0.0))
    share: FloatArray = (got / np.maximum(ranked, _TINY))[:, queue.back]
    return share


def _amounts(
    data: EngineInput, fixed: _Static, total: FloatArray
) -> tuple[FloatArray, FloatArray, FloatArray]:
    """Kg to move through prep and to dispatch, (B, L) each, and the reefer trips asked
    (B, Fr), given the pool totals (B, L, 2)."""
    want = total[:, :, _STORE] * data.release
    trips = want * data.trips_per_kg
    sent = want * _by_priority(trips, data.reefer_cap_trips, fixed.reefer_queue)
    waiting = total[:, :, _WAIT]
    served = waiting * _granted(waiting @ fixed.onehot_prep, data.prep_cap_kg, data.prep_fac)
    left_m3 = ((total[:, :, _STORE] - sent) * data.m3_per_kg) @ fixed.onehot_store
    free = np.maximum(data.store_cap_m3 - left_m3, 0.0)
    moved = served * _granted((served * data.m3_per_kg) @ fixed.onehot_store, free, data.store_fac)
    return moved, sent, trips @ fixed.onehot_reefer


def _total(values: FloatArray) -> FloatArray:
    """Sum over the last axis (the ufunc's reduce: a fraction of ``ndarray.sum``'s overhead)."""
    total: FloatArray = np.add.reduce(values, axis=-1)
    return total


def run_engine(data: EngineInput, *, on_step: Callable[[int], None] | None = None) -> EngineOutput:
    """Simulate every step of ``data`` (see the module docstring for one step)."""
    n_seed, n_step, n_lane = data.arrivals_kg.shape
    k, kt = data.slots, data.slots + 1
    fixed = _static(data)
    mass = np.zeros((n_seed, n_lane, 2, kt))
    keys = np.zeros_like(mass)  # sum of mass x key per slot
    lanes = np.arange(n_lane)
    flat_base = ((np.arange(n_seed)[:, None] * n_lane + lanes[None, :]) * 2 + _STORE) * kt
    rec = {name: np.zeros((n_seed, n_step, n_lane, 2)) for name in ("expired", "out", "stock")}
    expired, out_kg, stock = rec["expired"], rec["out"], rec["stock"]
    life_left = np.zeros((n_seed, n_step, n_lane))
    moved_kg = np.zeros((n_seed, n_step, n_lane))
    trips = np.zeros((n_seed, n_step, data.reefer_cap_trips.shape[0]))
    amount = np.zeros((n_seed, n_lane, 2))
    for t in range(n_step):
        offset = fixed.offset[t]
        dead = keys / (mass + _EPS_KG) >= fixed.spoiled_key[t]
        expired[:, t] = _total(mass * dead)
        np.putmask(mass, dead, 0.0)
        np.putmask(keys, dead, 0.0)
        arrived, slot = data.arrivals_kg[:, t], fixed.arrival_slot[t]
        mass[:, lanes, _WAIT, slot] += arrived
        keys[:, lanes, _WAIT, slot] -= arrived * offset[:, _WAIT, 0]
        key = keys / (mass + _EPS_KG)
        amount[..., _WAIT], amount[..., _STORE], trips[:, t] = _amounts(data, fixed, _total(mass))
        moved_kg[:, t] = amount[..., _WAIT]
        order = fixed.order[t]
        ranked = mass.reshape(n_seed, -1)[:, order].reshape(mass.shape)
        before = ranked @ fixed.earlier  # mass in older slots
        took = np.minimum(np.maximum(amount[..., None] - before, 0.0), ranked)
        take = took.reshape(n_seed, -1)[:, order].reshape(mass.shape)
        mass -= take
        keys -= take * key
        used = key + fixed.offset_out[t]
        out_kg[:, t] = _total(take)
        life_left[:, t] = _total(take[:, :, _STORE] * (1.0 - used[:, :, _STORE]))
        key_s = used[:, :, _WAIT] - offset[None, :, _STORE]
        idx = (flat_base[..., None] + np.floor(key_s * k).astype(np.intp) % kt).ravel()
        into = take[:, :, _WAIT]
        mass += np.bincount(idx, into.ravel(), mass.size).reshape(mass.shape)
        keys += np.bincount(idx, (into * key_s).ravel(), mass.size).reshape(mass.shape)
        stock[:, t] = _total(mass)
        if on_step is not None:
            on_step(t)
    return _output(data, fixed, rec, life_left, moved_kg, trips)


def _output(
    data: EngineInput,
    fixed: _Static,
    rec: dict[str, FloatArray],
    life_left: FloatArray,
    moved_kg: FloatArray,
    trips: FloatArray,
) -> EngineOutput:
    stored = rec["stock"][..., _STORE]
    return EngineOutput(
        arrived=data.arrivals_kg.copy(),
        dispatched=rec["out"][..., _STORE],
        lost_wait=rec["expired"][..., _WAIT],
        lost_store=rec["expired"][..., _STORE],
        waiting=rec["stock"][..., _WAIT],
        stored=stored,
        life_left_kg=life_left,
        prep_util=(moved_kg @ fixed.onehot_prep) * _inverse(data.prep_cap_kg),
        store_util=((stored * data.m3_per_kg) @ fixed.onehot_store) * _inverse(data.store_cap_m3),
        reefer_util=np.minimum(trips, data.reefer_cap_trips) * _inverse(data.reefer_cap_trips),
    )
