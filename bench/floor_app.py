"""Framework floor: the smallest app shaped like Compute Gap (slider, metric, chart).

Its latency is what Streamlit, Altair and the browser cost before any model code runs.
Run: .venv/bin/streamlit run bench/floor_app.py
"""

import altair as alt
import numpy as np
import pandas as pd
import streamlit as st

x = st.slider("Floor value", 0, 100, 50, key="x")
st.metric("Value", x)

years = np.arange(2020, 2041)
data = pd.DataFrame(
    {
        "year": years,
        "compute": x * np.power(1.0 + x / 200.0, years - years[0]),
    }
)
chart = (
    alt.Chart(data)
    .mark_line(point=True)
    .encode(
        x=alt.X("year:O", title="Year"),
        y=alt.Y("compute:Q", title="Compute (arbitrary units)"),
    )
)
st.altair_chart(chart)
