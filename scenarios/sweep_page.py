"""sweep.html: the cases of a sweep side by side (table and charts, offline)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from html import escape
from typing import Any

from scenarios.charts import bar_chart
from scenarios.headline import HEADLINE, as_number
from scenarios.html import table
from scenarios.page import html_page
from scenarios.webfont import FONT_STACK

_CSS = (
    f"body{{font:13px {FONT_STACK};margin:20px}}table{{border-collapse:collapse}}"
    "td,th{border:1px solid #ccc;padding:2px 6px}svg{max-width:100%;height:auto}"
)

CHARTED = ("cost_per_parcel_yuan", "villages_service_pct", "spoilage_pct", "annual_parity_yuan")


def render_sweep(rows: Sequence[Mapping[str, Any]], *, title: str) -> str:
    """An HTML page comparing the sweep's cases."""
    labels = [f"{r['name']} (seed {r['seed']})" for r in rows]
    charts = []
    for column in CHARTED:
        values = [as_number(r.get(column)) for r in rows]
        if any(v is not None for v in values):
            label = next(text for c, _, text in HEADLINE if c == column)
            charts.append(f"<h2>{escape(label)}</h2>")
            charts.append(bar_chart(labels, [v or 0.0 for v in values], y_label=label))
    headers = ["case", "seed", "status"] + [text for _, _, text in HEADLINE]
    body_rows = [
        [r["name"], r["seed"], r["status"] if r["status"] == "ok" else r["error"]]
        + [r.get(c) for c, _, _ in HEADLINE]
        for r in rows
    ]
    body = f"<h1>{escape(title)}</h1>{''.join(charts)}<h2>All cases</h2>{table(headers, body_rows)}"
    return html_page(title=title, body=body, css=_CSS)
