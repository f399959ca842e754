"""Simulator: headline numbers, one sentence, four charts, share link and downloads."""

import streamlit as st

from simulator import Scenario
from simulator.summary import cards, headline, sentence
from ui import charts, state
from ui.downloads import download_panel
from ui.text import escape

scenario = state.current()
baseline = Scenario()
is_baseline = scenario == baseline

st.title("ByteDance vs Google: the AI compute gap")
st.caption(
    "What-if simulator, 2025–2030. Move the controls in the sidebar; the link in your "
    "browser always holds this exact scenario."
)

top = st.columns([3, 2], vertical_alignment="bottom")
with top[0]:
    year = state.year_picker()
with top[1]:
    share = st.popover(
        "Copy link to this scenario",
        icon=":material/link:",
        width="stretch",
        key="share",
        on_change="rerun",
    )
    if share.open:  # drawn only when open
        share.caption("Anyone who opens this link sees exactly this scenario.")
        share.code(state.share_link(scenario), language=None, wrap_lines=True)

current = state.projection(scenario)
base = state.projection(baseline)
now, then = headline(current, year), headline(base, year)
for col, card in zip(st.columns(4), cards(now, then, is_baseline), strict=True):
    col.metric(card.label, card.value, card.delta, delta_color=card.delta_color, help=card.help)
st.markdown(f"#### {escape(sentence(scenario, now, then))}")

figures = charts.all_specs(current, None if is_baseline else base)
left, right = st.columns(2)
for column, name in zip((left, right, left, right), figures, strict=True):
    column.vega_lite_chart(figures[name], width="stretch")
st.caption(
    "Dashed faint lines: the baseline. Dots: reported usage. Thin dashed lines on the tokens "
    "chart: demand that the chips cannot serve. One H100-equivalent = 989 TFLOP/s dense BF16."
)
download_panel(scenario, current, figures)
