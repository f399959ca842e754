"""Every chart of the app, by page and job.

- ``simulator.py``: the Simulator page's four charts (also in the briefing), Altair
  templates filled with Arrow datasets on every rerun;
- ``analysis.py``: what matters most and what limits ByteDance (the page's panels);
- ``compare.py``: the Compare page's lines, one per compared scenario;
- ``export.py``: the Arrow form Streamlit sends, Vega-Lite JSON, PNG and SVG;
- ``style.py``: colours, dash patterns and heights for all of them.
"""
