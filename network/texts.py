"""The message catalogue: every human-facing text in Chinese (default) or English.

Text a person reads (report, map, workbook headers, CLI lines, input errors) is written in the
code as its English ``msgid`` and looked up at the edge that writes it, through a :class:`Texts`
for the run's language. The translations live in gettext ``.po`` files under
``network/locale/<lang>/LC_MESSAGES/<area>.po`` (one file per area of the code, read together as
one catalogue; ``make messages`` extracts new ``msgid`` s with Babel). Machine keys (``plan.json``,
CSV headers) stay English and never go through here.

Conventions (the catalogue test extracts with these names, so keep them):

- ``tr("Targets of the plan")`` or ``tr("{n} villages", n=3)``: translate now; ``tr`` is the
  parameter name of the :class:`Texts` a function receives.
- ``N_("Township")``: mark a module-level text for the catalogue; translate later with ``tr(x)``.
- ``Message("{value} is outside {low}..{high}", value=v, low=-90, high=90)``: a text kept with its
  parameters until someone renders it in a language (input errors are raised long before the CLI
  knows the language).

Example:
    >>> zh, en = texts_for("zh"), texts_for("en")
    >>> en.yuan(Decimal("1250308.4"))
    '1,250,308.40 yuan'
    >>> zh.yuan(Decimal("1250308.4"))
    '125.03 万元'
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from functools import cache
from pathlib import Path
from string import Formatter
from typing import Literal, get_args

from babel.messages.pofile import read_po

from network.money import to_fen

Lang = Literal["zh", "en"]
"""A language the outputs can be written in."""

LANGS: tuple[Lang, ...] = get_args(Lang)
DEFAULT_LANG: Lang = "zh"
LOCALE_DIR = Path(__file__).parent / "locale"
"""Where the ``.po`` files are: ``<lang>/LC_MESSAGES/<area>.po``."""

_HTML_LANG: Mapping[Lang, str] = {"zh": "zh-CN", "en": "en"}
_WAN = Decimal(10_000)
_YI = Decimal(100_000_000)
_CENTI = Decimal("0.01")


def N_(msgid: str) -> str:  # noqa: N802 (gettext's own name for the marker)
    """Mark ``msgid`` for the catalogue without translating it (translate later with ``tr``)."""
    return msgid


def placeholders(text: str) -> frozenset[str]:
    """The ``{name}`` fields of a message (what a translation must keep)."""
    return frozenset(name for _, name, _, _ in Formatter().parse(text) if name)


@dataclass(frozen=True, init=False)
class Message:
    """A text with its parameters, rendered in a language only when someone reads it.

    ``str(message)`` is the English text (for logs and tests); parameters that are themselves
    :class:`Message` s are rendered in the same language.
    """

    msgid: str
    params: Mapping[str, object] = field(default_factory=dict)

    def __init__(self, msgid: str, /, **params: object) -> None:
        object.__setattr__(self, "msgid", msgid)
        object.__setattr__(self, "params", params)

    def render(self, tr: Texts) -> str:
        """The text in ``tr``'s language."""
        return tr(self.msgid, **self.params)

    def __str__(self) -> str:
        return self.render(texts_for("en"))


@dataclass(frozen=True)
class Texts:
    """The catalogue in one language: call it to translate, and format numbers for people.

    Attributes:
        lang: the language.
        messages: ``msgid`` -> translation (a missing one falls back to the ``msgid``).
    """

    lang: Lang
    messages: Mapping[str, str]

    def __call__(self, msgid: str, /, **params: object) -> str:
        """``msgid`` translated, with ``{name}`` fields filled from ``params``."""
        text = self.messages.get(msgid) or msgid
        if not params:
            return text
        shown = {k: v.render(self) if isinstance(v, Message) else v for k, v in params.items()}
        return text.format(**shown)

    @property
    def html_lang(self) -> str:
        """The page's ``lang`` attribute in this language (``zh-CN``, ``en``)."""
        return _HTML_LANG[self.lang]

    def number(self, value: Decimal | float | int, digits: int = 0) -> str:
        """A number with thousands separators and ``digits`` decimals (half up)."""
        exact = Decimal(repr(float(value))) if isinstance(value, float) else Decimal(value)
        step = Decimal(1).scaleb(-digits)
        return f"{exact.quantize(step, rounding=ROUND_HALF_UP):,}"

    def yuan(self, value: Decimal | float | int) -> str:
        """Money for people, rounded half up.

        ``zh``: ``8,500.00 元``, ``125.03 万元`` from ten thousand, ``1.80 亿元`` from a hundred
        million; ``en``: ``1,250,308.40 yuan``.
        """
        fen = to_fen(value)
        if self.lang == "en":
            return f"{fen:,} yuan"
        if abs(fen) >= _YI:
            return f"{(fen / _YI).quantize(_CENTI, rounding=ROUND_HALF_UP):,} 亿元"
        if abs(fen) >= _WAN:
            return f"{(fen / _WAN).quantize(_CENTI, rounding=ROUND_HALF_UP):,} 万元"
        return f"{fen:,} 元"


def texts_for(lang: str) -> Texts:
    """The catalogue in ``lang`` (``"zh"`` or ``"en"``); ValueError names the choices."""
    if lang not in LANGS:
        raise ValueError(f"unknown language {lang!r}: choose one of {', '.join(LANGS)}")
    return _load(lang)


@cache
def _load(lang: Lang) -> Texts:
    """Read every ``.po`` file of ``lang`` once (the files are package data, never changed)."""
    messages: dict[str, str] = {}
    for po in sorted((LOCALE_DIR / lang / "LC_MESSAGES").glob("*.po")):
        with po.open("rb") as stream:
            for message in read_po(stream, locale=None):
                if message.id and isinstance(message.id, str) and message.string:
                    messages[message.id] = str(message.string)
    return Texts(lang=lang, messages=messages)


def catalogue_files(lang: Lang) -> list[Path]:
    """The ``.po`` files of ``lang``, sorted (for tools and the completeness test)."""
    return sorted((LOCALE_DIR / lang / "LC_MESSAGES").glob("*.po"))


__all__ = [
    "DEFAULT_LANG",
    "LANGS",
    "LOCALE_DIR",
    "N_",
    "Lang",
    "Message",
    "Texts",
    "catalogue_files",
    "placeholders",
    "texts_for",
]
