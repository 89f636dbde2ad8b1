"""The message catalogue: languages, money for people, messages rendered late, completeness."""

from __future__ import annotations

import importlib.util
import sys
from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from network.errors import InputError
from network.texts import LANGS, N_, Message, placeholders, texts_for

ROOT = Path(__file__).resolve().parents[2]


def _messages_tool():  # type: ignore[no-untyped-def]
    spec = importlib.util.spec_from_file_location("messages_tool", ROOT / "tools" / "messages.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


def test_every_catalogue_text_has_both_translations() -> None:
    """Walks every tr()/N_()/Message() text in the packages; fails on a missing translation."""
    problems = _messages_tool().problems()
    assert problems == [], "\n".join(problems)


def test_the_check_finds_a_text_missing_from_the_catalogue(tmp_path: Path) -> None:
    tool = _messages_tool()
    package = tmp_path / "scenarios"
    package.mkdir()
    (package / "part.py").write_text(
        'def f(tr):\n    return tr("A heading nobody translated") + tr(f"{1}")\n',
        encoding="utf-8",
    )
    found = tool.found_in_code(tmp_path)
    assert [f.msgid for f in found] == ["A heading nobody translated", None]
    lines = tool.problems(tmp_path)
    assert any("zh: no translation of 'A heading nobody translated'" in line for line in lines)
    assert any("f-string" in line for line in lines)


def test_unknown_language_names_the_choices() -> None:
    with pytest.raises(ValueError, match="zh, en"):
        texts_for("fr")


def test_a_missing_translation_falls_back_to_the_english_text() -> None:
    assert texts_for("zh")("no such text {n}", n=3) == "no such text 3"


@pytest.mark.parametrize(
    ("value", "zh", "en"),
    [
        (Decimal("8500"), "8,500.00 元", "8,500.00 yuan"),
        (Decimal("1250308.4"), "125.03 万元", "1,250,308.40 yuan"),
        (Decimal("180000000"), "1.80 亿元", "180,000,000.00 yuan"),
        (Decimal("-12345"), "-1.23 万元", "-12,345.00 yuan"),
        (2.675, "2.68 元", "2.68 yuan"),
    ],
)
def test_yuan_for_people(value: Decimal | float, zh: str, en: str) -> None:
    assert texts_for("zh").yuan(value) == zh
    assert texts_for("en").yuan(value) == en


@given(st.decimals(min_value=-(10**12), max_value=10**12, places=2))
def test_wan_yuan_is_the_same_sum_to_the_hundred_yuan(value: Decimal) -> None:
    text = texts_for("zh").yuan(value)
    number, unit = text.rsplit(" ", 1)
    scale = {"元": 1, "万元": 10_000, "亿元": 100_000_000}[unit]
    shown = Decimal(number.replace(",", "")) * scale
    assert abs(shown - value) <= Decimal(scale) / 200


def test_input_error_in_both_languages() -> None:
    err = InputError(
        Message("{value} is outside {low}..{high}", value=261.2, low=-90, high=90),
        file="villages.csv",
        row=17,
        field="lat",
    )
    assert str(err) == "villages.csv row 17, field lat: 261.2 is outside -90..90"
    zh = err.render(texts_for("zh"))
    assert zh.startswith("villages.csv 第 17 行，字段 lat：")


def test_placeholders_and_marker() -> None:
    assert placeholders("{a} and {b:.1f}") == {"a", "b"}
    assert N_("Township") == "Township"
    assert set(LANGS) == {"zh", "en"}
