"""The sidebar: a preset picker, plausibility warnings and a slider for every parameter of
the registry, grouped as ``data/parameters.csv`` declares them. Sliders mirror the scenario
held by ``ui/state.py``: moving one changes the scenario, never the other way round here.
"""

from __future__ import annotations

import streamlit as st

from simulator import Scenario, presets, registry
from simulator.analysis import plausibility
from simulator.data import Param
from simulator.scenario import preset_name
from ui import state
from ui.text import escape

GROUP_ORDER = ("Export controls", "Prices", "Budgets", "Chip supply")


def _moved(key: str) -> None:
    """A slider moved: copy its value into the scenario."""
    p = next(p for p in registry() if p.key == key)
    shown = st.session_state.get(state.widget_key(key))
    if shown is not None:
        state.set_current(state.current().replace(**{key: state.from_widget(p, shown)}))


def _apply_preset() -> None:
    choice = st.session_state["preset"]
    for label, _, scenario in presets().values():
        if label == choice:
            state.use(scenario)
    # The picker is an action, not a state: it goes back to empty, so that a value the
    # browser still holds can never re-apply a preset over later slider moves.
    st.session_state["preset"] = None


def _slider(p: Param, scenario: Scenario) -> None:
    shown = state.to_widget(p, scenario[p.key])
    key = state.widget_key(p.key)
    if st.session_state.get(key) != shown:  # e.g. not drawn on the last run
        st.session_state[key] = shown
    st.slider(
        f"{p.label} ({p.display_unit})",
        min_value=state.to_widget(p, p.min),
        max_value=state.to_widget(p, p.max),
        step=state.to_widget(p, p.step),
        format=p.format,
        help=f"{p.help} Default {state.to_widget(p, p.default):,.4g} {p.display_unit} ({p.kind}).",
        key=key,
        on_change=_moved,
        args=(p.key,),
    )


def controls() -> Scenario:
    """Draw the sidebar: presets, the plausibility warnings and a slider per parameter
    (advanced ones only while their expander is open). Returns the current scenario."""
    scenario = state.current()
    stories = presets()
    params = registry()
    with st.sidebar:
        st.selectbox(
            "Start from a story",
            options=list(dict.fromkeys(label for label, _, _ in stories.values())),
            index=None,
            placeholder="Choose a preset scenario…",
            key="preset",
            on_change=_apply_preset,
            help="Sets every control to a named scenario; you can then move any of them.",
        )
        name = preset_name(scenario)
        if name:
            label, description, _ = stories[name]
            st.caption(f"Showing **{escape(label)}**: {escape(description)}")
        else:
            changed = len(scenario.differences())
            st.caption(f"Showing your own scenario: {changed} control(s) differ from the baseline.")
        st.button("Reset to baseline", on_click=state.use, args=(Scenario(),), width="stretch")
        for warning in plausibility(scenario, state.projection(scenario)):
            st.warning(escape(warning), icon=":material/warning:")
        for group in GROUP_ORDER:
            main = [p for p in params if p.tier == "main" and p.group == group]
            if main:
                st.markdown(f"**{group}**")
                for p in main:
                    _slider(p, scenario)
        # Drawn only while open: fewer widgets on every rerun; values stay in the scenario.
        advanced = st.expander("Advanced assumptions", key="advanced", on_change="rerun")
        if advanced.open:
            with advanced:
                for p in (p for p in params if p.tier == "advanced"):
                    _slider(p, scenario)
    return scenario
