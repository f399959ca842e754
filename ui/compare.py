"""Compare scenarios: which scenarios a comparison holds, what differs between them, their
headline numbers and overlaid charts. Pure functions (no Streamlit calls): the page reads
widgets and renders what these return.

A comparison lives in the link as a repeated ``cmp`` view key, one item per scenario:

- ``current``: the scenario set by the sidebar (the link's own parameters);
- ``baseline``: the baseline;
- ``preset:<name>``: a named story from ``data/presets.csv``;
- ``link:<query>``: a pasted share link, stored as its url-encoded query string
  (``v=1&data=2026-02&h200_export_units=0``), rewritten to the canonical form.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from urllib.parse import parse_qs, urlencode, urlsplit

import altair as alt
import pandas as pd

from simulator import Projection, Scenario, presets, registry
from simulator.analysis import compute_share
from simulator.engine import DATES
from simulator.scenario import preset_name
from simulator.summary import Headline, cards
from simulator.words import short, shown

CURRENT, BASELINE = "current", "baseline"
PRESET, LINK = "preset:", "link:"
DEFAULT = [CURRENT, BASELINE]
MAX_SCENARIOS = 4
MAX_ITEM_CHARS = 2000  # a link item longer than this is not one of ours

# Okabe-Ito without the two company colours (#0072B2, #E69F00) and the pale yellow: the
# scenario in position 1 is always black, 2 vermillion, and so on, with a dash pattern each
# so that lines stay apart in print and for every kind of colour vision.
PALETTE = ("#000000", "#D55E00", "#009E73", "#CC79A7")
DASHES = ([1, 0], [8, 4], [2, 3], [10, 3, 2, 3])
LINE_NAMES = ("solid black line", "dashed red line", "dotted green line", "dash-dot pink line")
HEIGHT = 340  # with the legend and the axis


@dataclass(frozen=True)
class Entry:
    """One compared scenario: its item in the link, its name and where it came from."""

    item: str
    label: str
    origin: str
    scenario: Scenario


# ---------------------------------------------------------------- items and links
def link_query(text: str) -> str | None:
    """The query string of a pasted link (a full address, ``?a=1&b=2`` or ``a=1&b=2``), or
    None when the text holds no query at all."""
    text = text.strip()
    if not text:
        return None
    if "?" in text:
        query = urlsplit(text if "://" in text else "x:" + text).query
        if not query:
            query = text.split("?", 1)[1].split("#", 1)[0]
    elif "=" in text and "/" not in text:
        query = text.split("#", 1)[0]
    else:
        return None
    return query or None


def scenario_from_query(query: str) -> tuple[Scenario, list[str]]:
    """Read a share link's query string, ignoring its view settings (year, ...)."""
    from ui.state import VIEW_DEFAULTS  # here, so that ui.state may import this module

    parsed = parse_qs(query, keep_blank_values=True)
    for key in VIEW_DEFAULTS:  # how a scenario is shown, not the scenario itself
        parsed.pop(key, None)
    return Scenario.from_query(parsed)


def link_item(scenario: Scenario) -> str:
    """The canonical item for a linked scenario: ``baseline`` or ``preset:<name>`` when it is
    one of those, else ``link:`` and its query (model version, data vintage, changes)."""
    if scenario == Scenario():
        return BASELINE
    name = preset_name(scenario)
    return PRESET + name if name else LINK + urlencode(scenario.to_query())


def read_link(text: str) -> tuple[str | None, Scenario | None, list[str]]:
    """A pasted link as ``(item, scenario, warnings)``; item and scenario are None (with the
    reason as the only warning) when the text is not a link to a scenario of this app."""
    if len(text) > MAX_ITEM_CHARS:
        return None, None, ["That text is too long to be a link to this app."]
    query = link_query(text)
    if query is None:
        return (
            None,
            None,
            [
                "That is not a link to a scenario. Copy the whole address from the browser, or use "
                "'Copy link' on the Simulator page."
            ],
        )
    scenario, warnings = scenario_from_query(query)
    return link_item(scenario), scenario, warnings


def label_for(item: str) -> str:
    """The name an item shows in the picker (before links are numbered)."""
    if item == CURRENT:
        return "This scenario"
    if item == BASELINE:
        return "Baseline"
    if item.startswith(PRESET):
        found = presets().get(item.removeprefix(PRESET))
        return found[0] if found else short(item)
    return "Pasted link"


def _current_origin(current: Scenario) -> str:
    if current == Scenario():
        return "The controls in the sidebar, now at the baseline"
    name = preset_name(current)
    if name:
        return f"The controls in the sidebar, now the preset '{presets()[name][0]}'"
    changed = len(current.differences())
    return f"The controls in the sidebar: {changed} assumption(s) differ from the baseline"


def options(selected: Sequence[str]) -> list[str]:
    """Picker options: this scenario, the baseline, every preset that is not the baseline,
    and the links already in the comparison."""
    base = Scenario()
    out = [CURRENT, BASELINE]
    out += [PRESET + name for name, (_, _, s) in presets().items() if s != base]
    out += [item for item in selected if item.startswith(LINK) and item not in out]
    return out


def read_items(items: Sequence[str], current: Scenario) -> tuple[list[Entry], list[str]]:
    """Check the ``cmp`` items of a link.

    Returns the compared scenarios (at most :data:`MAX_SCENARIOS`, in order, each item
    canonical) and plain-English notes on every item that was dropped or adjusted. Never
    raises. An empty list gives the default comparison, this scenario and the baseline.
    """
    notes: list[str] = []
    if isinstance(items, str):
        items = [items]
    items = [str(i) for i in items if str(i).strip()]
    if not items:
        items = list(DEFAULT)
    stories = presets()
    base = Scenario()
    entries: list[Entry] = []
    links = 0
    for raw in items:
        item = raw.strip()
        if len(entries) == MAX_SCENARIOS:
            notes.append(
                f"A comparison holds at most {MAX_SCENARIOS} scenarios; "
                f"'{short(label_for(item))}' and any later ones were left out."
            )
            break
        if item == CURRENT:
            entry = Entry(CURRENT, "This scenario", _current_origin(current), current)
        elif item == BASELINE:
            entry = Entry(BASELINE, "Baseline", "Reported plans and prices", base)
        elif item.startswith(PRESET) and item.removeprefix(PRESET) in stories:
            name = item.removeprefix(PRESET)
            label, description, scenario = stories[name]
            if scenario == base:
                entry = Entry(BASELINE, "Baseline", "Reported plans and prices", base)
            else:
                entry = Entry(item, label, f"Preset: {description}", scenario)
        elif item.startswith(LINK) and len(item) <= MAX_ITEM_CHARS:
            scenario, warnings = scenario_from_query(item.removeprefix(LINK))
            canonical = link_item(scenario)
            if not canonical.startswith(LINK):  # the baseline or a preset: named as such
                notes += [f"A compared link: {w}" for w in warnings]
                entries_, _ = read_items([canonical], current)
                entry = entries_[0]
            else:
                links += 1
                label = f"Link {links}"
                notes += [f"Compared {label}: {w}" for w in warnings]
                changed = len(scenario.differences())
                origin = f"A pasted link: {changed} assumption(s) differ from the baseline"
                entry = Entry(canonical, label, origin, scenario)
        elif item.startswith(PRESET):
            notes.append(
                f"'{short(item.removeprefix(PRESET))}' is not a preset of this app; it was left "
                "out of the comparison."
            )
            continue
        else:
            notes.append(f"'{short(item)}' is not a scenario this app can compare; left out.")
            continue
        if entry.label in (e.label for e in entries) and entry.item not in (
            e.item for e in entries
        ):  # two presets with one label: keep the columns apart
            entry = Entry(
                entry.item, f"{entry.label} ({len(entries) + 1})", entry.origin, entry.scenario
            )
        if entry.item in (e.item for e in entries):
            notes.append(f"'{entry.label}' was listed twice; it is compared once.")
            if entry.item.startswith(LINK):
                links -= 1
            continue
        entries.append(entry)
    if not entries:
        entries, _ = read_items(DEFAULT, current)
        notes.append(
            "Nothing in the link could be compared; showing this scenario and the baseline."
        )
    return entries, notes


def link_value(entries: Sequence[Entry]) -> list[str]:
    """What the ``cmp`` view key holds for a comparison: nothing for the default one."""
    items = [e.item for e in entries]
    return [] if items == DEFAULT else items


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
    for p in registry():
        values = [e.scenario[p.key] for e in entries]
        if all(math.isclose(v, values[0]) for v in values[1:]):
            continue
        row = {"key": p.key, "Assumption": p.label}
        row.update({e.label: shown(p, v) for e, v in zip(entries, values, strict=True)})
        row.update(
            {
                "Unit": p.display_unit,
                "Kind": p.kind,
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


@dataclass(frozen=True)
class Row:
    """One headline number across the compared scenarios: the Simulator's card label, the
    card value per scenario, and the difference from the first scenario (None for the
    first one, or when the two are the same)."""

    label: str
    values: list[str]
    deltas: list[str | None]
    helps: list[str]
    delta_color: str


def headline_rows(headlines: Sequence[Headline]) -> list[Row]:
    """The four headline numbers (same strings as the Simulator's cards) of each scenario."""
    first = headlines[0]
    shown = [cards(h, first, is_baseline=i == 0, against=None) for i, h in enumerate(headlines)]
    return [
        Row(
            label=card.label,
            values=[s[k].value for s in shown],
            deltas=[s[k].delta for s in shown],
            helps=[s[k].help for s in shown],
            delta_color=card.delta_color,
        )
        for k, card in enumerate(shown[0])
    ]


# ---------------------------------------------------------------- charts (Altair)
def series_frame(labels: Sequence[str], projections: Sequence[Projection]) -> pd.DataFrame:
    """Monthly ByteDance series per scenario: compute share of Google's (%), compute
    (million H100-equivalents) and tokens served (trillion a day)."""
    frames = []
    for label, p in zip(labels, projections, strict=True):
        compute = p.arrays["compute_h100e"][0]  # (company, month); ByteDance first
        tokens = p.arrays["tokens_per_day"][0]
        frames.append(
            pd.DataFrame(
                {
                    "date": DATES,
                    "scenario": label,
                    "share": 100 * compute_share(compute[0], compute[1]),
                    "compute": compute[0] / 1e6,
                    "tokens": tokens[0] / 1e12,
                }
            )
        )
    return pd.concat(frames, ignore_index=True)


def _scenario_encodings(labels: Sequence[str]) -> dict:
    n = len(labels)
    # One scenario a line: a horizontal legend does not wrap and would be cut on a phone.
    legend = alt.Legend(
        orient="top", title=None, symbolStrokeWidth=3, symbolSize=300, labelLimit=260, columns=1
    )
    return {
        "color": alt.Color(
            "scenario:N",
            scale=alt.Scale(domain=list(labels), range=list(PALETTE[:n])),
            legend=legend,
        ),
        "strokeDash": alt.StrokeDash(
            "scenario:N",
            scale=alt.Scale(domain=list(labels), range=[list(d) for d in DASHES[:n]]),
            legend=legend,
        ),
    }


def _line_chart(
    frame: pd.DataFrame,
    field: str,
    title: str,
    y_title: str,
    fmt: str,
    height: int = HEIGHT,
) -> alt.Chart:
    labels = list(dict.fromkeys(frame["scenario"]))
    return (
        alt.Chart(frame, title=title)
        .mark_line(strokeWidth=2.5)
        .encode(
            x=alt.X("date:T", title=None, axis=alt.Axis(format="%Y", tickCount="year")),
            y=alt.Y(f"{field}:Q", title=y_title, scale=alt.Scale(zero=True)),
            **_scenario_encodings(labels),
            tooltip=[
                alt.Tooltip("scenario:N", title="Scenario"),
                alt.Tooltip("date:T", title="Month", format="%b %Y"),
                alt.Tooltip(f"{field}:Q", title=y_title, format=fmt),
            ],
        )
        .properties(height=height)
    )


def share_chart(frame: pd.DataFrame) -> alt.Chart:
    return _line_chart(
        frame,
        "share",
        "ByteDance's compute as a share of Google's",
        "ByteDance's compute (% of Google's)",
        ".1f",
        height=HEIGHT + 40,
    )


def compute_chart(frame: pd.DataFrame) -> alt.Chart:
    return _line_chart(
        frame,
        "compute",
        "ByteDance's AI compute",
        "Million H100-equivalents",
        ",.2f",
    )


def tokens_chart(frame: pd.DataFrame) -> alt.Chart:
    return _line_chart(
        frame,
        "tokens",
        "Tokens ByteDance serves per day",
        "Trillion tokens per day",
        ",.1f",
    )
