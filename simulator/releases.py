"""Releases: each model version with the data vintage it shipped with.

A share link names its model version (``v``) and data vintage (``data``). Opening it runs
that release's model code (``simulator/models/v<N>.py``) on that release's data folder,
so the reader sees exactly the numbers the sender saw. The newest release is
:data:`CURRENT`; earlier ones are frozen: their code and data never change.

To make a new release: archive ``data/`` as ``data/archive/<vintage>/`` and point the
previous release at it, add ``simulator/models/v<N+1>`` (starting from a copy of the
latest model), add a line to :data:`RELEASES`, and write the new data into ``data/``.
"""

from __future__ import annotations

import importlib
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from types import ModuleType

from .data import DATA_DIR, Dataset, Localized, Param, check, data_dir, read_data
from .i18n import is_chinese
from .timeline import month_words


@dataclass(frozen=True)
class Release:
    """One release: a model version with the data vintage it shipped with."""

    version: str  # "1", "2", ...: the link's ``v``
    vintage: str  # "2026-06": the link's ``data``
    label: str = field(compare=False)  # "June 2026": how the page names the data
    archive: str  # folder under data/ for a frozen release; "" for the current data
    model: str  # the module with the model's code

    @property
    def directory(self) -> Path:
        """The release's data folder: its archive, or the current data folder."""
        return DATA_DIR / self.archive if self.archive else data_dir()

    @property
    def engine(self) -> ModuleType:
        """The module with the release's model code."""
        return _module(self.model)

    @property
    def dataset(self) -> Dataset:
        """The release's data, read, validated and checked against what its model reads."""
        return _checked(self.directory, self.model)

    @property
    def params(self) -> tuple[Param, ...]:
        """The release's parameters, in declaration order."""
        return self.dataset.params

    @property
    def index(self) -> dict[str, int]:
        """Parameter key -> position in a scenario's values."""
        return _index(self.dataset)

    @property
    def is_current(self) -> bool:
        """Whether this is the current release."""
        return self is CURRENT


class _VintageLabel(Localized):
    """A release's label in the reader's language: Chinese names the vintage's month."""

    def translate(self, obj: object, english: str) -> str:
        return month_words(obj.vintage) if is_chinese() else english  # type: ignore[attr-defined]


Release.label = _VintageLabel("label")  # type: ignore[assignment]

RELEASES: dict[str, Release] = {
    "1": Release("1", "2026-02", "February 2026", "archive/2026-02", "simulator.models.v1"),
    "2": Release("2", "2026-06", "June 2026", "", "simulator.models.v2"),
}
CURRENT = RELEASES["2"]


@cache
def _module(name: str) -> ModuleType:
    return importlib.import_module(name)


@cache
def _checked(directory: Path, model: str) -> Dataset:
    ds = read_data(directory)
    check(ds, _module(model).REQUIRES)
    return ds


@cache
def _index(ds: Dataset) -> dict[str, int]:
    return {p.key: i for i, p in enumerate(ds.params)}


def release(version: str) -> Release | None:
    """Return the release a link's ``v`` names, or None when this app does not know it."""
    return RELEASES.get(version)


def by_vintage(vintage: str) -> Release | None:
    """Return the release whose data vintage a link's ``data`` names, or None."""
    return next((r for r in RELEASES.values() if r.vintage == vintage), None)


def load_data(directory: Path | str | None = None) -> Dataset:
    """Return the current release's data (or the folder given), checked against its model.

    Raises
    ------
    DataError
        Naming the file, row and column of the first problem found.
    """
    if directory:
        return _checked(Path(directory), CURRENT.model)
    return CURRENT.dataset


def registry() -> tuple[Param, ...]:
    """Every parameter of the current release, in declaration order."""
    return CURRENT.params


def param(key: str) -> Param:
    """One parameter of the current release."""
    return CURRENT.dataset.param(key)
