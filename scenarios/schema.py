"""Scenario files: TOML, validated with pydantic, errors reported with the file and key path.

A scenario may say ``extends = "base.toml"``: the base is loaded first (recursively) and this
file's keys override it, table by table. Paths in ``[network]`` are relative to the file that
names them.
"""

from __future__ import annotations

import tomllib
from collections.abc import Mapping
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from network.errors import InputError
from network.texts import DEFAULT_LANG, Lang
from scenarios.registry import SECTION_KEYS, SECTIONS

_NETWORK_PATH_KEYS = ("nodes", "roads", "ferries", "boundary")


class NetworkConfig(BaseModel):
    """``[network]``: where the nodes come from and how distances are measured."""

    model_config = ConfigDict(extra="forbid")

    nodes: list[str] = Field(min_length=1)
    roads: str | None = None
    coords: Literal["wgs84", "gcj02", "bd09"] = "wgs84"
    circuity: float = Field(default=1.3, ge=1.0, le=5.0)
    ferries: str | None = None
    boundary: str | None = None
    name: str | None = None

    @field_validator("nodes", mode="before")
    @classmethod
    def _one_or_many(cls, value: Any) -> Any:
        return [value] if isinstance(value, str) else value


class TargetsConfig(BaseModel):
    """``[targets]``: the plan's coverage targets (percent) and what counts as covered."""

    model_config = ConfigDict(extra="forbid")

    townships_delivery_pct: float = Field(default=100.0, ge=0, le=100)
    villages_delivery_pct: float = Field(default=50.0, ge=0, le=100)
    townships_service_pct: float = Field(default=100.0, ge=0, le=100)
    villages_service_pct: float = Field(default=50.0, ge=0, le=100)
    poor_villages_service_pct: float = Field(default=70.0, ge=0, le=100)
    service_radius_km: float = Field(default=3.0, gt=0)
    service_max_min: float | None = Field(default=None, gt=0)


class SolverConfig(BaseModel):
    """``[solver]``: limits and seed shared by every section."""

    model_config = ConfigDict(extra="forbid")

    time_limit_s: float = Field(default=30.0, gt=0)
    seed: int = Field(default=0, ge=0)
    work_limit: int | None = Field(default=None, gt=0)


class Scenario(BaseModel):
    """A validated scenario. ``sections`` holds each section's own validated ``Config``."""

    model_config = ConfigDict(extra="forbid", arbitrary_types_allowed=True)

    name: str = ""
    lang: Lang = DEFAULT_LANG
    network: NetworkConfig
    targets: TargetsConfig = TargetsConfig()
    solver: SolverConfig = SolverConfig()
    skip: list[str] = []
    sections: dict[str, BaseModel] = {}
    path: Path | None = None

    @field_validator("skip")
    @classmethod
    def _known_sections(cls, value: list[str]) -> list[str]:
        unknown = [key for key in value if key not in SECTION_KEYS]
        if unknown:
            known = ", ".join(repr(k) for k in SECTION_KEYS)
            raise ValueError(f"no section {unknown[0]!r} to skip (sections: {known})")
        return value

    @property
    def base_dir(self) -> Path:
        """The folder of the scenario file (where relative paths resolve)."""
        return self.path.parent if self.path is not None else Path.cwd()


def read_toml(path: Path, *, what: str = "scenario") -> dict[str, Any]:
    """A TOML file's data; a missing, non-UTF-8 or malformed file is an InputError."""
    try:
        text = path.read_bytes().decode("utf-8-sig")
    except FileNotFoundError:
        raise InputError(f"{what} file not found", file=str(path)) from None
    except UnicodeDecodeError:
        raise InputError(f"{what} file is not UTF-8 text", file=str(path)) from None
    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as err:
        raise InputError(f"not valid TOML: {err}", file=str(path)) from None


def _resolve_paths(data: dict[str, Any], folder: Path) -> None:
    """Make ``[network]`` paths absolute against the folder of the file that names them."""
    table = data.get("network")
    if not isinstance(table, dict):
        return
    for key in _NETWORK_PATH_KEYS:
        value = table.get(key)
        if isinstance(value, str):
            table[key] = str((folder / value).resolve())
        elif isinstance(value, list):
            table[key] = [str((folder / v).resolve()) if isinstance(v, str) else v for v in value]


def _merge(base: dict[str, Any], override: Mapping[str, Any]) -> dict[str, Any]:
    merged = dict(base)
    for key, value in override.items():
        if isinstance(value, dict) and isinstance(merged.get(key), dict):
            merged[key] = _merge(merged[key], value)
        else:
            merged[key] = value
    return merged


def read_scenario_data(path: Path, _chain: tuple[Path, ...] = ()) -> dict[str, Any]:
    """The merged raw data of a scenario and the files it extends (paths resolved)."""
    path = path.resolve()
    if path in _chain:
        loop = " -> ".join(p.name for p in (*_chain, path))
        raise InputError(f"'extends' loops back: {loop}", file=str(_chain[-1]), field="extends")
    data = read_toml(path)
    _resolve_paths(data, path.parent)
    parent = data.pop("extends", None)
    if parent is None:
        return data
    if not isinstance(parent, str):
        raise InputError("'extends' must be a file name", file=str(path), field="extends")
    return _merge(read_scenario_data(path.parent / parent, (*_chain, path)), data)


def _key_path(loc: tuple[int | str, ...], prefix: str = "") -> str:
    parts = [prefix] if prefix else []
    parts += [f"[{p}]" if isinstance(p, int) else str(p) for p in loc]
    return ".".join(parts).replace(".[", "[")


def _raise_validation(err: ValidationError, file: str, prefix: str = "") -> None:
    first = err.errors()[0]
    more = len(err.errors()) - 1
    message = first["msg"] + (f" (and {more} more problem(s))" if more else "")
    raise InputError(message, file=file, field=_key_path(first["loc"], prefix)) from None


def scenario_from_data(data: Mapping[str, Any], *, path: Path | None = None) -> Scenario:
    """Validate merged scenario data, including every section's own table."""
    file = str(path) if path is not None else "<scenario>"
    data = dict(data)
    raw_sections = {key: data.pop(key, {}) for key in SECTION_KEYS}
    try:
        scenario = Scenario.model_validate({**data, "path": path})
    except ValidationError as err:
        _raise_validation(err, file)
    sections: dict[str, BaseModel] = {}
    for entry in SECTIONS:
        if entry.key in scenario.skip:
            continue
        try:
            sections[entry.key] = entry.config.model_validate(raw_sections[entry.key])
        except ValidationError as err:
            _raise_validation(err, file, prefix=entry.key)
    for config in sections.values():
        cross_check = getattr(config, "cross_check", None)
        if cross_check is not None:  # a table that names things of another section's
            try:
                cross_check(sections)
            except InputError as err:
                raise InputError(err.message, file=file, field=err.field) from None
    return scenario.model_copy(update={"sections": sections})


def load_scenario(path: str | Path) -> Scenario:
    """Read, merge (``extends``) and validate a scenario file."""
    path = Path(path).resolve()
    return scenario_from_data(read_scenario_data(path), path=path)
