"""`county-logistics init`: a county's own lists to a scenario folder, and its DATA_QUALITY.md."""

from __future__ import annotations

import csv
import tomllib
from pathlib import Path

import pytest

from network import load_network
from network.texts import texts_for
from scenarios.cli import main
from scenarios.county_build import build_county
from scenarios.county_lists import read_county_lists
from scenarios.data_quality import quality_facts, render_quality

SMALL = Path(__file__).parent / "fixtures" / "init_small"
EXAMPLE = Path(__file__).resolve().parents[2] / "docs" / "examples" / "zherong"


def _small_build(seed: int = 0):  # type: ignore[no-untyped-def]
    lists = read_county_lists(
        SMALL / "townships.csv", SMALL / "villages.csv", census=SMALL / "census.csv"
    )
    return build_county(lists, seed=seed, name="小县")


def test_data_quality_counts_of_the_small_county() -> None:
    build = _small_build()
    facts = quality_facts(build)
    assert (facts.villages, facts.administrative_villages, facts.communities) == (9, 6, 3)
    assert facts.kind_basis == {"name": 8, "ur_code": 1}
    counts = {c.column: (c.real, c.estimated, c.missing) for c in facts.columns}
    assert counts["lon/lat"] == (4, 5, 0)
    assert counts["population"] == (2, 7, 0)
    assert counts["households"] == (0, 9, 0)
    assert counts["poor"] == (1, 0, 8)
    assert counts["outlets"] == (0, 0, 9)
    assert counts["parcels_down"] == (0, 9, 0)
    assert counts["parent"][:3] == (9, 0, 0)
    assert facts.duplicate_names == (("乙镇", "北村村委会", 2),)
    ((far, km),) = facts.far_from_seat
    assert far.name == "远山村" and 45 < km < 55
    assert build.seat_from_villages == ("350999201",)
    assert build.lists.census is not None and build.lists.census.population == 20_000  # 2020 row
    text = render_quality(build, facts, tr=texts_for("en"))
    assert "**6 administrative villages**" in text and "**3 communities**" in text
    assert "| lon/lat | 4 | 5 | 0 |" in text
    assert "北村村委会 in 乙镇" in text and "远山村" in text
    assert "1. **village positions" in text  # the largest gap comes first


def test_data_quality_in_chinese_keeps_names_keys_and_counts() -> None:
    build = _small_build()
    zh = render_quality(build, quality_facts(build), tr=texts_for("zh"))
    en = render_quality(build, quality_facts(build), tr=texts_for("en"))
    assert zh.startswith("# 数据质量：小县\n") and en.startswith("# Data quality: 小县\n")
    assert "**6 个行政村**" in zh and "**3 个社区**" in zh
    assert "| lon/lat | 4 | 5 | 0 | 在所属乡镇范围内生成 |" in zh  # column keys stay
    assert "* 乙镇有 2 个村名为北村村委会。" in zh
    assert "1. **村位置（各村委会的高德坐标点）**" in zh  # the same ranking as in English
    assert zh.count("\n") == en.count("\n")  # the same page, line for line
    assert "villages lack it" not in zh and "None found" not in zh


def test_population_adds_up_and_keeps_given_figures() -> None:
    build = _small_build()
    villages = [n for n in build.nodes if n.tier == "village"]
    assert sum(v.population or 0 for v in villages) == 20_000
    assert sum(v.households or 0 for v in villages) == 6_000
    given = {v.name: v.population for v in villages if "population" not in v.estimated}
    assert given == {"东门社区": 3000, "北村村委会": 800}


def test_estimates_are_reproducible_by_seed() -> None:
    assert _small_build(seed=2).nodes == _small_build(seed=2).nodes
    assert _small_build(seed=2).nodes != _small_build(seed=3).nodes


def test_parent_from_the_nbs_code_or_the_township_name(tmp_path: Path) -> None:
    lists = read_county_lists(SMALL / "townships.csv", SMALL / "villages.csv")
    assert {v.parent_how for v in lists.villages} == {"code"}
    assert {v.id: v.parent for v in lists.villages}["350999101203"] == "350999101"
    (tmp_path / "v.csv").write_text("名称,所属乡镇\n东村,乙镇\n西村,丙\n", encoding="utf-8")
    named = read_county_lists(SMALL / "townships.csv", tmp_path / "v.csv")
    assert [(v.parent, v.parent_how) for v in named.villages] == [
        ("350999101", "name"),
        ("350999201", "name"),  # 丙 is 丙乡 without its suffix
    ]


def _init(out: Path, *extra: str) -> int:
    return main(
        [
            "init",
            str(out),
            "--townships",
            str(EXAMPLE / "townships.csv"),
            "--villages",
            str(EXAMPLE / "villages.xlsx"),
            "--boundary",
            str(EXAMPLE / "boundary_gcj02.geojson"),
            "--census",
            str(EXAMPLE / "census.csv"),
            "--name",
            "柘荣县",
            "--lang",
            "en",
            *extra,
        ]
    )


def test_init_on_the_example_county_writes_a_loadable_scenario(tmp_path: Path) -> None:
    out = tmp_path / "zherong"
    assert _init(out, "--lang", "en") == 0  # the README quotes the English page
    names = {p.name for p in out.iterdir()}
    assert names == {
        "scenario.toml",
        "nodes.csv",
        "boundary.geojson",
        "sweep.toml",
        "DATA_QUALITY.md",
    }
    scenario = tomllib.loads((out / "scenario.toml").read_text(encoding="utf-8"))
    assert scenario["network"]["coords"] == "gcj02"  # from the 经度(高德) headers
    network = load_network(out / "nodes.csv", coords="gcj02", boundary=out / "boundary.geojson")
    assert network.name == "柘荣县"
    assert (len(network.townships), len(network.villages)) == (9, 117)
    assert len(network.administrative_villages) == 112
    assert sum(n.generated_position for n in network.villages) == 108
    assert sum(n.population for n in network.villages) == 92_989
    assert all(not n.poor_known for n in network.villages)
    quality = (out / "DATA_QUALITY.md").read_text(encoding="utf-8")
    assert "| lon/lat | 9 | 108 | 0 |" in quality
    # the copy the README quotes is what init writes today
    assert quality == (EXAMPLE / "DATA_QUALITY.md").read_text(encoding="utf-8")
    first = (out / "nodes.csv").read_bytes()
    assert _init(out, "--force", "--lang", "zh") == 0  # the helper's --lang en, overridden
    assert (out / "nodes.csv").read_bytes() == first  # same files and seed, same nodes
    chinese = (out / "DATA_QUALITY.md").read_text(encoding="utf-8")
    assert chinese.startswith("# 数据质量：柘荣县\n")
    assert "**112 个行政村**" in chinese and "| 字段 | 实际值 | 估算值 | 缺失 | 说明 |" in chinese
    assert "| lon/lat | 9 | 108 | 0 | 在所属乡镇范围内生成 |" in chinese
    assert "## 优先收集的数据" in chinese and "Data quality" not in chinese
    assert "坐标按 **gcj02** 读取（由列名判断）" in chinese
    assert "生成位置的范围：县界（boundary_gcj02.geojson）。" in chinese


def test_init_keeps_an_existing_scenario(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "county"
    out.mkdir()
    (out / "scenario.toml").write_text("# mine\n", encoding="utf-8")
    assert _init(out) == 2
    assert "pass --force" in capsys.readouterr().err
    assert (out / "scenario.toml").read_text(encoding="utf-8") == "# mine\n"


def test_bad_values_exit_2_naming_file_row_and_field(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    rows = list(csv.reader((SMALL / "villages.csv").open(encoding="utf-8")))
    rows[1][4] = "261.5"  # 纬度 of the first data row (spreadsheet row 2)
    with (tmp_path / "villages.csv").open("w", encoding="utf-8", newline="") as handle:
        csv.writer(handle).writerows(rows)
    status = main(
        [
            "init",
            str(tmp_path / "out"),
            "--townships",
            str(SMALL / "townships.csv"),
            "--villages",
            str(tmp_path / "villages.csv"),
            "--lang",
            "en",
        ]
    )
    assert status == 2
    err = capsys.readouterr().err
    assert "villages.csv row 2, field 纬度: 261.5 is outside -90..90" in err
    assert not (tmp_path / "out").exists()  # nothing written


def test_a_village_whose_township_cannot_be_told(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "v.csv").write_text("名称,编码\n东村,12345\n", encoding="utf-8")
    status = main(
        [
            "init",
            str(tmp_path / "o"),
            "--townships",
            str(SMALL / "townships.csv"),
            "--villages",
            str(tmp_path / "v.csv"),
            "--lang",
            "en",
        ]
    )
    assert status == 2
    assert "v.csv row 2, field 编码: cannot tell the township" in capsys.readouterr().err


def test_supply_columns_pass_through(tmp_path: Path) -> None:
    text = (SMALL / "villages.csv").read_text(encoding="utf-8").splitlines()
    lines = [text[0] + ",supply_tea_kg"] + [
        f"{line},{'120' if k == 2 else ''}" for k, line in enumerate(text[1:])
    ]
    (tmp_path / "villages.csv").write_text("\n".join(lines) + "\n", encoding="utf-8")
    lists = read_county_lists(SMALL / "townships.csv", tmp_path / "villages.csv")
    build = build_county(lists)
    assert [v.supply_kg for v in build.nodes if v.supply_kg] == [{"tea": 120.0}]
    assert "fresh-product supply" not in render_quality(
        build, quality_facts(build), tr=texts_for("en")
    )


def test_example_county_from_raw_lists_to_a_full_plan(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Zherong, not in the repository's demo, from its raw lists to a whole plan, no hand edits."""
    import json

    county = tmp_path / "zherong"
    assert _init(county) == 0
    out = tmp_path / "results"
    assert (
        main(["plan", str(county / "scenario.toml"), "--out", str(out), "--fast", "--quiet"]) == 0
    )
    plan = json.loads((out / "plan.json").read_text(encoding="utf-8"))
    assert plan["network"]["villages"] == 117 and plan["network"]["communities"] == 5
    assert plan["coverage"]["no_data"] == ["poor_villages_service"]
    assert plan["coverage"]["targets_met"]["poor_villages_service"] is None
    assert plan["siting"]["targets_met"]["poor_villages"] is None  # no data, not "met"
    assert "skipped" in plan["coldchain"]
    for key in ("siting", "routing", "subsidy"):
        assert "skipped" not in plan[key], key
    assert plan["routing"]["vehicles"] > 0
    assert "coldchain 未运行（缺少输入）" in capsys.readouterr().err  # the run's language: zh


def test_lists_as_gis_points_and_a_workbook(tmp_path: Path) -> None:
    import json

    import openpyxl

    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None
    for line in (SMALL / "townships.csv").read_text(encoding="utf-8").splitlines():
        sheet.append(line.split(","))
    book.save(tmp_path / "乡镇.xlsx")
    features = [
        {
            "type": "Feature",
            "properties": {"统计用区划代码": "350999101201", "名称": "北村村委会"},
            "geometry": {"type": "Point", "coordinates": [120.11, 27.06]},
        },
        {
            "type": "Feature",
            "properties": {"统计用区划代码": "350999001001", "名称": "东门社区"},
            "geometry": {"type": "Point", "coordinates": [120.004, 27.003]},
        },
    ]
    (tmp_path / "村.geojson").write_text(
        json.dumps({"type": "FeatureCollection", "features": features}, ensure_ascii=False),
        encoding="utf-8",
    )
    lists = read_county_lists(tmp_path / "乡镇.xlsx", tmp_path / "村.geojson")
    assert [(v.id, v.parent, v.unit.kind if v.unit else "") for v in lists.villages] == [
        ("350999101201", "350999101", "village"),
        ("350999001001", "350999001", "community"),
    ]
    assert lists.villages[0].lonlat == pytest.approx((120.11, 27.06))


def test_census_sheet_of_many_counties_uses_this_countys_row(tmp_path: Path) -> None:
    (tmp_path / "c.csv").write_text(
        "区划代码,人口数_合计,家庭户数\n350921,475936,165360\n350999,20000,6000\n350926,92989,31534\n",
        encoding="utf-8",
    )
    lists = read_county_lists(
        SMALL / "townships.csv", SMALL / "villages.csv", census=tmp_path / "c.csv"
    )
    assert lists.census is not None and lists.census.population == 20_000
