"""The built-in demo county, 霞浦县 Xiapu (Ningde, Fujian), shipped as package data.

Its files live in ``scenarios/data/xiapu/`` (nodes, ferries and county outline in GCJ-02, as an
AMap export gives them, plus ``scenario.toml``); ``tools/build_demo_county.py`` builds them and
``scenarios/data/xiapu/SOURCES.md`` says where every figure comes from.

Example:
    >>> demo_scenario().name
    'scenario.toml'
"""

from __future__ import annotations

from importlib.resources import files
from pathlib import Path

_PACKAGE = "scenarios"
_FOLDER = ("data", "xiapu")


def demo_dir() -> Path:
    """The folder of the demo county's files (installed package data, on the file system)."""
    folder = Path(str(files(_PACKAGE).joinpath(*_FOLDER)))
    if not folder.is_dir():  # e.g. a zipped install: the data must be on disk to be read
        raise FileNotFoundError(f"the demo county's data folder is missing: {folder}")
    return folder


def demo_scenario() -> Path:
    """The demo county's scenario file (``[network]`` only; every section uses its defaults)."""
    return demo_dir() / "scenario.toml"
