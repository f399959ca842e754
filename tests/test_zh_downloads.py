"""Every download in Simplified Chinese (``lang=zh``): the briefing, the slides, the workbook,
the scenario JSON, chart images, the download panel and the embed snippet.

Each test checks the words the download code itself writes (headings, table headers, notes,
sheet names, column headers, the chart images' context lines); the texts it receives from
elsewhere (preset stories, headline cards, parameter labels, chart titles) have their own
tests. English downloads are checked by test_briefing.py, test_slides.py, test_workbook.py,
test_chart_export.py and test_downloads.py.
"""

from __future__ import annotations

import dataclasses
import datetime
import io
import json
import re
import threading
from html.parser import HTMLParser

import pytest
from openpyxl import load_workbook
from pptx import Presentation
from pptx.enum.shapes import MSO_SHAPE_TYPE
from pptx.oxml.ns import qn

from simulator import Scenario, i18n, param, project
from simulator.timeline import month_index
from support.untranslated import english_words
from ui import briefing, downloads, slides, workbook
from ui.charts import export
from ui.charts import simulator as charts

LINK = "http://localhost:8501/?v=2&remote_access_close_month=2027-01&lang=zh"
TODAY = datetime.date(2026, 3, 5)
CJK = re.compile(r"[\u4e00-\u9fff]")


@pytest.fixture(scope="module")
def scenario() -> Scenario:
    """Not the baseline: two settings changed."""
    return Scenario(remote_access_close_month=month_index("2027-01"), h200_price_usd=27_000)


def english(texts) -> dict[str, list[str]]:
    """Each text with English words in it -> those words (acronyms such as PDF, SUMIF or
    the BF of BF16 are not English)."""
    found = {
        text: [w for w in english_words(text) if not (w.isupper() and len(w) <= 6)]
        for text in texts
        if text
    }
    return {text: words for text, words in found.items() if words}


# ------------------------------------------------------------------ briefing
class Parts(HTMLParser):
    """The texts of a page's elements by tag (and by class for ``div``/``p``)."""

    def __init__(self) -> None:
        super().__init__()
        self.stack: list[str] = []
        self.texts: dict[str, list[str]] = {}
        self.attrs: list[tuple[str, str]] = []
        self.lang = ""

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "html":
            self.lang = attrs.get("lang", "")
        if "data-label" in attrs:
            self.attrs.append(("data-label", attrs["data-label"]))
        name = f"{tag}.{attrs['class']}" if attrs.get("class") else tag
        if tag not in ("br", "meta", "img", "link"):
            self.stack.append(name)

    def handle_endtag(self, tag):
        while self.stack:
            if self.stack.pop().split(".")[0] == tag:
                break

    def handle_data(self, data):
        for name in self.stack:
            self.texts.setdefault(name, []).append(data)


@pytest.fixture(scope="module")
def page(scenario) -> str:
    with i18n.using("zh"):
        return briefing.briefing_html(scenario, 2029, LINK, today=TODAY, bands=True)


def test_the_chinese_briefing_says_it_is_chinese_and_uses_chinese_fonts(page):
    parts = Parts()
    parts.feed(page)
    assert parts.lang == "zh-Hans"
    assert '"Noto Sans CJK SC"' in page and '"Microsoft YaHei"' in page
    assert 'attr(data-label) "："' in page
    assert "2026年3月5日" in page


def test_the_chinese_briefing_has_chinese_headings_and_no_english_of_its_own(page, scenario):
    parts = Parts()
    parts.feed(page)
    assert parts.texts["h1"] == ["字节跳动与谷歌：AI算力差距"]
    assert parts.texts["h2"] == ["图表", "与基准情景不同的假设"]
    headers = [t.strip() for t in parts.texts["th"] if t.strip()]
    assert headers == ["假设", "本情景", "基准情景", "类型", "基准取值的来源", "截至"]
    assert {value for _, value in parts.attrs} == {"本情景", "基准情景", "类型", "来源", "截至"}
    meta = "".join(parts.texts["div.meta"])
    assert "情景简报" in meta and "2029年底" in meta
    footer = " ".join(parts.texts["footer.meta"]).replace(LINK, "")
    assert "数据截至2026年6月" in footer and "在应用中打开此情景" in footer
    assert not english([*parts.texts["h1"], *parts.texts["h2"], *headers, meta, footer])
    kinds = re.findall(r'data-label="类型">([^<]*)<', page)
    assert len(kinds) == len(scenario.differences())
    assert set(kinds) <= {"报道值", "估计", "假设", "推算值"}


def test_the_english_briefing_is_still_english(scenario):
    page = briefing.briefing_html(scenario, 2029, LINK, today=TODAY)
    assert '<html lang="en">' in page and not CJK.search(page)
    assert "Noto Sans CJK SC" not in page


# ------------------------------------------------------------------ slides
@pytest.fixture(scope="module")
def deck(scenario) -> Presentation:
    with i18n.using("zh"):
        data = slides.slides_bytes(scenario, 2029, LINK, today=TODAY)
    return Presentation(io.BytesIO(data))


def _texts(slide) -> list[str]:
    return [s.text_frame.text for s in slide.shapes if s.has_text_frame]


def test_the_chinese_deck_has_chinese_titles_and_its_images(deck):
    titles = [slide.shapes.title.text for slide in deck.slides]
    assert len(titles) == 7
    assert titles[-2:] == ["与基准情景的差异", "来源、版本与链接"]
    for slide in list(deck.slides)[1:5]:
        pictures = [s for s in slide.shapes if s.shape_type == MSO_SHAPE_TYPE.PICTURE]
        assert len(pictures) == 1 and len(pictures[0].image.blob) > 10_000


def test_the_chinese_deck_writes_its_own_words_in_chinese(deck):
    first = "\n".join(_texts(deck.slides[0]))
    assert "字节跳动与谷歌：AI算力差距" in first
    assert "情景幻灯片 · 2026年3月5日 · 2029年底的核心数字" in first
    paragraphs = [
        p.text for s in deck.slides[-1].shapes if s.has_text_frame for p in s.text_frame.paragraphs
    ]
    last = "\n".join(paragraphs[-3:]).replace(LINK, "")  # what follows the sources
    assert "每个数字的来源见应用的“假设与来源”页面。" in last
    assert "数据截至2026年6月" in last and "在应用中打开此情景：" in last
    assert not english([last, first.splitlines()[-1], first.splitlines()[-2]])


def test_the_chinese_deck_names_an_east_asian_font_on_every_run(deck):
    runs = [
        run
        for slide in deck.slides
        for shape in slide.shapes
        if shape.has_text_frame
        for para in shape.text_frame.paragraphs
        for run in para.runs
    ]
    assert runs
    for run in runs:
        ea = run._r.find(qn("a:rPr")).find(qn("a:ea"))
        assert ea is not None and ea.get("typeface") == slides.EA_FONT, run.text


def test_an_english_deck_names_no_east_asian_font(scenario):
    deck = Presentation(io.BytesIO(slides.slides_bytes(scenario, 2029, LINK, today=TODAY)))
    xml = b"".join(slide._element.xml.encode() for slide in deck.slides)
    assert b"<a:ea " not in xml


def test_a_chinese_line_counts_double_when_the_deck_fits_text():
    assert slides._lines("字" * 40, 16, 5) > slides._lines("a" * 40, 16, 5)


# ------------------------------------------------------------------ workbook
@pytest.fixture(scope="module")
def book(scenario):
    fan = project(scenario, draws=50)
    with i18n.using("zh"):
        data = workbook.workbook_bytes(scenario, project(scenario), LINK, fan, today=TODAY)
    return load_workbook(io.BytesIO(data))


def test_the_chinese_workbook_has_chinese_sheets_and_headers(book):
    assert book.sheetnames == ["字节跳动", "谷歌", "情景", "说明"]
    sheet = book["字节跳动"]
    assert sheet["A1"].value.startswith("字节跳动：Compute Gap预测")
    headers = [c.value for c in sheet[workbook.HEADER_ROW]]
    assert headers[:2] == ["日期（月末）", "年份"]
    assert "已服务词元（日均词元）" in headers
    assert "可支配AI算力 低（10%）（H100当量）" in headers
    own = [h for h in headers if "：" not in h]  # a channel's label comes from the data
    assert len(own) > 20
    assert not english([sheet["A2"].value, sheet["A3"].value, *own])


def test_the_chinese_workbook_scenario_and_about_sheets(book):
    scenario_sheet = book["情景"]
    headers = [c.value for c in scenario_sheet[3]]
    assert headers[:3] == ["参数", "本情景", "基准情景"] and headers[-1] == "键名（用于链接）"
    assert not english([scenario_sheet["A1"].value, scenario_sheet["A2"].value, *headers])
    roles = {scenario_sheet.cell(row, 6).value for row in range(4, scenario_sheet.max_row + 1)}
    assert roles == {"控件", "估计"}
    about = book["说明"]
    fields = [about.cell(row, 1).value for row in range(3, about.max_row + 1)]
    assert fields[:6] == ["情景", "分享链接", "模型版本", "数据截至", "生成日期", "不确定性"]
    guide = [about.cell(row, 2).value for row in range(3, about.max_row + 1)]
    reading = guide[fields.index("阅读说明") :]
    assert len(reading) == len(workbook.HOW_TO_READ)
    assert about.cell(6, 2).value == "2026年6月（2026-06）"
    assert not english([about["A1"].value, *filter(None, fields), *reading, guide[5]])


def test_the_english_workbook_keeps_its_english_sheets(scenario):
    data = workbook.workbook_bytes(scenario, project(scenario), LINK, today=TODAY)
    assert load_workbook(io.BytesIO(data)).sheetnames == [
        "ByteDance",
        "Google",
        "Scenario",
        "About",
    ]


# ------------------------------------------------------------------ JSON, CSV
def test_the_chinese_json_keeps_its_keys_and_reads_back(scenario):
    english_text = downloads.scenario_json(scenario)
    with i18n.using("zh"):
        text = downloads.scenario_json(scenario)
    data = json.loads(text)
    assert list(data) == list(json.loads(english_text)), "the keys stay English"
    assert set(data["changes"]) == set(scenario.differences())
    assert Scenario.from_json(text) == (scenario, [])
    assert "\\u" not in text, "Chinese is written as it is, not escaped"


def test_a_registry_text_with_a_chinese_column_is_picked_in_chinese():
    p = dataclasses.replace(
        param("h200_price_usd"), label="H200 price", label_zh="H200价格", source="Reuters"
    )
    p = dataclasses.replace(p, source_zh="")
    assert p.label == "H200 price"
    with i18n.using("zh"):
        assert p.label == "H200价格"
        assert p.source == "Reuters", "no Chinese column: as it is"


def test_the_chinese_csv_header_is_chinese_and_its_columns_english(scenario):
    with i18n.using("zh"):
        text = downloads.projection_csv(scenario, project(scenario), LINK)
    header = [line for line in text.splitlines() if line.startswith("#")]
    assert header[0] == "# Compute Gap预测，模型版本2，数据截至2026-06"
    assert not english(line.replace(LINK, "") for line in header)
    assert text.splitlines()[len(header)] == "date,company,metric,value,unit"


# ------------------------------------------------------------------ chart images
def test_a_chart_image_context_is_chinese(scenario):
    with i18n.using("zh"):
        context = export.Context(
            scenario="远程访问关闭",
            changes=["H200价格：每颗27,000美元", "远程访问关闭时间：2027年1月"],
            year=2029,
            vintage=export.vintage_line(scenario.release),
            link=LINK,
        )
        lines = context.subtitle() + context.footer()
    assert lines[0] == "情景：远程访问关闭 · 核心数字年份：2029年"
    assert lines[1].startswith("相对基准情景的改动：H200价格：每颗27,000美元；远程")
    assert any("数据截至2026年6月，Compute Gap模型版本2" in line for line in lines)
    assert not english(line.replace(LINK, "") for line in lines if not line.startswith("http"))


def test_a_long_chinese_line_wraps_between_characters():
    text = "相对基准情景的改动：" + "；".join(["H200价格：每颗27,000美元"] * 12)
    lines = export._wrap(text)
    assert len(lines) > 1 and "".join(lines) == text.replace(" ", "")
    assert all(sum(export._columns(ch) for ch in line) <= 110 for line in lines)
    assert not any(line[0] in export.NO_START for line in lines)


def test_a_chinese_chart_image_renders_with_its_chinese_context(scenario):
    baseline = scenario.baseline
    with i18n.using("zh"):
        spec = charts.spec("compute", project(scenario), project(baseline))
        context = charts.context("compute", scenario, 2029, LINK)
        svg = export.to_image(spec, "svg", context).decode()
        png = export.to_image(spec, "png", context)
    assert png[:8] == b"\x89PNG\r\n\x1a\n" and len(png) > 20_000
    for words in ("情景：", "相对基准情景的改动：", "数据截至2026年6月", "打开此情景："):
        assert words in svg


# ------------------------------------------------------------------ panel, snippet
def test_a_download_is_built_in_the_language_of_the_click():
    with i18n.using("zh"):
        make = downloads.in_language(i18n.language)
    seen = []
    thread = threading.Thread(target=lambda: seen.append(make()))  # as Streamlit does
    thread.start()
    thread.join()
    assert seen == ["zh"]


def test_the_download_panel_in_chinese():
    from tests.conftest import open_app_page

    at = open_app_page(
        "pages/simulator.py", {"lang": "zh", "v": "2", "bytedance_budget_growth": "30"}
    )
    at.session_state["downloads"] = True
    at.run()
    assert not at.exception
    buttons = at.get("download_button")
    labels = [b.proto.label for b in buttons]
    for label in ("预测数据（CSV）", "预测数据（Excel）", "情景（JSON）", "幻灯片（PowerPoint）"):
        assert label in labels
    assert "可邮寄或打印的简报（HTML）" in labels
    images = [b for b in buttons if b.proto.label.endswith(("（PNG）", "（SVG）"))]
    assert len(images) == 8
    own = [b for b in buttons if b not in images]
    assert len(own) == 5
    texts = [b.proto.label for b in own] + [b.proto.help for b in own]
    texts += [c.value for c in at.caption if "图表" in c.value or "嵌入" in c.value]
    assert len(texts) == 12
    embed = at.selectbox(key="embed_chart")
    texts += [embed.label, *embed.options]
    assert not english(texts)
    assert "lang=zh" in at.code[-1].value


def test_the_embed_snippet_carries_the_language():
    from streamlit.testing.v1 import AppTest

    def app():
        import streamlit as st

        from simulator import Scenario, i18n
        from ui import embed

        with i18n.using(st.query_params.get("lang", "en")):
            st.code(embed.snippet(Scenario(), "compute"))

    at = AppTest.from_function(app)
    at.query_params["lang"] = "zh"
    at.run()
    assert "lang=zh" in at.code[0].value
    at = AppTest.from_function(app)
    at.run()
    assert "lang=" not in at.code[0].value


# ------------------------------------------------------------------ command line
def test_the_command_line_speaks_chinese_with_lang_zh():
    import subprocess
    import sys
    from pathlib import Path

    def run(*args):
        root = Path(__file__).resolve().parent.parent
        return subprocess.run(
            [sys.executable, "-m", "simulator", *args],
            cwd=root,
            capture_output=True,
            text=True,
            timeout=120,
        )

    helped = run("--lang", "zh", "--help")
    assert helped.returncode == 0, helped.stderr
    assert "预测字节跳动和谷歌" in helped.stdout and "修改一个参数" in helped.stdout
    assert "（控件，" in helped.stdout and "（估计，" in helped.stdout
    table = run("--lang=zh", "--metric", "tokens_per_day")
    lines = table.stdout.splitlines()
    assert lines[0].startswith("# 情景：?v=2") and lines[1] == "date,company,metric,value,unit"
    wrong = run("--lang", "zh", "--draws", "-1")
    assert wrong.returncode == 2 and "--draws 必须为零或正数" in wrong.stderr
