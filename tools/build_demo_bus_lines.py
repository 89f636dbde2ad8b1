"""Build the demo county's example ``bus_lines.csv`` (an estimate, not a timetable).

Dev-time only: reads the demo network (``scenarios/data/xiapu``) and writes
``scenarios/data/xiapu/bus_lines.csv``. One line per inland township in :data:`TOWNSHIPS`: the
county seat (the county DC), the township seat (its hub), then up to :data:`VILLAGES_PER_LINE`
of its villages on the way to its farthest village (a village is "on the way" when the detour
through it is at most :data:`DETOUR` x the direct road distance; the farthest of them are
taken), ordered outward. Times, hold
size and fees are the assumptions of ``SOURCES.md`` (section "Bus lines"). Deterministic.

Usage::

    .venv/bin/python tools/build_demo_bus_lines.py
"""

from __future__ import annotations

import csv
import io
from pathlib import Path

from network import Network, load_network
from network.distances import DistanceMatrix, distance_matrix
from network.files import write_text_atomic

OUT = Path(__file__).resolve().parent.parent / "scenarios" / "data" / "xiapu"
#: Inland townships whose remote villages a county bus line plausibly serves.
TOWNSHIPS = ("350921103", "350921102", "350921201", "350921202", "350921203")
VILLAGES_PER_LINE = 4
DETOUR = 1.3
#: EST: below ZTO's 0.39 yuan/parcel line-haul (facts.md 3b): the bus runs anyway and its
#: hold's marginal cost is small; facts.md has no local bus fee.
FEE_YUAN_PER_PARCEL = "0.3"
COLUMNS = (
    "line_id",
    "name",
    "stops",
    "departures",
    "return_departures",
    "capacity_parcels",
    "capacity_kg",
    "fee_yuan_per_parcel",
    "fee_yuan_per_departure",
    "handover_min",
    "minutes_factor",
)


def line_stops(net: Network, matrix: DistanceMatrix, township: str) -> list[str]:
    """County seat, township seat, then villages on the way to the farthest, outward."""
    hub = net[township]
    villages = net.children(township)
    far = max(villages, key=lambda v: (matrix.km(hub.id, v.id), v.id))
    direct = matrix.km(hub.id, far.id)
    on_way = [
        v
        for v in villages
        if v.id != far.id and matrix.km(hub.id, v.id) + matrix.km(v.id, far.id) <= DETOUR * direct
    ]
    on_way.sort(key=lambda v: (-matrix.km(hub.id, v.id), v.id))
    chosen = sorted(on_way[: VILLAGES_PER_LINE - 1], key=lambda v: matrix.km(hub.id, v.id))
    county = net.county_dcs[0].id
    return [county, hub.id, *(v.id for v in chosen), far.id]


def main() -> None:
    net = load_network(OUT / "nodes.csv", coords="gcj02", ferries=OUT / "ferries.csv")
    matrix = distance_matrix(net)
    text = io.StringIO()
    writer = csv.writer(text, lineterminator="\n")
    writer.writerow(COLUMNS)
    for n, township in enumerate(TOWNSHIPS, start=1):
        stops = line_stops(net, matrix, township)
        name = "县城—" + "—".join(net[s].name.removesuffix("村委会") for s in stops[1:])
        times = ("07:30;12:30", "09:40;15:20")
        hold = (100, 150, FEE_YUAN_PER_PARCEL, "", 3, 1.2)
        writer.writerow((f"B{n:02d}", name, ";".join(stops), *times, *hold))
    write_text_atomic(OUT / "bus_lines.csv", text.getvalue())


if __name__ == "__main__":
    main()
