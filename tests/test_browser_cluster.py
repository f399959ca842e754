"""Replicas behind nginx (``scripts/cluster``), in a real browser.

One two-replica cluster for the module, started and stopped by the script itself on free
loopback ports, and three readers (fresh browser contexts) on one share link:

- the same link gives the same headline numbers on either replica, and each page stays on
  the replica its routing cookie names;
- a replica killed with SIGKILL mid-session: every page comes back within 15 s with the
  same numbers and slider values, no traceback, no error, no "Connection error" dialog,
  and a page that moved still works;
- a rolling restart (``scripts/cluster restart``) with the readers connected throughout;
- a link over Streamlit's 512 KiB query limit opens through the balancer with a notice;
- bad input (port in use, nginx missing, a second start) says so in one line and starts
  nothing; ``stop`` leaves no process behind.

The cluster is stopped in the fixture's ``finally`` whatever happens, and any process the
run folder's marker still finds is killed there. Needs nginx (``apt-get install nginx``):
skipped without it, failed in CI (``COMPUTE_GAP_REQUIRE_BROWSER=1``), as browser tests are.
"""

from __future__ import annotations

import contextlib
import os
import signal
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlencode

import pytest

from support.browser_harness import free_port, open_app, slider_thumb, wait_idle

REPO_ROOT = Path(__file__).resolve().parent.parent
if str(REPO_ROOT) not in sys.path:
    sys.path.insert(0, str(REPO_ROOT))

from deploy.cluster import (  # noqa: E402
    ClusterError,
    State,
    find_nginx,
    marked_processes,
)

pytestmark = pytest.mark.cluster

SCRIPT = REPO_ROOT / "scripts" / "cluster"
REQUIRE_ENV = "COMPUTE_GAP_REQUIRE_BROWSER"  # set by .ci/run: missing tools fail
COOKIE = "cg_replica"
RECOVERY_S = 15.0
LINK_QUERY = urlencode(
    {
        "v": "1",
        "h200_export_units": "300000",
        "h200_price_usd": "24500",
        "bytedance_budget_growth": "15",
        "year": "2029",
    }
)
NOTICE = "This link was adjusted to open"

# What a reader sees, read in one go from the page.
_JS_READING = """
() => {
    const app = document.querySelector('[data-testid="stApp"]');
    const texts = (sel) => [...document.querySelectorAll(sel)].map((e) => e.innerText);
    return {
        metrics: texts('[data-testid="stMetricValue"]'),
        sliders: [...document.querySelectorAll(
            '[data-testid="stSlider"] input[type="range"], [data-testid="stSlider"] [role="slider"]'
        )].map((e) => e.value ?? e.getAttribute("aria-valuenow")),
        search: location.search,
        connection: app ? app.getAttribute("data-test-connection-state") : null,
        script: app ? app.getAttribute("data-test-script-state") : null,
        problems: [
            ...texts('[data-testid="stException"]'),
            ...texts('[data-testid="stAlertContentError"]'),
            ...texts('[role="dialog"]'),
        ],
    };
}
"""


def _required() -> bool:
    return os.environ.get(REQUIRE_ENV, "").strip() == "1"


@pytest.fixture(scope="module")
def nginx() -> str:
    try:
        return find_nginx()
    except ClusterError as exc:
        if _required():
            pytest.fail(f"{REQUIRE_ENV}=1 but {exc}", pytrace=False)
        pytest.skip(f"cluster test skipped: {exc}")


def run_script(run_dir: Path, *args: str, env: dict[str, str] | None = None, timeout: float = 90):
    return subprocess.run(
        [str(SCRIPT), "--run-dir", str(run_dir), *args],
        capture_output=True,
        text=True,
        timeout=timeout,
        env={**os.environ, **(env or {})},
        check=False,
    )


@dataclass
class Cluster:
    run_dir: Path
    port: int

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def state(self) -> State:
        state = State.load(self.run_dir)
        assert state is not None, "the run folder holds the cluster's state"
        return state

    def replica(self, route: str):
        """The replica a cookie value names (r1 is the first replica started)."""
        return self.state().replicas[int(route.removeprefix("r")) - 1]

    def sessions(self) -> dict[str, int]:
        """Open Streamlit sessions on each replica, by route (its /_stcore/metrics)."""
        counts = {}
        for i, proc in enumerate(self.state().replicas, 1):
            url = f"http://127.0.0.1:{proc.port}/_stcore/metrics"
            try:
                with urllib.request.urlopen(url, timeout=5) as resp:
                    lines = resp.read().decode().splitlines()
            except OSError:  # a replica that is down holds no session
                counts[f"r{i}"] = 0
                continue
            value = next(ln.split()[-1] for ln in lines if ln.startswith("active_sessions "))
            counts[f"r{i}"] = int(float(value))
        return counts


def _kill_leftovers(run_dir: Path) -> None:
    for pid in marked_processes(run_dir):
        with contextlib.suppress(ProcessLookupError):
            os.killpg(pid, signal.SIGKILL) if os.getpgid(pid) == pid else os.kill(pid, 9)


@pytest.fixture(scope="module")
def cluster(nginx: str, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Cluster]:
    run_dir = tmp_path_factory.mktemp("cluster")
    port = free_port()
    try:
        started = run_script(run_dir, "start", "--replicas", "2", "--port", str(port))
        assert started.returncode == 0, started.stderr
        lines = started.stdout.splitlines()
        assert [ln.split()[0] for ln in lines[:3]] == ["replica", "replica", "balancer"], lines
        yield Cluster(run_dir, port)
    finally:
        run_script(run_dir, "stop", timeout=60)
        _kill_leftovers(run_dir)


@dataclass
class Reader:
    name: str
    context: object
    page: object

    def route(self) -> str | None:
        cookies = {c["name"]: c["value"] for c in self.context.cookies()}
        return cookies.get(COOKIE)

    def reading(self) -> dict:
        return self.page.evaluate(_JS_READING)


@pytest.fixture(scope="module")
def readers(browser, cluster: Cluster) -> Iterator[list[Reader]]:
    """Three fresh browsers on one link: pinned to r1, pinned to r2, and one left to nginx."""
    made: list[Reader] = []
    try:
        for name, route in (("pinned to r1", "r1"), ("pinned to r2", "r2"), ("new", None)):
            context = browser.new_context(viewport={"width": 1400, "height": 1000})
            if route:
                context.add_cookies([{"name": COOKIE, "value": route, "url": cluster.url}])
            made.append(Reader(name, context, context.new_page()))
        for reader in made:  # all three load at once; then wait for each
            reader.page.goto(f"{cluster.url}/?{LINK_QUERY}", timeout=60_000)
        for reader in made:
            wait_idle(reader.page, timeout=60_000, settle_ms=0)
        yield made
    finally:
        for reader in made:
            reader.context.close()


def assert_clean(reading: dict, who: str) -> None:
    assert not reading["problems"], f"{who}: {reading['problems']}"
    assert len(reading["metrics"]) == 4 and all(reading["metrics"]), (who, reading["metrics"])
    assert reading["sliders"], f"{who}: no slider drawn"


def wait_recovered(
    cluster: Cluster, readers: list[Reader], want: list[dict], timeout: float = RECOVERY_S
) -> float:
    """Poll every page until it is connected, idle and shows ``want``, and the live replicas
    hold one session per page; fail on any error. Returns the seconds it took.

    A page may not have noticed its replica's death at the first look, hence the sessions
    count; watching throughout catches an error shown for a moment.
    """
    start = time.monotonic()
    deadline = start + timeout
    while True:
        readings = [r.reading() for r in readers]
        for reader, reading in zip(readers, readings, strict=True):
            assert not reading["problems"], f"{reader.name}: {reading['problems']}"
        done = all(
            reading["connection"] == "CONNECTED"
            and reading["script"] == "notRunning"
            and {k: reading[k] for k in ("metrics", "sliders", "search")}
            == {k: w[k] for k in ("metrics", "sliders", "search")}
            for reading, w in zip(readings, want, strict=True)
        )
        if done and sum(cluster.sessions().values()) == len(readers):
            return time.monotonic() - start
        if time.monotonic() > deadline:
            got = [
                (r.name, x["connection"], x["script"], x["metrics"])
                for r, x in zip(readers, readings, strict=True)
            ]
            pytest.fail(f"pages not back after {timeout:.0f} s: {got}; want {want[0]['metrics']}")
        time.sleep(0.1)


# -- 2. the same link, the same numbers, on either replica ---------------------------------


def test_same_link_same_numbers_on_every_replica(cluster: Cluster, readers: list[Reader]):
    readings = [r.reading() for r in readers]
    for reader, reading in zip(readers, readings, strict=True):
        assert_clean(reading, reader.name)
        assert NOTICE not in " ".join(reading["problems"])
    assert len({tuple(r["metrics"]) for r in readings}) == 1, readings
    assert len({tuple(r["sliders"]) for r in readings}) == 1, readings
    assert "h200_price_usd=24500" in readings[0]["search"]

    # Sticky: each page's websocket is on the replica its cookie names; the pinned
    # cookies were kept, the new reader got one.
    routes = [r.route() for r in readers]
    assert routes[:2] == ["r1", "r2"] and routes[2] in ("r1", "r2"), routes
    want = {"r1": routes.count("r1"), "r2": routes.count("r2")}
    assert cluster.sessions() == want


# -- 3. a replica dies mid-session -----------------------------------------------------------


def test_replica_killed_mid_session(cluster: Cluster, readers: list[Reader]):
    before = [r.reading() for r in readers]
    victim_route = readers[0].route()  # r1, and the new reader if it landed there
    victim = cluster.replica(victim_route)
    survivor = "r2" if victim_route == "r1" else "r1"
    os.kill(victim.pid, signal.SIGKILL)

    took = wait_recovered(cluster, readers, before)
    assert took < RECOVERY_S
    assert [r.route() for r in readers] == [survivor] * 3, "the cookie follows the failover"
    assert cluster.sessions()[survivor] == 3

    # The moved page works on its new replica: a slider move updates the URL and numbers.
    page = readers[0].page
    thumb = slider_thumb(page, "H200 price in China")
    thumb.focus()
    thumb.press("ArrowRight")
    wait_idle(page)
    page.wait_for_function("() => !location.search.includes('h200_price_usd=24500')")
    after = readers[0].reading()
    assert_clean(after, readers[0].name)
    assert after["sliders"] != before[0]["sliders"]
    thumb.press("ArrowLeft")  # back to the link's value, for the next test
    wait_idle(page)
    page.wait_for_function("() => location.search.includes('h200_price_usd=24500')")


# -- 4. rolling restart ---------------------------------------------------------------------


def test_rolling_restart_with_readers_connected(cluster: Cluster, readers: list[Reader]):
    before = [r.reading() for r in readers]
    for reader, reading in zip(readers, before, strict=True):
        assert_clean(reading, reader.name)
    old = {p.port: p.pid for p in cluster.state().replicas}

    restart = subprocess.Popen(
        [str(SCRIPT), "--run-dir", str(cluster.run_dir), "restart"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        while restart.poll() is None:  # watch the pages all along
            for reader in readers:
                problems = reader.reading()["problems"]
                assert not problems, f"{reader.name} during the restart: {problems}"
            time.sleep(0.1)
        out, err = restart.communicate(timeout=5)
    finally:
        if restart.poll() is None:
            restart.kill()
            restart.wait()
    assert restart.returncode == 0, err
    assert out.count("restarted") == 2, out

    wait_recovered(cluster, readers, before)
    new = {p.port: p.pid for p in cluster.state().replicas}
    assert new.keys() == old.keys() and all(new[p] != old[p] for p in old), (old, new)
    status = run_script(cluster.run_dir, "status")
    assert status.returncode == 0, status.stdout + status.stderr
    lines = status.stdout.splitlines()
    assert [ln.split()[0] for ln in lines] == ["replica", "replica", "balancer"], lines
    assert all(ln.endswith("healthy") for ln in lines), lines
    assert sum(cluster.sessions().values()) == 3


# -- 7. a link over Streamlit's query limit, opened through the balancer ---------------------


def test_over_limit_link_opens_with_a_notice(browser, cluster: Cluster):
    """Streamlit ignores a query string over 512 KiB; the reader is told, not left guessing.

    Streamlit's own server refuses such a request line; the balancer passes the page's
    path alone, so the page loads and the browser sends the link over the websocket.
    """
    junk = "x" * (512 * 1024)
    context = browser.new_context(viewport={"width": 1400, "height": 1000})
    try:
        page = context.new_page()
        open_app(page, f"{cluster.url}/?{LINK_QUERY}&junk={junk}", timeout=60_000)
        notice = page.locator('[data-testid="stAlert"]', has_text="This link is too long to open")
        notice.wait_for(timeout=15_000)
        text = notice.inner_text()
        assert f"{len(LINK_QUERY) + len(junk) + 6:,} characters long" in text, text
        assert "baseline" in text
        reading = page.evaluate(_JS_READING)
        assert not reading["problems"], reading["problems"]
        assert "h200_price_usd=24500" not in reading["search"]
    finally:
        context.close()


# -- bad input, then stop ----------------------------------------------------------------------


def _one_line_failure(result: subprocess.CompletedProcess, *words: str) -> None:
    assert result.returncode != 0
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("cluster: "), result.stderr
    for word in words:
        assert word in lines[0], lines[0]


def test_bad_input_starts_nothing(cluster: Cluster, tmp_path: Path):
    running = marked_processes(cluster.run_dir)
    other = tmp_path / "other"

    _one_line_failure(run_script(cluster.run_dir, "start", "--port", str(free_port())), "already")
    _one_line_failure(run_script(other, "start", "--port", str(cluster.port)), "in use")
    missing = {"COMPUTE_GAP_NGINX": str(tmp_path / "no-nginx")}
    _one_line_failure(run_script(other, "start", "--port", str(free_port()), env=missing), "nginx")

    assert marked_processes(other) == []
    assert marked_processes(cluster.run_dir) == running


def test_stop_leaves_no_process_behind(cluster: Cluster):
    procs = cluster.state().processes()
    assert marked_processes(cluster.run_dir), "the cluster's processes carry the marker"
    stopped = run_script(cluster.run_dir, "stop")
    assert stopped.returncode == 0, stopped.stderr
    assert marked_processes(cluster.run_dir) == []
    assert not any(p.alive() for p in procs)
    assert State.load(cluster.run_dir) is None
    status = run_script(cluster.run_dir, "status")
    assert status.returncode == 3 and "not running" in status.stderr
