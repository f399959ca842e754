"""Links made with an earlier model keep their numbers: each release runs its own frozen
model on its own archived data, and reproduces the figures it was released with."""

from __future__ import annotations

import json
import math
from pathlib import Path

import pytest

from simulator import CURRENT, RELEASES, Scenario, project
from simulator.data import DATA_DIR

GOLDEN = Path(__file__).resolve().parent / "golden"
FROZEN = [r for r in RELEASES.values() if r is not CURRENT]
TOLERANCE = 0.001  # "within 0.1%"


def golden(version: str) -> dict:
    return json.loads((GOLDEN / f"v{version}.json").read_text(encoding="utf-8"))


def mismatches(projection, figures: dict) -> list[str]:
    out = []
    for company, years in figures.items():
        for year, metrics in years.items():
            for metric, expected in metrics.items():
                actual = float(projection.yearly(metric, company, int(year))[0])
                if not math.isclose(actual, expected, rel_tol=TOLERANCE, abs_tol=1.0):
                    out.append(f"{company} {year} {metric}: {expected!r} then, {actual!r} now")
    return out


@pytest.mark.parametrize("release", FROZEN, ids=lambda r: f"v{r.version}")
def test_a_frozen_release_reproduces_its_baseline(release):
    stored = golden(release.version)
    assert stored["model_version"] == release.version
    assert stored["data_vintage"] == release.vintage
    assert mismatches(project(Scenario.of(release.version)), stored["figures"]) == []


@pytest.mark.parametrize(
    ("version", "name"),
    [(r.version, name) for r in FROZEN for name in golden(r.version).get("links", {})],
)
def test_a_frozen_release_reproduces_its_links(version, name):
    """Non-baseline links, opened exactly as a reader's browser would hand them over."""
    link = golden(version)["links"][name]
    scenario, warnings = Scenario.from_query(link["query"])
    assert warnings == []
    assert scenario.version == version
    assert scenario.differences()  # really not the baseline
    assert mismatches(project(scenario), link["figures"]) == []


def test_the_reproduction_check_can_fail():
    """The comparison is not vacuous: model 2 does not reproduce model 1's figures."""
    assert mismatches(project(Scenario()), golden("1")["figures"])


@pytest.mark.parametrize("release", FROZEN, ids=lambda r: f"v{r.version}")
def test_a_frozen_release_reads_its_archived_folder(release):
    assert release.directory == DATA_DIR / "archive" / release.vintage
    assert release.dataset.directory == release.directory
    assert release.model == f"simulator.models.v{release.version}"


def test_the_current_release_reads_data():
    assert CURRENT.directory == DATA_DIR
    assert CURRENT.version == max(RELEASES, key=int)


def test_each_release_keeps_its_own_parameters():
    old, new = RELEASES["1"].params, CURRENT.params
    assert "domestic_chip_units" in {p.key for p in old}
    assert "domestic_chip_units" not in {p.key for p in new}
    assert "h200_first_month" in {p.key for p in new}
