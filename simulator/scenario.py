"""Scenarios: one value per registry parameter, and their share-link codec."""

from __future__ import annotations

import hashlib
import json
import math
from collections.abc import Iterable, Mapping
from functools import lru_cache
from pathlib import Path

from .data import Param, load_data
from .words import MAX_VALUE_CHARS, describe, format_value, short

MODEL_VERSION = "1"
VERSION_KEY = "v"
VINTAGE_KEY = "data"
VERSIONS_DIR = Path(__file__).resolve().parent / "versions"


def registry() -> tuple[Param, ...]:
    """Every parameter, in declaration order (from ``data/parameters.csv``)."""
    return load_data().params


def param(key: str) -> Param:
    """Return the parameter ``key`` of the registry (KeyError if there is none)."""
    for p in registry():
        if p.key == key:
            return p
    raise KeyError(key)


@lru_cache(maxsize=64)  # bounded: the argument comes from untrusted links
def version_info(version: str) -> dict | None:
    """Return the committed defaults of a released model version, or None if unknown."""
    if not (version.isascii() and version.isdigit() and len(version) <= 9):
        return None  # also keeps over-long names away from the file system (ENAMETOOLONG)
    path = VERSIONS_DIR / f"{version}.json"
    if not path.is_file():
        return None
    return json.loads(path.read_text(encoding="utf-8"))


def data_vintage() -> str:
    """Return the date of the data this model version was released with ('2026-02')."""
    return version_info(MODEL_VERSION)["data_vintage"]


class Scenario:
    """A full set of parameter values. ``Scenario()`` is the baseline.

    >>> Scenario(h200_export_units=0)["h200_export_units"]
    0.0
    """

    __slots__ = ("_values",)

    def __init__(self, **overrides: float):
        params = registry()
        known = {p.key for p in params}
        unknown = sorted(set(overrides) - known)
        if unknown:
            raise KeyError(f"unknown parameter(s): {', '.join(unknown)}")
        values = []
        for p in params:
            v = float(overrides.get(p.key, p.default))
            if not (math.isfinite(v) and p.min <= v <= p.max):
                raise ValueError(f"{p.key}={v!r} is outside {p.min:g} to {p.max:g} {p.unit}")
            values.append(v)
        self._values = tuple(values)

    # -- mapping-like access -------------------------------------------------
    def __getitem__(self, key: str) -> float:
        for p, v in zip(registry(), self._values, strict=True):
            if p.key == key:
                return v
        raise KeyError(key)

    def __getattr__(self, key: str) -> float:
        if key.startswith("_"):
            raise AttributeError(key)
        try:
            return self[key]
        except KeyError:
            raise AttributeError(key) from None

    def to_dict(self) -> dict[str, float]:
        """Return every value by parameter key, in registry order."""
        return {p.key: v for p, v in zip(registry(), self._values, strict=True)}

    @property
    def values(self) -> tuple[float, ...]:
        """Every value, in registry order."""
        return self._values

    def replace(self, **changes: float) -> Scenario:
        """Return a copy with ``changes`` applied (checked as in ``Scenario(**values)``)."""
        return Scenario(**{**self.to_dict(), **changes})

    def differences(self, other: Scenario | None = None) -> dict[str, tuple[float, float]]:
        """Parameters whose value differs from ``other`` (the baseline by default)."""
        other = other or Scenario()
        return {
            k: (other[k], v) for k, v in self.to_dict().items() if not math.isclose(v, other[k])
        }

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Scenario) and self._values == other._values

    def __hash__(self) -> int:
        return hash(self._values)

    def __repr__(self) -> str:
        diff = ", ".join(f"{k}={format_value(v)}" for k, (_, v) in self.differences().items())
        return f"Scenario({diff})"

    @property
    def seed(self) -> int:
        """A stable seed derived from the values (same link, same random draws)."""
        digest = hashlib.sha256(json.dumps(self.to_query(), sort_keys=True).encode()).digest()
        return int.from_bytes(digest[:8], "little")

    # -- share-link codec ----------------------------------------------------
    def to_query(self) -> dict[str, str]:
        """Model version, data vintage and every value that differs from the defaults."""
        query = {VERSION_KEY: MODEL_VERSION, VINTAGE_KEY: data_vintage()}
        for p, v in zip(registry(), self._values, strict=True):
            if v != p.default:
                query[p.key] = format_value(v)
        return query

    def to_json(self) -> str:
        """Write the model version, the data vintage and every value as JSON."""
        return json.dumps(
            {"model_version": MODEL_VERSION, "data_vintage": data_vintage(), **self.to_dict()},
            indent=2,
        )

    @classmethod
    def from_query(cls, query: Mapping[str, str | Iterable[str]]) -> tuple[Scenario, list[str]]:
        """Read a share link's query parameters. Never raises on bad input.

        Returns the scenario and a list of plain-English warnings about what was
        ignored, clamped or read differently.
        """
        try:
            items = dict(query.items())
        except Exception:  # noqa: BLE001 - any mapping-like garbage
            return cls(), ["The link could not be read; showing the baseline."]
        flat, warnings = _flatten(items)
        version = flat.pop(VERSION_KEY, "").strip()
        vintage = flat.pop(VINTAGE_KEY, "").strip()
        values, notes = _version_defaults(version, flat)
        warnings += notes + _vintage_notes(version, vintage)
        params = {p.key: p for p in registry()}
        for key, text in flat.items():
            p = params.get(key)
            if p is None:
                warnings.append(f"'{short(key)}' is not a setting of this model and was ignored.")
                continue
            values[key], notes = _read_value(p, text, kept=values[key])
            warnings += notes
        for p in params.values():  # an older version's default may lie outside today's range
            values[p.key] = min(max(values[p.key], p.min), p.max)
        return cls(**values), warnings

    @classmethod
    def from_json(cls, text: str) -> tuple[Scenario, list[str]]:
        """Read :meth:`to_json` output (same checks as :meth:`from_query`)."""
        try:
            data = json.loads(text)
            if not isinstance(data, dict):
                raise ValueError
        except ValueError:
            return cls(), ["The scenario file is not valid JSON; showing the baseline."]
        query = {k: format_value(v) if isinstance(v, int | float) else v for k, v in data.items()}
        query[VERSION_KEY] = str(query.pop("model_version", ""))
        query[VINTAGE_KEY] = str(query.pop("data_vintage", ""))
        return cls.from_query(query)


# -- reading a link, step by step (Scenario.from_query) ------------------------------------
def _flatten(items: Mapping) -> tuple[dict[str, str], list[str]]:
    """One text per key, the last of a repeated key; a note when a key's values differ."""
    flat: dict[str, str] = {}
    notes: list[str] = []
    for raw_key, raw in items.items():
        key = str(raw_key)
        values = _texts(raw)
        if len(set(values)) > 1:
            notes.append(f"'{short(key)}' appeared more than once; the last value was used.")
        flat[key] = values[-1]
    return flat, notes


def _texts(raw: object) -> list[str]:
    """List the texts of a query value (text, number, None or an iterable of them); never empty."""
    if isinstance(raw, str | bytes | int | float) or raw is None:
        values = [raw]
    else:
        try:
            values = list(raw)
        except TypeError:
            values = [raw]
    return ["" if v is None else str(v) for v in values] or [""]


def _version_defaults(version: str, flat: dict[str, str]) -> tuple[dict[str, float], list[str]]:
    """Return the defaults a link was made with, and notes on its model version.

    A link of an older released version is read against that version's defaults, and its
    keys that no longer exist are dropped from ``flat``; an unknown or missing version is
    read as this one.
    """
    base = {p.key: p.default for p in registry()}
    if not version:
        missing = f"The link has no model version; it was read as version {MODEL_VERSION}."
        return base, [missing] if flat else []
    if version == MODEL_VERSION:
        return base, []
    info = version_info(version)
    if info is None:
        return base, [
            f"The link names model version '{short(version)}', which this app does not "
            f"know; it was read as version {MODEL_VERSION}."
        ]
    notes = [
        f"The link was made with model version {version}; this app runs version "
        f"{MODEL_VERSION}, so the numbers may differ."
    ]
    for key, old_default in info["defaults"].items():
        if key in base and old_default != base[key]:
            base[key] = old_default
    for key in sorted((set(flat) - set(base)) & set(info["defaults"])):
        notes.append(f"'{key}' no longer exists in the model and was ignored.")
        del flat[key]
    return base, notes


def _vintage_notes(version: str, vintage: str) -> list[str]:
    """Note when a link of this model version names other data than this app's."""
    if vintage and vintage != data_vintage() and version in ("", MODEL_VERSION):
        return [
            f"The link names data as of '{short(vintage)}'; this app uses data as of "
            f"{data_vintage()}."
        ]
    return []


def _read_value(p: Param, text: str, kept: float) -> tuple[float, list[str]]:
    """One link value of ``p``: parsed, clamped to its limits, rounded where it must be whole.

    Text that is not a number leaves ``kept``. Returns the value and notes on what changed.
    """
    value = _parse(text)
    if value is None:
        return kept, [f"{p.label}: '{short(text)}' is not a number; kept {describe(p, kept)}."]
    notes = []
    if not p.min <= value <= p.max:
        value = min(max(value, p.min), p.max)
        notes.append(
            f"{p.label}: {short(text)} is outside the allowed range; set to {describe(p, value)}."
        )
    if p.is_integer and not float(value).is_integer():
        value = float(round(value))
        notes.append(f"{p.label}: rounded to {describe(p, value)}.")
    return value, notes


def _parse(text: str) -> float | None:
    text = text.strip().replace(",", "").replace("_", "")
    if not text or len(text) > MAX_VALUE_CHARS:
        return None
    try:
        value = float(text)
    except ValueError:
        return None
    return value if math.isfinite(value) else None


def presets() -> dict[str, tuple[str, str, Scenario]]:
    """Named stories from ``data/presets.csv``: name -> (label, description, scenario)."""
    return {
        p["name"]: (p["label"], p["description"], Scenario(**p["values"]))
        for p in load_data().presets
    }


def preset_name(scenario: Scenario) -> str | None:
    """Name the first preset (in ``data/presets.csv`` order) equal to ``scenario``, if any."""
    return next((name for name, (_, _, s) in presets().items() if s == scenario), None)


def scenario_name(scenario: Scenario) -> tuple[str, str]:
    """Name a scenario and describe it in one line: the baseline, a preset or a custom one."""
    if scenario == Scenario():
        return "Baseline", "The plans and prices reported up to the data date."
    name = preset_name(scenario)
    if name is not None:
        label, description, _ = presets()[name]
        return label, description
    n = len(scenario.differences())
    return "Custom scenario", f"{n} assumption(s) differ from the baseline."
