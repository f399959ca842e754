"""Charts out of the app: the Arrow form Streamlit sends, self-contained Vega-Lite JSON, and
PNG or SVG images (vl-convert, offline) for downloads and the briefing.

A chart spec here is a Vega-Lite dict whose ``datasets`` are Arrow tables, as
``ui/charts/simulator.py`` builds them. An image made for a slide carries its context
(:class:`Context`): the scenario, what it changes, the year, how to read the lines, the
data's date, the sources and the link back, so a chart pasted alone cannot be mistaken
for another scenario's.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field

import pyarrow as pa

from ui.charts.style import NOTE_COLOR, TEXT_COLOR

WIDTH = 720


@dataclass(frozen=True)
class Context:
    """What an exported chart says about itself, above and below the plot."""

    scenario: str  # "Remote access closed", "Custom scenario", ...
    changes: list[str] = field(default_factory=list)  # "H200 price in China: $27,000", ...
    year: int | None = None
    legend: str = ""  # how to read the lines (the baseline, dotted lines, ...)
    vintage: str = ""  # "Data as of June 2026, model version 2"
    sources: str = "Sources: every figure's source is on the app's Assumptions & sources page."
    link: str = ""

    def subtitle(self) -> list[str]:
        """The lines under the chart's title: the scenario and what it changes."""
        lines = [
            f"Scenario: {self.scenario}" + (f" · headline year {self.year}" if self.year else "")
        ]
        changes = "; ".join(self.changes)
        if changes:
            lines += _wrap(f"Changed from the baseline: {changes}")
        return lines

    def footer(self) -> list[str]:
        """The lines under the plot: how to read it, the data's date, sources and link."""
        lines = _wrap(self.legend) if self.legend else []
        lines += _wrap(" · ".join(x for x in (self.vintage, self.sources) if x))
        if self.link:
            lines += _wrap(f"Open this scenario: {self.link}", hard=True)
        return lines


def _wrap(text: str, width: int = 110, hard: bool = False) -> list[str]:
    """Split ``text`` into lines of at most ``width`` characters (a link is cut anywhere)."""
    if hard:
        return [text[i : i + width] for i in range(0, len(text), width)] or [""]
    lines, line = [], ""
    for word in text.split():
        if line and len(line) + 1 + len(word) > width:
            lines.append(line)
            line = word
        else:
            line = f"{line} {word}".strip()
    return [*lines, line] if line else lines


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


def to_image(chart_spec: dict, fmt: str = "png", context: Context | None = None) -> bytes:
    """Render a chart to PNG or SVG bytes (vl-convert, offline), with its context if given."""
    import vl_convert as vlc

    text = to_json(chart_spec, context=context)
    if fmt == "svg":
        return vlc.vegalite_to_svg(text).encode()
    return vlc.vegalite_to_png(text, scale=2)
