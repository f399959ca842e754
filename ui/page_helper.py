"""The page's one invisible component: what only the browser can do, in one element.

Three small jobs share it, each explained where its code lives:

- ``ui/page_lang.py``: ``<html lang>`` follows the reader's language;
- ``ui/page_style.py``: each slider is named once for screen readers;
- ``ui/link_limit.py``: a link over Streamlit's query limits is reported to the app.

One element rather than three: the browser redraws every element of the page on every
move of a control (``bench/browser.py``). Its JavaScript is constant; its data is a
language tag and Streamlit's two limits, nothing from the reader or the link.
"""

from __future__ import annotations

from typing import Any

import streamlit as st

from ui import link_limit, page_lang, page_style

KEY = "page_helper"  # hidden by the style sheet

_JS = (
    page_lang.JS
    + page_style.SLIDER_NAMES_JS
    + link_limit.JS
    + """
export default function (component) {
  const { data, setStateValue } = component;
  setPageLanguage(data);
  fixSliderNames();
  reportDroppedLink(data, setStateValue);
}
"""
)

_component = st.components.v2.component("compute_gap.page_helper", js=_JS)


def draw() -> Any:
    """Draw the helper (once per run, after the page); return what the browser reported
    of a dropped link (``None`` for a link within the limits)."""
    result = _component(
        key=KEY,
        data={
            "tag": page_lang.tag(),
            "max_chars": link_limit.MAX_CHARS,
            "max_fields": link_limit.MAX_FIELDS,
        },
        height=0,
        on_dropped_change=lambda: None,
    )
    return getattr(result, "dropped", None)
