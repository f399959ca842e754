"""The command line, run as a user would: ``python -m simulator ...`` in a subprocess."""

from __future__ import annotations

import csv
import io
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from simulator import registry
from simulator.data import DATA_DIR, DATA_DIR_ENV

ROOT = Path(__file__).resolve().parent.parent


def run(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    environ = {k: v for k, v in os.environ.items() if k != DATA_DIR_ENV}
    environ.update(env or {})
    return subprocess.run(
        [sys.executable, "-m", "simulator", *args],
        cwd=ROOT,
        env=environ,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_help_lists_every_parameter_with_its_unit():
    result = run("--help")
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    for p in registry():
        key_line = next((i for i, line in enumerate(lines) if line.strip() == p.key), None)
        assert key_line is not None, f"{p.key} missing from --help"
        assert f"; {p.unit};" in lines[key_line + 1], (p.key, lines[key_line + 1])
        role = "control" if p.is_lever else "estimate"
        assert f"({role}, {p.kind})" in lines[key_line + 1]


def test_json_with_a_change():
    result = run("--set", "h200_first_month=2027-01", "--format", "json")
    assert result.returncode == 0, result.stderr
    payload = json.loads(result.stdout)
    assert payload["scenario"]["h200_first_month"] == 24
    assert payload["query"]["h200_first_month"] == "2027-01"
    h200 = [r for r in payload["rows"] if r["metric"] == "units_h200"]
    assert len(h200) == 72
    assert all(r["value"] == 0 for r in h200 if r["date"] < "2027-01-01")
    assert all(r["value"] > 0 for r in h200 if "2027-01-01" <= r["date"] < "2028-01-01")
    assert {r["company"] for r in payload["rows"]} == {"ByteDance", "Google"}
    assert set(payload["rows"][0]) == {"date", "company", "metric", "value", "unit"}


def test_baseline_json_buys_no_h200():
    """As reported: none delivered, and none in the baseline."""
    payload = json.loads(run("--format", "json").stdout)
    assert all(r["value"] == 0 for r in payload["rows"] if r["metric"] == "units_h200")


def test_an_earlier_release_runs_on_its_own_data():
    result = run("--model-version", "1", "--set", "h200_export_units=0", "--format", "csv")
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("# scenario: ?v=1&data=2026-02&h200_export_units=0")


def test_csv_has_the_scenario_then_a_tidy_table():
    result = run("--format", "csv", "--set", "h200_price_usd=27000")
    assert result.returncode == 0, result.stderr
    first, rest = result.stdout.split("\n", 1)
    assert first.startswith("# scenario: ?")
    assert "h200_price_usd=27000" in first
    assert "v=" in first
    rows = list(csv.reader(io.StringIO(rest)))
    assert rows[0] == ["date", "company", "metric", "value", "unit"]
    assert rows[1][0] == "2025-01-01"
    float(rows[1][3])


def test_default_format_is_csv():
    assert run().stdout.startswith("# scenario:")


@pytest.mark.parametrize(
    ("args", "needle"),
    [
        (["--set", "no_such_key=1"], "no_such_key"),
        (["--set", "h200_export_units=-5"], "H200 licensed for China per year"),
        (["--set", "h200_first_month=2024-01"], "outside the allowed range"),
        (["--model-version", "7"], "invalid choice"),
        (["--set", "cny_per_usd=100"], "outside the allowed range"),
        (["--set", "h200_export_units=lots"], "not a number"),
        (["--set", "h200_export_units"], "KEY=VALUE"),
        (["--format", "xml"], "xml"),
    ],
)
def test_bad_arguments_exit_2_with_a_message(args, needle):
    result = run(*args)
    assert result.returncode == 2
    assert needle in result.stderr
    assert "Traceback" not in result.stderr
    assert result.stdout == ""


def test_broken_data_folder_names_file_and_row(tmp_path):
    folder = tmp_path / "data"
    shutil.copytree(DATA_DIR, folder, ignore=shutil.ignore_patterns("archive"))
    path = folder / "chips.csv"
    lines = path.read_text(encoding="utf-8").splitlines()
    lines[1] = lines[1].replace(",989,", ",nine hundred,", 1)  # spreadsheet row 2
    assert "nine hundred" in lines[1]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")

    result = run("--format", "csv", env={DATA_DIR_ENV: str(folder)})
    assert result.returncode != 0
    assert "chips.csv" in result.stderr
    assert "row 2" in result.stderr
    assert "'value'" in result.stderr
    assert "Traceback" not in result.stderr
    assert result.stdout == ""


def test_missing_data_folder_fails_cleanly(tmp_path):
    result = run("--help", env={DATA_DIR_ENV: str(tmp_path / "nowhere")})
    assert result.returncode != 0
    assert "parameters.csv" in result.stderr
    assert "Traceback" not in result.stderr


def test_a_deleted_parameter_row_fails_cleanly(tmp_path):
    """The engine reads efficiency_gain: without its row the data check names the file."""
    folder = tmp_path / "data"
    shutil.copytree(DATA_DIR, folder, ignore=shutil.ignore_patterns("archive"))
    path = folder / "parameters.csv"
    lines = [
        line
        for line in path.read_text(encoding="utf-8").splitlines()
        if not line.startswith("efficiency_gain,")
    ]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    result = run("--format", "csv", env={DATA_DIR_ENV: str(folder)})
    assert result.returncode == 2
    assert "parameters.csv" in result.stderr and "efficiency_gain" in result.stderr
    assert "Traceback" not in result.stderr and "KeyError" not in result.stderr
