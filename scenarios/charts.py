"""Charts for the HTML report, as inline SVG (matplotlib figures without pyplot: no global state).

Text stays text in the SVG (``svg.fonttype = none``) and asks for the page's embedded font
(:mod:`scenarios.webfont`), so Chinese names are drawn by the browser with glyphs the page
carries, not the office PC's fonts (which may have none: empty boxes). matplotlib lays the
labels out with the metrics of that same font file.
"""

from __future__ import annotations

import io
import warnings
from collections.abc import Sequence
from typing import Any

import matplotlib
from matplotlib import font_manager
from matplotlib.figure import Figure

from scenarios.webfont import FAMILY, font_path

_RC: Any = {
    "svg.fonttype": "none",
    "svg.hashsalt": "county-logistics",  # stable ids: the same plan gives the same bytes
    "font.family": ["sans-serif"],
    "font.sans-serif": [FAMILY, "Noto Sans CJK SC", "Microsoft YaHei", "SimHei", "DejaVu Sans"],
    "font.size": 9,
    "axes.spines.top": False,
    "axes.spines.right": False,
}


def chart_rc() -> Any:
    """matplotlib settings for an SVG that keeps its text and asks for the embedded font.

    The font file is made known to matplotlib's font list (once per process; it only adds an
    entry) so that label sizes and the tight bounding box match the glyphs drawn.
    """
    path = str(font_path())
    if all(entry.fname != path for entry in font_manager.fontManager.ttflist):
        font_manager.fontManager.addfont(path)
    return _RC


def svg_text(fig: Figure) -> str:
    """The figure as an inline ``<svg>`` element (no XML prolog; same figure, same bytes)."""
    buffer = io.StringIO()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # glyph metrics for CJK text; the browser draws it
        fig.savefig(buffer, format="svg", bbox_inches="tight", metadata={"Date": None})
    text = buffer.getvalue()
    return text[text.index("<svg") :]


def line_chart(
    series: Sequence[tuple[str, Sequence[float], Sequence[float]]],
    *,
    x_label: str,
    y_label: str,
    title: str = "",
    size_in: tuple[float, float] = (6.5, 3.2),
) -> str:
    """One line per ``(label, xs, ys)``; returns an ``<svg>`` element."""
    with matplotlib.rc_context(chart_rc()):
        fig = Figure(figsize=size_in)
        ax = fig.subplots()
        for label, xs, ys in series:
            points = list(xs)
            marker = "o" if len(points) <= 40 else None
            ax.plot(points, list(ys), marker=marker, markersize=3, linewidth=1.2, label=label)
        ax.set_xlabel(x_label)
        ax.set_ylabel(y_label)
        if title:
            ax.set_title(title)
        if len(series) > 1:
            ax.legend(frameon=False, fontsize=8, loc="center left", bbox_to_anchor=(1.0, 0.5))
        ax.grid(alpha=0.3)
        return svg_text(fig)


def bar_chart(
    labels: Sequence[str],
    values: Sequence[float],
    *,
    y_label: str,
    title: str = "",
    limits: Sequence[float] | None = None,
    size_in: tuple[float, float] = (6.5, 3.2),
) -> str:
    """Bars (with optional limit markers, e.g. a fund line's total); returns ``<svg>``."""
    with matplotlib.rc_context(chart_rc()):
        fig = Figure(figsize=size_in)
        ax = fig.subplots()
        positions = range(len(labels))
        ax.bar(positions, list(values), color="#2b83ba")
        if limits is not None:
            ax.scatter(positions, list(limits), marker="_", s=400, color="#d7191c", label="limit")
            ax.legend(frameon=False)
        ax.set_xticks(list(positions), list(labels), rotation=30, ha="right")
        ax.set_ylabel(y_label)
        if min(values, default=0.0) >= 0.0:
            highest = max([*values, *(limits or [])], default=0.0)
            ax.set_ylim(bottom=0.0, top=max(highest, 1.0) * 1.05)
        if title:
            ax.set_title(title)
        ax.grid(axis="y", alpha=0.3)
        return svg_text(fig)
