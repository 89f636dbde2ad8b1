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

One step (duration ``dt``): (1) classes whose life used reaches 1 are lost; (2) the harvest
arrives in ``wait`` with c = 0; (3) stores release stock for dispatch (fresh products all of it,
held products ``dt / hold_days`` of it), reefers carry it first-expired-first-out as far as
their trips allow, and lots that would arrive spoiled count as transit loss; (4) prep facilities
take waiting product first-expired-first-out as far as their throughput and the free store
volume allow, charging the life used in prep; (5) the pools' offsets move on by one step.
Shared facilities split their capacity in proportion to what each lane asks for.
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
    slots: int = 16


@dataclass(frozen=True, eq=False)
class EngineOutput:
    """Per-step results, shapes (B, T, L) for lanes and (B, T, F) for facilities.

    ``arrived + stock(t-1) = stock(t) + dispatched + lost_wait + lost_store + lost_transit``
    holds for every step and lane (stock = waiting + stored). ``life_left_kg`` is the sum over
    dispatched kg of the share of shelf life left on arrival at the county DC.
    """

    arrived: FloatArray
    dispatched: FloatArray
    lost_wait: FloatArray
    lost_store: FloatArray
    lost_transit: FloatArray
    waiting: FloatArray
    stored: FloatArray
    life_left_kg: FloatArray
    prep_util: FloatArray
    store_util: FloatArray
    reefer_util: FloatArray


_TINY = 1e-300


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
    """Per-run constants: facility incidences and the FEFO slot orders of every step."""

    onehot_prep: FloatArray
    onehot_store: FloatArray
    onehot_reefer: FloatArray
    inv_prep_cap: FloatArray
    inv_store_cap: FloatArray
    inv_reefer_cap: FloatArray
    order_w: IntArray  # (T, L x (K+1)): flat slot index, oldest first
    back_w: IntArray  # (T, L x (K+1)): inverse permutation of order_w
    order_s: IntArray
    back_s: IntArray


def _fefo_orders(life: FloatArray, n_step: int, slots: int) -> tuple[IntArray, IntArray]:
    """For each step, the slots of every lane from oldest (highest key) to newest, flattened
    over (lane, slot), and the inverse permutation. Live keys lie in [-A, 1 - A)."""
    kt = slots + 1
    offset = np.arange(n_step)[:, None] * life[None, :]
    top = np.ceil((1.0 - offset) * slots).astype(np.intp) - 1  # (T, L)
    base = (np.arange(life.shape[0]) * kt)[None, :, None]
    rank = np.arange(kt)[None, None, :]
    order = (top[..., None] - rank) % kt + base
    back = (top[..., None] - rank) % kt + base  # slot j sits at rank (top - j) mod kt
    return order.reshape(n_step, -1), back.reshape(n_step, -1)


def _static(data: EngineInput) -> _Static:
    n_step = data.arrivals_kg.shape[1]
    order_w, back_w = _fefo_orders(data.wait_life, n_step, data.slots)
    order_s, back_s = _fefo_orders(data.store_life, n_step, data.slots)
    return _Static(
        onehot_prep=_onehot(data.prep_fac, data.prep_cap_kg.shape[0]),
        onehot_store=_onehot(data.store_fac, data.store_cap_m3.shape[0]),
        onehot_reefer=_onehot(data.reefer_fac, data.reefer_cap_trips.shape[0]),
        inv_prep_cap=_inverse(data.prep_cap_kg),
        inv_store_cap=_inverse(data.store_cap_m3),
        inv_reefer_cap=_inverse(data.reefer_cap_trips),
        order_w=order_w,
        back_w=back_w,
        order_s=order_s,
        back_s=back_s,
    )


def _share(
    want: FloatArray, fac: IntArray, onehot: FloatArray, cap: FloatArray
) -> tuple[FloatArray, FloatArray]:
    """Per-lane granted share of ``want`` and per-facility total asked, capacity split pro rata."""
    asked: FloatArray = want @ onehot
    ratio = np.minimum(1.0, cap / np.maximum(asked, _TINY))
    return ratio[:, fac], asked


def _take_fefo(mass: FloatArray, amount: FloatArray, order: IntArray, back: IntArray) -> FloatArray:
    """Take ``amount`` (B, L) from ``mass`` (B, L, S), oldest slots first."""
    flat = mass.reshape(mass.shape[0], -1)
    ordered = flat[:, order].reshape(mass.shape)
    before = np.cumsum(ordered, axis=-1) - ordered
    took = np.minimum(np.maximum(amount[..., None] - before, 0.0), ordered)
    return took.reshape(flat.shape)[:, back].reshape(mass.shape)


def _mean_key(mass: FloatArray, keysum: FloatArray) -> FloatArray:
    mean: FloatArray = np.where(mass > 0, keysum / np.maximum(mass, _TINY), 0.0)
    return mean


def _expire(mass: FloatArray, keysum: FloatArray, offset: FloatArray) -> FloatArray:
    """Remove classes whose life used reached 1; return the lost kg per (B, L)."""
    dead = keysum + offset[:, None] * mass >= _SPOILED * mass
    lost: FloatArray = (mass * dead).sum(axis=-1)
    mass[dead] = 0.0
    keysum[dead] = 0.0
    return lost


def run_engine(data: EngineInput, *, on_step: Callable[[int], None] | None = None) -> EngineOutput:
    """Simulate every step of ``data`` (see the module docstring for one step)."""
    n_seed, n_step, n_lane = data.arrivals_kg.shape
    k, kt = data.slots, data.slots + 1
    fixed = _static(data)
    m_w = np.zeros((n_seed, n_lane, kt))
    q_w = np.zeros_like(m_w)
    m_s = np.zeros_like(m_w)
    q_s = np.zeros_like(m_w)
    lanes = np.arange(n_lane)
    flat_base = (np.arange(n_seed)[:, None, None] * n_lane + lanes[None, :, None]) * kt
    out = {name: np.zeros((n_seed, n_step, n_lane)) for name in EngineOutput.__dataclass_fields__}
    out["prep_util"] = np.zeros((n_seed, n_step, data.prep_cap_kg.shape[0]))
    out["store_util"] = np.zeros((n_seed, n_step, data.store_cap_m3.shape[0]))
    out["reefer_util"] = np.zeros((n_seed, n_step, data.reefer_cap_trips.shape[0]))
    out["arrived"][:] = data.arrivals_kg
    for t in range(n_step):
        a_w, a_s = data.wait_life * t, data.store_life * t
        out["lost_wait"][:, t] = _expire(m_w, q_w, a_w)
        out["lost_store"][:, t] = _expire(m_s, q_s, a_s)
        arrived = data.arrivals_kg[:, t]
        slot_w = np.floor(-a_w * k).astype(np.intp) % kt
        m_w[:, lanes, slot_w] += arrived
        q_w[:, lanes, slot_w] -= arrived * a_w
        _dispatch(data, fixed, t, m_s, q_s, a_s, out)
        _prep(data, fixed, t, (m_w, q_w, a_w), (m_s, q_s, a_s), flat_base, out)
        out["waiting"][:, t] = m_w.sum(axis=-1)
        out["stored"][:, t] = m_s.sum(axis=-1)
        if on_step is not None:
            on_step(t)
    return EngineOutput(**out)


def _dispatch(
    data: EngineInput,
    fixed: _Static,
    t: int,
    m_s: FloatArray,
    q_s: FloatArray,
    a_s: FloatArray,
    out: dict[str, FloatArray],
) -> None:
    want = m_s.sum(axis=-1) * data.release
    granted, asked = _share(
        want * data.trips_per_kg, data.reefer_fac, fixed.onehot_reefer, data.reefer_cap_trips
    )
    take = _take_fefo(m_s, want * granted, fixed.order_s[t], fixed.back_s[t])
    key = _mean_key(m_s, q_s)
    used = key + (a_s + data.transit_life)[:, None]
    ok = used < _SPOILED
    sent = take * ok
    out["dispatched"][:, t] = sent.sum(axis=-1)
    out["lost_transit"][:, t] = (take - sent).sum(axis=-1)
    out["life_left_kg"][:, t] = (sent * (1.0 - used)).sum(axis=-1)
    m_s -= take
    q_s -= take * key
    out["reefer_util"][:, t] = np.minimum(asked, data.reefer_cap_trips) * fixed.inv_reefer_cap


def _prep(
    data: EngineInput,
    fixed: _Static,
    t: int,
    wait: tuple[FloatArray, FloatArray, FloatArray],
    store: tuple[FloatArray, FloatArray, FloatArray],
    flat_base: IntArray,
    out: dict[str, FloatArray],
) -> None:
    m_w, q_w, a_w = wait
    m_s, q_s, a_s = store
    k, kt = data.slots, data.slots + 1
    waiting = m_w.sum(axis=-1)
    granted, _ = _share(waiting, data.prep_fac, fixed.onehot_prep, data.prep_cap_kg)
    served = waiting * granted
    free = np.maximum(
        data.store_cap_m3 - (m_s.sum(axis=-1) * data.m3_per_kg) @ fixed.onehot_store, 0.0
    )
    room, _ = _share(served * data.m3_per_kg, data.store_fac, fixed.onehot_store, free)
    moved = served * room
    take = _take_fefo(m_w, moved, fixed.order_w[t], fixed.back_w[t])
    key_w = _mean_key(m_w, q_w)
    m_w -= take
    q_w -= take * key_w
    used = key_w + (a_w + data.prep_life)[:, None]
    fine = used < _SPOILED
    kept = take * fine
    out["lost_wait"][:, t] += (take - kept).sum(axis=-1)
    key_s = used - a_s[:, None]
    slot = np.floor(key_s * k).astype(np.intp) % kt
    flat = (flat_base + slot).ravel()
    m_s += np.bincount(flat, weights=kept.ravel(), minlength=m_s.size).reshape(m_s.shape)
    q_s += np.bincount(flat, weights=(kept * key_s).ravel(), minlength=m_s.size).reshape(m_s.shape)
    out["prep_util"][:, t] = (moved @ fixed.onehot_prep) * fixed.inv_prep_cap
    out["store_util"][:, t] = (
        (m_s.sum(axis=-1) * data.m3_per_kg) @ fixed.onehot_store
    ) * fixed.inv_store_cap
