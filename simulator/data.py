"""Read and validate the reference data of one data vintage (a folder of tidy CSV files).

Every file is tidy CSV. Each reader checks columns, types, units and ranges and raises
:class:`DataError` naming the file, the row (as a spreadsheet shows it: the header is
row 1) and the column of the first problem it finds. :func:`check` then makes sure that
everything a model's code reads (parameters, channels, chips) is present, so a deleted
row fails here, naming its file, and never deep inside the engine.

The current vintage lives in ``data/``; earlier ones are kept, unchanged, in
``data/archive/<vintage>/`` (see :mod:`simulator.releases`). Files and columns added
by later vintages are optional, so an archived folder reads as it always did.
"""

from __future__ import annotations

import csv
import datetime
import math
import os
import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

from .i18n import pick
from .timeline import NEVER, month_index

DATA_DIR = Path(__file__).resolve().parent.parent / "data"
DATA_DIR_ENV = "COMPUTE_GAP_DATA_DIR"

KINDS = {"reported", "estimate", "derived", "assumption"}
COMPANIES = ("ByteDance", "Google")

# Units of data rows, with the factor that turns a value into the engine's base unit
# (USD, tokens per day, FLOP/s, ...). Currency stays as written: yuan are converted to
# dollars in the engine, at the scenario's exchange rate.
UNITS: dict[str, float] = {
    "USD": 1.0,
    "USD bn": 1e9,
    "CNY bn": 1e9,
    "TFLOP/s": 1e12,
    "TOP/s": 1e12,
    "GB": 1.0,
    "TB/s": 1.0,
    "tokens/day": 1.0,
    "tokens/month": 12 / 365.25,  # an average month has 365.25 / 12 days
    "H100e": 1.0,
    "ratio": 1.0,
    "chips": 1.0,
    "chips per year": 1.0,
}
# Units of parameters, with the factor that turns a slider value into the engine's unit:
# percentages reach the engine as fractions, everything else as written. A "month" is an
# index on the model's time axis (written YYYY-MM in the files and in links).
PARAMETER_UNITS: dict[str, float] = {
    "chips per year": 1.0,
    "chips": 1.0,
    "% of exports": 0.01,
    "% of output": 0.01,
    "% of plan": 0.01,
    "% of trend": 0.01,
    "USD per chip": 1.0,
    "USD per GPU-hour": 1.0,
    "CNY per USD": 1.0,
    "% per year": 0.01,
    "% of budget": 0.01,
    "% of chip spend": 0.01,
    "% of compute": 0.01,
    "% of tokens": 0.01,
    "% of peak": 0.01,
    "H100e": 1.0,
    "years": 1.0,
    "months": 1.0,
    "month": 1.0,
    "switch": 1.0,
    "ratio": 1.0,
    "billion parameters": 1e9,
    "sequences": 1.0,
}
TIERS = {"main", "advanced", "estimate"}
CHIP_MEASURES = {
    "bf16_dense_tflops": "TFLOP/s",
    "fp8_dense_tflops": "TFLOP/s",
    "int8_dense_tops": "TOP/s",
    "memory_gb": "GB",
    "bandwidth_tbs": "TB/s",
    "price_usd": "USD",
}
OBSERVATION_UNITS = {
    "tokens": ("tokens/day", "tokens/month"),
    "fleet": ("H100e",),
    "capacity_headroom": ("ratio",),
    "h200_delivered": ("chips",),
}
# How far a model may sit from an observation before a Monte Carlo draw is rejected,
# when the row does not say (relative, either way).
DEFAULT_ERROR = {"tokens": 0.25, "fleet": 0.5, "h200_delivered": 0.0, "capacity_headroom": 0.0}


class DataError(ValueError):
    """A data file is missing or holds a value the model cannot use."""

    def __init__(self, path: Path | str, message: str, row: int | None = None, column: str = ""):
        self.path = Path(path)
        self.row = row
        self.column = column
        self.detail = message
        # The folder's own name, not its full path: "data/chips.csv", or the name of the
        # folder COMPUTE_GAP_DATA_DIR points to.
        self.where = f"{self.path.parent.name}/{self.path.name}"
        if row is not None:
            self.where += f", row {row}"
        if column:
            self.where += f", column '{column}'"
        super().__init__(f"{self.where}: {message}")


class _Rows:
    """Rows of one CSV file with typed, validated accessors."""

    def __init__(self, path: Path, required: tuple[str, ...]):
        self.path = path
        if not path.is_file():
            raise DataError(path, "the file is missing")
        try:
            with path.open(newline="", encoding="utf-8") as fh:
                reader = csv.DictReader(fh)
                header = reader.fieldnames or []
                rows = list(reader)
        except (UnicodeDecodeError, csv.Error) as exc:
            raise DataError(path, f"the file cannot be read as CSV ({exc})") from exc
        missing = [c for c in required if c not in header]
        if missing:
            raise DataError(path, f"missing column(s): {', '.join(missing)}", row=1)
        for i, raw in enumerate(rows):
            # A row may stop before the Chinese columns at the end (``*_zh``): a row added
            # in English only is read in English.
            short = {k for k, v in raw.items() if v is None}
            if None in raw or any(not k.endswith("_zh") for k in short):
                raise DataError(path, "the row does not have as many cells as the header", i + 2)
            raw.update(dict.fromkeys(short, ""))
        self.header = header
        self.rows = rows

    def __iter__(self) -> Iterator[_Row]:
        for i, raw in enumerate(self.rows):
            yield _Row(self.path, i + 2, raw)


@dataclass
class _Row:
    path: Path
    line: int
    raw: dict[str, str]

    def fail(self, column: str, message: str) -> DataError:
        return DataError(self.path, message, self.line, column)

    def text(self, column: str, allowed: set[str] | tuple[str, ...] | None = None) -> str:
        value = (self.raw.get(column) or "").strip()
        if not value:
            raise self.fail(column, "the cell is empty")
        if allowed is not None and value not in allowed:
            raise self.fail(column, f"'{value}' is not one of: {', '.join(sorted(allowed))}")
        return value

    def optional(self, column: str) -> str:
        return (self.raw.get(column) or "").strip()

    def number(self, column: str, low: float = -math.inf, high: float = math.inf) -> float:
        text = self.text(column)
        try:
            value = float(text)
        except ValueError:
            raise self.fail(column, f"'{text}' is not a number") from None
        if not math.isfinite(value):
            raise self.fail(column, f"'{text}' is not a finite number")
        if not low <= value <= high:
            raise self.fail(column, f"{text} is outside {low:g} to {high:g}")
        return value

    def month(self, column: str) -> str:
        text = self.text(column)
        if not re.fullmatch(r"\d{4}-(0[1-9]|1[0-2])", text):
            raise self.fail(column, f"'{text}' is not a month written YYYY-MM")
        return text

    def month_number(self, column: str) -> float:
        """Read a month (YYYY-MM) as an index on the time axis, within the axis or just past it."""
        index = month_index(self.month(column))
        if not 0 <= index <= NEVER:
            raise self.fail(column, f"{self.raw[column]} is outside 2025-01 to 2031-01")
        return float(index)

    def date(self, column: str) -> str:
        text = self.text(column)
        if not re.fullmatch(r"\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])", text):
            raise self.fail(column, f"'{text}' is not a date written YYYY-MM-DD")
        try:
            datetime.date.fromisoformat(text)
        except ValueError:
            raise self.fail(column, f"'{text}' is not a calendar date") from None
        return text

    def chinese(self, *columns: str) -> dict[str, str]:
        """Read the optional ``<column>_zh`` cells: the row's texts in Chinese ("" if none)."""
        return {f"{c}_zh": self.optional(f"{c}_zh") for c in columns}

    def provenance(self) -> dict[str, str]:
        """Read the as-of date, kind and source every data row must carry."""
        return {
            "as_of": self.date("as_of"),
            "kind": self.text("kind", KINDS),
            "source": self.text("source"),
        }


class Localized:
    """A text field of a frozen dataclass read in the reader's language.

    The field holds the English text; :meth:`translate` turns it into the reader's language
    (by default from the ``<field>_zh`` field beside it, through :func:`simulator.i18n.pick`).
    Code reading ``p.label`` thus gets Chinese for a Chinese reader and needs no change.
    Install it on the class after ``@dataclass`` (see :class:`Param`).
    """

    def __init__(self, name: str):
        self.name = name

    def __get__(self, obj: object, owner: type | None = None) -> str:
        if obj is None:
            raise AttributeError(self.name)  # no class-level default
        return self.translate(obj, obj.__dict__[self.name])

    def __set__(self, obj: object, value: str) -> None:
        obj.__dict__[self.name] = value

    def translate(self, obj: object, english: str) -> str:
        """Return the field's text in the reader's language."""
        return pick(english, obj.__dict__.get(f"{self.name}_zh"))


def _localize(cls: type, *names: str) -> type:
    """Make the dataclass fields ``names`` of ``cls`` read in the reader's language."""
    for name in names:
        setattr(cls, name, Localized(name))
    return cls


# Registry texts with a Chinese column beside them (``label_zh``, ...), read through
# :class:`Localized`; they (and their Chinese) take no part in equality and hashing, so a
# parameter compares and hashes alike in either language.
TEXT = dict(compare=False)


@dataclass(frozen=True)
class Param:
    """One model parameter, declared once in ``parameters.csv``.

    ``tier`` is ``main`` or ``advanced`` for a lever (a slider: it acts from the month after
    the data vintage on, so it never rewrites the past) or ``estimate`` for a figure that
    describes the past or the structure (not a slider: it varies only in the uncertainty
    runs).
    """

    key: str
    label: str = field(**TEXT)
    help: str = field(**TEXT)
    unit: str
    default: float
    min: float
    max: float
    step: float
    low: float
    high: float
    scale: float
    display_unit: str = field(**TEXT)
    format: str
    group: str = field(**TEXT)
    company: str
    tier: str
    kind: str
    as_of: str
    source: str = field(**TEXT)
    url: str  # the source's address; empty for pure assumptions
    # Chinese of the texts above (optional columns; empty: the English is shown)
    label_zh: str = field(default="", **TEXT)
    help_zh: str = field(default="", **TEXT)
    display_unit_zh: str = field(default="", **TEXT)
    group_zh: str = field(default="", **TEXT)
    source_zh: str = field(default="", **TEXT)

    @property
    def is_integer(self) -> bool:
        """True when the step and the default are both whole numbers."""
        return float(self.step).is_integer() and float(self.default).is_integer()

    @property
    def is_lever(self) -> bool:
        """True for a lever (a slider), False for an estimate."""
        return self.tier != "estimate"

    @property
    def factor(self) -> float:
        """Multiply a value by this to get the engine's unit (percent -> fraction)."""
        return PARAMETER_UNITS[self.unit]


LOCALIZED = ("label", "help", "display_unit", "group", "source")
_localize(Param, *LOCALIZED)
PARAM_COLUMNS = tuple(k for k in Param.__dataclass_fields__ if not k.endswith("_zh"))


@dataclass(frozen=True)
class Channel:
    """A way for a company to get compute: a chip, where it sits and when it opens.

    Release-2 files describe channels (vendor, location); the engine names the ones it
    reads. Release-1 files also carried the buying rule (mode and parameter keys).
    """

    company: str
    channel: str
    label: str
    chip: str
    opens: str
    as_of: str
    kind: str
    source: str
    vendor: str = ""
    location: str = ""  # "china", "abroad", "rented" (from others' clouds) or "own"
    closes: str = ""  # YYYY-MM from which the channel is shut, if it is
    licence_from: str = ""  # YYYY-MM from which purchases need a US licence, if they do
    mode: str = ""  # release 1: "share", "pool" or "rest"
    share_key: str = ""
    cap_key: str = ""
    cap_share_key: str = ""
    price_key: str = ""
    improves: bool = True
    label_zh: str = ""  # optional columns: the label and the source in Chinese
    source_zh: str = ""


@dataclass(frozen=True)
class Requirements:
    """What a model's code reads from the data, checked when the data loads."""

    parameters: tuple[str, ...]
    channels: tuple[tuple[str, str], ...]  # (company, channel)
    files: tuple[str, ...] = ()


@dataclass(frozen=True, eq=False)  # hashed by identity: one per loaded folder
class Dataset:
    """Every file of one data folder, read and validated."""

    params: tuple[Param, ...]
    chips: tuple[dict, ...]
    budgets: tuple[dict, ...]
    observations: tuple[dict, ...]
    channels: tuple[Channel, ...]
    presets: tuple[dict, ...]
    references: tuple[dict, ...]
    directory: Path
    supply: tuple[dict, ...] = ()
    checks: tuple[dict, ...] = ()
    _chip_index: dict = field(default_factory=dict, repr=False)

    def chip(self, name: str) -> dict[str, float]:
        """Every measure of one chip, in base units (FLOP/s, bytes per second, USD, GB)."""
        if not self._chip_index:
            for row in self.chips:
                self._chip_index.setdefault(row["chip"], {})[row["measure"]] = row["value"]
        return self._chip_index[name]

    def chip_flops(self, chip: str) -> float:
        """Dense BF16 FLOP/s of one chip."""
        return self.chip(chip)["bf16_dense_tflops"]

    def param(self, key: str) -> Param:
        """Return the parameter with this key; raise KeyError when there is none."""
        for p in self.params:
            if p.key == key:
                return p
        raise KeyError(key)

    def channel(self, company: str, name: str) -> Channel:
        """Return a company's channel of this name; raise KeyError when there is none."""
        for ch in self.channels:
            if ch.company == company and ch.channel == name:
                return ch
        raise KeyError((company, name))


def _parameter_value(row: _Row, column: str, unit: str, low: float, high: float) -> float:
    if unit == "month":
        value = row.month_number(column)
        if not low <= value <= high:
            raise row.fail(column, f"{row.raw[column]} lies outside min to max")
        return value
    return row.number(column, low, high)


def _load_params(path: Path) -> tuple[Param, ...]:
    params: list[Param] = []
    seen: set[str] = set()
    for row in _Rows(path, PARAM_COLUMNS):
        key = row.text("key")
        if not re.fullmatch(r"[a-z][a-z0-9_]*", key):
            raise row.fail("key", f"'{key}' is not a snake_case key")
        if key in seen:
            raise row.fail("key", f"'{key}' is declared twice")
        seen.add(key)
        unit = row.text("unit", set(PARAMETER_UNITS))
        if unit == "month":
            lo, hi = row.month_number("min"), row.month_number("max")
        else:
            lo, hi = row.number("min"), row.number("max")
        if lo >= hi:
            raise row.fail("max", "max is not above min")
        fields = dict(
            key=key,
            label=row.text("label"),
            help=row.text("help"),
            unit=unit,
            default=_parameter_value(row, "default", unit, lo, hi),
            min=lo,
            max=hi,
            step=row.number("step", 1e-9, hi - lo),
            low=_parameter_value(row, "low", unit, lo, hi),
            high=_parameter_value(row, "high", unit, lo, hi),
            scale=row.number("scale", 1e-9),
            display_unit=row.text("display_unit"),
            format=row.text("format"),
            group=row.text("group"),
            company=row.text("company", {*COMPANIES, "both"}),
            tier=row.text("tier", TIERS),
            url=row.optional("url"),
            **row.provenance(),
            **{f"{name}_zh": row.optional(f"{name}_zh") for name in LOCALIZED},
        )
        if unit == "switch" and (lo, hi, fields["step"]) != (0.0, 1.0, 1.0):
            raise row.fail("unit", "a switch runs from 0 to 1 in steps of 1")
        if fields["url"] and not fields["url"].startswith("https://"):
            raise row.fail("url", "a source address must start with https://")
        if not fields["low"] <= fields["default"] <= fields["high"]:
            raise row.fail("default", "the default lies outside its uncertainty range (low, high)")
        params.append(Param(**fields))
    if not params:
        raise DataError(path, "the file declares no parameters")
    return tuple(params)


def _unit(row: _Row, *expected: str) -> str:
    unit = row.text("unit")
    if unit not in UNITS:
        raise row.fail("unit", f"unknown unit '{unit}'")
    if unit not in expected:
        raise row.fail("unit", f"'{unit}' does not fit this row; expected {' or '.join(expected)}")
    return unit


def _load_chips(path: Path) -> tuple[dict, ...]:
    out = []
    for row in _Rows(path, ("chip", "measure", "value", "unit", "as_of", "kind", "source")):
        measure = row.text("measure", set(CHIP_MEASURES))
        unit = _unit(row, CHIP_MEASURES[measure])
        value = row.number("value", 0.0) * UNITS[unit]
        if value <= 0:
            raise row.fail("value", "must be above zero")
        if measure == "bandwidth_tbs":
            value *= 1e12  # bytes per second
        out.append(
            dict(chip=row.text("chip"), measure=measure, value=value, unit=unit, **row.provenance())
        )
    return tuple(out)


def _load_budgets(path: Path) -> tuple[dict, ...]:
    out = []
    for row in _Rows(path, ("company", "year", "measure", "value", "unit", "as_of", "source")):
        company = row.text("company", COMPANIES)
        unit = _unit(row, "CNY bn" if company == "ByteDance" else "USD bn")
        out.append(
            dict(
                company=company,
                year=int(row.number("year", 2000, 2100)),
                measure=row.text("measure", {"capex", "chip_spend"}),
                value=row.number("value", 0.0) * UNITS[unit],
                currency=unit.split()[0],
                **row.provenance(),
            )
        )
    for company in COMPANIES:
        if not any(r["company"] == company and r["year"] == 2025 for r in out):
            raise DataError(path, f"no 2025 capex row for {company}")
    return tuple(out)


def _load_observations(path: Path) -> tuple[dict, ...]:
    out = []
    cols = ("company", "date", "measure", "value", "unit", "use", "as_of", "source")
    for row in _Rows(path, cols):
        measure = row.text("measure", set(OBSERVATION_UNITS))
        unit = _unit(row, *OBSERVATION_UNITS[measure])
        value = row.number("value", 0.0) * UNITS[unit]
        if measure == "capacity_headroom" and value < 1:
            raise row.fail("value", "capacity headroom below 1 would mean demand above capacity")
        error = row.optional("error")
        out.append(
            dict(
                company=row.text("company", COMPANIES),
                month=row.month("date"),
                measure=measure,
                value=value,
                unit="tokens/day" if measure == "tokens" else unit,
                reported_unit=unit,
                reported_value=row.number("value"),
                use=row.text("use", {"demand", "calibration", "check", "context", "fit"}),
                error=row.number("error", 0.0, 10.0) if error else DEFAULT_ERROR[measure],
                **row.provenance(),
                note=row.optional("note"),
                **row.chinese("note", "source"),
            )
        )
    return tuple(out)


def _load_channels(path: Path, params: tuple[Param, ...], chips: tuple[dict, ...]) -> tuple:
    keys = {p.key for p in params}
    chip_names = {c["chip"] for c in chips if c["measure"] == "bf16_dense_tflops"}
    cols = ("company", "channel", "label", "chip", "opens", "as_of", "kind", "source")
    rows = _Rows(path, cols)
    release_1 = "mode" in rows.header
    if not release_1:
        _Rows(path, (*cols, "vendor", "location", "improves"))  # names a missing column
    out = []
    for row in rows:
        chip = row.text("chip")
        if chip not in chip_names:
            raise row.fail("chip", f"'{chip}' has no bf16_dense_tflops row in chips.csv")
        fields = dict(
            company=row.text("company", COMPANIES),
            channel=row.text("channel"),
            label=row.text("label"),
            chip=chip,
            opens=row.month("opens"),
            **row.provenance(),
            **row.chinese("label", "source"),
        )
        if release_1:
            fields.update(_release_1_channel(row, keys))
        else:
            fields.update(
                vendor=row.text("vendor", {"Nvidia", "Google", "Huawei"}),
                location=row.text("location", {"china", "abroad", "rented", "own"}),
                closes=row.month("closes") if row.optional("closes") else "",
                licence_from=row.month("licence_from") if row.optional("licence_from") else "",
                improves=row.text("improves", {"yes", "no"}) == "yes",
            )
        out.append(Channel(**fields))
    seen = set()
    for ch in out:
        if (ch.company, ch.channel) in seen:
            raise DataError(path, f"{ch.company} has two channels named '{ch.channel}'")
        seen.add((ch.company, ch.channel))
    return tuple(out)


def _release_1_channel(row: _Row, keys: set[str]) -> dict:
    """Read the buying rule columns of a release-1 channels file."""
    mode = row.text("mode", {"share", "pool", "rest"})
    refs = {}
    for column in ("share_key", "cap_key", "cap_share_key", "price_key"):
        ref = row.optional(column)
        if ref and ref not in keys:
            raise row.fail(column, f"'{ref}' is not a parameter in parameters.csv")
        refs[column] = ref
    if not refs["price_key"]:
        raise row.fail("price_key", "the cell is empty")
    if (mode == "share") != bool(refs["share_key"]):
        raise row.fail("share_key", "a 'share' channel needs a share_key, and only it")
    if (mode == "pool") != bool(refs["cap_key"]):
        raise row.fail("cap_key", "a 'pool' channel needs a cap_key, and only it")
    return dict(mode=mode, improves=row.text("improves", {"yes", "no"}) == "yes", **refs)


def _load_presets(path: Path, params: tuple[Param, ...]) -> tuple[dict, ...]:
    by_key = {p.key: p for p in params}
    presets: dict[str, dict] = {}
    cols = ("preset", "label", "description", "key", "value", "unit", "as_of", "kind", "source")
    for row in _Rows(path, cols):
        name = row.text("preset")
        row.provenance()
        preset = presets.setdefault(
            name,
            dict(
                name=name,
                label=row.text("label"),
                description=row.text("description"),
                label_zh=row.optional("label_zh"),
                description_zh=row.optional("description_zh"),
                source=row.text("source"),
                values={},
            ),
        )
        key = row.optional("key")
        if key:
            if key not in by_key:
                raise row.fail("key", f"'{key}' is not a parameter in parameters.csv")
            p = by_key[key]
            if not p.is_lever:
                raise row.fail("key", f"'{key}' is an estimate, not a control a story can set")
            row.text("unit", {p.unit})
            preset["values"][key] = _parameter_value(row, "value", p.unit, p.min, p.max)
    if "baseline" not in presets:
        raise DataError(path, "there is no 'baseline' preset")
    return tuple(presets.values())


def _load_references(path: Path) -> tuple[dict, ...]:
    """Read the reference figures for plausibility checks (value in the unit shown)."""
    cols = ("key", "label", "value", "unit", "as_of", "kind", "source", "source_name")
    out = []
    for row in _Rows(path, cols):
        out.append(
            dict(
                key=row.text("key"),
                label=row.text("label"),
                value=row.number("value", 0.0),
                unit=row.text(
                    "unit", {"chips", "chips per year", "USD bn", "USD per chip", "% of output"}
                ),
                source_name=row.text("source_name"),
                **row.provenance(),
                **row.chinese("label", "source"),
            )
        )
    return tuple(out)


def _load_supply(path: Path) -> tuple[dict, ...]:
    """Yearly output of chip makers the model draws on (optional file)."""
    if not path.exists():
        return ()
    out = []
    for row in _Rows(path, ("vendor", "year", "value", "unit", "as_of", "kind", "source")):
        out.append(
            dict(
                vendor=row.text("vendor"),
                year=int(row.number("year", 2000, 2100)),
                value=row.number("value", 0.0),
                unit=row.text("unit", {"chips"}),
                note=row.optional("note"),
                **row.provenance(),
                **row.chinese("note", "source"),
            )
        )
    return tuple(out)


def _load_checks(path: Path) -> tuple[dict, ...]:
    """Public forecasts to hold the model against (optional file)."""
    if not path.exists():
        return ()
    cols = ("key", "figure", "company", "metric", "period", "low", "high", "unit")
    out = []
    for row in _Rows(path, (*cols, "as_of", "kind", "source", "why")):
        low = row.number("low", 0.0)
        out.append(
            dict(
                key=row.text("key"),
                figure=row.text("figure"),
                company=row.text("company", COMPANIES),
                metric=row.text("metric"),
                period=row.text("period"),
                low=low,
                high=row.number("high", low),
                unit=row.text("unit"),
                source_name=row.optional("source_name"),
                why=row.text("why"),
                **row.provenance(),
                **row.chinese("figure", "why", "source"),
            )
        )
    return tuple(out)


@cache
def read_data(directory: Path) -> Dataset:
    """Read and validate every file of one data folder (cached per folder).

    Raises
    ------
    DataError
        Naming the file, row and column of the first problem found.
    """
    params = _load_params(directory / "parameters.csv")
    chips = _load_chips(directory / "chips.csv")
    return Dataset(
        params=params,
        chips=chips,
        budgets=_load_budgets(directory / "budgets.csv"),
        observations=_load_observations(directory / "observations.csv"),
        channels=_load_channels(directory / "channels.csv", params, chips),
        presets=_load_presets(directory / "presets.csv", params),
        references=_load_references(directory / "references.csv"),
        supply=_load_supply(directory / "supply.csv"),
        checks=_load_checks(directory / "checks.csv"),
        directory=directory,
    )


def check(ds: Dataset, needs: Requirements) -> None:
    """Make sure ``ds`` holds everything a model reads.

    Raises
    ------
    DataError
        Naming the file that lacks a parameter, a channel or a file.
    """
    keys = {p.key for p in ds.params}
    missing = [k for k in needs.parameters if k not in keys]
    if missing:
        raise DataError(
            ds.directory / "parameters.csv",
            f"the model reads parameter(s) that are not declared: {', '.join(missing)}",
        )
    have = {(ch.company, ch.channel) for ch in ds.channels}
    gone = [f"{c} '{n}'" for c, n in needs.channels if (c, n) not in have]
    if gone:
        raise DataError(
            ds.directory / "channels.csv",
            f"the model reads channel(s) that are not listed: {', '.join(gone)}",
        )
    for name in needs.files:
        if not getattr(ds, name.removesuffix(".csv")):
            raise DataError(ds.directory / name, "the model needs this file and it has no rows")


def in_readers_language(row: Mapping[str, object], column: str) -> str:
    """Return a data row's text in the reader's language.

    A Chinese reader gets the row's ``<column>_zh`` cell when the file has one, others the
    English cell. The data are read once for every reader (:func:`read_data` is cached), so
    a row keeps both languages and the language is chosen here, when the text is shown.
    """
    return pick(str(row.get(column) or ""), str(row.get(f"{column}_zh") or "") or None)


def data_dir() -> Path:
    """Return the current vintage's folder.

    It is ``data/``, or the folder ``COMPUTE_GAP_DATA_DIR`` names.
    """
    return _data_dir(os.environ.get(DATA_DIR_ENV) or "")


@cache
def _data_dir(folder: str) -> Path:
    return Path(folder) if folder else DATA_DIR
