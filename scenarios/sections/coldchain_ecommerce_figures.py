"""The e-commerce cold chain's figures per product and place, typed, from its plan's seasons.

Both edges read them: ``plan.json`` (:func:`scenarios.sections.coldchain_ecommerce.
ecommerce_summary`) rounds them there, the report
(:mod:`scenarios.report_parts.coldchain_ecommerce`) formats them there.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

import numpy as np

from coldchain import mean_ci95
from coldchain.ecommerce import PLACES
from coldchain.ecommerce_plan import EcomPlan


@dataclass(frozen=True)
class EcomFigures:
    """Means over the simulated seasons.

    Attributes:
        loss_pct: lost value as % of the value sold online: mean, 95 % CI low and high.
        loss_pct_by_product: product -> mean lost share, % (by weight = by value).
        loss_pct_ci95_by_product: product -> 95 % CI of that share, % (low, high; at least 0).
        lost_t_by_product_and_place: product -> place (:data:`coldchain.ecommerce.PLACES`) -> t/yr.
        sold_online_t: product -> tonnes a year sold online in cold parcels.
        unserved_t: tonnes a year refused (no reefer could take the load).
    """

    loss_pct: tuple[float, float, float]
    loss_pct_by_product: Mapping[str, float]
    loss_pct_ci95_by_product: Mapping[str, tuple[float, float]]
    lost_t_by_product_and_place: Mapping[str, Mapping[str, float]]
    sold_online_t: Mapping[str, float]
    unserved_t: float


def ecom_figures(plan: EcomPlan) -> EcomFigures:
    """The plan's figures per product and place (means over its seasons)."""
    stats = plan.stats
    lost_kg = stats.lost_kg.mean(axis=0)  # (P, places)
    by_product = stats.loss_pct_by_product()
    ci: dict[str, tuple[float, float]] = {}
    for i, p in enumerate(stats.product_ids):
        share = 100.0 * stats.lost_kg[:, i].sum(axis=1) / np.maximum(stats.arrived_kg[:, i], 1e-300)
        _, low, high = mean_ci95(share)
        ci[p] = (max(0.0, low), max(0.0, high))
    return EcomFigures(
        loss_pct=mean_ci95(stats.loss_pct()),
        loss_pct_by_product={
            p: float(v) for p, v in zip(stats.product_ids, by_product, strict=True)
        },
        loss_pct_ci95_by_product=ci,
        lost_t_by_product_and_place={
            p: {place: float(lost_kg[i, k]) / 1000.0 for k, place in enumerate(PLACES)}
            for i, p in enumerate(stats.product_ids)
        },
        sold_online_t={
            p: float(stats.arrived_kg[:, i].mean()) / 1000.0
            for i, p in enumerate(stats.product_ids)
        },
        unserved_t=float(lost_kg[:, PLACES.index("refused")].sum()) / 1000.0,
    )
