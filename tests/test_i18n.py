"""Languages: the link's ``lang``, the catalogs, and numbers the way Chinese readers read them."""

from __future__ import annotations

import pytest

from simulator import i18n
from simulator.words import format_count, format_money, format_share, rounded
from ui import link

scripts = pytest.importorskip("scripts.translations")


def test_every_message_the_code_shows_has_a_chinese_translation():
    gaps = scripts.missing("zh")
    assert not gaps, "untranslated: " + "; ".join(
        f"{where[0][0]}:{where[0][1]} {message!r}" for message, where in list(gaps.items())[:20]
    )


def test_catalog_translations_keep_their_placeholders():
    import re

    field = re.compile(r"\{[a-z_0-9]*(?::[^}]*)?\}")
    for message, translation in i18n.catalog("zh").items():
        assert sorted(field.findall(message)) == sorted(field.findall(translation)), message


@pytest.mark.parametrize(
    ("english", "chinese", "write"),
    [
        ("313 trillion", "313万亿", lambda: format_count(313e12)),
        ("251 trillion", "251万亿", lambda: format_count(2.508e14)),
        ("1.23 million", "123万", lambda: format_count(1_234_000)),
        ("75,000", "7.5万", lambda: format_count(75_000)),
        ("¥23.8 bn ($3.3 bn)", "238亿元（33亿美元）", lambda: format_money(3.3e9, 23.8e9)),
        ("$185.0 bn", "1850亿美元", lambda: format_money(185e9)),
        ("22.3%", "22.3%", lambda: format_share(0.223)),
        ("130,000", "13万", lambda: rounded(128_333)),
    ],
)
def test_numbers_in_each_language(english, chinese, write):
    assert write() == english
    with i18n.using("zh"):
        assert write() == chinese
    assert write() == english  # the language is the block's, not the thread's for good


def test_a_link_keeps_the_language_and_a_wrong_one_is_said():
    from simulator import Scenario

    settings, notes = link.check_view({link.LANG_KEY: "zh"}, Scenario())
    assert settings[link.LANG_KEY] == "zh" and not notes
    assert link.to_query(Scenario(), settings)[link.LANG_KEY] == "zh"
    assert link.LANG_KEY not in link.to_query(Scenario(), {link.LANG_KEY: "en"})
    settings, notes = link.check_view({link.LANG_KEY: "fr"}, Scenario())
    assert settings[link.LANG_KEY] == "en"
    assert notes == ["'fr' is not a language of this app (en, zh); showing English."]


def test_a_message_in_two_catalogs_reads_the_same_in_both():
    """The catalogs are merged: a message two of them translate differently would show
    whichever file comes last."""
    from babel.messages.pofile import read_po

    seen: dict[str, tuple[str, str]] = {}
    for path in sorted((i18n.LOCALE_DIR / "zh" / "LC_MESSAGES").glob("*.po")):
        with path.open("rb") as file:
            for message in read_po(file):
                if not message.id or not message.string:
                    continue
                if message.id in seen:
                    first, where = seen[message.id]
                    assert message.string == first, (message.id, where, path.name)
                seen[message.id] = (message.string, path.name)
