"""County scale: the full ``plan`` on the demo county split into natural villages.

    python -m benchmarks.county_scale [--villages 320,1000,3000] [--out DIR] [--fast]
                                      [--routing-only] [--seconds S]

For each size (the demo's 320 villages split into that many natural villages; see
:mod:`benchmarks.natural_villages`) writes the county to ``DIR/vN`` (nodes and ferries in
WGS-84, the demo's defaults otherwise), runs ``county-logistics plan`` on it in a child
process and prints its wall time, the peak resident memory of its largest process, siting's
gap and the routing cost. Then, on the same county, the day's routing several ways in the same
wall time: our two echelons (trunk + one feeder problem per hub, in two processes; then with
free assignment, :mod:`routing.assignment`, not held to the same time), the flat
model on PyVRP and on OR-Tools (one problem with every hub as a depot, given the two-echelon
solve's wall time; both engines on the two cores); with ``--longer F`` the two echelons again
with F times the time, to tell the search's share of a gap from the model's.

The whole default run (320, 1,000 and 3,000 villages) takes about half an hour on a shared
2-core machine; ``--villages 320 --routing-only`` is a routine check of a minute or two.
"""

from __future__ import annotations

import argparse
import csv
import json
import math
import subprocess
import sys
import tempfile
import time
from dataclasses import replace
from pathlib import Path

from benchmarks.natural_villages import split_to
from network import Network, distance_matrix
from routing import SolverSettings, fleets_of, solve_flat, solve_two_echelon
from routing.assignment import AssignmentRules, solve_assigned
from routing.frequency import schedule_visits
from routing.settings import Engine, SolverError
from scenarios.demo import demo_scenario
from scenarios.runner import load_inputs
from scenarios.schema import load_scenario
from scenarios.sections import routing as routing_section

_PEAK = (
    "import resource, subprocess, sys; code = subprocess.run(sys.argv[1:]).returncode; "
    "print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss); sys.exit(code)"
)


def write_county(network: Network, folder: Path) -> Path:
    """``network`` as a scenario folder (nodes.csv, ferries.csv, scenario.toml); its path."""
    folder.mkdir(parents=True, exist_ok=True)
    supplies = sorted({p for n in network for p in n.supply_kg_per_day})
    columns = [
        "id", "name", "tier", "lon", "lat", "parent", "population", "households", "poor",
        "parcels_down", "parcels_up", "outlets", "island", "generated_position",
        *(f"supply_{p}_kg" for p in supplies),
    ]  # fmt: skip
    with (folder / "nodes.csv").open("w", newline="", encoding="utf-8") as fh:
        writer = csv.writer(fh)
        writer.writerow(columns)
        for n in network:
            writer.writerow(
                [
                    n.id, n.name, str(n.tier), f"{n.lon:.7f}", f"{n.lat:.7f}", n.parent or "",
                    n.population, n.households, int(n.poor), n.parcels_down_per_day,
                    n.parcels_up_per_day, ";".join(sorted(str(o) for o in n.outlets)),
                    n.island or "", int(n.generated_position),
                    *(n.supply_kg_per_day.get(p, "") for p in supplies),
                ]
            )  # fmt: skip
    with (folder / "ferries.csv").open("w", newline="", encoding="utf-8") as fh:
        writer = csv.writer(fh)
        writer.writerow(
            ["name", "island", "mainland_lon", "mainland_lat", "island_lon", "island_lat",
             "crossing_min", "cost_per_trip_yuan", "sea_distance_km", "departures_per_day"]
        )  # fmt: skip
        for f in network.ferries:
            writer.writerow(
                [f.name, f.island, f.mainland_lon, f.mainland_lat, f.island_lon, f.island_lat,
                 f.crossing_min, f.cost_per_trip_yuan, f.sea_distance_km, f.departures_per_day]
            )  # fmt: skip
    scenario = folder / "scenario.toml"
    scenario.write_text(
        f'name = "{network.name}"\n[network]\nnodes = "nodes.csv"\ncoords = "wgs84"\n'
        'ferries = "ferries.csv"\n',
        encoding="utf-8",
    )
    return scenario


def run_cli_plan(
    scenario: Path, out: Path, *, fast: bool
) -> tuple[float, float, dict[str, object]]:
    """Run ``plan`` in a child process: wall seconds, peak MB of its largest process, plan.json."""
    cmd = [sys.executable, "-m", "scenarios.cli", "plan", str(scenario), "--out", str(out)]
    cmd += ["--quiet", *(["--fast"] if fast else [])]
    started = time.perf_counter()
    done = subprocess.run(
        [sys.executable, "-c", _PEAK, *cmd], capture_output=True, text=True, check=False
    )
    wall = time.perf_counter() - started
    if done.returncode != 0:
        raise RuntimeError(f"plan failed ({done.returncode}): {done.stderr.strip()[-500:]}")
    peak_mb = int(done.stdout.strip().splitlines()[-1]) / 1024.0
    plan = json.loads((out / "plan.json").read_text(encoding="utf-8"))
    return wall, peak_mb, plan


def routing_three_ways(
    network: Network, *, seconds: float, seed: int, longer: float = 0.0
) -> dict[str, float]:
    """Day 0 of every mainland village (administrative hubs; island villages need ferry fares,
    which PyVRP does not model): two echelons in two processes, then the flat model on PyVRP
    and on OR-Tools in the two-echelon solve's wall time (yuan a day)."""
    network = network.subset(n.id for n in network if n.island is None)
    matrix = distance_matrix(network)
    config = routing_section.Config()
    fleets = fleets_of(config.fleet, shift_min=config.shift_min)
    settings = routing_section._settings(network, config)
    loads = schedule_visits(network, {v.id: 1 for v in network.villages}).loads_on(0, network)
    solver = SolverSettings(time_limit_s=seconds, seed=seed)
    two = solve_two_echelon(
        network, matrix, loads, fleets=fleets, settings=settings, solver=solver, workers=2
    )
    costs = {"two_echelon": two.cost_yuan, "two_echelon_s": two.seconds}
    # One PyVRP per sub-problem: two workers, two processes on the two cores (the default
    # engine runs two seeds per sub-problem, so four processes share them).
    single = solve_two_echelon(
        network,
        matrix,
        loads,
        fleets=fleets,
        settings=settings,
        solver=replace(solver, engine="pyvrp"),
        workers=2,
    )
    costs["two_echelon_single"] = single.cost_yuan
    costs["two_echelon_single_s"] = single.seconds
    if longer > 0:  # the same model searched longer: how much of a gap is the search's
        more = replace(solver, time_limit_s=seconds * longer)
        slow = solve_two_echelon(
            network, matrix, loads, fleets=fleets, settings=settings, solver=more, workers=2
        )
        costs["two_echelon_longer"] = slow.cost_yuan
        costs["two_echelon_longer_s"] = slow.seconds
    free = solve_assigned(
        network,
        matrix,
        loads,
        rules=AssignmentRules("free"),
        fleets=fleets,
        settings=settings,
        solver=solver,
        workers=2,
    )
    costs["free"] = free.result.cost_yuan
    costs["free_crossings"] = len(free.crossings)
    costs["two_echelon_trunk"] = sum(p.plan.cost_yuan for p in two.parts if p.echelon == "trunk")
    # "auto" runs PyVRP with two seeds on the two cores (the resources the two echelons'
    # two workers have); "ortools" runs the OR-Tools pair on them.
    engines: tuple[tuple[str, Engine], ...] = (("pyvrp", "auto"), ("ortools", "ortools"))
    for label, engine in engines:
        started = time.perf_counter()
        try:
            flat = solve_flat(
                network,
                matrix,
                loads,
                fleets=fleets,
                settings=settings,
                solver=replace(solver, engine=engine),
                flat_time_limit_s=two.seconds,
            )
        except SolverError:  # no strategy handed back a plan (OR-Tools past its time limit)
            costs[f"flat_{label}"] = math.nan
            costs[f"flat_{label}_s"] = time.perf_counter() - started
            costs[f"flat_{label}_unserved"] = len(network.villages)
            continue
        big = next(p for p in flat.parts if p.echelon == "flat")
        if label == "pyvrp" and not big.plan.engine.startswith("pyvrp"):
            raise RuntimeError(f"the flat problem was solved by {big.plan.engine}, not PyVRP")
        served = sum(len(p.plan.served) for p in flat.parts if p.echelon != "trunk")
        costs[f"flat_{label}"] = flat.cost_yuan if served else math.nan
        costs[f"flat_{label}_s"] = flat.seconds
        costs[f"flat_{label}_unserved"] = sum(len(p.plan.unserved) for p in flat.parts)
    costs["two_echelon_unserved"] = sum(len(p.plan.unserved) for p in two.parts)
    return costs


def _flat(costs: dict[str, float], label: str) -> str:
    seconds, unserved = costs[f"flat_{label}_s"], costs[f"flat_{label}_unserved"]
    if math.isnan(costs[f"flat_{label}"]):
        return f"no plan in {seconds:.1f} s ({unserved:.0f} stops unserved)"
    return f"{costs[f'flat_{label}']:.0f} ({unserved:.0f} unserved, {seconds:.1f} s with its trunk)"


def main(argv: list[str] | None = None) -> int:
    """Run the sizes and print one line each (module docstring)."""
    parser = argparse.ArgumentParser(prog="python -m benchmarks.county_scale", description=__doc__)
    parser.add_argument(
        "--villages", default="320,1000,3000", help="county sizes to run, e.g. 320,1000,3000"
    )
    parser.add_argument("--out", type=Path, default=None, help="folder for the counties/plans")
    parser.add_argument("--fast", action="store_true", help="plan --fast (smoke runs)")
    parser.add_argument("--routing-only", action="store_true", help="skip the full plan")
    parser.add_argument("--seconds", type=float, default=2.0, help="per routing sub-problem")
    parser.add_argument(
        "--longer", type=float, default=0.0, help="also two echelons at this many times --seconds"
    )
    args = parser.parse_args(argv)
    base, _ = load_inputs(load_scenario(demo_scenario()))
    root = args.out or Path(tempfile.mkdtemp(prefix="county-scale-"))
    for size in (int(w) for w in args.villages.split(",")):
        county = split_to(base, villages=size, seed=0)
        line = f"{len(county.villages):5d} villages:"
        if not args.routing_only:
            scenario = write_county(county, root / f"v{size}")
            wall, peak_mb, plan = run_cli_plan(scenario, root / f"v{size}" / "out", fast=args.fast)
            siting = plan.get("siting") or {}
            routing = plan.get("routing") or {}
            assert isinstance(siting, dict) and isinstance(routing, dict)
            line += (
                f" plan {wall:7.1f} s, peak {peak_mb:6.0f} MB, siting gap "
                f"{siting.get('gap_pct')} %, routing {routing.get('daily_cost_yuan')} yuan/day;"
            )
        costs = routing_three_ways(county, seconds=args.seconds, seed=1, longer=args.longer)
        line += (
            f" day 0 in {costs['two_echelon_s']:.1f} s: two echelons {costs['two_echelon']:.0f}"
            f" yuan (trunk {costs['two_echelon_trunk']:.0f}; "
            f"{costs['two_echelon_unserved']:.0f} unserved), one PyVRP per sub-problem "
            f"{costs['two_echelon_single']:.0f} ({costs['two_echelon_single_s']:.1f} s), "
            "free assignment "
            f"{costs['free']:.0f} ({costs['free_crossings']:.0f} across borders), flat PyVRP "
            f"{_flat(costs, 'pyvrp')}, flat OR-Tools {_flat(costs, 'ortools')}"
        )
        if args.longer > 0:
            line += (
                f"; two echelons at {args.longer:g}x the time: {costs['two_echelon_longer']:.0f}"
                f" yuan in {costs['two_echelon_longer_s']:.1f} s"
            )
        print(line, flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
