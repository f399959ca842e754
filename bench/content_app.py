"""Framework reference: the least a page meeting the Simulator's brief must show, no model.

Four sidebar sliders under three group headings, a preset picker and a reset button; four
headline metrics with deltas and one sentence; four two-company Altair line charts over the
72 months of 2025-2030. The numbers are one line of arithmetic, so its latency is what
Streamlit, Altair and the browser cost for this much content, before any model code.

``?controls=9`` adds the Simulator's count of main controls (nine under five headings:
four more sliders, a switch and two headings), to tell what the number of controls costs
from what the app adds. Without it the page is the reference, unchanged.
Run: .venv/bin/streamlit run bench/content_app.py
"""

import altair as alt
import numpy as np
import pandas as pd
import streamlit as st

months = pd.date_range("2025-01-01", periods=72, freq="MS")
t = np.arange(72) / 12.0

with st.sidebar:
    st.selectbox("Start from a story", ["Baseline", "No exports"], index=None)
    st.button("Reset to baseline")
    st.markdown("**Export controls**")
    x = st.slider("Floor value", 0, 100, 50, key="x")
    st.markdown("**Prices**")
    price = st.slider("Price", 10, 40, 20, key="price")
    st.markdown("**Budgets**")
    growth_a = st.slider("Growth A", 0, 50, 10, key="ga")
    growth_b = st.slider("Growth B", 0, 50, 10, key="gb")
    if st.query_params.get("controls") == "9":
        st.markdown("**Chips abroad**")
        st.slider("Extra 1", 0, 50, 10, key="e1")
        st.slider("Extra 2", 0, 50, 10, key="e2")
        st.markdown("**Google**")
        st.slider("Extra 3", 0, 50, 10, key="e3")
        st.slider("Extra 4", 0, 50, 10, key="e4")
        st.toggle("Extra 5", key="e5")

st.title("Reference page")
a = (1 + x / 100) * np.power(1 + growth_a / 100, t) * 20 / price
b = 2 * np.power(1 + growth_b / 100, t)
values = [a[-1] / b[-1], a[-1], b[-1], x / 10]
for col, (i, v) in zip(st.columns(4), enumerate(values), strict=True):
    col.metric("Value" if i == 0 else f"Metric {i}", f"{v:.3f}", f"{v - 1:+.3f}")
st.markdown(f"#### In this scenario A reaches {values[0]:.1%} of B by the end of 2030.")

left, right = st.columns(2)
for i, column in enumerate((left, right, left, right)):
    data = pd.DataFrame(
        {
            "month": np.concatenate([months, months]),
            "company": ["A"] * 72 + ["B"] * 72,
            "value": np.concatenate([a * (i + 1), b * (i + 1)]),
        }
    )
    column.altair_chart(
        alt.Chart(data)
        .mark_line()
        .encode(
            x=alt.X("month:T", title="Month"),
            y=alt.Y("value:Q", title=f"Chart {i + 1} (units)"),
            color=alt.Color("company:N", title="Company"),
        ),
        width="stretch",
    )
