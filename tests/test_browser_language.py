"""The language in a real browser: a ``lang=zh`` link opens in Chinese with the document's
language set for screen readers, and the switch changes the page and the link together."""

from __future__ import annotations

from urllib.parse import parse_qs, urlparse

from support.browser_harness import metric_value, open_app, wait_idle


def test_a_chinese_link_opens_in_chinese_and_the_switch_goes_back_to_english(browser, app_server):
    context = browser.new_context(viewport={"width": 1400, "height": 1000})
    page = context.new_page()
    try:
        open_app(page, f"{app_server.url}/?lang=zh&year=2028")
        page.wait_for_function("document.documentElement.lang === 'zh-Hans'", timeout=15000)
        assert page.get_by_role("link", name="情景对比").is_visible()  # the navigation
        assert "万亿" in page.locator('[data-testid="stMetricValue"]').nth(1).inner_text()
        assert parse_qs(urlparse(page.url).query)["lang"] == ["zh"]

        page.get_by_role("radio", name="English").or_(
            page.get_by_role("button", name="English")
        ).first.click()
        wait_idle(page)
        page.wait_for_function("document.documentElement.lang === 'en'", timeout=15000)
        assert metric_value(page, "ByteDance compute, % of Google").is_visible()
        query = parse_qs(urlparse(page.url).query)
        assert "lang" not in query and query["year"] == ["2028"]
    finally:
        context.close()
