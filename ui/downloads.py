"""Download buttons: the projection as CSV and as an Excel workbook, the scenario as JSON,
the briefing as HTML, the slides as PowerPoint, each chart as PNG/SVG, and the snippet
that embeds a chart in another page."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import TypeVar

import streamlit as st

from simulator import Projection, Scenario, i18n
from simulator.analysis import bands_note
from simulator.i18n import N_, _
from simulator.scenario import CHANGES_KEY
from ui import embed, state
from ui.briefing import FILE_NAME, briefing_html
from ui.charts.export import to_image
from ui.charts.simulator import context

T = TypeVar("T")

# The charts one can embed (ui/link.py EMBED_CHARTS), in words for a Chinese reader (an
# English one reads the link's name: "Compute", "Track record").
EMBED_NAMES = {
    "compute": N_("Chart to embed: AI compute"),
    "tokens": N_("Chart to embed: tokens per day"),
    "share": N_("Chart to embed: ByteDance's compute as a share of Google's"),
    "spend": N_("Chart to embed: chip spending"),
    "track_record": N_("Chart to embed: track record"),
}


def in_language(make: Callable[[], T]) -> Callable[[], T]:
    """``make`` run in the reader's language of now: Streamlit builds a download when it is
    clicked, on another thread, where the language would be English."""
    lang = i18n.language()

    def run() -> T:
        with i18n.using(lang):
            return make()

    return run


def projection_csv(scenario: Scenario, projection: Projection, link: str) -> str:
    """Tidy CSV (date, company, metric, value, unit) under a commented provenance header."""
    frame = projection.to_frame()
    frame["date"] = frame["date"].dt.strftime("%Y-%m-%d")
    header = (
        "# "
        + _("Compute Gap projection, model version {version}, data as of {vintage}").format(
            version=scenario.version, vintage=scenario.release.vintage
        )
        + "\n# "
        + _("scenario link: {link}").format(link=link)
        + "\n# "
        + _(
            "flows (budget, spend, units) are per month; compute is at month end; "
            "tokens are per day"
        )
        + "\n"
    )
    return header + frame.to_csv(index=False)


def scenario_json(scenario: Scenario) -> str:
    """The scenario as JSON (:meth:`Scenario.to_json`): its keys as they are, the words of
    its ``changes`` (labels, units) in the reader's language."""
    text = scenario.to_json()
    if not i18n.is_chinese():
        return text
    data = json.loads(text)
    params = {p.key: p for p in scenario.registry}
    for key, change in data.get(CHANGES_KEY, {}).items():
        change["label"] = params[key].label
        change["unit"] = params[key].display_unit
    return json.dumps(data, indent=2, ensure_ascii=False)


def download_panel(
    scenario: Scenario,
    projection: Projection,
    figures: dict[str, dict],
    year: int,
    fan: Projection | None,
) -> None:
    """The downloads of the Simulator page, in an expander drawn only when open: ``year``
    and ``fan`` as the page shows them (headline year, uncertainty bands or None).

    Each chart image carries its context (scenario, changes, year, how to read it, data
    date, link), so a chart pasted alone into a slide still says what it shows."""
    link = state.share_link(scenario)
    panel = st.expander(
        _("Download this scenario"), icon=":material/download:", key="downloads", on_change="rerun"
    )
    if not panel.open:  # drawn only when open
        return
    # Loaded here: openpyxl and python-pptx take about 0.3 s to import, which a page that
    # never opens this panel (a server's first reader included) does not wait for.
    from ui import workbook

    with panel:
        cols = st.columns(3)
        cols[0].download_button(
            _("Projection (CSV)"),
            data=in_language(lambda: projection_csv(scenario, projection, link)),
            file_name="compute-gap-projection.csv",
            mime="text/csv",
            on_click="ignore",
            width="stretch",
        )
        if fan is not None:
            sheets = _(
                "One sheet per company: months as rows, each result, with its 10th-90th "
                "percentile range, in a column labelled with its unit. Then every setting "
                "with its source, and the link back to this scenario."
            )
        else:
            sheets = _(
                "One sheet per company: months as rows, each result in a column labelled "
                "with its unit. Then every setting with its source, and the link back to "
                "this scenario."
            )
        cols[1].download_button(
            _("Projection (Excel)"),
            data=in_language(lambda: workbook.workbook_bytes(scenario, projection, link, fan)),
            file_name=workbook.FILE_NAME,
            mime=workbook.MIME,
            on_click="ignore",
            width="stretch",
            help=sheets,
        )
        cols[2].download_button(
            _("Scenario (JSON)"),
            data=scenario_json(scenario),
            file_name="compute-gap-scenario.json",
            mime="application/json",
            on_click="ignore",
            width="stretch",
        )
        cols = st.columns(2)
        with cols[0]:
            download_briefing(scenario, year, link, bands=fan is not None)
        with cols[1]:
            download_slides(scenario, year, link, bands=fan is not None)
        note = bands_note(fan) if fan is not None else ""
        st.caption(_("Charts as images, for slides:"))
        cols = st.columns(2)
        for i, (name, chart) in enumerate(figures.items()):
            col = cols[i % 2]
            for fmt, mime in (("png", "image/png"), ("svg", "image/svg+xml")):
                col.download_button(
                    _("{title} ({format})").format(title=chart["title"], format=fmt.upper()),
                    data=in_language(
                        lambda chart=chart, fmt=fmt, name=name: to_image(
                            chart, fmt, context(name, scenario, year, link, note)
                        )
                    ),
                    file_name=f"compute-gap-{name}.{fmt}",
                    mime=mime,
                    on_click="ignore",
                    width="stretch",
                )
        embed_panel(scenario)


def embed_panel(scenario: Scenario) -> None:
    """The ``<iframe>`` snippet that shows one chart of this scenario in another page."""
    st.caption(_("Embed a live chart of this scenario in a web page or an intranet:"))
    name = st.selectbox(
        _("Chart to embed"),
        options=list(embed.CHARTS),
        format_func=chart_words,
        key="embed_chart",
    )
    st.code(embed.snippet(scenario, name), language="html", wrap_lines=True)


def chart_words(name: str) -> str:
    """An embeddable chart's name in words, in the reader's language."""
    if i18n.is_chinese() and name in EMBED_NAMES:
        return _(EMBED_NAMES[name])
    return name.replace("_", " ").capitalize()


def download_briefing(scenario: Scenario, year: int, link: str, bands: bool = False) -> None:
    """A download button for :func:`briefing_html` (built only when clicked)."""
    st.download_button(
        _("Briefing to email or print (HTML)"),
        data=in_language(lambda: briefing_html(scenario, year, link, bands=bands)),
        file_name=FILE_NAME,
        mime="text/html",
        on_click="ignore",
        icon=":material/description:",
        key="briefing_download",
        width="stretch",
        help=_(
            "Headline numbers for {year}, the sentence, the four charts and the assumptions "
            "with their sources, in one file that opens offline: email it or print it to PDF."
        ).format(year=year),
    )


def download_slides(scenario: Scenario, year: int, link: str, bands: bool = False) -> None:
    """A download button for :func:`ui.slides.slides_bytes` (built only when clicked)."""
    from ui import slides  # python-pptx loads only when the downloads are open

    st.download_button(
        _("Slides (PowerPoint)"),
        data=in_language(lambda: slides.slides_bytes(scenario, year, link, bands=bands)),
        file_name=slides.FILE_NAME,
        mime=slides.MIME,
        on_click="ignore",
        icon=":material/slideshow:",
        key="slides_download",
        width="stretch",
        help=_(
            "A 16:9 deck: the scenario and its sentence, the four charts with the headline "
            "numbers for {year}, what differs from the baseline, the sources and the link."
        ).format(year=year),
    )
