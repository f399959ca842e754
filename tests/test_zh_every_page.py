"""Every page in Simplified Chinese: no English a reader would see, sidebar included.

Runs each page with ``lang=zh`` in AppTest, in the states that draw the most text (a
changed scenario, uncertainty on, charts as tables, every expander open, four compared
scenarios, each chart alone for an embed), and looks for English words besides names
(``support/untranslated.py``).
"""

from __future__ import annotations

import pytest
from streamlit.testing.v1 import AppTest

from support.untranslated import english_in_app
from tests.conftest import REPO_ROOT, open_app_page

CHANGED = {"lang": "zh", "h200_first_month": "2027-01", "year": "2028"}


def no_english(at) -> None:
    found = english_in_app(at)
    assert not found, "\n".join(f"{where}: {words}" for where, words in list(found.items())[:25])


def test_simulator_with_everything_open():
    at = open_app_page("pages/simulator.py", {**CHANGED, "bands": "1"})
    for key in ("advanced", "matters", "limits", "downloads", "as_tables"):
        at.session_state[key] = True
    at.run()
    assert not at.exception, at.exception
    no_english(at)


@pytest.mark.parametrize(
    ("page", "query"),
    [
        ("pages/simulator.py", {"lang": "zh"}),
        (
            "pages/compare.py",
            {
                **CHANGED,
                "cmp": ["current", "baseline", "preset:remote_closed", "preset:squeeze"],
            },
        ),
        ("pages/track_record.py", {"lang": "zh"}),
        ("pages/assumptions.py", {"lang": "zh"}),
        ("pages/model.py", {"lang": "zh"}),
    ],
)
def test_every_page(page, query):
    no_english(open_app_page(page, query))


def test_a_model_1_link_and_a_bad_one_speak_chinese():
    at = open_app_page(
        "pages/simulator.py",
        {"lang": "zh", "v": "1", "data": "2026-02", "h200_export_units": "0", "k9": "1"},
    )
    no_english(at)


@pytest.mark.parametrize("chart", ["compute", "tokens", "share", "spend", "track_record"])
def test_each_chart_alone(chart):
    at = AppTest.from_file(str(REPO_ROOT / "streamlit_app.py"), default_timeout=60)
    for key, value in {**CHANGED, "embed": "true", "chart": chart}.items():
        at.query_params[key] = value
    at.run()
    assert not at.exception, at.exception
    no_english(at)
