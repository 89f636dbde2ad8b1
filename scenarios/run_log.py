"""Warnings of a run, collected instead of printed: once each, with how often, for ``run.log``.

Libraries warn about things that say nothing to a planner (a rounding inside a solver, a cache
not written, a deprecation). A run records them all and reports each distinct message once per
run (or per sweep) in ``run.log`` and under ``warnings`` in ``timings.json``; ``-v`` prints
them. Warnings of forked solver processes are not collected (they stay in that process).
"""

from __future__ import annotations

import warnings
from collections import Counter
from collections.abc import Iterable, Sequence

from network.texts import Texts, texts_for


def warning_text(caught: warnings.WarningMessage) -> str:
    """One line for a recorded warning: its category and the first line of its message."""
    first = str(caught.message).splitlines()[0] if str(caught.message) else ""
    return f"{caught.category.__name__}: {first}"


def warning_lines(texts: Iterable[str], tr: Texts | None = None) -> list[str]:
    """Each distinct warning once, in first-seen order, with its count when repeated (the
    count in ``tr``'s language; English without it)."""
    tr = tr or texts_for("en")
    counts = Counter(texts)
    return [
        text if n == 1 else tr("{warning} ({n} times)", warning=text, n=n)
        for text, n in counts.items()
    ]


def run_log_text(lines: Sequence[str], tr: Texts | None = None) -> str:
    """The text of ``run.log``: the run's technical warnings, or a line saying there were none
    (in ``tr``'s language; English without it). The warnings themselves are the libraries' own
    text."""
    tr = tr or texts_for("en")
    if not lines:
        return tr("no warnings") + "\n"
    return "".join(tr("warning: {line}", line=line) + "\n" for line in lines)
