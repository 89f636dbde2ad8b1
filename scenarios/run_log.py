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


def warning_text(caught: warnings.WarningMessage) -> str:
    """One line for a recorded warning: its category and the first line of its message."""
    first = str(caught.message).splitlines()[0] if str(caught.message) else ""
    return f"{caught.category.__name__}: {first}"


def warning_lines(texts: Iterable[str]) -> list[str]:
    """Each distinct warning once, in first-seen order, with its count when repeated."""
    counts = Counter(texts)
    return [text if n == 1 else f"{text} ({n} times)" for text, n in counts.items()]


def run_log_text(lines: Sequence[str]) -> str:
    """The text of ``run.log``: the run's technical warnings, or a line saying there were none."""
    if not lines:
        return "no warnings\n"
    return "".join(f"warning: {line}\n" for line in lines)
