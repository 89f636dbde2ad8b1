"""Sections whose inputs are absent step aside with a reason, instead of stopping the plan.

A county that has only its official lists has no fresh-product supply, so the cold-chain
section has nothing to simulate; a network with no parcels gives routing nothing to carry.
Each section's check is its ``missing`` entry in :mod:`scenarios.registry`. Such a section is
*skipped*: ``plan.json`` says ``<section>.skipped`` with the reason and what
to add, the report shows it, and the CLI prints a warning line and still exits 0. Only wrong
values stop a run (exit 2).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from html import escape
from typing import Any

from coldchain.online import online_supply
from coldchain.products import Catalogue, load_catalogue
from network.model import Network
from network.texts import Message, Texts

Json = Any


@dataclass(frozen=True)
class Skipped:
    """A section that stepped aside: why, and what to add to the inputs to get it."""

    key: str
    reason: Message
    add: Message

    def summary(self) -> Mapping[str, Json]:
        """The section's part of ``plan.json`` (in English: plan.json is for machines)."""
        return {"skipped": {"reason": str(self.reason), "add": str(self.add)}}

    def tables(self) -> Mapping[str, Sequence[Mapping[str, Json]]]:
        return {}

    def geojson(self) -> Mapping[str, Mapping[str, Json]]:
        return {}

    def warning(self, tr: Texts) -> str:
        """The CLI's warning line in ``tr``'s language."""
        return tr(
            "{section} skipped: {reason}; to include it, add {add}",
            section=self.key,
            reason=self.reason,
            add=self.add,
        )

    def report_html(self, title: str, tr: Texts) -> str:
        """The section's place in the report, in ``tr``'s language."""
        reason = tr("{reason}.", reason=self.reason)
        add = tr("To include it, add {add}.", add=self.add)
        return (
            f'<h2>{escape(title)}</h2><p class="skipped"><strong>{escape(tr("Skipped:"))}'
            f"</strong> {escape(reason)} {escape(add)}</p>"
        )


def supply_missing(network: Network, config: Any) -> Skipped | None:
    """The cold chain needs fresh-product supply of a catalogue product somewhere; its
    e-commerce scope (the default) needs some of it sold online fresh."""
    catalogue = load_catalogue(getattr(config, "products", None))
    supplied = {
        product
        for node in network
        for product, kg in node.supply_kg_per_day.items()
        if kg > 0 and product in catalogue
    }
    if not supplied:
        return _no_supply(catalogue)
    if getattr(config, "scope", "ecommerce") != "ecommerce":
        return None
    named = {p for node in network for p in node.supply_kg_per_day}
    if not named <= set(catalogue) or online_supply(network, catalogue):
        return None  # a supply column naming no product is bad input: the section's check says so
    return _no_online_supply(catalogue)


def _no_online_supply(catalogue: Catalogue) -> Skipped:
    sold = sorted(p.id for p in catalogue.values() if p.online_fresh and p.online_share > 0)
    products: str | Message = ", ".join(sold) if sold else Message("none in this catalogue")
    return Skipped(
        "coldchain",
        Message(
            "no cold parcels: no node supplies a product sold online fresh (catalogue "
            "online_share above 0 and online_fresh)"
        ),
        Message(
            "supply_<product>_kg columns for a product sold online fresh (products: "
            "{products}), or an online_share above 0 in [coldchain.products.<id>]; for the bulk "
            'harvest, set [coldchain] scope = "industry"',
            products=products,
        ),
    )


def _no_supply(catalogue: Catalogue) -> Skipped:
    products = ", ".join(sorted(catalogue))
    return Skipped(
        "coldchain",
        Message(
            "no node has fresh-product supply of a catalogue product (no supply_<product>_kg "
            "values above 0 in the node files)"
        ),
        Message(
            "supply_<product>_kg columns (average kg/day in season) for the villages that "
            "produce fresh products, e.g. supply_tea_kg; products: {products}",
            products=products,
        ),
    )


def parcels_missing(network: Network, config: Any) -> Skipped | None:
    """Routing needs parcels to carry."""
    if any(n.parcels_per_day > 0 for n in network):
        return None
    return Skipped(
        "routing",
        Message("no place has parcels (parcels_down and parcels_up are 0 everywhere)"),
        Message(
            "parcels_down/parcels_up per village, or population (init estimates parcels from "
            "population with --census)"
        ),
    )


def places_missing(network: Network, config: Any) -> Skipped | None:
    """Siting needs places to cover."""
    if network.villages or network.townships:
        return None
    return Skipped(
        "siting",
        Message("the network has no townships or villages"),
        Message("township and villages"),
    )
