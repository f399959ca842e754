"""Streamlit glue: controls generated from the registry, the URL as the scenario's home,
and the cached engine. The entrypoint calls :func:`controls` on every run; pages read
:func:`current`.

The scenario lives in ``st.session_state[SCENARIO]`` (one source of truth, which outlives
any widget) and in the URL, which is rewritten from it after every change. Widgets only
mirror it: a slider that is not drawn (closed expander, another page) loses its widget
state, and is refilled from the scenario when drawn again.
"""

from __future__ import annotations

from urllib.parse import urlencode

import streamlit as st

from simulator import Projection, Scenario, presets, project, registry
from simulator.analysis import plausibility
from simulator.data import Param
from simulator.scenario import preset_name
from simulator.words import round_significant
from ui import link
from ui.text import escape

SCENARIO = "scenario"
VIEW = "view"  # how the scenario is shown: URL keys besides the parameters (ui/link.py)
GROUP_ORDER = ("Export controls", "Prices", "Budgets", "Chip supply")


def widget_key(key: str) -> str:
    return f"w_{key}"


def to_widget(p: Param, value: float) -> float:
    return float(value) / p.scale


def from_widget(p: Param, shown: float) -> float:
    value = round_significant(float(shown) * p.scale)
    return min(max(value, p.min), p.max)


def current() -> Scenario:
    return st.session_state.get(SCENARIO) or Scenario()


def notices() -> list[str]:
    """What the link's reading changed, while the scenario is still the one it opened."""
    if st.session_state.get("opened") != current():
        return []
    return st.session_state.get("notices", [])


def show_notices(box) -> None:
    if notices():
        lines = "\n".join(f"- {escape(n)}" for n in notices())
        box.info(f"**This link was adjusted to open:**\n{lines}", icon=":material/info:")


def _use(scenario: Scenario) -> None:
    """Make ``scenario`` current and move every drawn widget to it."""
    st.session_state[SCENARIO] = scenario
    for p in registry():
        st.session_state[widget_key(p.key)] = to_widget(p, scenario[p.key])


def _read_url() -> None:
    """First run of a session: the link decides the scenario and the view; what it changed
    is noted."""
    raw = {key: st.query_params.get_all(key) for key in st.query_params}
    settings, rest, repeated = link.split_view(raw)
    scenario, warnings = Scenario.from_query(rest)
    _use(scenario)
    st.session_state[VIEW], checked = link.check_view(settings, scenario)
    st.session_state["notices"] = warnings + repeated + checked
    st.session_state["opened"] = scenario


def view(key: str) -> str | list[str]:
    """A view setting from the link or the page (e.g. the headline year)."""
    return st.session_state.get(VIEW, {}).get(key, link.VIEW_DEFAULTS[key])


def set_view(key: str, value: str | list[str]) -> None:
    st.session_state.setdefault(VIEW, {})[key] = value


def add_notice(text: str) -> None:
    if text not in notices():
        st.session_state.setdefault("notices", []).append(text)


def _moved(key: str) -> None:
    """A slider moved: copy its value into the scenario."""
    p = next(p for p in registry() if p.key == key)
    shown = st.session_state.get(widget_key(key))
    if shown is not None:
        st.session_state[SCENARIO] = current().replace(**{key: from_widget(p, shown)})


def _apply_preset() -> None:
    choice = st.session_state["preset"]
    for label, _, scenario in presets().values():
        if label == choice:
            _use(scenario)
    # The picker is an action, not a state: it goes back to empty, so that a value the
    # browser still holds can never re-apply a preset over later slider moves.
    st.session_state["preset"] = None


def _slider(p: Param, scenario: Scenario) -> None:
    shown = to_widget(p, scenario[p.key])
    if st.session_state.get(widget_key(p.key)) != shown:  # e.g. not drawn on the last run
        st.session_state[widget_key(p.key)] = shown
    st.slider(
        f"{p.label} ({p.display_unit})",
        min_value=to_widget(p, p.min),
        max_value=to_widget(p, p.max),
        step=to_widget(p, p.step),
        format=p.format,
        help=f"{p.help} Default {to_widget(p, p.default):,.4g} {p.display_unit} ({p.kind}).",
        key=widget_key(p.key),
        on_change=_moved,
        args=(p.key,),
    )


def controls() -> Scenario:
    """Draw the sidebar controls, keep the URL in step and return the scenario."""
    if SCENARIO not in st.session_state:
        _read_url()
    scenario = current()
    stories = {label: (text, s) for label, text, s in presets().values()}
    params = registry()
    with st.sidebar:
        st.selectbox(
            "Start from a story",
            options=list(stories),
            index=None,
            placeholder="Choose a preset scenario…",
            key="preset",
            on_change=_apply_preset,
            help="Sets every control to a named scenario; you can then move any of them.",
        )
        name = preset_name(scenario)
        if name:
            label, description, _ = presets()[name]
            st.caption(f"Showing **{escape(label)}**: {escape(description)}")
        else:
            changed = len(scenario.differences())
            st.caption(f"Showing your own scenario: {changed} control(s) differ from the baseline.")
        st.button("Reset to baseline", on_click=_use, args=(Scenario(),), width="stretch")
        for warning in plausibility(scenario, projection(scenario)):
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


def view_query(scenario: Scenario) -> dict[str, str | list[str]]:
    """The link: the scenario, then every view setting that is not its default."""
    return link.to_query(scenario, st.session_state.get(VIEW, {}))


def write_url() -> None:
    """Rewrite the browser's URL from the scenario and view (after the page has run)."""
    query = view_query(current())
    if {k: st.query_params.get_all(k) for k in st.query_params} != {
        k: v if isinstance(v, list) else [v] for k, v in query.items()
    }:
        st.query_params.from_dict(query)


def share_link(scenario: Scenario) -> str:
    return f"{st.context.url or ''}?{urlencode(view_query(scenario), doseq=True)}"


def _run(values: tuple[float, ...], draws: int | None) -> Projection:
    keys = [p.key for p in registry()]
    return project(Scenario(**dict(zip(keys, values, strict=True))), draws=draws)


# Bounded by count AND size: a single projection is ~17 KB, a Monte Carlo fan ~35 MB,
# so fans get their own small cache (256 fans would be ~9 GB).
@st.cache_resource(max_entries=256, show_spinner=False)
def _project(values: tuple[float, ...]) -> Projection:
    return _run(values, None)


@st.cache_resource(max_entries=8, show_spinner=False)
def _project_fan(values: tuple[float, ...], draws: int) -> Projection:
    return _run(values, draws)


def projection(scenario: Scenario, draws: int | None = None) -> Projection:
    """The engine's projection, cached per scenario (bounded: 256 single runs, 8 fans)."""
    if draws is None:
        return _project(scenario.values)
    return _project_fan(scenario.values, draws)


def toggle_view(key: str, label: str, help: str) -> bool:
    """A switch kept in the link as ``key=1`` (off: absent)."""
    st.session_state[f"w_{key}"] = view(key) == "1"

    def changed() -> None:
        set_view(key, "1" if st.session_state[f"w_{key}"] else "0")

    st.toggle(label, key=f"w_{key}", help=help, on_change=changed)
    return view(key) == "1"


def _year_changed() -> None:
    if st.session_state.get("w_year") is not None:
        set_view(link.YEAR_KEY, str(st.session_state["w_year"]))


def year_picker() -> int:
    """The headline year; kept in the URL when it is not the default."""
    year = int(view(link.YEAR_KEY))  # checked when the link was read
    st.session_state["w_year"] = year
    st.segmented_control(
        "Headline numbers at the end of",
        options=link.YEARS[1:],
        key="w_year",
        help="The year the headline numbers describe (December values; budgets over the year).",
        on_change=_year_changed,
    )
    return year
