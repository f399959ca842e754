"""Find English a Chinese reader would see on a page run in AppTest (``lang=zh``).

:func:`english_in_app` walks every element the page drew (text, labels, help, options,
metrics, tables, chart titles, axes, legends, tooltips and the chart data's labels,
component HTML) and returns the English words it finds, with where they were, besides
the names that stay as they are (:data:`NAMES`) and the addresses of sources.
"""

from __future__ import annotations

import io
import json
import re
from collections.abc import Iterator
from typing import Any

from google.protobuf.json_format import MessageToDict

# Names and acronyms a Chinese text writes as they are.
NAMES = frozenset(
    [
        "ByteDance",
        "Google",
        "Nvidia",
        "NVIDIA",
        "Huawei",
        "Doubao",
        "Gemini",
        "YouTube",
        "BytePlus",
        "Alphabet",
        "DeepSeek",
        "Epoch",
        "Anthropic",
        "Meta",
        "OpenAI",
        "Microsoft",
        "Amazon",
        "Oracle",
        "Alibaba",
        "Tencent",
        "Baidu",
        "Volcano",
        "Engine",
        "Seed",
        "Cloud",
        "SemiAnalysis",
        "Bloomberg",
        "Reuters",
        "Information",
        "FT",
        "Caixin",
        "SCMP",
        "CNBC",
        "Nikkei",
        "TrendForce",
        "Jefferies",
        "Morgan",
        "Stanley",
        "Goldman",
        "Sachs",
        "Bernstein",
        "Omdia",
        "IDC",
        "TechInsights",
        "Malaysia",
        "Johor",
        "H200",
        "H100",
        "H20",
        "B200",
        "B300",
        "B30A",
        "GB200",
        "GB300",
        "A100",
        "TPU",
        "TPUs",
        "Ascend",
        "Blackwell",
        "Hopper",
        "Rubin",
        "Ironwood",
        "Trillium",
        "CloudMatrix",
        "SMIC",
        "TSMC",
        "HBM",
        "FP8",
        "FP4",
        "INT8",
        "BF16",
        "FP16",
        "FLOP",
        "TFLOP",
        "BF",  # BF16, FP8, INT8: the word pattern stops at the digits
        "FP",
        "INT",
        "SXM",
        "PR",  # Ascend 950PR
        "GB",
        "TB",
        "FLOPs",
        "TFLOP",
        "BF",  # of BF16, which the word pattern splits at its digits
        "API",
        "PFLOP",
        "AI",
        "GPU",
        "GPUs",
        "CPU",
        "CSV",
        "JSON",
        "Excel",
        "PNG",
        "PDF",
        "SVG",
        "HTML",
        "PowerPoint",
        "URL",
        "Compute",
        "Gap",
        "Streamlit",
        "Altair",
        "NumPy",
        "Python",
        "GitHub",
        "YouTube",
        "API",
        "Flash",
        "LMSYS",
        "SGLang",
        "Vega",
        "Lite",
        "CEO",
        "CFO",
        "US",
        "USA",
        "UK",
        "EU",
        "PRC",
    ]
)
WORD = re.compile(r"[A-Za-z][A-Za-z'’\-]*[A-Za-z]")
URL = re.compile(  # a dot may come Markdown-escaped (\.)
    r"(?:https?://|www\.)\S+|\b[\w.-]+\\?\.(?:com|org|net|io|cn|gov|sg)(?![A-Za-z])\S*"
    r"|\b[\w/.-]+\\?\.(?:csv|py)\b"  # file names (data/chips.csv) stay as they are
)
# tags, icons, entities, placeholders, TeX commands (\frac) and code spans (`link_key`)
MARKUP = re.compile(
    r"<[^>]*>|:material/[a-z_]+:|&[a-z]+;|\{[^}]*\}|\\[A-Za-z]+|`[^`]*`"
    r"|\]\([^)]*\)"  # a Markdown link's target (a relative link to this app)
)
SKIP_FIELDS = {
    "id", "icon", "type", "formId", "elementType", "componentName", "jsSourcePath",
    "cssSourcePath", "cssContent", "jsContent", "tag", "dataType", "labelVisibility",
    "theme", "datasets", "spec", "htmlContent", "color", "direction", "widthConfig",
    "heightConfig", "flexContainer", "gapConfig", "key", "data", "columns", "format",
    "verticalAlignment", "url", "deferredFileId", "language", "uuid", "styles",
    "displayValues",
}  # fmt: skip
# The language switch names each language in its own words, and its label is in both.
BILINGUAL = {"English", "Language · 语言"}
SPEC_TEXT = {"title", "text", "description", "subtitle"}


def english_words(text: str) -> list[str]:
    """The English words in ``text`` besides names, addresses and markup."""
    if text in BILINGUAL:
        return []
    text = MARKUP.sub(" ", URL.sub(" ", text))
    return [w for w in WORD.findall(text) if w not in NAMES and w.strip("'’-") not in NAMES]


def _proto_strings(value: Any, field: str = "") -> Iterator[str]:
    if field in SKIP_FIELDS:
        return
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for key, item in value.items():
            yield from _proto_strings(item, key)
    elif isinstance(value, list):
        for item in value:
            yield from _proto_strings(item, field)


def _spec_strings(spec: Any, field: str = "") -> Iterator[str]:
    if isinstance(spec, str):
        if field in SPEC_TEXT:
            yield spec
    elif isinstance(spec, dict):
        for key, item in spec.items():
            if key == "data":
                continue
            if key in SPEC_TEXT and isinstance(item, (list, dict)):
                yield from _spec_strings(item, "text" if isinstance(item, list) else "")
                continue
            yield from _spec_strings(item, key)
    elif isinstance(spec, list):
        for item in spec:
            yield from _spec_strings(item, field)


def _arrow_strings(data: bytes, headers: bool = False) -> Iterator[str]:
    import pyarrow as pa

    table = pa.ipc.open_stream(io.BytesIO(data)).read_all()
    if headers:  # a table's column headers (a chart's column names are not shown)
        yield from (name for name in table.column_names if not name.startswith("__"))
    for column in table.columns:
        if pa.types.is_string(column.type) or pa.types.is_large_string(column.type):
            yield from (v for v in set(column.to_pylist()) if isinstance(v, str))


def _chart_strings(proto: Any, spec: str) -> Iterator[tuple[str, str]]:
    """A chart's titles, axes, legends, tooltips and the labels in its data."""
    for text in _spec_strings(json.loads(spec)):
        yield "chart", text
    for dataset in proto.datasets:
        for text in _arrow_strings(dataset.data.data):
            yield "chart data", text


def element_strings(node: Any) -> Iterator[tuple[str, str]]:
    """(element type, text) for every text a reader can see in ``node``'s proto."""
    proto = getattr(node, "proto", None)
    if proto is None:
        return
    kind = type(node).__name__
    if kind == "Html":  # the app's own style sheet
        return
    message = MessageToDict(proto)
    for text in _proto_strings(message):
        yield kind, text
    if "htmlContent" in message:  # a component: the text of its HTML
        yield kind, re.sub(r"<[^>]*>", " ", message["htmlContent"])
    if "spec" in message:
        yield from _chart_strings(proto, message["spec"])
    for text in _column_strings(message.get("columns")):
        yield kind, text
    arrow = getattr(proto, "arrow_data", None) or getattr(proto, "data", None)  # tables
    if not isinstance(arrow, bytes):  # Arrow bytes in a message of their own
        arrow = getattr(arrow, "data", None)
    if isinstance(arrow, bytes) and arrow:
        for text in _arrow_strings(arrow, headers=True):
            yield kind, text


def _column_strings(columns: str | None) -> Iterator[str]:
    """A data frame's column settings (JSON): each column's label, help and link text."""
    for config in json.loads(columns or "{}").values():
        for field in ("label", "help"):
            if isinstance(config.get(field), str):
                yield config[field]
        display = (config.get("type_config") or {}).get("display_text")
        if isinstance(display, str):
            yield display


def _nodes(node: Any) -> Iterator[Any]:
    yield node
    children = getattr(node, "children", None)
    if isinstance(children, dict):
        for child in children.values():
            yield from _nodes(child)


def english_in_app(at: Any, part: Any = None) -> dict[str, list[str]]:
    """Every text of the app run ``at`` (or of ``part`` of it, e.g. ``at.main``) with English
    in it -> its English words."""
    found: dict[str, list[str]] = {}
    for node in _nodes(part if part is not None else at._tree):
        for kind, text in element_strings(node):
            words = english_words(text)
            if words:
                found[f"{kind}: {text[:120]}"] = words
    return found
