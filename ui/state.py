"""The scenario in the session: its home in ``st.session_state`` and in the URL, the notices
about how the link was read, and the cached engine. On every run the entrypoint calls
:func:`read_url` (which acts on a session's first run, and on Back and Forward), draws the sidebar
(``ui/sidebar.py``), runs the page, then calls :func:`write_url`; pages read
:func:`current` and :func:`projection`.

The scenario lives in ``st.session_state[SCENARIO]`` (one source of truth, which outlives
any widget) and in the URL, which is rewritten from it after every change. Widgets only
mirror it: a slider that is not drawn (closed expander, another page) loses its widget
state, and is refilled from the scenario when drawn again.
"""

from __future__ import annotations

from collections.abc import Callable
from urllib.parse import urlencode

import numpy as np
import streamlit as st
from streamlit.runtime.scriptrunner import get_script_run_ctx

from simulator import CURRENT, RELEASES, Projection, Scenario, i18n, project
from simulator.analysis import plausibility
from simulator.data import Param
from simulator.i18n import _
from simulator.words import describe, round_significant
from ui import link
from ui.text import escape

SCENARIO = "scenario"
VIEW = "view"  # how the scenario is shown: URL keys besides the parameters (ui/link.py)
WRITTEN = "url_written"  # the query the app last wrote to the URL (key -> values)


def widget_key(key: str) -> str:
    """The session-state key of a parameter's control."""
    return f"w_{key}"


def to_widget(p: Param, value: float) -> float:
    """A parameter's value as its control shows it (thousands of chips, months, ...)."""
    if p.unit in ("month", "switch"):
        return int(round(value))
    return float(value) / p.scale


def from_widget(p: Param, shown: float) -> float:
    """A control's value as the parameter holds it, within its limits."""
    value = round_significant(float(shown) * (1 if p.unit in ("month", "switch") else p.scale))
    return min(max(value, p.min), p.max)


def current() -> Scenario:
    """The scenario the reader is looking at (the baseline before any link is read)."""
    return st.session_state.get(SCENARIO) or Scenario()


def notices() -> list[str]:
    """What the link's reading changed, while the scenario is still the one it opened, in
    the reader's language (kept in every language: the reader may switch after reading)."""
    if st.session_state.get("opened") != current():
        return []
    return st.session_state.get("notices", {}).get(i18n.language(), [])


def add_notices(make: Callable[[], list[str]]) -> None:
    """Keep the notes ``make`` writes, in every language, with the link's notices."""
    kept = st.session_state.setdefault("notices", {})
    for lang in i18n.LANGS:
        with i18n.using(lang):
            notes = kept.setdefault(lang, [])
            notes += [text for text in make() if text not in notes]


def show_notices(box) -> None:
    """Fill ``box`` (above the page) with what the link's reading changed, the way to the
    current data when the scenario comes from an earlier release, and the plausibility
    warnings (here, not in the sidebar: a warning appearing there would shift the sliders
    under the reader's pointer)."""
    scenario = current()
    for warning in plausibility(scenario, projection(scenario)):
        box.warning(escape(warning), icon=":material/warning:")
    if not scenario.release.is_current:
        _older_release(box, scenario)
    estimates = _estimates_set(scenario)
    if estimates:
        box.info(escape(estimates), icon=":material/info:")
    if notices():
        lines = "\n".join(f"- {escape(n)}" for n in notices())
        box.info(_("**This link was adjusted to open:**") + f"\n{lines}", icon=":material/info:")


def _estimates_set(scenario: Scenario) -> str:
    """Estimates the scenario sets away from the data (a link can; no control shows them)."""
    differences = scenario.differences()
    changed = [
        _("'{label}' to {value} (the data support {default})").format(
            label=p.label, value=describe(p, scenario[p.key]), default=describe(p, p.default)
        )
        for p in scenario.registry
        if not p.is_lever and p.key in differences
    ]
    if not changed:
        return ""
    return _(
        "This scenario sets {estimates}, which no control shows; the Assumptions page lists "
        "them with their sources."
    ).format(estimates="; ".join(changed))


def _older_release(box, scenario: Scenario) -> None:
    rel = scenario.release
    row = box.container(border=True)
    row.markdown(
        _(
            "This link uses model {version} with data as of {vintage}: the numbers are the "
            "ones its sender saw."
        ).format(version=rel.version, vintage=escape(rel.label))
    )
    newer, notes = scenario.upgraded()
    if notes:
        keeps = _("Keeps every setting the current model has; {notes}").format(
            notes=" ".join(notes)
        )
    else:
        keeps = _("Keeps every setting the current model has; all of them carry over.")
    row.button(
        _("Open this scenario on {vintage} data").format(vintage=CURRENT.label),
        on_click=use,
        args=(newer,),
        icon=":material/update:",
        help=keeps,
    )


def use(scenario: Scenario) -> None:
    """Make ``scenario`` current and move every control to it (a preset, a reset)."""
    st.session_state[SCENARIO] = scenario
    for p in scenario.registry:
        st.session_state[widget_key(p.key)] = to_widget(p, scenario[p.key])


def set_current(scenario: Scenario) -> None:
    """Make ``scenario`` current, as the slider that just moved shows it."""
    st.session_state[SCENARIO] = scenario


def read_url() -> None:
    """The link decides the scenario and the view on a session's first run, and again when
    the reader goes Back or Forward to a link this app did not write last; what the reading
    changed is noted. Other runs leave both as the reader set them."""
    query = _url_query()
    if SCENARIO not in st.session_state or _navigated_to(query):
        _open(query)


def _navigated_to(query: dict[str, list[str]]) -> bool:
    """True when the reader went Back or Forward to a link the app did not write last. An
    empty query is no link: a page switch leaves such an entry behind it."""
    return bool(query) and _history_navigation() and query != st.session_state.get(WRITTEN)


def _url_query() -> dict[str, list[str]]:
    return {key: st.query_params.get_all(key) for key in st.query_params}


def _history_navigation() -> bool:
    """True when this run follows the browser's Back or Forward. Streamlit (1.67) then
    reruns the script with the entry's query and flags the run (``is_history_navigation``
    of the run context: ``st.context`` does not say), and the URL written during it goes
    through ``replaceState``, so reading the link again adds no history entry. Elsewhere
    every change of ``st.query_params`` is a ``pushState``: one entry per scenario."""
    return bool(getattr(get_script_run_ctx(), "is_history_navigation", False))


def _open(query: dict[str, list[str]]) -> None:
    """Read ``query`` as a link: make its scenario and view current, note what changed."""
    scenario, st.session_state[VIEW], _notes = _read(query)
    use(scenario)
    st.session_state["notices"] = {}
    st.session_state["opened"] = scenario
    add_notices(lambda: _read(query)[2])  # in every language: the reader may switch


def _read(query: dict[str, list[str]]) -> tuple[Scenario, dict, list[str]]:
    """``query`` read as a link: its scenario, its view settings and what the reading
    changed (in the current language)."""
    settings, rest, repeated = link.split_view(link.unmangle(query))
    scenario, warnings = Scenario.from_query(rest)
    view, checked = link.check_view(settings, scenario)
    return scenario, view, warnings + repeated + checked


def view(key: str) -> str | list[str]:
    """A view setting from the link or the page (e.g. the headline year)."""
    return st.session_state.get(VIEW, {}).get(key, link.VIEW_DEFAULTS[key])


def language() -> str:
    """The reader's language: the page's choice, else the link's (``lang=zh``), else English.
    Known before the link is read, so that the navigation's page titles are translated."""
    if VIEW in st.session_state:
        return str(view(link.LANG_KEY))
    lang = st.query_params.get(link.LANG_KEY, i18n.DEFAULT)
    return lang if lang in i18n.LANGS else i18n.DEFAULT


def set_view(key: str, value: str | list[str]) -> None:
    st.session_state.setdefault(VIEW, {})[key] = value


def view_query(scenario: Scenario) -> dict[str, str | list[str]]:
    """The link: the scenario, then every view setting that is not its default."""
    return link.to_query(scenario, st.session_state.get(VIEW, {}))


def write_url() -> None:
    """Rewrite the browser's URL from the scenario and view (after the page has run), and
    remember what it holds: a later run that finds another query there came by Back or
    Forward."""
    query = {k: v if isinstance(v, list) else [v] for k, v in view_query(current()).items()}
    if _url_query() != query:
        st.query_params.from_dict(query)
    st.session_state[WRITTEN] = query


def share_link(scenario: Scenario) -> str:
    return f"{st.context.url or ''}?{urlencode(view_query(scenario), doseq=True)}"


def _run(version: str, values: bytes, draws: int | None) -> Projection:
    rel = RELEASES[version]
    keys = [p.key for p in rel.params]
    numbers = np.frombuffer(values).tolist()
    scenario = Scenario.of(rel, **dict(zip(keys, numbers, strict=True)))
    return _read_only(project(scenario, draws=draws))


def _read_only(projection: Projection) -> Projection:
    """Make the projection's arrays read-only: the cache hands the same object to every
    session, so an edit in place would change every reader's numbers. (The joined
    ``Projection.arrays``, built on first use, is not cached here: the app does not use it.)"""
    groups = [projection.company_arrays, *projection.channel_arrays.values()]
    # (a Monte Carlo run's kept draws, ``KeptDraws``, are read-only as they are cut out)
    arrays = [projection.params, *(a for g in groups if isinstance(g, dict) for a in g.values())]
    for array in arrays:
        array.flags.writeable = False
    return projection


# Bounded by count AND size: a single projection is ~17 KB, a Monte Carlo fan ~35 MB,
# so fans get their own small cache (256 fans would be ~9 GB). The values are the key as
# bytes: Streamlit hashes those 40 times faster than a tuple of floats.
@st.cache_resource(max_entries=256, show_spinner=False)
def _project(version: str, values: bytes) -> Projection:
    return _run(version, values, None)


@st.cache_resource(max_entries=8, show_spinner=False)
def _project_fan(version: str, values: bytes, draws: int) -> Projection:
    return _run(version, values, draws)


def projection(scenario: Scenario, draws: int | None = None) -> Projection:
    """The engine's projection, cached per scenario (bounded: 256 single runs, 8 fans)."""
    key = np.asarray(scenario.values, dtype=float).tobytes()
    if draws is None:
        return _project(scenario.version, key)
    return _project_fan(scenario.version, key, draws)
