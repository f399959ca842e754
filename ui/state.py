"""Streamlit glue: controls generated from the registry, the URL as the scenario's home,
and the cached engine. Pages call :func:`controls` (via the entrypoint) and read
:func:`current`."""

from __future__ import annotations

from urllib.parse import urlencode

import streamlit as st

from simulator import Projection, Scenario, presets, project, registry
from simulator.data import Param
from simulator.engine import YEAR
from ui.text import escape

YEAR_KEY = "year"  # in the URL
YEAR_STATE = "headline_year"  # survives page switches, unlike the picker's widget state
DEFAULT_YEAR = 2027
YEARS = [int(y) for y in sorted(set(YEAR))]
GROUP_ORDER = ("Export controls", "Prices", "Budgets", "Chip supply")


def widget_key(key: str) -> str:
    return f"w_{key}"


def to_widget(p: Param, value: float) -> float:
    return float(value) / p.scale


def from_widget(p: Param, shown: float) -> float:
    # 12 significant digits drop the float noise a slider step adds (7.04 + 0.01).
    return float(f"{float(shown) * p.scale:.12g}")


def _set_widgets(scenario: Scenario) -> None:
    for p in registry():
        st.session_state[widget_key(p.key)] = to_widget(p, scenario[p.key])


def _scenario_from_widgets() -> Scenario:
    values = {}
    for p in registry():
        shown = st.session_state.get(widget_key(p.key))
        value = p.default if shown is None else from_widget(p, shown)
        values[p.key] = min(max(value, p.min), p.max)
    return Scenario(**values)


def _read_url() -> None:
    """First run of a session: the link decides the scenario; what it changed is noted."""
    raw = {key: st.query_params.get_all(key) for key in st.query_params}
    notices: list[str] = []
    year_text = (raw.pop(YEAR_KEY, None) or [""])[-1]
    year = DEFAULT_YEAR
    if year_text:
        if year_text.strip().isdigit() and int(year_text) in YEARS:
            year = int(year_text)
        else:
            notices.append(f"'{year_text[:20]}' is not a year from {YEARS[0]} to {YEARS[-1]}.")
    scenario, warnings = Scenario.from_query(raw)
    _set_widgets(scenario)
    st.session_state[YEAR_STATE] = year
    st.session_state["notices"] = warnings + notices
    st.session_state["url_read"] = True


def _apply_preset() -> None:
    choice = st.session_state["preset"]
    for label, _, scenario in presets().values():
        if label == choice:
            _set_widgets(scenario)
    # The picker is an action, not a state: it goes back to empty, so that a value the
    # browser still holds can never re-apply a preset over later slider moves.
    st.session_state["preset"] = None


def _reset() -> None:
    _set_widgets(Scenario())


def _slider(p: Param) -> None:
    st.slider(
        f"{p.label} ({p.display_unit})",
        min_value=to_widget(p, p.min),
        max_value=to_widget(p, p.max),
        step=to_widget(p, p.step),
        format=p.format,
        help=f"{p.help} Default {to_widget(p, p.default):,.4g} {p.display_unit} ({p.kind}).",
        key=widget_key(p.key),
    )


def controls() -> Scenario:
    """Render the sidebar controls and keep the URL in step; return the scenario."""
    if "url_read" not in st.session_state:
        _read_url()
    for p in registry():  # a widget's state is dropped when not rendered; restore it
        if widget_key(p.key) not in st.session_state:
            st.session_state[widget_key(p.key)] = to_widget(p, p.default)
    scenario = _scenario_from_widgets()
    stories = {label: (text, s) for label, text, s in presets().values()}
    sb = st.sidebar
    sb.selectbox(
        "Start from a story",
        options=list(stories),
        index=None,
        placeholder="Choose a preset scenario…",
        key="preset",
        on_change=_apply_preset,
        help="Sets every control to a named scenario; you can then move any of them.",
    )
    match = next((label for label, (_, s) in stories.items() if s == scenario), None)
    if match:
        sb.caption(f"Showing **{escape(match)}**: {escape(stories[match][0])}")
    else:
        changed = len(scenario.differences())
        sb.caption(f"Showing your own scenario: {changed} control(s) differ from the baseline.")
    sb.button("Reset to baseline", on_click=_reset, width="stretch")
    params = registry()
    with sb:
        for group in GROUP_ORDER:
            main = [p for p in params if p.tier == "main" and p.group == group]
            if main:
                st.markdown(f"**{group}**")
                for p in main:
                    _slider(p)
        with st.expander("Advanced assumptions"):
            for p in (p for p in params if p.tier == "advanced"):
                _slider(p)
    st.session_state["scenario"] = scenario
    _write_url(scenario)
    return scenario


def view_query(scenario: Scenario) -> dict[str, str]:
    query = scenario.to_query()
    year = st.session_state.get(YEAR_STATE, DEFAULT_YEAR)
    if year != DEFAULT_YEAR:
        query[YEAR_KEY] = str(year)
    return query


def _write_url(scenario: Scenario) -> None:
    query = view_query(scenario)
    current = {k: st.query_params.get(k) for k in st.query_params}
    if current != query:
        st.query_params.from_dict(query)


def share_link(scenario: Scenario) -> str:
    base = st.context.url or ""
    return f"{base}?{urlencode(view_query(scenario))}"


def current() -> Scenario:
    return st.session_state.get("scenario") or Scenario()


def notices() -> list[str]:
    return st.session_state.get("notices", [])


@st.cache_resource(max_entries=256, show_spinner=False)
def _project(values: tuple[float, ...], draws: int | None) -> Projection:
    keys = [p.key for p in registry()]
    return project(Scenario(**dict(zip(keys, values, strict=True))), draws=draws)


def projection(scenario: Scenario, draws: int | None = None) -> Projection:
    """The engine's projection, cached per scenario (bounded)."""
    return _project(scenario.values, draws)


def _year_changed() -> None:
    if st.session_state.get("w_year") is not None:
        st.session_state[YEAR_STATE] = st.session_state["w_year"]


def year_picker() -> int:
    """The headline year; kept in the URL when it is not the default."""
    year = st.session_state.get(YEAR_STATE, DEFAULT_YEAR)
    st.session_state["w_year"] = year
    st.segmented_control(
        "Headline numbers at the end of",
        options=YEARS[1:],
        key="w_year",
        format_func=str,
        help="The year the headline numbers describe (December values; budgets over the year).",
        on_change=_year_changed,
    )
    return year
