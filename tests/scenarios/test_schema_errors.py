"""A bad scenario key reads in the planner's language: pydantic's errors through the catalogue."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any, Literal

import pytest
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from network.errors import InputError
from network.texts import Message, texts_for
from scenarios.schema import scenario_from_data
from scenarios.schema_errors import validation_message, validation_summary

ZH, EN = texts_for("zh"), texts_for("en")
CJK = re.compile("[\u4e00-\u9fff]")


class _Table(BaseModel):
    model_config = ConfigDict(extra="forbid")

    time_limit_s: float = Field(default=1.0, gt=0)
    workers: int = Field(default=1, ge=1, le=64)
    share: float = Field(default=0.5, lt=1)
    coords: Literal["wgs84", "gcj02", "bd09"] = "wgs84"
    fast: bool = False
    name: str = "x"
    months: list[float] = Field(default_factory=lambda: [1.0] * 12, min_length=12)
    needed: int
    checked: int = 0

    @field_validator("checked")
    @classmethod
    def _checked(cls, value: int) -> int:
        if value == 1:
            raise InputError(Message("every monthly factor must be > 0"), field="months")
        if value == 2:
            raise ValueError(Message("every monthly factor must be > 0"))
        if value == 3:
            raise ValueError("a plain English reason")
        return value


def _error(**data: Any) -> Any:
    with pytest.raises(ValidationError) as caught:
        _Table.model_validate({"needed": 1, **data})
    return caught.value.errors()[0]


CASES = {
    "greater_than": ({"time_limit_s": 0}, "必须大于 0"),
    "greater_than_equal": ({"workers": 0}, "必须大于或等于 1"),
    "less_than_equal": ({"workers": 65}, "必须小于或等于 64"),
    "less_than": ({"share": 1.5}, "必须小于 1"),
    "extra_forbidden": ({"colour": 1}, "不是可识别的键（不允许多余的键，请检查拼写）"),
    "literal_error": ({"coords": "utm"}, "必须是 'wgs84', 'gcj02' 或 'bd09'"),
    "int_parsing": ({"workers": "two"}, "必须是整数，无法将该文本解析为整数"),
    "int_from_float": ({"workers": 1.5}, "必须是整数，不能带小数部分"),
    "float_parsing": ({"time_limit_s": "soon"}, "必须是数字，无法将该文本解析为数字"),
    "bool_parsing": ({"fast": "maybe"}, "必须是布尔值（true 或 false），无法识别所填的值"),
    "string_type": ({"name": 3}, "必须是文本（字符串）"),
    "too_short": ({"months": [1.0]}, "至少须有 12 项，现为 1 项"),
    "value_error (InputError)": ({"checked": 1}, "取值有误：字段 months：每个月度系数都必须大于 0"),
    "value_error (Message)": ({"checked": 2}, "取值有误：每个月度系数都必须大于 0"),
}


@pytest.mark.parametrize("name", list(CASES))
def test_common_pydantic_errors_in_chinese_and_unchanged_in_english(name: str) -> None:
    data, chinese = CASES[name]
    error = _error(**data)
    message = validation_message(error)
    assert isinstance(message, Message)
    assert message.render(EN) == error["msg"]  # English: pydantic's own text, exactly
    assert message.render(ZH) == chinese


def test_missing_key_in_chinese() -> None:
    with pytest.raises(ValidationError) as caught:
        _Table.model_validate({})
    message = validation_message(caught.value.errors()[0])
    assert (message.render(EN), message.render(ZH)) == ("Field required", "缺少此项（必填）")


def test_a_plain_english_validator_reason_is_kept_under_a_chinese_head() -> None:
    message = validation_message(_error(checked=3))
    assert message.render(EN) == "Value error, a plain English reason"
    assert message.render(ZH) == "取值有误：a plain English reason"


def test_a_rare_error_type_keeps_pydantics_english() -> None:
    error = {**_error(time_limit_s=0), "type": "some_rare_type", "msg": "Rare text"}
    assert validation_message(error) == "Rare text"


def test_how_many_more_problems() -> None:
    with pytest.raises(ValidationError) as caught:
        _Table.model_validate({"time_limit_s": 0, "workers": 0})
    summary = validation_summary(caught.value.errors())
    assert isinstance(summary, Message)
    assert summary.render(EN) == "Input should be greater than 0 (and 2 more problem(s))"
    assert summary.render(ZH) == "必须大于 0（另有 2 处问题）"


def test_a_bad_scenario_value_is_one_chinese_line_with_its_key_path(tmp_path: Path) -> None:
    path = tmp_path / "scenario.toml"
    data = {"network": {"nodes": ["nodes.csv"], "coords": "utm"}}
    with pytest.raises(InputError) as caught:
        scenario_from_data(data, path=path)
    line = caught.value.render(ZH)
    assert line.startswith(f"{path}，字段 network.coords：必须是 "), line
    assert "或 'bd09'" in line and CJK.search(line.split("：", 1)[1])
    assert str(caught.value).endswith(
        "field network.coords: Input should be 'wgs84', 'gcj02' or 'bd09'"
    )
