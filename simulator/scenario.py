"""Scenarios: one value per registry parameter of a release, and their share-link codec."""

from __future__ import annotations

import hashlib
import json
import math
from collections.abc import Iterable, Mapping

from .data import Param
from .i18n import _, pick
from .releases import CURRENT, Release, by_vintage, release
from .timeline import month_index
from .words import MAX_VALUE_CHARS, describe, format_value, link_value, short

VERSION_KEY = "v"
VINTAGE_KEY = "data"
CHANGES_KEY = "changes"  # a scenario file's changed settings in words; never read back
MODEL_VERSION = CURRENT.version


def data_vintage() -> str:
    """Return the current release's data vintage (``YYYY-MM``)."""
    return CURRENT.vintage


class Scenario:
    """A full set of parameter values of one release. ``Scenario()`` is the current baseline.

    >>> Scenario(h200_customer_cap=0)["h200_customer_cap"]
    0.0
    """

    __slots__ = ("_release", "_values")

    def __init__(self, **overrides: float):
        self._release = CURRENT
        self._values = _values(CURRENT, overrides)

    @classmethod
    def of(cls, version: str | Release, **overrides: float) -> Scenario:
        """Return a scenario of an earlier (or the current) release: ``Scenario.of("1")``."""
        rel = version if isinstance(version, Release) else release(version)
        if rel is None:
            raise KeyError(f"unknown model version {version!r}")
        out = cls.__new__(cls)
        out._release = rel
        out._values = _values(rel, overrides)
        return out

    # -- the release it belongs to -------------------------------------------------
    @property
    def release(self) -> Release:
        """The release the scenario belongs to."""
        return self._release

    @property
    def version(self) -> str:
        """The model version of the scenario's release (a link's ``v``)."""
        return self._release.version

    @property
    def registry(self) -> tuple[Param, ...]:
        """The parameters of the scenario's release, in the order of its values."""
        return self._release.params

    @property
    def baseline(self) -> Scenario:
        """The baseline of the scenario's release (every parameter at its default)."""
        return Scenario.of(self._release)

    # -- mapping-like access -------------------------------------------------
    def __getitem__(self, key: str) -> float:
        return self._values[self._release.index[key]]

    def __getattr__(self, key: str) -> float:
        if key.startswith("_"):
            raise AttributeError(key)
        try:
            return self[key]
        except KeyError:
            raise AttributeError(key) from None

    def to_dict(self) -> dict[str, float]:
        """Return every parameter's value by key, in registry order."""
        return {p.key: v for p, v in zip(self.registry, self._values, strict=True)}

    @property
    def values(self) -> tuple[float, ...]:
        """The values, one per registry parameter, in registry order."""
        return self._values

    def replace(self, **changes: float) -> Scenario:
        """Return a scenario of the same release with ``changes`` applied."""
        return Scenario.of(self._release, **{**self.to_dict(), **changes})

    def differences(self, other: Scenario | None = None) -> dict[str, tuple[float, float]]:
        """Parameters whose value differs from ``other`` (its release's baseline by default)."""
        theirs = (other or self.baseline).to_dict()
        return {
            k: (theirs[k], v) for k, v in self.to_dict().items() if not math.isclose(v, theirs[k])
        }

    def __eq__(self, other: object) -> bool:
        return (
            isinstance(other, Scenario)
            and self._release is other._release
            and self._values == other._values
        )

    def __hash__(self) -> int:
        return hash((self._release.version, self._values))

    def __repr__(self) -> str:
        diff = ", ".join(f"{k}={format_value(v)}" for k, (_, v) in self.differences().items())
        prefix = "" if self._release is CURRENT else f"version={self.version!r}, "
        return f"Scenario({prefix}{diff})"

    @property
    def seed(self) -> int:
        """A stable seed derived from the values (same link, same random draws)."""
        digest = hashlib.sha256(json.dumps(self.to_query(), sort_keys=True).encode()).digest()
        return int.from_bytes(digest[:8], "little")

    # -- share-link codec ----------------------------------------------------
    def to_query(self) -> dict[str, str]:
        """Model version, data vintage and every value that differs from the defaults."""
        query = {VERSION_KEY: self.version, VINTAGE_KEY: self._release.vintage}
        for p, v in zip(self.registry, self._values, strict=True):
            if v != p.default:
                query[p.key] = link_value(p, v)
        return query

    def to_json(self) -> str:
        """Return the model version, data vintage and every value as indented JSON.

        A ``changes`` section names each value that differs from the baseline in words
        (label, unit, this value and the baseline's, as the controls show them), for a
        reader of the file; :meth:`from_json` ignores it.
        """
        params = {p.key: p for p in self.registry}
        changes = {
            key: {
                "label": params[key].label,
                "unit": params[key].display_unit,
                "value": describe(params[key], value),
                "baseline": describe(params[key], base),
            }
            for key, (base, value) in self.differences().items()
        }
        return json.dumps(
            {
                "model_version": self.version,
                "data_vintage": self._release.vintage,
                CHANGES_KEY: changes,
                **self.to_dict(),
            },
            indent=2,
        )

    @classmethod
    def from_query(cls, query: Mapping[str, str | Iterable[str]]) -> tuple[Scenario, list[str]]:
        """Read a share link's query parameters. Never raises on bad input.

        Returns the scenario and a list of plain-English warnings about what was
        ignored, clamped or read differently. The link's ``v`` (or, without it, its
        ``data``) picks the release; a link with neither is read with the current one.
        """
        try:
            flat, warnings = _flatten(query)
        except Exception:  # noqa: BLE001 - any mapping-like garbage
            return cls(), [_("The link could not be read; showing the baseline.")]
        rel, notes = _choose_release(flat.pop(VERSION_KEY, ""), flat.pop(VINTAGE_KEY, ""))
        warnings += notes
        params = {p.key: p for p in rel.params}
        values = {key: p.default for key, p in params.items()}
        unknown = []
        for key, text in flat.items():
            p = params.get(key)
            if p is None:
                unknown.append(key)
                continue
            value, note = _read_value(p, text, values[key])
            values[key] = value
            if note:
                warnings.append(note)
        warnings += _unknown_notes(unknown)
        return cls.of(rel, **values), warnings

    @classmethod
    def from_json(cls, text: str) -> tuple[Scenario, list[str]]:
        """Read :meth:`to_json` output (same checks as :meth:`from_query`)."""
        try:
            data = json.loads(text)
            if not isinstance(data, dict):
                raise ValueError
        except ValueError:
            return cls(), [_("The scenario file is not valid JSON; showing the baseline.")]
        data.pop(CHANGES_KEY, None)  # labels for readers, not values
        query = {k: format_value(v) if isinstance(v, int | float) else v for k, v in data.items()}
        query[VERSION_KEY] = str(query.pop("model_version", ""))
        query[VINTAGE_KEY] = str(query.pop("data_vintage", ""))
        return cls.from_query(query)

    def upgraded(self) -> tuple[Scenario, list[str]]:
        """Return the same changes against the baseline, on the current release's data.

        Each value that differs from its release's default is carried over when the
        current model has a parameter with the same key and unit (clamped to its range);
        the notes name what could not be carried.
        """
        if self._release is CURRENT:
            return self, []
        current = {p.key: p for p in CURRENT.params}
        old = {p.key: p for p in self.registry}
        carried, notes = {}, []
        for key, (_base, value) in self.differences().items():
            p = current.get(key)
            if p is None or p.unit != old[key].unit or not p.is_lever:
                notes.append(
                    _("'{label}' has no counterpart in the {release} model.").format(
                        label=old[key].label, release=CURRENT.label
                    )
                )
                continue
            carried[key] = min(max(value, p.min), p.max)
        return Scenario(**carried), notes


def _values(rel: Release, overrides: Mapping[str, float]) -> tuple[float, ...]:
    params = rel.params
    unknown = sorted(set(overrides) - set(rel.index))
    if unknown:
        raise KeyError(f"unknown parameter(s): {', '.join(unknown)}")
    values = []
    for p in params:
        v = float(overrides.get(p.key, p.default))
        if not (math.isfinite(v) and p.min <= v <= p.max):
            raise ValueError(f"{p.key}={v!r} is outside {p.min:g} to {p.max:g} {p.unit}")
        values.append(v)
    return tuple(values)


def _flatten(query: Mapping[str, str | Iterable[str]]) -> tuple[dict[str, str], list[str]]:
    """One text per key (the last when a key repeats, with a note when the values differ)."""
    warnings = []
    flat: dict[str, str] = {}
    for raw_key, raw in dict(query.items()).items():
        key = str(raw_key)
        if isinstance(raw, str | bytes | int | float) or raw is None:
            values = [raw]
        else:
            try:
                values = list(raw)
            except TypeError:
                values = [raw]
        values = ["" if v is None else str(v) for v in values] or [""]
        if len(set(values)) > 1:
            warnings.append(
                _("'{key}' appeared more than once; the last value was used.").format(
                    key=short(key)
                )
            )
        flat[key] = values[-1]
    return flat, warnings


def _choose_release(version: str, vintage: str) -> tuple[Release, list[str]]:
    """Return the release a link asks for, and what the reader should know about the choice."""
    version, vintage = version.strip(), vintage.strip()
    if version:
        rel = release(version)
        if rel is None:
            return CURRENT, [
                _(
                    "The link names model version '{version}', which this app does not "
                    "know; it was read with the current model ({release} data)."
                ).format(version=short(version), release=CURRENT.label)
            ]
        if vintage and vintage != rel.vintage:
            return rel, [
                _(
                    "The link names data as of '{vintage}'; model version {version} "
                    "uses data as of {used}."
                ).format(vintage=short(vintage), version=rel.version, used=rel.vintage)
            ]
        return rel, []
    if vintage:
        rel = by_vintage(vintage)
        if rel is None:
            return CURRENT, [
                _(
                    "The link names data as of '{vintage}', which this app does not have; "
                    "it uses data as of {used}."
                ).format(vintage=short(vintage), used=CURRENT.vintage)
            ]
        return rel, []
    return CURRENT, []


def _read_value(p: Param, text: str, kept: float) -> tuple[float, str | None]:
    """One link value read against its parameter: (value, note or None)."""
    value = _parse(p, text)
    if value is None:
        return kept, _("{label}: '{text}' is not a number; kept {value}.").format(
            label=p.label, text=short(text), value=describe(p, kept)
        )
    note = None
    if not p.min <= value <= p.max:
        value = min(max(value, p.min), p.max)
        note = _("{label}: {text} is outside the allowed range; set to {value}.").format(
            label=p.label, text=short(text), value=describe(p, value)
        )
    if p.is_integer and not float(value).is_integer():
        value = float(round(value))
        note = _("{label}: rounded to {value}.").format(label=p.label, value=describe(p, value))
    return value, note


def _unknown_notes(keys: list[str]) -> list[str]:
    """One note per unknown key, or one line for many."""
    if len(keys) > 3:
        return [_("{count} unknown settings were ignored.").format(count=f"{len(keys):,}")]
    return [
        _("'{key}' is not a setting of this model and was ignored.").format(key=short(k))
        for k in keys
    ]


_SWITCH_WORDS = {"yes": 1.0, "true": 1.0, "on": 1.0, "no": 0.0, "false": 0.0, "off": 0.0}


def _parse(p: Param, text: str) -> float | None:
    text = text.strip().replace(",", "").replace("_", "")
    if not text or len(text) > MAX_VALUE_CHARS:
        return None
    if p.unit == "switch" and text.lower() in _SWITCH_WORDS:
        return _SWITCH_WORDS[text.lower()]
    if p.unit == "month" and len(text) == 7 and text[4] == "-":
        try:
            return float(month_index(text)) if 1 <= int(text[5:]) <= 12 else None
        except ValueError:
            return None
    try:
        value = float(text)
    except ValueError:
        return None
    return value if math.isfinite(value) else None


def presets(version: str | None = None) -> dict[str, tuple[str, str, Scenario]]:
    """Return the named stories of a release (the current one by default).

    The mapping is name -> (label, story, scenario), label and story in the reader's
    language.
    """
    rel = release(version) if version else CURRENT
    return {
        p["name"]: (
            pick(p["label"], p.get("label_zh")),
            pick(p["description"], p.get("description_zh")),
            Scenario.of(rel, **p["values"]),
        )
        for p in rel.dataset.presets
    }


def preset_name(scenario: Scenario) -> str | None:
    """Name the first preset of the scenario's release equal to ``scenario``, if any."""
    return next(
        (name for name, (_, _, s) in presets(scenario.version).items() if s == scenario), None
    )


def scenario_name(scenario: Scenario) -> tuple[str, str]:
    """Name a scenario and describe it in one line: a preset's story, or a custom one."""
    name = preset_name(scenario)
    if name is not None:
        label, description, _s = presets(scenario.version)[name]
        return label, description
    n = len(scenario.differences())
    if n == 1:
        return _("Custom scenario"), _("1 setting differs from the baseline.")
    return _("Custom scenario"), _("{n} settings differ from the baseline.").format(n=n)
