"""Compare scenarios: what differs between the compared scenarios and their headline
numbers. Pure functions (no Streamlit calls): the page reads widgets and renders what these
return. Which scenarios a comparison holds, and how the link keeps them, is ``ui/link.py``;
the page's charts are ``ui/charts/compare.py``.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

import pandas as pd

from simulator.data import Param
from simulator.i18n import _
from simulator.summary import Headline, cards
from simulator.words import shown
from ui.link import Entry
from ui.tables import kind_text, unbroken
from ui.text import escape, source_link


def same_pairs(entries: Sequence[Entry]) -> list[tuple[str, str]]:
    """Pairs of compared scenarios (by label) that hold exactly the same values."""
    return [
        (a.label, b.label)
        for i, a in enumerate(entries)
        for b in entries[i + 1 :]
        if a.scenario == b.scenario
    ]


# ---------------------------------------------------------------- tables


def differing_assumptions(entries: Sequence[Entry]) -> pd.DataFrame:
    """The assumptions whose value differs between any of the compared scenarios.

    One row per assumption (indexed by its key, in registry order): label, the value in each
    scenario (a column per scenario label), unit, and the baseline value's kind, source, date
    and address.
    """
    rows = []
    for p in _parameters(entries):
        values = [e.scenario.to_dict().get(p.key) for e in entries]
        first = values[0]  # None when the first scenario's release lacks the parameter
        if first is not None and all(v is not None and math.isclose(v, first) for v in values):
            continue
        row = {"key": p.key, "Assumption": p.label}
        row.update(
            {
                e.label: "—" if v is None else shown(p, v)
                for e, v in zip(entries, values, strict=True)
            }
        )
        row.update(
            {
                "Unit": p.display_unit,
                "Kind": kind_text(p.kind),
                "Source": p.source,
                "As of": p.as_of,
                "Link": p.url or None,
            }
        )
        rows.append(row)
    # the values next to the label: on a phone they must not scroll out of sight
    columns = ["key", "Assumption", *(e.label for e in entries)]
    columns += ["Unit", "Kind", "Source", "As of", "Link"]
    return pd.DataFrame(rows, columns=columns).set_index("key")


def assumptions_markdown(table: pd.DataFrame) -> str:
    """:func:`differing_assumptions` as a Markdown table that wraps instead of scrolling:
    the values next to the label, then unit, kind and as-of date, then the baseline value's
    source with a real link (text "source"). Every cell is escaped; only a checked web
    address becomes a link."""
    values = [c for c in table.columns if c not in ("Assumption", *_META)]
    header = [
        _("Assumption"),
        *values,
        _("Unit"),
        _("Kind"),
        _("As of"),
        _("Source of the baseline value"),
    ]
    lines = ["| " + " | ".join(escape(unbroken(h)) for h in header) + " |"]
    lines.append("|" + "---|" * len(header))
    for _key, row in table.iterrows():
        link = source_link(row["Link"], unbroken(_("source")))
        source = " ".join(str(row["Source"] or "").split())
        cells = [row["Assumption"], *(row[v] for v in values), row["Unit"], row["Kind"]]
        cells.append(row["As of"])
        text = [escape(unbroken(" ".join(str(c).split()))) or "—" for c in cells]
        text.append((escape(source) + (f" {link}" if link else "")).strip() or "—")
        lines.append("| " + " | ".join(text) + " |")
    return "\n".join(lines)


_META = ("Unit", "Kind", "Source", "As of", "Link")


def _parameters(entries: Sequence[Entry]) -> list[Param]:
    """Every parameter of the compared scenarios' releases, the first scenario's first."""
    out: dict[str, Param] = {}
    for e in entries:
        for p in e.scenario.registry:
            out.setdefault(p.key, p)
    return list(out.values())


@dataclass(frozen=True)
class Row:
    """One headline number across the compared scenarios: the Simulator's card label, the
    card value per scenario, and the difference from the first scenario (None for the
    first one, or when the two are the same)."""

    label: str
    values: list[str]
    deltas: list[str | None]
    helps: list[str]


def headline_rows(headlines: Sequence[Headline]) -> list[Row]:
    """The four headline numbers (same strings as the Simulator's cards) of each scenario."""
    first = headlines[0]
    shown = [cards(h, first, None if i == 0 else "") for i, h in enumerate(headlines)]
    return [
        Row(
            label=card.label,
            values=[s[k].value for s in shown],
            deltas=[s[k].delta for s in shown],
            helps=[s[k].help for s in shown],
        )
        for k, card in enumerate(shown[0])
    ]
