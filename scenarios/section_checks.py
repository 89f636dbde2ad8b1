"""Each section's input checks, run before anything is solved, and its errors with their place.

Every section module may have ``check(ctx, config)``: the part of ``run`` that comes before its
solver. ``plan`` runs all of them before the first solve (a bad fleet fails in seconds, not
after the siting), and ``validate`` runs them without solving.

A section's input errors get their place: the scenario file's table, or the node files.

Library code raises :class:`InputError` with a field but no file when it checks values it was
handed (a fleet, a policy, the nodes' supply). Within a section of a scenario, the file is
known: the node files for a node field, else the scenario file and the section's table.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path

from network.errors import InputError
from scenarios.context import RunContext
from scenarios.registry import SECTIONS
from scenarios.schema import Scenario

NODE_FIELDS = frozenset({"supply_kg_per_day", "tier", "island", "parcels", "population"})
"""Fields of errors about the nodes' values (whole-file checks made by a section); a node
file's ``supply_<product>_kg`` column counts too."""


@contextmanager
def section_errors(key: str, scenario: Scenario) -> Iterator[None]:
    """Re-raise a section's InputError that names no file with the file it is about."""
    try:
        yield
    except InputError as err:
        if err.file is not None:
            raise
        if err.field in NODE_FIELDS or (err.field or "").startswith("supply_"):
            files = ", ".join(Path(p).name for p in scenario.network.nodes)
            raise InputError(err.message, file=files, field=err.field) from None
        field = key if err.field is None else f"{key}.{err.field}"
        file = str(scenario.path) if scenario.path is not None else "<scenario>"
        raise InputError(err.message, file=file, row=err.row, field=field) from None


def check_sections(scenario: Scenario, ctx: RunContext, wanted: Iterable[str]) -> list[str]:
    """Run the ``check`` of each wanted section of the scenario; return the keys checked."""
    keys = set(wanted)
    checked = []
    for entry in SECTIONS:
        key = entry.key
        if key not in keys or key in scenario.skip or key not in scenario.sections:
            continue
        if entry.check is not None:
            with section_errors(key, scenario):
                entry.check(ctx, scenario.sections[key])
            checked.append(key)
    return checked
