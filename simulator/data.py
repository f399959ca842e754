"""Load and validate the reference data in ``data/``.

Every file is tidy CSV. Each loader checks columns, types, units and ranges
and raises :class:`DataError` naming the file, the row (as a spreadsheet shows
it: the header is row 1) and the column of the first problem it finds.
"""

from __future__ import annotations

import csv
import datetime
import math
import os
import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path

DEFAULT_DATA_DIR = Path(__file__).resolve().parent.parent / "data"
DATA_DIR_ENV = "COMPUTE_GAP_DATA_DIR"

KINDS = {"reported", "estimate", "derived", "assumption"}

# Units the project knows, with the factor that turns a value into the
# engine's base unit (USD, tokens per day, FLOP/s, ...).
UNITS: dict[str, float] = {
    "USD": 1.0,
    "USD bn": 1e9,
    "CNY bn": 1e9,
    "TFLOP/s": 1e12,
    "GB": 1.0,
    "TB/s": 1.0,
    "tokens/day": 1.0,
    "tokens/month": 12 / 365.25,  # an average month has 365.25 / 12 days
    "H100e": 1.0,
    "ratio": 1.0,
}
PARAMETER_UNITS = {
    "chips per year",
    "% of exports",
    "USD per chip",
    "CNY per USD",
    "% per year",
    "% of budget",
    "% of chip spend",
    "% of compute",
    "H100e",
    "years",
    "months",
}
COMPANIES = ("ByteDance", "Google")


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
            if None in raw or any(v is None for v in raw.values()):
                raise DataError(path, "the row does not have as many cells as the header", i + 2)
        self.rows = rows

    def __iter__(self):
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

    def date(self, column: str) -> str:
        text = self.text(column)
        if not re.fullmatch(r"\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])", text):
            raise self.fail(column, f"'{text}' is not a date written YYYY-MM-DD")
        try:
            datetime.date.fromisoformat(text)
        except ValueError:
            raise self.fail(column, f"'{text}' is not a calendar date") from None
        return text

    def provenance(self) -> dict[str, str]:
        """The as-of date, kind and source every data row must carry."""
        return {
            "as_of": self.date("as_of"),
            "kind": self.text("kind", KINDS),
            "source": self.text("source"),
        }


@dataclass(frozen=True)
class Param:
    """One model parameter, declared once in ``data/parameters.csv``."""

    key: str
    label: str
    help: str
    unit: str
    default: float
    min: float
    max: float
    step: float
    low: float
    high: float
    scale: float
    display_unit: str
    format: str
    group: str
    company: str
    tier: str
    kind: str
    as_of: str
    source: str
    url: str  # the source's address; empty for pure assumptions

    @property
    def is_integer(self) -> bool:
        return float(self.step).is_integer() and float(self.default).is_integer()


@dataclass(frozen=True)
class Channel:
    company: str
    channel: str
    label: str
    chip: str
    opens: str
    mode: str  # "share" (fixed share of chip spend), "pool" (capped, filled cheapest first), "rest"
    share_key: str
    cap_key: str
    cap_share_key: str
    price_key: str
    improves: bool  # newer chips of this channel bring more compute per chip each year
    as_of: str
    kind: str
    source: str


@dataclass(frozen=True, eq=False)  # hashed by identity: one per loaded folder
class Dataset:
    params: tuple[Param, ...]
    chips: tuple[dict, ...]
    budgets: tuple[dict, ...]
    observations: tuple[dict, ...]
    channels: tuple[Channel, ...]
    presets: tuple[dict, ...]
    references: tuple[dict, ...]
    directory: Path

    def chip_flops(self, chip: str) -> float:
        """Dense BF16 FLOP/s of one chip."""
        for row in self.chips:
            if row["chip"] == chip and row["measure"] == "bf16_dense_tflops":
                return row["value"]
        raise KeyError(chip)


def _load_params(path: Path) -> tuple[Param, ...]:
    columns = tuple(Param.__dataclass_fields__)
    params: list[Param] = []
    seen: set[str] = set()
    for row in _Rows(path, columns):
        key = row.text("key")
        if not re.fullmatch(r"[a-z][a-z0-9_]*", key):
            raise row.fail("key", f"'{key}' is not a snake_case key")
        if key in seen:
            raise row.fail("key", f"'{key}' is declared twice")
        seen.add(key)
        lo, hi = row.number("min"), row.number("max")
        if lo >= hi:
            raise row.fail("max", f"max {hi:g} is not above min {lo:g}")
        fields = dict(
            key=key,
            label=row.text("label"),
            help=row.text("help"),
            unit=row.text("unit", PARAMETER_UNITS),
            default=row.number("default", lo, hi),
            min=lo,
            max=hi,
            step=row.number("step", 1e-9, hi - lo),
            low=row.number("low", lo, hi),
            high=row.number("high", lo, hi),
            scale=row.number("scale", 1e-9),
            display_unit=row.text("display_unit"),
            format=row.text("format"),
            group=row.text("group"),
            company=row.text("company", {*COMPANIES, "both"}),
            tier=row.text("tier", {"main", "advanced"}),
            url=row.optional("url"),
            **row.provenance(),
        )
        if fields["url"] and not fields["url"].startswith("https://"):
            raise row.fail("url", "a source address must start with https://")
        if not fields["low"] <= fields["default"] <= fields["high"]:
            raise row.fail("default", "the default lies outside its uncertainty range (low, high)")
        params.append(Param(**fields))
    if not params:
        raise DataError(path, "the file declares no parameters")
    return tuple(params)


def _load_chips(path: Path) -> tuple[dict, ...]:
    out = []
    for row in _Rows(path, ("chip", "measure", "value", "unit", "as_of", "kind", "source")):
        measure = row.text(
            "measure", {"bf16_dense_tflops", "memory_gb", "bandwidth_tbs", "price_usd"}
        )
        expected = {
            "bf16_dense_tflops": "TFLOP/s",
            "memory_gb": "GB",
            "bandwidth_tbs": "TB/s",
            "price_usd": "USD",
        }
        unit = _unit(row, expected[measure])
        value = row.number("value", 0.0) * UNITS[unit]
        if value <= 0:
            raise row.fail("value", "must be above zero")
        out.append(
            dict(chip=row.text("chip"), measure=measure, value=value, unit=unit, **row.provenance())
        )
    return tuple(out)


def _unit(row: _Row, *expected: str) -> str:
    unit = row.text("unit")
    if unit not in UNITS:
        raise row.fail("unit", f"unknown unit '{unit}'")
    if unit not in expected:
        raise row.fail("unit", f"'{unit}' does not fit this row; expected {' or '.join(expected)}")
    return unit


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
        measure = row.text("measure", {"tokens", "fleet", "capacity_headroom"})
        expected = {
            "tokens": ("tokens/day", "tokens/month"),
            "fleet": ("H100e",),
            "capacity_headroom": ("ratio",),
        }[measure]
        unit = _unit(row, *expected)
        value = row.number("value", 0.0) * UNITS[unit]
        if measure == "capacity_headroom" and value < 1:
            raise row.fail("value", "capacity headroom below 1 would mean demand above capacity")
        out.append(
            dict(
                company=row.text("company", COMPANIES),
                month=row.month("date"),
                measure=measure,
                value=value,
                unit="tokens/day" if measure == "tokens" else unit,
                reported_unit=unit,
                reported_value=row.number("value"),
                use=row.text("use", {"demand", "calibration", "check", "context"}),
                **row.provenance(),
                note=row.optional("note"),
            )
        )
    for company in COMPANIES:
        for measure in ("tokens", "capacity_headroom"):
            if not any(
                o["company"] == company and o["measure"] == measure and o["use"] == "calibration"
                for o in out
            ):
                raise DataError(path, f"no calibration row of '{measure}' for {company}")
    return tuple(out)


def _load_channels(path: Path, params: tuple[Param, ...], chips: tuple[dict, ...]) -> tuple:
    keys = {p.key for p in params}
    chip_names = {c["chip"] for c in chips if c["measure"] == "bf16_dense_tflops"}
    out = []
    for row in _Rows(path, tuple(Channel.__dataclass_fields__)):
        mode = row.text("mode", {"share", "pool", "rest"})
        chip = row.text("chip")
        if chip not in chip_names:
            raise row.fail("chip", f"'{chip}' has no bf16_dense_tflops row in chips.csv")
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
        out.append(
            Channel(
                company=row.text("company", COMPANIES),
                channel=row.text("channel"),
                label=row.text("label"),
                chip=chip,
                opens=row.month("opens"),
                mode=mode,
                improves=row.text("improves", {"yes", "no"}) == "yes",
                **refs,
                **row.provenance(),
            )
        )
    for company in COMPANIES:
        rest = [c for c in out if c.company == company and c.mode == "rest"]
        if len(rest) > 1:
            raise DataError(path, f"{company} has more than one 'rest' channel")
    return tuple(out)


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
                source=row.text("source"),
                values={},
            ),
        )
        key = row.optional("key")
        if key:
            if key not in by_key:
                raise row.fail("key", f"'{key}' is not a parameter in parameters.csv")
            p = by_key[key]
            row.text("unit", {p.unit})
            preset["values"][key] = row.number("value", p.min, p.max)
    if "baseline" not in presets:
        raise DataError(path, "there is no 'baseline' preset")
    return tuple(presets.values())


def _load_references(path: Path) -> tuple[dict, ...]:
    """Reference figures for plausibility checks (value in the unit shown)."""
    cols = ("key", "label", "value", "unit", "as_of", "kind", "source", "source_name")
    out = []
    for row in _Rows(path, cols):
        out.append(
            dict(
                key=row.text("key"),
                label=row.text("label"),
                value=row.number("value", 0.0),
                unit=row.text("unit", {"chips", "USD bn", "USD per chip"}),
                source_name=row.text("source_name"),
                **row.provenance(),
            )
        )
    return tuple(out)


@cache
def _load(directory: Path) -> Dataset:
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
        directory=directory,
    )


def load_data(directory: Path | str | None = None) -> Dataset:
    """Load and validate every data file (cached per folder).

    Raises
    ------
    DataError
        Naming the file, row and column of the first problem found.
    """
    if directory:
        return _load(Path(directory))
    return _load_from_env(os.environ.get(DATA_DIR_ENV) or "")


@cache
def _load_from_env(folder: str) -> Dataset:
    """The data folder the environment names (called on every rerun: no Path work then)."""
    return _load(Path(folder) if folder else DEFAULT_DATA_DIR)
