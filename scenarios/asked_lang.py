"""The language a command line asks for, read before its parser is built (its help is in it)."""

from __future__ import annotations

import argparse
from collections.abc import Sequence

from network.texts import DEFAULT_LANG, LANGS, Lang


def asked_lang(argv: Sequence[str]) -> Lang:
    """The ``--lang`` in ``argv``, else zh; a wrong value is left for the parser to reject."""
    early = argparse.ArgumentParser(add_help=False)
    early.add_argument("--lang")
    known, _ = early.parse_known_args(list(argv))
    return next((lang for lang in LANGS if lang == known.lang), DEFAULT_LANG)
