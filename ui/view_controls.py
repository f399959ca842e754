"""Page controls whose value is a view setting of the link (``ui/link.py``): the year of
the headline numbers and on/off switches such as "Show uncertainty". Each reads and writes
the view held by ``ui/state.py``, so the link follows it.
"""

from __future__ import annotations

import streamlit as st

from simulator import i18n
from simulator.i18n import _
from ui import link, state


def is_on(key: str) -> bool:
    """Whether the switch ``key`` of the view is on (``key=1`` in the link)."""
    return state.view(key) == "1"


def toggle_view(key: str, label: str, help: str) -> bool:
    """A switch kept in the link as ``key=1`` (off: absent)."""
    st.session_state[f"w_{key}"] = is_on(key)

    def changed() -> None:
        state.set_view(key, "1" if st.session_state[f"w_{key}"] else "0")

    st.toggle(label, key=f"w_{key}", help=help, on_change=changed)
    return is_on(key)


def _year_changed() -> None:
    if st.session_state.get("w_year") is not None:
        state.set_view(link.YEAR_KEY, str(st.session_state["w_year"]))


def year() -> int:
    """The headline year of the view (checked when the link was read)."""
    return int(state.view(link.YEAR_KEY))


def year_picker() -> int:
    """The headline year; kept in the URL when it is not the default."""
    st.session_state["w_year"] = chosen = year()
    st.segmented_control(
        _("Headline numbers at the end of"),
        options=link.YEARS[1:],
        key="w_year",
        help=_("The year the headline numbers describe (December values; budgets over the year)."),
        on_change=_year_changed,
    )
    return chosen


def _language_changed() -> None:
    if st.session_state.get("w_lang") is not None:
        state.set_view(link.LANG_KEY, st.session_state["w_lang"])


def language_switch() -> None:
    """English / 简体中文, held in the link (``lang=zh``). Its label is in both languages,
    so that a reader of either finds it whatever the page shows."""
    st.session_state["w_lang"] = state.language()
    st.segmented_control(
        "Language · 语言",
        options=list(i18n.LANGS),
        format_func=i18n.LANGS.get,
        key="w_lang",
        on_change=_language_changed,
    )
