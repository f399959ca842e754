"""A chart exported for a slide says what it shows: scenario, changes, year, how to read
it, the data's date and the link back (issue: every reader)."""

import json

import pytest

from simulator import Scenario, i18n, project
from simulator.releases import RELEASES
from ui.charts import export
from ui.charts.simulator import CHARTS, NOTES, all_specs, as_table, context

LINK = "http://localhost:8501/simulator?v=2&data=2026-06&remote_access_close_month=2027-01"


@pytest.fixture(scope="module")
def closed():
    scenario, _ = Scenario.from_query({"remote_access_close_month": "2027-01"})
    return scenario, all_specs(project(scenario), project(scenario.baseline))


def _footer_lines(spec: dict) -> list[str]:
    return [row["line"] for row in spec["vconcat"][1]["data"]["values"]]


@pytest.mark.parametrize("version", list(RELEASES))
@pytest.mark.parametrize("name", list(CHARTS))
def test_every_chart_template_is_valid_vega_lite(name, version):
    """The page builds its templates without Altair's schema check (ui/charts/simulator.py):
    each release's template passes it here, in both languages."""
    chart = CHARTS[name]
    for lang in ("en", "zh"):
        with i18n.using(lang):
            built = chart.template(version) if chart.by_release else chart.template()
            built.to_dict(validate=True)  # raises on a spec Vega-Lite's schema rejects


def test_every_chart_has_its_own_reading_note():
    assert set(NOTES) == set(CHARTS)
    assert len(set(NOTES.values())) == len(NOTES)


def test_context_names_the_preset_its_change_and_the_data(closed):
    scenario, _ = closed
    c = context("compute", scenario, 2028, LINK)
    assert c.scenario == "Remote access closed"
    assert c.changes == ["Remote access closed from: Jan 2027"]
    assert c.vintage == "Data as of June 2026, Compute Gap model version 2"
    assert c.legend == NOTES["compute"]


def test_exported_json_carries_title_subtitle_and_footer(closed):
    scenario, specs = closed
    spec = json.loads(
        export.to_json(specs["compute"], context=context("compute", scenario, 2028, LINK, "Bands."))
    )
    assert spec["title"]["text"] == "Compute each company controls"
    assert spec["title"]["subtitle"][0] == "Scenario: Remote access closed · headline year 2028"
    assert "Jan 2027" in " ".join(spec["title"]["subtitle"])
    footer = " ".join(_footer_lines(spec))
    assert "dotted lines: compute owned" in footer and footer.count("Bands.") == 1
    assert "Data as of June 2026" in footer
    # The link is cut into lines but not altered: joined back, it is the link.
    lines = _footer_lines(spec)
    start = next(i for i, x in enumerate(lines) if x.startswith("Open this scenario"))
    assert "".join(lines[start:]).removeprefix("Open this scenario: ") == LINK
    # The plot itself is unchanged: the same datasets, the same marks.
    assert spec["vconcat"][0]["layer"] == json.loads(export.to_json(specs["compute"]))["layer"]


def test_long_change_lists_wrap_and_words_are_not_cut():
    c = export.Context(
        scenario="Custom scenario", changes=[f"Setting {i}: value {i}" for i in range(30)]
    )
    lines = c.subtitle()
    assert len(lines) > 2 and all(len(x) <= 110 for x in lines)
    assert " ".join(lines[1:]).removeprefix("Changed from the baseline: ").split("; ")[-1] == (
        "Setting 29: value 29"
    )


def test_image_shows_the_context(closed):
    scenario, specs = closed
    svg = export.to_image(specs["chip_spend"], "svg", context("chip_spend", scenario, 2028, LINK))
    text = svg.decode()
    for words in ("Remote access closed", "headline year 2028", "Data as of June 2026"):
        assert words in text
    assert "No chips to buy" in text
    png = export.to_image(specs["tokens"], "png", context("tokens", scenario, 2028, LINK))
    assert png[:8] == b"\x89PNG\r\n\x1a\n"
    plain = export.to_image(specs["tokens"], "png")
    assert len(png) > len(plain)  # the context adds text around the same plot


def test_every_chart_reads_as_a_table_with_the_same_numbers(closed):
    scenario, specs = closed
    p = project(scenario)
    compute = as_table(specs["compute"])
    assert list(compute.index) == ["2025", "2026", "2027", "2028", "2029", "2030"]
    assert compute.columns.name == "AI compute (million H100e)"
    assert compute.loc["2028", "ByteDance"] == pytest.approx(
        p.yearly("compute_h100e", "ByteDance", 2028)[0] / 1e6, abs=0.005
    )
    assert {"Google (baseline)", "ByteDance (owned)"} <= set(compute.columns)
    tokens = as_table(specs["tokens"])
    assert tokens.columns.name == "Tokens per day (trillions)"
    assert tokens.loc["2027", "ByteDance"] < tokens.loc["2027", "ByteDance (baseline)"]
    spend = as_table(specs["chip_spend"])
    assert "No chips to buy" in spend.columns and spend.columns.name.startswith("Yuan bn")
    assert as_table(specs["ratio"]).loc["2030", "ByteDance"] == pytest.approx(
        100
        * p.yearly("compute_h100e", "ByteDance", 2030)[0]
        / p.yearly("compute_h100e", "Google", 2030)[0],
        abs=0.005,
    )


def test_a_moved_control_changes_a_charts_data_not_its_spec():
    """Streamlit swaps the data of a chart whose spec is unchanged and draws anew one whose
    spec changed: the page's specs keep their figures out (written beside the chart)."""
    from simulator import Scenario, project
    from ui.charts.simulator import all_specs, steady

    base = project(Scenario())
    one, two = (
        all_specs(project(Scenario(google_rented_out_share=v)), base, None, 2027) for v in (30, 31)
    )
    for name in one:
        spec_one, words_one = steady(name, one[name])
        spec_two, _ = steady(name, two[name])
        assert {k: v for k, v in spec_one.items() if k != "datasets"} == {
            k: v for k, v in spec_two.items() if k != "datasets"
        }, name
        assert words_one == one[name]["description"] and any(c.isdigit() for c in words_one)
    assert steady("compute", one["compute"])[1] != steady("compute", two["compute"])[1]
