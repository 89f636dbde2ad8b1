"""Places on an island without a ferry: set aside with a reason, counted as not covered."""

from __future__ import annotations

from network import FerryLink, Network, Node, Tier, coverage_report, distance_matrix
from network.reach import reachable_part, unreachable_nodes
from network.texts import texts_for


def _county(ferries: tuple[FerryLink, ...] = ()) -> Network:
    nodes = [
        Node("T1", "甲镇", Tier.TOWNSHIP, 120.00, 26.90),
        Node("V1", "甲村", Tier.VILLAGE, 120.01, 26.90, parent="T1"),
        Node("T2", "海岛乡", Tier.TOWNSHIP, 120.20, 26.60, island="西洋岛"),
        Node("V2", "宫东村", Tier.VILLAGE, 120.21, 26.60, parent="T2", island="西洋岛"),
        Node("V3", "岸村", Tier.VILLAGE, 120.05, 26.85, parent="T2"),  # mainland, island seat
    ]
    return Network(nodes, ferries=ferries)


def test_island_places_without_a_ferry_are_listed_with_the_reason() -> None:
    net = _county()
    reasons = unreachable_nodes(net)
    assert set(reasons) == {"T2", "V2", "V3"}
    assert "no ferry link serves" in str(reasons["V2"])
    assert "seat is on island 西洋岛" in str(reasons["V3"])
    zh = texts_for("zh")
    assert "西洋岛" in reasons["V3"].render(zh) and "seat" not in reasons["V3"].render(zh)
    part = reachable_part(net, reasons)
    assert part.ids() == ("T1", "V1")
    matrix = distance_matrix(part)  # the rest plans as usual
    report = coverage_report(
        net, served={"V1"}, service_points={"V1"}, matrix=matrix, unreachable=reasons
    )
    summary = report.summary()
    assert summary["villages_delivery_pct"] == 33.3  # V2 and V3 count as not delivered
    assert summary["villages_service_pct"] == 33.3


def test_a_ferry_makes_them_reachable() -> None:
    link = FerryLink("甲—西洋岛", "西洋岛", 120.1, 26.7, 120.19, 26.61, 30.0, 200.0, 10.0, 2)
    assert unreachable_nodes(_county((link,))) == {}
