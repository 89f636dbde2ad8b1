"""Random test problems: one depot in the middle of a square, clients with down and up parcels."""

from __future__ import annotations

import numpy as np

from routing import RoutingProblem, VehicleType


def scattered_problem(
    n: int,
    *,
    seed: int,
    side_m: float,
    speed_m_s: float,
    base_capacity: float,
    service_s: float,
    **vehicle: object,
) -> RoutingProblem:
    """Depot at the centre of a ``side_m`` square, ``n`` seeded clients (1-9 down, 0-5 up),
    travel at ``speed_m_s``; one "tricycle" type: ``n`` of them, ``base_capacity``, 50 yuan
    fixed, unless ``vehicle`` says otherwise."""
    rng = np.random.default_rng(seed)
    xy = np.vstack([[side_m / 2, side_m / 2], rng.uniform(0, side_m, (n, 2))])
    dist = np.linalg.norm(xy[:, None] - xy[None, :], axis=2)
    options: dict[str, object] = {"count": n, "capacity": (base_capacity,), "fixed_cost_yuan": 50.0}
    options.update(vehicle)
    return RoutingProblem.from_matrix(
        dist,
        dist / speed_m_s,
        delivery=np.r_[0, rng.integers(1, 10, n)],
        pickup=np.r_[0, rng.integers(0, 6, n)],
        fleet=[VehicleType("tricycle", **options)],  # type: ignore[arg-type]
        service_s=service_s,
    )
