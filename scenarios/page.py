"""The shell of our HTML pages: head, the embedded Chinese font, screen and print styles.

Print rules (report.html printed from a browser, or ``plan --pdf``): A4, each
``<section class="part">`` starts a new page (the first one shares the title's page), headings
stay with what follows them, table rows are never cut and the header row repeats on each page,
charts and figures stay whole, every page is numbered ("3 / 16") at its foot, and what only
works on screen (``.screen-only``: the live map) gives way to its paper form (``.print-only``:
the static map).
"""

from __future__ import annotations

from html import escape

from scenarios.webfont import FONT_STACK, font_face_css

REPORT_CSS = f"""
body{{font:14px/1.5 {FONT_STACK};margin:24px auto;max-width:1100px;color:#222;padding:0 16px}}
h1{{font-size:24px}}h2{{font-size:18px;margin-top:32px;border-bottom:1px solid #ccc}}
table{{border-collapse:collapse;margin:8px 0}}td,th{{border:1px solid #ccc;padding:3px 8px;
text-align:right}}th{{background:#f3f3f3}}td:first-child,th:first-child{{text-align:left}}
.met{{color:#1a7f37;font-weight:bold}}.not-met{{color:#c62828;font-weight:bold}}
.note{{color:#666;font-size:12px}}iframe{{width:100%;height:560px;border:1px solid #ccc}}
svg{{max-width:100%;height:auto}}
"""
"""The report's screen style (the sweep page and others may bring their own)."""

PRINT_CSS = """
.print-only{display:none}
@page{size:A4;margin:14mm 12mm 16mm 12mm;
@bottom-center{content:counter(page) " / " counter(pages);font-size:8pt;color:#666}}
@media print{
html,body{-webkit-print-color-adjust:exact;print-color-adjust:exact}
body{max-width:none;margin:0;padding:0;font-size:10pt}
h1{font-size:18pt;margin:0 0 4pt}h2{font-size:13pt;margin-top:0}h3{font-size:11pt}
.screen-only,iframe{display:none!important}
.print-only{display:block}
section.part{break-before:page}
header+section.part{break-before:auto}
h1,h2,h3,h4{break-after:avoid;break-inside:avoid}
table{break-inside:auto;font-size:8.5pt;width:100%}
thead{display:table-header-group}tfoot{display:table-footer-group}
tr,td,th{break-inside:avoid}
td,th{padding:1.5pt 4pt}td:first-child,td:last-child{overflow-wrap:anywhere}
svg,figure,img{break-inside:avoid;max-width:100%;height:auto}
figure{margin:0}
a{color:inherit;text-decoration:none}
}
"""
"""Print rules shared by every page (see the module's docstring)."""


def html_page(*, title: str, body: str, css: str = REPORT_CSS, lang: str = "zh-CN") -> str:
    """A whole offline HTML page: ``body`` (HTML) under ``title`` (text, escaped), with the
    glyphs it shows embedded as a web font and the print rules."""
    head_css = css + PRINT_CSS
    font = font_face_css(title + body + head_css)
    return (
        f'<!DOCTYPE html><html lang="{escape(lang)}"><head><meta charset="utf-8">'
        f'<meta name="viewport" content="width=device-width">'
        f"<title>{escape(title)}</title><style>{font}{head_css}</style></head>"
        f"<body>{body}</body></html>\n"
    )


def part(html: str, *, kind: str = "") -> str:
    """One report part as a print page group (nothing for an empty part)."""
    if not html:
        return ""
    classes = f"part {kind}".strip()
    return f'<section class="{escape(classes)}">{html}</section>'


__all__ = ["PRINT_CSS", "REPORT_CSS", "html_page", "part"]
