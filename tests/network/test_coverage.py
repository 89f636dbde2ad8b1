"""Coverage against the plan's targets, on a hand-made county whose figures are computed by hand.

The county lies on a straight road (positions in km along it):

    C -10 (county DC)
    T1 0   : V11 1, V12 2.5, V13 4 (poor), V14 8
    T2 20  : V21 21, V22 22 (poor), V23 24, V24 27 (poor)
    T3 40  : V31 41, V32 45

Road distance = |x_a - x_b| km. Travel time = 2 min/km, except that every leg to or from V23
(a mountain village) takes 6 min/km.
"""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from network import (
    CoverageTargets,
    InputError,
    Network,
    Node,
    ServiceStatus,
    Tier,
    coverage_report,
)
from network.distances import DistanceMatrix
from network.texts import texts_for

POSITIONS_KM = {
    "C": -10.0,
    "T1": 0.0,
    "V11": 1.0,
    "V12": 2.5,
    "V13": 4.0,
    "V14": 8.0,
    "T2": 20.0,
    "V21": 21.0,
    "V22": 22.0,
    "V23": 24.0,
    "V24": 27.0,
    "T3": 40.0,
    "V31": 41.0,
    "V32": 45.0,
}
POOR = {"V13", "V22", "V24"}


def _node(node_id: str) -> Node:
    x = POSITIONS_KM[node_id]
    lon, lat = 120.0 + x / 100.0, 26.9
    if node_id == "C":
        return Node(node_id, "County DC", Tier.COUNTY, lon, lat)
    if node_id.startswith("T"):
        return Node(node_id, f"Township {node_id}", Tier.TOWNSHIP, lon, lat, parent="C")
    return Node(
        node_id,
        f"Village {node_id}",
        Tier.VILLAGE,
        lon,
        lat,
        parent=f"T{node_id[1]}",
        poor=node_id in POOR,
    )


def hand_county(*, poor: bool = True) -> Network:
    nodes = [_node(i) for i in POSITIONS_KM]
    if not poor:
        nodes = [Node(n.id, n.name, n.tier, n.lon, n.lat, parent=n.parent) for n in nodes]
    return Network(nodes, name="hand county")


def hand_matrix() -> DistanceMatrix:
    ids = tuple(POSITIONS_KM)
    x = np.array([POSITIONS_KM[i] for i in ids])
    km = np.abs(x[:, None] - x[None, :])
    min_per_km = np.full_like(km, 2.0)
    mountain = ids.index("V23")
    min_per_km[mountain, :] = min_per_km[:, mountain] = 6.0
    return DistanceMatrix(ids, km * 1000.0, km * min_per_km * 60.0, "great_circle")


SERVED = {"V11", "V14", "V21", "V22", "V23", "T3"}
POINTS = {"T1", "V13", "V22", "V32"}


def test_hand_county_by_distance() -> None:
    report = coverage_report(
        hand_county(), served=SERVED, service_points=POINTS, matrix=hand_matrix(), max_km=3.0
    )
    # Delivery. Villages served: V11 V14 V21 V22 V23 = 5 of 10 -> 50.0 % (meets >= 50 exactly).
    # Townships: T1 through V11, T2 through V21, T3 through its served seat -> 3/3 = 100.0 %.
    # Service points within 3 km (village -> nearest point):
    #   V11 -> T1 1 km; V12 -> V13 1.5 km (T1 is 2.5); V13 own; V14 -> V13 4 km: no;
    #   V21 -> V22 1 km; V22 own; V23 -> V22 2 km; V24 -> V22 5 km: no;
    #   V31 -> V32 4 km: no; V32 own.  -> 7 of 10 = 70.0 %.
    # Poor V13 yes, V22 yes, V24 no -> 2/3 = 66.7 % (< 70: fails).
    # Township seats: T1 own point; T2 -> V22 2 km; T3 -> V32 5 km: no -> 2/3 = 66.7 % (fails).
    assert report.summary() == {
        "townships_delivery_pct": 100.0,
        "villages_delivery_pct": 50.0,
        "townships_service_pct": 66.7,
        "villages_service_pct": 70.0,
        "poor_villages_service_pct": 66.7,
        "targets_met": {
            "townships_delivery": True,
            "villages_delivery": True,
            "townships_service": False,
            "villages_service": True,
            "poor_villages_service": False,
            "all": False,
        },
        "no_data": [],
        "communities": 0,
    }
    assert report.criterion == "distance <= 3 km"
    assert report.notes == ()


def test_hand_county_village_status() -> None:
    report = coverage_report(
        hand_county(), served=SERVED, service_points=POINTS, matrix=hand_matrix(), max_km=3.0
    )
    status = {
        v.id: (v.service.status, v.service.point_id, v.service.distance_km) for v in report.villages
    }
    assert status == {
        "V11": (ServiceStatus.COVERED, "T1", 1.0),
        "V12": (ServiceStatus.COVERED, "V13", 1.5),
        "V13": (ServiceStatus.POINT, "V13", 0.0),
        "V14": (ServiceStatus.UNCOVERED, None, None),
        "V21": (ServiceStatus.COVERED, "V22", 1.0),
        "V22": (ServiceStatus.POINT, "V22", 0.0),
        "V23": (ServiceStatus.COVERED, "V22", 2.0),
        "V24": (ServiceStatus.UNCOVERED, None, None),
        "V31": (ServiceStatus.UNCOVERED, None, None),
        "V32": (ServiceStatus.POINT, "V32", 0.0),
    }
    # V23 -> V22 is 2 km on the mountain road: 2 x 6 = 12 min.
    v23 = next(v for v in report.villages if v.id == "V23")
    assert v23.service.duration_min == pytest.approx(12.0)
    assert [v.delivery for v in report.villages] == [
        v in SERVED for v in ("V11", "V12", "V13", "V14", "V21", "V22", "V23", "V24", "V31", "V32")
    ]


def test_hand_county_per_township() -> None:
    report = coverage_report(
        hand_county(), served=SERVED, service_points=POINTS, matrix=hand_matrix(), max_km=3.0
    )
    rows = {
        t.id: (
            t.delivery,
            t.service.status,
            t.villages,
            t.villages_delivery,
            t.villages_service,
            t.poor_villages,
            t.poor_villages_service,
        )
        for t in report.townships
    }
    # T1: delivery V11 V14 (2 of 4); service V11 V12 V13 (3); poor V13 covered (1 of 1).
    # T2: delivery V21 V22 V23 (3 of 4); service V21 V22 V23 (3); poor V22 yes, V24 no (1 of 2).
    # T3: delivery through the seat only (0 of 2 villages); service V32 (1); no poor villages.
    assert rows == {
        "T1": (True, ServiceStatus.POINT, 4, 2, 3, 1, 1),
        "T2": (True, ServiceStatus.COVERED, 4, 3, 3, 2, 1),
        "T3": (True, ServiceStatus.UNCOVERED, 2, 0, 1, 0, 0),
    }
    table = {r["township_id"]: r for r in report.township_rows()}
    assert table["T2"]["villages_delivery_pct"] == 75.0
    assert table["T2"]["poor_villages_service_pct"] == 50.0
    assert table["T2"]["service_point_id"] == "V22"
    assert table["T3"]["poor_villages_service_pct"] is None


def test_township_delivery_needs_seat_or_a_village() -> None:
    # Only V31 is served: T3 has delivery through it; T1 and T2 have none -> 1/3 = 33.3 %.
    report = coverage_report(hand_county(), served={"V31"})
    assert [t.delivery for t in report.townships] == [False, False, True]
    assert report.summary()["townships_delivery_pct"] == 33.3
    assert report.summary()["villages_delivery_pct"] == 10.0


def test_hand_county_by_travel_time() -> None:
    matrix = hand_matrix()
    tight = coverage_report(
        hand_county(), service_points=POINTS, matrix=matrix, max_km=3.0, max_min=5.0
    )
    # Within 5 min (2 min/km, 6 on V23's road): V11 -> T1 2 min; V12 -> V13 3 min;
    # V21 -> V22 2 min; V23 -> V22 12 min: no (covered by distance, not by time);
    # V14 8, V24 10, V31 8 min: no.  Villages: V11 V12 V13 V21 V22 V32 = 6/10 = 60.0 %.
    # Poor: V13, V22 = 2/3. Seats: T1 own; T2 -> V22 4 min; T3 -> V32 10 min: no.
    summary = tight.summary()
    assert summary["villages_service_pct"] == 60.0
    assert summary["poor_villages_service_pct"] == 66.7
    assert summary["townships_service_pct"] == 66.7
    assert tight.criterion == "travel time <= 5 min"

    loose = coverage_report(hand_county(), service_points=POINTS, matrix=matrix, max_min=10.0)
    # Within 10 min (inclusive): V14 -> V13 8, V24 -> V22 10, V31 -> V32 8, T3 -> V32 10;
    # V23 (12 min) still out. Villages 9/10 = 90 %, poor 3/3 = 100 %, townships 3/3 = 100 %.
    summary = loose.summary()
    assert summary["villages_service_pct"] == 90.0
    assert summary["poor_villages_service_pct"] == 100.0
    assert summary["townships_service_pct"] == 100.0
    assert summary["targets_met"]["poor_villages_service"] is True


def test_without_matrix_only_own_points_count() -> None:
    report = coverage_report(hand_county(), service_points=POINTS)
    # Own points: villages V13 V22 V32 = 3/10 = 30 %; poor V13 V22 = 2/3; seats: T1 only = 1/3.
    summary = report.summary()
    assert summary["villages_service_pct"] == 30.0
    assert summary["poor_villages_service_pct"] == 66.7
    assert summary["townships_service_pct"] == 33.3
    assert summary["targets_met"]["villages_service"] is False
    assert report.criterion == "point in the place only"


def test_targets_are_configurable() -> None:
    lenient = CoverageTargets(townships_service_pct=60.0, poor_villages_service_pct=60.0)
    report = coverage_report(
        hand_county(), served=SERVED, service_points=POINTS, matrix=hand_matrix(), targets=lenient
    )
    # Same shares as test_hand_county_by_distance (66.7 % each) now reach the 60 % targets.
    assert report.summary()["targets_met"]["all"] is True
    strict = CoverageTargets(villages_delivery_pct=50.1)
    report = coverage_report(hand_county(), served=SERVED, targets=strict)
    assert report.summary()["targets_met"]["villages_delivery"] is False  # 50.0 < 50.1


def test_exact_share_is_compared_not_the_rounded_one() -> None:
    # 2 of 3 poor villages = 66.666... %: a 66.7 % target is not met although it rounds to 66.7.
    targets = CoverageTargets(poor_villages_service_pct=66.7)
    report = coverage_report(hand_county(), service_points=POINTS, targets=targets)
    assert report.summary()["poor_villages_service_pct"] == 66.7
    assert report.summary()["targets_met"]["poor_villages_service"] is False


def test_no_poor_villages_meets_the_poor_target_vacuously() -> None:
    report = coverage_report(hand_county(poor=False))
    summary = report.summary()
    assert summary["poor_villages_service_pct"] is None
    assert summary["targets_met"]["poor_villages_service"] is True
    assert summary["targets_met"]["villages_service"] is False
    assert report.notes == (
        "no registered-poor villages: the poor villages service target holds vacuously",
    )


def test_no_villages() -> None:
    net = Network([_node("C"), _node("T1"), _node("T2")])
    report = coverage_report(net, served={"T1"}, service_points={"T1", "T2"})
    summary = report.summary()
    assert summary["villages_delivery_pct"] is None
    assert summary["villages_service_pct"] is None
    assert summary["townships_delivery_pct"] == 50.0
    assert summary["townships_service_pct"] == 100.0
    assert summary["targets_met"] == {
        "townships_delivery": False,
        "villages_delivery": True,
        "townships_service": True,
        "villages_service": True,
        "poor_villages_service": True,
        "all": False,
    }
    assert len(report.notes) == 3
    assert report.village_rows() == []


def test_rounding_is_half_up() -> None:
    # 1 of 16 villages served = 6.25 % -> 6.3 (half up; Python's round() would give 6.2).
    nodes = [Node("T", "T", Tier.TOWNSHIP, 120.0, 26.9)]
    nodes += [Node(f"V{i}", f"V{i}", Tier.VILLAGE, 120.0, 26.9, parent="T") for i in range(16)]
    report = coverage_report(Network(nodes), served={"V0"})
    assert report.summary()["villages_delivery_pct"] == 6.3


def test_village_rows_for_the_csv() -> None:
    report = coverage_report(
        hand_county(), served=SERVED, service_points=POINTS, matrix=hand_matrix()
    )
    rows = report.village_rows()
    assert len(rows) == 10
    assert rows[1] == {
        "village_id": "V12",
        "name": "Village V12",
        "township_id": "T1",
        "township_name": "Township T1",
        "poor": 0,
        "community": 0,
        "delivery": 0,
        "service": "covered",
        "service_point_id": "V13",
        "service_distance_km": 1.5,
        "service_min": 3.0,
    }
    assert rows[3]["service"] == "uncovered"
    assert rows[3]["service_point_id"] == ""
    assert {tuple(r) for r in rows} == {tuple(rows[0])}


@pytest.mark.parametrize(
    ("kwargs", "field"),
    [
        ({"served": {"V99"}}, "served"),
        ({"service_points": {"T1", "nowhere"}}, "service_points"),
        ({"max_km": 0.0}, "max_km"),
        ({"max_min": -5.0}, "max_min"),
        ({"served": "V11"}, "served"),
        ({"max_km": float("nan")}, "max_km"),
    ],
)
def test_bad_parameters(kwargs: dict[str, object], field: str) -> None:
    with pytest.raises(InputError) as err:
        coverage_report(hand_county(), matrix=hand_matrix(), **kwargs)  # type: ignore[arg-type]
    assert err.value.field == field


def test_bad_target() -> None:
    with pytest.raises(InputError, match=r"outside 0\.\.100") as err:
        CoverageTargets(villages_service_pct=120.0)
    assert err.value.field == "villages_service_pct"


def test_matrix_missing_a_node() -> None:
    short = hand_matrix().sub(i for i in POSITIONS_KM if i != "V24")
    with pytest.raises(InputError, match="'V24' is not in the distance matrix"):
        coverage_report(hand_county(), service_points={"V22"}, matrix=short)


_IDS = sorted(set(POSITIONS_KM) - {"C"})


@settings(max_examples=60, deadline=None)
@given(
    points=st.sets(st.sampled_from(_IDS)),
    extra=st.sampled_from(_IDS),
    served=st.sets(st.sampled_from(_IDS)),
    max_km=st.floats(min_value=0.5, max_value=30.0),
)
def test_more_points_never_lower_coverage(
    points: set[str], extra: str, served: set[str], max_km: float
) -> None:
    net, matrix = hand_county(), hand_matrix()
    before = coverage_report(
        net, served=served, service_points=points, matrix=matrix, max_km=max_km
    )
    after = coverage_report(
        net, served=served, service_points=points | {extra}, matrix=matrix, max_km=max_km
    )
    for key, (count, total) in before.counts().items():
        count_after, total_after = after.counts()[key]
        assert total_after == total
        assert count <= count_after <= total
    for v in after.villages:
        if v.service.distance_km is not None:
            assert v.service.distance_km <= max_km


@settings(max_examples=60, deadline=None)
@given(served=st.sets(st.sampled_from(_IDS)), extra=st.sampled_from(_IDS))
def test_delivery_follows_served_ids(served: set[str], extra: str) -> None:
    net = hand_county()
    before = coverage_report(net, served=served)
    after = coverage_report(net, served=served | {extra})
    for t in before.townships:
        villages = {v.id for v in net.children(t.id)}
        assert t.delivery == (t.id in served or bool(villages & served))
        assert t.villages_delivery == len(villages & served)
    assert [v.delivery for v in before.villages] == [v.id in served for v in net.villages]
    for key in ("townships_delivery", "villages_delivery"):
        assert before.counts()[key][0] <= after.counts()[key][0]
    pct = before.summary()["villages_delivery_pct"]
    assert pct == round(100 * len(served & {v.id for v in net.villages}) / 10, 1)


def test_communities_are_delivery_points_but_not_counted_as_villages() -> None:
    nodes = [Node("T", "T", Tier.TOWNSHIP, 120.0, 26.9)]
    nodes += [Node(f"V{i}", f"V{i}村", Tier.VILLAGE, 120.0, 26.9, parent="T") for i in range(2)]
    nodes += [
        Node(f"C{i}", f"C{i}社区", Tier.VILLAGE, 120.0, 26.9, parent="T", community=True)
        for i in range(3)
    ]
    report = coverage_report(Network(nodes), served={"V0", "C0", "C1", "C2"})
    summary = report.summary()
    assert summary["villages_delivery_pct"] == 50.0  # 1 of the 2 administrative villages
    assert summary["communities"] == 3
    assert any("3 urban communities" in note for note in report.notes)
    assert report.township_rows()[0]["villages"] == 2
    zh = [m.render(texts_for("zh")) for m in report.note_messages]
    assert "3 个城镇社区为配送点，但不计入行政村指标" in zh


def test_notes_and_the_reach_rule_read_in_either_language() -> None:
    report = coverage_report(hand_county(poor=False))
    zh, en = texts_for("zh"), texts_for("en")
    assert [m.render(en) for m in report.note_messages] == list(report.notes)
    (note,) = (m.render(zh) for m in report.note_messages)
    assert "建档立卡贫困村" in note and "vacuously" not in note
    assert report.criterion_words is not None
    assert report.criterion_words.render(zh) == "仅计本地设立的站点"
    assert report.criterion_words.render(en) == "a point in the place itself only"


def test_poor_target_without_flags_is_no_data_not_met_or_missed() -> None:
    nodes = [Node("T", "T", Tier.TOWNSHIP, 120.0, 26.9)]
    nodes += [
        Node(f"V{i}", f"V{i}", Tier.VILLAGE, 120.0, 26.9, parent="T", unknown={"poor"})
        for i in range(4)
    ]
    report = coverage_report(Network(nodes), served={"V0", "V1"}, service_points={"V0", "V1"})
    summary = report.summary()
    assert summary["poor_villages_service_pct"] is None
    assert summary["targets_met"]["poor_villages_service"] is None
    assert summary["no_data"] == ["poor_villages_service"]
    assert summary["targets_met"]["villages_service"] is True
    assert any(note.startswith("no data") for note in report.notes)
