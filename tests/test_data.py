"""The data loader: every failure is a DataError naming the file, the row and the column.

Each test copies ``data/`` to a fresh temporary folder, breaks one thing and loads
it (``load_data`` caches per folder, so every test gets its own).
"""

from __future__ import annotations

import csv
import datetime
import shutil
from pathlib import Path

import pytest

from simulator import load_data
from simulator.data import DATA_DIR, DataError

FILES = ("parameters.csv", "chips.csv", "budgets.csv", "observations.csv", "channels.csv")
NO_ARCHIVE = shutil.ignore_patterns("archive")


@pytest.fixture
def data_copy(tmp_path: Path) -> Path:
    folder = tmp_path / "data"
    shutil.copytree(DATA_DIR, folder, ignore=NO_ARCHIVE)
    return folder


@pytest.fixture
def release_1_copy(tmp_path: Path) -> Path:
    """The archived February 2026 folder, in the release-1 format."""
    folder = tmp_path / "vintage-2026-02"
    shutil.copytree(DATA_DIR / "archive" / "2026-02", folder)
    return folder


def read_rows(path: Path) -> tuple[list[str], list[list[str]]]:
    with path.open(newline="", encoding="utf-8") as fh:
        rows = list(csv.reader(fh))
    return rows[0], rows[1:]


def write_rows(path: Path, header: list[str], rows: list[list[str]]) -> None:
    with path.open("w", newline="", encoding="utf-8") as fh:
        writer = csv.writer(fh)
        writer.writerow(header)
        writer.writerows(rows)


def row_of(path: Path, **match: str) -> int:
    """Spreadsheet row number (header = row 1) of the first row matching every cell."""
    header, rows = read_rows(path)
    for i, row in enumerate(rows):
        cells = dict(zip(header, row, strict=False))
        if all(cells.get(k) == v for k, v in match.items()):
            return i + 2
    raise LookupError(match)


def break_cell(folder: Path, file: str, row: int, column: str, value: str) -> None:
    """Set one cell (row as a spreadsheet numbers it) to ``value``."""
    path = folder / file
    header, rows = read_rows(path)
    rows[row - 2][header.index(column)] = value
    write_rows(path, header, rows)


def load_error(folder: Path) -> DataError:
    with pytest.raises(DataError) as info:
        load_data(folder)
    return info.value


def assert_names(error: DataError, file: str, row: int | None, column: str | None) -> None:
    text = str(error)
    assert file in text, text
    assert error.path.name == file
    if row is not None:
        assert f"row {row}" in text, text
        assert error.row == row
    if column is not None:
        assert f"'{column}'" in text, text


def test_the_copy_loads(data_copy):
    """The fixture is sound: failures below come from the one thing each test breaks."""
    ds = load_data(data_copy)
    assert ds.directory == data_copy
    assert len(ds.params) > 10


def test_error_names_the_folder_it_read(tmp_path):
    """A data folder set by COMPUTE_GAP_DATA_DIR is named as itself, not as data/."""
    folder = tmp_path / "vintage-2026-03"
    shutil.copytree(DATA_DIR, folder, ignore=NO_ARCHIVE)
    (folder / "chips.csv").unlink()
    error = load_error(folder)
    assert error.where == "vintage-2026-03/chips.csv"
    assert str(error).startswith("vintage-2026-03/chips.csv: ")


# -- File and table shape -----------------------------------------------------------------


@pytest.mark.parametrize("file", [*FILES, "presets.csv", "supply.csv"])
def test_missing_file(data_copy, file):
    (data_copy / file).unlink()
    error = load_error(data_copy)
    assert_names(error, file, None, None)
    assert "missing" in str(error) or "needs this file" in str(error)


def test_the_public_checks_file_is_optional(data_copy):
    (data_copy / "checks.csv").unlink()
    assert load_data(data_copy).checks == ()


@pytest.mark.parametrize(
    ("file", "column"),
    [
        ("chips.csv", "unit"),
        ("budgets.csv", "source"),
        ("parameters.csv", "max"),
        ("observations.csv", "use"),
        ("channels.csv", "vendor"),
        ("presets.csv", "value"),
    ],
)
def test_missing_column(data_copy, file, column):
    path = data_copy / file
    header, rows = read_rows(path)
    i = header.index(column)
    write_rows(path, header[:i] + header[i + 1 :], [r[:i] + r[i + 1 :] for r in rows])
    error = load_error(data_copy)
    assert_names(error, file, 1, None)
    assert column in str(error)
    assert "missing column" in str(error)


@pytest.mark.parametrize("file", [*FILES, "presets.csv"])
def test_row_with_too_many_cells(data_copy, file):
    path = data_copy / file
    lines = path.read_text(encoding="utf-8").splitlines()
    lines[2] += ",an extra cell"  # spreadsheet row 3
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    error = load_error(data_copy)
    assert_names(error, file, 3, None)  # a whole-row problem: no single column
    assert "cells" in str(error)


def test_row_with_too_few_cells(data_copy):
    path = data_copy / "chips.csv"
    lines = path.read_text(encoding="utf-8").splitlines()
    lines[3] = "Nvidia H100 SXM,bf16_dense_tflops,989"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    assert_names(load_error(data_copy), "chips.csv", 4, None)


# -- Values ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("file", "match", "column", "value", "message"),
    [
        ("chips.csv", {"chip": "Nvidia B200", "measure": "price_usd"}, "value", "lots", "number"),
        ("budgets.csv", {"company": "Google", "year": "2026"}, "value", "1 8 0", "number"),
        ("parameters.csv", {"key": "cny_per_usd"}, "step", "0,01", "number"),
        ("observations.csv", {"measure": "fleet"}, "value", "five million", "number"),
        ("chips.csv", {"chip": "Nvidia B200", "measure": "price_usd"}, "value", "nan", "finite"),
        ("chips.csv", {"chip": "Nvidia B200", "measure": "price_usd"}, "value", "inf", "finite"),
        ("chips.csv", {"chip": "Nvidia B200", "measure": "price_usd"}, "value", "", "empty"),
    ],
)
def test_non_numeric_value(data_copy, file, match, column, value, message):
    row = row_of(data_copy / file, **match)
    break_cell(data_copy, file, row, column, value)
    error = load_error(data_copy)
    assert_names(error, file, row, column)
    assert message in str(error)


@pytest.mark.parametrize(
    ("chip", "measure", "value"),
    [
        ("Nvidia H200 SXM", "price_usd", "-20000"),
        ("Nvidia H200 SXM", "price_usd", "0"),
        ("Nvidia H100 SXM", "bf16_dense_tflops", "0"),
        ("Nvidia H100 SXM", "bf16_dense_tflops", "-989"),
        ("Huawei Ascend 910C", "bf16_dense_tflops", "0.0"),
    ],
)
def test_chip_price_and_flops_must_be_positive(data_copy, chip, measure, value):
    row = row_of(data_copy / "chips.csv", chip=chip, measure=measure)
    break_cell(data_copy, "chips.csv", row, "value", value)
    assert_names(load_error(data_copy), "chips.csv", row, "value")


@pytest.mark.parametrize(
    ("file", "match"),
    [
        ("chips.csv", {"chip": "Nvidia H100 SXM", "measure": "bf16_dense_tflops"}),
        ("budgets.csv", {"company": "Google", "year": "2025"}),
        ("observations.csv", {"company": "Google", "date": "2025-09"}),
    ],
)
def test_unknown_unit(data_copy, file, match):
    row = row_of(data_copy / file, **match)
    break_cell(data_copy, file, row, "unit", "furlongs")
    error = load_error(data_copy)
    assert_names(error, file, row, "unit")
    assert "unknown unit 'furlongs'" in str(error)


@pytest.mark.parametrize(
    ("file", "match", "unit"),
    [
        ("budgets.csv", {"company": "Google", "year": "2025"}, "CNY bn"),
        ("budgets.csv", {"company": "ByteDance", "year": "2026", "measure": "capex"}, "USD bn"),
        ("chips.csv", {"chip": "Nvidia H200 SXM", "measure": "price_usd"}, "USD bn"),
        ("chips.csv", {"chip": "Nvidia H100 SXM", "measure": "bf16_dense_tflops"}, "GB"),
        ("observations.csv", {"company": "Google", "date": "2025-09"}, "H100e"),
        ("observations.csv", {"measure": "fleet"}, "tokens/day"),
    ],
)
def test_unit_that_does_not_fit_the_row(data_copy, file, match, unit):
    row = row_of(data_copy / file, **match)
    break_cell(data_copy, file, row, "unit", unit)
    error = load_error(data_copy)
    assert_names(error, file, row, "unit")
    assert "does not fit" in str(error)


@pytest.mark.parametrize("date", ["2025-13-01", "22 Dec 2025", "2025-12", "2025-02-30", "x"])
@pytest.mark.parametrize("file", FILES)
def test_bad_as_of_date(data_copy, file, date):
    break_cell(data_copy, file, 3, "as_of", date)
    assert_names(load_error(data_copy), file, 3, "as_of")


def test_bad_observation_month(data_copy):
    row = row_of(data_copy / "observations.csv", measure="fleet")
    break_cell(data_copy, "observations.csv", row, "date", "2025-12-31")
    assert_names(load_error(data_copy), "observations.csv", row, "date")


@pytest.mark.parametrize("file", FILES)
def test_unknown_kind(data_copy, file):
    break_cell(data_copy, file, 2, "kind", "rumour")
    error = load_error(data_copy)
    assert_names(error, file, 2, "kind")
    assert "rumour" in str(error)


def test_empty_source(data_copy):
    break_cell(data_copy, "chips.csv", 4, "source", "  ")
    assert_names(load_error(data_copy), "chips.csv", 4, "source")


# -- Parameters -----------------------------------------------------------------------------


@pytest.mark.parametrize("default", ["3000000", "-1"])
def test_parameter_default_outside_its_limits(data_copy, default):
    row = row_of(data_copy / "parameters.csv", key="h200_export_units")
    break_cell(data_copy, "parameters.csv", row, "default", default)
    error = load_error(data_copy)
    assert_names(error, "parameters.csv", row, "default")
    assert "outside" in str(error)


def test_parameter_default_outside_its_uncertainty_range(data_copy):
    row = row_of(data_copy / "parameters.csv", key="h200_customer_cap")
    break_cell(data_copy, "parameters.csv", row, "default", "10000")  # below low = 25000
    assert_names(load_error(data_copy), "parameters.csv", row, "default")


def test_parameter_min_not_below_max(data_copy):
    row = row_of(data_copy / "parameters.csv", key="cny_per_usd")
    break_cell(data_copy, "parameters.csv", row, "min", "9")
    assert_names(load_error(data_copy), "parameters.csv", row, "max")


def test_duplicated_parameter_key(data_copy):
    row = row_of(data_copy / "parameters.csv", key="h200_price_usd")
    break_cell(data_copy, "parameters.csv", row, "key", "h200_export_units")
    error = load_error(data_copy)
    assert_names(error, "parameters.csv", row, "key")
    assert "twice" in str(error)


@pytest.mark.parametrize(
    ("column", "value"), [("unit", "parsecs"), ("company", "Alibaba"), ("tier", "hidden")]
)
def test_parameter_text_outside_its_vocabulary(data_copy, column, value):
    row = row_of(data_copy / "parameters.csv", key="h200_price_usd")
    break_cell(data_copy, "parameters.csv", row, column, value)
    assert_names(load_error(data_copy), "parameters.csv", row, column)


# -- Channels and presets -------------------------------------------------------------------


@pytest.mark.parametrize("column", ["cap_key", "cap_share_key", "price_key"])
def test_release_1_channel_pointing_at_a_missing_parameter(release_1_copy, column):
    """The archived release-1 files are still checked in their own format."""
    row = row_of(release_1_copy / "channels.csv", channel="h200")
    break_cell(release_1_copy, "channels.csv", row, column, "no_such_parameter")
    error = load_error(release_1_copy)
    assert_names(error, "channels.csv", row, column)
    assert "no_such_parameter" in str(error)


def test_channel_pointing_at_a_missing_chip(data_copy):
    row = row_of(data_copy / "channels.csv", channel="domestic")
    break_cell(data_copy, "channels.csv", row, "chip", "Huawei Ascend 999")
    error = load_error(data_copy)
    assert_names(error, "channels.csv", row, "chip")
    assert "Huawei Ascend 999" in str(error)


def test_preset_with_an_unknown_key(data_copy):
    row = row_of(data_copy / "presets.csv", preset="h200_2027")
    break_cell(data_copy, "presets.csv", row, "key", "h300_export_units")
    error = load_error(data_copy)
    assert_names(error, "presets.csv", row, "key")
    assert "h300_export_units" in str(error)


@pytest.mark.parametrize(("preset", "value"), [("bytedance_70bn", "1e9"), ("h200_2027", "2040-01")])
def test_preset_value_outside_the_limits(data_copy, preset, value):
    row = row_of(data_copy / "presets.csv", preset=preset)
    break_cell(data_copy, "presets.csv", row, "value", value)
    assert_names(load_error(data_copy), "presets.csv", row, "value")


def test_a_preset_cannot_set_an_estimate(data_copy):
    row = row_of(data_copy / "presets.csv", preset="bytedance_70bn")
    break_cell(data_copy, "presets.csv", row, "key", "google_tpu_cost_usd")
    break_cell(data_copy, "presets.csv", row, "unit", "USD per chip")
    break_cell(data_copy, "presets.csv", row, "value", "10000")
    error = load_error(data_copy)
    assert_names(error, "presets.csv", row, "key")
    assert "estimate" in str(error)


@pytest.mark.parametrize("value", ["2027-13", "July 2027", "2024-12"])
def test_a_month_parameter_reads_months(data_copy, value):
    row = row_of(data_copy / "parameters.csv", key="h200_first_month")
    break_cell(data_copy, "parameters.csv", row, "default", value)
    assert_names(load_error(data_copy), "parameters.csv", row, "default")


# -- What the model reads ---------------------------------------------------------------


@pytest.mark.parametrize("key", ["efficiency_gain", "google_serving_share", "h200_customer_cap"])
def test_a_parameter_the_model_reads_must_be_declared(data_copy, key):
    """Deleting a row the engine reads fails when the data loads, naming the file."""
    path = data_copy / "parameters.csv"
    header, rows = read_rows(path)
    write_rows(path, header, [r for r in rows if r[0] != key])
    error = load_error(data_copy)
    assert_names(error, "parameters.csv", None, None)
    assert key in str(error)


def test_a_channel_the_model_reads_must_be_listed(data_copy):
    path = data_copy / "channels.csv"
    header, rows = read_rows(path)
    write_rows(path, header, [r for r in rows if r[1] != "rented"])
    error = load_error(data_copy)
    assert_names(error, "channels.csv", None, None)
    assert "rented" in str(error)


# -- The committed data -------------------------------------------------------------------


@pytest.mark.parametrize("file", [*FILES, "supply.csv", "checks.csv", "presets.csv"])
def test_every_row_has_a_source_and_an_as_of_date(file):
    header, rows = read_rows(DATA_DIR / file)
    assert rows
    for i, row in enumerate(rows, start=2):
        cells = dict(zip(header, row, strict=True))
        assert cells["source"].strip(), f"{file} row {i}: no source"
        datetime.date.fromisoformat(cells["as_of"])  # raises on a missing or bad date


def test_every_assumption_has_a_range():
    assumptions = [p for p in load_data().params if p.kind == "assumption"]
    assert assumptions
    no_range = [p.key for p in assumptions if not p.low < p.high]
    assert not no_range, f"assumptions without an uncertainty range: {no_range}"


def test_every_parameter_range_holds_its_default():
    for p in load_data().params:
        assert p.min <= p.low <= p.default <= p.high <= p.max, p.key


def test_preset_unit_must_match_its_parameter(data_copy):
    row = row_of(data_copy / "presets.csv", preset="bytedance_70bn")
    break_cell(data_copy, "presets.csv", row, "unit", "CNY per USD")
    assert_names(load_error(data_copy), "presets.csv", row, "unit")


def test_reference_with_unknown_unit(data_copy):
    row = row_of(data_copy / "references.csv", key="h200_us_bound")
    break_cell(data_copy, "references.csv", row, "unit", "furlongs")
    assert_names(load_error(data_copy), "references.csv", row, "unit")


def test_every_data_file_row_has_provenance():
    ds = load_data()
    for rows in (ds.chips, ds.budgets, ds.observations, ds.references, ds.supply, ds.checks):
        for row in rows:
            assert row["source"] and row["as_of"] and row["kind"]
