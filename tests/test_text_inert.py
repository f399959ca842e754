"""Text a link carries is echoed as inert text: no Markdown, no HTML, no bare address that
Markdown would turn into a link by itself."""

import re

import pytest

from ui.text import escape

ADDRESSES = [
    "[Click here](https://evil.example)",
    "https://evil.example/login",
    "HTTP://EVIL.EXAMPLE",
    "www.evil.example",
    "<https://evil.example>",
    "me@evil.example",
    "mailto:me@evil.example",
    '<a href="https://evil.example">x</a>',
]
# What GFM's autolink literals and Markdown links need in the text, after unescaping.
LIVE = re.compile(r"(?i)https?://|www\.|[\w.+-]@[\w-]+\.")


def unescaped(text: str) -> str:
    return re.sub(r"\\(.)", r"\1", text)


@pytest.mark.parametrize("text", ADDRESSES)
def test_no_echoed_address_can_become_a_link(text):
    shown = escape(text)
    assert not LIVE.search(unescaped(shown))
    assert not re.search(r"(?<!\\)[\[\]()<>]", shown)  # every bracket is escaped
    # The reader still sees the same characters (the joiner is invisible).
    assert unescaped(shown).replace("\u2060", "") == text


def test_plain_words_are_left_alone():
    assert escape("Jan 2027") == "Jan 2027"
    assert escape("ratio: 5") == "ratio\\: 5"
