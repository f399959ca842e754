"""The Simulator page in Simplified Chinese (``lang=zh``): its main area, its charts and the
embedded charts show no English, numbers read in 万/亿, and English stays as it was."""

from __future__ import annotations

import dataclasses
import json
import math
import re

import pytest

from simulator import Scenario, i18n, project
from simulator.analysis import OUTPUTS, bands_note, fan, limits, range_text, tornado
from simulator.scenario import scenario_name
from simulator.summary import cards, headline, sentence
from simulator.words import describe
from support.untranslated import URL, element_strings, english_words
from tests.conftest import open_app_page
from ui import link
from ui.charts.analysis import limits_chart, tornado_chart
from ui.charts.datasets import reported_tokens
from ui.charts.simulator import all_specs, as_table, spec

PAGE = "pages/simulator.py"
H200_2027 = {"h200_first_month": "2027-01"}
# Elements of the page that other areas of the app draw (and translate): the year picker
# and the copy-link button (the view controls), and the downloads panel.
OTHERS = {"w_year", "copy_link", "downloads"}
CHINESE = re.compile(r"[\u4e00-\u9fff]")


def _registry_texts(scenario: Scenario) -> list[str]:
    """Texts that come from the parameter registry, translated in its own ``*_zh`` columns by
    another area of the app: parameter labels and their values in words (the tornado's
    tooltips), and the scenario's name. Allowed here until that work is merged."""
    texts = {p.label for p in scenario.registry} | {scenario_name(scenario)[0]}
    for p in scenario.registry:
        texts |= {describe(p, p.low), describe(p, p.high), describe(p, scenario[p.key])}
    return sorted(texts, key=len, reverse=True)


def _english(text: str, allowed: list[str]) -> list[str]:
    """The English words of ``text`` besides addresses and the ``allowed`` texts."""
    rest = URL.sub(" ", re.sub(r"\]\([^)]*\)", "]", text))  # a link's address is no text
    for allowed_text in allowed:
        rest = rest.replace(allowed_text, " ")
    return english_words(rest)


def _table_heads(at) -> list[str]:
    """The tables' column heads, row heads and units (a table's proto holds bytes, not text)."""
    heads = []
    for table in at.main.table:
        frame = getattr(table.value, "data", table.value)  # a Styler's frame
        heads += [str(c) for c in frame.columns] + [str(frame.index.name), str(frame.columns.name)]
    return heads


def english_in_main(at, scenario: Scenario, charts: bool = True) -> dict[str, list[str]]:
    """English in the page's main area, besides other areas' elements and registry texts
    (``charts``: in the charts too)."""
    allowed = _registry_texts(scenario)
    found: dict[str, list[str]] = {}

    def walk(node) -> None:
        if getattr(node, "key", None) in OTHERS:
            return
        for kind, text in element_strings(node):
            if kind == "Table" or (not charts and kind.startswith("chart")):
                continue  # tables: their heads below
            if words := _english(text, allowed):
                found[f"{kind}: {text[:120]}"] = words
        for child in (getattr(node, "children", None) or {}).values():
            walk(child)

    walk(at.main)
    for text in _table_heads(at):
        if words := english_words(text):
            found[f"Table: {text}"] = words
    return found


def open_in_chinese(query: dict[str, str], tables: bool = False):
    at = open_app_page(PAGE, {"lang": "zh", "bands": "1", **query})
    at.session_state["matters"] = True  # open both expanders (see tests/test_app.py)
    at.session_state["limits"] = True
    at.session_state["as_tables"] = tables
    at.run()
    assert not at.exception, at.exception
    return at


@pytest.mark.parametrize(
    ("query", "scenario"),
    [({}, Scenario()), (H200_2027, Scenario(h200_first_month=24))],
    ids=["baseline", "h200-2027"],
)
def test_the_simulator_page_in_chinese_has_no_english(query, scenario):
    at = open_in_chinese(query)
    assert at.session_state["scenario"] == scenario
    assert at.title[0].value == "字节跳动与谷歌：AI算力差距"
    assert len(at.get("arrow_vega_lite_chart") or at.get("vega_lite_chart")) >= 6
    assert at.main.metric[1].value.endswith("万亿"), at.main.metric[1].value
    assert not english_in_main(at, scenario), english_in_main(at, scenario)
    at.session_state["as_tables"] = True  # the charts as tables
    at.run()
    assert not at.exception, at.exception
    assert len(at.main.table) == 4
    assert not english_in_main(at, scenario), english_in_main(at, scenario)


def test_the_check_finds_english():
    """The check above is not blind: the same page in English is full of English."""
    at = open_app_page(PAGE, {"bands": "1"})
    found = english_in_main(at, Scenario())
    assert any(k.startswith("Metric:") for k in found)
    assert any(k.startswith("chart:") for k in found), "chart titles and axes are read"
    assert any(k.startswith("chart data:") for k in found), "the charts' data labels are read"


@pytest.mark.parametrize("chart", link.EMBED_CHARTS)
def test_an_embedded_chart_in_chinese_has_no_english(chart):
    at = open_app_page(PAGE, {"embed": "true", "chart": chart, "lang": "zh", **H200_2027})
    assert not at.metric and len(at.get("vega_lite_chart") or at.get("arrow_vega_lite_chart"))
    caption = at.main.caption[0].value
    assert "数据截至2026年6月" in caption and "Compute Gap模型版本2" in caption, caption
    assert "在Compute Gap中打开" in at.main.markdown[-1].value
    # the track-record chart itself is the Track record page's work
    found = english_in_main(at, Scenario(h200_first_month=24), charts=chart != "track_record")
    assert not found, found


# ---------------------------------------------------------------- the words themselves
BASE = project(Scenario())


def chinese_sentence(scenario: Scenario, year: int) -> str:
    with i18n.using("zh"):
        return sentence(scenario, headline(project(scenario), year), headline(BASE, year))


def test_golden_sentence_baseline_2027():
    assert chinese_sentence(Scenario(), 2027) == (
        "到2027年底，字节跳动的AI算力相当于谷歌的16.5%。"
        "字节跳动日均处理505万亿词元，谷歌为449万亿：字节跳动算力更少，处理的词元却更多，"
        "因为谷歌只用约10%的算力来处理其报道的词元，而字节跳动用约21%。"
        "限制字节跳动词元量的是用户需求而非芯片：其芯片每日最多可处理790万亿词元。"
        "字节跳动2027年的芯片预算中有5%买不到芯片，金额为64.1亿元（9.1亿美元）。"
    )


def test_golden_sentence_remote_access_closed_2026():
    assert chinese_sentence(Scenario(remote_access_close_month=18), 2026) == (
        "到2026年底，字节跳动的AI算力相当于谷歌的7.8%，低于基准情景中的22.3%"
        "（字节跳动的算力减少65%）。字节跳动日均处理173万亿词元，谷歌为242万亿。"
        "字节跳动的芯片每日只能处理用户所需251万亿词元中的173万亿（缺口31%），"
        "因此其词元量受芯片限制。"
        "字节跳动2026年的芯片预算中有38%买不到芯片，金额为379亿元（53.8亿美元）。"
    )


@pytest.mark.parametrize(
    ("scenario", "year", "phrase"),
    [
        (Scenario(google_budget_growth=-20), 2028, "：字节跳动自身的算力不变，谷歌的算力减少。"),
        (Scenario(google_budget_growth=60), 2028, "：字节跳动自身的算力不变，谷歌的算力增加。"),
        (Scenario(h200_first_month=24), 2028, "高于基准情景中的13.5%（字节跳动的算力增加"),
        (Scenario(bytedance_budget_growth=0), 2030, "（字节跳动的算力减少"),
        (Scenario(h200_first_month=24), 2026, "，与基准情景相同。"),
    ],
)
def test_every_branch_of_the_sentence_is_chinese(scenario, year, phrase):
    text = chinese_sentence(scenario, year)
    assert phrase in text, text
    assert not english_words(text), text


def test_the_cards_in_chinese():
    s = Scenario(remote_access_close_month=18)
    with i18n.using("zh"):
        shown = cards(headline(project(s), 2026), headline(BASE, 2026), "基准情景")
    assert [c.label for c in shown] == [
        "字节跳动算力占谷歌的比例（2026年）",
        "字节跳动日均词元（2026年）",
        "谷歌日均词元（2026年）",
        "无芯片可买的资金（2026年）",
    ]
    assert [c.value for c in shown] == ["7.8%", "173万亿", "242万亿", "379亿元"]
    assert [c.delta for c in shown] == [
        "-14.6个百分点（较基准情景）",
        "-31.1%（较基准情景）",
        None,
        "+295亿元（较基准情景）",
    ]
    assert [c.note for c in shown] == [
        "字节跳动58万，谷歌740万H100当量",
        "受芯片限制",
        "由用户需求决定",
        "占其1000亿元芯片预算的38%",
    ]
    for card in shown:
        assert not english_words(" ".join([card.label, card.value, card.help, card.note]))


def test_what_limits_bytedance_rounds_the_chinese_way():
    with i18n.using("zh"):
        said = [lim.sentence for lim in limits(project(Scenario(h200_first_month=24)))]
    assert said[1] == (
        "2026年，字节跳动1000亿元的芯片预算中有84亿元（8%）买不到芯片：无法购买H200；"
        "国产芯片供应（每年26万颗）已用完。其处理的词元量由用户需求而非芯片决定。"
    )
    assert said[2] == (
        "2027年，字节跳动用完全部1200亿元芯片预算：限制因素是资金，而不是芯片。"
        "其处理的词元量由用户需求而非芯片决定。"
    )
    for text in said:
        assert not english_words(text), text


def test_ranges_and_bands_in_chinese():
    mc = fan(Scenario(), draws=200)
    with i18n.using("zh"):
        ranges = [range_text(mc, output, 2027) for output in OUTPUTS]
        note = bands_note(mc)
    assert ranges[0].startswith("八成运行结果：") and ranges[0].endswith("%")
    assert re.fullmatch(r"八成运行结果：[\d.]+万至[\d.]+万H100当量", ranges[1]), ranges[1]
    assert re.fullmatch(r"八成运行结果：[\d.]+万亿至[\d.]+万亿词元/日", ranges[2]), ranges[2]
    assert re.fullmatch(r"八成运行结果：[\d.]+(亿)?至[\d.]+亿元", ranges[4]), ranges[4]
    assert note.startswith("阴影带：") and not english_words(note)


def test_tornado_in_chinese_uses_the_chinese_unit():
    s = Scenario()
    english = tornado(s, "unspent_cny", 2027)
    with i18n.using("zh"):
        chinese = tornado(s, "unspent_cny", 2027)
        chart = tornado_chart(chinese, i18n._(OUTPUTS["unspent_cny"].unit)).to_dict()
    assert chinese["base"][0] == pytest.approx(10 * english["base"][0])  # 亿元, not bn
    assert chart["layer"][0]["encoding"]["x"]["title"] == "亿元"
    assert "条形图" in chart["description"]


def test_chart_texts_in_chinese():
    s = Scenario(h200_first_month=24)
    with i18n.using("zh"):
        specs = all_specs(project(s), BASE, None, 2027)
        limits_spec = limits_chart(limits(BASE)).to_dict()
        table = as_table(specs["tokens"])
    tokens = json.dumps(
        {k: v for k, v in specs["tokens"].items() if k != "datasets"}, ensure_ascii=False
    )
    assert "日均词元（万亿，对数坐标）" in tokens and "%Y年%-m月" in tokens
    assert specs["compute"]["title"] == "各公司可支配的算力"
    lines = specs["compute"]["datasets"]["series"].to_pandas()
    assert set(lines["line"]) == {"本情景", "自有", "基准情景"}
    assert set(lines["company"]) == {"字节跳动", "谷歌"}
    reported = specs["tokens"]["datasets"]["reported"].to_pandas()
    assert any(r.startswith("每月") and r.endswith("万亿词元") for r in reported["reported"])
    spend = specs["chip_spend"]["datasets"]["spend"].to_pandas()
    assert "无芯片可买" in set(spend["channel"])
    assert "2027年：共1200亿元" in specs["chip_spend"]["description"]
    assert table.columns.name == "日均词元（万亿）" and table.index.name == "年份"
    assert "构成约束" in json.dumps(limits_spec, ensure_ascii=False)
    for name, chart in specs.items():
        assert CHINESE.search(chart["description"]) and not english_words(
            chart["description"].replace("H100", "")
        ), (name, chart["description"])


def test_cached_charts_keep_their_language():
    """Templates and reported points are cached per language: English after Chinese is
    English again."""
    english = spec("tokens", BASE)
    with i18n.using("zh"):
        chinese = spec("tokens", BASE)
        chinese_points = reported_tokens()
    again = spec("tokens", BASE)
    assert chinese["title"] == "每日处理的词元" and english["title"] == "Tokens served per day"
    assert again["title"] == english["title"]
    assert json.dumps({k: v for k, v in again.items() if k != "datasets"}) == json.dumps(
        {k: v for k, v in english.items() if k != "datasets"}
    )
    assert set(reported_tokens().to_pandas()["company"]) == {"ByteDance", "Google"}
    assert set(chinese_points.to_pandas()["company"]) == {"字节跳动", "谷歌"}


def test_google_with_no_compute_left_in_chinese():
    now = dataclasses.replace(headline(BASE, 2030), compute_share=math.nan)
    with i18n.using("zh"):
        text = sentence(Scenario(h200_first_month=24), now, headline(BASE, 2030))
    assert text.startswith("到2030年底，本情景中谷歌已没有AI算力，字节跳动拥有")
    assert "万H100当量。" in text and not english_words(text.replace("H100", "")), text


@pytest.mark.parametrize("version", ["1", "2"])
def test_every_chart_of_every_release_in_chinese(version):
    """Titles, axes, legends, tooltips and the data's labels of the four charts, with the
    baseline and the bands, for each release (model 1 names other channels)."""
    scenario = Scenario.of(version)
    projection = project(scenario)
    with i18n.using("zh"):
        specs = all_specs(projection, projection, fan(scenario, draws=50), 2027)
    for name, chart in specs.items():
        spec_text = json.dumps(
            {k: v for k, v in chart.items() if k != "datasets"}, ensure_ascii=False
        )
        texts = re.findall(r'"(?:title|description|text)": "([^"]*)"', spec_text)
        assert len(texts) >= 5, (name, texts)
        for table in chart["datasets"].values():
            for column in table.column_names:
                if table.schema.field(column).type == "string":
                    texts += [v for v in set(table.column(column).to_pylist()) if v]
        english = {t: english_words(URL.sub(" ", t)) for t in texts}
        assert not {t: w for t, w in english.items() if w}, (version, name)
