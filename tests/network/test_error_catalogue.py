"""The input errors' and CLI lines' catalogue (errors.po, cli.po): Chinese really is Chinese."""

from __future__ import annotations

import re

import pytest
from babel.messages.pofile import read_po

from network.errors import InputError
from network.texts import LOCALE_DIR, Message, texts_for

CJK = re.compile("[\u4e00-\u9fff]")
FIELDS = re.compile(r"\{[^}]*\}")


def _entries(area: str) -> list[tuple[str, str]]:
    with (LOCALE_DIR / "zh" / "LC_MESSAGES" / f"{area}.po").open("rb") as stream:
        return [(str(m.id), str(m.string)) for m in read_po(stream) if m.id]


@pytest.mark.parametrize("area", ["errors", "cli"])
def test_every_chinese_text_with_words_is_in_chinese(area: str) -> None:
    entries = _entries(area)
    assert len(entries) > (150 if area == "errors" else 20)
    english = [
        (msgid, text)
        for msgid, text in entries
        if re.search("[A-Za-z]{3,}", FIELDS.sub("", msgid)) and not CJK.search(text)
    ]
    assert english == []


def test_a_message_inside_a_message_is_rendered_in_the_same_language() -> None:
    reason = Message("it has no code")
    err = InputError(
        Message(
            "cannot tell the township: no parent or township column, and {reason}", reason=reason
        ),
        file="villages.csv",
        row=4,
        field="编码",
    )
    assert err.render(texts_for("zh")) == (
        "villages.csv 第 4 行，字段 编码：无法判断所属乡镇：没有上级或乡镇列，且它没有代码"
    )
    assert str(err) == (
        "villages.csv row 4, field 编码: cannot tell the township: no parent or township column, "
        "and it has no code"
    )


def test_a_bound_names_its_unit_in_the_readers_language() -> None:
    from network._parse_nodes import MAX_PARCELS
    from network._table import Row

    row = Row(file="nodes.csv", number=9, values={"parcels_down": "1e308"})
    with pytest.raises(InputError) as caught:
        row.numeric("parcels_down", at_most=MAX_PARCELS)
    assert caught.value.render(texts_for("zh")).endswith(
        "1e308 超出任何一个县的规模（至多 10,000,000 件/日/节点）：请核对数值及其单位"
    )
    assert str(caught.value).endswith(
        "(at most 10,000,000 parcels a day per node): check the number and its unit"
    )
