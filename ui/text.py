"""Safe text for Streamlit's Markdown: anything derived from a URL or data is escaped.

Escaping Markdown is not enough: Streamlit's Markdown turns bare web addresses
(``https://…``, ``www.…``, ``name@host.tld``) into live links on its own. A word joiner
(U+2060, invisible, not a space) breaks each such pattern, so an echoed value stays inert
text: a link can never plant a clickable address in the app's own notice boxes.
"""

import re

_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!|<>~$:&])")
_JOINER = "\u2060"
# After escaping: a scheme before its (escaped) colon and slashes, "www" before its dot, and "@".
_AUTOLINK = re.compile(r"(?i)(?<=[a-z])(?=\\://)|(?<=www)(?=\\\.)|(?=@)")


def escape(text: str) -> str:
    """Backslash-escape Markdown, HTML and Streamlit directive characters, and break every
    pattern Markdown would turn into a link by itself."""
    return _AUTOLINK.sub(_JOINER, _SPECIAL.sub(r"\\\1", str(text)))
