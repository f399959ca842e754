"""One chart alone, for an ``<iframe>`` in another page: ``?embed=true&chart=NAME``.

Streamlit's own ``embed=true`` hides its chrome; the app then draws only the chart named by
``chart`` for the link's scenario, full width, with its title, the scenario's name, the
data's date and source line, and an "Open in Compute Gap" link to the full page. No
sidebar, no cards. :func:`snippet` writes the ``<iframe>`` for a scenario.
"""

from __future__ import annotations

from html import escape as html_escape
from urllib.parse import urlencode

import streamlit as st

from simulator import Scenario, i18n
from simulator.scenario import scenario_name
from ui import link, state
from ui.charts.export import for_streamlit
from ui.charts.simulator import NOTES, spec
from ui.text import escape

# The link's chart names (ui/link.py EMBED_CHARTS) -> the Simulator's chart names.
CHARTS = dict(
    zip(
        link.EMBED_CHARTS, ("compute", "tokens", "ratio", "chip_spend", "track_record"), strict=True
    )
)
HEIGHT = 520  # the iframe's height, px: the chart, its notes and the link back


def wanted() -> bool:
    """Whether the link asks for one chart alone, read as every link is read (``chart``
    with a full stop that mail glued to it is still a chart): decided the same way on every
    run, so a page never turns into a lone chart at its next rerun."""
    query = link.unmangle({key: st.query_params.get_all(key) for key in st.query_params})
    return (query.get(link.CHART_KEY) or [""])[-1] in link.EMBED_CHARTS


def requested() -> str | None:
    """The chart the link asks for alone (``chart=NAME``, checked when the link was read)."""
    return state.view(link.CHART_KEY) or None


def full_link(scenario: Scenario) -> str:
    """The Simulator page for the scenario, as a share link (no ``chart``, no ``embed``)."""
    query = {k: v for k, v in state.view_query(scenario).items() if k != link.CHART_KEY}
    return f"{st.context.url or ''}?{urlencode(query, doseq=True)}"


def snippet(scenario: Scenario, name: str) -> str:
    """The ``<iframe>`` that embeds chart ``name`` of the scenario in another page."""
    query = {
        **{k: v for k, v in state.view_query(scenario).items() if k != link.CHART_KEY},
        "embed": "true",
        link.CHART_KEY: name,
    }
    if i18n.is_chinese():  # the chart in the reader's language
        query[link.LANG_KEY] = "zh"
    src = f"{st.context.url or ''}?{urlencode(query, doseq=True)}"
    title = f"Compute Gap: {scenario_name(scenario)[0]}, {name.replace('_', ' ')}"
    return (
        f'<iframe src="{html_escape(src)}" title="{html_escape(title)}" width="100%" '
        f'height="{HEIGHT}" style="border:0" loading="lazy"></iframe>'
    )


def show(name: str) -> None:
    """Draw chart ``name`` alone, with its context and the link to the full page."""
    scenario = state.current()
    rel = scenario.release
    if CHARTS[name] == "track_record":
        from simulator.track_record import track_record
        from ui.charts.track_record import track_record_chart

        st.altair_chart(track_record_chart(track_record()), width="stretch")
        note = "How far each release's projections were from what was reported since."
    else:
        baseline = scenario.baseline
        figure = spec(
            CHARTS[name],
            state.projection(scenario),
            None if scenario == baseline else state.projection(baseline),
        )
        st.vega_lite_chart(for_streamlit(figure), width="stretch")
        note = NOTES[CHARTS[name]]
    st.caption(
        f"**{escape(scenario_name(scenario)[0])}** · {escape(note)} Data as of "
        f"{escape(rel.label)}, Compute Gap model {escape(rel.version)}; every figure's source "
        "is on the app's Assumptions & sources page."
    )
    st.markdown(f"[Open in Compute Gap]({full_link(scenario)})")
