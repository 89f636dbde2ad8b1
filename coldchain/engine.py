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

    Sharing between lanes is one matrix product per facility kind: ``x @ same_prep`` gives each
    lane the sum of ``x`` over the lanes of its prep facility, ``x @ ahead`` the sum over the
    lanes its fleet serves before it (so no per-step sorting, gathering or cumulative sums).
    """

    onehot_prep: FloatArray
    onehot_store: FloatArray
    onehot_reefer: FloatArray
    same_prep: FloatArray  # (L, L): 1 where two lanes share a prep facility
    same_store: FloatArray  # (L, L)
    ahead: FloatArray  # (L, L): [j, i] = 1 where lane j's fleet serves it before lane i
    prep_cap_lane: FloatArray  # (L,): capacity of each lane's facility
    store_cap_lane: FloatArray
    reefer_cap_lane: FloatArray
    trips_released: FloatArray  # (L,): reefer trips per stored kg, times the share released
    kg_per_trip: FloatArray  # (L,)
    offset: FloatArray  # (T, L, 2, 1): life used since the start, per pool
    offset_out: FloatArray  # (T, L, 2, 1): plus prep (wait pool) or transit (store pool)
    spoiled_key: FloatArray  # (T, L, 2, 1): key at which a class can no longer make it
    order: IntArray  # (T, L x 2 x (K+1))
    arrival_slot: IntArray  # (T, L)
    earlier: FloatArray  # (K+1, K+1): x @ earlier sums each ranked slot's older slots


def _reefer_priority(data: EngineInput) -> FloatArray:
    """Sort key of lanes on a fleet (lower first): fresh product before held stock, which can
    wait without harm; then the most valuable load first."""
    value_per_trip = data.value_per_kg / data.trips_per_kg
    held = (data.release < 1.0).astype(np.float64)
    return np.asarray(2.0 * held - value_per_trip / (1.0 + value_per_trip.max()), dtype=np.float64)


def _ahead(fac: IntArray, priority: FloatArray) -> FloatArray:
    """[j, i] = 1 where lanes j and i share a fleet and j comes first (ties by lane index)."""
    position = np.empty(fac.shape[0], dtype=np.intp)
    position[np.lexsort((priority, fac))] = np.arange(fac.shape[0])
    same = fac[:, None] == fac[None, :]
    return np.asarray(same & (position[:, None] < position[None, :]), dtype=np.float64)


def _same(fac: IntArray) -> FloatArray:
    """[j, i] = 1 where lanes j and i use the same facility."""
    return np.asarray(fac[:, None] == fac[None, :], dtype=np.float64)


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
        same_prep=_same(data.prep_fac),
        same_store=_same(data.store_fac),
        ahead=_ahead(data.reefer_fac, _reefer_priority(data)),
        prep_cap_lane=data.prep_cap_kg[data.prep_fac],
        store_cap_lane=data.store_cap_m3[data.store_fac],
        reefer_cap_lane=data.reefer_cap_trips[data.reefer_fac],
        trips_released=data.release * data.trips_per_kg,
        kg_per_trip=1.0 / data.trips_per_kg,
        offset=offset[..., None],
        offset_out=(offset + extra[None])[..., None],
        spoiled_key=(_SPOILED - offset - extra[None])[..., None],
        order=order.reshape(n_step, -1),
        arrival_slot=np.floor(-offset[:, :, _WAIT] * data.slots).astype(np.intp) % kt,
        earlier=np.triu(np.ones((kt, kt)), 1),
    )


def _share(asked: FloatArray, cap_lane: FloatArray, same: FloatArray) -> FloatArray:
    """Per-lane share of what it asked, each facility's capacity split pro rata, (B, L)."""
    total = asked @ same
    np.maximum(total, _TINY, out=total)
    np.divide(cap_lane, total, out=total)
    return np.minimum(total, 1.0, out=total)


def _amounts(data: EngineInput, fixed: _Static, total: FloatArray, out: FloatArray) -> FloatArray:
    """Fill ``out`` (B, L, 2) with the kg to move through prep and to dispatch; return the
    reefer trips asked per lane (B, L), given the pool totals (B, L, 2)."""
    stored, waiting = total[:, :, _STORE], total[:, :, _WAIT]
    trips = stored * fixed.trips_released
    room = np.subtract(fixed.reefer_cap_lane, trips @ fixed.ahead)  # trips left for the lane
    np.maximum(room, 0.0, out=room)
    np.minimum(trips, room, out=room)
    sent = np.multiply(room, fixed.kg_per_trip, out=out[..., _STORE])
    served = waiting * _share(waiting, fixed.prep_cap_lane, fixed.same_prep)
    left = (stored - sent) * data.m3_per_kg
    free = np.subtract(fixed.store_cap_lane, left @ fixed.same_store, out=left)
    np.maximum(free, 0.0, out=free)
    np.multiply(
        served, _share(served * data.m3_per_kg, free, fixed.same_store), out=out[..., _WAIT]
    )
    return trips


def run_engine(data: EngineInput, *, on_step: Callable[[int], None] | None = None) -> EngineOutput:
    """Simulate every step of ``data`` (see the module docstring for one step)."""
    n_seed, n_step, n_lane = data.arrivals_kg.shape
    k, kt = data.slots, data.slots + 1
    fixed = _static(data)
    mass = np.zeros((n_seed, n_lane, 2, kt))
    keys = np.zeros_like(mass)  # sum of mass x key per slot
    key, dead, take = np.empty_like(mass), np.empty(mass.shape, dtype=bool), np.empty_like(mass)
    flat_mass, flat_take = mass.reshape(n_seed, -1), take.reshape(n_seed, -1)
    lanes = np.arange(n_lane)
    flat_base = ((np.arange(n_seed)[:, None] * n_lane + lanes[None, :]) * 2 + _STORE) * kt
    rec = {name: np.zeros((n_seed, n_step, n_lane, 2)) for name in ("expired", "out", "stock")}
    expired, out_kg, stock = rec["expired"], rec["out"], rec["stock"]
    life_left = np.zeros((n_seed, n_step, n_lane))
    lane_trips = np.zeros((n_seed, n_step, n_lane))
    moved_kg = np.zeros((n_seed, n_step, n_lane))
    amount = np.zeros((n_seed, n_lane, 2))
    left_share = np.empty((n_seed, n_lane, kt))
    arrives = np.add.reduce(data.arrivals_kg != 0, axis=(0, 2)).astype(bool).tolist()
    offsets, spoiled_keys, orders, earlier = (
        fixed.offset,
        fixed.spoiled_key,
        fixed.order,
        fixed.earlier,
    )
    for t in range(n_step):
        offset = offsets[t]
        np.divide(keys, np.add(mass, _EPS_KG, out=key), out=key)
        np.greater_equal(key, spoiled_keys[t], out=dead)
        lost = np.multiply(mass, dead, out=take)
        if lost.any():  # most steps lose nothing (empty classes may test dead): skip the masking
            np.add.reduce(lost, axis=-1, out=expired[:, t])
            np.putmask(mass, dead, 0.0)
            np.putmask(keys, dead, 0.0)
        # A lane's harvest lands in one step a day: most hourly steps have none. Without an
        # arrival ``key`` stays valid (emptied classes keep a stale key but hold no mass).
        if arrives[t]:
            arrived, slot = data.arrivals_kg[:, t], fixed.arrival_slot[t]
            mass[:, lanes, _WAIT, slot] += arrived
            keys[:, lanes, _WAIT, slot] -= arrived * offset[:, _WAIT, 0]
            np.divide(keys, np.add(mass, _EPS_KG, out=key), out=key)
        lane_trips[:, t] = _amounts(data, fixed, np.add.reduce(mass, axis=-1), amount)
        moved_kg[:, t] = amount[..., _WAIT]
        order = orders[t]
        ranked = flat_mass[:, order].reshape(mass.shape)
        took = np.subtract(amount[..., None], ranked @ earlier)  # minus older slots
        np.maximum(took, 0.0, out=took)
        np.minimum(took, ranked, out=took)
        flat_take[:, order] = took.reshape(n_seed, -1)
        mass -= take
        keys -= take * key
        used = np.add(key, fixed.offset_out[t], out=key)
        np.add.reduce(take, axis=-1, out=out_kg[:, t])
        np.subtract(1.0, used[:, :, _STORE], out=left_share)
        left_share *= take[:, :, _STORE]
        np.add.reduce(left_share, axis=-1, out=life_left[:, t])
        key_s = used[:, :, _WAIT] - offset[None, :, _STORE]
        idx = (flat_base[..., None] + np.floor(key_s * k).astype(np.intp) % kt).ravel()
        into = take[:, :, _WAIT]
        mass += np.bincount(idx, into.ravel(), mass.size).reshape(mass.shape)
        keys += np.bincount(idx, (into * key_s).ravel(), mass.size).reshape(mass.shape)
        np.add.reduce(mass, axis=-1, out=stock[:, t])
        if on_step is not None:
            on_step(t)
    return _output(data, fixed, rec, life_left, moved_kg, lane_trips @ fixed.onehot_reefer)


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
