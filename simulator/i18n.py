"""Languages: English (the source text) and Simplified Chinese.

Translations live in gettext catalogs, ``locale/<lang>/LC_MESSAGES/*.po`` (one file per
area of the app, read with Babel and merged); registry texts (parameter labels, help,
units, presets) carry their Chinese in ``*_zh`` columns of the CSV files. Numbers follow the
reader's conventions through Babel's locale data (313 trillion -> 313万亿).

The language is per reader: the app sets it at the start of every run from the link
(``lang=zh``); the command line and Python default to English. :func:`_` translates a
message; text with numbers in it is translated first, then formatted::

    _("{share} of Google's compute").format(share=format_share(0.223))

A constant defined at import time is marked with :func:`N_` and translated where shown:
``LABEL = N_("Tokens per day")`` ... ``st.metric(_(LABEL), ...)``. ``scripts/translations.py``
lists the messages without a translation; ``tests/test_i18n.py`` fails on any.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from contextvars import ContextVar
from functools import cache
from pathlib import Path

from babel.messages.pofile import read_po

LANGS = {"en": "English", "zh": "简体中文"}
DEFAULT = "en"
LOCALES = {"en": "en_US", "zh": "zh_Hans_CN"}  # Babel's locale for numbers and dates
LOCALE_DIR = Path(__file__).resolve().parent.parent / "locale"

_current: ContextVar[str] = ContextVar("lang", default=DEFAULT)


def set_language(lang: str) -> None:
    """Make ``lang`` the language of what follows in this thread (unknown: English)."""
    _current.set(lang if lang in LANGS else DEFAULT)


def language() -> str:
    """Return the current language: ``en`` or ``zh``."""
    return _current.get()


def locale() -> str:
    """Babel's locale name for the current language."""
    return LOCALES[language()]


@contextlib.contextmanager
def using(lang: str) -> Iterator[None]:
    """Run a block in ``lang`` (a download in the reader's language, a test)."""
    token = _current.set(lang if lang in LANGS else DEFAULT)
    try:
        yield
    finally:
        _current.reset(token)


@cache
def catalog(lang: str) -> dict[str, str]:
    """Every translated message of ``lang``: msgid -> msgstr (untranslated ones left out)."""
    messages: dict[str, str] = {}
    for path in sorted((LOCALE_DIR / lang / "LC_MESSAGES").glob("*.po")):
        with path.open("rb") as file:
            for message in read_po(file, locale=LOCALES[lang]):
                if message.id and isinstance(message.id, str) and message.string:
                    messages[message.id] = message.string
    return messages


def _(message: str) -> str:
    """``message`` in the current language (itself when English or not translated)."""
    lang = language()
    if lang == DEFAULT:
        return message
    return catalog(lang).get(message, message)


def N_(message: str) -> str:  # noqa: N802 (gettext's name for it)
    """Mark a message for translation where it is defined (a constant).

    Translate it with :func:`_` where it is shown, when the reader's language is known.
    """
    return message


def pick(english: str, chinese: str | None) -> str:
    """Choose a registry text's language: its ``*_zh`` column when there is one."""
    return chinese if language() == "zh" and chinese else english


def is_chinese() -> bool:
    """Tell whether the reader reads Simplified Chinese."""
    return language() == "zh"
