"""Bad cold-chain tables read in both languages: one line naming the row and field (and the
file, once the scenario names it), Chinese text in zh, English exactly as before."""

from __future__ import annotations

from typing import Any

import pytest

from coldchain import facility_from_mapping, load_catalogue
from network import InputError
from tests.error_lines import one_chinese_line


def _in_scenario(err: InputError) -> InputError:
    """What the scenario loader does with a table's error: add its file, keep the message."""
    return InputError(err.message, file="county.toml", row=err.row, field=err.field)


@pytest.mark.parametrize(
    ("table", "en", "zh"),
    [
        (
            {"kind": "cold_room", "id": "x", "node_id": "dc", "volume_m3": 10, "set_point_c": 0,
             "colour": "blue"},
            "county.toml row 3, field colour: unknown keys ['colour'] for a cold_room",
            "county.toml 第 3 行，字段 colour：cold_room 含未知键 ['colour']",
        ),
        (
            {"kind": "igloo", "id": "x", "node_id": "dc"},
            "county.toml row 3, field kind: kind 'igloo' is not one of processing, precool, "
            "cold_room, frozen_store, reefer",
            "county.toml 第 3 行，字段 kind：类型 'igloo' 不在 processing, precool, cold_room, "
            "frozen_store, reefer 之中",
        ),
    ],
)  # fmt: skip
def test_a_bad_facilities_row_in_both_languages(table: dict[str, Any], en: str, zh: str) -> None:
    with pytest.raises(InputError) as caught:
        facility_from_mapping(table, row=3)
    err = _in_scenario(caught.value)
    assert str(err) == en
    assert one_chinese_line(err) == zh


def test_a_negative_facility_size_names_row_and_field_in_chinese() -> None:
    with pytest.raises(InputError) as caught:
        facility_from_mapping(
            {"kind": "cold_room", "id": "x", "node_id": "dc", "volume_m3": -1, "set_point_c": 0},
            row=2,
        )
    text = one_chinese_line(_in_scenario(caught.value))
    assert text.startswith("county.toml 第 2 行，字段 volume_m3：")
    assert str(caught.value).startswith("row 2, field volume_m3: ")


@pytest.mark.parametrize(
    ("override", "en", "zh"),
    [
        (
            {"croaker": {"online_share": 2}},
            "field online_share: product 'croaker': 2 is outside 0..1",
            "字段 online_share：产品 'croaker'：2 超出 0..1 的范围",
        ),
        (
            {"croaker": {"quality": {"shelf_life_days": 0}}},
            "field quality.shelf_life_days: product 'croaker': 0 must be > 0 days",
            "字段 quality.shelf_life_days：产品 'croaker'：保质期 0 天必须大于 0 天",
        ),
        (
            {"croaker": {"storage": "cellar"}},
            "field storage: product 'croaker': 'cellar' is not one of chilled, frozen, ambient",
            None,
        ),
    ],
)
def test_a_bad_products_table_in_both_languages(
    override: dict[str, dict[str, Any]], en: str, zh: str | None
) -> None:
    with pytest.raises(InputError) as caught:
        load_catalogue(override)
    err = caught.value
    text = one_chinese_line(err)
    if zh is None:
        assert text.startswith("字段 storage：产品 'croaker'：'cellar' 不在可选值 ")
        assert str(err).startswith("field storage: product 'croaker': 'cellar' is not one of ")
        return
    assert str(err) == en
    assert text == zh
