"""The page's language for screen readers, browsers' translation offers and fonts.

Streamlit writes ``<html lang="en">`` whatever the page shows; a reader of the Chinese
page needs ``lang="zh-Hans"`` so that a screen reader speaks it in Chinese and the browser
picks Chinese glyphs. The page's invisible helper (``ui/page_helper.py``) sets it with
``JS``; its only input is one of two constant tags, never text from the link. It sets the
tag only when it differs: the helper runs on every move, and setting ``lang`` even to the
same value made Chromium restyle the whole page (about 13 ms of every key press, measured
in alternating rounds as ``bench/browser.py`` does).
"""

from __future__ import annotations

import streamlit as st

from simulator import i18n

TAGS = {"en": "en", "zh": "zh-Hans"}  # BCP 47 tag per language of the app

JS = """
function setPageLanguage(data) {
  const tag = data && data.tag;
  const html = document.documentElement;
  if ((tag === "en" || tag === "zh-Hans") && html.lang !== tag) { html.lang = tag; }
}
"""


# The phone's "Controls" label on the sidebar button (ui/page_style.py), in Chinese: 控件
# (CSS escapes, so the style sheet stays ASCII).
CHINESE_CSS = '[data-testid="stExpandSidebarButton"]::after { content: "\\63a7\\4ef6"; }'


def tag() -> str:
    """The reader's language as the page's ``lang`` tag."""
    return TAGS[i18n.language()]


def language_style() -> None:
    """The style sheet's words in the reader's language (call once per run)."""
    if i18n.is_chinese():
        st.html(f"<style>{CHINESE_CSS}</style>")
