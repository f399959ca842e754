"""Real-browser latency of a Streamlit app: key press -> metric update, start -> first chart.

Library use (from other bench scripts):

    from bench.browser_latency import measure_slider_latency, measure_first_chart

Run directly to measure the framework floor (bench/floor_app.py):

    .venv/bin/python bench/browser_latency.py [--presses 15] [--starts 3]
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path
from typing import Any

REPO_ROOT = Path(__file__).resolve().parent.parent
if str(REPO_ROOT) not in sys.path:
    sys.path.insert(0, str(REPO_ROOT))

from support.browser_harness import (  # noqa: E402
    APP_SELECTOR,
    IDLE_SCRIPT_STATES,
    StreamlitServer,
    free_port,
    launch_browser,
    metric_value,
    open_app,
    slider_state,
    slider_thumb,
    wait_idle,
)

FLOOR_APP = "bench/floor_app.py"
PRESS_TIMEOUT_MS = 10_000
CHART_SELECTOR = (
    '[data-testid="stVegaLiteChart"] svg.marks, [data-testid="stVegaLiteChart"] canvas.marks'
)

# Arms a one-shot measurement in the page. The keydown listener (capture phase, on
# window) stamps the moment the browser delivers the key; a MutationObserver stamps the
# first change of the metric's text, then the first moment at or after it when the
# script state reads idle. All times are performance.now() in the page, so they exclude
# the Playwright round trip. (The script-state attribute alone cannot tell that a rerun
# happened: React may batch running -> notRunning into one render.)
_ARM_JS = """
([metricLabel, appSelector, idleStates, timeoutMs]) => {
    const findValue = () => {
        for (const m of document.querySelectorAll('[data-testid="stMetric"]')) {
            const label = m.querySelector('[data-testid="stMetricLabel"]');
            if (label && label.textContent.includes(metricLabel)) {
                const v = m.querySelector('[data-testid="stMetricValue"]');
                return v ? v.textContent : null;
            }
        }
        return null;
    };
    const isIdle = () => {
        const app = document.querySelector(appSelector);
        return !!app && idleStates.includes(app.getAttribute("data-test-script-state"));
    };
    const before = findValue();
    const st = { keyT: null, metricT: null, idleT: null, before: before, after: null };
    window.__cgMeasure = st;
    window.addEventListener("keydown", () => {
        if (st.keyT === null) st.keyT = performance.now();
    }, { capture: true, once: true });
    window.__cgDone = new Promise((resolve) => {
        let observer = null;
        let timer = null;
        const finish = (timedOut) => {
            if (observer) observer.disconnect();
            clearTimeout(timer);
            resolve({ ...st, timedOut });
        };
        const check = () => {
            const now = performance.now();
            if (st.keyT === null) return;
            if (st.metricT === null) {
                const text = findValue();
                if (text === null || text === st.before) return;
                st.metricT = now;
                st.after = text;
            }
            if (isIdle()) {
                st.idleT = now;
                finish(false);
            }
        };
        timer = setTimeout(() => finish(true), timeoutMs);
        observer = new MutationObserver(check);
        observer.observe(document.body, {
            subtree: true, childList: true, characterData: true, attributes: true,
            attributeFilter: ["data-test-script-state"],
        });
    });
    return before;
}
"""


def _summary(values: list[float]) -> dict[str, float]:
    ordered = sorted(values)
    n = len(ordered)
    if n == 0:
        return {"median": float("nan"), "p95": float("nan"), "min": float("nan"),
                "max": float("nan"), "n": 0}  # fmt: skip
    # Nearest-rank 95th percentile: with fewer than 20 samples it is the maximum.
    p95 = ordered[max(0, min(n - 1, -(-95 * n // 100) - 1))]
    return {
        "median": statistics.median(ordered),
        "p95": p95,
        "min": ordered[0],
        "max": ordered[-1],
        "n": n,
    }


def measure_slider_latency(
    url: str,
    slider_label: str,
    metric_label: str,
    presses: int = 15,
    viewport: tuple[int, int] = (1280, 900),
    warmup: int = 5,
) -> dict[str, Any]:
    """Press ArrowRight on a slider ``presses`` times; time key press -> new metric text.

    Returns ``median``, ``p95``, ``min``, ``max`` (ms) and ``n`` for the in-page time from
    the keydown event to the metric's text change (each press's in ``values``), plus the
    same summaries under ``"rerun_done"`` (keydown -> script idle again, at or after the
    metric change) and ``"python"`` (Playwright's ``keyboard.press`` call -> change seen
    from Python, round trips included). At the slider's maximum it presses ArrowLeft
    instead, so every press changes the value.
    """
    from playwright.sync_api import sync_playwright

    metric_ms: list[float] = []
    rerun_ms: list[float] = []
    python_ms: list[float] = []
    with sync_playwright() as playwright:
        browser = launch_browser(playwright)
        try:
            page = browser.new_page(viewport={"width": viewport[0], "height": viewport[1]})
            open_app(page, url)
            metric_value(page, metric_label).first.wait_for(state="visible", timeout=15_000)
            thumb = slider_thumb(page, slider_label).first
            thumb.wait_for(state="visible", timeout=15_000)
            thumb.focus()
            arm_arg = [metric_label, APP_SELECTOR, list(IDLE_SCRIPT_STATES), PRESS_TIMEOUT_MS]
            for i in range(warmup + presses):
                state = slider_state(thumb)
                at_max = state["max"] is not None and state["value"] >= state["max"]
                key = "ArrowLeft" if at_max else "ArrowRight"
                page.evaluate(_ARM_JS, arm_arg)
                t0 = time.perf_counter()
                page.keyboard.press(key)
                result = page.evaluate("() => window.__cgDone")
                t1 = time.perf_counter()
                if result["timedOut"] or result["metricT"] is None or result["keyT"] is None:
                    raise TimeoutError(
                        f"press {i + 1}/{warmup + presses} ({key}) on slider {slider_label!r}: "
                        f"metric {metric_label!r} did not change within "
                        f"{PRESS_TIMEOUT_MS / 1000:.0f} s (state: {result})"
                    )
                if i >= warmup:  # steady state: the first presses warm caches and the page
                    metric_ms.append(result["metricT"] - result["keyT"])
                    if result["idleT"] is not None:
                        rerun_ms.append(result["idleT"] - result["keyT"])
                    python_ms.append((t1 - t0) * 1000)
                # Start the next press from a quiet app.
                wait_idle(page, timeout=PRESS_TIMEOUT_MS, settle_ms=0)
        finally:
            browser.close()
    return {
        **_summary(metric_ms),
        "values": metric_ms,
        "rerun_done": _summary(rerun_ms),
        "python": _summary(python_ms),
    }


def _first_chart_timings(
    script: str, port: int | None = None, viewport: tuple[int, int] = (1280, 900)
) -> dict[str, float]:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        # The browser is launched first: its own start-up is not part of the figure.
        browser = launch_browser(playwright)
        try:
            with StreamlitServer(script, port=port if port is not None else free_port()) as srv:
                assert srv.started_at is not None and srv.ready_at is not None
                context = browser.new_context(
                    viewport={"width": viewport[0], "height": viewport[1]}
                )
                page = context.new_page()
                page.goto(srv.url)
                page.locator(CHART_SELECTOR).first.wait_for(state="visible", timeout=30_000)
                t_chart = time.perf_counter()
                context.close()
                return {
                    "health_ok_s": srv.ready_at - srv.started_at,
                    "first_chart_s": t_chart - srv.started_at,
                }
        finally:
            browser.close()


def measure_first_chart(script: str, port: int | None = None) -> float:
    """Seconds from starting ``streamlit run SCRIPT`` to the first chart visible.

    A fresh browser context opens the page as soon as the server's health check says
    ok; the figure ends when the first Vega-Lite chart's SVG (or canvas) is visible.
    """
    return _first_chart_timings(script, port)["first_chart_s"]


def _fmt_row(name: str, stats: dict[str, float]) -> str:
    return (
        f"| {name:<38} | {stats['median']:>8.1f} | {stats['p95']:>8.1f} | "
        f"{stats['min']:>8.1f} | {stats['max']:>8.1f} | {stats['n']:>3} |"
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--script", default=FLOOR_APP, help="app to measure")
    parser.add_argument("--slider", default="Floor value", help="slider label text")
    parser.add_argument("--metric", default="Value", help="metric label text")
    parser.add_argument("--presses", type=int, default=15)
    parser.add_argument("--starts", type=int, default=3, help="cold starts to time")
    args = parser.parse_args(argv)

    with StreamlitServer(args.script) as server:
        latency = measure_slider_latency(server.url, args.slider, args.metric, args.presses)

    starts = [_first_chart_timings(args.script) for _ in range(args.starts)]
    chart_s = [s["first_chart_s"] * 1000 for s in starts]
    health_s = [s["health_ok_s"] * 1000 for s in starts]

    print(f"Browser latency of {args.script} (ms)")
    print()
    print(f"| {'what':<38} | {'median':>8} | {'p95':>8} | {'min':>8} | {'max':>8} | {'n':>3} |")
    print(f"|{'-' * 40}|{'-' * 10}|{'-' * 10}|{'-' * 10}|{'-' * 10}|{'-' * 5}|")
    print(_fmt_row("key press -> new metric text", latency))
    print(_fmt_row("key press -> script idle again", latency["rerun_done"]))
    print(_fmt_row("key press -> change seen by Playwright", latency["python"]))
    print(_fmt_row("streamlit run -> health ok", _summary(health_s)))
    print(_fmt_row("streamlit run -> first chart visible", _summary(chart_s)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
