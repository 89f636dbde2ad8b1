"""Which carriers reach which villages and township hubs when each works alone.

A carrier alone serves only the places it reaches (:class:`Reach`); a place's parcels are split
over the carriers that reach it in proportion to their shares, so every parcel is still carried
(the parcels of a carrier that does not come to a village go with one that does, the way rural
post offices carry express parcels to villages today) and a carrier that reaches nothing
carries nothing.

Default reach (EST, set the county's own):
- ``post_office``: everywhere (the universal service).
- ``express``: every township seat, villages with an express outlet, and villages handling at
  least 190 parcels a day: an express carrier's own round to a village pays when its share
  (45 %) of the village's parcels fills a courier-day of 85 door parcels (facts.md 3b):
  85 / 0.45 = 190.
- ``coop``: the places with a supply-and-marketing co-op outlet.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from network.errors import InputError
from network.model import Node, Tier
from network.texts import Message


@dataclass(frozen=True)
class Reach:
    """The places one carrier serves alone: any rule that matches is enough.

    Attributes:
        everywhere: every village and township.
        townships: every township seat (its hub's own parcels).
        min_parcels_per_day: villages (routing stops) with at least this many parcels a day.
        outlets: places with an outlet of the carrier's kind (the node's ``outlets``).
        ids: places named one by one.
    """

    everywhere: bool = False
    townships: bool = False
    min_parcels_per_day: float | None = None
    outlets: bool = False
    ids: frozenset[str] = frozenset()

    def __post_init__(self) -> None:
        object.__setattr__(self, "ids", frozenset(self.ids))
        if self.min_parcels_per_day is not None and self.min_parcels_per_day < 0:
            raise InputError(
                Message("min_parcels_per_day must be >= 0"), field="min_parcels_per_day"
            )

    def serves(self, carrier: str, node: Node) -> bool:
        """Whether the carrier reaches ``node`` on its own."""
        if self.everywhere or node.id in self.ids:
            return True
        if self.townships and node.tier is Tier.TOWNSHIP:
            return True
        if self.outlets and carrier in {str(o) for o in node.outlets}:
            return True
        return (
            self.min_parcels_per_day is not None
            and node.tier is Tier.VILLAGE
            and node.parcels_per_day >= self.min_parcels_per_day
        )


DEFAULT_REACH: Mapping[str, Reach] = {
    "post_office": Reach(everywhere=True),
    "express": Reach(townships=True, outlets=True, min_parcels_per_day=190.0),
    "coop": Reach(outlets=True),
}


def check_reach(reach: Mapping[str, Reach], shares: Mapping[str, float]) -> None:
    """Every carrier with a reach must have a share."""
    unknown = sorted(set(reach) - set(shares))
    if unknown:
        raise InputError(
            Message(
                "reach names carriers with no share: {unknown} (known: {known})",
                unknown=unknown,
                known=sorted(shares),
            ),
            field=f"reach.{unknown[0]}",
        )


def shares_by_place(
    places: Iterable[Node], shares: Mapping[str, float], reach: Mapping[str, Reach]
) -> dict[str, dict[str, float]]:
    """Per place with parcels, each reaching carrier's part of its parcels (module docstring).

    A carrier without a ``reach`` entry reaches everywhere. A place with parcels that no
    carrier reaches is an input error.
    """
    check_reach(reach, shares)
    out: dict[str, dict[str, float]] = {}
    for node in places:
        if node.parcels_per_day <= 0:
            continue
        who = {c: s for c, s in shares.items() if c not in reach or reach[c].serves(c, node)}
        if not who:
            raise InputError(
                Message(
                    "{tier} {id} ({name}) has parcels but no carrier reaches it",
                    tier=node.tier,
                    id=node.id,
                    name=node.name,
                ),
                field="reach",
            )
        total = sum(who.values())
        out[node.id] = {c: s / total for c, s in who.items()}
    return out
