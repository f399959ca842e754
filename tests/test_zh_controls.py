"""Simplified Chinese: the sidebar's controls, the registry's texts, month labels and control
values, and the notices about how a link was read (``lang=zh``); English stays as it was."""

from __future__ import annotations

import csv
import re
import shutil

import pytest
import streamlit as st

from simulator import CURRENT, RELEASES, Scenario, i18n, presets, scenario_name
from simulator.analysis import plausibility
from simulator.data import DATA_DIR, read_data
from simulator.timeline import NEVER, month_index, month_label
from simulator.words import describe, shown
from support.untranslated import english_in_app, english_words
from tests.conftest import open_app_page
from ui import link
from ui.state import projection, widget_key

SIMULATOR = "pages/simulator.py"
MODEL_1 = {"v": "1", "data": "2026-02", "h200_export_units": "0", "lang": "zh"}
MALFORMED = {"lang": "zh", "h200_customer_cap": "abc", "zzz": "1"}


@pytest.fixture(autouse=True)
def _fresh_caches():
    st.cache_data.clear()
    st.cache_resource.clear()


def by_key(key: str, release=CURRENT):
    return next(p for p in release.params if p.key == key)


# ------------------------------------------------------------------ the AppTest runs
def _others(found: dict[str, list[str]]) -> dict[str, list[str]]:
    """What is left once the texts other parts of the app own are taken out: the language
    switch (in both languages on purpose) and the phone headline bar (pages/simulator.py)."""
    return {
        where: words
        for where, words in found.items()
        if "Language · 语言" not in where
        and where != "ButtonGroup: English"
        and "of Google's compute" not in where
    }


def _sidebar_english(at) -> dict[str, list[str]]:
    return _others(english_in_app(at, at.sidebar))


def _english(text: str) -> list[str]:
    """The English words of a notice, besides what it quotes from the link (“abc”)."""
    return english_words(re.sub(r"“[^”]*”", " ", text))


def _notices(at) -> list[str]:
    """The text of every notice above the page (infos, warnings, errors)."""
    return [e.value for e in (*at.info, *at.warning, *at.error)]


def _labels(at) -> list[str]:
    return [w.label for w in (*at.sidebar.slider, *at.sidebar.select_slider, *at.sidebar.toggle)]


def test_the_sidebar_is_all_chinese_with_the_advanced_controls_open():
    at = open_app_page(SIMULATOR, {"lang": "zh"})
    at.session_state["advanced"] = True  # open the expander: its controls are drawn too
    at.run()
    assert not at.exception, at.exception
    labels = _labels(at)
    assert "H200单一中国客户许可上限（颗/年）" in labels
    assert "H200在中国的价格（美元/颗）" in labels  # an advanced control: the expander is open
    assert "北京允许字节跳动购买H200" in labels  # a toggle
    assert any(e.label == "高级假设" for e in at.sidebar.expander)
    assert any(b.label == "重置为基准情景" for b in at.sidebar.button)
    month = at.select_slider(key=widget_key("h200_first_month"))
    assert "2026年7月" in month.options and "2030年底前无" in month.options
    assert "默认值：" in month.help and "自2026年7月起生效" in month.help
    assert _sidebar_english(at) == {}


def test_a_preset_picked_in_chinese_is_applied_and_named_in_chinese():
    at = open_app_page(SIMULATOR, {"lang": "zh"})
    picker = at.sidebar.selectbox(key="preset")
    assert "全面封堵" in picker.options and picker.placeholder == "选择预设情景…"
    picker.select("全面封堵").run()
    assert not at.exception, at.exception
    squeeze = presets()["squeeze"][2]
    assert at.session_state["scenario"] == squeeze
    assert any("当前显示**全面封堵**" in c.value for c in at.sidebar.caption)
    assert _sidebar_english(at) == {}


def test_a_model_1_link_opens_in_chinese():
    at = open_app_page(SIMULATOR, MODEL_1)
    at.session_state["advanced"] = True
    at.run()
    assert not at.exception, at.exception
    assert at.session_state["scenario"].version == "1"
    assert "对华H200出口量（千颗/年）" in _labels(at)
    assert any("当前显示模型1（数据截至2026年2月）" in c.value for c in at.sidebar.caption)
    assert _sidebar_english(at) == {}
    older = [m.value for m in at.markdown if "此链接使用模型1" in m.value]
    assert older and "2026年2月" in older[0]
    upgrade = next(b for b in at.button if b.label == "用截至2026年6月的数据打开此情景")
    assert upgrade.help and not _english(upgrade.help)
    assert not [n for n in _notices(at) if _english(n)]


def test_a_malformed_link_is_explained_in_chinese():
    at = open_app_page(SIMULATOR, MALFORMED)
    notices = _notices(at)
    assert any("“abc”不是数字" in n and "75,000颗/年" in n for n in notices), notices
    assert any("“zzz”不是本模型的设置" in n for n in notices), notices
    assert not {n: _english(n) for n in notices if _english(n)}
    assert _sidebar_english(at) == {}


def test_plausibility_warnings_are_in_chinese_on_the_page():
    at = open_app_page(
        SIMULATOR, {"lang": "zh", "bytedance_domestic_share": "45", "h200_price_usd": "10000"}
    )
    warnings = [w.value for w in at.warning]
    assert any("国产AI芯片的40%以上" in w for w in warnings), warnings
    assert any("H200售价低于12,000美元" in w for w in warnings), warnings
    assert not {w: english_words(w) for w in warnings if english_words(w)}


# ------------------------------------------------------------------ notices and warnings
def test_link_notices_follow_the_readers_language():
    query = {"h200_customer_cap": "abc", "zzz": "1", "h200_price_usd": "5", "v": "9"}
    english = Scenario.from_query(query)[1]
    assert english[1] == (
        "H200 licence cap per Chinese customer: 'abc' is not a number; kept 75,000 chips per year."
    )
    with i18n.using("zh"):
        chinese = Scenario.from_query(query)[1]
    assert len(chinese) == len(english) == 4
    assert chinese[1] == "H200单一中国客户许可上限：“abc”不是数字；保持为75,000颗/年。"
    assert chinese[2] == "H200在中国的价格：5超出允许范围；已设为10,000美元/颗。"
    assert "2026年6月" in chinese[0]
    assert not [n for n in chinese if _english(n)]


@pytest.mark.parametrize(
    ("page", "query"),
    [
        (SIMULATOR, {"h200_customer_cap": "abc", "zzz": "1"}),
        ("pages/compare.py", {link.COMPARE_KEY: ["junk", "preset:nope"]}),
    ],
)
def test_notices_follow_a_switch_of_language_after_the_link_was_read(page, query):
    """A link read in English, then the reader switches to Chinese and back: the notices
    about the link switch with the page, all of them (not only their heading)."""
    at = open_app_page(page, query)
    english = [n for n in _notices(at) if "adjusted to open" in n]
    assert len(english) == 1 and english[0].count("\n- ") >= 2, _notices(at)
    at.button_group(key="w_lang").set_value("zh").run()
    chinese = [n for n in _notices(at) if "为打开此链接" in n]
    assert len(chinese) == 1 and chinese[0].count("\n- ") == english[0].count("\n- ")
    assert not _english(chinese[0].replace("H200", "")), chinese[0]
    at.button_group(key="w_lang").set_value("en").run()
    assert [n for n in _notices(at) if "adjusted to open" in n] == english


def test_view_and_comparison_notices_in_chinese():
    settings = {
        link.YEAR_KEY: "1999",
        link.BANDS_KEY: "x",
        link.CHART_KEY: "nope",
        link.MOVED_KEY: "/nowhere",
        link.COMPARE_KEY: ["preset:nope", "junk", "link:h200_customer_cap=zz"],
    }
    _, english = link.check_view(settings, Scenario())
    with i18n.using("zh"):
        _, chinese = link.check_view(settings, Scenario())
        entries, _ = link.read_items(["current", "baseline", "preset:squeeze"], Scenario())
        pasted = link.read_link("https://example.com/?q=1")[2]
    assert len(chinese) == len(english) >= 6
    assert "“1999”不是2026至2030之间的年份；显示2027年。" in chinese
    for note in chinese:
        keys = note.replace("bands", "").replace(", ".join(link.EMBED_CHARTS), "")  # link words
        assert not _english(keys), note
    assert [e.label for e in entries] == ["本情景", "基准情景", "全面封堵"]
    assert entries[2].origin.startswith("预设情景：")
    assert pasted == ["该链接不是本应用的链接：" + pasted[0].split("：", 1)[1]]


def test_plausibility_in_both_languages():
    s = Scenario(bytedance_domestic_share=45, h200_price_usd=10_000)
    english = plausibility(s, projection(s))
    with i18n.using("zh"):
        chinese = plausibility(s, projection(s))
    assert len(english) == len(chinese) >= 2
    assert english[0].startswith("ByteDance alone would take more than 40%")
    assert "(China's domestic AI chips in 2026 (Ascend 910C class): 1,300,000 chips)" in english[0]
    assert "2026年中国国产AI芯片（昇腾910C级）：130万颗" in chinese[0]
    assert not [w for w in chinese if english_words(w)]


# ------------------------------------------------------------------ months, values, units
@pytest.mark.parametrize(
    ("index", "english", "chinese"),
    [
        (month_index("2026-07"), "Jul 2026", "2026年7月"),
        (month_index("2027-01"), "Jan 2027", "2027年1月"),
        (month_index("2030-12"), "Dec 2030", "2030年12月"),
        (NEVER, "not by 2030", "2030年底前无"),
    ],
)
def test_month_labels(index, english, chinese):
    assert month_label(index) == english
    with i18n.using("zh"):
        assert month_label(index) == chinese
    assert month_label(index) == english


@pytest.mark.parametrize(
    ("key", "value", "english", "chinese"),
    [
        ("beijing_allows_h200", 1, "yes", "是"),
        ("beijing_allows_h200", 0, "no", "否"),
        ("h200_price_usd", 20_000, "$20,000 per chip", "20,000美元/颗"),
        ("h200_customer_cap", 75_000, "75,000 chips per year", "75,000颗/年"),
        ("bytedance_h200_share", 35, "35% of exports", "占出口的35%"),
        ("google_budget_growth", 30, "30% per year", "30%/年"),
        ("deployment_lag_months", 6, "6 months", "6个月"),
        ("rental_price_usd_hour", 2.6, "$2.6 per GPU-hour", "2.6美元/GPU小时"),
        ("h200_first_month", month_index("2027-01"), "Jan 2027", "2027年1月"),
    ],
)
def test_control_values_in_words(key, value, english, chinese):
    p = by_key(key)
    assert describe(p, value) == english
    with i18n.using("zh"):
        assert describe(p, value) == chinese
    if p.unit == "switch":
        assert shown(p, value) == english
        with i18n.using("zh"):
            assert shown(p, value) == chinese


# ------------------------------------------------------------------ the registry
def test_every_registry_text_has_chinese():
    for release in RELEASES.values():
        for p in release.params:
            with i18n.using("zh"):
                texts = (p.label, p.help, p.display_unit, p.group)
            for english, chinese in zip(
                (p.label, p.help, p.display_unit, p.group), texts, strict=True
            ):
                assert chinese != english or not english_words(english), (p.key, english)
                assert chinese and not english_words(chinese), (p.key, chinese)
        for name, (label, story, _) in presets(release.version).items():
            with i18n.using("zh"):
                zh_label, zh_story, _ = presets(release.version)[name]
            assert zh_label != label and zh_story != story, name
            assert not english_words(zh_label) and not english_words(zh_story), name


def test_a_parameter_reads_in_the_readers_language_and_compares_alike():
    p = by_key("h200_customer_cap")
    english = (p.label, p.display_unit, hash(p))
    with i18n.using("zh"):
        assert (p.label, p.display_unit) == ("H200单一中国客户许可上限", "颗/年")
        assert hash(p) == english[2]  # a parameter hashes alike in either language
        assert CURRENT.label == "2026年6月" and RELEASES["1"].label == "2026年2月"
    assert (p.label, p.display_unit, hash(p)) == english
    assert CURRENT.label == "June 2026"


def test_scenario_names_in_both_languages():
    custom = Scenario(h200_customer_cap=0)
    assert scenario_name(custom) == ("Custom scenario", "1 setting differs from the baseline.")
    with i18n.using("zh"):
        assert scenario_name(custom) == ("自定义情景", "有1项设置与基准情景不同。")
        assert scenario_name(Scenario())[0] == "按报道情况（2026年6月）"


@pytest.mark.parametrize("folder", ["", "archive/2026-02"])
def test_a_folder_without_chinese_columns_reads_as_before(tmp_path, folder):
    """The ``*_zh`` columns are optional: without them the data is the same, in English."""
    source = DATA_DIR / folder if folder else DATA_DIR
    copy = tmp_path / "data"
    shutil.copytree(source, copy, ignore=shutil.ignore_patterns("archive"))
    for name in ("parameters.csv", "presets.csv"):
        with (copy / name).open(newline="", encoding="utf-8") as file:
            rows = list(csv.DictReader(file))
        columns = [c for c in rows[0] if not c.endswith("_zh")]
        assert len(columns) < len(rows[0])  # the real file has Chinese columns
        with (copy / name).open("w", newline="", encoding="utf-8") as file:
            writer = csv.DictWriter(file, columns, extrasaction="ignore")
            writer.writeheader()
            writer.writerows(rows)
    bare, full = read_data(copy), read_data(source)
    assert bare.params == full.params  # every number, unit and key alike
    assert [p.label for p in bare.params] == [p.label for p in full.params]
    with i18n.using("zh"):
        assert [p.label for p in bare.params] != [p.label for p in full.params]
        assert bare.params[0].label == full.params[0].__dict__["label"]  # English, no Chinese
    assert [{k: v for k, v in p.items() if not k.endswith("_zh")} for p in bare.presets] == [
        {k: v for k, v in p.items() if not k.endswith("_zh")} for p in full.presets
    ]
