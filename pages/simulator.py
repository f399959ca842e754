"""Simulator: headline numbers, one sentence, four charts, what matters, share and download."""

import streamlit as st

from simulator.analysis import (
    CARD_OUTPUTS,
    FAN_DRAWS,
    OUTPUTS,
    bands_note,
    limits,
    range_text,
    tornado,
)
from simulator.i18n import _
from simulator.summary import cards, headline, sentence
from ui import link, page_style, state, view_controls
from ui.charts.analysis import limits_chart, tornado_chart
from ui.charts.export import for_streamlit
from ui.charts.simulator import LEGEND_NOTE, all_specs, as_table, steady
from ui.copy_link import copy_link_button
from ui.downloads import download_panel
from ui.entry import run_inside_entrypoint
from ui.send import send_now
from ui.text import escape

run_inside_entrypoint()

scenario = state.current()
baseline = scenario.baseline  # the baseline of the scenario's own release
is_baseline = scenario == baseline
# The model runs before the page draws anything: the page's first elements and its headline
# numbers then reach the browser together, and it shows them in one go (bench/browser.py).
year = view_controls.year()
show_bands = view_controls.is_on(link.BANDS_KEY)
current = state.projection(scenario)
base = state.projection(baseline)
fan = state.projection(scenario, draws=FAN_DRAWS) if show_bands else None
now, then = headline(current, year), headline(base, year)
shown = cards(now, then, None if is_baseline else _("baseline"))

page_style.apply(page_style.SIMULATOR)
st.title(_("ByteDance vs Google: the AI compute gap"))
st.caption(
    _(
        "What-if simulator, 2025–2030. Move the controls in the sidebar; the link in your "
        "browser always holds this exact scenario."
    )
)

# The view's controls are drawn after the headline numbers, into their place above them:
# the numbers a moved control changes reach the reader first (bench/browser.py).
view_box = st.container()
# Cards wrap to two rows (or one column) when the page is narrow: a number is never cut.
with st.container(horizontal=True, key="cards"):
    for card, output in zip(shown, CARD_OUTPUTS, strict=True):
        with st.container(key=f"card_{output}"):
            st.metric(card.label, card.value, card.delta, delta_color="off", help=card.help)
            if card.note:
                st.caption(card.note)
            if fan is not None:
                st.caption(range_text(fan, output, year))
# On a phone the open sidebar covers the page: a bar at its foot keeps the headline in
# sight while a control moves (hidden on wider screens, where the cards stay visible).
st.sidebar.container(key="phone_headline").markdown(
    _("**{share}** of Google's compute · ByteDance **{tokens}** tokens/day ({year})").format(
        share=escape(shown[0].value), tokens=escape(shown[1].value), year=year
    )
)
# The result in words: prominent, but a paragraph (no heading, no anchor) for screen readers.
st.container(key="sentence").markdown(escape(sentence(scenario, now, then)))
send_now()  # the numbers leave now; the charts follow (ui/send.py)
by_year = {lim.year: lim for lim in limits(current)}
if fan is not None:
    st.caption(bands_note(fan))

with view_box:
    view_controls.year_picker()
    with st.container(horizontal=True, vertical_alignment="center", key="view_row"):
        view_controls.toggle_view(
            link.BANDS_KEY,
            _("Show uncertainty"),
            help=_(
                "Runs the model {draws} times, varying every assumption within its range."
            ).format(draws=f"{FAN_DRAWS:,}"),
        )
        as_tables = st.toggle(
            _("Charts as tables"),
            key="as_tables",
            help=_("The charts' numbers as tables (December of each year), for screen readers."),
        )
        copy_link_button(state.share_link(scenario))

figures = all_specs(current, None if is_baseline else base, fan, year)
left, right = st.columns(2)
in_words = []
for column, name in zip((left, right, left, right), figures, strict=True):
    if as_tables:
        table = as_table(figures[name])
        column.markdown(f"**{escape(figures[name]['title'])}** · {escape(table.columns.name)}")
        column.table(table.style.format("{:,.1f}"))
    else:
        chart, words = steady(name, figures[name])
        column.vega_lite_chart(for_streamlit(chart), width="stretch")
        in_words.append(escape(words))
if in_words:  # the charts' figures for screen readers, read after them (hidden on screen)
    st.container(key="chart_words").markdown("\n\n".join(in_words))
st.caption(_(LEGEND_NOTE))

matters = st.expander(
    _("What matters most?"), icon=":material/leaderboard:", key="matters", on_change="rerun"
)
if matters.open:
    with matters:
        # The labels are translated here, in the run (a format_func is also called outside it)
        labels = {key: _(output.label) for key, output in OUTPUTS.items()}
        choice = st.selectbox(
            _("Result"), options=list(OUTPUTS), format_func=labels.__getitem__, key="tornado_output"
        )
        out = OUTPUTS[choice]
        st.caption(
            _(
                "Each bar: {result} at the end of {year} when one assumption moves from the low "
                "to the high end of its range, the others as set. Longest bars first; the dashed "
                "line is this scenario."
            ).format(result=_(out.label), year=year)
        )
        frame = tornado(scenario, choice, year)
        st.altair_chart(tornado_chart(frame, _(out.unit)), width="stretch")

limited = st.expander(
    _("What limits ByteDance?"), icon=":material/block:", key="limits", on_change="rerun"
)
if limited.open:
    with limited:
        st.altair_chart(limits_chart(list(by_year.values())), width="stretch")
        st.markdown("\n".join(f"- {escape(lim.sentence)}" for lim in by_year.values()))

download_panel(scenario, current, figures, year, fan)
