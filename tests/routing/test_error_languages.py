"""Bad routing input reads in both languages: one line naming file, row and field; Chinese text
in zh, and in English exactly the text planners (and the tests) already know."""

from __future__ import annotations

import re
from decimal import Decimal
from pathlib import Path

import pytest

from network import InputError
from routing import SolverSettings
from routing.bus_lines import BusLine
from routing.bus_lines_csv import read_bus_lines
from routing.carriers import check_shares
from routing.economics import UnitCosts
from routing.model import VehicleType
from routing.pricing import BandPrice, check_bands
from tests.error_lines import one_chinese_line
from tests.routing.small_county import small_county

NET, _ = small_county()
HEADER = (
    "line_id,name,stops,departures,return_departures,capacity_parcels,capacity_kg,"
    "fee_yuan_per_parcel,fee_yuan_per_departure,handover_min\n"
)


def _bus_error(tmp_path: Path, row: str) -> InputError:
    path = tmp_path / "bus_lines.csv"
    path.write_text(HEADER + row, encoding="utf-8")
    with pytest.raises(InputError) as caught:
        read_bus_lines(path, NET)
    return caught.value


@pytest.mark.parametrize(
    ("row", "en", "zh"),
    [
        (
            'L1,E,"c;t1",07:00,,10,10,x,,3\n',
            "bus_lines.csv row 2, field fee_yuan_per_parcel: 'x' is not an amount in yuan",
            "bus_lines.csv 第 2 行，字段 fee_yuan_per_parcel：'x' 不是以元为单位的金额",
        ),
        (
            'L1,E,"c;t1",25:00,,10,10,1,,3\n',
            "bus_lines.csv row 2, field departures: '25:00' is not a time of day (00:00-23:59)",
            "bus_lines.csv 第 2 行，字段 departures：'25:00' 不是一天中的时刻（00:00-23:59）",
        ),
        (
            'L1,E,"c",07:00,,10,10,1,,3\n',
            "bus_lines.csv row 2, field stops: needs at least two stops separated by ';'",
            "bus_lines.csv 第 2 行，字段 stops：至少需要两个站点，以 ';' 分隔",
        ),
    ],
)
def test_a_bad_bus_lines_row_in_both_languages(tmp_path: Path, row: str, en: str, zh: str) -> None:
    err = _bus_error(tmp_path, row)
    assert str(err) == en
    assert one_chinese_line(err) == zh


def test_a_far_bus_stop_keeps_its_numbers_in_both_languages(tmp_path: Path) -> None:
    err = _bus_error(tmp_path, 'L1,E,"c;121.5 26.9",07:00,,10,10,1,,3\n')
    zh = one_chinese_line(err)
    km = re.search(r"is ([\d.]+) km from", str(err))
    assert km is not None, str(err)
    assert zh.startswith("bus_lines.csv 第 2 行，字段 stops：'121.5 26.9' 距最近的")
    assert f"{km.group(1)} 公里" in zh


def test_a_bus_line_named_in_its_error_is_named_in_chinese_too() -> None:
    with pytest.raises(InputError) as caught:
        BusLine("L9", "East", ("c",), (420.0,), (), 10, 10.0, Decimal(1), Decimal(0), 3.0)
    err = caught.value
    assert str(err) == "field stops: bus line 'L9': needs at least two different stops"
    assert one_chinese_line(err) == "字段 stops：班线 'L9'：至少需要两个不同的站点"


@pytest.mark.parametrize(
    ("toml", "en", "zh"),
    [
        (
            "time_limit_s = -1\n",
            "solver.toml, field time_limit_s: time_limit_s must be > 0 and finite, got -1",
            "solver.toml，字段 time_limit_s：time_limit_s 必须为大于 0 的有限数值，现为 -1",
        ),
        (
            "engine = 'fast'\n",
            "solver.toml, field engine: unknown engine 'fast' (auto, ortools, pyvrp)",
            "solver.toml，字段 engine：未知的求解引擎 'fast'（可选：auto, ortools, pyvrp）",
        ),
        (
            "[ortools]\nlocal_search = 'x'\n",
            "solver.toml, field ortools.local_search: unknown OR-Tools parameter 'local_search'",
            "solver.toml，字段 ortools.local_search：未知的 OR-Tools 参数 'local_search'",
        ),
        (
            "time_limit_s = \n",
            None,
            None,
        ),
    ],
)
def test_a_bad_solver_settings_value_in_both_languages(
    toml: str, en: str | None, zh: str | None
) -> None:
    with pytest.raises(InputError) as caught:
        SolverSettings.from_toml(toml, file="solver.toml")
    err = caught.value
    text = one_chinese_line(err)
    if en is None:  # TOML syntax: the parser's own (English) detail after a Chinese lead
        assert text.startswith("solver.toml：不是有效的 TOML：")
        assert str(err).startswith("solver.toml: not valid TOML: ")
        return
    assert str(err) == en
    assert text == zh


def test_routing_carrier_shares_in_both_languages() -> None:
    with pytest.raises(InputError) as caught:
        check_shares({"ems": 0.5, "sf": 0.4})
    err = caught.value
    assert str(err) == "field carriers: carrier shares add up to 0.9000, not 1"
    assert one_chinese_line(err) == "字段 carriers：各快递企业份额合计为 0.9000，不等于 1"


def test_economics_values_in_both_languages() -> None:
    with pytest.raises(InputError) as caught:
        UnitCosts(door_share_up=2)  # type: ignore[arg-type]
    err = caught.value
    assert str(err) == "field door_share_up: door_share_up must be within 0..1"
    assert one_chinese_line(err) == "字段 door_share_up：door_share_up 必须在 0..1 之间"
    bands = [BandPrice(0, 3, 5), BandPrice(2, 5, 6)]  # type: ignore[arg-type]
    with pytest.raises(InputError) as caught:
        check_bands(bands, "economics.tariff_up")
    err = caught.value
    assert str(err) == ("field economics.tariff_up[1]: weight bands 0-3 kg and 2-5 kg overlap")
    assert one_chinese_line(err) == ("字段 economics.tariff_up[1]：重量段 0-3 公斤与 2-5 公斤重叠")


def test_a_vehicle_type_named_in_its_error_is_named_in_chinese_too() -> None:
    with pytest.raises(InputError) as caught:
        VehicleType("van", 2, (100.0,), cost_per_km_yuan=-1.0)
    err = caught.value
    assert str(err) == "field cost_per_km_yuan: vehicle type 'van': cost_per_km_yuan must be >= 0"
    assert one_chinese_line(err) == (
        "字段 cost_per_km_yuan：车型 'van'：cost_per_km_yuan 必须大于或等于 0"
    )
