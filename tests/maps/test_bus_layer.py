"""The bus lines layer: drawn when the plan has bus lines, villages riding them marked, names
escaped as data."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from maps import PlanLayers, coverage_map, save
from network import Network
from network.texts import texts_for
from tests.maps.conftest import EVIL

EN = texts_for("en")


def _lines(county: Network) -> dict[str, Any]:
    stops = ["C", "T1", "V1", "V2"]
    return {
        "type": "FeatureCollection",
        "features": [
            {
                "type": "Feature",
                "geometry": {
                    "type": "LineString",
                    "coordinates": [[county[s].lon, county[s].lat] for s in stops],
                },
                "properties": {
                    "line_id": "B01",
                    "name": "县城—长春",
                    "stop_ids": stops,
                    "stop_names": [county[s].name for s in stops],
                    "departures": ["B01#1 07:30"],
                    "village_ids": ["V2"],
                    "village_names": ["大京村"],
                },
            }
        ],
    }


def test_bus_lines_layer_appears_with_its_data(county: Network, tmp_path: Path) -> None:
    bare = save(coverage_map(county, tr=EN), tmp_path / "a.html").read_text("utf-8")
    plan = PlanLayers(bus_lines=_lines(county))
    full = save(coverage_map(county, tr=EN, plan=plan), tmp_path / "b.html").read_text("utf-8")
    for text in ("bus lines (parcels)", "bus line taking parcels"):
        assert text not in bare
        assert text in full
    assert "县城—长春" in full and "大京村 (parcels ride this bus)" in full
    assert "B01#1 07:30" in full
    assert EVIL not in full  # the hostile village name is escaped JSON data, never markup
