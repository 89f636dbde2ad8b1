"""Column recognition: English and Chinese names, coordinate systems in names, --map, encodings."""

from __future__ import annotations

from pathlib import Path

import openpyxl
import pytest

from network.columns import parse_overrides, recognise_columns
from network.errors import InputError
from network.tables import read_table

HEADER_ZH = (
    "统计用区划代码,名称,乡镇代码,经度(高德),纬度(高德),常住人口,户数,是否贫困村,城乡分类代码"
)
ROW_ZH = "350926101201,富溪村委会,350926101,119.833,27.185,1520,430,否,121"


def test_english_names() -> None:
    m = recognise_columns(["id", "name", "township_code", "lng", "lat", "population", "poor"])
    assert dict(m.fields) == {
        "code": "id",
        "name": "name",
        "parent": "township_code",
        "lon": "lng",
        "lat": "lat",
        "population": "population",
        "poor": "poor",
    }
    assert m.coords is None


def test_chinese_names_and_the_coordinate_system_they_name() -> None:
    m = recognise_columns(HEADER_ZH.split(","))
    assert m.fields["code"] == "统计用区划代码"
    assert m.fields["parent"] == "乡镇代码"
    assert m.fields["lon"] == "经度(高德)" and m.fields["lat"] == "纬度(高德)"
    assert m.fields["population"] == "常住人口"
    assert m.fields["households"] == "户数"
    assert m.fields["poor"] == "是否贫困村"
    assert m.fields["ur_code"] == "城乡分类代码"
    assert m.coords == "gcj02"


@pytest.mark.parametrize(
    ("lon", "lat", "system"),
    [
        ("lon_gcj02", "lat_gcj02", "gcj02"),
        ("lng_bd09", "lat_bd09", "bd09"),
        ("百度经度", "百度纬度", "bd09"),
        ("lon_wgs84", "lat_wgs84", "wgs84"),
        ("Longitude", "Latitude", None),
    ],
)
def test_coordinate_system_from_names(lon: str, lat: str, system: str | None) -> None:
    m = recognise_columns(["code", "name", lon, lat])
    assert (m.fields["lon"], m.fields["lat"], m.coords) == (lon, lat, system)


def test_mixed_systems_are_refused() -> None:
    with pytest.raises(InputError, match="different coordinate systems"):
        recognise_columns(["lon_gcj02", "lat_bd09"], file="v.csv")


def test_map_overrides_recognition_and_names_bad_fields() -> None:
    overrides = parse_overrides(["村名=name", "X坐标=lon", "Y坐标=lat"])
    m = recognise_columns(["村名", "名称", "X坐标", "Y坐标"], overrides)
    assert m.fields["name"] == "村名" and m.how["name"] == "map"
    assert m.fields["lon"] == "X坐标"
    assert m.ignored.get("名称") == "name"  # a second name column is reported, not used
    with pytest.raises(InputError, match="unknown field 'size'"):
        parse_overrides(["人口=size"])
    with pytest.raises(InputError, match="lacks"):
        recognise_columns(["a"], {"b": "name"}, file="v.csv")


def _write(tmp_path: Path, name: str, data: bytes) -> Path:
    path = tmp_path / name
    path.write_bytes(data)
    return path


@pytest.mark.parametrize(
    ("name", "data"),
    [
        ("utf8.csv", f"{HEADER_ZH}\n{ROW_ZH}\n".encode()),
        ("bom.csv", b"\xef\xbb\xbf" + f"{HEADER_ZH}\r\n{ROW_ZH}\r\n".encode()),
        ("gb18030.csv", f"{HEADER_ZH}\r\n{ROW_ZH}\r\n".encode("gb18030")),
    ],
)
def test_chinese_headers_in_every_csv_encoding(tmp_path: Path, name: str, data: bytes) -> None:
    table = read_table(_write(tmp_path, name, data))
    m = recognise_columns(table.columns)
    row = table.rows[0]
    assert row.values[m.fields["name"]] == "富溪村委会"
    assert row.values[m.fields["code"]] == "350926101201"
    assert m.coords == "gcj02"


def test_xlsx_table_with_numbers_typed_as_numbers(tmp_path: Path) -> None:
    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append([None])  # a blank first row: the header is the first non-empty one
    sheet.append(HEADER_ZH.split(","))
    sheet.append([350926101201, "富溪村委会", 350926101, 119.833, 27.185, 1520, 430, "否", 121])
    sheet.append([None] * 9)
    book.save(tmp_path / "villages.xlsx")
    table = read_table(tmp_path / "villages.xlsx")
    m = recognise_columns(table.columns)
    (row,) = table.rows
    assert row.number == 3  # as Excel numbers it
    assert row.values[m.fields["code"]] == "350926101201"  # no '.0', no exponent
    assert row.values[m.fields["population"]] == "1520"
    assert row.values[m.fields["lon"]] == "119.833"


def test_damaged_or_old_excel_names_the_file(tmp_path: Path) -> None:
    with pytest.raises(InputError, match=r"^bad\.xlsx: cannot be read as an Excel workbook"):
        read_table(_write(tmp_path, "bad.xlsx", b"PK\x03\x04 not really"))
    with pytest.raises(InputError, match=r"^old\.xls: is an old Excel"):
        read_table(_write(tmp_path, "old.xls", b"\xd0\xcf\x11\xe0"))
