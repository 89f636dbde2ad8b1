"""Pydantic's validation errors as catalogue messages, so a bad scenario key reads in zh or en.

Pydantic writes its messages in English. For the common error types (a missing or unknown key,
a number out of range, a value of the wrong kind, a value not among the choices ...) the message
is rebuilt from the error's ``type`` and ``ctx`` as a :class:`~network.texts.Message`; in English
it is always pydantic's own text, unchanged. A rare type keeps pydantic's English in both
languages. A validator that raises an :class:`~network.errors.InputError`, or a ``ValueError``
whose argument is a :class:`~network.texts.Message`, is rendered in the reader's language too.

Example:
    >>> from pydantic import BaseModel, Field, ValidationError
    >>> from network.texts import texts_for
    >>> class Solver(BaseModel):
    ...     time_limit_s: float = Field(gt=0)
    >>> try:
    ...     Solver(time_limit_s=0)
    ... except ValidationError as err:
    ...     message = validation_message(err.errors()[0])
    >>> message.render(texts_for("en")), message.render(texts_for("zh"))
    ('Input should be greater than 0', '必须大于 0')
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from pydantic_core import ErrorDetails

from network.errors import InputError
from network.texts import N_, Message, Texts, placeholders

_BY_TYPE: Mapping[str, str] = {
    "missing": N_("Field required"),
    "extra_forbidden": N_("Extra inputs are not permitted"),
    "greater_than": N_("Input should be greater than {gt}"),
    "greater_than_equal": N_("Input should be greater than or equal to {ge}"),
    "less_than": N_("Input should be less than {lt}"),
    "less_than_equal": N_("Input should be less than or equal to {le}"),
    "multiple_of": N_("Input should be a multiple of {multiple_of}"),
    "finite_number": N_("Input should be a finite number"),
    "int_type": N_("Input should be a valid integer"),
    "int_parsing": N_("Input should be a valid integer, unable to parse string as an integer"),
    "int_from_float": N_("Input should be a valid integer, got a number with a fractional part"),
    "float_type": N_("Input should be a valid number"),
    "float_parsing": N_("Input should be a valid number, unable to parse string as a number"),
    "decimal_type": N_("Decimal input should be an integer, float, string or Decimal object"),
    "decimal_parsing": N_("Input should be a valid decimal"),
    "bool_type": N_("Input should be a valid boolean"),
    "bool_parsing": N_("Input should be a valid boolean, unable to interpret input"),
    "string_type": N_("Input should be a valid string"),
    "list_type": N_("Input should be a valid list"),
    "dict_type": N_("Input should be a valid dictionary"),
    "model_type": N_("Input should be a valid dictionary or instance of {class_name}"),
    "literal_error": N_("Input should be {expected}"),
    "enum": N_("Input should be {expected}"),
    "too_short": N_("should have at least {min_length} item(s), not {actual_length}"),
    "too_long": N_("should have at most {max_length} item(s), not {actual_length}"),
    "string_too_short": N_("String should have at least {min_length} character(s)"),
    "string_too_long": N_("String should have at most {max_length} character(s)"),
    "value_error": N_("Value error, {error}"),
}
"""Error type -> message; its ``{fields}`` are the error's ``ctx`` keys."""


class _PydanticText(Message):
    """A message whose English is pydantic's own text (kept exactly), translated otherwise."""

    english: str

    def __init__(self, msgid: str, english: str, /, **params: object) -> None:
        super().__init__(msgid, **params)
        object.__setattr__(self, "english", english)

    def render(self, tr: Texts) -> str:
        """Pydantic's text in English, the catalogue's translation in another language."""
        return self.english if tr.lang == "en" else super().render(tr)


class _ErrorText(Message):
    """A validator's :class:`InputError` as a message parameter, in the reader's language."""

    error: InputError

    def __init__(self, error: InputError) -> None:
        super().__init__("{error}")
        object.__setattr__(self, "error", error)

    def render(self, tr: Texts) -> str:
        """The error's one-line form in ``tr``'s language."""
        return self.error.render(tr)


def _choices(expected: str) -> Message | str:
    """Pydantic's ``"'a', 'b' or 'c'"`` as a message joined in the reader's language."""
    head, sep, last = expected.rpartition(" or ")
    if not sep:
        return expected
    return Message("{choices} or {last}", choices=head, last=last)


def _cause(error: object) -> object:
    """A validator's exception as the text to show (a message where it carries one)."""
    if isinstance(error, InputError):
        return _ErrorText(error)
    if (
        isinstance(error, ValueError)
        and len(error.args) == 1
        and isinstance(error.args[0], Message)
    ):
        return error.args[0]
    return str(error)


def _plain(value: object) -> object:
    """A bound as pydantic writes it: a whole float without its ``.0`` (``gt=0.0`` -> ``0``)."""
    if isinstance(value, float) and value.is_integer() and abs(value) < 1e16:
        return int(value)
    return value


def validation_message(error: ErrorDetails) -> Message | str:
    """One pydantic error's text as a message (pydantic's English text for a rare type)."""
    msgid = _BY_TYPE.get(error["type"])
    if msgid is None:
        return error["msg"]
    ctx: dict[str, Any] = {k: _plain(v) for k, v in (error.get("ctx") or {}).items()}
    if error["type"] in ("literal_error", "enum"):
        ctx["expected"] = _choices(str(ctx.get("expected", "")))
    if error["type"] == "value_error":
        ctx["error"] = _cause(ctx.get("error"))
    if not placeholders(msgid) <= ctx.keys():
        return error["msg"]
    return _PydanticText(msgid, error["msg"], **ctx)


def validation_summary(errors: list[ErrorDetails]) -> Message | str:
    """The first error's message, with how many more there are."""
    first = validation_message(errors[0])
    more = len(errors) - 1
    if not more:
        return first
    return Message("{message} (and {more} more problem(s))", message=first, more=more)


__all__ = ["validation_message", "validation_summary"]
