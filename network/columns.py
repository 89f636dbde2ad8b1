"""Recognise the columns of a county's own lists by their common English and Chinese names.

A county office's township or village list may call its code column ``code``, ``编码`` or
``统计用区划代码`` and its longitude ``lng``, ``经度`` or ``lon_gcj02``. :func:`recognise_columns`
maps such headers to the project's field names; ``overrides`` (the CLI's ``--map col=field``)
win over recognition. A header that names a coordinate system (``lon_gcj02``, ``lat_bd09``,
``经度(高德)``, ``百度纬度``) also tells which system the positions are in.

Example:
    >>> m = recognise_columns(["统计用区划代码", "名称", "经度(高德)", "纬度(高德)"])
    >>> m.fields["code"], m.fields["lon"], m.coords
    ('统计用区划代码', '经度(高德)', 'gcj02')
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from types import MappingProxyType

from network.coords import CoordSystem
from network.errors import InputError
from network.texts import Message

# Field -> accepted header names (compared after normalising: lower case, no spaces,
# underscores, hyphens or brackets). Earlier names win when a file has two of them.
ALIASES: Mapping[str, tuple[str, ...]] = MappingProxyType(
    {
        "code": (
            "code",
            "id",
            "adcode",
            "nbscode",
            "统计用区划代码",
            "区划代码",
            "行政区划代码",
            "统计代码",
            "代码",
            "编码",
            "编号",
            "村代码",
            "村编码",
            "本级代码",
        ),
        "name": (
            "name",
            "名称",
            "村名",
            "村名称",
            "村委会名称",
            "村居名称",
            "村居委会名称",
            "单位名称",
            "行政村名称",
            "行政村",
            "村",
            "地名",
        ),
        "short_name": ("shortname", "简称"),
        "kind": ("kind", "type", "unittype", "类型", "类别", "性质", "村居类型", "单位类型"),
        "parent": (
            "parent",
            "parentcode",
            "parentid",
            "townshipcode",
            "townshipid",
            "towncode",
            "乡镇代码",
            "乡镇编码",
            "所属乡镇代码",
            "上级代码",
            "父级代码",
            "上级编码",
        ),
        "parent_name": (
            "townshipname",
            "township",
            "town",
            "乡镇",
            "乡镇名称",
            "所属乡镇",
            "乡镇街道",
            "所属乡镇街道",
            "乡镇街道名称",
        ),
        "lon": ("lon", "lng", "long", "longitude", "x", "经度", "东经"),
        "lat": ("lat", "latitude", "y", "纬度", "北纬"),
        "population": (
            "population",
            "residentpopulation",
            "pop",
            "常住人口",
            "人口",
            "人口数",
            "总人口",
            "户籍人口",
            "人口数合计",
            "residents",
        ),
        "households": ("households", "familyhouseholds", "户数", "总户数", "家庭户数", "户籍户数"),
        "poor": ("poor", "registeredpoor", "贫困村", "是否贫困村", "建档立卡贫困村", "贫困村标识"),
        "outlets": ("outlets", "网点", "现有网点"),
        "ur_code": (
            "urcode",
            "urcode2016",
            "urbanruralcode",
            "城乡分类代码",
            "城乡分类",
            "城乡代码",
            "城乡属性代码",
        ),
        "island": ("island", "海岛", "所在岛屿", "岛屿"),
        "parcels_down": ("parcelsdown", "日均收件", "日均派件", "收件量"),
        "parcels_up": ("parcelsup", "日均寄件", "日均揽件", "寄件量"),
        "urban_population": ("urbanpopulation", "城镇人口", "城镇常住人口"),
        "rural_population": ("ruralpopulation", "乡村人口", "乡村常住人口"),
        "year": ("year", "census", "年份", "普查", "年度"),
    }
)
FIELDS = tuple(ALIASES)

_COORD_TOKENS: tuple[tuple[CoordSystem, tuple[str, ...]], ...] = (
    ("gcj02", ("gcj02", "gcj", "高德", "火星", "amap", "tencent", "腾讯", "qq")),
    ("bd09", ("bd09", "bd", "baidu", "百度")),
    ("wgs84", ("wgs84", "wgs", "gps", "天地图", "cgcs2000")),
)
_STRIP = re.compile(r"[\s_\-()（）\[\]【】:：/.·]+")


def normalise(header: str) -> str:
    """A header as compared with the aliases: lower case, separators and brackets removed."""
    return _STRIP.sub("", header.strip().lower())


@dataclass(frozen=True)
class ColumnMap:
    """Which column holds each field, and the coordinate system the headers name.

    Attributes:
        fields: field -> column name as in the file.
        coords: the system named by the lon/lat headers (``lon_gcj02``), or None.
        ignored: columns recognised for a field another column already holds (e.g. a second
            population column), with that field.
        how: field -> ``"map"`` (given with ``--map``) or ``"name"`` (recognised).
    """

    fields: Mapping[str, str]
    coords: CoordSystem | None = None
    ignored: Mapping[str, str] = field(default_factory=dict)
    how: Mapping[str, str] = field(default_factory=dict)

    def column(self, name: str) -> str | None:
        """The column holding field ``name``, or None."""
        return self.fields.get(name)


def parse_overrides(items: Iterable[str]) -> dict[str, str]:
    """``["村名=name", ...]`` (the CLI's ``--map``) as column -> field, checking field names."""
    result: dict[str, str] = {}
    for item in items:
        column, sep, name = item.partition("=")
        if not sep or not column.strip() or not name.strip():
            raise InputError(Message("{item!r} is not column=field", item=item), field="--map")
        if name.strip() not in FIELDS:
            raise InputError(
                Message(
                    "unknown field {name!r} in {item!r}; fields: {fields}",
                    name=name.strip(),
                    item=item,
                    fields=", ".join(FIELDS),
                ),
                field="--map",
            )
        result[column.strip()] = name.strip()
    return result


def coord_system_of(header: str) -> CoordSystem | None:
    """The coordinate system a header names (``lon_gcj02`` -> gcj02), or None."""
    text = header.lower()
    for system, tokens in _COORD_TOKENS:
        for token in tokens:
            if re.search(rf"(^|[^a-z]){re.escape(token)}($|[^a-z])", text) or (
                not token.isascii() and token in text
            ):
                return system
    return None


def _without_coord_tokens(header: str) -> str:
    text = header.lower()
    for _, tokens in _COORD_TOKENS:
        for token in tokens:
            if token.isascii():
                text = re.sub(rf"(^|[^a-z]){re.escape(token)}($|[^a-z])", r"\1\2", text)
            else:
                text = text.replace(token, "")
    return normalise(text)


def recognise_columns(
    columns: Iterable[str], overrides: Mapping[str, str] | None = None, *, file: str | None = None
) -> ColumnMap:
    """Map the headers of one file to fields (``overrides``: column -> field, applied first).

    Raises:
        InputError: an override names a column the file lacks, or the lon/lat headers name two
            different coordinate systems.
    """
    columns = list(columns)
    found: dict[str, str] = {}
    how: dict[str, str] = {}
    for column, name in (overrides or {}).items():
        if column not in columns:
            raise InputError(
                Message(
                    "--map names column {column!r}, which the file lacks (columns: {columns})",
                    column=column,
                    columns=", ".join(columns),
                ),
                file=file,
                field="--map",
            )
        found[name], how[name] = column, "map"
    ranked: list[tuple[str, int, int, str]] = []
    taken = set(found.values())
    for position, column in enumerate(columns):
        if column in taken:
            continue
        plain, bare = normalise(column), _without_coord_tokens(column)
        for name, aliases in ALIASES.items():
            for rank, alias in enumerate(aliases):
                candidate = bare if name in ("lon", "lat") else plain
                if candidate == normalise(alias):
                    ranked.append((name, rank, position, column))
    ignored: dict[str, str] = {}
    for name, _, _, column in sorted(ranked, key=lambda r: (r[1], r[2])):
        if name in found or column in found.values():
            if column not in found.values():
                ignored[column] = name
            continue
        found[name], how[name] = column, "name"
    systems = {coord_system_of(found[k]) for k in ("lon", "lat") if k in found} - {None}
    if len(systems) > 1:
        raise InputError(
            Message(
                "the lon and lat columns name different coordinate systems ({lon!r}, {lat!r}); "
                "pass --coords",
                lon=found["lon"],
                lat=found["lat"],
            ),
            file=file,
        )
    return ColumnMap(
        fields=MappingProxyType(found),
        coords=next(iter(systems), None),
        ignored=MappingProxyType(ignored),
        how=MappingProxyType(how),
    )
