"""Property: any valid network written as CSV (any accepted encoding) loads back unchanged."""

from __future__ import annotations

import csv
import io
import tempfile
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from network import Node, OutletKind, Tier, load_network

_HEADER = [
    "id",
    "name",
    "tier",
    "lon",
    "lat",
    "parent",
    "population",
    "households",
    "poor",
    "parcels_down",
    "parcels_up",
    "outlets",
    "备注",
]
# Letters of any script, digits, punctuation (commas, quotes) and spaces, as planners type them.
_text = st.text(st.characters(categories=["L", "N", "P", "Zs"]), max_size=12).map(str.strip)


@st.composite
def _nodes(draw: st.DrawFn) -> list[Node]:
    def node(node_id: str, tier: Tier, parent: str | None) -> Node:
        return Node(
            id=node_id,
            name=draw(_text.filter(bool)),
            tier=tier,
            lon=draw(st.floats(119.9, 120.1)),
            lat=draw(st.floats(26.7, 26.9)),
            parent=parent,
            population=draw(st.integers(0, 10**6)),
            households=draw(st.integers(0, 10**5)),
            poor=draw(st.booleans()),
            parcels_down_per_day=draw(st.floats(0, 1e4)),
            parcels_up_per_day=draw(st.floats(0, 1e4)),
            outlets=draw(st.frozensets(st.sampled_from(list(OutletKind)))),
            extra={"备注": draw(_text)},
        )

    townships = [node(f"T{k}", Tier.TOWNSHIP, "C") for k in range(draw(st.integers(1, 3)))]
    parents = st.sampled_from([t.id for t in townships])
    villages = [node(f"V{k}", Tier.VILLAGE, draw(parents)) for k in range(draw(st.integers(0, 6)))]
    return [node("C", Tier.COUNTY, None), *townships, *villages]


def _csv_text(nodes: list[Node]) -> str:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(_HEADER)
    for n in nodes:
        writer.writerow(
            [
                n.id,
                n.name,
                n.tier.value,
                repr(n.lon),
                repr(n.lat),
                n.parent or "",
                n.population,
                n.households,
                "是" if n.poor else "否",
                repr(n.parcels_down_per_day),
                repr(n.parcels_up_per_day),
                ";".join(sorted(k.value for k in n.outlets)),
                n.extra["备注"],
            ]
        )
    return out.getvalue()


@settings(max_examples=40, deadline=None)
@given(nodes=_nodes(), encoding=st.sampled_from(["utf-8", "utf-8-sig", "gb18030"]))
def test_written_network_loads_back_unchanged(nodes: list[Node], encoding: str) -> None:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "nodes.csv"
        path.write_bytes(_csv_text(nodes).encode(encoding))
        loaded = load_network(path)
    assert list(loaded) == nodes
    assert loaded.name == nodes[0].name
