"""The app's own CSS: constants (nothing a reader, a link or the data can influence), the
sheet for every page injected once per run by the entrypoint, each page's own by the page.

- Headline cards: four in a row when the page is wide enough, else two by two; a label or
  a number wraps rather than being cut with an ellipsis.
- Phones: a headline bar at the foot of the open sidebar, and a labelled, larger button to
  open the controls.
- Captions (WCAG 2.1 AA): Streamlit draws them at 60% opacity, about 4.3:1 on white; drawn
  at full opacity in a dark grey they reach 7.4:1 on the sidebar's background and 8.1:1
  on white.
- Equations (KaTeX): a display equation wider than a phone scrolled sideways in a box the
  keyboard cannot reach; it wraps at its operators instead.
- Element toolbars (a chart's fullscreen and download buttons) and the link beside each
  heading are invisible until hovered, yet take the keyboard's focus: they show while they
  have it.
- Tables on the Compare and Assumptions & sources pages: laid out as blocks where their
  columns would not fit side by side (see below), never scrolled sideways.

Slider names, read once: Streamlit 1.67 names each slider twice. Its frontend
(``static/static/js/Slider.*.js``) passes the label as ``aria-label`` both to React Aria's
``Slider`` (the ``role="group"`` box) and to its ``SliderThumb`` (the ``<input
type="range">``); React Aria's ``useSliderThumb`` then gives the input
``aria-labelledby="<input's id> <group's id>"``, and that list wins over ``aria-label``:
the slider is announced as "First H200 deliveries to ByteDance First H200 deliveries to
ByteDance", inside a group of the same name. No Streamlit option changes it (the label is
passed whatever ``label_visibility`` says) and CSS cannot change a name, so constant
JavaScript (``SLIDER_NAMES_JS``, nothing from the reader or the link; run by the page's
helper, ``ui/page_helper.py``) drops the input's ``aria-labelledby`` (its ``aria-label``
remains: the label, once) and the group's ``aria-label`` (an unnamed group is not
announced), on every slider, as sliders appear or are relabelled.
"""

from __future__ import annotations

import streamlit as st

CAPTION_COLOR = "#4B5058"
RULE_COLOR = "rgba(49, 51, 63, 0.2)"  # Streamlit's own table rules
HEADER_RULE_COLOR = "rgba(49, 51, 63, 0.35)"
HEADER_BACKGROUND = "#f3f5f8"  # the theme's secondaryBackgroundColor

# Every page. Rules for one page's elements are in that page's sheet below: the browser
# matches every rule of the page against every element each time a move restyles it.
# (Key presses in alternating rounds, as bench/browser.py measures them: one sheet for all
# pages made a press on the Simulator about 6% slower than these, no sheet at all ran
# within the noise of these.)
CSS = f"""
@media (max-width: 640px) {{
  h1 {{ font-size: 2rem !important; }}
  [data-testid="stSidebarContent"] {{ padding-bottom: 5rem; }}
  [data-testid="stExpandSidebarButton"] {{ min-height: 44px; padding: 0 0.5rem; }}
  [data-testid="stExpandSidebarButton"]::after {{
    content: "Controls"; margin-left: 0.25rem; font-size: 1rem; color: #1b1f24;
  }}
  .katex-display > .katex {{ font-size: 1em; }}
}}

/* The page's helper (ui/page_helper.py) draws nothing: no gap for it. */
.st-key-page_helper {{ display: none; }}

[data-testid="stCaptionContainer"] {{ opacity: 1; color: {CAPTION_COLOR}; }}
/* Tables (st.table) fit the page's width and wrap their cells: a table that scrolled
   sideways would be a region the keyboard cannot reach. */
[data-testid="stTable"] table {{ width: 100%; table-layout: fixed; }}
[data-testid="stTable"] th, [data-testid="stTable"] td {{
  white-space: normal; overflow-wrap: anywhere;
}}
.katex-display > .katex,
.katex-display > .katex > .katex-html {{ white-space: normal; }}
[data-testid="stElementToolbar"]:focus-within,
[data-testid="stHeaderActionElements"] a:focus-visible {{ opacity: 1; transition: none; }}
"""

# A metric's label, number and change are Markdown boxes that Streamlit keeps on one line
# and cuts with an ellipsis: in the app's cards they wrap instead.
_WRAP = "white-space: normal; overflow: visible; text-overflow: clip;"

# The Simulator: headline cards (four in a row when their box is wide enough, else two by
# two), the sentence, the phone's headline bar and the charts' figures in words.
SIMULATOR = f"""
.st-key-cards {{ container-type: inline-size; flex-wrap: wrap; row-gap: 0.75rem; }}
.st-key-cards > div {{ flex: 1 1 40%; min-width: 9.5rem; }}
@container (min-width: 48rem) {{ .st-key-cards > div {{ flex-basis: 20%; }} }}
.st-key-cards [data-testid="stMarkdownContainer"],
.st-key-cards [data-testid="stMarkdownContainer"] > p {{ {_WRAP} }}
.st-key-cards [data-testid="stMetricValue"] {{ font-size: 2rem; line-height: 1.2; }}

/* The result sentence under the cards: large, but a paragraph. */
.st-key-sentence p {{ font-size: 1.3rem; font-weight: 600; line-height: 1.45; }}

.st-key-phone_headline {{ display: none; }}
@media (max-width: 640px) {{
  .st-key-cards [data-testid="stMetricValue"] {{ font-size: 1.6rem; }}
  .st-key-phone_headline {{
    display: block; position: fixed; left: 0; bottom: 0; z-index: 100;
    width: 300px; max-width: 100vw; padding: 0.6rem 1rem;
    background: #ffffff; border-top: 2px solid #1f5fa8;
  }}
  .st-key-phone_headline p {{ margin: 0; font-size: 0.95rem; }}
}}

/* The charts' figures in words, after them: read by screen readers, not shown (the charts
   and the cards show them); out of the flow, so no gap either. */
.st-key-chart_words {{
  position: absolute !important; width: 1px; height: 1px; margin: -1px; padding: 0;
  overflow: hidden; clip: rect(0 0 0 0); clip-path: inset(50%); white-space: nowrap;
  border: 0;
}}
"""


def _table_box(key: str) -> str:
    """The box of the wide table keyed ``key``: a size container (the narrow layout that
    follows it in an ``@container`` rule), scrolling only until that layout applies."""
    box = f".st-key-{key}"
    return (
        f"{box} {{ container-type: inline-size; }}\n"
        f"{box} table {{ display: block; overflow-x: auto; max-width: 100%; }}\n"
        f"{box} th, {box} td {{ padding: 0.35rem 0.5rem; }}"
    )


# Compare: its cards, and its table of assumptions. The table wraps its text; its box is a
# size container: where four scenarios' columns would not fit side by side (a laptop with
# the sidebar open, a phone), the table is laid out as a list of rows instead of scrolling
# sideways. The markup stays a table (a screen reader still hears rows, cells and column
# headers); only the boxes change.
COMPARE = f"""
[class*="st-key-cmp_cards_"] {{ flex-wrap: wrap; row-gap: 0.5rem; }}
[class*="st-key-cmp_cards_"] > div {{ flex: 1 1 9rem; min-width: 9rem; }}
[class*="st-key-cmp_cards_"] [data-testid="stMarkdownContainer"],
[class*="st-key-cmp_cards_"] [data-testid="stMarkdownContainer"] > p {{ {_WRAP} }}
@media (max-width: 640px) {{
  [class*="st-key-cmp_cards_"] [data-testid="stMetricValue"] {{ font-size: 1.5rem; }}
}}

{_table_box("cmp_assumptions")}
.st-key-cmp_assumptions td:nth-last-child(2) {{ white-space: nowrap; }}
.st-key-cmp_assumptions td:last-child {{ min-width: 9rem; }}

/* Compare, narrower than 48rem: one block per assumption. Its name on a line, then the
   scenarios' values in equal columns under the scenarios' names (the header row), then
   unit, kind and date in small print and the baseline value's source below. */
@container (max-width: 47.99rem) {{
  .st-key-cmp_assumptions table {{ display: block; overflow: visible; border: 0; }}
  .st-key-cmp_assumptions :is(thead, tbody) {{ display: block; }}
  .st-key-cmp_assumptions tr {{
    display: flex; flex-wrap: wrap; border-top: 1px solid {RULE_COLOR};
  }}
  .st-key-cmp_assumptions thead tr {{
    background: {HEADER_BACKGROUND}; border-bottom: 2px solid {HEADER_RULE_COLOR};
  }}
  .st-key-cmp_assumptions tr > * {{
    order: 1; flex: 1 1 0; min-width: 0; border: 0; padding: 0.25rem 0.5rem;
    white-space: normal; overflow-wrap: break-word;
  }}
  .st-key-cmp_assumptions tr > :first-child {{ order: 0; flex: 0 0 100%; font-weight: 600; }}
  .st-key-cmp_assumptions tr::before {{ content: ""; order: 2; flex: 0 0 100%; }}
  .st-key-cmp_assumptions tr > :nth-last-child(-n+4) {{
    order: 3; flex: 0 1 auto; font-size: 0.875rem; font-weight: 400; color: {CAPTION_COLOR};
  }}
  .st-key-cmp_assumptions tr > :is(:nth-last-child(2), :nth-last-child(3)) {{
    padding-left: 0;
  }}
  .st-key-cmp_assumptions tr > :is(:nth-last-child(2), :nth-last-child(3))::before {{
    content: "\\00B7" / ""; margin-right: 0.5rem;
  }}
  .st-key-cmp_assumptions tr > :last-child {{
    flex-basis: 100%; min-width: 0; padding-bottom: 0.5rem;
  }}
  .st-key-cmp_assumptions thead tr > :first-child {{
    position: absolute; width: 1px; height: 1px; padding: 0; overflow: hidden;
    clip-path: inset(50%); white-space: nowrap;
  }}
}}
"""

# Assumptions & sources: its reference tables, as Compare's (a size container each).
ASSUMPTIONS = f"""
{_table_box("sources_data")}
[class*="st-key-sources_"] li {{ overflow-wrap: anywhere; }}

/* Reference tables, narrower than 56rem (their widest needs about 55rem): each row a short
   paragraph, its cells one after another with a dot between them, the header row as the
   key above; a cell wraps as a whole (a number stays with its word). */
@container (max-width: 55.99rem) {{
  .st-key-sources_data table {{ display: block; overflow: visible; border: 0; }}
  .st-key-sources_data :is(thead, tbody, tr) {{ display: block; }}
  .st-key-sources_data tr {{ padding: 0.35rem 0.5rem; border-top: 1px solid {RULE_COLOR}; }}
  .st-key-sources_data thead tr {{
    font-size: 0.875rem; color: {CAPTION_COLOR}; background: {HEADER_BACKGROUND};
    border-bottom: 2px solid {HEADER_RULE_COLOR};
  }}
  .st-key-sources_data tr > * {{
    display: inline-block; vertical-align: top; max-width: 100%; border: 0; padding: 0;
    overflow-wrap: break-word;
  }}
  .st-key-sources_data tr > :not(:last-child)::after {{
    content: "\\00B7" / ""; margin: 0 0.45em; color: {CAPTION_COLOR};
  }}
  .st-key-sources_data tbody tr > :first-child {{ font-weight: 600; }}
}}
"""

SLIDER_NAMES_JS = """
function fixSliderNames() {
  if (window.__computeGapSliderNames) return;  // one observer per page load
  window.__computeGapSliderNames = true;
  const fix = () => {
    for (const input of document.querySelectorAll(
        '[data-testid="stSlider"] input[type="range"][aria-label][aria-labelledby]')) {
      input.removeAttribute("aria-labelledby");
    }
    for (const group of document.querySelectorAll(
        '[data-testid="stSlider"] [role="group"][aria-label]')) {
      group.removeAttribute("aria-label");
    }
  };
  fix();
  new MutationObserver(fix).observe(document.body, {
    subtree: true, childList: true, attributes: true,
    attributeFilter: ["aria-label", "aria-labelledby"],
  });
}
"""


def apply(css: str = CSS) -> None:
    """Inject a style sheet: the app's (the entrypoint, once per run, before the page) or a
    page's own (the page, before its elements)."""
    st.html(f"<style>{css}</style>")
