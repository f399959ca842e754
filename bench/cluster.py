"""Load through the balancer: many readers moving sliders on replicas behind nginx.

Starts a cluster with ``scripts/cluster``'s code (``deploy/cluster.py``: N replicas on
free loopback ports, nginx in front) in a temporary run folder, runs the sessions of
bench/load.py through the balancer's port, then runs the same sessions against ONE
``streamlit run`` server for comparison, and prints both side by side with the memory of
each replica after the run.

    .venv/bin/python bench/cluster.py --sessions 60 --replicas 3 --seconds 30 --think-ms 300

Each session is what bench/load.py sends (Streamlit's protobuf over the websocket): open
a share link, then move a random slider, think, move another. Through the balancer a
session first loads the page (``GET /``), as a browser does, and keeps the routing cookie
it gets for its websocket, so the sessions are spread as readers are (least connections
for a new page, then sticky). Figures, not a test: it prints, and exits 1 only when it
could not run. Loopback only; bounded in time and count; the cluster and the server are
stopped whatever happens.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import statistics
import sys
import tempfile
import threading
import time
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

REPO_ROOT = Path(__file__).resolve().parent.parent
if str(REPO_ROOT) not in sys.path:
    sys.path.insert(0, str(REPO_ROOT))

from websockets.asyncio.client import connect  # noqa: E402
from websockets.typing import Subprotocol  # noqa: E402

import bench.load as load  # noqa: E402
from deploy import cluster  # noqa: E402
from support.browser_harness import StreamlitServer  # noqa: E402

COOKIE = "cg_replica"


class BalancedSession(load.Session):
    """A bench/load.py session that loads the page first and keeps the routing cookie."""

    async def __aenter__(self) -> BalancedSession:
        cookie = await asyncio.to_thread(self._page_cookie)
        self._ws = await connect(
            f"ws://127.0.0.1:{self.port}/_stcore/stream",
            subprotocols=[Subprotocol("streamlit")],
            additional_headers={"Cookie": cookie} if cookie else None,
            max_size=None,
            open_timeout=load.CONNECT_TIMEOUT_S,
            close_timeout=2,
        )
        return self

    def _page_cookie(self) -> str:
        url = f"http://127.0.0.1:{self.port}/?{self.query}"
        with urllib.request.urlopen(url, timeout=load.CONNECT_TIMEOUT_S) as resp:
            resp.read()
            for header in resp.headers.get_all("Set-Cookie") or []:
                if header.startswith(f"{COOKIE}="):
                    return header.split(";", 1)[0]
        return ""


@dataclass
class SessionCounter:
    """Samples /_stcore/metrics of each replica once a second: the most sessions seen."""

    ports: list[int]
    peak: dict[int, int] = field(default_factory=dict)
    _stop: threading.Event = field(default_factory=threading.Event)

    def _sample(self) -> None:
        for _ in range(3600):  # bounded: an hour of samples at most
            for port in self.ports:
                try:
                    url = f"http://127.0.0.1:{port}/_stcore/metrics"
                    with urllib.request.urlopen(url, timeout=2) as resp:
                        text = resp.read().decode()
                    line = next(ln for ln in text.splitlines() if ln.startswith("active_sessions "))
                    count = int(float(line.split()[-1]))
                    self.peak[port] = max(self.peak.get(port, 0), count)
                except (OSError, StopIteration, ValueError):
                    pass
            if self._stop.wait(1.0):
                return

    def __enter__(self) -> SessionCounter:
        self._thread = threading.Thread(target=self._sample, daemon=True)
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join(timeout=5)


def nginx_cpu_seconds(master: int) -> float:
    """CPU time of nginx's master and its running workers (a worker's own, not its children)."""
    return sum(load.cpu_seconds(pid) for pid in load._tree_pids(master))


def run_through_balancer(
    state: cluster.State, links: list[str], args: argparse.Namespace, params: dict
) -> tuple[load.LoadReport, dict[int, dict[str, float]], dict[str, float]]:
    """The load through the balancer; per replica: RSS before/peak/after, CPU, sessions."""
    replicas = state.replicas
    for proc in replicas:  # every replica warm, as in service
        asyncio.run(load.warm_up(proc.port))
    balancer = state.balancer
    assert balancer is not None
    before = {p.port: load.rss_bytes(p.pid) for p in replicas}
    cpu0 = {p.port: load.cpu_seconds(p.pid) for p in replicas}
    nginx_cpu0 = nginx_cpu_seconds(balancer.pid)
    wall0, client0 = time.perf_counter(), time.process_time()
    machine0 = load.machine_busy_seconds()
    samplers = [load.RssSampler(p.pid) for p in replicas]
    original = load.Session
    load.Session = BalancedSession  # reader() builds its sessions from this name
    try:
        with SessionCounter([p.port for p in replicas]) as counter:
            for sampler in samplers:
                sampler.__enter__()
            try:
                results = asyncio.run(
                    load.run_load(
                        balancer.port,
                        links,
                        args.seconds,
                        args.think_ms / 1000,
                        args.ramp_s,
                        params,
                        args.seed,
                    )
                )
            finally:
                for sampler in samplers:
                    sampler.__exit__()
    finally:
        load.Session = original
    wall = time.perf_counter() - wall0
    client_cpu = time.process_time() - client0
    per_replica = {}
    cpu_total = 0.0
    for proc, sampler in zip(replicas, samplers, strict=True):
        cpu = load.cpu_seconds(proc.pid) - cpu0[proc.port]
        cpu_total += cpu
        per_replica[proc.port] = {
            "rss_before_mb": before[proc.port] / 2**20,
            "rss_peak_mb": max(sampler.peak, load.rss_bytes(proc.pid)) / 2**20,
            "rss_after_mb": load.rss_bytes(proc.pid) / 2**20,
            "cpu_s": cpu,
            "peak_sessions": counter.peak.get(proc.port, 0),
        }
    nginx_rss = sum(load._vm_rss(pid) for pid in load._tree_pids(balancer.pid))
    nginx = {
        "cpu_s": nginx_cpu_seconds(balancer.pid) - nginx_cpu0,
        "rss_mb": nginx_rss / 2**20,
    }
    stats = load.ServerStats(
        start_rss=sum(before.values()),
        peak_rss=sum(int(r["rss_peak_mb"] * 2**20) for r in per_replica.values()),
        end_rss=sum(int(r["rss_after_mb"] * 2**20) for r in per_replica.values()),
        cpu_s=cpu_total,
        wall_s=wall,
        children={},
        others_cpu_s=max(0.0, load.machine_busy_seconds() - machine0 - cpu_total - client_cpu),
    )
    report = load.LoadReport(
        label=f"{len(replicas)} replicas behind nginx",
        sessions=len(links),
        seconds=args.seconds,
        think_ms=args.think_ms,
        results=results,
        server=stats,
        client_cpu_s=client_cpu,
    )
    return report, per_replica, nginx


def summary(report: load.LoadReport) -> dict[str, Any]:
    moves = report.latencies("move", "metrics_ms")
    return {
        "label": report.label,
        "moves": report.count("move"),
        "moves_per_s": report.count("move") / report.seconds,
        "errors": len(report.errors),
        "median_ms": statistics.median(moves) if moves else None,
        "p95_ms": load.percentile(moves, 95) if moves else None,
        "open_p95_ms": load.percentile(report.latencies("open", "metrics_ms"), 95),
        "server_cores_busy": report.server.cpu_s / report.server.wall_s,
        "client_cores_busy": report.client_cpu_s / report.server.wall_s,
        "others_cores_busy": report.server.others_cpu_s / report.server.wall_s,
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sessions", type=int, default=60)
    parser.add_argument("--replicas", type=int, default=3)
    parser.add_argument("--seconds", type=float, default=30.0)
    parser.add_argument("--think-ms", type=float, default=300.0)
    parser.add_argument("--ramp-s", type=float, default=5.0, help="spread session starts")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--p95-target-ms", type=float, default=2000.0)
    parser.add_argument(
        "--no-single", action="store_true", help="skip the single-server comparison run"
    )
    parser.add_argument("--json", type=Path, help="also write the figures to this file")
    args = parser.parse_args(argv)
    if not 1 <= args.sessions <= 200 or not 0 < args.seconds <= 600:
        parser.error("--sessions must be 1..200 and --seconds 0..600")
    if not 1 <= args.replicas <= cluster.MAX_REPLICAS:
        parser.error(f"--replicas must be 1..{cluster.MAX_REPLICAS}")

    params = load.load_params()
    links = load.share_links(args.sessions, params, seed=args.seed)
    figures: dict[str, Any] = {"sessions": args.sessions, "think_ms": args.think_ms}

    with tempfile.TemporaryDirectory(prefix="compute-gap-cluster-") as tmp:
        run_dir = Path(tmp)
        try:
            state = cluster.start(run_dir, args.replicas, cluster.free_port())
        except cluster.ClusterError as exc:
            print(f"cluster: {exc}", file=sys.stderr)
            return 1
        try:
            balanced, per_replica, nginx = run_through_balancer(state, links, args, params)
        finally:
            cluster.stop(run_dir)
    balanced.print()
    figures["cluster"] = summary(balanced)
    figures["replicas"] = per_replica
    figures["nginx"] = nginx
    header = f"{'replica':<10} {'sessions':>8} {'CPU s':>7} {'RSS before':>11} {'peak':>7}"
    print(f"\n{header} {'after':>7}")
    for port, r in per_replica.items():
        print(
            f"{port:<10} {r['peak_sessions']:>8} {r['cpu_s']:>7.1f} {r['rss_before_mb']:>9.0f} MB"
            f" {r['rss_peak_mb']:>4.0f} MB {r['rss_after_mb']:>4.0f} MB"
        )
    print(f"nginx (master and workers): CPU {nginx['cpu_s']:.1f} s, RSS {nginx['rss_mb']:.0f} MB")

    if not args.no_single:
        with StreamlitServer(load.APP) as server:
            single = load.run_against_server(
                server,
                links,
                args.seconds,
                args.think_ms,
                args.ramp_s,
                params,
                args.seed,
                "one server (bench/load.py)",
            )
        single.print()
        figures["single"] = summary(single)

    print(f"\n== {args.sessions} sessions, think {args.think_ms:.0f} ms, {args.seconds:.0f} s")
    print(
        f"{'':<30} {'median ms':>10} {'p95 ms':>8} {'errors':>7} {'moves/s':>8} "
        f"{'app cores':>9} {'others':>6}"
    )
    for key in ("cluster", "single"):
        if key in figures:
            f = figures[key]
            print(
                f"{f['label']:<30} {f['median_ms'] or float('nan'):>10.0f} "
                f"{f['p95_ms'] or float('nan'):>8.0f} {f['errors']:>7} {f['moves_per_s']:>8.1f} "
                f"{f['server_cores_busy']:>9.2f} {f['others_cores_busy']:>6.2f}"
            )
    print("(cores: the app's processes, and every other process on the machine besides the")
    print(" load client and nginx: other jobs compete for the same 2 cores)")
    met = balanced.met(args.p95_target_ms)
    print(
        f"target through the balancer: no errors, p95 move -> metrics < "
        f"{args.p95_target_ms:.0f} ms: {'met' if met else 'MISSED'}"
    )
    if args.json:
        args.json.write_text(json.dumps(figures, indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main())
