"""The one-line form of an input error in both languages, as the bilingual error tests check it."""

from __future__ import annotations

import re

from network.errors import InputError
from network.texts import texts_for

ZH, EN = texts_for("zh"), texts_for("en")
CJK = re.compile(r"[\u4e00-\u9fff]")


def one_chinese_line(err: InputError) -> str:
    """``err`` in Chinese: one line with Chinese text; its English form is ``str(err)``."""
    text = err.render(ZH)
    assert "\n" not in text
    assert CJK.search(text), text
    assert err.render(EN) == str(err)
    return text
