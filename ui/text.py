"""Safe text for Streamlit's Markdown: anything derived from a URL or data is escaped.

Escaping Markdown is not enough: Streamlit's Markdown turns bare web addresses
(``https://…``, ``www.…``, ``name@host.tld``) into live links on its own. A word joiner
(U+2060, invisible, not a space) breaks each such pattern, so an echoed value stays inert
text: a link can never plant a clickable address in the app's own notice boxes.
"""

import re
from urllib.parse import quote, urlsplit

_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!|<>~$:&])")
_JOINER = "\u2060"
# After escaping: a scheme before its (escaped) colon and slashes, "www" before its dot, and "@".
_AUTOLINK = re.compile(r"(?i)(?<=[a-z])(?=\\://)|(?<=www)(?=\\\.)|(?=@)")


def escape(text: str) -> str:
    """Backslash-escape Markdown, HTML and Streamlit directive characters, and break every
    pattern Markdown would turn into a link by itself."""
    return _AUTOLINK.sub(_JOINER, _SPECIAL.sub(r"\\\1", str(text)))


_URL_SAFE = ":/?#@!$&'*+,;=%-._~"  # everything else (spaces, brackets, quotes) is %-encoded


def source_link(url: object, text: str = "source") -> str:
    """A Markdown link ``[source](https://…)`` to a source's address, or "" when the address
    is not a plain web address (http or https with a host). The text is escaped, and the
    address is %-encoded so that no character of it can end the link or start Markdown."""
    raw = str(url or "").strip()
    try:
        parts = urlsplit(raw)
    except ValueError:
        return ""
    if parts.scheme.lower() not in ("http", "https") or not parts.hostname:
        return ""
    if any(c.isspace() or ord(c) < 32 for c in raw):
        return ""
    return f"[{escape(text)}]({quote(raw, safe=_URL_SAFE)})"
