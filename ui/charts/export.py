"""Charts out of the app: the Arrow form Streamlit sends, self-contained Vega-Lite JSON, and
PNG or SVG images (vl-convert, offline) for downloads and the briefing.

A chart spec here is a Vega-Lite dict whose ``datasets`` are Arrow tables, as
``ui/charts/simulator.py`` builds them. An image made for a slide carries its context
(:class:`Context`): the scenario, what it changes, the year, how to read the lines, the
data's date, the sources and the link back, so a chart pasted alone cannot be mistaken
for another scenario's.
"""

from __future__ import annotations

import datetime as dt
import json
import unicodedata
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

import pyarrow as pa

from simulator.i18n import N_, _, is_chinese, locale
from ui.charts.style import NOTE_COLOR, TEXT_COLOR

WIDTH = 720
# Debian's fonts-noto-cjk: the Chinese glyphs of an image in Chinese (.ci/run installs it).
CJK_FONTS = Path("/usr/share/fonts/opentype/noto")
SOURCES = N_("Sources: every figure's source is on the app's Assumptions & sources page.")


@dataclass(frozen=True)
class Context:
    """What an exported chart says about itself, above and below the plot."""

    scenario: str  # "Remote access closed", "Custom scenario", ...
    changes: list[str] = field(default_factory=list)  # "H200 price in China: $27,000", ...
    year: int | None = None
    legend: str = ""  # how to read the lines (the baseline, dotted lines, ...)
    vintage: str = ""  # "Data as of June 2026, model version 2"
    sources: str = SOURCES  # translated when drawn
    link: str = ""

    def subtitle(self) -> list[str]:
        """The lines under the chart's title: the scenario and what it changes (in the
        reader's language)."""
        if self.year:
            first = _("Scenario: {scenario} · headline year {year}")
        else:
            first = _("Scenario: {scenario}")
        lines = [first.format(scenario=self.scenario, year=self.year)]
        changes = ("；" if is_chinese() else "; ").join(self.changes)
        if changes:
            lines += _wrap(_("Changed from the baseline: {changes}").format(changes=changes))
        return lines

    def footer(self) -> list[str]:
        """The lines under the plot: how to read it, the data's date, sources and link."""
        lines = _wrap(self.legend) if self.legend else []
        lines += _wrap(" · ".join(x for x in (self.vintage, _(self.sources)) if x))
        if self.link:
            lines += _wrap(_("Open this scenario: {link}").format(link=self.link), hard=True)
        return lines


def data_date(release) -> str:
    """The month of a release's data, as the reader writes it: "June 2026", "2026年6月"."""
    if not is_chinese():
        return release.label
    from babel.dates import format_date

    year, month = (int(x) for x in release.vintage.split("-")[:2])
    return format_date(dt.date(year, month, 1), "yyyy年M月", locale=locale())


def vintage_line(release) -> str:
    """The data's date and the model version, as an exported chart prints them."""
    return _("Data as of {date}, Compute Gap model version {version}").format(
        date=data_date(release), version=release.version
    )


def _columns(char: str) -> int:
    """A character's width in columns: 2 for a Chinese character or full-width sign."""
    return 2 if unicodedata.east_asian_width(char) in "WF" else 1


def _wrap(text: str, width: int = 110, hard: bool = False) -> list[str]:
    """Split ``text`` into lines of at most ``width`` columns (a link is cut anywhere; a
    Chinese character counts two columns, and a line may break between two of them)."""
    if hard:
        return [text[i : i + width] for i in range(0, len(text), width)] or [""]
    if not any(_columns(ch) == 2 for ch in text):  # English: break at spaces only
        lines, line = [], ""
        for word in text.split():
            if line and len(line) + 1 + len(word) > width:
                lines.append(line)
                line = word
            else:
                line = f"{line} {word}".strip()
        return [*lines, line] if line else lines
    return _wrap_cjk(" ".join(text.split()), width)


# Chinese punctuation that never starts a line (it stays with the character before it).
NO_START = set("，。、；：？！）》」』】”’%")


def _wrap_cjk(text: str, width: int) -> list[str]:
    """Wrap mixed Chinese and Latin text: Latin words stay whole, Chinese breaks anywhere
    but before closing punctuation."""
    pieces: list[str] = []  # Latin words (with the space after them) and single characters
    word = ""
    for ch in text:
        if _columns(ch) == 1 and ch != " ":
            word += ch
            continue
        if word:
            pieces.append(word)
            word = ""
        if ch == " " and pieces:
            pieces[-1] += " "
        elif ch != " ":
            pieces.append(ch)
    if word:
        pieces.append(word)
    lines, line, used = [], "", 0
    for piece in pieces:
        size = sum(_columns(ch) for ch in piece.rstrip())
        if line and used + size > width and piece[0] not in NO_START:
            lines.append(line.rstrip())
            line, used = "", 0
        line += piece
        used += sum(_columns(ch) for ch in piece)
    return [*lines, line.rstrip()] if line.strip() else lines


def _ipc(table: pa.Table) -> bytes:
    sink = pa.BufferOutputStream()
    with pa.ipc.new_stream(sink, table.schema) as writer:
        writer.write_table(table)
    return sink.getvalue().to_pybytes()


def for_streamlit(chart_spec: dict) -> dict:
    """Return the spec with its datasets as Arrow IPC bytes, the form Streamlit sends as is."""
    return {**chart_spec, "datasets": {k: _ipc(t) for k, t in chart_spec["datasets"].items()}}


def _records(chart_spec: dict) -> dict:
    return {
        name: json.loads(table.to_pandas().to_json(orient="records", date_format="iso"))
        for name, table in chart_spec["datasets"].items()
    }


def to_json(chart_spec: dict, width: int = WIDTH, context: Context | None = None) -> str:
    """Return a self-contained Vega-Lite JSON (datasets inlined as records) for export.

    With a ``context``, the scenario and what it changes go under the title and the
    reading guide, data date, sources and link under the plot.
    """
    out = {**chart_spec, "width": width, "datasets": _records(chart_spec)}
    if context is None:
        return json.dumps(out)
    title = out.pop("title", "")
    text = title.get("text", "") if isinstance(title, dict) else title
    config = out.pop("config", {})
    schema = out.pop("$schema", None)
    datasets = out.pop("datasets")
    footer = {
        "data": {"values": [{"line": line, "i": i} for i, line in enumerate(context.footer())]},
        "mark": {
            "type": "text",
            "align": "left",
            "baseline": "top",
            "fontSize": 11,
            "color": NOTE_COLOR,
        },
        "encoding": {
            "y": {"field": "i", "type": "ordinal", "axis": None},
            "text": {"field": "line", "type": "nominal"},
            "x": {"value": 0},
        },
        "width": width,
        "height": {"step": 15},
        "view": {"stroke": None},
    }
    wrapped = {
        "title": {
            "text": text,
            "subtitle": context.subtitle(),
            "anchor": "start",
            "color": TEXT_COLOR,
            "subtitleColor": TEXT_COLOR,
            "fontSize": 16,
            "subtitleFontSize": 12,
        },
        "vconcat": [out, footer],
        "spacing": 12,
        "datasets": datasets,
        "config": config,
    }
    if schema:
        wrapped["$schema"] = schema
    return json.dumps(wrapped)


@cache
def _converter():
    """vl-convert, with the Chinese fonts registered (once) when they are installed."""
    import vl_convert as vlc

    if CJK_FONTS.is_dir():
        vlc.register_font_directory(str(CJK_FONTS))
    return vlc


def to_image(chart_spec: dict, fmt: str = "png", context: Context | None = None) -> bytes:
    """Render a chart to PNG or SVG bytes (vl-convert, offline), with its context if given."""
    vlc = _converter()
    text = to_json(chart_spec, context=context)
    if fmt == "svg":
        return vlc.vegalite_to_svg(text).encode()
    return vlc.vegalite_to_png(text, scale=2)
