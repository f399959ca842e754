"""The page's language for screen readers, browsers' translation offers and fonts.

Streamlit writes ``<html lang="en">`` whatever the page shows; a reader of the Chinese
page needs ``lang="zh-Hans"`` so that a screen reader speaks it in Chinese and the browser
picks Chinese glyphs. A ``st.components.v2`` component with no visible part sets it; its
only input is one of two constant tags, never text from the link.
"""

from __future__ import annotations

import streamlit as st

from simulator import i18n

TAGS = {"en": "en", "zh": "zh-Hans"}  # BCP 47 tag per language of the app

JS = """
export default function (component) {
  const tag = component.data && component.data.tag;
  if (tag === "en" || tag === "zh-Hans") { document.documentElement.lang = tag; }
}
"""

_page_lang = st.components.v2.component("compute_gap.page_lang", js=JS)  # hidden: page_style


# The phone's "Controls" label on the sidebar button (ui/page_style.py), in Chinese: 控件
# (CSS escapes, so the style sheet stays ASCII).
CHINESE_CSS = '[data-testid="stExpandSidebarButton"]::after { content: "\\63a7\\4ef6"; }'


def mark_page_language() -> None:
    """Set the document's language to the reader's (call once per run)."""
    _page_lang(data={"tag": TAGS[i18n.language()]}, key="page_lang", height=0)
    if i18n.is_chinese():
        st.html(f"<style>{CHINESE_CSS}</style>")
