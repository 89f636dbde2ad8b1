"""Headline figures held against their cited ranges: the ``checks`` list of ``plan.json``.

Each section that produces a headline figure (cost per parcel and its stages, pooling saving,
subsidy draw, cold-chain build and losses, ...) returns one :class:`Check` per figure with the
range that ``domain/facts.md`` (or a stated rule) gives for it. A figure outside its range is a
finding shown near the top of the report, never an error: ``validate`` and ``plan`` warn only.

``plan.json`` keeps the machine values (the dotted ``figure`` key, the unit code, the English
source). People read them in their language: :func:`figure_label` (the figure's name from
:data:`FIGURE_LABELS`, or the check's own ``label``), :func:`unit_label`, and the ``source`` and
``note``, which are catalogue texts (``N_("...")`` or a :class:`~network.texts.Message`).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from coldchain.labels import unit_label
from network.texts import N_, Message, Texts

Number = Decimal | float | int
Text = str | Message
"""A text people read: a catalogue ``msgid`` (marked with ``N_``) or a :class:`Message`."""


@dataclass(frozen=True)
class Check:
    """One headline figure and the range it should sit in.

    Attributes:
        figure: dotted name of the figure, e.g. ``economics.cost_per_parcel_yuan`` or
            ``coldchain.loss_pct.kelp``; the section's key comes first.
        value: the figure as the plan computed it (``None`` when it could not be computed).
        low: the range's lower end (inclusive), or ``None`` for no lower end.
        high: the range's upper end (inclusive), or ``None`` for no upper end.
        unit: the unit code of ``value``, ``low`` and ``high`` (``yuan/parcel``, ``%``,
            ``km/day``; :data:`coldchain.labels.UNITS` has its words).
        source: where the range comes from: a facts.md row (``facts 3b``) or the rule itself;
            a catalogue text (``N_("...")`` or a :class:`Message`).
        note: why a figure outside its range may still be right, or what moves it.
        label: the figure's name for people when :data:`FIGURE_LABELS` has none (a figure per
            product: ``Message("loss rate: {product}", product=...)``).
    """

    figure: str
    value: Number | None
    low: Number | None
    high: Number | None
    unit: str
    source: Text
    note: Text = ""
    label: Text = ""

    def __post_init__(self) -> None:
        if not self.figure:
            raise ValueError("a check needs a figure name")
        if self.low is not None and self.high is not None and self.low > self.high:
            raise ValueError(f"check {self.figure}: low {self.low} > high {self.high}")
        if not str(self.source):
            raise ValueError(f"check {self.figure}: a range needs a source")

    @property
    def ok(self) -> bool:
        """True when the value is known and sits inside the range (ends included)."""
        if self.value is None:
            return False
        if self.low is not None and self.value < self.low:
            return False
        return not (self.high is not None and self.value > self.high)


FIGURE_LABELS: Mapping[str, str] = {
    "economics.cost_per_parcel_yuan": N_("whole-way cost per parcel"),
    "economics.stages_yuan_per_parcel.sorting": N_("cost per parcel: sorting"),
    "economics.stages_yuan_per_parcel.line_haul": N_("cost per parcel: line haul"),
    "economics.stages_yuan_per_parcel.hub_handling": N_("cost per parcel: hub handling"),
    "economics.stages_yuan_per_parcel.station": N_("cost per parcel: station handling"),
    "economics.stages_yuan_per_parcel.last_mile": N_("cost per parcel: last metre"),
    "economics.door_parcel_yuan": N_("cost of a parcel delivered to the door"),
    "economics.parcels_per_courier_day": N_("parcels per courier a day"),
    "economics.models.chosen_over_other_pct": N_(
        "chosen delivery model's cost over the other model's"
    ),
    "economics.pooling.saving_pct": N_("saving of shared delivery, the whole way"),
    "economics.peak_day.sorting_hours": N_("peak day: hours to sort the downward parcels"),
    "routing.shared_saving_pct": N_("saving of shared delivery routes"),
    "routing.km_per_vehicle_day": N_("km per vehicle a day"),
    "routing.bus.saving_yuan_per_day": N_("saving of the buses a day"),
    "routing.bus.departure_load_pct_max": N_("fullest bus departure"),
    "routing.bus.fee_yuan_per_parcel": N_("bus fee per parcel"),
    "routing.bus.villages_share_pct": N_("share of villages served by bus"),
    "routing.outlets.saving_pct": N_("saving of handing outlets' parcels to the shared station"),
    "routing.outlets.cost_per_parcel_yuan": N_("township hand-over cost per parcel"),
    "network.parcels_per_resident_year": N_("parcels per resident a year"),
    "subsidy.per_up_parcel_yuan": N_("subsidy per upward parcel"),
    "subsidy.annual_parity_yuan": N_("parity subsidy a year"),
    "coldchain.cold_parcels_per_day": N_("cold parcels a day"),
    "coldchain.capital_yuan": N_("capital of the cold-chain build"),
    "coldchain.fund_yuan": N_("cold-chain build paid by the special fund"),
    "coldchain.carriers_yuan": N_("cold-chain build paid by carriers and co-ops"),
    "coldchain.reefers": N_("reefer trucks"),
    "coldchain.cold_room_m3": N_("cold rooms, volume"),
}
"""A figure's name for people, by its ``plan.json`` key (the key itself when not listed)."""


def text(value: Text, tr: Texts) -> str:
    """A check's text (source, note, label) in ``tr``'s language."""
    return value.render(tr) if isinstance(value, Message) else tr(value) if value else ""


def figure_label(check: Check, tr: Texts) -> str:
    """The figure's name for people: the check's label, the table's, else its key."""
    if check.label:
        return text(check.label, tr)
    msgid = FIGURE_LABELS.get(check.figure)
    return check.figure if msgid is None else tr(msgid)


def number(value: Number, unit: str, tr: Texts) -> str:
    """A figure's value for people with its unit: money through ``tr.yuan``, other values with
    thousands separators (a Decimal with the decimals it was computed to, a float with at most
    two)."""
    if unit == "yuan":
        return tr.yuan(value)
    if unit == "yuan/yr":
        return tr("{money} a year", money=tr.yuan(value))
    if isinstance(value, float):
        shown = tr.number(value, 2)
        shown = shown.rstrip("0").rstrip(".") if "." in shown else shown
    elif isinstance(value, Decimal):
        exponent = value.as_tuple().exponent
        shown = tr.number(value, -exponent if isinstance(exponent, int) and exponent < 0 else 0)
    else:
        shown = tr.number(value)
    symbol = unit_label(unit, tr) if unit else ""
    return f"{shown} {symbol}" if symbol else shown


def range_text(check: Check, tr: Texts) -> str:
    """The range for people: ``0.8 - 4 yuan/parcel``, ``at most 0 %``, ``at least 5 %``."""
    low, high, unit = check.low, check.high, check.unit
    if low is not None and high is not None:
        if unit in ("yuan", "yuan/yr"):
            return tr("{low} to {high}", low=number(low, unit, tr), high=number(high, unit, tr))
        return tr("{low} to {high}", low=number(low, "", tr), high=number(high, unit, tr))
    if high is not None:
        return tr("at most {high}", high=number(high, unit, tr))
    if low is not None:
        return tr("at least {low}", low=number(low, unit, tr))
    return tr("no range")


def outside_line(check: Check, tr: Texts) -> str:
    """One line for a figure outside its range (the CLI's finding), in ``tr``'s language."""
    value = tr("no data") if check.value is None else number(check.value, check.unit, tr)
    return tr(
        "{label} ({figure}) = {value} is outside its range {range} ({source})",
        label=figure_label(check, tr),
        figure=check.figure,
        value=value,
        range=range_text(check, tr),
        source=text(check.source, tr),
    )


def checks_json(checks: Iterable[Check]) -> list[dict[str, Any]]:
    """The ``checks`` list of ``plan.json``: one dict per check, in the order given (machine
    values: the figure key, the unit code, the source and note in English)."""
    return [
        {
            "figure": c.figure,
            "value": c.value,
            "low": c.low,
            "high": c.high,
            "unit": c.unit,
            "source": str(c.source),
            "ok": c.ok,
            **({"note": str(c.note)} if c.note else {}),
        }
        for c in checks
    ]
