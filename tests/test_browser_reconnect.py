"""A page whose server restarts under it: the reader's first move afterwards is kept.

The frontend reconnects to a new, empty session. Without ``ui/reconnect.py`` that session
first ran on the reader's next move, read the link (the old value) and set the sliders
from it: the move was lost and the slider snapped back.
"""

from __future__ import annotations

import urllib.request

from support.browser_harness import StreamlitServer, open_app, slider_state, slider_thumb, wait_idle

PRICE = "H200 price in China"


def open_sessions(server: StreamlitServer) -> int:
    with urllib.request.urlopen(f"{server.url}/_stcore/metrics", timeout=5) as resp:
        lines = resp.read().decode().splitlines()
    return int(float(next(ln.split()[-1] for ln in lines if ln.startswith("active_sessions "))))


RUNS_JS = """() => {
  window.__runs = 0;
  const app = document.querySelector('[data-testid="stApp"]');
  new MutationObserver(() => {
    if (app.getAttribute("data-test-script-state") === "running") window.__runs++;
  }).observe(app, { attributes: true, attributeFilter: ["data-test-script-state"] });
}"""


def test_first_move_after_server_restart_is_kept(browser):
    context = browser.new_context(viewport={"width": 1400, "height": 1000})
    page = context.new_page()
    server = StreamlitServer("streamlit_app.py").start()
    try:
        open_app(page, f"{server.url}/?v=1&h200_price_usd=24500", timeout=60_000)
        # Count the page's runs: the new session's first run must be over before the move.
        page.evaluate(RUNS_JS)
        port = server.port
        server.stop()
        server = StreamlitServer("streamlit_app.py", port=port).start()
        page.wait_for_function(
            "() => document.querySelector('[data-testid=\"stApp\"]')"
            ".getAttribute('data-test-connection-state') === 'CONNECTED'",
            timeout=30_000,
        )
        for _ in range(100):  # the page's new session on the new server: 10 s at most
            if open_sessions(server) == 1:
                break
            page.wait_for_timeout(100)
        assert open_sessions(server) == 1
        page.wait_for_function(
            "() => window.__runs > 0 && document.querySelector('[data-testid=\"stApp\"]')"
            ".getAttribute('data-test-script-state') === 'notRunning'",
            timeout=30_000,
        )
        wait_idle(page, settle_ms=0)

        thumb = slider_thumb(page, PRICE)
        thumb.focus()
        page.keyboard.press("ArrowRight")
        page.wait_for_function("() => location.search.includes('h200_price_usd=25000')")
        wait_idle(page)
        assert slider_state(thumb)["value"] == 25000, "the move was kept"
    finally:
        server.stop()
        context.close()
