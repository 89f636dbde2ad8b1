"""Words for the cold chain's machine codes, for the people who read the report and the map.

Product ids (``sea_cucumber``), stages (``bulk_reefer``), build items (``dc_cold_room``),
carriages (``box``), the places product is lost (``transit``) and units (``m3``) are codes in
``plan.json`` and the CSV files; people read them as words in their language. Each table maps a
code to its English ``msgid`` (marked with ``N_`` for the catalogue, ``coldchain.po``); the
functions translate with the run's :class:`~network.texts.Texts`. A code the tables do not know
(a product a scenario adds) is shown as it is.

Example:
    >>> from network.texts import texts_for
    >>> stage_label("bulk_reefer", texts_for("zh"))
    '重型冷藏车'
    >>> product_label("sea_cucumber", texts_for("en"))
    'sea cucumber'
"""

from __future__ import annotations

from collections.abc import Mapping

from network.texts import N_, Texts

PRODUCTS: Mapping[str, str] = {
    "kelp": N_("kelp"),
    "laver": N_("laver"),
    "sea_cucumber": N_("sea cucumber"),
    "croaker": N_("large yellow croaker"),
    "abalone": N_("abalone"),
    "tea": N_("tea"),
    "loquat": N_("loquat"),
    "bamboo_shoot": N_("bamboo shoots"),
    "leafy_veg": N_("leafy vegetables"),
    "rice": N_("rice"),
}
"""Product id of ``data/products.toml`` -> its common name."""

STAGES: Mapping[str, str] = {
    "processing": N_("processing line"),
    "precool": N_("pre-cooler"),
    "cold_room": N_("cold room"),
    "frozen_store": N_("frozen store"),
    "reefer": N_("reefer truck"),
    "bulk_reefer": N_("heavy reefer truck"),
}
"""Stage of the bulk-harvest chain (:class:`coldchain.facilities.Stage`) -> its name."""

BUILD_KINDS: Mapping[str, str] = {
    "station": N_("grading, packing and testing station"),
    "precooler": N_("pre-cooler"),
    "cold_room": N_("cold room"),
    "dc_cold_room": N_("cross-dock cold room at the county DC"),
    "reefer": N_("reefer truck"),
}
"""Kind of a facility of the e-commerce build (:class:`coldchain.build.BuildItem`) -> name."""

CARRIAGES: Mapping[str, str] = {
    "box": N_("insulated box in the shared vans"),
    "reefer": N_("reefer truck"),
}
"""How a lane reaches the county DC (:class:`coldchain.history.Carriage`) -> its name."""

PLACES: Mapping[str, str] = {
    "landing": N_("at landing and pre-cooling"),
    "storage": N_("held at the point"),
    "transit": N_("on the way"),
    "refused": N_("refused by the reefers"),
}
"""Where cold-parcel product is lost (:data:`coldchain.ecommerce.PLACES`) -> its name."""

UNITS: Mapping[str, str] = {
    "m3": N_("m³"),
    "t": N_("t"),
    "t/yr": N_("t/yr"),
    "kg/day": N_("kg/day"),
    "t/day": N_("t/day"),
    "station": N_("set"),
    "vehicles": N_("vehicles [unit]"),  # English: "vehicles" (the header is another msgid)
    "parcels/day": N_("parcels/day"),
    "yuan": N_("yuan"),
    "yuan/yr": N_("yuan/yr"),
    "yuan/parcel": N_("yuan/parcel"),
    "yuan/day": N_("yuan/day"),
    "%": "%",
    "h": N_("h"),
    "km/day": N_("km/day"),
    "parcels/person/yr": N_("parcels/person/yr"),
}
"""Unit code (``plan.json``, CSV, :class:`scenarios.checks.Check`) -> its symbol for people."""


def _word(table: Mapping[str, str], code: str, tr: Texts) -> str:
    msgid = table.get(code)
    return code if msgid is None else tr(msgid)


def product_label(product_id: str, tr: Texts) -> str:
    """A product's common name in ``tr``'s language (the id for a product added by a scenario)."""
    return _word(PRODUCTS, product_id, tr)


def stage_label(stage: str, tr: Texts) -> str:
    """A bulk-harvest stage's name (``bulk_reefer`` -> heavy reefer truck / 重型冷藏车)."""
    return _word(STAGES, stage, tr)


def build_kind_label(kind: str, tr: Texts) -> str:
    """A build item's kind (``dc_cold_room`` -> cross-dock cold room at the county DC)."""
    return _word(BUILD_KINDS, kind, tr)


def carriage_label(carriage: str, tr: Texts) -> str:
    """A lane's carriage (``box`` -> insulated box in the shared vans)."""
    return _word(CARRIAGES, carriage, tr)


def place_label(place: str, tr: Texts) -> str:
    """Where product is lost (``transit`` -> on the way)."""
    return _word(PLACES, place, tr)


def unit_label(unit: str, tr: Texts) -> str:
    """A unit's symbol for people (``m3`` -> m³ / 立方米, ``yuan/parcel`` -> 元/件)."""
    return _word(UNITS, unit, tr)


__all__ = [
    "BUILD_KINDS",
    "CARRIAGES",
    "PLACES",
    "PRODUCTS",
    "STAGES",
    "UNITS",
    "build_kind_label",
    "carriage_label",
    "place_label",
    "product_label",
    "stage_label",
    "unit_label",
]
