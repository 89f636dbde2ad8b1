"""Another hub in the northern townships: routing cost, cost per parcel and vehicles before/after.

The new hub is a depot (a township-tier node) at a village's position; the villages of the
northern townships that lie nearer (road km) to it than to their own township hub are served
from it. The county DC's trunk then supplies one more hub, and the feeder rounds from the far
northern villages get shorter. Both plans are solved with the same settings and seed.

Change ``NEW_HUB_AT`` (a village id) and ``NORTH_TOWNSHIP_IDS`` to try other places.

    python -m scenarios.scripts.add_township_hub --out out/hub [--fast] [--small] [--lang en]
"""

from __future__ import annotations

from dataclasses import replace
from decimal import Decimal
from pathlib import Path
from types import MappingProxyType
from typing import Any

import numpy as np

from network import DistanceMatrix, Network, Tier
from network.texts import DEFAULT_LANG, N_, Lang, texts_for
from scenarios.outputs import write_csv_atomic
from scenarios.scripts.demo_inputs import (
    FAST_TOWNSHIP_IDS,
    ROUTES_ONLY,
    command_line,
    county_inputs,
    demo_with,
    run_section,
    say_area,
)
from scenarios.sections.routing import RoutingOutcome

# 洋中村 (柏洋乡), between the northern villages of 柏洋乡 and 水门畲族乡.
NEW_HUB_AT = "350921203209"
NORTH_TOWNSHIP_IDS = FAST_TOWNSHIP_IDS  # 水门畲族乡, 崇儒畲族乡, 柏洋乡
FIGURES = ("daily_cost_yuan", "cost_per_parcel_yuan", "distance_km", "vehicles")


def hub_id(village_id: str) -> str:
    return f"{village_id}-hub"


def with_hub(network: Network, matrix: DistanceMatrix, village_id: str) -> tuple[Network, int]:
    """The network with a new hub at ``village_id``; how many villages moved to it."""
    site = network[village_id]
    county = network.county_dcs[0].id
    new_id = hub_id(village_id)
    hub = replace(
        site,
        id=new_id,
        name=f"{site.name} hub",
        tier=Tier.TOWNSHIP,
        parent=county,
        population=0,
        households=0,
        poor=False,
        parcels_down_per_day=0.0,
        parcels_up_per_day=0.0,
        supply_kg_per_day=MappingProxyType({}),
        outlets=frozenset(),
    )
    nodes, moved = [], 0
    for node in network:
        nearer = matrix.km(village_id, node.id) < matrix.km(node.parent or county, node.id)
        if node.tier is Tier.VILLAGE and node.parent in NORTH_TOWNSHIP_IDS and nearer:
            node, moved = replace(node, parent=new_id), moved + 1
        nodes.append(node)
    return network.replace_nodes([*nodes, hub]), moved


def with_twin(matrix: DistanceMatrix, of_id: str, new_id: str) -> DistanceMatrix:
    """The matrix with ``new_id`` appended at the same place as ``of_id``."""
    i = matrix.index(of_id)

    def grow(a: np.ndarray[Any, np.dtype[np.float64]]) -> np.ndarray[Any, np.dtype[np.float64]]:
        a = np.vstack([a, a[i : i + 1, :]])
        a = np.hstack([a, a[:, i : i + 1]])
        a[-1, -1] = 0.0
        return a

    return DistanceMatrix(
        ids=(*matrix.ids, new_id),
        distance_m=grow(matrix.distance_m),
        duration_s=grow(matrix.duration_s),
        source=matrix.source,
        fare_yuan=None if matrix.fare_yuan is None else grow(matrix.fare_yuan),
        snap_m=None if matrix.snap_m is None else np.append(matrix.snap_m, matrix.snap_m[i]),
    )


CASES = {"before": N_("before"), "after": N_("after"), "change": N_("change")}
"""The compared cases for people (the CSV keeps the codes)."""


def main(
    out_dir: Path, *, fast: bool = False, small: bool = False, lang: Lang = DEFAULT_LANG
) -> Path:
    """Solve the routes without and with the new hub; write add_township_hub.csv (printed in
    ``lang``)."""
    tr = texts_for(lang)
    scenario = demo_with(ROUTES_ONLY)
    network, matrix = county_inputs(scenario, small=small)
    say_area(network, small=small, tr=tr)
    after_net, moved = with_hub(network, matrix, NEW_HUB_AT)
    after_matrix = with_twin(matrix, NEW_HUB_AT, hub_id(NEW_HUB_AT))
    rows: list[dict[str, Any]] = []
    for case, net, mat in (("before", network, matrix), ("after", after_net, after_matrix)):
        summary = run_section(RoutingOutcome, scenario, net, mat, fast=fast).summary()
        rows.append({"case": case, "hubs": len(net.townships), **{k: summary[k] for k in FIGURES}})
    before, after = rows
    rows.append(
        {"case": "change", "hubs": after["hubs"] - before["hubs"]}
        | {k: _change(before[k], after[k]) for k in FIGURES}
    )
    out_dir.mkdir(parents=True, exist_ok=True)
    path = out_dir / "add_township_hub.csv"
    write_csv_atomic(path, rows)
    print(
        tr(
            "new hub at {name} ({id}): {moved} villages move to it",
            name=network[NEW_HUB_AT].name,
            id=NEW_HUB_AT,
            moved=moved,
        )
    )
    for row in rows:
        print(
            tr(
                "  {case}: {hubs} hubs, {daily} a day, {per_parcel} a parcel, {km} km a day, "
                "{vehicles} vehicles",
                case=tr(CASES[row["case"]]),
                hubs=row["hubs"],
                daily=tr.yuan(Decimal(row["daily_cost_yuan"])),
                per_parcel=tr.yuan(Decimal(row["cost_per_parcel_yuan"])),
                km=tr.number(float(row["distance_km"]), 1),
                vehicles=row["vehicles"],
            )
        )
    return path


def _change(before: Any, after: Any) -> str:
    """after - before, money kept exact (Decimal strings), other figures rounded."""
    if isinstance(before, str):
        return str(Decimal(after) - Decimal(before))
    return str(round(after - before, 1))


if __name__ == "__main__":
    command_line(main, __doc__ or "")
