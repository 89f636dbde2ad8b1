"""Benchmark the cold-chain season engine.

    python -m benchmarks.coldchain [--runs 3] [--seasons 1000] [--processes 2] [--demo]

- one year at hourly steps (8,760 steps) for 10 facilities x 10 products, one seed
  (goal < 1 s);
- ``--seasons`` Monte Carlo seasons at daily steps on ``--processes`` worker processes
  (goal: 1,000 seasons < 60 s on 2 cores);
- the same step written as a plain Python loop (lists and floats, no numpy) on a short horizon
  (two weeks hourly), checked against the engine and timed per step;
- with ``--demo``: the built-in demo county's spring-peak figures for a plausibility check,
  and its e-commerce scope (the fresh parcels sold online): 40 seasons of every cold-parcel
  lane, timed, with the loss per product.

Every time is the median of ``--runs`` runs in this process, wall clock and CPU (process) time:
the machine is shared, so CPU time and the ratios are the stable figures.
"""

from __future__ import annotations

import argparse
import math
import statistics
import time
import tomllib
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path
from typing import Any

import numpy as np

from coldchain import (
    ColdStore,
    Facility,
    PreCooler,
    ProcessingLine,
    ReeferFleet,
    load_catalogue,
    monte_carlo,
    prepare_season,
)
from coldchain.engine import EngineInput, run_engine
from coldchain.inflow import harvest_inflows
from coldchain.products import with_season_days
from network import Network, Node, Tier

_SPOILED = 1.0 - 1e-9
_EPS_KG = 1e-9
_TINY = 1e-300


def bench_network() -> tuple[Network, list[Facility]]:
    """Three villages of one township growing all 10 products; exactly 10 facilities."""
    catalogue = load_catalogue()
    supply = dict.fromkeys(catalogue, 2000.0)
    supply["kelp"] = 40_000.0
    nodes = [
        Node("dc", "DC", Tier.COUNTY, 120.00, 26.88),
        Node("t1", "T1", Tier.TOWNSHIP, 120.10, 26.90, parent="dc"),
        Node("v1", "V1", Tier.VILLAGE, 120.11, 26.91, parent="t1", supply_kg_per_day=supply),
    ]
    cold = ("croaker", "loquat", "leafy_veg", "bamboo_shoot", "laver", "tea")
    facilities: list[Facility] = [
        ProcessingLine("proc-sea", "t1", 45_000.0, ("kelp", "laver")),
        ProcessingLine("proc-tea", "t1", 2_000.0, ("tea",)),
        PreCooler(
            "pc-cold",
            "t1",
            7_000.0,
            1.0,
            products=("croaker", "loquat", "leafy_veg", "bamboo_shoot"),
        ),
        PreCooler("pc-live", "t1", 3_000.0, 7.0, products=("sea_cucumber", "abalone")),
        ColdStore("cr-1c", "t1", 1_500.0, 1.0, products=cold),
        ColdStore("cr-live", "t1", 200.0, 7.0, products=("sea_cucumber", "abalone")),
        ColdStore("cr-grain", "t1", 3_000.0, 15.0, products=("rice",)),
        ColdStore("fs-kelp", "t1", 12_000.0, -18.0, frozen=True, design_density_kg_m3=470.0),
        ReeferFleet("reefer-t1", "t1", 4, products=("croaker", "sea_cucumber", "abalone")),
        ReeferFleet("reefer-dc", "dc", 10),
    ]
    return Network(nodes, name="bench"), facilities


def timed(fn: Callable[[], Any], runs: int) -> tuple[float, float, Any]:
    """Median wall and CPU seconds of ``runs`` calls, and the last result."""
    wall, cpu, result = [], [], None
    for _ in range(runs):
        w, c = time.perf_counter(), time.process_time()
        result = fn()
        wall.append(time.perf_counter() - w)
        cpu.append(time.process_time() - c)
    return statistics.median(wall), statistics.median(cpu), result


def python_engine(data: EngineInput) -> dict[str, list[list[float]]]:
    """The engine's step as a plain Python loop over lanes, pools and slots (one seed).

    Same algorithm and order as :func:`coldchain.engine.run_engine`: expire, arrive, share the
    reefer, prep and store capacity pro rata, take first-expired-first-out, move prepped
    product into the store's quality slots.
    """
    n_step, n_lane, k = data.arrivals_kg.shape[1], data.arrivals_kg.shape[2], data.slots
    kt = k + 1
    life = [(float(data.wait_life[i]), float(data.store_life[i])) for i in range(n_lane)]
    extra = [(float(data.prep_life[i]), float(data.transit_life[i])) for i in range(n_lane)]
    mass = [[[0.0] * kt for _ in range(2)] for _ in range(n_lane)]
    keys = [[[0.0] * kt for _ in range(2)] for _ in range(n_lane)]
    out: dict[str, list[list[float]]] = {n: [] for n in ("dispatched", "lost", "stock")}
    top_value = max(float(data.value_per_kg[i] / data.trips_per_kg[i]) for i in range(n_lane))
    priority = [  # fleets serve fresh before held stock, then the most valuable load first
        2.0 * (float(data.release[i]) < 1.0)
        - float(data.value_per_kg[i] / data.trips_per_kg[i]) / (1.0 + top_value)
        for i in range(n_lane)
    ]
    for t in range(n_step):
        lost = [0.0] * n_lane
        for i in range(n_lane):
            for p in range(2):
                limit = _SPOILED - t * life[i][p] - extra[i][p]
                m, q = mass[i][p], keys[i][p]
                for j in range(kt):
                    if q[j] / (m[j] + _EPS_KG) >= limit:
                        lost[i] += m[j]
                        m[j] = q[j] = 0.0
            slot = math.floor(-(t * life[i][0]) * k) % kt
            arrived = float(data.arrivals_kg[0, t, i])
            mass[i][0][slot] += arrived
            keys[i][0][slot] -= arrived * (t * life[i][0])
        totals = [[sum(mass[i][p]) for p in range(2)] for i in range(n_lane)]
        moved, sent = _python_amounts(data, totals, priority)
        out_row = [0.0] * n_lane
        for i in range(n_lane):
            amounts = (moved[i], sent[i])
            entries = []  # prepped lots enter the store after this step's dispatch
            for p in range(2):
                offset = t * life[i][p]
                top = math.ceil((1.0 - offset) * k) - 1
                before = 0.0
                m, q = mass[i][p], keys[i][p]
                key = [q[j] / (m[j] + _EPS_KG) for j in range(kt)]
                for rank in range(kt):
                    j = (top - rank) % kt
                    take = min(max(amounts[p] - before, 0.0), m[j])
                    before += m[j]
                    m[j] -= take
                    q[j] -= take * key[j]
                    used = key[j] + (offset + extra[i][p])
                    if p == 1:
                        out_row[i] += take
                    else:
                        entries.append((take, used - t * life[i][1]))
            for take, key_s in entries:
                s = math.floor(key_s * k) % kt
                mass[i][1][s] += take
                keys[i][1][s] += take * key_s
        out["dispatched"].append(out_row)
        out["lost"].append(lost)
        out["stock"].append([sum(mass[i][0]) + sum(mass[i][1]) for i in range(n_lane)])
    return out


def _python_amounts(
    data: EngineInput, total: list[list[float]], priority: list[float]
) -> tuple[list[float], list[float]]:
    n_lane = len(total)

    def granted(asked: list[float], fac: np.ndarray, cap: list[float]) -> list[float]:
        per_fac = [0.0] * len(cap)
        for i in range(n_lane):
            per_fac[int(fac[i])] += asked[i]
        ratio = [min(1.0, c / max(a, _TINY)) for c, a in zip(cap, per_fac, strict=True)]
        return [ratio[int(fac[i])] for i in range(n_lane)]

    want = [total[i][1] * float(data.release[i]) for i in range(n_lane)]
    sent = [0.0] * n_lane
    left = [float(c) for c in data.reefer_cap_trips]
    for i in sorted(range(n_lane), key=lambda i: (int(data.reefer_fac[i]), priority[i])):
        trips = want[i] * float(data.trips_per_kg[i])
        got = min(trips, max(left[int(data.reefer_fac[i])], 0.0))
        left[int(data.reefer_fac[i])] -= got
        sent[i] = want[i] * (got / max(trips, _TINY))
    waiting = [total[i][0] for i in range(n_lane)]
    g = granted(waiting, data.prep_fac, [float(c) for c in data.prep_cap_kg])
    served = [waiting[i] * g[i] for i in range(n_lane)]
    left = [0.0] * data.store_cap_m3.shape[0]
    for i in range(n_lane):
        left[int(data.store_fac[i])] += (total[i][1] - sent[i]) * float(data.m3_per_kg[i])
    free = [max(float(c) - x, 0.0) for c, x in zip(data.store_cap_m3, left, strict=True)]
    room = granted(
        [served[i] * float(data.m3_per_kg[i]) for i in range(n_lane)], data.store_fac, free
    )
    return [served[i] * room[i] for i in range(n_lane)], sent


def _year_hourly(runs: int) -> None:
    net, facilities = bench_network()
    setup = prepare_season(net, facilities=facilities, steps_per_day=24)
    data = replace(
        setup.engine,
        arrivals_kg=harvest_inflows(setup.lanes, setup.products, seeds=[1], steps_per_day=24),
    )
    print(
        f"network: {len(setup.facilities)} facilities x {len(setup.lanes)} products (lanes), "
        f"{data.arrivals_kg.shape[1]} hourly steps"
    )
    wall, cpu, _ = timed(lambda: run_engine(data), runs)
    print(f"  one year hourly, engine:     wall {wall:6.2f} s   cpu {cpu:6.2f} s   (goal < 1 s)")
    short = replace(data, arrivals_kg=data.arrivals_kg[:, 24 * 60 : 24 * 74])  # 2 weeks of March
    np_wall, np_cpu, np_out = timed(lambda: run_engine(short), runs)
    py_wall, py_cpu, py_out = timed(lambda: python_engine(short), runs)
    n = short.arrivals_kg.shape[1]
    lost = np_out.lost_wait + np_out.lost_store
    diff = max(
        float(np.abs(np.array(py_out["dispatched"]) - np_out.dispatched[0]).max()),
        float(np.abs(np.array(py_out["lost"]) - lost[0]).max()),
        float(np.abs(np.array(py_out["stock"]) - (np_out.waiting + np_out.stored)[0]).max()),
    )
    print(
        f"  {n} hourly steps: numpy {1e6 * np_cpu / n:7.1f} us/step, plain Python "
        f"{1e6 * py_cpu / n:7.1f} us/step (cpu) -> numpy {py_cpu / np_cpu:4.1f}x faster "
        f"(wall {py_wall / np_wall:4.1f}x); max difference {diff:.2e} kg"
    )


def _monte_carlo(seasons: int, processes: int, runs: int) -> None:
    net, facilities = bench_network()
    setup = prepare_season(net, facilities=facilities)
    one_wall, one_cpu, _ = timed(lambda: monte_carlo(setup, runs=50, processes=1, chunk=50), runs)
    wall, _cpu, stats = timed(
        lambda: monte_carlo(setup, runs=seasons, processes=processes, chunk=50), runs
    )
    loss = stats.loss_pct()
    print(
        f"  {seasons} seasons daily, {processes} processes: wall {wall:6.2f} s (goal < 60 s); "
        f"50 seasons in 1 process: wall {one_wall:5.2f} s, cpu {one_cpu:5.2f} s"
    )
    print(f"    loss {loss.mean():.2f} % mean, P90 {np.percentile(loss, 90):.2f} %")


def _demo(runs: int) -> None:
    from network import load_network  # the demo county is package data of scenarios

    folder = Path(__file__).resolve().parents[1] / "scenarios" / "data" / "xiapu"
    if not (folder / "nodes.csv").exists():
        print("  demo county not found: skipped")
        return
    net = load_network(folder / "nodes.csv", coords="gcj02")
    # the season lengths the demo's supply columns were averaged over (its scenario.toml)
    stated = tomllib.loads((folder / "scenario.toml").read_text(encoding="utf-8"))
    catalogue = with_season_days(load_catalogue(), stated["coldchain"]["supply_season_days"])
    setup = prepare_season(net, catalogue=catalogue, start_doy=60, days=122)  # March-June peak
    stats = monte_carlo(setup, runs=max(runs, 10))
    days = 122
    print(
        f"  demo county {net.name}: {len(setup.lanes)} lanes, "
        f"{len(setup.facilities)} default facilities"
    )
    for i, pid in enumerate(stats.product_ids):
        arrived_t = stats.arrived_kg[:, i].mean() / 1000
        lost = 100 * stats.lost_kg[:, i].mean() / max(stats.arrived_kg[:, i].mean(), 1e-9)
        print(
            f"    {pid:13s} harvest {arrived_t:10.0f} t in {days} d "
            f"({arrived_t / days:8.1f} t/day)  lost {lost:5.1f} %  "
            f"value lost {stats.lost_value_yuan[:, i].mean() / 1e6:8.2f} M yuan"
        )
    stores = [f for f in setup.facilities if isinstance(f, ColdStore)]
    print(
        f"    stores: {sum(f.volume_m3 for f in stores):,.0f} m3, "
        f"{sum(f.capacity_t for f in stores):,.0f} t (GB 50072); "
        f"loss {stats.loss_pct().mean():.1f} % of value, P90 {stats.percentile_loss_pct(90):.1f} %"
    )


def _ecommerce_demo(runs: int) -> None:
    from coldchain.ecommerce_plan import EcomOptions, evaluate, layout
    from scenarios.demo import demo_scenario  # the demo county is package data of scenarios
    from scenarios.runner import load_inputs
    from scenarios.schema import load_scenario

    scenario = load_scenario(demo_scenario())
    net, matrix = load_inputs(scenario)
    days = scenario.sections["coldchain"].supply_season_days
    catalogue = with_season_days(load_catalogue(), days)
    options = EcomOptions(runs=40)
    points, lanes = layout(net, matrix, catalogue, options)
    walls = []
    for _ in range(runs):
        start = time.perf_counter()
        plan = evaluate(net, matrix, catalogue, points, lanes, options, reefers=0)
        walls.append(time.perf_counter() - start)
    loss = dict(zip(plan.stats.product_ids, plan.stats.loss_pct_by_product(), strict=True))
    print(
        f"  demo e-commerce scope: {len(lanes)} lanes, 40 seasons + build: "
        f"wall {statistics.median(walls):5.2f} s (median of {runs}); capital "
        f"{plan.build.capital_yuan:,.0f} yuan; loss % "
        + ", ".join(f"{p} {v:.2f}" for p, v in loss.items())
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--seasons", type=int, default=1000)
    parser.add_argument("--processes", type=int, default=2)
    parser.add_argument("--demo", action="store_true")
    args = parser.parse_args()
    _year_hourly(args.runs)
    _monte_carlo(args.seasons, args.processes, args.runs)
    if args.demo:
        _demo(args.runs)
        _ecommerce_demo(args.runs)


if __name__ == "__main__":
    main()
