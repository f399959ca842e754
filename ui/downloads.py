"""Download buttons: the projection as CSV and as an Excel workbook, the scenario as JSON,
the briefing as HTML, the slides as PowerPoint, each chart as PNG/SVG, and the snippet
that embeds a chart in another page."""

from __future__ import annotations

import streamlit as st

from simulator import Projection, Scenario
from simulator.analysis import bands_note
from ui import embed, state
from ui.briefing import FILE_NAME, briefing_html
from ui.charts.export import to_image
from ui.charts.simulator import context
from ui.slides import FILE_NAME as SLIDES_FILE
from ui.slides import MIME as SLIDES_MIME
from ui.slides import slides_bytes
from ui.workbook import FILE_NAME as WORKBOOK_FILE
from ui.workbook import MIME as WORKBOOK_MIME
from ui.workbook import workbook_bytes


def projection_csv(scenario: Scenario, projection: Projection, link: str) -> str:
    """Tidy CSV (date, company, metric, value, unit) under a commented provenance header."""
    frame = projection.to_frame()
    frame["date"] = frame["date"].dt.strftime("%Y-%m-%d")
    header = (
        f"# Compute Gap projection, model version {scenario.version}, data as of "
        f"{scenario.release.vintage}\n"
        f"# scenario link: {link}\n"
        "# flows (budget, spend, units) are per month; compute is at month end; "
        "tokens are per day\n"
    )
    return header + frame.to_csv(index=False)


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
        "Download this scenario", icon=":material/download:", key="downloads", on_change="rerun"
    )
    if not panel.open:  # drawn only when open
        return
    with panel:
        cols = st.columns(3)
        cols[0].download_button(
            "Projection (CSV)",
            data=lambda: projection_csv(scenario, projection, link),
            file_name="compute-gap-projection.csv",
            mime="text/csv",
            on_click="ignore",
            width="stretch",
        )
        ranges = ", with its 10th-90th percentile range," if fan is not None else ""
        cols[1].download_button(
            "Projection (Excel)",
            data=lambda: workbook_bytes(scenario, projection, link, fan),
            file_name=WORKBOOK_FILE,
            mime=WORKBOOK_MIME,
            on_click="ignore",
            width="stretch",
            help=f"One sheet per company: months as rows, each result{ranges} in a column "
            "labelled with its unit. Then every setting with its source, and the link back "
            "to this scenario.",
        )
        cols[2].download_button(
            "Scenario (JSON)",
            data=scenario.to_json(),
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
        st.caption("Charts as images, for slides:")
        cols = st.columns(2)
        for i, (name, chart) in enumerate(figures.items()):
            col = cols[i % 2]
            for fmt, mime in (("png", "image/png"), ("svg", "image/svg+xml")):
                col.download_button(
                    f"{chart['title']} ({fmt.upper()})",
                    data=lambda chart=chart, fmt=fmt, name=name: to_image(
                        chart, fmt, context(name, scenario, year, link, note)
                    ),
                    file_name=f"compute-gap-{name}.{fmt}",
                    mime=mime,
                    on_click="ignore",
                    width="stretch",
                )
        embed_panel(scenario)


def embed_panel(scenario: Scenario) -> None:
    """The ``<iframe>`` snippet that shows one chart of this scenario in another page."""
    st.caption("Embed a live chart of this scenario in a web page or an intranet:")
    name = st.selectbox(
        "Chart to embed",
        options=list(embed.CHARTS),
        format_func=lambda n: n.replace("_", " ").capitalize(),
        key="embed_chart",
    )
    st.code(embed.snippet(scenario, name), language="html", wrap_lines=True)


def download_briefing(scenario: Scenario, year: int, link: str, bands: bool = False) -> None:
    """A download button for :func:`briefing_html` (built only when clicked)."""
    st.download_button(
        "Briefing to email or print (HTML)",
        data=lambda: briefing_html(scenario, year, link, bands=bands),
        file_name=FILE_NAME,
        mime="text/html",
        on_click="ignore",
        icon=":material/description:",
        key="briefing_download",
        width="stretch",
        help=f"Headline numbers for {year}, the sentence, the four charts and the assumptions "
        "with their sources, in one file that opens offline: email it or print it to PDF.",
    )


def download_slides(scenario: Scenario, year: int, link: str, bands: bool = False) -> None:
    """A download button for :func:`ui.slides.slides_bytes` (built only when clicked)."""
    st.download_button(
        "Slides (PowerPoint)",
        data=lambda: slides_bytes(scenario, year, link, bands=bands),
        file_name=SLIDES_FILE,
        mime=SLIDES_MIME,
        on_click="ignore",
        icon=":material/slideshow:",
        key="slides_download",
        width="stretch",
        help=f"A 16:9 deck: the scenario and its sentence, the four charts with the headline "
        f"numbers for {year}, what differs from the baseline, the sources and the link.",
    )
