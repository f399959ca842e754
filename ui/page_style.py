"""The app's own CSS: a constant (nothing a reader, a link or the data can influence),
injected once per run by the entrypoint.

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
"""

from __future__ import annotations

import streamlit as st

CAPTION_COLOR = "#4B5058"

CSS = f"""
[data-testid="stVerticalBlock"]:has(> .st-key-cards) {{ container-type: inline-size; }}
.st-key-cards {{ flex-wrap: wrap; row-gap: 0.75rem; }}
.st-key-cards > div {{ flex: 1 1 40%; min-width: 9.5rem; }}
@container (min-width: 48rem) {{ .st-key-cards > div {{ flex-basis: 20%; }} }}
.st-key-cards [data-testid="stMetricLabel"] *,
.st-key-cards [data-testid="stMetricValue"] *,
.st-key-cards [data-testid="stMetricDelta"] * {{
  white-space: normal; overflow: visible; text-overflow: clip;
}}
.st-key-cards [data-testid="stMetricValue"] {{ font-size: 2rem; line-height: 1.2; }}

/* The result sentence under the cards: large, but a paragraph. */
.st-key-sentence p {{ font-size: 1.3rem; font-weight: 600; line-height: 1.45; }}

/* Assumptions & sources and Compare: tables wrap their text; a table still too wide for a
   phone scrolls inside its own box, never the page. Compare's headline numbers wrap, two
   scenarios side by side on a phone. */
.st-key-sources_data table, .st-key-cmp_assumptions table {{
  display: block; overflow-x: auto; max-width: 100%;
}}
.st-key-sources_data th, .st-key-sources_data td,
.st-key-cmp_assumptions th, .st-key-cmp_assumptions td {{ padding: 0.35rem 0.5rem; }}
[class*="st-key-sources_"] li {{ overflow-wrap: anywhere; }}
.st-key-cmp_assumptions td:nth-last-child(2) {{ white-space: nowrap; }}
.st-key-cmp_assumptions td:last-child {{ min-width: 9rem; }}
[class*="st-key-cmp_cards_"] {{ flex-wrap: wrap; row-gap: 0.5rem; }}
[class*="st-key-cmp_cards_"] > div {{ flex: 1 1 9rem; min-width: 9rem; }}
[class*="st-key-cmp_cards_"] [data-testid="stMetricLabel"] *,
[class*="st-key-cmp_cards_"] [data-testid="stMetricValue"] * {{
  white-space: normal; overflow: visible; text-overflow: clip;
}}

.st-key-phone_headline {{ display: none; }}
@media (max-width: 640px) {{
  h1 {{ font-size: 2rem !important; }}
  .st-key-cards [data-testid="stMetricValue"] {{ font-size: 1.6rem; }}
  [class*="st-key-cmp_cards_"] [data-testid="stMetricValue"] {{ font-size: 1.5rem; }}
  .st-key-phone_headline {{
    display: block; position: fixed; left: 0; bottom: 0; z-index: 100;
    width: 300px; max-width: 100vw; padding: 0.6rem 1rem;
    background: #ffffff; border-top: 2px solid #1f5fa8;
  }}
  .st-key-phone_headline p {{ margin: 0; font-size: 0.95rem; }}
  [data-testid="stSidebarContent"] {{ padding-bottom: 5rem; }}
  [data-testid="stExpandSidebarButton"] {{ min-height: 44px; padding: 0 0.5rem; }}
  [data-testid="stExpandSidebarButton"]::after {{
    content: "Controls"; margin-left: 0.25rem; font-size: 1rem; color: #1b1f24;
  }}
  .katex-display > .katex {{ font-size: 1em; }}
}}

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


def apply() -> None:
    """Inject the app's style sheet (call once per run, before the page)."""
    st.html(f"<style>{CSS}</style>")
