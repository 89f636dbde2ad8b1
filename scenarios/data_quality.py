"""DATA_QUALITY.md: what of a county's plan rests on its own data and what on estimates.

:func:`quality_facts` counts, per column of the built nodes, the village rows whose value is
real (from the county's files), estimated (``network.estimate``) or missing; lists generated
positions, duplicates, outliers (a listed village far from its township seat or outside the
outline) and ranks what to collect first. :func:`render_quality` writes the Markdown.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import shapely
from pyproj import Geod

from network.texts import N_, Texts
from network.units import UnitClass
from scenarios.county_build import CountyBuild, NodeRecord

FAR_FROM_SEAT_KM = 40.0
_GEOD = Geod(ellps="WGS84")
COLUMNS = (
    "lon/lat",
    "parent",
    "kind",
    "ur_code",
    "population",
    "households",
    "parcels_down",
    "parcels_up",
    "poor",
    "outlets",
)


@dataclass(frozen=True)
class ColumnCount:
    """Village rows whose value of one column is real, estimated or missing."""

    column: str
    real: int
    estimated: int
    missing: int
    note: str = ""


@dataclass(frozen=True)
class Gap:
    """Something to collect, the share of villages lacking it, and the figures it moves."""

    what: str
    lacking: int
    of: int
    figures: str


@dataclass(frozen=True)
class QualityFacts:
    """Everything DATA_QUALITY.md reports."""

    villages: int
    administrative_villages: int
    communities: int
    kind_basis: dict[str, int]
    columns: tuple[ColumnCount, ...]
    generated: tuple[NodeRecord, ...]
    duplicate_names: tuple[tuple[str, str, int], ...]  # township, name, count
    duplicate_positions: tuple[tuple[str, ...], ...]
    far_from_seat: tuple[tuple[NodeRecord, float], ...]
    outside_outline: tuple[NodeRecord, ...]
    gaps: tuple[Gap, ...]


def _count(
    villages: Sequence[NodeRecord], column: str, given: Sequence[bool], note: str = ""
) -> ColumnCount:
    estimated = sum(column in v.estimated for v in villages)
    real = sum(g and column not in v.estimated for v, g in zip(villages, given, strict=True))
    return ColumnCount(column, real, estimated, len(villages) - real - estimated, note)


def quality_facts(build: CountyBuild) -> QualityFacts:
    """The counts and lists of DATA_QUALITY.md for a built county."""
    villages = [n for n in build.nodes if n.tier == "village"]
    listed = {v.id: v for v in build.lists.villages}
    has_outlets = any(v.outlets is not None for v in build.lists.villages)
    columns = (
        ColumnCount(
            "lon/lat",
            sum(not v.generated_position for v in villages),
            sum(v.generated_position for v in villages),
            0,
            N_("generated inside the township's area"),
        ),
        ColumnCount(
            "parent",
            len(villages),
            0,
            0,
            ", ".join(
                f"{n} from {how}"
                for how, n in sorted(Counter(listed[v.id].parent_how for v in villages).items())
            ),
        ),
        ColumnCount(
            "kind",
            sum(listed[v.id].unit is not None for v in villages),
            0,
            0,
            N_("village or community (see below)"),
        ),
        _count(villages, "ur_code", [bool(v.ur_code) for v in villages]),
        _count(villages, "population", [v.population is not None for v in villages]),
        _count(villages, "households", [v.households is not None for v in villages]),
        _count(villages, "parcels_down", [listed[v.id].parcels_down is not None for v in villages]),
        _count(villages, "parcels_up", [listed[v.id].parcels_up is not None for v in villages]),
        _count(
            villages,
            "poor",
            [v.poor is not None for v in villages],
            N_("missing = not given: the poor-village target reports no data"),
        ),
        _count(
            villages,
            "outlets",
            [has_outlets for _ in villages],
            N_("missing = unknown, planned as none (every service point is a new build)"),
        ),
    )
    basis = Counter(_basis(listed[v.id].unit) for v in villages)
    communities = sum(v.kind == "community" for v in villages)
    return QualityFacts(
        villages=len(villages),
        administrative_villages=len(villages) - communities,
        communities=communities,
        kind_basis=dict(sorted(basis.items())),
        columns=columns,
        generated=tuple(v for v in villages if v.generated_position),
        duplicate_names=_duplicate_names(build, villages),
        duplicate_positions=_duplicate_positions(villages),
        far_from_seat=_far_from_seat(build, villages),
        outside_outline=_outside(build, villages),
        gaps=_gaps(build, villages, columns),
    )


def _basis(unit: UnitClass | None) -> str:
    return "default" if unit is None else unit.basis


def _duplicate_names(
    build: CountyBuild, villages: Sequence[NodeRecord]
) -> tuple[tuple[str, str, int], ...]:
    names = {n.id: n.name for n in build.nodes if n.tier == "township"}
    counts = Counter((v.parent, v.name) for v in villages)
    return tuple((names.get(p, p), name, n) for (p, name), n in sorted(counts.items()) if n > 1)


def _duplicate_positions(villages: Sequence[NodeRecord]) -> tuple[tuple[str, ...], ...]:
    spots: dict[tuple[float, float], list[str]] = {}
    for v in villages:
        if not v.generated_position:
            key = (round(v.lonlat[0], 5), round(v.lonlat[1], 5))
            spots.setdefault(key, []).append(f"{v.name} ({v.id})")
    return tuple(tuple(names) for names in spots.values() if len(names) > 1)


def _far_from_seat(
    build: CountyBuild, villages: Sequence[NodeRecord]
) -> tuple[tuple[NodeRecord, float], ...]:
    seats = {n.id: n.lonlat for n in build.nodes if n.tier == "township"}
    listed = [v for v in villages if not v.generated_position and v.parent in seats]
    if not listed:
        return ()
    _, _, dist_m = _GEOD.inv(
        [v.lonlat[0] for v in listed],
        [v.lonlat[1] for v in listed],
        [seats[v.parent][0] for v in listed],
        [seats[v.parent][1] for v in listed],
    )
    km = np.asarray(dist_m) / 1000.0
    return tuple((v, float(d)) for v, d in zip(listed, km, strict=True) if d > FAR_FROM_SEAT_KM)


def _outside(build: CountyBuild, villages: Sequence[NodeRecord]) -> tuple[NodeRecord, ...]:
    if build.lists.boundary_wgs is None:
        return ()
    listed = [v for v in villages if not v.generated_position]
    inside = shapely.contains_xy(
        build.lists.boundary_wgs, [v.lonlat[0] for v in listed], [v.lonlat[1] for v in listed]
    )
    return tuple(v for v, ok in zip(listed, inside, strict=True) if not ok)


def _gaps(
    build: CountyBuild, villages: Sequence[NodeRecord], columns: Sequence[ColumnCount]
) -> tuple[Gap, ...]:
    by = {c.column: c for c in columns}
    n = len(villages)
    candidates = [
        Gap(
            N_("village positions (AMap points of each village committee)"),
            by["lon/lat"].estimated,
            n,
            N_(
                "which villages a service point covers (3 km), route lengths, vehicles and the "
                "cost per parcel"
            ),
        ),
        Gap(
            N_("parcels per village per day (carriers' delivery and pick-up counts)"),
            by["parcels_down"].estimated + by["parcels_down"].missing,
            n,
            N_("vehicles, cost per parcel, pooling saving and the parity subsidy draw"),
        ),
        Gap(
            N_("population per village (township statistics, 村委会 registers)"),
            by["population"].estimated + by["population"].missing,
            n,
            N_("the parcels estimated from it, hence vehicle loads and cost per parcel"),
        ),
        Gap(
            N_("the registered-poor village list (建档立卡贫困村)"),
            by["poor"].missing,
            n,
            N_("the poor-village service-point target (no data without it)"),
        ),
        Gap(
            N_("existing outlets (post offices, 供销社, express points, village shops)"),
            by["outlets"].missing,
            n,
            N_("siting cost: an upgrade instead of a new build at each outlet"),
        ),
        Gap(
            N_("fresh-product supply per village (kg/day in season, e.g. supply_tea_kg)"),
            n if not any(v.supply_kg for v in villages) else 0,
            n,
            N_("the cold-chain section, skipped without it"),
        ),
    ]
    if build.lists.boundary_wgs is None:
        candidates.append(
            Gap(N_("the county outline"), n, n, N_("where generated positions may go"))
        )
    return tuple(g for g in candidates if g.lacking > 0)


def _table(headers: Sequence[str], rows: Sequence[Sequence[object]]) -> list[str]:
    lines = ["| " + " | ".join(headers) + " |", "|" + "---|" * len(headers)]
    lines += ["| " + " | ".join(str(c) for c in row) + " |" for row in rows]
    return lines


def _join(items: Sequence[str], tr: Texts) -> str:
    """A list in running text: 、 in Chinese, a comma in English."""
    return ("、" if tr.lang == "zh" else ", ").join(items)


def _parent_note(build: CountyBuild, tr: Texts) -> str:
    listed = {v.id: v for v in build.lists.villages}
    hows = Counter(listed[n.id].parent_how for n in build.nodes if n.tier == "village")
    return _join(
        [
            tr("{n} from {how}", n=n, how=tr(_PARENT_HOW.get(how, how)))
            for how, n in sorted(hows.items())
        ],
        tr,
    )


def _area_source(build: CountyBuild, tr: Texts) -> str:
    """Where generated positions may go (``CountyBuild.outline_source``) in ``tr``'s language."""
    if build.lists.boundary_wgs is not None:
        return tr("the county outline ({file})", file=build.lists.boundary_file)
    if build.outline_source.startswith("no outline given"):
        return tr("no outline given: the hull of the listed positions grown by 5 km")
    return build.outline_source


def render_quality(build: CountyBuild, facts: QualityFacts, *, tr: Texts) -> str:
    """The Markdown of DATA_QUALITY.md in ``tr``'s language (names, files and column keys as
    written)."""
    lists = build.lists
    out = [
        tr("# Data quality: {county}", county=build.name),
        "",
        tr(
            "Written by `county-logistics init`. Every value in `nodes.csv` is either from the "
            "county's own files (real), estimated by `network.estimate` (named in the row's "
            "`estimated` column), or missing. Replace estimates with the county's data and run "
            "`init` again: the same files and seed give the same nodes."
        ),
        "",
        tr("## Inputs"),
        "",
    ]
    for f in lists.files:
        field_of = {column: name for name, column in f.columns.fields.items()}
        mapping = _join(
            [
                f"`{column}` → {field_of[column]}"
                + (" (--map)" if f.columns.how.get(field_of[column]) == "map" else "")
                for column in f.all_columns
                if column in field_of
            ],
            tr,
        )
        out.append(
            tr(
                "* **{file}**: {mapping}.",
                file=f.file,
                mapping=mapping or tr("no column recognised"),
            )
        )
        unused = [c for c in f.all_columns if c not in f.columns.fields.values()]
        if unused:
            out.append(tr("  Not used: {columns}.", columns=_join([f"`{c}`" for c in unused], tr)))
    out += [
        tr(
            "* Positions read as **{coords}** ({how}); `nodes.csv` keeps them in that system and "
            "`scenario.toml` says so.",
            coords=lists.coords,
            how=tr(_COORDS_HOW.get(lists.coords_how, lists.coords_how)),
        ),
        tr("* Area for generated positions: {source}.", source=_area_source(build, tr)),
    ]
    if lists.census is not None:
        c = lists.census
        parts = [tr("{n} residents", n=tr.number(c.population))]
        if c.urban is not None and c.rural is not None:
            parts.append(tr("urban {n}", n=tr.number(c.urban)))
            parts.append(tr("rural {n}", n=tr.number(c.rural)))
        else:
            parts.append(tr("no urban/rural"))
        if c.households is not None:
            parts.append(tr("{n} households", n=tr.number(c.households)))
        out.append(
            tr(
                "* Census ({file}, {year}): {figures}.",
                file=lists.census_file,
                year=lists.census_year or tr("year not given"),
                figures=_join(parts, tr),
            )
        )
    else:
        out.append(
            tr("* No census given (`--census`): population and parcels could not be estimated.")
        )
    basis = _join([f"{tr(_BASIS[b])} {n}" for b, n in facts.kind_basis.items()], tr)
    out += [
        "",
        tr("## Units"),
        "",
        tr(
            "{townships} townships, {units} village-level units: **{villages} administrative "
            "villages** (行政村, counted in the village targets) and **{communities} "
            "communities** (社区/居委会: delivery points, not counted in the village "
            "percentages). Classified by {basis}.",
            townships=len(lists.townships),
            units=facts.villages,
            villages=facts.administrative_villages,
            communities=facts.communities,
            basis=basis,
        ),
        "",
        tr("## Columns (village rows)"),
        "",
        *_table(
            (tr("column"), tr("real"), tr("estimated"), tr("missing"), tr("note")),
            [
                (
                    c.column,
                    c.real,
                    c.estimated,
                    c.missing,
                    _parent_note(build, tr) if c.column == "parent" else tr(c.note),
                )
                for c in facts.columns
            ],
        ),
        "",
        tr("## Generated positions ({n})", n=len(facts.generated)),
        "",
    ]
    if facts.generated:
        names = _join([v.name for v in facts.generated[:40]], tr)
        more = len(facts.generated) - 40
        out.append(
            tr(
                "Drawn with seed {seed} inside each township's area (the Voronoi cell of the "
                "township seats clipped to the outline), in a ring around the seat by urban-rural "
                "class, 400 m apart: {names}. Each has `generated_position = 1`.",
                seed=build.seed,
                names=tr("{names} and {n} more", names=names, n=more) if more > 0 else names,
            )
        )
    else:
        out.append(tr("None: every village has a listed position."))
    if build.seat_from_villages:
        seats = {t.id: t.name for t in lists.townships}
        out.append(
            tr(
                "Township seats without a position took the mean of their villages' positions: "
                "{names}.",
                names=_join([seats[i] for i in build.seat_from_villages], tr),
            )
        )
    out += ["", tr("## Duplicates and outliers"), ""]
    problems = [
        *(
            tr("* {n} villages named {name} in {township}.", n=n, name=name, township=town)
            for town, name, n in facts.duplicate_names
        ),
        *(
            tr("* Same position: {names}.", names=_join(list(names), tr))
            for names in facts.duplicate_positions
        ),
        *(
            tr(
                "* {name} ({id}) is {km} km from its township seat (more than {limit} km: a "
                "wrong position or township?).",
                name=v.name,
                id=v.id,
                km=tr.number(km, 1),
                limit=tr.number(FAR_FROM_SEAT_KM),
            )
            for v, km in facts.far_from_seat
        ),
        *(
            tr("* {name} ({id}) lies outside the county outline.", name=v.name, id=v.id)
            for v in facts.outside_outline
        ),
    ]
    out += problems or [tr("None found.")]
    out += ["", tr("## What to collect first"), ""]
    out += [
        tr(
            "{k}. **{what}**: {lacking} of {of} villages lack it. Moves: {figures}.",
            k=k,
            what=tr(g.what),
            lacking=g.lacking,
            of=g.of,
            figures=tr(g.figures),
        )
        for k, g in enumerate(facts.gaps, start=1)
    ] or [tr("Nothing: every column is the county's own data.")]
    if build.warnings:
        out += ["", tr("## Warnings"), "", *(f"* {w}" for w in build.warnings)]
    return "\n".join(out) + "\n"


_COORDS_HOW = {
    "--coords": N_("--coords"),
    "column names": N_("column names"),
    "default (no system named; pass --coords gcj02 for AMap positions)": N_(
        "default (no system named; pass --coords gcj02 for AMap positions)"
    ),
}
"""How the coordinate system was decided (``CountyLists.coords_how``)."""
_PARENT_HOW = {
    "column": N_("the parent column"),
    "name": N_("the township name"),
    "code": N_("code"),
}
"""How a village's township was found (``VillageUnit.parent_how``)."""
_BASIS = {
    "kind": N_("kind column"),
    "name": N_("name suffix (…村/…社区/…居委会)"),
    "ur_code": N_("NBS urban-rural code (1xx community, 2xx village)"),
    "default": N_("no evidence (taken as villages)"),
}
