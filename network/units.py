"""Village-level units: administrative villages (行政村) versus urban communities (社区).

The plan's village targets ("50 % of villages have a service point") are about administrative
villages, the units of a 村民委员会 (village committee). Urban communities (社区, units of a
居民委员会) are delivery points like any other but do not count in the village percentages.

:func:`classify_unit` decides, from the best evidence a row has, in this order:

1. a kind column (``village``/``community``, 村/村委会/行政村, 社区/居委会, ...);
2. the name's suffix (…村, …村委会, …村民委员会 against …社区, …居委会, …居民委员会,
   …社区居委会, …生活区);
3. the NBS urban-rural class (统计用区划代码's 城乡分类代码): 1xx (urban) is a community,
   2xx (rural) a village. This comes last because a village committee in a town (城中村)
   may carry an urban class.

Example:
    >>> classify_unit(name="东景社区").kind, classify_unit(name="东景社区").basis
    ('community', 'name')
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

UnitKind = Literal["village", "community"]
Basis = Literal["kind", "name", "ur_code", "default"]

_KIND_WORDS: dict[str, UnitKind] = {
    "village": "village",
    "administrative_village": "village",
    "村": "village",
    "村委会": "village",
    "村民委员会": "village",
    "行政村": "village",
    "community": "community",
    "社区": "community",
    "居委会": "community",
    "居民委员会": "community",
    "社区居委会": "community",
    "urban": "community",
}
_COMMUNITY_SUFFIXES = ("社区居委会", "社区居民委员会", "居民委员会", "居委会", "社区", "生活区")
_VILLAGE_SUFFIXES = ("村民委员会", "村委会", "村")


@dataclass(frozen=True, slots=True)
class UnitClass:
    """A unit's kind and what decided it (``kind``, ``name``, ``ur_code`` or ``default``)."""

    kind: UnitKind
    basis: Basis

    @property
    def community(self) -> bool:
        return self.kind == "community"


def kind_word(text: str) -> UnitKind | None:
    """The kind a kind-column value names, or None when it names neither."""
    return _KIND_WORDS.get(text.strip().lower())


def classify_unit(*, kind: str = "", name: str = "", ur_code: str = "") -> UnitClass:
    """Village or community, from a kind value, the name's suffix or the NBS urban-rural code."""
    named = kind_word(kind) if kind else None
    if named is not None:
        return UnitClass(named, "kind")
    stripped = name.strip()
    if stripped.endswith(_COMMUNITY_SUFFIXES):
        return UnitClass("community", "name")
    if stripped.endswith(_VILLAGE_SUFFIXES):
        return UnitClass("village", "name")
    code = ur_code.strip()
    if len(code) == 3 and code.isdigit() and code[0] in "12":
        return UnitClass("community" if code[0] == "1" else "village", "ur_code")
    return UnitClass("village", "default")


def is_urban_class(ur_code: str) -> bool:
    """NBS urban-rural class 1xx (urban: city or town area)."""
    code = ur_code.strip()
    return len(code) == 3 and code.isdigit() and code[0] == "1"
