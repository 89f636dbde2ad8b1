"""The HTML report for the e-commerce office: one offline file, charts as inline SVG.

Every section of the registry that ran has its part (:mod:`scenarios.report_parts`), read from
its typed outcome. Every value from input files is escaped.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from html import escape

from network.texts import Texts
from scenarios.charts import bar_chart
from scenarios.context import Row
from scenarios.html import cell, table
from scenarios.page import html_page, part
from scenarios.print_map import static_map
from scenarios.registry import SECTIONS
from scenarios.report_parts.coldchain_ecommerce import checks_html
from scenarios.runner import PlanRun, network_summary

TARGET_ROWS = (
    ("townships_delivery", "Townships with delivery service"),
    ("villages_delivery", "Administrative villages with delivery service"),
    ("townships_service", "Township seats with an e-commerce service point"),
    ("villages_service", "Villages with an e-commerce service point"),
    ("poor_villages_service", "Registered-poor villages with a service point"),
)


def _met(flag: bool | None) -> str:
    if flag is None:
        return '<span class="no-data">no data</span>'
    return '<span class="met">met</span>' if flag else '<span class="not-met">not met</span>'


def _targets(run: PlanRun) -> str:
    achieved = run.coverage.achieved_pct()
    met = run.coverage.targets_met()
    targets = run.coverage.targets
    rows = []
    for key, label in TARGET_ROWS:
        rows.append(
            "<tr>"
            f"<td>{escape(label)}</td><td>&ge; {targets.pct(key):g} %</td>"
            f"<td>{'no data' if met[key] is None else f'{cell(achieved[key])} %'}</td>"
            f"<td>{_met(met[key])}</td>"
            "</tr>"
        )
    head = "<tr><th>Target</th><th>Plan</th><th>Achieved</th><th></th></tr>"
    overall = _met(bool(met["all"]))
    notes = "".join(f'<p class="note">{escape(n)}</p>' for n in run.coverage.notes)
    return (
        f"<h2>Targets of the plan</h2><p>All targets: {overall} "
        f'<span class="note">(service point within reach: {escape(run.coverage.criterion)})'
        f"</span></p><table><thead>{head}</thead><tbody>{''.join(rows)}</tbody></table>{notes}"
    )


def _townships(run: PlanRun) -> str:
    rows = run.coverage.township_rows()
    headers = [
        "Township",
        "Delivery",
        "Seat service point",
        "Villages",
        "Delivery %",
        "Service %",
        "Poor villages",
        "Poor service %",
    ]
    body = [
        (
            r["name"],
            "yes" if r["delivery"] else "no",
            r["service"],
            r["villages"],
            r["villages_delivery_pct"],
            r["villages_service_pct"],
            r["poor_villages"],
            r["poor_villages_service_pct"],
        )
        for r in rows
    ]
    chart = bar_chart(
        [r["name"] for r in rows],
        [r["villages_service_pct"] or 0.0 for r in rows],
        y_label="villages with a service point (%)",
    )
    return f"<h2>Coverage by township</h2>{chart}{table(headers, body)}"


def _network(run: PlanRun) -> str:
    summary = network_summary(run.network, run.matrix)
    rows = [(k.replace("_", " "), v) for k, v in summary.items()]
    return "<h2>Network</h2>" + table(["", "value"], rows)


_SKIPPED_TITLES = {
    "siting": "Service points",
    "routing": "Shared delivery routes",
    "coldchain": "Cold chain",
    "subsidy": "Subsidy",
}


def _unreachable(run: PlanRun) -> str:
    """Places the plan cannot reach, with the reason."""
    if not run.unreachable:
        return ""
    rows = [(run.network[i].name, i, reason) for i, reason in run.unreachable.items()]
    return "<h2>Unreachable places</h2>" + table(["place", "id", "why"], rows)


def _section_part(run: PlanRun, key: str) -> str:
    """A section's part: its report when it ran, why it stepped aside when it did not."""
    entry = next(s for s in SECTIONS if s.key == key)
    if key in run.results:
        return entry.report(run.results[key], run.network)
    if key in run.skipped:
        return run.skipped[key].report_html(f"{_SKIPPED_TITLES.get(key, key)}: skipped")
    return ""


def render_report(run: PlanRun, *, tr: Texts, map_file: str | None = "map.html") -> str:
    """The report as one HTML page in ``tr``'s language (no external resources; the map is
    linked beside it).

    Each part is a ``<section class="part">``: a page group when printed. In print the live
    map gives way to a static one drawn from the plan (:mod:`scenarios.print_map`).
    """
    name = run.network.name or "county"
    parts = [_network(run), checks_html(run.checks), _targets(run), _unreachable(run)]
    parts += [_townships(run), *(_section_part(run, s.key) for s in SECTIONS)]
    if map_file is not None:
        parts.insert(
            1,
            f'<div class="screen-only"><p><a href="{escape(map_file)}">Open the coverage map'
            f'</a></p><iframe src="{escape(map_file)}" title="coverage map"></iframe></div>'
            f'<figure class="print-only">{static_map(run)}</figure>',
        )
    body = (
        f"<header><h1>{escape(name)}: rural delivery network plan</h1>"
        f'<p class="note">seed {run.seed}</p></header>{"".join(part(p) for p in parts)}'
    )
    lang = "zh-CN" if tr.lang == "zh" else tr.lang
    return html_page(title=f"{name}: delivery network plan", body=body, lang=lang)


def plan_tables(run: PlanRun) -> Mapping[str, Sequence[Row]]:
    """Every table of the plan by sheet name (for the workbook)."""
    achieved = run.coverage.achieved_pct()
    met = run.coverage.targets_met()
    tables: dict[str, Sequence[Row]] = {
        "targets": [
            {
                "target": key,
                "plan_pct": run.coverage.targets.pct(key),
                "achieved_pct": achieved[key],
                "met": met[key],
            }
            for key, _ in TARGET_ROWS
        ],
        "townships": run.coverage.township_rows(),
        "villages": run.coverage.village_rows(),
    }
    for result in run.results.values():
        tables.update(result.tables())
    return tables


__all__ = ["plan_tables", "render_report"]
