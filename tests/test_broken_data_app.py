"""Broken reference data, as a reader and a command-line user meet it.

For each kind of damage (a missing file, a row with too many cells, a value that is not a
number, a unit that does not exist, a negative price, a month that is not one), a copy of
the current ``data/`` (without its archive) is broken and named by ``COMPUTE_GAP_DATA_DIR``.
The app must show one error naming the file and the row (no exception, no traceback, no
controls), and ``python -m simulator`` must exit non-zero with the same file and row on
stderr and no traceback. The loader's own checks are in ``test_data.py``; this file checks
what the two front ends make of them.

``load_data`` caches per folder, so every case gets its own ``tmp_path``.
"""

from __future__ import annotations

import csv
import os
import re
import shutil
import subprocess
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest
import streamlit as st
from streamlit.testing.v1 import AppTest

from simulator import load_data
from simulator.data import DATA_DIR, DATA_DIR_ENV, DataError

ROOT = Path(__file__).resolve().parent.parent
APP = str(ROOT / "streamlit_app.py")


@pytest.fixture(autouse=True)
def _fresh_caches():
    st.cache_data.clear()
    st.cache_resource.clear()


# -- breaking a copy of data/ ----------------------------------------------------------------


def read_rows(path: Path) -> list[list[str]]:
    with path.open(newline="", encoding="utf-8") as fh:
        return list(csv.reader(fh))


def write_rows(path: Path, rows: list[list[str]]) -> None:
    with path.open("w", newline="", encoding="utf-8") as fh:
        csv.writer(fh).writerows(rows)


def find_row(path: Path, **match: str) -> int:
    """Spreadsheet row number (the header is row 1) of the first row matching every cell."""
    header, *rows = read_rows(path)
    for i, row in enumerate(rows):
        if all(row[header.index(k)] == v for k, v in match.items()):
            return i + 2
    raise LookupError(f"{path.name}: no row with {match}")


def set_cell(path: Path, row: int, column: str, value: str) -> None:
    rows = read_rows(path)
    rows[row - 1][rows[0].index(column)] = value
    write_rows(path, rows)


@dataclass(frozen=True)
class Damage:
    """What a case breaks: the file, the row (None: the whole file) and words the message
    must hold, after ``apply`` broke the copy in ``folder``."""

    file: str
    row: int | None
    words: str


def missing_file(folder: Path) -> Damage:
    (folder / "channels.csv").unlink()
    return Damage("channels.csv", None, "the file is missing")


def too_many_cells(folder: Path) -> Damage:
    path = folder / "observations.csv"
    row = find_row(path, company="Google", measure="fleet")
    rows = read_rows(path)
    rows[row - 1].append("an extra cell")
    write_rows(path, rows)
    return Damage("observations.csv", row, "does not have as many cells as the header")


def not_a_number(folder: Path) -> Damage:
    path = folder / "budgets.csv"
    row = find_row(path, company="Google", year="2026", measure="capex")
    set_cell(path, row, "value", "about 180")
    return Damage("budgets.csv", row, "'about 180' is not a number")


def unknown_unit(folder: Path) -> Damage:
    path = folder / "observations.csv"
    row = find_row(path, company="ByteDance", date="2025-05", measure="tokens")
    set_cell(path, row, "unit", "tokens/fortnight")
    return Damage("observations.csv", row, "unknown unit 'tokens/fortnight'")


def negative_chip_price(folder: Path) -> Damage:
    path = folder / "chips.csv"
    row = find_row(path, chip="Nvidia H200 SXM", measure="price_usd")
    set_cell(path, row, "value", "-20000")
    return Damage("chips.csv", row, "-20000 is outside 0 to")


def negative_parameter_price(folder: Path) -> Damage:
    path = folder / "parameters.csv"
    row = find_row(path, key="domestic_chip_price_usd")
    set_cell(path, row, "default", "-20000")
    return Damage("parameters.csv", row, "-20000 is outside")


def month_not_a_month(folder: Path) -> Damage:
    path = folder / "parameters.csv"
    row = find_row(path, key="h200_first_month")
    set_cell(path, row, "default", "2027-13")
    return Damage("parameters.csv", row, "'2027-13' is not a month written YYYY-MM")


CASES: dict[str, Callable[[Path], Damage]] = {
    "missing-file": missing_file,
    "too-many-cells": too_many_cells,
    "not-a-number": not_a_number,
    "unknown-unit": unknown_unit,
    "negative-chip-price": negative_chip_price,
    "negative-parameter-price": negative_parameter_price,
    "month-not-a-month": month_not_a_month,
}


@pytest.fixture(params=list(CASES))
def broken(request, tmp_path, monkeypatch) -> tuple[Damage, DataError]:
    """A broken copy of data/ named by COMPUTE_GAP_DATA_DIR: the damage and the loader's
    error for it (the message both front ends must pass on)."""
    folder = tmp_path / request.param
    # The current vintage only: the archived releases keep reading data/archive/.
    shutil.copytree(DATA_DIR, folder, ignore=shutil.ignore_patterns("archive"))
    load_data(folder)  # the copy is sound before it is broken
    folder = folder.rename(tmp_path / f"{request.param}-broken")  # a fresh cache key
    damage = CASES[request.param](folder)
    with pytest.raises(DataError) as info:
        load_data(folder)
    error = info.value
    assert error.path.name == damage.file and error.row == damage.row, str(error)
    assert damage.words in error.detail, str(error)
    monkeypatch.setenv(DATA_DIR_ENV, str(folder))
    return damage, error


def names_file_and_row(text: str, damage: Damage) -> None:
    folder = Path(os.environ[DATA_DIR_ENV]).name  # the broken copy, not data/
    assert f"{folder}/{damage.file}" in text, text
    if damage.row is not None:
        assert f"row {damage.row}" in text, text
    assert damage.words in text, text
    assert "Traceback" not in text, text


def test_app_names_file_and_row(broken):
    damage, error = broken
    at = AppTest.from_file(APP, default_timeout=60)
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    assert len(at.error) == 1, [e.value for e in at.error]
    message = re.sub(r"\\(.)", r"\1", at.error[0].value)  # as shown: Markdown escapes off
    names_file_and_row(message, damage)
    assert error.detail in message and error.where in message
    assert not at.slider and not at.metric, "the app stops before drawing controls"
    shown = [m.value for m in (*at.markdown, *at.info, *at.warning, *at.caption)]
    assert not any("Traceback" in text or 'File "' in text for text in shown)


def test_command_line_names_file_and_row(broken):
    damage, error = broken
    result = subprocess.run(
        [sys.executable, "-m", "simulator", "--format", "csv"],
        cwd=ROOT,
        env=dict(os.environ),  # holds COMPUTE_GAP_DATA_DIR (set by the fixture)
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode != 0
    names_file_and_row(result.stderr, damage)
    assert str(error) in result.stderr, result.stderr
    assert result.stdout == ""
