"""Accessibility in a real browser: axe-core's WCAG 2.1 A and AA rules on every page at
desktop and phone widths, nothing invisible taking the keyboard's focus, and no request
leaving the loopback server.

Each page is loaded once per width (one server for the session, one browser context per
load); the tests then check what that load recorded. axe-core comes from npm, pinned in
``.ci/run`` and installed into ``.ci/node/`` (``COMPUTE_GAP_AXE`` may point at another
``axe.min.js``). With ``COMPUTE_GAP_REQUIRE_BROWSER=1`` (CI) a missing axe-core fails the
axe tests; elsewhere it skips them.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlparse

import pytest

from support.browser_harness import REPO_ROOT, open_app

AXE_PATH = Path(
    os.environ.get(
        "COMPUTE_GAP_AXE", REPO_ROOT / ".ci" / "node" / "node_modules" / "axe-core" / "axe.min.js"
    )
)
PAGES = ("/", "/compare", "/track_record", "/assumptions", "/model")
VIEWPORTS = {"desktop": (1400, 1000), "phone": (390, 844)}
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
BLOCKING = ("serious", "critical")
LOOPBACK = ("127.0.0.1", "localhost", "::1", "[::1]")
TAB_PRESSES = 60  # more than any page has focusable elements before its end

_JS_AXE = """
async (tags) => {
    const result = await axe.run(document, {runOnly: {type: "tag", values: tags}});
    return result.violations.map((v) => ({
        id: v.id,
        impact: v.impact,
        help: v.help,
        nodes: v.nodes.map((n) => ({target: n.target.join(" "), html: n.html})),
    }));
}
"""

# The focused element, unless it shows: its own and its ancestors' opacity multiplied.
_JS_INVISIBLE_FOCUS = """
() => {
    const el = document.activeElement;
    if (!el || el === document.body) return null;
    let opacity = 1;
    for (let node = el; node; node = node.parentElement) {
        opacity *= Number(getComputedStyle(node).opacity);
    }
    const hidden = opacity < 0.5 || getComputedStyle(el).visibility !== "visible";
    return hidden ? el.outerHTML.slice(0, 200) : null;
}
"""


@dataclass
class Visit:
    """What one load of a page at one width recorded."""

    requests: list[str] = field(default_factory=list)
    violations: list[dict] | None = None  # None: axe-core not installed
    invisible_focus: list[str] = field(default_factory=list)  # desktop only


def _tab_through(page) -> list[str]:
    found = []
    for _ in range(TAB_PRESSES):
        page.keyboard.press("Tab")
        html = page.evaluate(_JS_INVISIBLE_FOCUS)
        if html:
            found.append(html)
    return found


@pytest.fixture(scope="module")
def visit(app_server, browser) -> Callable[[str, str], Visit]:
    """``visit(path, viewport)``: load the page once, record its requests, run axe-core
    (when installed) and, at desktop width, press Tab through it; later calls reuse it."""
    cache: dict[tuple[str, str], Visit] = {}

    def load(path: str, viewport: str) -> Visit:
        if (path, viewport) in cache:
            return cache[path, viewport]
        width, height = VIEWPORTS[viewport]
        result = Visit()
        context = browser.new_context(viewport={"width": width, "height": height})
        try:
            page = context.new_page()
            page.on("request", lambda request: result.requests.append(request.url))
            open_app(page, f"{app_server.url}{path}")
            if AXE_PATH.is_file():
                page.add_script_tag(path=str(AXE_PATH))
                result.violations = page.evaluate(_JS_AXE, WCAG_TAGS)
            if viewport == "desktop":
                result.invisible_focus = _tab_through(page)
        finally:
            context.close()
        cache[path, viewport] = result
        return result

    return load


@pytest.fixture(scope="module")
def axe_installed() -> None:
    """A failure in CI, a skip elsewhere, when axe-core is not installed."""
    if AXE_PATH.is_file():
        return
    reason = f"axe-core not installed at {AXE_PATH} (run .ci/run, or npm install axe-core)"
    if os.environ.get("COMPUTE_GAP_REQUIRE_BROWSER", "").strip() == "1":
        pytest.fail(f"COMPUTE_GAP_REQUIRE_BROWSER=1 but {reason}", pytrace=False)
    pytest.skip(reason)


def describe(violations: list[dict], shown: int = 3) -> str:
    """One paragraph per violation: rule id, impact, help and the first few elements."""
    lines = []
    for v in violations:
        lines.append(f"{v['id']} ({v['impact']}, {len(v['nodes'])} elements): {v['help']}")
        for node in v["nodes"][:shown]:
            lines.append(f"    {node['target']}\n        {node['html'][:200]}")
    return "\n".join(lines)


@pytest.mark.parametrize("viewport", list(VIEWPORTS))
@pytest.mark.parametrize("path", PAGES)
def test_axe_finds_no_serious_violation(axe_installed, visit, path, viewport):
    violations = visit(path, viewport).violations
    assert violations is not None
    blocking = [v for v in violations if v["impact"] in BLOCKING]
    width = VIEWPORTS[viewport][0]
    assert not blocking, f"axe on {path} at {width}px:\n{describe(blocking)}"


@pytest.mark.parametrize("path", PAGES)
def test_nothing_invisible_takes_focus(visit, path):
    invisible = visit(path, "desktop").invisible_focus
    assert not invisible, f"{path}: invisible elements took focus:\n" + "\n".join(invisible)


@pytest.mark.parametrize("viewport", list(VIEWPORTS))
@pytest.mark.parametrize("path", PAGES)
def test_no_request_leaves_loopback(visit, path, viewport):
    requested = visit(path, viewport).requests
    assert any(urlparse(url).path.startswith("/_stcore/") for url in requested)
    outside = [
        url
        for url in requested
        if urlparse(url).scheme not in ("data", "blob") and urlparse(url).hostname not in LOOPBACK
    ]
    assert not outside, f"{path} asked outside hosts for:\n" + "\n".join(sorted(set(outside)))
