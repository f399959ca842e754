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
from simulator.summary import cards, headline, sentence
from ui import link, state, view_controls
from ui.charts.analysis import limits_chart, tornado_chart
from ui.charts.export import for_streamlit
from ui.charts.simulator import LEGEND_NOTE, all_specs
from ui.downloads import download_panel
from ui.entry import run_inside_entrypoint
from ui.text import escape

run_inside_entrypoint()

scenario = state.current()
baseline = scenario.baseline  # the baseline of the scenario's own release
is_baseline = scenario == baseline

st.title("ByteDance vs Google: the AI compute gap")
st.caption(
    "What-if simulator, 2025–2030. Move the controls in the sidebar; the link in your "
    "browser always holds this exact scenario."
)

top = st.columns([3, 2, 2], vertical_alignment="bottom")
with top[0]:
    year = view_controls.year_picker()
with top[1]:
    show_bands = view_controls.toggle_view(
        link.BANDS_KEY,
        "Show uncertainty",
        help=f"Runs the model {FAN_DRAWS:,} times, varying every assumption within its range.",
    )
with top[2]:
    share = st.popover(
        "Copy link", icon=":material/link:", width="stretch", key="share", on_change="rerun"
    )
    if share.open:  # drawn only when open
        share.caption("Anyone who opens this link sees exactly this scenario.")
        share.code(state.share_link(scenario), language=None, wrap_lines=True)

current = state.projection(scenario)
base = state.projection(baseline)
fan = state.projection(scenario, draws=FAN_DRAWS) if show_bands else None
now, then = headline(current, year), headline(base, year)
cols = st.columns(4)
shown = cards(now, then, None if is_baseline else "baseline")
for col, card, output in zip(cols, shown, CARD_OUTPUTS, strict=True):
    col.metric(card.label, card.value, card.delta, delta_color="off", help=card.help)
    if fan is not None:
        col.caption(range_text(fan, output, year))
st.markdown(f"#### {escape(sentence(scenario, now, then))}")
by_year = {lim.year: lim for lim in limits(current)}
if fan is not None:
    st.caption(bands_note(fan))

figures = all_specs(current, None if is_baseline else base, fan, year)
left, right = st.columns(2)
for column, name in zip((left, right, left, right), figures, strict=True):
    column.vega_lite_chart(for_streamlit(figures[name]), width="stretch")
st.caption(LEGEND_NOTE)

matters = st.expander(
    "What matters most?", icon=":material/leaderboard:", key="matters", on_change="rerun"
)
if matters.open:
    with matters:
        choice = st.selectbox(
            "Result",
            options=list(OUTPUTS),
            format_func=lambda k: OUTPUTS[k].label,
            key="tornado_output",
        )
        out = OUTPUTS[choice]
        st.caption(
            f"Each bar: {out.label} at the end of {year} when one assumption moves "
            "from the low to the high end of its range, the others as set. Longest bars first; "
            "the dashed line is this scenario."
        )
        frame = tornado(scenario, choice, year)
        st.altair_chart(tornado_chart(frame, out.unit), width="stretch")

limited = st.expander(
    "What limits ByteDance?", icon=":material/block:", key="limits", on_change="rerun"
)
if limited.open:
    with limited:
        st.altair_chart(limits_chart(list(by_year.values())), width="stretch")
        st.markdown("\n".join(f"- {escape(lim.sentence)}" for lim in by_year.values()))

download_panel(scenario, current, figures, year, fan)
