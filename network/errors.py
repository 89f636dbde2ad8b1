"""The project's one exception family for bad input.

Every error a planner can cause with a file or a parameter is an :class:`InputError` that names
the file, the row (or feature) and the field, so the CLI can print it on one line.
"""

from __future__ import annotations


class InputError(ValueError):
    """Bad input: names the file, row/feature and field, with a message a planner understands.

    ``str(err)`` gives the one-line form, e.g.
    ``villages.csv row 17, field lat: 261.2 is outside -90..90``.
    ``row`` counts data rows from 1 as a spreadsheet shows them (the header is row 1, so the first
    data row of a CSV is row 2); for GeoJSON/GIS files it is the feature number from 1.
    """

    def __init__(
        self,
        message: str,
        *,
        file: str | None = None,
        row: int | None = None,
        field: str | None = None,
    ) -> None:
        self.message = message
        self.file = file
        self.row = row
        self.field = field
        super().__init__(self.__str__())

    def __str__(self) -> str:
        place = " ".join(
            part
            for part in (self.file, None if self.row is None else f"row {self.row}")
            if part is not None
        )
        if self.field is not None:
            place = f"{place}, field {self.field}" if place else f"field {self.field}"
        return f"{place}: {self.message}" if place else self.message
