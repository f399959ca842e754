"""Static CSS for accessibility (WCAG 2.1 AA) where Streamlit's own styles fall short.

Nothing here depends on the scenario, the URL or the reader: the style sheet is a constant.

- Captions: Streamlit draws them at 60% opacity, about 4.3:1 on white; drawn at full opacity
  in a dark grey they reach 7.4:1 on the sidebar's background and 8.1:1 on white.
- Equations (KaTeX): a display equation wider than a phone scrolled sideways in a box the
  keyboard cannot reach; it now wraps at its operators instead.
- Element toolbars (a chart's fullscreen and download buttons) and the link beside each
  heading are invisible until hovered, yet take the keyboard's focus: they show while they
  have it.
"""

from __future__ import annotations

import streamlit as st

CAPTION_COLOR = "#4B5058"

STYLE = f"""<style>
[data-testid="stCaptionContainer"] {{
    opacity: 1;
    color: {CAPTION_COLOR};
}}
.katex-display > .katex,
.katex-display > .katex > .katex-html {{
    white-space: normal;
}}
@media (max-width: 640px) {{
    .katex-display > .katex {{
        font-size: 1em;
    }}
}}
[data-testid="stElementToolbar"]:focus-within,
[data-testid="stHeaderActionElements"] a:focus-visible {{
    opacity: 1;
    transition: none;
}}
</style>"""


def apply() -> None:
    """Add the app's static style sheet to the page (call once, after set_page_config)."""
    st.html(STYLE)
