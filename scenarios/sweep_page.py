"""sweep.html: the cases of a sweep side by side (table and charts, offline), in ``tr``'s
language (the case names and their errors are shown as written)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from html import escape
from typing import Any

from network.texts import DEFAULT_LANG, LANGS, Texts, texts_for
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


def sweep_texts(base_data: Mapping[str, Any], lang: str | None) -> Texts:
    """The sweep page's language: ``--lang``, else the base scenario's ``lang``, else zh."""
    chosen = lang or base_data.get("lang")
    return texts_for(chosen if chosen in LANGS else DEFAULT_LANG)


def _shown(value: Any, tr: Texts) -> Any:
    """A figure for people: booleans (from plan.json or sweep.csv) as yes/no."""
    if value is True or value in ("True", "true"):
        return tr("yes")
    if value is False or value in ("False", "false"):
        return tr("no")
    return value


def render_sweep(rows: Sequence[Mapping[str, Any]], *, name: str, tr: Texts) -> str:
    """An HTML page comparing the cases of the sweep file ``name``."""
    title = tr("Sweep {name}", name=name)
    labels = [tr("{case} (seed {seed})", case=r["name"], seed=r["seed"]) for r in rows]
    charts = []
    for column in CHARTED:
        values = [as_number(r.get(column)) for r in rows]
        if any(v is not None for v in values):
            label = tr(next(text for c, _, text in HEADLINE if c == column))
            charts.append(f"<h2>{escape(label)}</h2>")
            charts.append(bar_chart(labels, [v or 0.0 for v in values], y_label=label))
    headers = [tr("case"), tr("seed"), tr("status")] + [tr(text) for _, _, text in HEADLINE]
    body_rows = [
        [r["name"], r["seed"], tr("done") if r["status"] == "ok" else r["error"]]
        + [_shown(r.get(c), tr) for c, _, _ in HEADLINE]
        for r in rows
    ]
    all_cases = escape(tr("All cases"))
    body = (
        f"<h1>{escape(title)}</h1>{''.join(charts)}<h2>{all_cases}</h2>{table(headers, body_rows)}"
    )
    return html_page(title=title, body=body, css=_CSS, lang=tr.html_lang)
