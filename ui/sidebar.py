"""The sidebar: a preset picker, plausibility warnings and a control for every lever of the
registry, grouped as ``data/parameters.csv`` declares them. Controls mirror the scenario
held by ``ui/state.py``: moving one changes the scenario, never the other way round here.

Numbers get a slider, a month a slider over months ("Jul 2026" ... "not by 2030") and a
yes/no switch a toggle. Estimates (figures that describe the past) are not controls: they
are listed on the Assumptions page and vary only in the uncertainty runs.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import cache

import streamlit as st

from simulator import Scenario, presets
from simulator.data import Param
from simulator.i18n import _, is_chinese, language, using
from simulator.scenario import preset_name
from simulator.timeline import month_label
from simulator.words import kind_words, with_unit
from ui import state
from ui.text import escape


def _moved(key: str) -> None:
    """A control moved: copy its value into the scenario."""
    scenario = state.current()
    p = scenario.release.dataset.param(key)
    shown = st.session_state.get(state.widget_key(key))
    if shown is not None:
        state.set_current(scenario.replace(**{key: state.from_widget(p, shown)}))


def _apply_preset() -> None:
    choice = st.session_state["preset"]
    # A callback runs before the page sets the reader's language: the picker showed the
    # labels in that language, so they are compared in it.
    with using(state.language()):
        stories = presets()
    for label, _story, scenario in stories.values():
        if label == choice:
            state.use(scenario)
    # The picker is an action, not a state: it goes back to empty, so that a value the
    # browser still holds can never re-apply a preset over later slider moves.
    st.session_state["preset"] = None


def _advanced_toggled() -> None:
    st.session_state["advanced_open"] = bool(st.session_state.get("advanced"))


def _help(p: Param) -> str:
    default = state.to_widget(p, p.default)
    if p.unit == "month":
        shown = month_label(default)
    elif p.unit == "switch":
        shown = _("yes") if default else _("no")
    elif is_chinese():
        shown = with_unit(p.display_unit, f"{default:,.4g}")
    else:
        shown = f"{default:,.4g} {p.display_unit}"
    return _(
        "{help} Default: {default} ({kind}). Acts from July 2026; the months before are data."
    ).format(help=p.help, default=shown, kind=kind_words(p.kind))


@cache
def _month_format(lang: str) -> Callable[[float], str]:
    """Month labels in ``lang`` whenever they are asked for. Streamlit also formats a month
    slider's value outside the page's run (to send it back, or in a test), where the
    reader's language is not set: a label in another language than the options would not
    be found and the slider would jump to its first month."""

    @cache  # called for every month of the slider on every run
    def label(index: float) -> str:
        with using(lang):
            return month_label(index)

    return label


def _control(p: Param, scenario: Scenario) -> None:
    shown = state.to_widget(p, scenario[p.key])
    key = state.widget_key(p.key)
    if st.session_state.get(key) != shown:  # e.g. not drawn on the last run
        st.session_state[key] = shown
    common = dict(help=_help(p), key=key, on_change=_moved, args=(p.key,))
    if p.unit == "switch":
        st.session_state[key] = bool(shown)
        st.toggle(p.label, **common)
    elif p.unit == "month":
        months = list(range(int(p.min), int(p.max) + 1))
        st.select_slider(p.label, options=months, format_func=_month_format(language()), **common)
    else:
        st.slider(
            f"{p.label}（{p.display_unit}）" if is_chinese() else f"{p.label} ({p.display_unit})",
            min_value=state.to_widget(p, p.min),
            max_value=state.to_widget(p, p.max),
            step=state.to_widget(p, p.step),
            # Chinese names the currency in the unit (美元/颗), not with a "$" on the number.
            format=p.format.removeprefix("$") if is_chinese() else p.format,
            **common,
        )


def _groups(params: list[Param]) -> dict[str, list[Param]]:
    """Parameters by group, in the order the registry first names each group."""
    out: dict[str, list[Param]] = {}
    for p in params:
        out.setdefault(p.group, []).append(p)
    return out


def controls(box=None) -> Scenario:
    """Draw the sidebar (into ``box``, a container in it, when given) and return the
    current scenario.

    Presets, the plausibility warnings and a control per lever of the scenario's release
    (advanced ones only while their expander is open).
    """
    scenario = state.current()
    stories = presets()
    levers = [p for p in scenario.registry if p.is_lever]
    with box if box is not None else st.sidebar:
        st.selectbox(
            _("Start from a story"),
            options=list(dict.fromkeys(label for label, _story, _s in stories.values())),
            index=None,
            placeholder=_("Choose a preset scenario…"),
            key="preset",
            on_change=_apply_preset,
            help=_("Sets every control to a named scenario; you can then move any of them."),
        )
        st.caption(_showing(scenario))
        st.button(_("Reset to baseline"), on_click=state.use, args=(Scenario(),), width="stretch")
        for group, params in _groups([p for p in levers if p.tier == "main"]).items():
            st.markdown(f"**{escape(group)}**")
            for p in params:
                _control(p, scenario)
        # Drawn only while open: fewer widgets on every rerun; values stay in the scenario.
        # Its open state is kept by the app: a page switch would otherwise close it.
        advanced = st.expander(
            _("Advanced assumptions"),
            expanded=st.session_state.get("advanced_open", False),
            key="advanced",
            on_change=_advanced_toggled,
        )
        if advanced.open:
            with advanced:
                for group, params in _groups([p for p in levers if p.tier != "main"]).items():
                    st.markdown(f"**{escape(group)}**")
                    for p in params:
                        _control(p, scenario)
    return scenario


def _showing(scenario: Scenario) -> str:
    """What the sidebar is showing, in one line (escaped for Markdown)."""
    name = preset_name(scenario)
    if name and scenario.release.is_current:
        label, description, _s = presets()[name]
        return _("Showing **{label}**: {description}").format(
            label=escape(label), description=escape(description)
        )
    changed = len(scenario.differences())
    if not scenario.release.is_current:
        older = (
            _(
                "Showing a scenario of model {version} (data as of {vintage}): 1 of its controls "
                "differs from its baseline."
            )
            if changed == 1
            else _(
                "Showing a scenario of model {version} (data as of {vintage}): {changed} of its "
                "controls differ from its baseline."
            )
        )
        return older.format(
            version=scenario.version, vintage=escape(scenario.release.label), changed=changed
        )
    if changed == 1:
        return _("Showing your own scenario: 1 control differs from the baseline.")
    return _("Showing your own scenario: {changed} controls differ from the baseline.").format(
        changed=changed
    )
