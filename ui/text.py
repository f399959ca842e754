"""Safe text for Streamlit's Markdown: anything derived from a URL or data is escaped."""

import re

_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!|<>~$:&])")


def escape(text: str) -> str:
    """Backslash-escape Markdown, HTML and Streamlit directive characters."""
    return _SPECIAL.sub(r"\\\1", str(text))
