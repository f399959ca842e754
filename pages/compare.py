"""Compare scenarios: two to four scenarios side by side, the comparison kept in the link."""

import streamlit as st

from simulator.i18n import _, is_chinese, using
from simulator.summary import headline
from ui import compare, link, page_style, state, view_controls
from ui.charts import compare as charts
from ui.charts.style import LINE_NAMES
from ui.entry import run_inside_entrypoint
from ui.text import escape

run_inside_entrypoint()
page_style.apply(page_style.COMPARE)


def _store(items: list[str]) -> None:
    # The default comparison is left out of the link, like every other default view.
    state.set_view(link.COMPARE_KEY, [] if items == link.DEFAULT else items)


def _picked() -> None:
    picked = list(st.session_state.get("w_cmp") or [])
    st.session_state["cmp_none"] = not picked  # emptied on purpose: do not refill
    _store(picked)


def _add_link() -> None:
    # A callback runs before the page sets the reader's language: its messages set it here.
    with using(state.language()):
        _read_pasted_link()


def _read_pasted_link() -> None:
    text = st.session_state.get("cmp_paste") or ""
    item, scenario, warnings = link.read_link(text)
    items = list(st.session_state.get("w_cmp") or [])
    if item is None:
        st.session_state["cmp_msg"] = ("error", warnings[0], [])
        return
    twin = next(
        (e for e in link.read_items(items, state.current())[0] if e.scenario == scenario), None
    )
    if items and twin is not None:
        st.session_state["cmp_msg"] = (
            "info",
            _("That scenario is already in the comparison, as '{label}'.").format(label=twin.label),
            warnings,
        )
    elif len(items) >= link.MAX_SCENARIOS:
        st.session_state["cmp_msg"] = (
            "error",
            _("A comparison holds at most {count} scenarios: remove one first.").format(
                count=link.MAX_SCENARIOS
            ),
            [],
        )
        return
    else:
        st.session_state["cmp_none"] = False
        _store([*items, item])
        st.session_state["cmp_msg"] = (
            "success",
            _("Added the scenario from the link to the comparison."),
            warnings,
        )
    st.session_state["cmp_paste"] = ""


st.title(_("Compare scenarios"))
st.caption(
    _(
        "Up to four scenarios side by side: what they assume differently and what that "
        "changes. The link in your browser holds the whole comparison."
    )
)

compared = state.view(link.COMPARE_KEY)
emptied = st.session_state.get("cmp_none") and not compared
entries, notes = ([], []) if emptied else link.read_items(compared, state.current())
if notes:  # kept in every language, as the link's own notices
    state.add_notices(lambda: link.read_items(compared, state.current())[1])
items = [e.item for e in entries]
state.set_view(link.COMPARE_KEY, link.link_value(entries))

names = {e.item: e.label for e in entries}
if st.session_state.get("w_cmp") != items:
    st.session_state["w_cmp"] = items
st.multiselect(
    _("Scenarios to compare"),
    options=link.options(items),
    format_func=lambda item: names.get(item) or link.label_for(item),
    key="w_cmp",
    max_selections=link.MAX_SCENARIOS,
    # "Select all" (or "Select n matches") is offered only when every scenario it would add
    # fits in the four: it never adds some and silently drops the rest.
    select_all=max(0, link.MAX_SCENARIOS - len(items)),
    on_change=_picked,
    placeholder=_("Pick two to four scenarios…"),
    help=_(
        "Up to four scenarios. This scenario is the one set by the sidebar controls. Presets "
        "are the named stories of the Simulator page. Differences are shown against the first "
        "scenario picked."
    ),
)
if len(items) >= link.MAX_SCENARIOS:
    st.caption(
        _("A comparison holds at most {count} scenarios: remove one to add another.").format(
            count=link.MAX_SCENARIOS
        )
    )
# The box takes the room the button leaves; the button keeps its whole label (it moves
# under the box where the row is too narrow for both).
with st.container(horizontal=True, wrap=True, vertical_alignment="bottom", key="cmp_paste_row"):
    st.text_input(
        _("Or add a scenario from a link"),
        key="cmp_paste",
        placeholder=_("Paste a link someone sent you"),
        help=_("Any link to this app: the comparison adds the scenario the link holds."),
        width="stretch",
    )
    st.button(_("Add to comparison"), key="cmp_add", on_click=_add_link, width="content")
kind, text, warnings = st.session_state.pop("cmp_msg", (None, "", []))
if kind:  # the outcome of the last paste, shown once
    lines = "".join(f"\n- {escape(w)}" for w in warnings)
    adjusted = _("The link was adjusted to open:")
    body = escape(text) + (f"\n\n**{adjusted}**{lines}" if lines else "")
    show = {"error": st.error, "info": st.info, "success": st.success}[kind]
    if warnings and kind == "success":
        show = st.warning
    show(body, icon=":material/error:" if kind == "error" else ":material/info:")

if not entries:
    st.info(_("Pick two to four scenarios above to compare them."), icon=":material/info:")
else:
    if len(entries) == 1:
        st.info(_("Add a second scenario to compare it with."), icon=":material/info:")
    st.markdown(
        "\n".join(
            _("- **{label}** ({line}): {origin}.").format(
                label=escape(e.label), line=_(LINE_NAMES[i]), origin=escape(e.origin.rstrip(".。"))
            )
            for i, e in enumerate(entries)
        )
    )
    same = compare.same_pairs(entries)
    if same:
        st.caption(
            ("" if is_chinese() else " ").join(
                _("*{first}* and *{second}* are the same scenario.").format(
                    first=escape(a), second=escape(b)
                )
                for a, b in same
            )
            + _(" Move a control in the sidebar or pick a preset to see a difference.")
        )

    if len(entries) > 1:  # with one scenario there is nothing to tell apart
        st.subheader(_("What they assume differently"))
        table = compare.differing_assumptions(entries)
        if table.empty:
            st.write(_("Nothing: every assumption is the same in these scenarios."))
        else:
            # Markdown, not a data grid: the text wraps (kind, date and source stay in view)
            # and each source is a real link.
            with st.container(key="cmp_assumptions"):
                st.markdown(compare.assumptions_markdown(table))

    st.subheader(_("Headline numbers"))
    year = view_controls.year_picker()
    projections = [state.projection(e.scenario) for e in entries]
    if len(entries) > 1:
        st.caption(
            _("Small print under a number: its difference from {label}.").format(
                label=escape(entries[0].label)
            )
        )
    for k, row in enumerate(compare.headline_rows([headline(p, year) for p in projections])):
        st.markdown(f"**{escape(row.label)}**")
        # a row that wraps (see ui/page_style.py): on a phone two scenarios side by side
        with st.container(horizontal=True, key=f"cmp_cards_{k}"):
            for entry, value, delta, tip in zip(
                entries, row.values, row.deltas, row.helps, strict=True
            ):
                st.metric(entry.label, value, delta, delta_color="off", help=tip)

    st.subheader(_("Over time"))
    frame = charts.series_frame([e.label for e in entries], projections)
    st.altair_chart(charts.share_chart(frame), width="stretch")
    left, right = st.columns(2)
    left.altair_chart(charts.compute_chart(frame), width="stretch")
    right.altair_chart(charts.tokens_chart(frame), width="stretch")
    st.caption(_("One H100-equivalent = 989 TFLOP/s dense BF16, the unit industry trackers use."))
