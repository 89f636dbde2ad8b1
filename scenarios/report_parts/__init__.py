"""Each section's part of the HTML report, read from its typed outcome (one module a section).

Every part is written in the run's language: it receives the catalogue as ``tr`` and formats
numbers for people with it (``tr.yuan``, ``tr.number``).
"""

from __future__ import annotations

from collections.abc import Mapping
from html import escape

from network.texts import N_, Texts


def filled(template: str, *, bold: dict[str, object] | None = None, **params: object) -> str:
    """A translated sentence (``tr("... {amount} ...")``, fields left unfilled) as HTML: every
    value escaped, those in ``bold`` in ``<b>``.

    Example:
        >>> filled("A parcel costs {cost} <here>", bold={"cost": "1.20 元"})
        'A parcel costs <b>1.20 元</b> &lt;here&gt;'
    """
    shown = {k: escape(str(v)) for k, v in params.items()}
    shown.update({k: f"<b>{escape(str(v))}</b>" for k, v in (bold or {}).items()})
    return escape(template, quote=False).format(**shown)


def named(tr: Texts, labels: Mapping[str, str], code: str) -> str:
    """A code (a model, a carrier...) as people call it, or the code itself when unknown."""
    return tr(labels[code]) if code in labels else code


MODELS = {
    "two_echelon": N_("two echelons"),
    "flat": N_("flat (direct from the county DC)"),
}
"""The routing models for people (plan.json keeps the codes)."""

CARRIERS = {
    "post_office": N_("postal"),
    "express": N_("express companies (together)"),
    "coop": N_("supply co-op"),
}
"""The demo's carriers for people; a county's own carrier ids are shown as they are."""
