"""Drive a real Streamlit server and Debian's chromium from tests and benchmarks.

Not a test module: tests and ``bench/`` scripts import it as ``support.browser_harness``
(with the repository root on the path).

The server talks to loopback only, and the browser is the system chromium at
``/usr/bin/chromium`` (Playwright cannot download its own browsers on these machines).
"""

from __future__ import annotations

import contextlib
import os
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from playwright.sync_api import Browser, BrowserContext, Locator, Page, Playwright

REPO_ROOT = Path(__file__).resolve().parent.parent
# Debian's package; COMPUTE_GAP_CHROMIUM points elsewhere (e.g. to check the skip path).
CHROMIUM_PATH = os.environ.get("COMPUTE_GAP_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]

APP_SELECTOR = '[data-testid="stApp"]'
SLIDER_THUMB_SELECTOR = '[role="slider"], input[type="range"]'
# Script states in which nothing more will happen without user input.
IDLE_SCRIPT_STATES = ("notRunning", "compilationError")

# Installed in every page of a RunTrackingBrowser: window.__cgRuns.pending is true from the
# moment the page asks the server for a run (a BackMsg whose first field is rerun_script,
# field 11: byte 0x5A) until a run's ScriptFinished message arrives (ForwardMsg field 6:
# finished, with a compile error or a fragment's run; not "finished early for a rerun").
# The script-state attribute cannot tell this: on a busy machine the server may start the
# run after wait_idle's settle step has ended, and the page reads idle until it does.
TRACK_RUNS_JS = """
(() => {
    if (window.__cgRuns) return;
    const runs = { pending: false };
    window.__cgRuns = runs;
    const FINAL = [0, 1, 3];  // ForwardMsg.ScriptFinishedStatus values that end a run
    // The script_finished field of a ForwardMsg (top-level fields only), or null.
    const finishStatus = (bytes) => {
        let i = 0;
        const varint = () => {
            let value = 0, scale = 1, byte;
            do { byte = bytes[i++]; value += (byte & 0x7f) * scale; scale *= 128; }
            while (byte & 0x80 && i < bytes.length);
            return value;
        };
        while (i < bytes.length) {
            const tag = varint(), field = Math.floor(tag / 8), wire = tag & 7;
            if (field === 6 && wire === 0) return varint();
            if (wire === 0) varint();
            else if (wire === 1) i += 8;
            else if (wire === 2) { const length = varint(); i += length; }
            else if (wire === 5) i += 4;
            else return null;
        }
        return null;
    };
    const watched = new WeakSet();
    const send = WebSocket.prototype.send;
    WebSocket.prototype.send = function (data) {
        if (!watched.has(this)) {
            watched.add(this);
            this.addEventListener("message", (event) => {
                if (!(event.data instanceof ArrayBuffer) || event.data.byteLength > 512) return;
                if (FINAL.includes(finishStatus(new Uint8Array(event.data)))) runs.pending = false;
            });
        }
        const bytes = data instanceof ArrayBuffer ? new Uint8Array(data)
            : ArrayBuffer.isView(data) && data.byteLength
                ? new Uint8Array(data.buffer, data.byteOffset, 1) : null;
        if (bytes && bytes.length && bytes[0] === 0x5a) runs.pending = true;
        return send.call(this, data);
    };
})();
"""

_JS_IS_IDLE = """
([selector, idleStates]) => {
    const app = document.querySelector(selector);
    return !!app
        && !(window.__cgRuns && window.__cgRuns.pending)
        && app.getAttribute("data-test-connection-state") === "CONNECTED"
        && idleStates.includes(app.getAttribute("data-test-script-state"))
        && !app.querySelector(
            '[data-testid="stElementContainer"][data-stale="true"], [data-testid="stSkeleton"]'
        )
        && [...app.querySelectorAll('[data-testid="stVegaLiteChart"]')].every(
            (chart) => chart.querySelector(".marks") !== null
        );
}
"""

_JS_IS_BUSY = """
([selector, idleStates]) => {
    const app = document.querySelector(selector);
    return (!!window.__cgRuns && window.__cgRuns.pending)
        || (!!app && !idleStates.includes(app.getAttribute("data-test-script-state")));
}
"""


_JS_SLIDER_STATE = """
(el) => {
    const num = (attr, aria) => {
        const raw = el.getAttribute(attr) ?? el.getAttribute(aria);
        return raw === null || raw === "" ? null : Number(raw);
    };
    const value = el.tagName === "INPUT" ? Number(el.value) : num("aria-valuenow", "aria-valuenow");
    return { value, min: num("min", "aria-valuemin"), max: num("max", "aria-valuemax"),
             text: el.getAttribute("aria-valuetext") };
}
"""


def free_port() -> int:
    """Return a TCP port on 127.0.0.1 that was free a moment ago."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def chromium_available() -> bool:
    """True when Debian's chromium is installed where the harness expects it."""
    return os.path.isfile(CHROMIUM_PATH) and os.access(CHROMIUM_PATH, os.X_OK)


def playwright_available() -> bool:
    """True when the Playwright Python package can be imported."""
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        return False
    return True


def _port_is_open(port: int) -> bool:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.settimeout(0.2)
        return sock.connect_ex(("127.0.0.1", port)) == 0


class StreamlitServer:
    """Run ``streamlit run SCRIPT`` on a free loopback port for the length of a ``with``.

    >>> with StreamlitServer("bench/floor_app.py") as server:
    ...     page.goto(server.url)

    ``script`` is relative to the repository root (the server's working directory, so
    ``.streamlit/config.toml`` applies) or absolute. ``env`` adds to or overrides the
    current environment; ``extra_args`` are appended to the command line.
    """

    def __init__(
        self,
        script: str | os.PathLike[str] = "streamlit_app.py",
        port: int | None = None,
        env: dict[str, str] | None = None,
        extra_args: list[str] | None = None,
        startup_timeout: float = 30.0,
    ) -> None:
        self.script = str(script)
        self.port = port if port is not None else free_port()
        self.env = dict(env or {})
        self.extra_args = list(extra_args or [])
        self.startup_timeout = startup_timeout
        self.process: subprocess.Popen[bytes] | None = None
        self.started_at: float | None = None  # time.perf_counter() at process start
        self.ready_at: float | None = None  # time.perf_counter() when health said ok
        self._log: Any = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    @property
    def pid(self) -> int | None:
        return self.process.pid if self.process else None

    def command(self) -> list[str]:
        return [
            sys.executable,
            "-m",
            "streamlit",
            "run",
            self.script,
            "--server.headless",
            "true",
            "--server.port",
            str(self.port),
            "--server.address",
            "127.0.0.1",
            "--browser.gatherUsageStats",
            "false",
            "--server.fileWatcherType",
            "none",
            *self.extra_args,
        ]

    def output(self) -> str:
        """Everything the server printed so far (stdout and stderr together)."""
        if self._log is None:
            return ""
        self._log.flush()
        self._log.seek(0)
        return self._log.read().decode("utf-8", errors="replace")

    def _healthy(self) -> bool:
        try:
            with urllib.request.urlopen(f"{self.url}/_stcore/health", timeout=1) as resp:
                return resp.status == 200 and resp.read().decode().strip() == "ok"
        except (urllib.error.URLError, ConnectionError, TimeoutError, OSError):
            return False

    def start(self) -> StreamlitServer:
        if self.process is not None:
            raise RuntimeError("server already started")
        env = {**os.environ, "PYTHONUNBUFFERED": "1", **self.env}
        # A file, not a pipe: a chatty server can never block on a full pipe buffer.
        self._log = tempfile.TemporaryFile()  # noqa: SIM115 - closed in stop()
        self.started_at = time.perf_counter()
        self.process = subprocess.Popen(
            self.command(),
            cwd=REPO_ROOT,
            env=env,
            stdin=subprocess.DEVNULL,
            stdout=self._log,
            stderr=subprocess.STDOUT,
        )
        deadline = self.started_at + self.startup_timeout
        while True:
            if self.process.poll() is not None:
                code = self.process.returncode
                out = self.output()
                self.stop()
                raise RuntimeError(
                    f"streamlit server for {self.script} exited with code {code} "
                    f"before it was healthy. Output:\n{out}"
                )
            if self._healthy():
                self.ready_at = time.perf_counter()
                return self
            if time.perf_counter() > deadline:
                out = self.output()
                self.stop()
                raise TimeoutError(
                    f"streamlit server for {self.script} not healthy on {self.url} "
                    f"after {self.startup_timeout:.0f} s. Output:\n{out}"
                )
            time.sleep(0.05)

    def stop(self, timeout: float = 10.0) -> None:
        """Stop this server's own process by its PID and wait until it is gone."""
        proc = self.process
        if proc is not None and proc.poll() is None:
            proc.terminate()
            try:
                proc.wait(timeout=timeout)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait(timeout=timeout)
        if proc is not None:
            # The process is reaped; give the kernel a moment to release the port.
            deadline = time.perf_counter() + 5
            while _port_is_open(self.port) and time.perf_counter() < deadline:
                time.sleep(0.05)
        self.process = None
        if self._log is not None:
            self._log.close()
            self._log = None

    def __enter__(self) -> StreamlitServer:
        return self.start()

    def __exit__(self, *exc_info: object) -> None:
        self.stop()


class RunTrackingBrowser:
    """A Browser whose every new context installs :data:`TRACK_RUNS_JS`, so that
    :func:`wait_idle` also waits for a run the page has asked for and the server has not
    finished (the tests' browser; benchmarks use the plain one)."""

    def __init__(self, browser: Browser) -> None:
        self._browser = browser

    def __getattr__(self, name: str) -> Any:
        return getattr(self._browser, name)

    def new_context(self, **kwargs: Any) -> BrowserContext:
        context = self._browser.new_context(**kwargs)
        context.add_init_script(TRACK_RUNS_JS)
        return context


def launch_browser(playwright: Playwright, **kwargs: Any) -> Browser:
    """Launch Debian's headless chromium with the flags this machine needs."""
    return playwright.chromium.launch(
        executable_path=CHROMIUM_PATH,
        args=list(CHROMIUM_ARGS),
        headless=True,
        **kwargs,
    )


def wait_idle(page: Page, timeout: float = 15000, settle_ms: float = 300) -> None:
    """Wait until the app is connected, its script is not running and all is drawn.

    Idle means: no run asked for and not yet finished (pages of a
    :class:`RunTrackingBrowser`); connection ``CONNECTED``; script state ``notRunning`` (or
    ``compilationError``); no stale element and no ``stSkeleton`` placeholder (elements
    whose code is loaded on demand, such as metrics and charts, show one for a moment
    after the first run has already ended); every Vega-Lite chart has its ``.marks``.

    After an interaction the rerun may not have started yet, so first give the script
    up to ``settle_ms`` to leave the idle state (returns early as soon as it does), then
    wait for idle. The script-state attribute is React state: a fast rerun can go
    running -> notRunning within one render and never show ``running``, hence the
    bounded first step. Pass ``settle_ms=0`` to skip it (e.g. right after loading).
    """
    from playwright.sync_api import TimeoutError as PlaywrightTimeoutError

    arg = [APP_SELECTOR, list(IDLE_SCRIPT_STATES)]
    if settle_ms > 0:
        # A timeout here means it ran and finished already, or nothing was triggered.
        with contextlib.suppress(PlaywrightTimeoutError):
            page.wait_for_function(_JS_IS_BUSY, arg=arg, timeout=settle_ms, polling=10)
    page.wait_for_function(_JS_IS_IDLE, arg=arg, timeout=timeout, polling=10)


def open_app(page: Page, url: str, timeout: float = 30000) -> None:
    """Load the app and wait until its first run is over and its elements are drawn."""
    page.goto(url, timeout=timeout)
    wait_idle(page, timeout=timeout, settle_ms=0)


def open_panel(page: Page, title: str, timeout: float = 30000) -> None:
    """Open the expander titled ``title`` and wait until its content is drawn.

    The app's panels rerun the script when opened and draw their content only then: this
    waits for the content itself (an element inside the panel), then idle, so it holds in
    a browser without the run tracker too (:class:`RunTrackingBrowser`).
    """
    panel = page.locator('[data-testid="stExpander"]').filter(
        has=page.locator("summary", has_text=title)
    )
    panel.locator("summary").click()
    content = '[data-testid="stExpanderDetails"] [data-testid="stElementContainer"]'
    panel.locator(content).first.wait_for(state="attached", timeout=timeout)
    wait_idle(page, timeout=timeout, settle_ms=0)


def open_in_new_context(
    browser: Browser, url: str, width: int, height: int = 900, **kwargs: Any
) -> tuple[BrowserContext, Page]:
    """Open the app at ``url`` in a fresh browser context of the given viewport (``kwargs``
    go to ``new_context``, e.g. permissions); the caller closes the context."""
    context = browser.new_context(viewport={"width": width, "height": height}, **kwargs)
    page = context.new_page()
    open_app(page, url)
    return context, page


def slider_thumb(page: Page, label_text: str) -> Locator:
    """The thumb of the ``st.slider`` whose label contains the text (focus it, press keys).

    Streamlit 1.67 renders the thumb as a visually hidden ``<input type="range">`` (React
    Aria) with an implicit slider role, ``value``/``min``/``max`` and ``aria-valuetext`` but
    no ``role`` or ``aria-valuenow`` attribute; older releases used a ``div
    role="slider"``. Both match. A range slider has two thumbs: use ``.nth(i)``.
    """
    label = page.locator('[data-testid="stWidgetLabel"]', has_text=label_text)
    return page.locator('[data-testid="stSlider"]').filter(has=label).locator(SLIDER_THUMB_SELECTOR)


def slider_state(thumb: Locator) -> dict[str, float | str | None]:
    """``value``, ``min``, ``max`` (numbers) and ``text`` (``aria-valuetext``) of a thumb."""
    return thumb.evaluate(_JS_SLIDER_STATE)


def metric_value(page: Page, label_text: str) -> Locator:
    """The ``stMetricValue`` of the ``st.metric`` whose label contains the text."""
    label = page.locator('[data-testid="stMetricLabel"]', has_text=label_text)
    return (
        page.locator('[data-testid="stMetric"]')
        .filter(has=label)
        .locator('[data-testid="stMetricValue"]')
    )
