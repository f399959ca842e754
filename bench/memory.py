"""Memory under many distinct scenarios: does the server's RSS stop growing?

Starts one ``streamlit run`` server on localhost and drives DISTINCT scenarios through
it over the websocket protocol (the client of bench/load.py): a few sessions at a
time, each opening a different share link and then moving sliders, until the target
number of distinct scenarios has run. The app's engine cache holds 256 projections, so
after a few hundred scenarios memory should level off.

    .venv/bin/python bench/memory.py [--scenarios 1000] [--parallel 4] [--per-session 25]

A scenario is counted when a run finishes without error and the URL the app writes back
holds a parameter set not seen before. After every ``--every`` scenarios the server's
RSS (the process, plus any child program) is sampled; the table ends with the verdict:
flat when the highest RSS seen in the last ``--window`` scenarios is less than
``--max-growth`` (5%) above the highest seen before them (see :func:`growth`).

``--bands-share`` turns the uncertainty bands on in a fraction of the links: the page then
runs and caches a Monte Carlo fan (about 35 MB) for every scenario, the case that decides
how big the engine cache can get.

Sessions that disconnect stay on the server for ``server.disconnectedSessionTTL``
(120 s by default) and count towards the memory seen here; the table shows how many
sessions were opened. Connects to 127.0.0.1 only; bounded by count and by time.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import random
import sys
import time
from dataclasses import asdict, dataclass
from pathlib import Path
from urllib.parse import parse_qsl

REPO_ROOT = Path(__file__).resolve().parent.parent
if str(REPO_ROOT) not in sys.path:
    sys.path.insert(0, str(REPO_ROOT))

from bench.load import (  # noqa: E402
    APP,
    RssSampler,
    Session,
    cpu_seconds,
    env_pairs,
    load_params,
    rss_bytes,
    share_links,
    warm_up,
)
from simulator.data import Param  # noqa: E402
from support.browser_harness import StreamlitServer  # noqa: E402

SCENARIO_KEYS_IGNORED = {"v", "data"}  # model version and data vintage, not the scenario


@dataclass
class Sample:
    scenarios: int
    runs: int
    sessions: int
    seconds: float
    rss_mb: float
    peak_rss_mb: float  # highest 100 ms sample since the previous row


@dataclass
class Progress:
    """Shared by the session workers (one asyncio loop: no locks needed)."""

    target: int
    every: int
    pid: int
    sampler: RssSampler
    started: float
    seen: set[tuple[tuple[str, str], ...]]
    samples: list[Sample]
    runs: int = 0
    sessions: int = 0
    errors: int = 0
    last_error: str = ""
    _peak_from: int = 0  # index into sampler.samples where the current row began

    @property
    def done(self) -> bool:
        return len(self.seen) >= self.target

    def count(self, query: str) -> None:
        key = tuple(sorted((k, v) for k, v in parse_qsl(query) if k not in SCENARIO_KEYS_IGNORED))
        if key in self.seen or self.done:
            return
        self.seen.add(key)
        if len(self.seen) % self.every == 0:
            self.sample()

    def sample(self) -> None:
        rss = rss_bytes(self.pid)
        window = self.sampler.samples[self._peak_from :]
        self._peak_from = len(self.sampler.samples)
        peak = max([rss, *(b for _, b in window)])
        self.samples.append(
            Sample(
                scenarios=len(self.seen),
                runs=self.runs,
                sessions=self.sessions,
                seconds=time.perf_counter() - self.started,
                rss_mb=rss / 2**20,
                peak_rss_mb=peak / 2**20,
            )
        )


async def session_worker(
    worker: int,
    port: int,
    links: list[str],
    per_session: int,
    params: dict[str, Param],
    progress: Progress,
    deadline: float,
) -> None:
    """Open links one after another (each in a new session), moving sliders in each."""
    rng = random.Random(worker)
    for _ in range(len(links)):  # bounded: at most one session per link
        if progress.done or time.perf_counter() > deadline or not links:
            return
        query = links.pop()
        progress.sessions += 1
        try:
            async with Session(port, query) as session:
                run = await session.open()
                progress.runs += 1
                if run.errors:
                    raise RuntimeError("; ".join(run.errors))
                progress.count(session.query)
                for _ in range(per_session - 1):
                    if progress.done or time.perf_counter() > deadline:
                        return
                    run = await session.move(rng, params)
                    progress.runs += 1
                    if run.errors:
                        raise RuntimeError("; ".join(run.errors))
                    progress.count(session.query)
        except Exception as exc:  # timeouts, OSError, ConnectionClosed, a failed run
            progress.errors += 1
            progress.last_error = f"{type(exc).__name__}: {exc}"


async def drive(
    port: int,
    links: list[str],
    parallel: int,
    per_session: int,
    params: dict[str, Param],
    progress: Progress,
    max_seconds: float,
) -> None:
    deadline = time.perf_counter() + max_seconds
    workers = [
        asyncio.create_task(session_worker(i, port, links, per_session, params, progress, deadline))
        for i in range(parallel)
    ]
    _, pending = await asyncio.wait(workers, timeout=max_seconds + 60)
    for task in pending:
        task.cancel()
    if pending:
        await asyncio.wait(pending, timeout=5)


@dataclass
class Growth:
    """RSS growth over the last ``window`` scenarios, as fractions."""

    point: float  # RSS at the last row against RSS at the row ``window`` scenarios earlier
    high_water: float  # highest RSS in the window against the highest RSS before it


def growth(samples: list[Sample], window: int) -> Growth | None:
    """None when the samples do not reach back ``window`` scenarios.

    The verdict uses the high-water mark: a large allocation freed and made again (a
    Monte Carlo fan) makes single readings jump up and down by 100 MB or more, while
    a leak keeps raising the highest reading.
    """
    if not samples:
        return None
    last = samples[-1]
    before = [s for s in samples if s.scenarios <= last.scenarios - window]
    inside = [s for s in samples if s.scenarios > last.scenarios - window]
    if not before or not inside:
        return None
    old_peak = max(max(s.rss_mb, s.peak_rss_mb) for s in before)
    new_peak = max(max(s.rss_mb, s.peak_rss_mb) for s in inside)
    return Growth(
        point=(last.rss_mb - before[-1].rss_mb) / before[-1].rss_mb,
        high_water=(new_peak - old_peak) / old_peak,
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scenarios", type=int, default=1000)
    parser.add_argument("--parallel", type=int, default=4, help="sessions at a time")
    parser.add_argument("--per-session", type=int, default=25, help="scenarios per session")
    parser.add_argument("--every", type=int, default=100, help="sample RSS every N scenarios")
    parser.add_argument("--window", type=int, default=300)
    parser.add_argument("--max-growth", type=float, default=0.05)
    parser.add_argument("--max-seconds", type=float, default=600.0)
    parser.add_argument("--seed", type=int, default=2)
    parser.add_argument(
        "--bands-share",
        type=float,
        default=0.0,
        help="fraction of links with the uncertainty bands on (a Monte Carlo fan each)",
    )
    parser.add_argument("--server-arg", action="append", default=[])
    parser.add_argument("--server-env", action="append", default=[], help="KEY=VALUE")
    parser.add_argument("--label", default="")
    parser.add_argument("--json", type=Path)
    args = parser.parse_args(argv)
    if not 1 <= args.scenarios <= 100_000 or not 1 <= args.parallel <= 50:
        parser.error("--scenarios must be 1..100000 and --parallel 1..50")
    if args.per_session < 1 or args.every < 1 or not 0 < args.max_seconds <= 3600:
        parser.error("--per-session and --every must be >= 1, --max-seconds 0..3600")

    params = load_params()
    # Enough links for the target even if every session ends early; popped from the end.
    link_count = 2 * -(-args.scenarios // args.per_session) + args.parallel
    links = share_links(link_count, params, seed=args.seed, bands_share=args.bands_share)[::-1]
    try:
        env = env_pairs(args.server_env)
    except ValueError as exc:
        parser.error(str(exc))
    label = args.label or " ".join([*args.server_arg, *args.server_env]) or "repository config"

    with StreamlitServer(APP, env=env, extra_args=args.server_arg) as server:
        assert server.pid is not None
        asyncio.run(warm_up(server.port))
        cpu0 = cpu_seconds(server.pid)
        with RssSampler(server.pid) as sampler:
            progress = Progress(
                target=args.scenarios,
                every=args.every,
                pid=server.pid,
                sampler=sampler,
                started=time.perf_counter(),
                seen=set(),
                samples=[],
            )
            progress.sample()  # row 0: the warm server before any scenario
            asyncio.run(
                drive(
                    server.port,
                    links,
                    args.parallel,
                    args.per_session,
                    params,
                    progress,
                    args.max_seconds,
                )
            )
            if not progress.samples or progress.samples[-1].scenarios != len(progress.seen):
                progress.sample()
        cpu = cpu_seconds(server.pid) - cpu0
        children = sampler.child_programs()

    print(f"\n== memory: {label}")
    print(
        f"{len(progress.seen)} distinct scenarios in {progress.runs} runs, "
        f"{progress.sessions} sessions ({args.parallel} at a time), errors {progress.errors}; "
        f"server CPU {cpu:.1f} s"
    )
    if progress.errors:
        print(f"  last error: {progress.last_error}")
    header = ("scenarios", "runs", "sessions", "seconds", "RSS MB", "peak MB")
    print(" ".join(f"{h:>9}" for h in header))
    for s in progress.samples:
        print(
            f"{s.scenarios:>9} {s.runs:>9} {s.sessions:>9} {s.seconds:>9.1f} "
            f"{s.rss_mb:>9.1f} {s.peak_rss_mb:>9.1f}"
        )
    if children:
        spawned = ", ".join(f"{n} x {exe}" for exe, n in sorted(children.items()))
        print(f"child processes seen in the 100 ms samples (a lower bound): {spawned}")
    grew = growth(progress.samples, args.window)
    reached = len(progress.seen) >= args.scenarios
    flat = reached and grew is not None and grew.high_water < args.max_growth
    flat = flat and not progress.errors
    if grew is None:
        print(f"growth over the last {args.window} scenarios: not enough samples")
    else:
        print(
            f"growth over the last {args.window} scenarios: highest RSS "
            f"{100 * grew.high_water:+.1f}% (limit {100 * args.max_growth:.0f}%), "
            f"last reading {100 * grew.point:+.1f}%: {'growth stopped' if flat else 'NOT FLAT'}"
        )
    if args.json:
        args.json.write_text(
            json.dumps(
                {
                    "label": label,
                    "scenarios": len(progress.seen),
                    "runs": progress.runs,
                    "sessions": progress.sessions,
                    "errors": progress.errors,
                    "growth": asdict(grew) if grew else None,
                    "flat": flat,
                    "samples": [asdict(s) for s in progress.samples],
                },
                indent=1,
            )
        )
    return 0 if flat else 1


if __name__ == "__main__":
    sys.exit(main())
