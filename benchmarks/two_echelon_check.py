"""Check a 2E-CVRP plan against its instance file's data, independently of the solver: lengths
re-measured from the coordinates, every rule of the literature's model checked."""

from __future__ import annotations

import itertools
import math
from collections import Counter

from benchmarks.two_echelon_format import TwoEchelonInstance
from routing.two_echelon import TwoEchelonPlan

#: Freight is compared with this slack (floating-point sums of split deliveries).
_EPS = 1e-6


def plan_length(instance: TwoEchelonInstance, plan: TwoEchelonPlan) -> float:
    """Total Euclidean length of both levels, measured from the instance's coordinates."""
    paths = [(0, *r.satellites, 0) for r in plan.trucks]
    paths += [(r.satellite, *r.customers, r.satellite) for r in plan.freighters]
    return sum(
        math.dist(instance.points[a], instance.points[b])
        for path in paths
        for a, b in itertools.pairwise(path)
    )


def violations(instance: TwoEchelonInstance, plan: TwoEchelonPlan) -> list[str]:
    """Every broken rule, in words (empty for a valid plan)."""
    out: list[str] = []
    sats = set(range(1, instance.n_satellites + 1))
    customers = set(range(instance.n_satellites + 1, len(instance.points)))
    seen = Counter(c for r in plan.freighters for c in r.customers)
    out += [f"customer {c} not served" for c in sorted(customers - set(seen))]
    out += [f"customer {c} served {n} times" for c, n in sorted(seen.items()) if n > 1]
    out += [f"node {c} is not a customer" for c in sorted(set(seen) - customers)]
    freight = dict.fromkeys(sats, 0.0)
    per_sat: Counter[int] = Counter()
    for k, route in enumerate(plan.freighters):
        if route.satellite not in sats:
            out.append(f"freighter {k} starts at {route.satellite}, not a satellite")
            continue
        load = sum(instance.demand[c] for c in route.customers if c in customers)
        if load > instance.freighter_capacity + _EPS:
            out.append(f"freighter {k} carries {load} > {instance.freighter_capacity}")
        freight[route.satellite] += load
        per_sat[route.satellite] += 1
    if len(plan.freighters) > instance.freighters:
        out.append(f"{len(plan.freighters)} freighters > {instance.freighters}")
    out += [
        f"satellite {s} has {n} freighters > {instance.freighters_per_satellite}"
        for s, n in sorted(per_sat.items())
        if n > instance.freighters_per_satellite
    ]
    if len(plan.trucks) > instance.trucks:
        out.append(f"{len(plan.trucks)} trucks > {instance.trucks}")
    brought = dict.fromkeys(sats, 0.0)
    for k, truck in enumerate(plan.trucks):
        if len(truck.satellites) != len(truck.delivered) or not set(truck.satellites) <= sats:
            out.append(f"truck {k} visits non-satellites or lacks deliveries")
            continue
        if any(q < -_EPS for q in truck.delivered):
            out.append(f"truck {k} delivers a negative amount")
        if sum(truck.delivered) > instance.truck_capacity + _EPS:
            out.append(f"truck {k} carries {sum(truck.delivered)} > {instance.truck_capacity}")
        for s, q in zip(truck.satellites, truck.delivered, strict=True):
            brought[s] += q
    out += [
        f"satellite {s} receives {brought[s]} but hands out {freight[s]}"
        for s in sorted(sats)
        if abs(brought[s] - freight[s]) > _EPS * max(1.0, freight[s])
    ]
    return out
