"""The project's one exception family for bad input.

Every error a planner can cause with a file or a parameter is an :class:`InputError` that names
the file, the row (or feature) and the field, so the CLI can print it on one line.
"""

from __future__ import annotations

from network.texts import Message, Texts, texts_for


class InputError(ValueError):
    """Bad input: names the file, row/feature and field, with a message a planner understands.

    ``str(err)`` gives the one-line form, e.g.
    ``villages.csv row 17, field lat: 261.2 is outside -90..90``.
    ``row`` counts data rows from 1 as a spreadsheet shows them (the header is row 1, so the first
    data row of a CSV is row 2); for GeoJSON/GIS files it is the feature number from 1.
    ``message`` is a :class:`~network.texts.Message` (or an English text not yet in the
    catalogue); :meth:`render` gives the line in the CLI's language.
    """

    def __init__(
        self,
        message: str | Message,
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
        return self.render(texts_for("en"))

    def render(self, tr: Texts) -> str:
        """The one-line form in ``tr``'s language (file, row and field first)."""
        text = self.message.render(tr) if isinstance(self.message, Message) else tr(self.message)
        parts = []
        if self.file is not None:
            parts.append(self.file)
        if self.row is not None:
            parts.append(tr("row {row}", row=self.row))
        place = " ".join(parts)
        if self.field is not None:
            where = tr("field {field}", field=self.field)
            place = tr("{place}, {field}", place=place, field=where) if place else where
        return tr("{place}: {message}", place=place, message=text) if place else text
