"""``county-logistics init DIR``: a scenario folder from a county's own lists.

Reads the township and village lists (and optionally the outline and census totals), fills
the gaps with ``network.estimate`` and writes ``scenario.toml``, ``nodes.csv``,
``boundary.geojson`` (when given), an example ``sweep.toml`` and ``DATA_QUALITY.md``. The
files are checked by loading them like ``plan`` would before anything is written; an existing
scenario in DIR is kept unless ``--force``.
"""

from __future__ import annotations

import argparse
import csv
import io
import json
import tempfile
from pathlib import Path
from typing import Any

import numpy as np
import shapely
from rich.console import Console

from network._read_gis import read_polygons
from network.columns import parse_overrides
from network.coords import CoordSystem, wgs84_to_bd09, wgs84_to_gcj02
from network.errors import InputError
from network.files import write_text_atomic
from network.load import load_network
from network.texts import DEFAULT_LANG, Message, Texts, texts_for
from scenarios.county_build import CountyBuild, NodeRecord, build_county
from scenarios.county_lists import read_county_lists
from scenarios.data_quality import quality_facts, render_quality

NODE_COLUMNS = (
    *("id", "name", "tier", "lon", "lat", "parent", "population", "households", "poor"),
    *("parcels_down", "parcels_up", "outlets", "island", "generated_position", "estimated"),
    *("kind", "short_name", "ur_code"),
)
SWEEP_TOML = """\
# An example sweep over this county's scenario: `county-logistics sweep sweep.toml --out sweep/`.
base = "scenario.toml"
fast = true
seeds = [0, 1]

[grid]
"targets.service_radius_km" = [2.0, 3.0, 5.0]
"""


def add_init_parser(commands: Any, common: argparse.ArgumentParser, tr: Texts) -> None:
    """The ``init`` sub-command's arguments (``common``: the options every command takes)."""
    init = commands.add_parser(
        "init",
        parents=[common],
        help=tr("build a scenario folder from a county's township and village lists"),
    )
    init.add_argument("dir", type=Path, help=tr("folder to write (created if missing)"))
    init.add_argument("--townships", type=Path, required=True, help=tr("township list"))
    init.add_argument("--villages", type=Path, required=True, help=tr("village list"))
    init.add_argument("--boundary", type=Path, default=None, help=tr("county outline (GIS file)"))
    init.add_argument("--census", type=Path, default=None, help=tr("census totals (table)"))
    init.add_argument(
        "--coords", default=None, help=tr("wgs84 | gcj02 | bd09 (default: from names)")
    )
    init.add_argument("--name", default=None, help=tr("county name (县名)"))
    init.add_argument("--seed", type=int, default=0, help=tr("seed of the estimates (default 0)"))
    init.add_argument(
        "--map", action="append", default=[], metavar="COL=FIELD", help=tr("column mapping")
    )
    init.add_argument(
        "--force", action="store_true", help=tr("replace an existing scenario in DIR")
    )


def run_init(args: argparse.Namespace, console: Console) -> int:
    """Build and write the scenario folder; print what was estimated."""
    out: Path = args.dir
    tr = texts_for(args.lang or DEFAULT_LANG)
    if (out / "scenario.toml").exists() and not args.force:
        raise InputError(
            Message("{path} exists; pass --force to replace it", path=out / "scenario.toml"),
            field="dir",
        )
    lists = read_county_lists(
        args.townships,
        args.villages,
        boundary=args.boundary,
        census=args.census,
        coords=args.coords,
        overrides=parse_overrides(args.map),
    )
    build = build_county(lists, seed=args.seed, name=args.name)
    files = county_files(
        build,
        boundary_geojson=_boundary_geojson(args.boundary, lists.coords),
        tr=texts_for(args.lang or DEFAULT_LANG),
    )
    _check_and_write(files, out, lists.coords)
    facts = quality_facts(build)
    generated = len(facts.generated)
    summary = tr(
        "{name}: {townships} townships, {units} village-level units ({villages} villages, "
        "{communities} communities); {generated} positions generated",
        name=build.name,
        townships=len(lists.townships),
        units=facts.villages,
        villages=facts.administrative_villages,
        communities=facts.communities,
        generated=generated,
    )
    console.print(summary, markup=False)
    for warning in build.warnings:
        console.print(tr("warning: {line}", line=warning), markup=False)
    wrote = tr(
        "wrote {files} to {folder}; see {notes}",
        files=", ".join(sorted(files)),
        folder=out,
        notes=out / "DATA_QUALITY.md",
    )
    console.print(wrote, markup=False)
    return 0


def _boundary_geojson(path: Path | None, system: CoordSystem) -> str | None:
    if path is None:
        return None
    if path.suffix.lower() in (".geojson", ".json"):
        return path.read_text(encoding="utf-8")
    # a GPKG/SHP outline becomes GeoJSON, coordinates as given (in the county's system)
    outline = read_polygons(path, path.name)
    feature = {"type": "Feature", "properties": {}, "geometry": shapely.geometry.mapping(outline)}
    return json.dumps({"type": "FeatureCollection", "features": [feature]}, ensure_ascii=False)


def county_files(build: CountyBuild, *, boundary_geojson: str | None, tr: Texts) -> dict[str, str]:
    """File name -> text of the scenario folder (DATA_QUALITY.md in ``tr``'s language)."""
    system = build.lists.coords
    files = {
        "nodes.csv": nodes_csv(build.nodes, system),
        "scenario.toml": scenario_toml(build, with_boundary=boundary_geojson is not None),
        "sweep.toml": SWEEP_TOML,
        "DATA_QUALITY.md": render_quality(build, quality_facts(build), tr=tr),
    }
    if boundary_geojson is not None:
        files["boundary.geojson"] = boundary_geojson
    return files


def scenario_toml(build: CountyBuild, *, with_boundary: bool) -> str:
    """The scenario file: network inputs only; every section uses its defaults."""
    sources = ", ".join(f.file for f in build.lists.files)
    lines = [
        f"# {build.name}: built by `county-logistics init` from {sources} (seed {build.seed}).",
        "# Estimated values are named in nodes.csv's `estimated` column; see DATA_QUALITY.md.",
        "[network]",
        'nodes = "nodes.csv"',
        f'coords = "{build.lists.coords}"',
        f"name = {json.dumps(build.name, ensure_ascii=False)}",
    ]
    if with_boundary:
        lines.append('boundary = "boundary.geojson"')
    return "\n".join(lines) + "\n"


def _in_system(lon: float, lat: float, system: CoordSystem) -> tuple[float, float]:
    if system == "gcj02":
        x, y = wgs84_to_gcj02(np.array([lon]), np.array([lat]))
    elif system == "bd09":
        x, y = wgs84_to_bd09(np.array([lon]), np.array([lat]))
    else:
        return lon, lat
    return float(x[0]), float(y[0])


def _text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return str(int(value))
    if isinstance(value, float):
        return f"{value:.1f}"
    return str(value)


def _supply_text(kg: float | None) -> str:
    if kg is None:
        return ""
    return str(int(kg)) if float(kg).is_integer() else repr(kg)


def nodes_csv(nodes: tuple[NodeRecord, ...], system: CoordSystem) -> str:
    """The nodes file, positions in ``system`` to 6 decimals (about 0.1 m)."""
    products = sorted({p for n in nodes for p in n.supply_kg})
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow([*NODE_COLUMNS, *(f"supply_{p}_kg" for p in products)])
    for n in nodes:
        lon, lat = _in_system(*n.lonlat, system)
        writer.writerow(
            [
                n.id,
                n.name,
                n.tier,
                f"{lon:.6f}",
                f"{lat:.6f}",
                n.parent,
                _text(n.population if n.population is not None else 0),
                _text(n.households),
                _text(n.poor),
                _text(n.parcels_down if n.parcels_down is not None else 0.0),
                _text(n.parcels_up if n.parcels_up is not None else 0.0),
                ";".join(n.outlets),
                n.island,
                int(n.generated_position),
                ";".join(n.estimated),
                n.kind,
                n.short_name,
                n.ur_code,
                *(_supply_text(n.supply_kg.get(p)) for p in products),
            ]
        )
    return buffer.getvalue()


def _check_and_write(files: dict[str, str], out: Path, system: CoordSystem) -> None:
    """Load the folder as ``plan`` would (in a scratch folder), then write each file atomically."""
    with tempfile.TemporaryDirectory(prefix="county-init-") as scratch:
        folder = Path(scratch)
        for name, text in files.items():
            (folder / name).write_text(text, encoding="utf-8")
        boundary = folder / "boundary.geojson"
        load_network(
            folder / "nodes.csv",
            coords=system,
            boundary=boundary if boundary.exists() else None,
        )
    out.mkdir(parents=True, exist_ok=True)
    for name, text in files.items():
        write_text_atomic(out / name, text)
    if "boundary.geojson" not in files:  # an earlier init's outline is not this scenario's
        (out / "boundary.geojson").unlink(missing_ok=True)
