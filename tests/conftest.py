"""Shared pytest configuration: the real-browser fixture and the `browser` marker.

Browser tests live in files named ``test_browser*.py``; they are marked ``browser``
automatically and run after every other test. The sync Playwright API keeps an asyncio
loop marked as running in the main thread while it is started, which would break
``asyncio.run()`` in any test that ran after the session browser was launched.

With ``COMPUTE_GAP_REQUIRE_BROWSER=1`` (set by ``.ci/run``) a missing chromium or
Playwright fails the browser tests instead of skipping them.
"""

from __future__ import annotations

import functools
import os
from collections.abc import Iterator
from typing import TYPE_CHECKING

import pytest

from support.browser_harness import (
    CHROMIUM_PATH,
    REPO_ROOT,
    RunTrackingBrowser,
    StreamlitServer,
    chromium_available,
    launch_browser,
    playwright_available,
)

if TYPE_CHECKING:
    from playwright.sync_api import Browser

REQUIRE_BROWSER_ENV = "COMPUTE_GAP_REQUIRE_BROWSER"


def browser_required() -> bool:
    """True when browser tests must run (CI): missing tools are then a failure."""
    return os.environ.get(REQUIRE_BROWSER_ENV, "").strip() == "1"


def is_browser_test_file(name: str) -> bool:
    return name.startswith("test_browser") and name.endswith(".py")


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Mark tests in ``test_browser*.py`` as ``browser`` and move them to the end."""
    browser_items = []
    other_items = []
    for item in items:
        if is_browser_test_file(item.path.name):
            item.add_marker(pytest.mark.browser)
            browser_items.append(item)
        else:
            other_items.append(item)
    items[:] = other_items + browser_items


def pytest_report_header(config: pytest.Config) -> str:
    return (
        f"browser: chromium={'yes' if chromium_available() else 'no'} ({CHROMIUM_PATH}), "
        f"playwright={'yes' if playwright_available() else 'no'}, "
        f"{REQUIRE_BROWSER_ENV}={'1' if browser_required() else '0'}"
    )


def _browser_unavailable_reason() -> str | None:
    missing = []
    if not playwright_available():
        missing.append("the playwright Python package is not installed")
    if not chromium_available():
        missing.append(f"{CHROMIUM_PATH} is missing (apt-get install -y chromium)")
    return "; ".join(missing) or None


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    """One headless Debian chromium for the whole session (browser tests only)."""
    reason = _browser_unavailable_reason()
    if reason is not None:
        if browser_required():
            pytest.fail(f"{REQUIRE_BROWSER_ENV}=1 but {reason}", pytrace=False)
        pytest.skip(f"real-browser test skipped: {reason}")

    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = launch_browser(playwright)
        try:
            yield RunTrackingBrowser(browser)  # wait_idle also waits for requested runs
        finally:
            browser.close()


@pytest.fixture(scope="session", autouse=True)
def _scan_installed_components_once() -> Iterator[None]:
    """Scan the installed packages for Streamlit components once per session.

    Every new ``AppTest`` scans every installed package's metadata for v2 components
    (about 0.2 s, more than most of the app's runs); the installed packages do not change
    during a session, so the first scan's answer is reused.
    """
    from streamlit.components.v2 import manifest_scanner

    original = manifest_scanner.scan_component_manifests
    manifest_scanner.scan_component_manifests = functools.cache(original)
    try:
        yield
    finally:
        manifest_scanner.scan_component_manifests = original


@pytest.fixture(autouse=True)
def _quiet_streamlit_env(monkeypatch: pytest.MonkeyPatch) -> None:
    """Servers started by a test never ask to open a browser or send usage statistics."""
    monkeypatch.setenv("STREAMLIT_SERVER_HEADLESS", "true")
    monkeypatch.setenv("STREAMLIT_BROWSER_GATHER_USAGE_STATS", "false")


@pytest.fixture(scope="session")
def app_server() -> Iterator[StreamlitServer]:
    """The Compute Gap app under `streamlit run` on a free loopback port, for the session."""
    with StreamlitServer("streamlit_app.py") as server:
        yield server


def open_app_page(page: str, query: dict[str, str | list[str]] | None = None):
    """Run the app in AppTest with ``query`` as its link, then switch to ``page`` (a file
    under ``pages/``); fails on an exception."""
    from streamlit.testing.v1 import AppTest

    at = AppTest.from_file(str(REPO_ROOT / "streamlit_app.py"), default_timeout=60)
    for key, value in (query or {}).items():
        at.query_params[key] = value
    at.run()
    at.switch_page(page).run()
    assert not at.exception, at.exception
    return at
