"""The HTML report for the e-commerce office: one offline file, charts as inline SVG.

Every section of the registry that ran has its part (:mod:`scenarios.report_parts`), read from
its typed outcome. Every value from input files is escaped.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from html import escape

from network.texts import N_, Texts
from scenarios.charts import bar_chart
from scenarios.context import Row
from scenarios.html import HtmlCell, table
from scenarios.page import html_page, part
from scenarios.print_map import static_map
from scenarios.registry import SECTIONS
from scenarios.report_parts.coldchain_ecommerce import checks_html
from scenarios.runner import PlanRun, network_summary

TARGET_ROWS = (
    ("townships_delivery", N_("Townships with delivery service")),
    ("villages_delivery", N_("Administrative villages with delivery service")),
    ("townships_service", N_("Township seats with an e-commerce service point")),
    ("villages_service", N_("Villages with an e-commerce service point")),
    ("poor_villages_service", N_("Registered-poor villages with a service point")),
)

NETWORK_ROWS = {
    "name": N_("county"),
    "county_dcs": N_("county DCs"),
    "townships": N_("townships"),
    "villages": N_("village-level units"),
    "communities": N_("urban communities"),
    "poor_villages": N_("registered-poor villages"),
    "population": N_("population"),
    "parcels_down_per_day": N_("downward parcels per day"),
    "parcels_up_per_day": N_("upward parcels per day"),
    "generated_positions": N_("generated positions"),
    "ferries": N_("ferry links"),
    "distance_source": N_("distances from"),
}
"""The network summary's rows for people (plan.json keeps the keys)."""

DISTANCE_SOURCES = {
    "great_circle": N_("straight line x circuity (no road file)"),
    "road_graph": N_("road network"),
}
"""Where the distances came from, for people."""

SKIPPED_TITLES = {
    "siting": N_("Service points"),
    "routing": N_("Shared delivery routes"),
    "economics": N_("Parcel economics"),
    "coldchain": N_("Cold chain"),
    "subsidy": N_("Subsidy"),
}
"""A stepped-aside section's heading."""


def _met(flag: bool | None, tr: Texts) -> str:
    if flag is None:
        return f'<span class="no-data">{escape(tr("no data"))}</span>'
    if flag:
        return f'<span class="met">{escape(tr("met"))}</span>'
    return f'<span class="not-met">{escape(tr("not met"))}</span>'


def _pct(value: float | None, tr: Texts) -> str:
    return "&ndash;" if value is None else f"{tr.number(value, 1)} %"


def _targets(run: PlanRun, tr: Texts) -> str:
    achieved = run.coverage.achieved_pct()
    met = run.coverage.targets_met()
    targets = run.coverage.targets
    rows = []
    for key, label in TARGET_ROWS:
        shown = escape(tr("no data")) if met[key] is None else _pct(achieved[key], tr)
        rows.append(
            "<tr>"
            f"<td>{escape(tr(label))}</td><td>&ge; {targets.pct(key):g} %</td>"
            f"<td>{shown}</td><td>{_met(met[key], tr)}</td>"
            "</tr>"
        )
    head = "".join(f"<th>{escape(h)}</th>" for h in (tr("Target"), tr("Plan"), tr("Achieved")))
    overall = _met(bool(met["all"]), tr)
    coverage = run.coverage
    notes = "".join(f'<p class="note">{escape(n.render(tr))}</p>' for n in coverage.note_messages)
    reach = coverage.criterion_words
    criterion = coverage.criterion if reach is None else reach.render(tr)
    within = tr("(service point within reach: {criterion})", criterion=criterion)
    return (
        f"<h2>{escape(tr('Targets of the plan'))}</h2>"
        f"<p>{escape(tr('All targets:'))} {overall} "
        f'<span class="note">{escape(within)}</span></p>'
        f"<table><thead><tr>{head}<th></th></tr></thead><tbody>{''.join(rows)}</tbody></table>"
        f"{notes}"
    )


def _townships(run: PlanRun, tr: Texts) -> str:
    rows = run.coverage.township_rows()
    headers = [
        tr("Township"),
        tr("Delivery"),
        tr("Seat service point"),
        tr("Villages"),
        tr("Delivery %"),
        tr("Service %"),
        tr("Poor villages"),
        tr("Poor service %"),
    ]
    body = [
        (
            r["name"],
            tr("yes") if r["delivery"] else tr("no"),
            tr(SEAT_SERVICE.get(r["service"], r["service"])),
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
        y_label=tr("villages with a service point (%)"),
    )
    return f"<h2>{escape(tr('Coverage by township'))}</h2>{chart}{table(headers, body)}"


SEAT_SERVICE = {
    "service_point": N_("service point at the seat"),
    "covered": N_("a point within reach"),
    "uncovered": N_("none within reach"),
}
"""A township seat's service status (``villages.csv`` keeps the codes)."""


def _network(run: PlanRun, tr: Texts) -> str:
    summary = network_summary(run.network, run.matrix)
    rows = [(tr(NETWORK_ROWS.get(k, k)), _value(v, tr)) for k, v in summary.items()]
    return f"<h2>{escape(tr('Network'))}</h2>" + table(["", tr("value")], rows)


def _value(value: object, tr: Texts) -> HtmlCell:
    """A summary value for people: numbers grouped, None as a dash."""
    if isinstance(value, bool) or value is None:
        return None if value is None else (tr("yes") if value else tr("no"))
    if isinstance(value, int):
        return tr.number(value)
    if isinstance(value, float):
        return tr.number(value, 1)
    return tr(DISTANCE_SOURCES[value]) if value in DISTANCE_SOURCES else str(value)


def _unreachable(run: PlanRun, tr: Texts) -> str:
    """Places the plan cannot reach, with the reason."""
    if not run.unreachable:
        return ""
    rows = [(run.network[i].name, i, reason.render(tr)) for i, reason in run.unreachable.items()]
    return f"<h2>{escape(tr('Unreachable places'))}</h2>" + table(
        [tr("place"), tr("id"), tr("why")], rows
    )


def _section_part(run: PlanRun, key: str, tr: Texts) -> str:
    """A section's part: its report when it ran, why it stepped aside when it did not."""
    entry = next(s for s in SECTIONS if s.key == key)
    if key in run.results:
        return entry.report(run.results[key], run.network, tr)
    if key in run.skipped:
        title = tr("{section}: skipped", section=tr(SKIPPED_TITLES.get(key, key)))
        return run.skipped[key].report_html(title, tr)
    return ""


def render_report(run: PlanRun, *, tr: Texts, map_file: str | None = "map.html") -> str:
    """The report as one HTML page in ``tr``'s language (no external resources; the map is
    linked beside it).

    Each part is a ``<section class="part">``: a page group when printed. In print the live
    map gives way to a static one drawn from the plan (:mod:`scenarios.print_map`).
    """
    name = run.network.name or tr("county")
    parts = [
        _network(run, tr),
        checks_html(run.checks, tr),
        _targets(run, tr),
        _unreachable(run, tr),
    ]
    parts += [_townships(run, tr), *(_section_part(run, s.key, tr) for s in SECTIONS)]
    if map_file is not None:
        parts.insert(
            1,
            f'<div class="screen-only"><p><a href="{escape(map_file)}">'
            f"{escape(tr('Open the coverage map'))}</a></p>"
            f'<iframe src="{escape(map_file)}" title="{escape(tr("coverage map"))}"></iframe>'
            f'</div><figure class="print-only">{static_map(run, tr)}</figure>',
        )
    title = tr("{county}: delivery network plan", county=name)
    heading = tr("{county}: rural delivery network plan", county=name)
    body = (
        f"<header><h1>{escape(heading)}</h1>"
        f'<p class="note">{escape(tr("seed {seed}", seed=run.seed))}</p></header>'
        f"{''.join(part(p) for p in parts)}"
    )
    return html_page(title=title, body=body, lang=tr.html_lang)


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
