"""The HTML report for the e-commerce office: one offline file, charts as inline SVG.

Every section appears when its data is in the plan. Every value from input files is escaped.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from html import escape
from typing import Any

from scenarios.charts import bar_chart, line_chart
from scenarios.headline import as_number
from scenarios.runner import PlanRun

_CSS = """
body{font:14px/1.5 "Microsoft YaHei","Noto Sans CJK SC",sans-serif;margin:24px auto;
max-width:1100px;color:#222;padding:0 16px}
h1{font-size:24px}h2{font-size:18px;margin-top:32px;border-bottom:1px solid #ccc}
table{border-collapse:collapse;margin:8px 0}td,th{border:1px solid #ccc;padding:3px 8px;
text-align:right}th{background:#f3f3f3}td:first-child,th:first-child{text-align:left}
.met{color:#1a7f37;font-weight:bold}.not-met{color:#c62828;font-weight:bold}
.note{color:#666;font-size:12px}iframe{width:100%;height:560px;border:1px solid #ccc}
"""

TARGET_ROWS = (
    ("townships_delivery", "Townships with delivery service"),
    ("villages_delivery", "Administrative villages with delivery service"),
    ("townships_service", "Township seats with an e-commerce service point"),
    ("villages_service", "Villages with an e-commerce service point"),
    ("poor_villages_service", "Registered-poor villages with a service point"),
)


def _cell(value: Any) -> str:
    if value is None or value == "":
        return "&ndash;"
    if isinstance(value, float):
        return f"{value:,.1f}"
    return escape(str(value))


def table(headers: Sequence[str], rows: Iterable[Sequence[Any]]) -> str:
    """An HTML table; every cell escaped."""
    head = "".join(f"<th>{escape(h)}</th>" for h in headers)
    body = "".join("<tr>" + "".join(f"<td>{_cell(v)}</td>" for v in row) + "</tr>" for row in rows)
    return f"<table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"


def _met(flag: bool) -> str:
    return '<span class="met">met</span>' if flag else '<span class="not-met">not met</span>'


def _targets(run: PlanRun) -> str:
    summary = run.coverage.summary()
    met = summary["targets_met"]
    targets = run.coverage.targets
    rows = []
    for key, label in TARGET_ROWS:
        achieved = summary.get(f"{key}_pct")
        rows.append(
            "<tr>"
            f"<td>{escape(label)}</td><td>&ge; {targets.pct(key):g} %</td>"
            f"<td>{_cell(achieved)} %</td><td>{_met(bool(met[key]))}</td>"
            "</tr>"
        )
    head = "<tr><th>Target</th><th>Plan</th><th>Achieved</th><th></th></tr>"
    overall = _met(bool(met["all"]))
    return (
        f"<h2>Targets of the plan</h2><p>All targets: {overall} "
        f'<span class="note">(service point within reach: {escape(run.coverage.criterion)})'
        f"</span></p><table><thead>{head}</thead><tbody>{''.join(rows)}</tbody></table>"
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
    summary = run.plan_json()["network"]
    rows = [(k.replace("_", " "), v) for k, v in summary.items()]
    return "<h2>Network</h2>" + table(["", "value"], rows)


def _yuan(value: Any) -> str:
    number = as_number(value)
    return "" if number is None else f"{number:,.2f}"


def _series(
    rows: Iterable[Mapping[str, Any]],
    *,
    by: str,
    x: Callable[[Mapping[str, Any]], float],
    y: Callable[[Mapping[str, Any]], float],
) -> dict[str, tuple[list[float], list[float]]]:
    """Rows grouped into chart series by the ``by`` column: name -> (xs, ys)."""
    series: dict[str, tuple[list[float], list[float]]] = {}
    for row in rows:
        xs, ys = series.setdefault(str(row.get(by, "")), ([], []))
        xs.append(x(row))
        ys.append(y(row))
    return series


def _coldchain(run: PlanRun) -> str:
    result = run.results.get("coldchain")
    if result is None:
        return ""
    s = result.summary
    ci = s.get("spoilage_pct_ci95") or [None, None]
    bottleneck = s.get("bottleneck") or {}
    head = table(
        ["", "value"],
        [
            ("loss, share of value (mean over seasons)", f"{s.get('spoilage_pct')} %"),
            ("95 % confidence interval", f"{ci[0]} - {ci[1]} %"),
            ("loss at the P90 season", f"{s.get('spoilage_pct_p90')} %"),
            ("value lost per year (yuan)", _yuan(s.get("spoilage_value_yuan")) or None),
            ("bottleneck", f"{bottleneck.get('stage', '')} at {bottleneck.get('node', '')}"),
        ],
    )
    peaks = s.get("peak_utilisation_pct") or {}
    peak_table = table(["stage", "peak utilisation %"], sorted(peaks.items()))
    days: dict[str, dict[int, list[float]]] = {}
    for row in result.tables.get("coldchain", []):
        stage_days = days.setdefault(str(row["stage"]), {})
        stage_days.setdefault(int(row["day"]), []).append(float(row["utilisation_pct"]))
    series = [
        (stage, sorted(d), [max(d[k]) for k in sorted(d)]) for stage, d in sorted(days.items())
    ]
    chart = (
        line_chart(series, x_label="day of the season", y_label="busiest facility, % of capacity")
        if series
        else ""
    )
    rec = s.get("recommended") or {}
    stages = rec.get("stages") or {}
    rec_table = table(
        ["stage", "capacity", "unit", "x today", "capital (yuan)", "energy (yuan/yr)"],
        [
            (
                k,
                v.get("capacity"),
                v.get("unit"),
                v.get("factor_vs_input"),
                _yuan(v.get("capital_yuan")),
                _yuan(v.get("energy_yuan_per_year")),
            )
            for k, v in stages.items()
        ],
    )
    curve = _series(
        result.tables.get("coldchain_loss_curve", []),
        by="stage",
        x=lambda row: 100.0 * float(row["share_of_recommended"]),
        y=lambda row: float(row["loss_pct"]),
    )
    curve_chart = (
        line_chart(
            [(stage, xs, ys) for stage, (xs, ys) in sorted(curve.items())],
            x_label="capacity, % of the recommended size (others at recommended)",
            y_label="loss, % of value",
        )
        if curve
        else ""
    )
    target = rec.get("target_pct")
    return (
        f"<h2>Cold chain over the season</h2>{head}{chart}{peak_table}"
        f"<h3>Sizes that keep the P{_cell(rec.get('percentile'))} loss under {_cell(target)} %"
        f"</h3>{rec_table}<h3>What is lost with less</h3>{curve_chart}"
    )


def _subsidy(run: PlanRun) -> str:
    result = run.results.get("subsidy")
    if result is None:
        return ""
    s = result.summary
    draws = s.get("draw_by_line_yuan") or {}
    months = s.get("months_until_exhausted") or {}
    rows = [(line, _yuan(amount), months.get(line)) for line, amount in draws.items()]
    chart = bar_chart(
        list(draws), [as_number(v) or 0.0 for v in draws.values()], y_label="yuan per year"
    )
    carriers = s.get("annual_by_carrier_yuan") or {}
    by_carrier = [(k, _yuan(v)) for k, v in carriers.items()]
    return (
        "<h2>Subsidy: parity for upward parcels</h2>"
        f"<p>Parity costs the fund <b>{_yuan(s.get('annual_parity_yuan')) or '?'} yuan a year</b> "
        f"(benchmark price {escape(str(s.get('benchmark_yuan')))} yuan per parcel; costs from "
        f"{escape(str(s.get('cost_source')))}).</p>"
        f"{table(['fund line', 'draw per year (yuan)', 'months until exhausted'], rows)}{chart}"
        f"{table(['carrier', 'parity per year (yuan)'], by_carrier)}"
    )


def _siting(run: PlanRun) -> str:
    result = run.results.get("siting")
    if result is None:
        return ""
    s = result.summary
    met = s.get("targets_met") or {}
    head = table(
        ["", "value"],
        [
            ("service points chosen", s.get("points")),
            (
                "existing outlets upgraded / new points",
                f"{s.get('existing_reused')} / {s.get('new_built')}",
            ),
            ("cost (yuan)", _yuan(s.get("cost_yuan"))),
            ("optimality gap %", s.get("gap_pct")),
            ("solver status", s.get("status")),
            ("all siting targets met", "yes" if met.get("all") else "no"),
        ],
    )
    series = _series(
        [row for row in s.get("curve") or [] if as_number(row.get("cost_yuan")) is not None],
        by="series",
        x=lambda row: float(row["target_pct"]),
        y=lambda row: float(row["cost_yuan"]),
    )
    chart = (
        line_chart(
            [(f"target on {name}", xs, ys) for name, (xs, ys) in sorted(series.items())],
            x_label="coverage target (%)",
            y_label="least cost of service points (yuan)",
        )
        if series
        else ""
    )
    return f"<h2>Service points: where, and what each extra 10 % costs</h2>{head}{chart}"


def _parcels_by_township(run: PlanRun) -> dict[str, float]:
    totals: dict[str, float] = {}
    for node in run.network:
        township = run.network.township_of(node.id)
        if township is not None:
            totals[township.id] = totals.get(township.id, 0.0) + node.parcels_per_day
    return totals


def _routing(run: PlanRun) -> str:
    result = run.results.get("routing")
    if result is None:
        return ""
    s = result.summary
    head = table(
        ["", "value"],
        [
            ("delivery cost per day (yuan)", _yuan(s.get("daily_cost_yuan"))),
            ("cost per parcel (yuan)", _yuan(s.get("cost_per_parcel_yuan"))),
            ("distance per day (km)", s.get("distance_km")),
            ("vehicles", s.get("vehicles")),
            ("stops routed", s.get("stops")),
            ("stops are", s.get("stops_from")),
            ("villages delivered via a service point", s.get("villages_via_points")),
            ("stops not served", len(s.get("unserved") or [])),
            ("model", s.get("echelon")),
            ("shared routes save (%)", s.get("shared_saving_pct")),
            ("shared routes save (yuan per day)", _yuan(s.get("shared_saving_yuan"))),
        ],
    )
    note = s.get("shared_saving_check")
    parcels = _parcels_by_township(run)
    by_township = s.get("cost_by_township_yuan") or {}
    township_rows = []
    for township_id, cost in by_township.items():
        node = run.network.get(township_id)
        per_parcel = (
            (as_number(cost) or 0.0) / parcels[township_id] if parcels.get(township_id) else None
        )
        township_rows.append((node.name if node else township_id, _yuan(cost), per_parcel))
    township_chart = (
        bar_chart(
            [r[0] for r in township_rows],
            [r[2] or 0.0 for r in township_rows],
            y_label="cost per parcel (yuan)",
        )
        if township_rows
        else ""
    )
    total_parcels = sum(parcels.values())
    shares = s.get("carrier_shares") or {}
    carrier_rows = [
        (
            carrier,
            _yuan(cost),
            (as_number(cost) or 0.0) / (shares[carrier] * total_parcels)
            if shares.get(carrier) and total_parcels
            else None,
        )
        for carrier, cost in (s.get("cost_by_carrier_yuan") or {}).items()
    ]
    echelons = [
        (
            name,
            _yuan((s.get(name) or {}).get("day0_cost_yuan")),
            run.timings().get(f"routing.{name}"),
        )
        for name in ("two_echelon", "flat")
        if s.get(name)
    ]
    path = s.get("year_path") or []
    path_chart = (
        line_chart(
            [
                (
                    "cost per parcel",
                    [p["year"] for p in path],
                    [as_number(p["cost_per_parcel_yuan"]) or 0.0 for p in path],
                )
            ],
            x_label="year",
            y_label="yuan per parcel",
        )
        if path
        else ""
    )
    unserved = [(u.get("id"), u.get("name"), u.get("reason")) for u in s.get("unserved") or []]
    return (
        "<h2>Shared delivery routes</h2>"
        f"{head}"
        + (f'<p class="note">{escape(str(note))}</p>' if note else "")
        + "<h3>Cost per parcel by township</h3>"
        + township_chart
        + table(
            ["township", "cost per day (yuan)", "cost per parcel (yuan)"],
            [(name, cost, _yuan(pp)) for name, cost, pp in township_rows],
        )
        + "<h3>Cost per parcel by carrier (shared routes)</h3>"
        + table(
            ["carrier", "cost per day (yuan)", "cost per parcel (yuan)"],
            [(c, cost, _yuan(pp)) for c, cost, pp in carrier_rows],
        )
        + "<h3>Two echelons against one flat model (day 0)</h3>"
        + table(["model", "cost (yuan)", "solve time (s)"], echelons)
        + "<h3>Cost per parcel year by year</h3>"
        + path_chart
        + table(
            [
                "year",
                "parcels per day",
                "cost per day (yuan)",
                "cost per parcel (yuan)",
                "vehicles",
            ],
            [
                (
                    p["year"],
                    p["parcels_per_day"],
                    _yuan(p["daily_cost_yuan"]),
                    _yuan(p["cost_per_parcel_yuan"]),
                    p["vehicles"],
                )
                for p in path
            ],
        )
        + (
            ("<h3>Villages not served</h3>" + table(["id", "name", "reason"], unserved))
            if unserved
            else ""
        )
    )


SectionRenderer = Callable[[PlanRun], str]


def _section_renderers() -> Sequence[SectionRenderer]:
    return (_network, _targets, _townships, _siting, _routing, _coldchain, _subsidy)


def render_report(run: PlanRun, *, map_file: str | None = "map.html") -> str:
    """The report as one HTML page (no external resources; the map is linked beside it)."""
    name = run.network.name or "county"
    parts = [renderer(run) for renderer in _section_renderers()]
    if map_file is not None:
        parts.insert(
            0,
            f'<p><a href="{escape(map_file)}">Open the coverage map</a></p>'
            f'<iframe src="{escape(map_file)}" title="coverage map"></iframe>',
        )
    return (
        '<!DOCTYPE html><html lang="zh-CN"><head><meta charset="utf-8">'
        f"<title>{escape(name)}: delivery network plan</title><style>{_CSS}</style></head>"
        f"<body><h1>{escape(name)}: rural delivery network plan</h1>"
        f'<p class="note">seed {run.seed}</p>{"".join(parts)}</body></html>\n'
    )


def plan_tables(run: PlanRun) -> Mapping[str, list[dict[str, Any]]]:
    """Every table of the plan by sheet name (for the workbook)."""
    tables: dict[str, list[dict[str, Any]]] = {
        "targets": [
            {
                "target": key,
                "plan_pct": run.coverage.targets.pct(key),
                "achieved_pct": run.coverage.summary().get(f"{key}_pct"),
                "met": run.coverage.summary()["targets_met"][key],
            }
            for key, _ in TARGET_ROWS
        ],
        "townships": run.coverage.township_rows(),
        "villages": run.coverage.village_rows(),
    }
    for result in run.results.values():
        tables.update(result.tables)
    return tables


__all__ = ["line_chart", "plan_tables", "render_report", "table"]
