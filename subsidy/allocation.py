"""Sharing a limited amount among claims: pro-rata, or filling them in a given order.

Both work on integer hao arrays and are exact: the shares add up to the limit (when the claims
ask for more) and no claim gets more than it asked for.
"""

from __future__ import annotations

import numpy as np
import numpy.typing as npt

IntArray = npt.NDArray[np.int64]
_INT64_SAFE = 2**62


def fill_in_order(amounts_hao: IntArray, limit_hao: int, order: IntArray) -> IntArray:
    """Pay claims in ``order`` (indices, first paid first) until ``limit_hao`` runs out."""
    limit_hao = max(limit_hao, 0)
    sorted_amounts = amounts_hao[order]
    before = np.cumsum(sorted_amounts) - sorted_amounts
    paid_sorted = np.clip(limit_hao - before, 0, sorted_amounts)
    paid = np.empty_like(amounts_hao)
    paid[order] = paid_sorted
    return paid


def pro_rata(amounts_hao: IntArray, limit_hao: int, order: IntArray) -> IntArray:
    """Every claim gets ``amount * limit / total``, floored to the hao; the hao left over go one
    each to the largest remainders (ties: earlier in ``order``), so the shares sum to the limit."""
    limit_hao = max(limit_hao, 0)
    total = int(amounts_hao.sum())
    if total <= limit_hao:
        return amounts_hao.copy()
    values: npt.NDArray[np.int64] | npt.NDArray[np.object_] = amounts_hao
    if int(amounts_hao.max(initial=0)) * limit_hao >= _INT64_SAFE:
        values = amounts_hao.astype(object)  # exact Python integers instead of overflowing
    scaled = values * limit_hao
    paid = (scaled // total).astype(np.int64)
    remainder = np.asarray(scaled % total, dtype=np.int64)  # < total, so it fits
    missing = limit_hao - int(paid.sum())
    rank = np.empty(len(order), dtype=np.int64)
    rank[order] = np.arange(len(order))
    # lexsort: last key is primary -> largest remainder first, then earlier in order
    chosen = np.lexsort((rank, -remainder))[:missing]
    paid[chosen] += 1
    return paid


def share(amounts_hao: IntArray, limit_hao: int | None, order: IntArray, mode: str) -> IntArray:
    """What each claim gets from ``limit_hao`` (None = no limit) under a cut-back rule.

    ``mode`` is ``pro_rata``, or ``first_come``/``priority`` (fill in ``order``; the caller puts
    the priority ranks into ``order``).
    """
    if limit_hao is None or int(amounts_hao.sum()) <= limit_hao:
        return amounts_hao.copy()
    if mode == "pro_rata":
        return pro_rata(amounts_hao, limit_hao, order)
    return fill_in_order(amounts_hao, limit_hao, order)
