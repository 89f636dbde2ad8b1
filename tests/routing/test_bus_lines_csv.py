"""Reading bus_lines.csv: stops by id or snapped position, times, one-line errors."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest

from network import InputError
from routing.bus_lines_csv import read_bus_lines
from routing.echelons import ProblemSettings, solve_two_echelon
from routing.van_marginal import van_marginal_cost_yuan
from tests.routing.small_county import small_county

NET, MATRIX = small_county()
HEADER = (
    "line_id,name,stops,departures,return_departures,capacity_parcels,capacity_kg,"
    "fee_yuan_per_parcel,fee_yuan_per_departure,handover_min\n"
)
GOOD = 'L1,East,"c;t1;120.1201 26.9002;a2",07:30;13:00,15:00,120,180,0.6,,3\n'


def _read(tmp_path: Path, *rows: str) -> tuple[object, ...]:
    path = tmp_path / "bus_lines.csv"
    path.write_text(HEADER + "".join(rows), encoding="utf-8")
    return read_bus_lines(path, NET)


def test_reads_a_line_and_snaps_positions(tmp_path: Path) -> None:
    (line,) = _read(tmp_path, GOOD)
    assert line.stops == ("c", "t1", "a1", "a2")  # type: ignore[attr-defined]
    assert line.departures_min == (450.0, 780.0)  # type: ignore[attr-defined]
    assert line.return_departures_min == (900.0,)  # type: ignore[attr-defined]
    assert line.fee_yuan_per_parcel == Decimal("0.6")  # type: ignore[attr-defined]
    assert line.fee_yuan_per_departure == 0  # type: ignore[attr-defined]
    assert line.minutes_factor == 1.2  # type: ignore[attr-defined]


@pytest.mark.parametrize(
    ("row", "message"),
    [
        ('L1,E,"c;nowhere",07:00,,10,10,1,,3\n', "row 2, field stops: 'nowhere' is neither"),
        ('L1,E,"c;121.5 26.9",07:00,,10,10,1,,3\n', "row 2, field stops: '121.5 26.9' is 1"),
        ('L1,E,"c;t1",7h,,10,10,1,,3\n', "row 2, field departures: '7h' is not a time"),
        ('L1,E,"c;t1",25:00,,10,10,1,,3\n', "row 2, field departures: '25:00' is not a time of"),
        ('L1,E,"c;t1",,,10,10,1,,3\n', "row 2, field departures: is empty"),
        ('L1,E,"c;t1",07:00,,0,10,1,,3\n', "row 2, field capacity_parcels: is 0"),
        ('L1,E,"c;t1",07:00,,10,10,-1,,3\n', "row 2, field fee_yuan_per_parcel: -1 must"),
        ('L1,E,"c;t1",07:00,,10,10,x,,3\n', "row 2, field fee_yuan_per_parcel: 'x' is not"),
        ('L1,E,"c;c",07:00,,10,10,1,,3\n', "row 2, field stops: names the same node twice"),
        ('L1,E,"c",07:00,,10,10,1,,3\n', "row 2, field stops: needs at least two stops"),
    ],
)
def test_bad_rows_name_file_row_and_field(tmp_path: Path, row: str, message: str) -> None:
    with pytest.raises(InputError) as err:
        _read(tmp_path, row)
    assert str(err.value).startswith(f"bus_lines.csv {message}")


def test_duplicate_line_and_missing_column(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="row 3, field line_id: 'L1' appears twice"):
        _read(tmp_path, GOOD, GOOD)
    path = tmp_path / "bus_lines.csv"
    path.write_text("line_id,stops\nL1,c;t1\n", encoding="utf-8")
    with pytest.raises(InputError, match="required column 'departures' is missing"):
        read_bus_lines(path, NET)


def test_van_marginal_cost_is_positive_for_every_feeder_village() -> None:
    from routing import DEFAULT_FLEET, Opening, Penalties, ServiceTime, SolverSettings, fleets_of

    loads = {
        t.id: {v.id: (v.parcels_down_per_day, v.parcels_up_per_day) for v in NET.children(t.id)}
        for t in NET.townships
    }
    result = solve_two_echelon(
        NET,
        MATRIX,
        loads,
        fleets=fleets_of(DEFAULT_FLEET, shift_min=(420.0, 1140.0)),
        settings=ProblemSettings(
            service=ServiceTime(5.0, 0.05),
            opening=Opening(480.0, 1140.0),
            penalty=Penalties(0.95, 3.3, 50.0),
        ),
        solver=SolverSettings(time_limit_s=0.5, seed=1, work_limit=200),
        workers=1,
    )
    detour = van_marginal_cost_yuan(result.parts, rule="detour")
    share = van_marginal_cost_yuan(result.parts)
    assert set(detour) == {v.id for v in NET.villages} == set(share)
    assert all(share[v] >= detour[v] > 0 for v in detour)
    feeder = sum(p.plan.cost_yuan for p in result.parts if p.echelon == "feeder")
    # shares add up to the feeder routes' cost (when no detour exceeds its share)
    assert float(sum(share.values())) >= feeder - 0.05


def test_lines_outside_the_network_can_be_skipped(tmp_path: Path) -> None:
    outside = 'L2,Far,"c;zz9",07:00,,10,10,1,,3\n'
    with pytest.raises(InputError, match="row 3, field stops: 'zz9' is neither"):
        _read(tmp_path, GOOD, outside)
    path = tmp_path / "bus_lines.csv"
    (line,) = read_bus_lines(path, NET, skip_outside=True)
    assert line.line_id == "L1"
