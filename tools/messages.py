"""Keep the message catalogue (``network/locale``) in step with the code.

Dev-time only. Finds every catalogue text in the packages (the first argument of ``tr(...)``,
``N_(...)`` and ``Message(...)``, see :mod:`network.texts`) and compares it with the ``.po`` files
of each language.

Usage::

    .venv/bin/python tools/messages.py check        # missing, unused, placeholder mismatches
    .venv/bin/python tools/messages.py add AREA     # append missing msgids to AREA.po (zh empty)

``add`` writes the English entry as its own translation and leaves the Chinese one empty to be
filled in; ``check`` (and the test that runs it) fails until it is.
"""

from __future__ import annotations

import ast
import sys
from dataclasses import dataclass
from pathlib import Path

from babel.messages.pofile import read_po

ROOT = Path(__file__).resolve().parent.parent
PACKAGES = ("network", "routing", "coldchain", "subsidy", "maps", "scenarios")
KEYWORDS = frozenset({"tr", "N_", "Message"})
LOCALE = ROOT / "network" / "locale"
LANGS = ("zh", "en")


@dataclass(frozen=True)
class Found:
    """A catalogue text in the code, or a call whose text cannot be extracted."""

    msgid: str | None
    where: str


def _name(func: ast.expr) -> str | None:
    if isinstance(func, ast.Name):
        return func.id
    if isinstance(func, ast.Attribute):
        return func.attr
    return None


def found_in_code(root: Path = ROOT) -> list[Found]:
    """Every catalogue call's text in the packages, in file order."""
    found: list[Found] = []
    for package in PACKAGES:
        for path in sorted((root / package).rglob("*.py")):
            tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
            for node in ast.walk(tree):
                if not (isinstance(node, ast.Call) and _name(node.func) in KEYWORDS):
                    continue
                where = f"{path.relative_to(root)}:{node.lineno}"
                first = node.args[0] if node.args else None
                if isinstance(first, ast.Constant) and isinstance(first.value, str):
                    found.append(Found(first.value, where))
                elif isinstance(first, ast.JoinedStr):
                    found.append(Found(None, where))  # an f-string cannot be looked up
    return found


def _entries(lang: str) -> list[tuple[str, str, str]]:
    """(msgid, translation, file) over every ``.po`` file of ``lang``, in file order."""
    entries = []
    for po in sorted((LOCALE / lang / "LC_MESSAGES").glob("*.po")):
        with po.open("rb") as stream:
            for message in read_po(stream):
                if message.id and isinstance(message.id, str):
                    entries.append((message.id, str(message.string or ""), po.name))
    return entries


def catalogue(lang: str) -> dict[str, tuple[str, str]]:
    """msgid -> (translation, file) over every ``.po`` file of ``lang``."""
    return {msgid: (text, file) for msgid, text, file in _entries(lang)}


def conflicts(lang: str) -> list[str]:
    """A msgid translated differently in two area files (one term, one translation)."""
    seen: dict[str, tuple[str, str]] = {}
    lines = []
    for msgid, text, file in _entries(lang):
        if msgid in seen and seen[msgid][0] != text:
            lines.append(
                f"{lang}: {msgid!r} is {seen[msgid][0]!r} in {seen[msgid][1]}, {text!r} in {file}"
            )
        seen.setdefault(msgid, (text, file))
    return lines


def _fields(text: str) -> frozenset[str]:
    from string import Formatter

    return frozenset(name for _, name, _, _ in Formatter().parse(text) if name)


def problems(root: Path = ROOT) -> list[str]:
    """Everything wrong between the code and the catalogue, one line each (empty: all good)."""
    found = found_in_code(root)
    lines = [f"{f.where}: an f-string cannot be a catalogue text" for f in found if f.msgid is None]
    used = {f.msgid: f.where for f in found if f.msgid is not None}
    for lang in LANGS:
        entries = catalogue(lang)
        lines += conflicts(lang)
        for msgid, where in used.items():
            text, _ = entries.get(msgid, ("", ""))
            if not text:
                lines.append(f"{lang}: no translation of {msgid!r} ({where})")
            elif _fields(text) != _fields(msgid):
                lines.append(f"{lang}: {msgid!r} -> {text!r} changes the {{fields}}")
        lines += [
            f"{lang}/{file}: {msgid!r} is not used in the code"
            for msgid, (_, file) in entries.items()
            if msgid not in used
        ]
    return lines


def _quote(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n") + '"'


def add_missing(area: str) -> int:
    """Append the code's texts missing from a language to ``<lang>/LC_MESSAGES/<area>.po``."""
    used = list(dict.fromkeys(f.msgid for f in found_in_code() if f.msgid is not None))
    added = 0
    for lang in LANGS:
        entries = catalogue(lang)
        missing = [m for m in used if m not in entries]
        path = LOCALE / lang / "LC_MESSAGES" / f"{area}.po"
        text = path.read_text(encoding="utf-8") if path.exists() else _header(lang, area)
        for msgid in missing:
            translation = msgid if lang == "en" else ""
            text += f"msgid {_quote(msgid)}\nmsgstr {_quote(translation)}\n\n"
        path.write_text(text, encoding="utf-8")
        added += len(missing)
    return added


def _header(lang: str, area: str) -> str:
    name = "Chinese" if lang == "zh" else "English"
    locale = "zh_CN" if lang == "zh" else "en"
    return (
        f'# county-logistics: messages of the area "{area}" in {name}.\n'
        "# SPDX-License-Identifier: MIT\n"
        'msgid ""\nmsgstr ""\n'
        '"Project-Id-Version: county-logistics\\n"\n'
        f'"Language: {locale}\\n"\n'
        '"MIME-Version: 1.0\\n"\n'
        '"Content-Type: text/plain; charset=UTF-8\\n"\n'
        '"Content-Transfer-Encoding: 8bit\\n"\n\n'
    )


def main(argv: list[str]) -> int:
    """``check`` or ``add AREA``; exit 1 when ``check`` finds a problem."""
    if argv[:1] == ["add"] and len(argv) == 2:
        print(f"added {add_missing(argv[1])} entries to {argv[1]}.po")
        return 0
    if argv == ["check"]:
        lines = problems()
        print("\n".join(lines) or "catalogue complete")
        return 1 if lines else 0
    print(__doc__)
    return 2


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
