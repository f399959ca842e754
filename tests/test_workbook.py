"""The Excel download: sheets, headers with units, numbers equal to the projection's."""

from __future__ import annotations

import datetime as dt
import io
import json
from functools import cache

import numpy as np
import pytest
from openpyxl import load_workbook

from simulator import Scenario, project
from simulator.timeline import month_index
from ui.workbook import HEADER_ROW, SOURCE_LINK_COLUMN, header, metric_label, workbook_bytes

LINK = "http://host/?v=2&h200_first_month=2027-01&bytedance_budget_growth=30"
SCENARIO = Scenario(h200_first_month=month_index("2027-01"), bytedance_budget_growth=30)
TODAY = dt.date(2026, 11, 30)


@cache
def book(fan: bool = False):
    p = project(SCENARIO)
    bands = project(SCENARIO, draws=300) if fan else None
    return load_workbook(io.BytesIO(workbook_bytes(SCENARIO, p, LINK, bands, TODAY)))


def headers(ws) -> list[str]:
    return [c.value for c in ws[HEADER_ROW]]


def column(ws, title: str) -> list:
    col = headers(ws).index(title) + 1
    return [ws.cell(r, col).value for r in range(HEADER_ROW + 1, ws.max_row + 1)]


def row_of(ws, month: str) -> int:
    day = (dt.date.fromisoformat(f"{month}-01") + dt.timedelta(days=31)).replace(day=1)
    end = day - dt.timedelta(days=1)
    dates = column(ws, "Date (month end)")
    return dates.index(dt.datetime.combine(end, dt.time())) + HEADER_ROW + 1


def test_sheets_and_headers_name_each_metric_with_its_unit():
    wb = book()
    assert wb.sheetnames == ["ByteDance", "Google", "Scenario", "About"]
    bd = headers(wb["ByteDance"])
    assert bd[:2] == ["Date (month end)", "Year"]
    for title in (
        "AI compute controlled (H100e)",
        "Chip budget (USD per month)",
        "Tokens served (tokens per day)",
        "Share of compute serving tokens (share of compute)",
        "Nvidia H200 under US licence: spend (USD per month)",
        "Nvidia H200 under US licence: chips bought (chips per month)",
        "Nvidia H200 under US licence: export cap (chips per month)",
        "Compute rented abroad: spend (USD per month)",
        "GPUs rented (GPUs)",
    ):
        assert title in bd, title
    google = headers(wb["Google"])
    assert "Google TPUs: chips bought (chips per month)" in google
    assert not any("H200" in h for h in google), "a company shows only its own channels"
    assert all(h.endswith(")") for h in bd[2:]), "every metric header carries its unit"
    assert "month end" in wb["ByteDance"]["A2"].value and "per month" in wb["ByteDance"]["A2"].value


def test_numbers_equal_the_projection_and_dates_are_real_dates():
    wb, p = book(), project(SCENARIO)
    ws = wb["ByteDance"]
    dates = column(ws, "Date (month end)")
    assert len(dates) == 72
    assert dates[0] == dt.datetime(2025, 1, 31) and dates[-1] == dt.datetime(2030, 12, 31)
    assert ws.cell(HEADER_ROW + 1, 1).is_date
    assert column(ws, "Year")[:13] == [2025] * 12 + [2026]
    row = row_of(ws, "2028-12")
    compute = headers(ws).index("AI compute controlled (H100e)") + 1
    assert ws.cell(row, compute).value == p.at("compute_h100e", "ByteDance", "2028-12")[0]
    tokens = column(wb["Google"], "Tokens served (tokens per day)")
    assert tokens == pytest.approx(p.series("tokens_per_day", "Google")[0].tolist(), rel=1e-15)
    spend = column(ws, "Nvidia H200 under US licence: spend (USD per month)")
    assert spend == pytest.approx(p.series("spend_h200_usd", "ByteDance")[0].tolist())


def test_number_formats_fit_the_unit():
    ws = book()["ByteDance"]
    first = HEADER_ROW + 1
    formats = {h: ws.cell(first, i).number_format for i, h in enumerate(headers(ws), 1)}
    assert formats["Date (month end)"] == "yyyy-mm-dd"
    assert formats["Chip budget (USD per month)"] == "#,##0"
    assert formats["Share of compute serving tokens (share of compute)"] == "0.0%"
    assert ws.freeze_panes == f"C{first}"


def test_range_columns_only_with_uncertainty():
    assert not any("(10%)" in h for h in headers(book()["ByteDance"]))
    wb = book(fan=True)
    ws = wb["ByteDance"]
    names = headers(ws)
    at = names.index("AI compute controlled (H100e)")
    assert names[at + 1 : at + 3] == [
        "AI compute controlled low (10%) (H100e)",
        "AI compute controlled high (90%) (H100e)",
    ]
    value, low, high = (ws.cell(row_of(ws, "2029-12"), at + k).value for k in (1, 2, 3))
    assert low < value < high
    fan = project(SCENARIO, draws=300)
    expected = np.nanquantile(fan.at("compute_h100e", "ByteDance", "2029-12"), [0.1, 0.9])
    assert (low, high) == pytest.approx(expected.tolist())
    budget = headers(ws).index("Capital spending budget (USD per month)") + 1
    january = [ws.cell(HEADER_ROW + 1, budget + k).value for k in range(3)]
    assert january[0] == january[1] == january[2], "no spread where the data fix the value"
    assert "8 of 10" in ws["A3"].value
    assert "runs" in wb["About"]["B8"].value


def test_scenario_sheet_lists_every_parameter_with_its_source():
    ws = book()["Scenario"]
    names = [c.value for c in ws[3]]
    assert names[:4] == ["Parameter", "This scenario", "Baseline", "Unit"]
    rows = {r[0].value: r for r in ws.iter_rows(min_row=4)}
    assert len(rows) == len(SCENARIO.registry)
    for p in SCENARIO.registry:
        row = rows[p.label]
        assert row[names.index("Key (in links)")].value == p.key
        assert row[names.index("Source")].value == p.source
        assert row[names.index("Kind")].value == p.kind
        assert row[names.index("As of")].value == dt.datetime.fromisoformat(p.as_of)
        link = row[SOURCE_LINK_COLUMN - 1].hyperlink
        assert (link.target if link else "") == p.url
    growth = rows["ByteDance AI budget growth after 2026"]
    assert [c.value for c in growth[1:5]] == [30, 20, "% per year", "yes"]
    first = rows["First H200 deliveries to ByteDance"]
    assert [c.value for c in first[1:3]] == ["Jan 2027", "not by 2030"]


def test_about_sheet_links_back_and_names_the_release():
    ws = book()["About"]
    fields = {r[0].value: r[1] for r in ws.iter_rows(min_row=3) if r[0].value}
    assert fields["Share link"].value == LINK
    assert fields["Share link"].hyperlink.target == LINK
    assert fields["Model version"].value == "2"
    assert fields["Data as of"].value == "June 2026 (2026-06)"
    assert fields["Made on"].value == dt.datetime(2026, 11, 30)
    assert "Off" in fields["Uncertainty"].value
    assert "ByteDance AI budget growth after 2026: 30% per year" in (
        fields["Changed settings"].value + ws.cell(fields["Changed settings"].row + 1, 2).value
    )
    assert "month's end" in fields["How to read"].value


def test_a_model_1_scenario_builds_with_its_own_channels_and_parameters():
    s = Scenario.of("1", domestic_chip_units=300_000)
    wb = load_workbook(io.BytesIO(workbook_bytes(s, project(s), "http://host/?v=1")))
    assert "Chips abroad (Nvidia): spend (USD per month)" in headers(wb["ByteDance"])
    assert wb["Scenario"].max_row == 3 + len(s.registry)
    assert wb["About"]["B5"].value == "1"


def test_labels_fall_back_to_readable_words():
    assert metric_label("compute_h100e") == "AI compute controlled"
    assert metric_label("new_metric_h100e") == "New metric h100e"
    assert metric_label("spend_h200_usd") == "h200: spend"
    assert header("tokens_per_day") == "Tokens served (tokens per day)"


def test_scenario_json_names_each_change_and_still_reads_back():
    s = Scenario(h200_price_usd=27_000, beijing_allows_h200=0)
    data = json.loads(s.to_json())
    assert data["changes"] == {
        "beijing_allows_h200": {
            "label": "Beijing lets ByteDance buy H200",
            "unit": "yes or no",
            "value": "no",
            "baseline": "yes",
        },
        "h200_price_usd": {
            "label": "H200 price in China",
            "unit": "$ per chip",
            "value": "$27,000 per chip",
            "baseline": "$20,000 per chip",
        },
    }
    assert json.loads(Scenario().to_json())["changes"] == {}
    assert Scenario.from_json(s.to_json()) == (s, [])
    old = json.loads(s.to_json())
    del old["changes"]
    assert Scenario.from_json(json.dumps(old)) == (s, []), "files without labels still read"
    old["changes"] = "anything"
    assert Scenario.from_json(json.dumps(old)) == (s, [])
