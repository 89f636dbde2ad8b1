"""Write docs/columns.md (every file and column the plan writes) from scenarios/columns.py.

Dev-time only; run after changing a table or a column title::

    .venv/bin/python tools/columns_doc.py          # rewrite docs/columns.md
    .venv/bin/python tools/columns_doc.py --check  # exit 1 when docs/columns.md is stale

``tests/scenarios/test_columns.py`` fails while the file differs from the catalogue.
"""

from __future__ import annotations

import sys
from pathlib import Path

from scenarios.columns import columns_markdown

DOC = Path(__file__).resolve().parent.parent / "docs" / "columns.md"


def main(argv: list[str]) -> int:
    """Rewrite the page, or with ``--check`` say whether it is up to date."""
    text = columns_markdown()
    if argv == ["--check"]:
        current = DOC.read_text(encoding="utf-8") if DOC.exists() else ""
        print("docs/columns.md is up to date" if current == text else "docs/columns.md is stale")
        return 0 if current == text else 1
    if argv:
        print(__doc__)
        return 2
    DOC.write_text(text, encoding="utf-8")
    print(f"wrote {DOC}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
