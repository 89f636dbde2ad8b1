"""The product catalogue: what each fresh product needs and what it is worth.

Defaults live in ``coldchain/data/products.toml``, each value citing its facts.md row. A
scenario can override fields of a product or add products with a mapping of the same shape
(``{"kelp": {"hold_days": 30}, "grape": {...all fields...}}``).
"""

from __future__ import annotations

import tomllib
from collections.abc import Mapping
from dataclasses import dataclass, fields, replace
from enum import StrEnum
from importlib import resources
from types import MappingProxyType
from typing import Any

from coldchain.calendar import SeasonWindow, SupplyCalendar
from coldchain.quality import QualityModel
from network.errors import InputError
from network.texts import Message


class Prep(StrEnum):
    """What must happen to a product before it can be stored."""

    PROCESSING = "processing"  # a processing line (kelp blanch-salt-freeze, laver, tea)
    PRECOOL = "precool"  # a pre-cooler (forced air, hydro, vacuum, ice)
    NONE = "none"


class StorageKind(StrEnum):
    """Where a product is stored."""

    COLD_ROOM = "cold_room"
    FROZEN_STORE = "frozen_store"


@dataclass(frozen=True, slots=True)
class Product:
    """One product of the catalogue (see ``data/products.toml`` for units and sources)."""

    id: str
    name: str
    group: str
    value_yuan_per_kg: float
    field_temp_c: float
    storage_temp_low_c: float
    storage_temp_high_c: float
    humidity_pct: float
    specific_heat_kj_kg_k: float
    respiration_w_per_t: float
    prep: Prep
    prep_time_h: float
    storage: StorageKind
    hold_days: float
    density_kg_m3: float
    reefer_link: bool
    landing_min: int
    quality: QualityModel
    processed: QualityModel | None
    season: SupplyCalendar
    cold_chain_share: float = 1.0  # share of the harvest that enters the cold chain
    stored_mass_ratio: float = 1.0  # kg of stored (made) product per harvested kg
    # e-commerce scope (see coldchain.ecommerce): share of the harvest sold online, whether the
    # parcel holds the fresh product (cold chain) or the made one (ambient), its weight, and
    # how long its insulated box with ice/gel packs keeps it inside its carriage band
    online_share: float = 0.0
    online_fresh: bool = True
    parcel_kg: float = 3.0
    box_hold_h: float = 24.0

    def __post_init__(self) -> None:
        if not 0 <= self.online_share <= 1:
            raise InputError(
                Message(
                    "product {id!r}: {online_share} is outside 0..1",
                    id=self.id,
                    online_share=self.online_share,
                ),
                field="online_share",
            )
        for name in ("cold_chain_share", "stored_mass_ratio"):
            if not 0 < getattr(self, name) <= 1:
                raise InputError(
                    Message(
                        "product {id!r}: {value} must be in (0, 1]",
                        id=self.id,
                        value=getattr(self, name),
                    ),
                    field=name,
                )
        for name in ("value_yuan_per_kg", "prep_time_h", "hold_days", "respiration_w_per_t"):
            if getattr(self, name) < 0:
                raise InputError(
                    Message(
                        "product {id!r}: {value} must be >= 0",
                        id=self.id,
                        value=getattr(self, name),
                    ),
                    field=name,
                )
        for name in ("density_kg_m3", "specific_heat_kj_kg_k", "parcel_kg", "box_hold_h"):
            if not getattr(self, name) > 0:
                raise InputError(
                    Message(
                        "product {id!r}: {value} must be > 0", id=self.id, value=getattr(self, name)
                    ),
                    field=name,
                )
        if self.storage_temp_low_c > self.storage_temp_high_c:
            raise InputError(
                Message(
                    "product {id!r}: storage band {storage_temp_low_c}..{storage_temp_high_c} "
                    "is reversed",
                    id=self.id,
                    storage_temp_low_c=self.storage_temp_low_c,
                    storage_temp_high_c=self.storage_temp_high_c,
                ),
                field="storage_temp_low_c",
            )
        if not 0 <= self.humidity_pct <= 100:
            raise InputError(
                Message(
                    "product {id!r}: {humidity_pct} is outside 0..100",
                    id=self.id,
                    humidity_pct=self.humidity_pct,
                ),
                field="humidity_pct",
            )
        if not 0 <= self.landing_min < 24 * 60:
            raise InputError(
                Message(
                    "product {id!r}: {landing_min} is outside 0..1439",
                    id=self.id,
                    landing_min=self.landing_min,
                ),
                field="landing_min",
            )

    @property
    def storage_temp_c(self) -> float:
        """The design storage set-point: the middle of the storage band."""
        return (self.storage_temp_low_c + self.storage_temp_high_c) / 2.0

    @property
    def stored_m3_per_kg(self) -> float:
        """Store volume per harvested (fresh-equivalent) kg: made mass at its density."""
        return self.stored_mass_ratio / self.density_kg_m3

    @property
    def stored_quality(self) -> QualityModel:
        """The quality model after the prep stage (the processed product's, if any)."""
        return self.processed if self.processed is not None else self.quality


Catalogue = Mapping[str, Product]
"""Product id -> product (read-only)."""

_FIELDS = {f.name for f in fields(Product)} - {"id"}
_OPTIONAL = {
    "processed",
    "cold_chain_share",
    "stored_mass_ratio",
    "online_share",
    "online_fresh",
    "parcel_kg",
    "box_hold_h",
}


def _quality(product_id: str, key: str, table: Any) -> QualityModel:
    if not isinstance(table, Mapping):
        raise InputError(
            Message(
                "product {product_id!r}: {key} must be a table", product_id=product_id, key=key
            ),
            field=key,
        )
    allowed = {f.name for f in fields(QualityModel)}
    unknown = set(table) - allowed
    if unknown:
        raise InputError(
            Message(
                "product {product_id!r}: unknown keys {keys}",
                product_id=product_id,
                keys=sorted(unknown),
            ),
            field=key,
        )
    try:
        return QualityModel(**table)
    except InputError as err:
        raise InputError(
            Message(
                "product {product_id!r}: {message}", product_id=product_id, message=err.message
            ),
            field=f"{key}.{err.field}",
        ) from None
    except (TypeError, ValueError) as err:
        raise InputError(
            Message("product {product_id!r}: {err}", product_id=product_id, err=err),
            field=f"{key}.kind",
        ) from None


def _season(product_id: str, table: Any) -> SupplyCalendar:
    if not isinstance(table, Mapping):
        raise InputError(
            Message("product {product_id!r}: season must be a table", product_id=product_id),
            field="season",
        )
    try:
        windows = tuple(
            SeasonWindow(*(int(v) for v in w[:3]), *w[3:]) for w in table.get("windows", ())
        )
        days = table.get("season_days")
        return SupplyCalendar(
            windows=windows,
            base=float(table.get("base", 0.0)),
            season_days_stated=None if days is None else int(days),
        )
    except InputError as err:
        raise InputError(
            Message(
                "product {product_id!r}: {message}", product_id=product_id, message=err.message
            ),
            field=err.field,
        ) from None
    except (TypeError, ValueError, IndexError) as err:
        raise InputError(
            Message(
                "product {product_id!r}: bad season window ({err})", product_id=product_id, err=err
            ),
            field="season.windows",
        ) from None


def product_from_mapping(product_id: str, data: Mapping[str, Any]) -> Product:
    """Build one product from a TOML-shaped mapping (all fields present)."""
    missing = _FIELDS - set(data) - _OPTIONAL
    if missing:
        raise InputError(
            Message(
                "product {product_id!r}: missing {keys}",
                product_id=product_id,
                keys=sorted(missing),
            ),
            field=sorted(missing)[0],
        )
    unknown = set(data) - _FIELDS
    if unknown:
        raise InputError(
            Message(
                "product {product_id!r}: unknown keys {keys}",
                product_id=product_id,
                keys=sorted(unknown),
            ),
            field=sorted(unknown)[0],
        )
    values = dict(data)
    values["quality"] = _quality(product_id, "quality", data["quality"])
    processed = data.get("processed")
    values["processed"] = (
        None if processed is None else _quality(product_id, "processed", processed)
    )
    values["season"] = _season(product_id, data["season"])
    for key, kind in (("prep", Prep), ("storage", StorageKind)):
        try:
            values[key] = kind(data[key])
        except ValueError:
            choices = ", ".join(k.value for k in kind)
            raise InputError(
                Message(
                    "product {product_id!r}: {data!r} is not one of {choices}",
                    product_id=product_id,
                    data=data[key],
                    choices=choices,
                ),
                field=key,
            ) from None
    try:
        return Product(id=product_id, **values)
    except TypeError as err:
        raise InputError(
            Message("product {product_id!r}: {err}", product_id=product_id, err=err),
            field="product",
        ) from None


def _default_tables() -> dict[str, dict[str, Any]]:
    text = resources.files("coldchain").joinpath("data/products.toml").read_text(encoding="utf-8")
    return tomllib.loads(text)


def load_catalogue(overrides: Mapping[str, Mapping[str, Any]] | None = None) -> Catalogue:
    """The default catalogue with ``overrides`` applied (field by field; new ids are added).

    ``quality``, ``processed`` and ``season`` tables in an override are merged key by key into
    the default's, so ``{"croaker": {"quality": {"shelf_life_days": 15}}}`` keeps the rest.
    """
    tables = _default_tables()
    for product_id, override in (overrides or {}).items():
        if not isinstance(override, Mapping):
            raise InputError(
                Message("product {product_id!r} must be a table", product_id=product_id),
                field=product_id,
            )
        merged = dict(tables.get(product_id, {}))
        for key, value in override.items():
            base = merged.get(key)
            if isinstance(value, Mapping) and isinstance(base, Mapping):
                merged[key] = {**base, **value}
            else:
                merged[key] = value
        tables[product_id] = merged
    return MappingProxyType({pid: product_from_mapping(pid, t) for pid, t in tables.items()})


def with_season_days(catalogue: Catalogue, season_days: Mapping[str, int]) -> Catalogue:
    """The catalogue with each named product's calendar fitted to the season length its supply
    figures were averaged over (:meth:`SupplyCalendar.fitted`), so the stated totals hold."""
    out = dict(catalogue)
    for product_id, days in season_days.items():
        product = require_product(catalogue, product_id, field="supply_season_days")
        if not isinstance(days, int) or not 1 <= days <= 365:
            raise InputError(
                Message(
                    "supply_season_days.{product_id}: {days!r} is not a whole number of days in "
                    "1..365",
                    product_id=product_id,
                    days=days,
                ),
                field=f"supply_season_days.{product_id}",
            )
        out[product_id] = replace(product, season=product.season.fitted(days))
    return MappingProxyType(out)


def require_product(catalogue: Catalogue, product_id: str, *, field: str) -> Product:
    """The product with this id, or an InputError naming ``field``."""
    try:
        return catalogue[product_id]
    except KeyError:
        known = ", ".join(sorted(catalogue))
        raise InputError(
            Message(
                "unknown product {product_id!r} (known: {known})",
                product_id=product_id,
                known=known,
            ),
            field=field,
        ) from None
