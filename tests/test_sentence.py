"""The headline sentence never contradicts the cards beside it, for every story and for
every control at its extremes, and explains what surprises a newcomer."""

from __future__ import annotations

import pytest

from simulator import Scenario, presets, project, registry
from simulator.summary import cards, headline, sentence
from simulator.timeline import YEARS

BASE = project(Scenario())
CONTROLS = [p for p in registry() if p.is_lever]
CASES = [(f"preset-{name}", s) for name, (_, _, s) in presets().items()] + [
    (f"{p.key}={value:g}", Scenario(**{p.key: value}))
    for p in CONTROLS
    for value in sorted({p.min, p.max})
    if value != p.default
]


def check(scenario: Scenario, year: int) -> str:
    now, then = headline(project(scenario), year), headline(BASE, year)
    text = sentence(scenario, now, then)
    share_card = cards(now, then)[0]
    same = "the same as in the baseline" in text
    assert same == (share_card.delta is None and bool(scenario.differences())), text
    if share_card.value not in text:
        assert "no AI compute left" in text, text
    tokens_card = cards(now, then)[1]
    if now.limited_by("ByteDance") == "demand":
        assert "demand, not chips" in text, text
    else:
        assert "can serve only" in text and tokens_card.value in text, text
    return text


@pytest.mark.parametrize(("name", "scenario"), CASES, ids=[c[0] for c in CASES])
def test_the_sentence_agrees_with_the_cards(name, scenario):
    for year in (2026, 2028, 2030):
        check(scenario, year)


def test_the_check_catches_a_contradiction():
    """The old sentence said "the same as in the baseline" beside a card that moved."""
    s = Scenario(google_budget_growth=-20)
    now, then = headline(project(s), 2028), headline(BASE, 2028)
    assert cards(now, then)[0].delta  # the share card moved...
    assert "the same as in the baseline" not in sentence(s, now, then)  # ...and the text says so
    assert "Google has less" in sentence(s, now, then)


def test_more_tokens_with_less_compute_is_explained():
    now = headline(BASE, 2027)
    assert now.bytedance_tokens_per_day > now.google_tokens_per_day
    assert now.compute_share < 1
    text = sentence(Scenario(), now, now)
    assert "because Google uses only about" in text


def test_what_limits_tokens_is_named_every_year():
    for year in YEARS[1:]:
        text = sentence(Scenario(), headline(BASE, year), headline(BASE, year))
        assert "demand, not chips" in text or "can serve only" in text


def test_a_squeeze_makes_chips_the_limit():
    s = Scenario(remote_access_close_month=18)
    text = sentence(s, headline(project(s), 2026), headline(BASE, 2026))
    assert "can serve only" in text and "short" in text


def test_compute_that_rises_as_money_finds_chips_is_explained():
    """Beijing keeps to domestic chips, yet ByteDance has more compute: the money the
    baseline could not spend now buys chips, and the sentence says so with its amount."""
    s = presets()["domestic_only"][2]
    now, then = headline(project(s), 2027), headline(BASE, 2027)
    assert now.bytedance_compute_h100e > then.bytedance_compute_h100e
    assert then.unspent_usd > 0 and now.unspent_usd == pytest.approx(0, abs=1e-6)
    text = sentence(s, now, then)
    assert "All of its 2027 chip budget finds chips to buy" in text, text
    assert cards(then, then)[3].value in text  # the baseline's unspent money, as its card
    # a scenario that leaves money unspent says how much instead
    assert "finds no chips to buy" in sentence(Scenario(), then, then)
