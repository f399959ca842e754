"""Charts out of the app: the Arrow form Streamlit sends, self-contained Vega-Lite JSON, and
PNG or SVG images (vl-convert, offline) for downloads and the briefing.

A chart spec here is a Vega-Lite dict whose ``datasets`` are Arrow tables, as
``ui/charts/simulator.py`` builds them.
"""

from __future__ import annotations

import json

import pyarrow as pa


def _ipc(table: pa.Table) -> bytes:
    sink = pa.BufferOutputStream()
    with pa.ipc.new_stream(sink, table.schema) as writer:
        writer.write_table(table)
    return sink.getvalue().to_pybytes()


def for_streamlit(chart_spec: dict) -> dict:
    """The spec with its datasets as Arrow IPC bytes, the form Streamlit sends as is."""
    return {**chart_spec, "datasets": {k: _ipc(t) for k, t in chart_spec["datasets"].items()}}


def to_json(chart_spec: dict, width: int = 720) -> str:
    """A self-contained Vega-Lite JSON (datasets inlined as records) for export."""
    out = {**chart_spec, "width": width}
    out["datasets"] = {
        name: json.loads(table.to_pandas().to_json(orient="records", date_format="iso"))
        for name, table in chart_spec["datasets"].items()
    }
    return json.dumps(out)


def to_image(chart_spec: dict, fmt: str = "png") -> bytes:
    """Render a chart to PNG or SVG bytes (vl-convert, offline)."""
    import vl_convert as vlc

    text = to_json(chart_spec)
    if fmt == "svg":
        return vlc.vegalite_to_svg(text).encode()
    return vlc.vegalite_to_png(text, scale=2)
