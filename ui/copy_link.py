"""A "Copy link" button that copies the scenario's link with one click or tap and says so.

A ``st.components.v2`` component: a real ``<button>`` (reachable by Tab, pressed with Enter
or Space, with the app's focus ring), the clipboard written in the click's own handler (the
user gesture browsers ask for), and "Link copied" announced in a polite live region. Where
the clipboard is refused (a page served over plain http from another machine), the link is
shown selected, ready for Ctrl+C. The link arrives as data and is set as text, never parsed
as HTML.
"""

from __future__ import annotations

from functools import cache
from html import escape

import streamlit as st

from simulator.i18n import N_, _, language, using

HTML = """
<div class="copy">
  <button type="button" class="copy-button">
    <svg class="icon" aria-hidden="true" focusable="false" viewBox="0 0 24 24" width="18"
      height="18"><path fill="currentColor" d="M3.9 12c0-1.71 1.39-3.1 3.1-3.1h4V7H7c-2.76
      0-5 2.24-5 5s2.24 5 5 5h4v-1.9H7c-1.71 0-3.1-1.39-3.1-3.1zM8 13h8v-2H8v2zm9-6h-4v1.9h4c1.71
      0 3.1 1.39 3.1 3.1s-1.39 3.1-3.1 3.1h-4V17h4c2.76 0 5-2.24 5-5s-2.24-5-5-5z"/></svg>
    <span>{button}</span>
  </button>
  <span class="status" role="status" aria-live="polite"></span>
  <input class="fallback" type="text" readonly aria-label="{field}" hidden>
</div>
"""

CSS = """
.copy { display: flex; align-items: center; gap: 0.6rem; flex-wrap: wrap;
  font-family: var(--st-font, "Source Sans Pro", sans-serif); }
.copy-button { display: inline-flex; align-items: center; gap: 0.4rem; min-height: 2.5rem;
  padding: 0.25rem 0.9rem; border-radius: 0.5rem; cursor: pointer; font: inherit;
  font-size: 1rem; color: var(--st-text-color, #1b1f24);
  background: var(--st-background-color, #ffffff);
  border: 1px solid rgba(27, 31, 36, 0.3); }
.copy-button:hover { border-color: var(--st-primary-color, #1f5fa8);
  color: var(--st-primary-color, #1f5fa8); }
.copy-button:focus-visible { outline: 3px solid var(--st-primary-color, #1f5fa8);
  outline-offset: 2px; }
.status { color: #1b6e3a; font-size: 0.95rem; font-weight: 600; }
.fallback { flex: 1 1 16rem; min-width: 0; font: inherit; font-size: 0.85rem;
  padding: 0.3rem; }
"""

JS = """
export default function (component) {
  const { data, parentElement } = component;
  const button = parentElement.querySelector(".copy-button");
  const status = parentElement.querySelector(".status");
  const fallback = parentElement.querySelector(".fallback");
  const link = (data && data.link) || window.location.href;
  const words = (data && data.words) || {};
  fallback.value = link;
  const done = (text) => {
    status.textContent = text;
    clearTimeout(button._timer);
    button._timer = setTimeout(() => { status.textContent = ""; }, 4000);
  };
  const manual = () => {
    fallback.hidden = false;
    fallback.focus();
    fallback.select();
    done(words.manual || "Press Ctrl+C (or Cmd+C) to copy the selected link");
  };
  button.onclick = () => {
    status.textContent = "";
    if (navigator.clipboard && window.isSecureContext) {
      navigator.clipboard.writeText(link).then(() => done(words.copied || "Link copied"), manual);
      return;
    }
    fallback.hidden = false;
    fallback.select();
    let copied = false;
    try { copied = document.execCommand("copy"); } catch (e) { copied = false; }
    if (copied) { fallback.hidden = true; done(words.copied || "Link copied"); } else { manual(); }
  };
}
"""


@cache
def _component(lang: str):  # noqa: ANN202 (Streamlit's component callable)
    """The component in one language: its button and field are named in the HTML itself."""
    with using(lang):
        words = {key: escape(_(text)) for key, text in WORDS.items()}
        html = HTML.format(button=words["button"], field=words["field"])
    name = "compute_gap.copy_link" + ("" if lang == "en" else f"_{lang}")
    return st.components.v2.component(name, html=html, css=CSS, js=JS)


# What the button says, in the reader's language (sent with the link, set as text).
WORDS = {
    "button": N_("Copy link"),
    "copied": N_("Link copied"),
    "manual": N_("Press Ctrl+C (or Cmd+C) to copy the selected link"),
    "field": N_("Link to this scenario"),
}


def copy_link_button(link: str) -> None:
    """Draw the button that copies ``link`` (the scenario's share link)."""
    words = {key: _(WORDS[key]) for key in ("copied", "manual")}
    _component(language())(data={"link": link, "words": words}, key="copy_link")
