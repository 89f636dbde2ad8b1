"""A fresh product's temperature history from landing to the buyer, and the time it allows.

A history is a sequence of :class:`Phase` (name, hours, temperature). The life a product uses in
a phase is hours / 24 x its quality model's rate at that temperature (facts.md 1b [S41]: RRS is
additive over a time-temperature history). The phases of an e-commerce parcel:

- ``landing``: the haul from the harvest place to its pre-cooling point, and any wait for the
  pre-cooler, at field temperature;
- ``precool``: the product's pre-cooling time (facts.md 1d) at the mean of field temperature
  and set-point (a linear cooling curve, EST);
- ``storage``: held at the point until the collection at the storage set-point; live products
  wait alive in chilled seawater tanks (facts.md 1a: sea cucumber 4 °C seawater + oxygen, abalone
  water 6-8 °C) and are packed just before the collection, so their wait uses no box life;
- ``transit``: carriage to the county DC (insulated box or reefer), the cross-dock there, and
  the express leg to the buyer.

Carriage temperature (EST, no source): a reefer holds the middle of the storage band; an
insulated box with ice/gel packs runs :data:`BOX_ABOVE_BAND_C` above the band's top while its
packs last (``Product.box_hold_h``), so a box is chosen only when the trip fits its hold time.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from enum import StrEnum

from coldchain.products import Product
from coldchain.quality import ModelKind
from network.errors import InputError
from network.texts import Message

BOX_ABOVE_BAND_C = 2.0
"""How far above the top of its storage band an iced/gel-packed box keeps a product (EST)."""


class Carriage(StrEnum):
    """How a fresh parcel travels from its pre-cooling point to the county DC."""

    BOX = "box"  # insulated box with ice/gel packs in the ordinary shared vans
    REEFER = "reefer"


@dataclass(frozen=True, slots=True)
class Phase:
    """One stretch of a product's history: ``hours`` at ``temp_c``."""

    name: str
    hours: float
    temp_c: float

    def __post_init__(self) -> None:
        if not self.hours >= 0:
            raise InputError(
                Message("phase {name!r}: {hours} h must be >= 0", name=self.name, hours=self.hours),
                field="hours",
            )


def carriage_temp_c(product: Product, carriage: Carriage) -> float:
    """The temperature a product travels at in a box or a reefer."""
    if carriage is Carriage.REEFER:
        return product.storage_temp_c
    return product.storage_temp_high_c + BOX_ABOVE_BAND_C


def choose_carriage(product: Product, trip_h: float) -> Carriage:
    """An insulated box when its hold time covers the trip from pre-cooling, else a reefer."""
    if trip_h < 0:
        raise InputError(Message("trip of {trip_h} h must be >= 0", trip_h=trip_h), field="trip_h")
    return Carriage.BOX if trip_h <= product.box_hold_h else Carriage.REEFER


def life_used(product: Product, phases: Sequence[Phase]) -> float:
    """Fraction of the product's (fresh) shelf life the phases use."""
    model = product.quality
    return sum(float(model.life_used_per_day(p.temp_c)) * p.hours / 24.0 for p in phases)


def tank_held(product: Product) -> bool:
    """Live products wait for the collection in seawater tanks (see the module docstring)."""
    return product.quality.kind is ModelKind.LIVE


def county_leg(
    product: Product,
    *,
    haul_h: float,
    hold_h: float,
    trip_h: float,
    carriage: Carriage,
    queue_h: float = 0.0,
) -> tuple[Phase, ...]:
    """Landing, pre-cooling, holding and carriage to the county DC, in order."""
    set_c = product.storage_temp_c
    hold_c = set_c
    return (
        Phase("landing", haul_h + queue_h, product.field_temp_c),
        Phase("precool", product.prep_time_h, (product.field_temp_c + set_c) / 2.0),
        Phase("storage", 0.0 if tank_held(product) else hold_h, hold_c),
        Phase("transit", trip_h, carriage_temp_c(product, carriage)),
    )


def allowance_h(
    product: Product,
    *,
    life_share: float,
    precooled: bool = True,
    haul_h: float = 0.0,
    carriage: Carriage = Carriage.REEFER,
) -> float:
    """Hours from landing until the product has used ``life_share`` of its shelf life.

    Pre-cooled: the haul and the pre-cooling as they happen, then the carriage temperature;
    not pre-cooled: field temperature throughout (the old, conservative rule).
    """
    if not 0 < life_share <= 1:
        raise InputError(
            Message("{life_share} must be in (0, 1]", life_share=life_share),
            field="life_budget_share",
        )
    field_c = product.field_temp_c
    if precooled:
        head = county_leg(product, haul_h=haul_h, hold_h=0.0, trip_h=0.0, carriage=carriage)[:2]
        tail_c = carriage_temp_c(product, carriage)
    else:
        head = ()
        tail_c = field_c
    used, hours = 0.0, 0.0
    for phase in head:
        rate = float(product.quality.life_used_per_day(phase.temp_c)) / 24.0
        if used + rate * phase.hours >= life_share:
            return hours + (life_share - used) / rate
        used += rate * phase.hours
        hours += phase.hours
    return hours + (life_share - used) / (float(product.quality.life_used_per_day(tail_c)) / 24.0)
