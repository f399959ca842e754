"""Run the app as several replicas behind nginx on this machine.

    scripts/cluster start --replicas 3 --port 8500   # replicas on free ports, nginx on 8500
    scripts/cluster status                           # one line per replica, then nginx
    scripts/cluster restart                          # rolling: one replica at a time
    scripts/cluster stop                             # exactly what start started
    scripts/cluster config --replica HOST:PORT ... --listen 80   # for a host's own nginx

Everything a cluster needs lives in its run folder (``.run/cluster`` in the repository,
or ``--run-dir`` / ``COMPUTE_GAP_CLUSTER_DIR``): ``cluster.json`` (what was started: port,
PID and the kernel's start time of each process, so that a PID the system has since given
to another program is never signalled), the nginx configuration, nginx's pid file, logs,
temporary files and cache, and one log per replica. Every process runs in its own process
group and carries ``COMPUTE_GAP_CLUSTER_RUN=<run folder>`` in its environment, so that
what a cluster started can be found and checked.

Only the standard library: it runs with the project's virtualenv or with any Python 3.11.
Replicas run ``<repo>/.venv/bin/python -m streamlit run streamlit_app.py`` when that
virtualenv exists, else the Python running this file. nginx is ``COMPUTE_GAP_NGINX``, else
``nginx`` on the PATH, else ``/usr/sbin/nginx`` (Debian's package).
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import pwd
import re
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterable, Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parent.parent
TEMPLATE = Path(__file__).resolve().parent / "nginx.conf.template"
ENTRYPOINT = "streamlit_app.py"
DEFAULT_RUN_DIR = REPO_ROOT / ".run" / "cluster"
RUN_DIR_ENV = "COMPUTE_GAP_CLUSTER_DIR"
NGINX_ENV = "COMPUTE_GAP_NGINX"
MARKER_ENV = "COMPUTE_GAP_CLUSTER_RUN"  # in the environment of every process started
STATE_FILE = "cluster.json"
HOST = "127.0.0.1"
MAX_REPLICAS = 16
STARTUP_TIMEOUT_S = 60.0
STOP_TIMEOUT_S = 10.0
# How long the balancer leaves out a replica that failed a request (nginx fail_timeout).
# A rolling restart waits as long after each replica is back, before stopping the next.
FAIL_TIMEOUT_S = 3
ROUTE_PREFIX = "r"  # cookie values: r1, r2, ... (replica 1, 2, ...)


class ClusterError(Exception):
    """A problem to report in one line; the command exits with status 1."""


# ------------------------------------------------------------------------ processes


@dataclass
class Proc:
    """A process a cluster started: its port, PID and kernel start time (clock ticks)."""

    role: str  # "replica" or "balancer"
    port: int
    pid: int
    start_ticks: int

    def alive(self) -> bool:
        """True while this very process runs (not a zombie, not a reused PID)."""
        stat = _proc_stat(self.pid)
        return stat is not None and stat[0] != "Z" and stat[1] == self.start_ticks


@dataclass
class State:
    run_dir: str
    balancer_port: int
    replicas: list[Proc] = field(default_factory=list)
    balancer: Proc | None = None

    def processes(self) -> list[Proc]:
        return [*([self.balancer] if self.balancer else []), *self.replicas]

    def save(self) -> None:
        path = Path(self.run_dir) / STATE_FILE
        tmp = path.with_suffix(".tmp")
        tmp.write_text(json.dumps(asdict(self), indent=1) + "\n", encoding="utf-8")
        tmp.replace(path)

    @classmethod
    def load(cls, run_dir: Path) -> State | None:
        path = run_dir / STATE_FILE
        try:
            raw = json.loads(path.read_text(encoding="utf-8"))
            return cls(
                run_dir=raw["run_dir"],
                balancer_port=int(raw["balancer_port"]),
                replicas=[Proc(**p) for p in raw["replicas"]],
                balancer=Proc(**raw["balancer"]) if raw.get("balancer") else None,
            )
        except FileNotFoundError:
            return None
        except (OSError, ValueError, KeyError, TypeError) as exc:
            raise ClusterError(f"cannot read {path}: {exc}") from exc


def _proc_stat(pid: int) -> tuple[str, int] | None:
    """(state letter, start time in clock ticks) of a process, None when there is none."""
    try:
        with open(f"/proc/{pid}/stat", encoding="ascii", errors="replace") as fh:
            fields = fh.read().rsplit(")", 1)[1].split()
        return fields[0], int(fields[19])
    except (OSError, IndexError, ValueError):
        return None


def start_ticks(pid: int) -> int:
    stat = _proc_stat(pid)
    if stat is None:
        raise ClusterError(f"process {pid} vanished just after it started")
    return stat[1]


def marked_processes(run_dir: Path) -> list[int]:
    """PIDs of live processes whose environment names this run folder (what it started)."""
    needle = f"{MARKER_ENV}={run_dir}".encode()
    found = []
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/environ", "rb") as fh:
                environ = fh.read().split(b"\0")
        except OSError:
            continue
        stat = _proc_stat(int(entry))
        if needle in environ and stat is not None and stat[0] != "Z":
            found.append(int(entry))
    return sorted(found)


def _signal_group(proc: Proc, sig: signal.Signals) -> None:
    """Signal the process group ``proc`` leads (itself and what it started)."""
    if not proc.alive():
        return
    try:
        if os.getpgid(proc.pid) == proc.pid:
            os.killpg(proc.pid, sig)
        else:  # not a group leader after all: signal the process alone
            os.kill(proc.pid, sig)
    except ProcessLookupError:
        pass


def _group_members(pgid: int) -> list[int]:
    members = []
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                if os.getpgid(int(entry)) == pgid:
                    members.append(int(entry))
            except (ProcessLookupError, PermissionError):
                pass
    return members


def stop_process(proc: Proc, timeout: float = STOP_TIMEOUT_S) -> None:
    """SIGTERM the group ``proc`` leads, wait, then SIGKILL whatever of it is left."""
    if not proc.alive():
        return
    _signal_group(proc, signal.SIGTERM)
    deadline = time.monotonic() + timeout
    while proc.alive() and time.monotonic() < deadline:
        time.sleep(0.05)
    if proc.alive():
        _signal_group(proc, signal.SIGKILL)
    # Workers or children that outlived their leader still carry its group id.
    for pid in _group_members(proc.pid):
        stat = _proc_stat(pid)
        if pid != os.getpid() and stat is not None and stat[0] != "Z":
            with contextlib.suppress(ProcessLookupError):
                os.kill(pid, signal.SIGKILL)
    deadline = time.monotonic() + 5
    while proc.alive() and time.monotonic() < deadline:
        time.sleep(0.05)
    _wait_port_free(proc.port, 5)


# ----------------------------------------------------------------------------- ports


def free_port() -> int:
    """A TCP port on 127.0.0.1 that was free a moment ago."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind((HOST, 0))
        return sock.getsockname()[1]


def port_in_use(port: int) -> bool:
    """True when something listens on 127.0.0.1:port (bound as nginx binds it)."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            sock.bind((HOST, port))
        except OSError:
            return True
    return False


def _port_open(port: int) -> bool:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.settimeout(0.2)
        return sock.connect_ex((HOST, port)) == 0


def _wait_port_free(port: int, timeout: float) -> None:
    deadline = time.monotonic() + timeout
    while _port_open(port) and time.monotonic() < deadline:
        time.sleep(0.05)


def healthy(port: int, timeout: float = 1.0) -> bool:
    """True when ``GET /_stcore/health`` on 127.0.0.1:port answers ``ok``."""
    try:
        url = f"http://{HOST}:{port}/_stcore/health"
        with urllib.request.urlopen(url, timeout=timeout) as resp:
            return resp.status == 200 and resp.read().decode().strip() == "ok"
    except (urllib.error.URLError, ConnectionError, TimeoutError, OSError, ValueError):
        return False


# -------------------------------------------------------------------------- commands


def app_python() -> str:
    venv = REPO_ROOT / ".venv" / "bin" / "python"
    return str(venv) if venv.exists() else sys.executable


def replica_command(port: int) -> list[str]:
    return [
        app_python(),
        "-m",
        "streamlit",
        "run",
        ENTRYPOINT,
        "--server.port",
        str(port),
        "--server.address",
        HOST,
        "--server.headless",
        "true",
        "--browser.gatherUsageStats",
        "false",
        "--server.fileWatcherType",
        "none",
    ]


def find_nginx() -> str:
    explicit = os.environ.get(NGINX_ENV)
    candidates = [explicit] if explicit else [shutil.which("nginx"), "/usr/sbin/nginx"]
    for path in candidates:
        if path and os.path.isfile(path) and os.access(path, os.X_OK):
            return path
    looked = explicit or "nginx on the PATH and /usr/sbin/nginx"
    raise ClusterError(
        f"nginx not found ({looked}); install Debian's package: apt-get install -y nginx"
    )


def nginx_command(nginx: str, run_dir: Path) -> list[str]:
    # -e: nginx opens its error log before reading the configuration.
    return [
        nginx,
        "-p",
        f"{run_dir}/",
        "-c",
        str(run_dir / "nginx.conf"),
        "-e",
        str(run_dir / "logs" / "error.log"),
    ]


# ------------------------------------------------------------------------ nginx config


def _escape_regex(address: str) -> str:
    return re.escape(address).replace("\\:", ":")


def render_site(replicas: Sequence[str], listen: str, cache_dir: str, access_log: str) -> str:
    """The http{} part of the configuration for ``replicas`` (``host:port`` each)."""
    if not replicas:
        raise ClusterError("at least one replica is needed")
    routes = [f"    {ROUTE_PREFIX}{i} cg_{ROUTE_PREFIX}{i};" for i in range(1, len(replicas) + 1)]
    served = [
        f'    "~(^| ){_escape_regex(addr)}$" {ROUTE_PREFIX}{i};'
        for i, addr in enumerate(replicas, 1)
    ]
    # New readers: a replica that failed is left out for FAIL_TIMEOUT_S. A page's own
    # replica is always tried first (max_fails=0: no stale "failed" mark can send a page
    # away from the replica that holds its session); when it is down the request goes to
    # a backup, and the answer moves the page's cookie there, so it is tried only once.
    checks = f"max_fails=1 fail_timeout={FAIL_TIMEOUT_S}s"
    blocks = [
        "upstream cg_any {\n"
        "    zone cg_any 64k;\n"
        "    least_conn;\n"
        + "".join(f"    server {addr} {checks};\n" for addr in replicas)
        + "    keepalive 16;\n}"
    ]
    for i, addr in enumerate(replicas, 1):
        backups = "".join(
            f"    server {other} max_fails=0 backup;\n" for other in replicas if other != addr
        )
        blocks.append(
            f"upstream cg_{ROUTE_PREFIX}{i} {{\n"
            f"    zone cg_{ROUTE_PREFIX}{i} 64k;\n"
            f"    server {addr} max_fails=0;\n{backups}"
            "    keepalive 8;\n}"
        )
    text = TEMPLATE.read_text(encoding="utf-8")
    filled = {
        "@@LISTEN@@": listen,
        "@@CACHE_DIR@@": cache_dir,
        "@@ACCESS_LOG@@": access_log,
        "@@ROUTES@@": "\n".join(routes),
        "@@SERVED@@": "\n".join(served),
        "@@UPSTREAMS@@": "\n\n".join(blocks),
    }
    for key, value in filled.items():
        text = text.replace(key, value)
    return text


def render_main(run_dir: Path, replica_ports: Iterable[int], port: int) -> str:
    """The run folder's whole configuration: nginx in the foreground, all paths inside."""
    site = render_site(
        [f"{HOST}:{p}" for p in replica_ports],
        listen=f"{HOST}:{port}",
        cache_dir=str(run_dir / "cache"),
        access_log=str(run_dir / "logs" / "access.log"),
    )
    user = ""
    if os.geteuid() == 0:  # as root, nginx would run its workers as an unprivileged user
        user = f"user {pwd.getpwuid(0).pw_name};  # workers write the run folder\n"
    temp = run_dir / "temp"
    return (
        "# Written by scripts/cluster from deploy/nginx.conf.template; do not edit.\n"
        "daemon off;\n"
        f"{user}"
        "worker_processes auto;\n"
        f"pid {run_dir / 'nginx.pid'};\n"
        f"error_log {run_dir / 'logs' / 'error.log'} warn;\n"
        "events {\n    worker_connections 4096;\n}\n"
        "http {\n"
        f"    client_body_temp_path {temp / 'client_body'};\n"
        f"    proxy_temp_path {temp / 'proxy'};\n"
        f"    fastcgi_temp_path {temp / 'fastcgi'};\n"
        f"    uwsgi_temp_path {temp / 'uwsgi'};\n"
        f"    scgi_temp_path {temp / 'scgi'};\n"
        "    server_tokens off;\n\n"
        + "\n".join(f"    {line}" if line else "" for line in site.splitlines())
        + "\n}\n"
    )


# --------------------------------------------------------------------------- cluster


def _spawn(cmd: list[str], log: Path, run_dir: Path, env: dict[str, str]) -> subprocess.Popen:
    with log.open("ab") as out:
        return subprocess.Popen(
            cmd,
            cwd=REPO_ROOT,
            env={**os.environ, **env, MARKER_ENV: str(run_dir)},
            stdin=subprocess.DEVNULL,
            stdout=out,
            stderr=subprocess.STDOUT,
            start_new_session=True,  # own process group; survives this command's exit
        )


def _last_line(path: Path) -> str:
    try:
        lines = [ln.strip() for ln in path.read_text(errors="replace").splitlines() if ln.strip()]
    except OSError:
        return ""
    return lines[-1][:300] if lines else ""


def _replica_env(run_dir: Path) -> dict[str, str]:
    """Shared by all replicas: one cookie secret, so that signed cookies hold anywhere."""
    secret_file = run_dir / "cookie_secret"
    if not secret_file.exists():
        fd = os.open(secret_file, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "w") as out:
            out.write(secrets.token_hex(32))
    return {"PYTHONUNBUFFERED": "1", "STREAMLIT_SERVER_COOKIE_SECRET": secret_file.read_text()}


def start_replica(run_dir: Path, port: int) -> tuple[Proc, subprocess.Popen]:
    log = run_dir / "logs" / f"replica-{port}.log"
    popen = _spawn(replica_command(port), log, run_dir, _replica_env(run_dir))
    return Proc("replica", port, popen.pid, start_ticks(popen.pid)), popen


def wait_healthy(procs: Sequence[tuple[Proc, subprocess.Popen]], run_dir: Path) -> None:
    """Wait until every replica answers its health check; fail on the first that exits."""
    deadline = time.monotonic() + STARTUP_TIMEOUT_S
    waiting = list(procs)
    while waiting:
        for proc, popen in list(waiting):
            if popen.poll() is not None:
                last = _last_line(run_dir / "logs" / f"replica-{proc.port}.log")
                raise ClusterError(
                    f"replica on port {proc.port} exited with status {popen.returncode}"
                    + (f": {last}" if last else "")
                )
            if healthy(proc.port):
                waiting.remove((proc, popen))
        if waiting and time.monotonic() > deadline:
            ports = ", ".join(str(p.port) for p, _ in waiting)
            raise ClusterError(f"replica(s) on port {ports} not healthy after {STARTUP_TIMEOUT_S}s")
        if waiting:
            time.sleep(0.1)


def _running_state(run_dir: Path) -> State | None:
    state = State.load(run_dir)
    if state is not None and any(p.alive() for p in state.processes()):
        return state
    return None


def _check_start(run_dir: Path, replicas: int, port: int) -> str:
    """Refuse a start that cannot work; return the nginx binary to run."""
    if not 1 <= replicas <= MAX_REPLICAS:
        raise ClusterError(f"--replicas must be 1 to {MAX_REPLICAS}, not {replicas}")
    if not 1 <= port <= 65535:
        raise ClusterError(f"--port must be 1 to 65535, not {port}")
    running = _running_state(run_dir)
    if running is not None:
        raise ClusterError(
            f"a cluster is already running from {run_dir} (balancer on "
            f"{HOST}:{running.balancer_port}); stop it first: scripts/cluster stop"
        )
    nginx = find_nginx()
    if port_in_use(port):
        raise ClusterError(f"port {port} on {HOST} is already in use; choose another with --port")
    return nginx


def _start_replicas(state: State, replicas: int, port: int, popens: list) -> None:
    run_dir = Path(state.run_dir)
    started = []
    for _ in range(replicas):
        replica_port = free_port()
        while replica_port == port:
            replica_port = free_port()
        proc, popen = start_replica(run_dir, replica_port)
        popens.append(popen)
        state.replicas.append(proc)
        state.save()  # at once: `stop` can clean up even if this command dies
        started.append((proc, popen))
    wait_healthy(started, run_dir)


def _start_balancer(state: State, nginx: str, port: int, popens: list) -> None:
    run_dir = Path(state.run_dir)
    conf = run_dir / "nginx.conf"
    conf.write_text(render_main(run_dir, [p.port for p in state.replicas], port))
    popen = _spawn(nginx_command(nginx, run_dir), run_dir / "logs" / "nginx.out", run_dir, {})
    popens.append(popen)
    state.balancer = Proc("balancer", port, popen.pid, start_ticks(popen.pid))
    state.save()
    deadline = time.monotonic() + 15
    while not healthy(port):
        if popen.poll() is not None:
            last = _last_line(run_dir / "logs" / "error.log") or _last_line(
                run_dir / "logs" / "nginx.out"
            )
            raise ClusterError(f"nginx exited with status {popen.returncode}: {last}")
        if time.monotonic() > deadline:
            raise ClusterError(f"the balancer on {HOST}:{port} did not answer its health check")
        time.sleep(0.05)


def start(run_dir: Path, replicas: int, port: int) -> State:
    nginx = _check_start(run_dir, replicas, port)
    for sub in ("logs", "cache", "temp"):
        (run_dir / sub).mkdir(parents=True, exist_ok=True)
    (run_dir / STATE_FILE).unlink(missing_ok=True)
    state = State(run_dir=str(run_dir), balancer_port=port)
    popens: list[subprocess.Popen] = []
    try:
        _start_replicas(state, replicas, port, popens)
        _start_balancer(state, nginx, port, popens)
        return state
    except BaseException:
        for proc in state.processes():
            stop_process(proc)
        for popen in popens:  # reap our own children
            with contextlib.suppress(subprocess.TimeoutExpired):
                popen.wait(timeout=5)
        (run_dir / STATE_FILE).unlink(missing_ok=True)
        raise


def status_lines(state: State) -> tuple[list[str], bool]:
    lines, ok = [], True
    for proc in [*state.replicas, *([state.balancer] if state.balancer else [])]:
        if not proc.alive():
            word = "gone"
        elif healthy(proc.port):
            word = "healthy"
        else:
            word = "not answering"
        ok = ok and word == "healthy"
        lines.append(f"{proc.role} {proc.port} {proc.pid} {word}")
    if state.balancer is None:
        lines.append(f"balancer {state.balancer_port} - not started")
        ok = False
    return lines, ok


def stop(run_dir: Path) -> int:
    """Stop what the run folder's state names; the number of processes stopped."""
    state = State.load(run_dir)
    if state is None:
        return 0
    stopped = 0
    for proc in state.processes():  # the balancer first: no new connections
        if proc.alive():
            stop_process(proc)
            stopped += 1
    (run_dir / STATE_FILE).unlink(missing_ok=True)
    (run_dir / "nginx.pid").unlink(missing_ok=True)
    return stopped


def restart(run_dir: Path, pause: float = FAIL_TIMEOUT_S) -> State:
    """Restart the replicas one at a time, each on its own port, each healthy before the next.

    While one replica is down the balancer sends its pages to the others (passive health
    checks); their frontends reconnect there and rebuild the page from its URL. After each
    replica is back, wait ``pause`` seconds: the balancer no longer leaves it out when the
    next one stops.
    """
    state = _running_state(run_dir)
    if state is None:
        raise ClusterError(f"no cluster is running from {run_dir}; start one first")
    for index, proc in enumerate(list(state.replicas)):
        if index and pause:
            time.sleep(pause)
        stop_process(proc)
        new, popen = start_replica(run_dir, proc.port)
        state.replicas[index] = new
        state.save()
        wait_healthy([(new, popen)], run_dir)
        print(f"replica {new.port} {new.pid} restarted", flush=True)
    return state


# ----------------------------------------------------------------------------- main


def _run_dir(value: str | None) -> Path:
    raw = value or os.environ.get(RUN_DIR_ENV) or str(DEFAULT_RUN_DIR)
    return Path(raw).expanduser().resolve()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="scripts/cluster", description="Compute Gap replicas behind nginx on this machine."
    )
    parser.add_argument(
        "--run-dir", help=f"the run folder (default ${RUN_DIR_ENV} or {DEFAULT_RUN_DIR})"
    )
    sub = parser.add_subparsers(dest="command", required=True)
    p_start = sub.add_parser("start", help="start N replicas and nginx on 127.0.0.1:PORT")
    p_start.add_argument("--replicas", type=int, default=3)
    p_start.add_argument("--port", type=int, default=8500)
    sub.add_parser("status", help="one line per replica (replica PORT PID), then nginx")
    sub.add_parser("stop", help="stop what start started, by the PIDs it wrote")
    p_restart = sub.add_parser("restart", help="restart the replicas one at a time")
    p_restart.add_argument(
        "--pause",
        type=float,
        default=FAIL_TIMEOUT_S,
        help="seconds between one replica back and the next one stopped "
        f"(default {FAIL_TIMEOUT_S}: the balancer's fail_timeout)",
    )
    p_config = sub.add_parser("config", help="print the nginx http{} configuration for a host")
    p_config.add_argument("--replica", action="append", required=True, metavar="HOST:PORT")
    p_config.add_argument("--listen", default="80")
    p_config.add_argument("--cache-dir", default="/var/cache/nginx/compute-gap")
    p_config.add_argument("--access-log", default="/var/log/nginx/compute-gap.access.log")
    args = parser.parse_args(argv)
    run_dir = _run_dir(args.run_dir)

    try:
        if args.command == "start":
            state = start(run_dir, args.replicas, args.port)
            for line in status_lines(state)[0]:
                print(line)
            print(
                f"{len(state.replicas)} replica(s) behind http://{HOST}:{state.balancer_port}/ "
                f"(run folder {run_dir})"
            )
        elif args.command == "status":
            state = State.load(run_dir)
            if state is None:
                print(f"cluster: not running (nothing in {run_dir})", file=sys.stderr)
                return 3
            lines, ok = status_lines(state)
            print("\n".join(lines))
            return 0 if ok else 1
        elif args.command == "stop":
            count = stop(run_dir)
            print(f"stopped {count} process(es) started from {run_dir}")
        elif args.command == "restart":
            restart(run_dir, pause=args.pause)
        elif args.command == "config":
            print(render_site(args.replica, args.listen, args.cache_dir, args.access_log), end="")
    except ClusterError as exc:
        print(f"cluster: {exc}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("cluster: interrupted", file=sys.stderr)
        return 130
    return 0


if __name__ == "__main__":
    sys.exit(main())
