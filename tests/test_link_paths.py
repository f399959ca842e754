"""Page addresses that do not exist (a typo, an extra segment, the default page by name)
open the page they most likely meant, with one line saying so: never a blank page."""

import re
from pathlib import Path

import pytest

import serve
from simulator import Scenario
from ui import link

ROOT = Path(__file__).resolve().parent.parent


def test_serve_knows_every_page_of_the_app():
    declared = re.findall(r'url_path="(\w+)"', (ROOT / "streamlit_app.py").read_text())
    assert tuple(declared) == serve.PAGES
    assert declared[0] == serve.DEFAULT_PAGE


@pytest.mark.parametrize(
    ("path", "target"),
    [
        ("/", None),
        ("/compare", None),
        ("/track_record", None),
        ("/simulator", "/?v=2&x=1"),
        ("/simulator/", "/?v=2&x=1"),
        ("/simulator/extra", "/?v=2&x=1&moved=%2Fsimulator%2Fextra"),
        ("/compare/extra/more", "/compare?v=2&x=1&moved=%2Fcompare%2Fextra%2Fmore"),
        ("/nosuch", "/?v=2&x=1&moved=%2Fnosuch"),
    ],
)
def test_path_target(path, target):
    assert link.path_target(path, "v=2&x=1", serve.PAGES, serve.DEFAULT_PAGE) == target


def test_a_moved_link_says_so_once_and_is_not_written_back():
    settings, rest, _ = link.split_view({"moved": ["/nosuch"], "year": ["2028"]})
    checked, notes = link.check_view(settings, Scenario())
    assert notes == ["There is no page at '/nosuch': this is the page the link meant."]
    assert link.MOVED_KEY not in link.to_query(Scenario(), checked)
    assert rest == {}


def test_the_moved_address_is_echoed_as_inert_text():
    settings, _, _ = link.split_view({"moved": ["/[x](https://evil.example)" + "a" * 200]})
    _, notes = link.check_view(settings, Scenario())
    assert len(notes[0]) < 120  # shortened
