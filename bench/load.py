"""Load test: many concurrent readers on ONE ``streamlit run`` server on localhost.

Each session opens a different share link, then moves a random sidebar slider, waits
(the think time) and moves another, until the time is up. Sessions speak Streamlit's
browser protocol directly (protobuf over the websocket at ``/_stcore/stream``), much
lighter than one browser per reader, so that the server, not the client, is measured.

    .venv/bin/python bench/load.py --sessions 25 --seconds 30 --think-ms 300

What a session sends is what the frontend sends: a ``BackMsg.rerun_script`` carrying a
``ClientState`` with the page's query string, the browser context and, on every slider
move, the current value of every slider the last run drew (a slider sends a one-element
``double_array_value``). Widgets other than sliders are not sent; the server then keeps
their previous values, as it does for a widget the browser has not touched.

Per interaction it times, from sending the rerun: all headline metrics received (the
``st.metric`` deltas) and ``script_finished``. An interaction is an error when the
connection fails or times out, the run does not finish successfully, a delta holds an
``st.exception`` or ``st.error`` element, a metric is missing, or (for a slider move) the
URL the app writes back does not hold the new value. The server's RSS is sampled every
100 ms (its own VmRSS plus that of any program it starts; a fork that has not yet exec'd
shares the server's pages and is not counted twice), with its CPU time and, as a noise
gauge, the CPU time of every other process on the machine.

The target: 25 sessions, no errors, 95th percentile of move -> all metrics under 2 s
(the exit status is 1 when it is missed). Figures of one run: ``--json FILE``.

``--server-arg`` passes an option to ``streamlit run`` (e.g. ``--server-arg
--runner.postScriptGC=true``) and ``--server-env`` sets a variable for it, to measure a
configuration without editing it. ``--bands-share`` turns the uncertainty bands on in a
fraction of the links. The server runs from the repository this file is in (its
``.streamlit/config.toml`` applies), so a copy of the repository measures its own code.
Connects to 127.0.0.1 only; every loop is bounded in time and count.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import math
import os
import random
import statistics
import sys
import threading
import time
from collections.abc import Iterable, Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path
from urllib.parse import parse_qs, urlencode

REPO_ROOT = Path(__file__).resolve().parent.parent
if str(REPO_ROOT) not in sys.path:
    sys.path.insert(0, str(REPO_ROOT))

from streamlit.proto.Alert_pb2 import Alert  # noqa: E402
from streamlit.proto.BackMsg_pb2 import BackMsg  # noqa: E402
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg  # noqa: E402
from websockets.asyncio.client import ClientConnection, connect  # noqa: E402
from websockets.typing import Subprotocol  # noqa: E402

from simulator import registry  # noqa: E402
from simulator.data import Param  # noqa: E402
from simulator.words import format_value, round_significant  # noqa: E402
from support.browser_harness import StreamlitServer  # noqa: E402

APP = "streamlit_app.py"
HEADLINE_METRICS = 4  # st.metric elements on the Simulator page
FINISHED_OK = ForwardMsg.ScriptFinishedStatus.FINISHED_SUCCESSFULLY
WIDGET_PREFIX = "w_"  # ui/state.py: widget_key()
RUN_TIMEOUT_S = 30.0  # one rerun, send to script_finished
CONNECT_TIMEOUT_S = 15.0
MAX_MOVES_PER_SESSION = 10_000  # a hard cap besides the clock


# --------------------------------------------------------------------------- parameters


def load_params() -> dict[str, Param]:
    """The model's parameters by key, from the checked registry (``simulator.load_data()``)."""
    return {p.key: p for p in registry()}


def grid_value(p: Param, rng: random.Random) -> float:
    """A random model value of ``p`` on its slider's step grid."""
    steps = round((p.max - p.min) / p.step)
    return round_significant(p.min + rng.randint(0, steps) * p.step)


def share_links(
    count: int, params: dict[str, Param], seed: int = 1, bands_share: float = 0.0
) -> list[str]:
    """``count`` distinct share-link queries, each setting one to three main controls.

    A ``bands_share`` fraction of them also turn on the uncertainty bands (``bands=1``),
    which makes the page run and cache a Monte Carlo fan for every scenario.
    """
    rng = random.Random(seed)
    main = sorted(p.key for p in params.values() if p.tier == "main")
    links: list[str] = []
    seen: set[str] = set()
    for _ in range(count * 100):  # bounded: the space is far larger than any count
        if len(links) == count:
            break
        chosen = sorted(rng.sample(main, rng.randint(1, min(3, len(main)))))
        values = {key: format_value(grid_value(params[key], rng)) for key in chosen}
        if rng.random() < bands_share:
            values["bands"] = "1"
        query = urlencode({"v": "1", **values})
        if query not in seen:
            seen.add(query)
            links.append(query)
    if len(links) < count:
        raise RuntimeError(f"could only make {len(links)} distinct links")
    return links


# ----------------------------------------------------------------------- server memory


def _tree_pids(pid: int) -> list[int]:
    """``pid`` and its descendants (from /proc/<pid>/task/<tid>/children)."""
    pids, todo = [], [pid]
    while todo and len(pids) < 1000:
        current = todo.pop()
        pids.append(current)
        try:
            tasks = os.listdir(f"/proc/{current}/task")
        except OSError:
            continue
        for tid in tasks:
            try:
                with open(f"/proc/{current}/task/{tid}/children", encoding="ascii") as fh:
                    todo.extend(int(child) for child in fh.read().split())
            except OSError:
                pass
    return pids


def _vm_rss(pid: int) -> int:
    try:
        with open(f"/proc/{pid}/status", encoding="ascii") as fh:
            for line in fh:
                if line.startswith("VmRSS:"):
                    return int(line.split()[1]) * 1024
    except OSError:
        pass
    return 0


def _exe(pid: int) -> str:
    try:
        return os.readlink(f"/proc/{pid}/exe")
    except OSError:
        return ""


def rss_bytes(pid: int, children: set[str] | None = None) -> int:
    """Resident memory (VmRSS) of the server ``pid`` plus that of its child programs.

    A child that is still a fork of the server (same executable, before its exec) shares
    the server's pages, and its VmRSS would count them twice: it is left out. The names
    of the children seen are added to ``children`` when given.
    """
    own_exe = _exe(pid)
    total = _vm_rss(pid)
    for child in _tree_pids(pid)[1:]:
        exe = _exe(child)
        if children is not None:
            children.add(f"{child}:{exe or '(exited)'}")
        if exe and exe != own_exe:
            total += _vm_rss(child)
    return total


def cpu_seconds(pid: int) -> float:
    """CPU time of ``pid``, its threads and its finished children, from /proc/<pid>/stat."""
    try:
        with open(f"/proc/{pid}/stat", encoding="ascii") as fh:
            fields = fh.read().rsplit(")", 1)[1].split()
    except OSError:
        return float("nan")
    # utime, stime, cutime, cstime
    return sum(int(v) for v in fields[11:15]) / os.sysconf("SC_CLK_TCK")


def machine_busy_seconds() -> float:
    """CPU time all processes on the machine have used (busy jiffies in /proc/stat)."""
    try:
        with open("/proc/stat", encoding="ascii") as fh:
            fields = [int(v) for v in fh.readline().split()[1:]]
    except (OSError, ValueError):
        return float("nan")
    idle = fields[3] + (fields[4] if len(fields) > 4 else 0)  # idle + iowait
    steal_guest = sum(fields[7:]) if len(fields) > 7 else 0  # steal, guest (in user)
    return (sum(fields) - idle - steal_guest) / os.sysconf("SC_CLK_TCK")


class RssSampler:
    """Samples the server's RSS every ``interval`` seconds on a thread, for a ``with``."""

    def __init__(self, pid: int, interval: float = 0.1, max_samples: int = 100_000) -> None:
        self.pid = pid
        self.interval = interval
        self.max_samples = max_samples
        self.samples: list[tuple[float, int]] = []  # (perf_counter, bytes)
        self.children: set[str] = set()  # "pid:executable" of every child process seen
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name="rss-sampler", daemon=True)

    def _run(self) -> None:
        while not self._stop.is_set() and len(self.samples) < self.max_samples:
            self.samples.append((time.perf_counter(), rss_bytes(self.pid, self.children)))
            self._stop.wait(self.interval)

    @property
    def peak(self) -> int:
        return max((b for _, b in self.samples), default=0)

    def child_programs(self) -> dict[str, int]:
        """How many child processes the samples saw, by executable (a lower bound)."""
        counts: dict[str, int] = {}
        for entry in self.children:
            exe = entry.split(":", 1)[1]
            counts[exe] = counts.get(exe, 0) + 1
        return counts

    def __enter__(self) -> RssSampler:
        self._thread.start()
        return self

    def __exit__(self, *exc_info: object) -> None:
        self._stop.set()
        self._thread.join(timeout=5)


# ------------------------------------------------------------------------ the client


@dataclass
class Slider:
    """A slider as the last run drew it; ``value`` is in display units (model / scale)."""

    widget_id: str
    key: str  # the parameter key, from the widget key ``w_<key>`` in the id
    label: str
    min: float
    max: float
    step: float
    value: float


@dataclass
class Run:
    """What one rerun produced, times in seconds from sending the BackMsg."""

    metrics_s: float | None = None  # every headline metric received
    finished_s: float | None = None
    status: int | None = None
    metrics: dict[str, str] = field(default_factory=dict)  # label -> value text
    errors: list[str] = field(default_factory=list)
    messages: int = 0
    bytes: int = 0


@dataclass
class Interaction:
    session: int
    kind: str  # "open" or "move"
    metrics_ms: float | None
    finished_ms: float | None
    error: str | None = None
    bytes: int = 0


def _key_from_widget_id(widget_id: str) -> str:
    # Keyed widget ids end with "-<user key>", e.g. "$$ID-<hash>-w_h200_price_usd".
    user_key = widget_id.split("-", 2)[-1]
    return user_key.removeprefix(WIDGET_PREFIX)


class Session:
    """One reader: a websocket to the server and the state the frontend would keep."""

    def __init__(self, port: int, query: str, run_timeout: float = RUN_TIMEOUT_S) -> None:
        self.port = port
        self.query = query  # the URL's query string; the app rewrites it after each change
        self.run_timeout = run_timeout
        self.sliders: dict[str, Slider] = {}  # widget id -> slider
        self.page_script_hash = ""
        # The frontend's message cache: big elements it holds, by hash, with the run in
        # which each was last used. Their hashes go with every rerun request, and the
        # server then sends a reference instead of an unchanged element.
        self.cache: dict[str, tuple[ForwardMsg, int]] = {}
        self.cache_max_age = 2  # runs; the server's global.maxCachedMessageAge
        self.runs = 0
        self._ws: ClientConnection | None = None

    async def __aenter__(self) -> Session:
        self._ws = await connect(
            f"ws://127.0.0.1:{self.port}/_stcore/stream",
            subprotocols=[Subprotocol("streamlit")],
            max_size=None,  # offers permessage-deflate, as browsers do
            open_timeout=CONNECT_TIMEOUT_S,
            close_timeout=2,
        )
        return self

    async def __aexit__(self, *exc_info: object) -> None:
        if self._ws is not None:
            await self._ws.close()
            self._ws = None

    def _back_msg(self, widgets: Iterable[Slider]) -> BackMsg:
        msg = BackMsg()
        state = msg.rerun_script
        state.query_string = self.query
        state.page_script_hash = self.page_script_hash
        state.context_info.url = f"http://127.0.0.1:{self.port}/?{self.query}"
        state.context_info.timezone = "UTC"
        state.context_info.locale = "en-US"
        state.cached_message_hashes.extend(self.cache)
        for slider in widgets:
            widget = state.widget_states.widgets.add()
            widget.id = slider.widget_id
            widget.double_array_value.data.append(slider.value)
        return msg

    async def rerun(self, widgets: Iterable[Slider] = ()) -> Run:
        """Send one rerun request and read its messages up to ``script_finished``."""
        if self._ws is None:
            raise RuntimeError("session not connected")
        payload = self._back_msg(widgets).SerializeToString()
        run = Run()
        drawn: dict[str, Slider] = {}
        sent = time.perf_counter()
        deadline = sent + self.run_timeout
        await self._ws.send(payload)
        for _ in range(100_000):  # bounded; a run sends about 60 messages
            remaining = deadline - time.perf_counter()
            if remaining <= 0:
                raise TimeoutError(f"no script_finished after {self.run_timeout:.0f} s")
            data = await asyncio.wait_for(self._ws.recv(), timeout=remaining)
            now = time.perf_counter() - sent
            run.messages += 1
            run.bytes += len(data)
            msg = self._resolve(ForwardMsg.FromString(data))  # type: ignore[arg-type]
            if self._read(msg, run, drawn, now):
                break
        self._finish(run, drawn)
        return run

    def _read(self, msg: ForwardMsg, run: Run, drawn: dict[str, Slider], now: float) -> bool:
        """Take in one message of a run; True when it is the run's last."""
        kind = msg.WhichOneof("type")
        if kind == "delta":
            self._read_delta(msg, run, drawn, now)
        elif kind == "page_info_changed":
            self.query = msg.page_info_changed.query_string
        elif kind == "new_session":
            self.page_script_hash = msg.new_session.page_script_hash
        elif kind == "script_finished":
            run.finished_s = now
            run.status = msg.script_finished
            return True
        return False

    def _finish(self, run: Run, drawn: dict[str, Slider]) -> None:
        """After a run: age the message cache, keep the sliders drawn, note what failed."""
        self.runs += 1
        self.cache = {
            key: (cached, used)
            for key, (cached, used) in self.cache.items()
            if self.runs - used <= self.cache_max_age
        }
        if drawn:  # the frontend keeps the widgets of the last run only
            self.sliders = drawn
        if run.status != FINISHED_OK:
            run.errors.append(f"script_finished status {run.status}")
        if len(run.metrics) < HEADLINE_METRICS:
            run.errors.append(f"{len(run.metrics)} of {HEADLINE_METRICS} metrics")

    def _resolve(self, msg: ForwardMsg) -> ForwardMsg:
        """Keep cacheable messages; replace a reference by the message it names."""
        if msg.WhichOneof("type") == "ref_hash":
            cached = self.cache.get(msg.ref_hash)
            if cached is None:
                raise RuntimeError(f"cache miss for a message reference {msg.ref_hash}")
            self.cache[msg.ref_hash] = (cached[0], self.runs)
            return cached[0]
        if msg.metadata.cacheable and msg.hash:
            self.cache[msg.hash] = (msg, self.runs)
        return msg

    def _read_delta(self, msg: ForwardMsg, run: Run, drawn: dict[str, Slider], now: float) -> None:
        if msg.delta.WhichOneof("type") != "new_element":
            return
        element = msg.delta.new_element
        kind = element.WhichOneof("type")
        if kind == "metric":
            run.metrics[element.metric.label] = element.metric.body
            if len(run.metrics) == HEADLINE_METRICS:
                run.metrics_s = now
        elif kind == "slider":
            proto = element.slider
            known = self.sliders.get(proto.id)
            if proto.set_value or known is None:
                value = float(proto.value[0] if proto.set_value else proto.default[0])
            else:
                value = known.value
            drawn[proto.id] = Slider(
                widget_id=proto.id,
                key=_key_from_widget_id(proto.id),
                label=proto.label,
                min=proto.min,
                max=proto.max,
                step=proto.step,
                value=value,
            )
        elif kind == "exception":
            run.errors.append(f"exception: {element.exception.type} {element.exception.message}")
        elif kind == "alert" and element.alert.format == Alert.Format.ERROR:
            run.errors.append(f"error: {element.alert.body[:120]}")

    async def open(self) -> Run:
        """The first run: what a browser does on loading the share link."""
        return await self.rerun()

    async def move(self, rng: random.Random, params: dict[str, Param]) -> Run:
        """Move one random slider to another value on its grid; check the URL follows."""
        if not self.sliders:
            raise RuntimeError("no slider drawn")
        slider = rng.choice(sorted(self.sliders.values(), key=lambda s: s.widget_id))
        steps = round((slider.max - slider.min) / slider.step)
        new = slider.value
        for _ in range(100):
            new = round_significant(slider.min + rng.randint(0, steps) * slider.step)
            if new != slider.value:
                break
        moved = Slider(**{**asdict(slider), "value": new})
        widgets = [moved if s.widget_id == slider.widget_id else s for s in self.sliders.values()]
        run = await self.rerun(widgets)
        param = params.get(slider.key)
        if param is not None and not run.errors:
            expected = round_significant(min(max(new * param.scale, param.min), param.max))
            written = parse_qs(self.query).get(param.key, [format_value(param.default)])[-1]
            if not math.isclose(float(written), expected, rel_tol=1e-9, abs_tol=1e-12):
                run.errors.append(f"URL has {param.key}={written}, expected {expected}")
        return run


# ----------------------------------------------------------------------- the load test


def _ms(seconds: float | None) -> float | None:
    return None if seconds is None else seconds * 1000


def _record(session: int, kind: str, run: Run) -> Interaction:
    return Interaction(
        session=session,
        kind=kind,
        metrics_ms=_ms(run.metrics_s),
        finished_ms=_ms(run.finished_s),
        error="; ".join(run.errors) or None,
        bytes=run.bytes,
    )


async def reader(
    index: int,
    port: int,
    query: str,
    stop_at: float,
    think_s: float,
    params: dict[str, Param],
    results: list[Interaction],
    seed: int,
) -> None:
    """One session: open the link, then move sliders with think time until ``stop_at``."""
    rng = random.Random(seed * 1000 + index)
    kind = "open"
    try:
        async with Session(port, query) as session:
            results.append(_record(index, kind, await session.open()))
            kind = "move"
            for _ in range(MAX_MOVES_PER_SESSION):
                # Think time varies by +-50% so that the sessions do not march in step.
                await asyncio.sleep(think_s * rng.uniform(0.5, 1.5))
                if time.perf_counter() >= stop_at:
                    break
                results.append(_record(index, kind, await session.move(rng, params)))
    except Exception as exc:  # timeouts, OSError, websockets' ConnectionClosed, ...
        results.append(Interaction(index, kind, None, None, f"{type(exc).__name__}: {exc}"))


async def run_load(
    port: int,
    links: Sequence[str],
    seconds: float,
    think_s: float,
    ramp_s: float,
    params: dict[str, Param],
    seed: int,
) -> list[Interaction]:
    results: list[Interaction] = []
    start = time.perf_counter()
    stop_at = start + seconds

    async def delayed(index: int, query: str) -> None:
        await asyncio.sleep(ramp_s * index / max(1, len(links)))
        await reader(index, port, query, stop_at, think_s, params, results, seed)

    tasks = [asyncio.create_task(delayed(i, q)) for i, q in enumerate(links)]
    # Bounded: every session stops by itself after `seconds`; this is the backstop.
    _, pending = await asyncio.wait(tasks, timeout=seconds + ramp_s + RUN_TIMEOUT_S + 15)
    for task in pending:
        task.cancel()
        results.append(Interaction(-1, "move", None, None, "session cancelled at the deadline"))
    if pending:
        await asyncio.wait(pending, timeout=5)
    return results


async def warm_up(port: int) -> None:
    """One baseline run before the clock starts: a server in service is warm."""
    async with Session(port, "v=1", run_timeout=60) as session:
        await session.open()


def percentile(values: Sequence[float], pct: float) -> float:
    """Nearest-rank percentile (``pct`` in 0..100); NaN when empty."""
    ordered = sorted(values)
    if not ordered:
        return float("nan")
    rank = max(1, math.ceil(pct / 100 * len(ordered)))
    return ordered[min(rank, len(ordered)) - 1]


def latency_row(name: str, values: Sequence[float]) -> str:
    if not values:
        return f"{name:<26} {0:>6}"
    return (
        f"{name:<26} {len(values):>6} {statistics.median(values):>8.0f} "
        f"{percentile(values, 95):>8.0f} {max(values):>8.0f}"
    )


@dataclass
class ServerStats:
    """What the server used while the sessions ran."""

    start_rss: int
    peak_rss: int
    end_rss: int
    cpu_s: float
    wall_s: float
    children: dict[str, int]  # child processes seen, by executable
    others_cpu_s: float  # every other process on the machine (noise: other jobs)


@dataclass
class LoadReport:
    label: str
    sessions: int
    seconds: float
    think_ms: float
    results: list[Interaction]
    server: ServerStats
    client_cpu_s: float

    def latencies(self, kind: str, metric: str) -> list[float]:
        return [
            getattr(r, metric)
            for r in self.results
            if r.kind == kind and r.error is None and getattr(r, metric) is not None
        ]

    @property
    def errors(self) -> list[Interaction]:
        return [r for r in self.results if r.error is not None]

    def count(self, kind: str) -> int:
        return sum(r.kind == kind for r in self.results)

    def p95(self) -> float:
        return percentile(self.latencies("move", "metrics_ms"), 95)

    def met(self, p95_target_ms: float) -> bool:
        moves = self.latencies("move", "metrics_ms")
        return not self.errors and bool(moves) and self.p95() < p95_target_ms

    def figures(self) -> dict[str, object]:
        """The headline figures, for JSON and for comparing runs."""
        moves = self.latencies("move", "metrics_ms")
        runs = max(1, len(self.results))
        return {
            "label": self.label,
            "sessions": self.sessions,
            "seconds": self.seconds,
            "think_ms": self.think_ms,
            "opens": self.count("open"),
            "moves": self.count("move"),
            "moves_per_s": self.count("move") / self.seconds,
            "errors": len(self.errors),
            "move_metrics_median_ms": statistics.median(moves) if moves else None,
            "move_metrics_p95_ms": self.p95() if moves else None,
            "move_finished_p95_ms": percentile(self.latencies("move", "finished_ms"), 95),
            "open_metrics_p95_ms": percentile(self.latencies("open", "metrics_ms"), 95),
            "server_peak_rss_mb": self.server.peak_rss / 2**20,
            "server_end_rss_mb": self.server.end_rss / 2**20,
            "server_cpu_ms_per_run": 1000 * self.server.cpu_s / runs,
            "server_cores_busy": self.server.cpu_s / self.server.wall_s,
            "server_child_processes": self.server.children,
            "other_processes_cores_busy": self.server.others_cpu_s / self.server.wall_s,
        }

    def print(self) -> None:
        s = self.server
        print(f"\n== load: {self.label}")
        print(
            f"sessions {self.sessions}, {self.seconds:.0f} s, think {self.think_ms:.0f} ms: "
            f"{self.count('open')} opens, {self.count('move')} slider moves "
            f"({self.count('move') / self.seconds:.1f}/s), errors {len(self.errors)}"
        )
        for sample in sorted({r.error or "" for r in self.errors})[:5]:
            print(f"  error: {sample}")
        print(f"{'latency (ms)':<26} {'n':>6} {'median':>8} {'p95':>8} {'max':>8}")
        print(latency_row("open -> all metrics", self.latencies("open", "metrics_ms")))
        print(latency_row("open -> script_finished", self.latencies("open", "finished_ms")))
        print(latency_row("move -> all metrics", self.latencies("move", "metrics_ms")))
        print(latency_row("move -> script_finished", self.latencies("move", "finished_ms")))
        moved = [r.bytes for r in self.results if r.kind == "move"]
        print(
            f"server RSS: start {s.start_rss / 2**20:.0f} MB, peak {s.peak_rss / 2**20:.0f} MB, "
            f"end {s.end_rss / 2**20:.0f} MB; server CPU {s.cpu_s:.1f} s = "
            f"{1000 * s.cpu_s / max(1, len(self.results)):.0f} ms per run, "
            f"{s.cpu_s / s.wall_s:.2f} cores busy"
        )
        print(
            f"client CPU {self.client_cpu_s:.1f} s; other processes on the machine "
            f"{s.others_cpu_s / s.wall_s:.2f} cores busy (of {os.cpu_count()}); "
            f"{sum(moved) / max(1, len(moved)) / 1024:.0f} kB received per move"
        )
        if s.children:
            spawned = ", ".join(f"{n} x {exe}" for exe, n in sorted(s.children.items()))
            print(f"child processes seen in the 100 ms samples (a lower bound): {spawned}")


def run_against_server(
    server: StreamlitServer,
    links: Sequence[str],
    seconds: float,
    think_ms: float,
    ramp_s: float,
    params: dict[str, Param],
    seed: int,
    label: str,
) -> LoadReport:
    """Warm the server up, then run one session per link and measure."""
    if server.pid is None:
        raise RuntimeError("server not started")
    asyncio.run(warm_up(server.port))
    start_rss = rss_bytes(server.pid)
    cpu0, client0, wall0 = cpu_seconds(server.pid), time.process_time(), time.perf_counter()
    machine0 = machine_busy_seconds()
    with RssSampler(server.pid) as sampler:
        results = asyncio.run(
            run_load(server.port, links, seconds, think_ms / 1000, ramp_s, params, seed)
        )
    cpu_s, client_cpu_s = cpu_seconds(server.pid) - cpu0, time.process_time() - client0
    stats = ServerStats(
        start_rss=start_rss,
        peak_rss=max(sampler.peak, rss_bytes(server.pid)),
        end_rss=rss_bytes(server.pid),
        cpu_s=cpu_s,
        wall_s=time.perf_counter() - wall0,
        children=sampler.child_programs(),
        others_cpu_s=max(0.0, machine_busy_seconds() - machine0 - cpu_s - client_cpu_s),
    )
    return LoadReport(
        label=label,
        sessions=len(links),
        seconds=seconds,
        think_ms=think_ms,
        results=results,
        server=stats,
        client_cpu_s=client_cpu_s,
    )


def env_pairs(pairs: Iterable[str]) -> dict[str, str]:
    env = {}
    for pair in pairs:
        key, sep, value = pair.partition("=")
        if not sep or not key:
            raise ValueError(f"--server-env wants KEY=VALUE, got {pair!r}")
        env[key] = value
    return env


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sessions", type=int, default=25)
    parser.add_argument("--seconds", type=float, default=30.0)
    parser.add_argument("--think-ms", type=float, default=300.0)
    parser.add_argument(
        "--ramp-s", type=float, default=0.0, help="spread session starts over this time"
    )
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument(
        "--bands-share", type=float, default=0.0, help="fraction of links with bands=1"
    )
    parser.add_argument(
        "--server-arg",
        action="append",
        default=[],
        help="extra `streamlit run` option, e.g. --server-arg=--runner.postScriptGC=true",
    )
    parser.add_argument(
        "--server-env", action="append", default=[], help="KEY=VALUE for the server process"
    )
    parser.add_argument("--label", default="", help="a name for this run in the report")
    parser.add_argument("--json", type=Path, help="also write the figures to this file")
    parser.add_argument("--p95-target-ms", type=float, default=2000.0)
    args = parser.parse_args(argv)
    if not 1 <= args.sessions <= 200 or not 0 < args.seconds <= 600:
        parser.error("--sessions must be 1..200 and --seconds 0..600")
    if args.think_ms < 0 or args.ramp_s < 0:
        parser.error("--think-ms and --ramp-s must not be negative")

    params = load_params()
    links = share_links(args.sessions, params, seed=args.seed, bands_share=args.bands_share)
    try:
        env = env_pairs(args.server_env)
    except ValueError as exc:
        parser.error(str(exc))
    label = args.label or " ".join([*args.server_arg, *args.server_env]) or "repository config"
    with StreamlitServer(APP, env=env, extra_args=args.server_arg) as server:
        report = run_against_server(
            server, links, args.seconds, args.think_ms, args.ramp_s, params, args.seed, label
        )
    report.print()
    if args.json:
        args.json.write_text(json.dumps(report.figures(), indent=1))
    ok = report.met(args.p95_target_ms)
    print(
        f"target: {args.sessions} sessions, no errors, p95 move -> metrics < "
        f"{args.p95_target_ms:.0f} ms: {'met' if ok else 'MISSED'}"
    )
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
