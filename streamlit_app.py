"""Compute Gap: the Streamlit entrypoint. Sidebar controls and the URL are shared by
every page; each page renders the current scenario."""

import logging

import streamlit as st

from simulator import DataError, load_data
from simulator.i18n import _, set_language
from simulator.runtime import tune_allocator
from ui import page_style

tune_allocator()  # see bench/engine.py: about 2.5x faster Monte Carlo on small machines

# The favicon is the app's own file, served from static/ (server.enableStaticServing): by
# default the browser shows the page's Material icon, fetched from a font server, and the
# app asks no outside host for anything. Set before the navigation, or the browser fetches
# the page's icon first; on a session's first run only, as the browser keeps it: a page
# config sent on every run cost about 9% of a key press (bench/browser.py's rounds).
if not st.session_state.get("page_icon_sent"):
    st.set_page_config(page_icon="/app/static/favicon.png", layout="wide")
    st.session_state["page_icon_sent"] = True
page_style.apply()

try:
    load_data()
except DataError as exc:
    from ui.text import escape

    st.set_page_config(page_title="Compute Gap")
    set_language(st.query_params.get("lang", ""))  # the link's language, as ui/state.py reads it
    st.error(
        _(
            "The reference data could not be loaded, so the simulator cannot run.\n\n"
            "**Problem:** {problem}\n\n**Where:** {where}"
        ).format(problem=escape(exc.detail), where=escape(exc.where))
    )
    st.stop()

# These need valid data: imported only once it has loaded.
from ui import embed, page_helper, page_lang, sidebar, state, view_controls  # noqa: E402
from ui.entry import entrypoint_running  # noqa: E402
from ui.link_limit import warn_if_link_dropped  # noqa: E402
from ui.reconnect import rerun_after_reconnect  # noqa: E402

# Each url path is its file's name, as Streamlit's pages/ folder handling expects (see
# ui/entry.py for why every page starts by making sure it runs inside this file).
# ?embed=true&chart=NAME: one chart alone for an <iframe>, no navigation (ui/embed.py).
embedded = embed.wanted()
set_language(state.language())  # before the navigation: its page titles are translated
pages = st.navigation(
    [
        st.Page(
            "pages/simulator.py",
            title=_("Simulator"),
            icon=":material/tune:",
            url_path="simulator",
            default=True,
        ),
        st.Page(
            "pages/compare.py",
            title=_("Compare scenarios"),
            icon=":material/compare_arrows:",
            url_path="compare",
        ),
        st.Page(
            "pages/track_record.py",
            title=_("Track record"),
            icon=":material/fact_check:",
            url_path="track_record",
        ),
        st.Page(
            "pages/assumptions.py",
            title=_("Assumptions & sources"),
            icon=":material/menu_book:",
            url_path="assumptions",
        ),
        st.Page(
            "pages/model.py",
            title=_("How the model works"),
            icon=":material/schema:",
            url_path="model",
        ),
    ],
    position="hidden" if embedded else "sidebar",
)
# Each page its own browser-tab title: "Compare scenarios · Compute Gap". Sent when it
# changes: the browser keeps it, and each message costs the page work on every move.
if st.session_state.get("page_title") != (title := f"{pages.title} · Compute Gap"):
    st.set_page_config(page_title=title)
    st.session_state["page_title"] = title


def _helpers() -> object:
    """What the page asks of the browser, drawn hidden: ``<html lang>``, slider names for
    screen readers, a report of a link over Streamlit's limits (returned), and the style
    sheet's words in the reader's language."""
    dropped_link = page_helper.draw()
    page_lang.language_style()
    return dropped_link


try:
    with entrypoint_running():
        state.read_url()  # first run, Back and Forward: the link decides
        set_language(state.language())
        if embedded:
            embed.show(embed.requested())
            _helpers()
        else:
            # The page runs first: the numbers a moved control changes reach the reader
            # first (bench/browser.py). The sidebar's controls are then drawn into their
            # place at its top, and the page's hidden helpers after it.
            controls_box = st.sidebar.container()
            notice_box = st.container()  # above the page, filled once the page has checked it
            pages.run()
            with controls_box:
                view_controls.language_switch()
                sidebar.controls(controls_box)
            dropped_link = _helpers()  # after the page, hidden (ui/page_style.py)
            state.write_url()
            state.show_notices(notice_box)
            warn_if_link_dropped(notice_box, dropped_link)
            rerun_after_reconnect()  # a page moved to a new server process runs at once
except Exception:  # never show a traceback to a reader
    logging.getLogger("compute_gap").exception("page failed")
    st.error(
        _(
            "Something went wrong while computing this scenario. Try **Reset to baseline** in "
            "the sidebar; if the problem stays, send the link to the team."
        )
    )
