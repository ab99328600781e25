"""Helpers every benchmark shares: the bench environment (PostgreSQL + Redis), servers on a free loopback
port, a small asyncio HTTP/1.1 client (closed loop and fixed rate), percentiles, median of 3, and the
standard figure line `name: value unit (floor value unit, ratio)`.

Ratios are always "times as fast as the floor": value/floor for rates (higher is better) and floor/value
for times (lower is better), so a ratio ≥ 1.0 means at least as fast as the floor.
"""

from __future__ import annotations

import contextlib
import os
import signal
import socket
import statistics
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable
DEFAULT_DATABASE_URL = "postgres://postgres@127.0.0.1:5432/tp_bench"
DEFAULT_REDIS_URL = "redis://127.0.0.1:6379/0"
# Units where smaller is better (times, connections); every other unit is a rate.
TIME_UNITS = {"ms", "s", "us", "conns"}


# --- environment ----------------------------------------------------------------------------------------
# The scaled mode without DEBUG refuses the public development key (issue 17 #2): bench servers get their own
# (fixed, so every process of one run agrees), and the sandbox gateway on purpose.
BENCH_SECRETS = {"SECRET_KEY": "bench-only-secret-key-never-for-production-7f3a9c2e", "PAYMENT_SANDBOX": "1"}


def bench_env(**extra: str) -> dict[str, str]:
    """The environment for bench servers and scripts: PostgreSQL + Redis, production-like, no throttles."""
    env = os.environ.copy()
    env.setdefault("DATABASE_URL", DEFAULT_DATABASE_URL)
    env.setdefault("REDIS_URL", DEFAULT_REDIS_URL)
    env["DJANGO_SETTINGS_MODULE"] = "bench.settings"
    env.setdefault("DEBUG", "0")
    env.setdefault("LOG_LEVEL", "WARNING")
    env.setdefault("ALLOWED_HOSTS", "127.0.0.1,localhost")
    env.setdefault("WS_RATE_LIMIT", "100000")
    env.setdefault("TRADEPOST_NAMESPACE", "tp:bench")
    env.update(BENCH_SECRETS)
    env["PYTHONPATH"] = str(ROOT) + os.pathsep + env.get("PYTHONPATH", "")
    env.update(extra)
    return env


def ensure_database(env: dict[str, str] | None = None, *, migrate: bool = True) -> None:
    """Create the bench database if it is missing and migrate it."""
    env = env or bench_env()
    url = env["DATABASE_URL"]
    if url.startswith("postgres"):
        import psycopg
        from psycopg import sql

        name = url.rsplit("/", 1)[1].split("?", 1)[0]
        admin_url = url.rsplit("/", 1)[0] + "/postgres"
        with psycopg.connect(admin_url, autocommit=True) as conn:
            exists = conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone()
            if not exists:
                conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
    if migrate:
        subprocess.run([PYTHON, "manage.py", "migrate", "--noinput", "-v", "0"], cwd=ROOT, env=env, check=True)


def django_setup(env: dict[str, str] | None = None) -> None:
    """Configure Django in this process with the bench environment (for seeding and invariant checks)."""
    for key, value in (env or bench_env()).items():
        os.environ[key] = value
    import django

    django.setup()


# --- servers --------------------------------------------------------------------------------------------
def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@dataclass
class Server:
    name: str
    port: int
    process: subprocess.Popen
    log: Path

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.port}"


def server_command(kind: str, port: int, workers: int = 2) -> list[str]:
    """`uvicorn` (ASGI: HTTP + WebSocket), `gunicorn` (WSGI, sync workers) or `gunicorn-gthread`."""
    if kind == "uvicorn":
        return [
            PYTHON, "-m", "uvicorn", "config.asgi:application", "--host", "127.0.0.1", "--port", str(port),
            "--workers", str(workers), "--lifespan", "off", "--no-access-log", "--log-level", "warning",
        ]
    if kind in ("gunicorn", "gunicorn-gthread"):
        command = [
            PYTHON, "-m", "gunicorn", "config.wsgi:application", "--bind", f"127.0.0.1:{port}",
            "--workers", str(workers), "--log-level", "warning",
        ]
        if kind == "gunicorn-gthread":
            command += ["--worker-class", "gthread", "--threads", "4"]
        return command
    raise ValueError(f"unknown server kind {kind!r}")


def wait_ready(base: str, *, process: subprocess.Popen | None = None, timeout: float = 60.0) -> None:
    deadline = time.monotonic() + timeout
    last = None
    while time.monotonic() < deadline:
        if process is not None and process.poll() is not None:
            raise RuntimeError(f"server exited with {process.returncode}")
        try:
            with urllib.request.urlopen(base + "/healthz", timeout=2) as response:  # noqa: S310 (loopback)
                if response.status == 200:
                    return
        except (urllib.error.URLError, OSError) as exc:
            last = exc
        time.sleep(0.2)
    raise RuntimeError(f"server at {base} not ready after {timeout}s: {last}")


@contextlib.contextmanager
def running_server(kind: str, *, workers: int = 2, env: dict[str, str] | None = None,
                   name: str | None = None, port: int | None = None) -> Iterator[Server]:
    """Start a server on `port` (else a free loopback port), wait for /healthz, stop it (and its workers)."""
    port = port or free_port()
    log = Path(os.environ.get("BENCH_LOG_DIR", "/tmp")) / f"tp-bench-{name or kind}-{port}.log"
    with open(log, "wb") as log_file:
        process = subprocess.Popen(
            server_command(kind, port, workers), cwd=ROOT, env=env or bench_env(), stdout=log_file,
            stderr=subprocess.STDOUT, start_new_session=True,
        )
    server = Server(name or kind, port, process, log)
    try:
        try:
            wait_ready(server.base, process=process)
        except RuntimeError:
            sys.stderr.write(log.read_text(errors="replace")[-3000:])
            raise
        yield server
    finally:
        stop_process(process)


def stop_process(process: subprocess.Popen) -> None:
    """SIGTERM the process group we started (server + its workers), SIGKILL after 10 s."""
    if process.poll() is not None:
        return
    with contextlib.suppress(ProcessLookupError):
        os.killpg(process.pid, signal.SIGTERM)
    try:
        process.wait(timeout=10)
    except subprocess.TimeoutExpired:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, signal.SIGKILL)
        process.wait(timeout=5)


# --- load (bench/http.py) --------------------------------------------------------------------------------
from bench.http import (  # noqa: E402, F401 — the load client lives in its own module
    HttpConnection,
    LoadResult,
    closed_loop,
    fixed_rate,
    http_json,
    percentile,
)


# --- figures --------------------------------------------------------------------------------------------
def median_of(runs: int, measure: Callable[[], float]) -> float:
    """Run `measure` `runs` times and return the median (figures vary ±25% run to run: PERF-NOTES)."""
    return statistics.median(measure() for _ in range(runs))


def median_of_3(measure: Callable[[], float]) -> float:
    return median_of(3, measure)


def interleaved(measures: dict[str, Callable[[], float]], rounds: int | None = None, *,
                warm_up: bool = True) -> dict[str, float]:
    """Each measure once per round, A/B/A/B… (feature and floor share the machine's load drift), and the
    median of the rounds per name. `warm_up` runs each once first and drops the figure."""
    if warm_up:
        for measure in measures.values():
            measure()
    samples: dict[str, list[float]] = {name: [] for name in measures}
    for _ in range(rounds or runs()):
        for name, measure in measures.items():
            samples[name].append(measure())
    return {name: statistics.median(values) for name, values in samples.items()}


def ratio(value: float, floor: float, unit: str) -> float:
    """Times as fast as the floor (≥ 1.0: at least as fast)."""
    if not value or not floor:
        return 0.0
    return floor / value if unit in TIME_UNITS else value / floor


def fmt(value: float) -> str:
    return f"{value:.2f}" if abs(value) < 100 else f"{value:.0f}"


def figure(name: str, value: float, unit: str, floor: float | None = None) -> str:
    """Print and return the standard line: `name: value unit (floor value unit, ratio)`."""
    line = f"{name}: {fmt(value)} {unit}"
    if floor is not None:
        line += f" (floor {fmt(floor)} {unit}, {ratio(value, floor, unit):.2f})"
    print(line, flush=True)
    return line


# --- bench data -----------------------------------------------------------------------------------------
BENCH_PASSWORD = "bench-password-1"


def seed_items(env: dict[str, str] | None = None, *, count: int = 40) -> None:
    """Make sure a seller `bench_seller` has at least `count` visible on-sale items (GET items shows 20),
    and a buyer `bench_buyer` exists. Runs in a subprocess so the caller's process stays Django-free."""
    script = f"""
import django; django.setup()
from decimal import Decimal
from accounts.models import User
from marketplace.models import Item
for name in ("bench_seller", "bench_buyer"):
    user, created = User.objects.get_or_create(username=name, defaults={{"nickname": name}})
    if created or not user.check_password({BENCH_PASSWORD!r}):
        user.set_password({BENCH_PASSWORD!r}); user.save()
seller = User.objects.get(username="bench_seller")
missing = {count} - Item.objects.filter(seller=seller, state="on_sale", hidden=False).count()
Item.objects.bulk_create([
    Item(seller=seller, title=f"Bench item {{i}}", category="books", price=Decimal("12.50") + i,
         depreciation="90%", note="A bench row with a short note.", image_url="https://example.com/i.png")
    for i in range(max(0, missing))
])
"""
    subprocess.run([PYTHON, "-c", script], cwd=ROOT, env=env or bench_env(), check=True)


def runs() -> int:
    return int(os.environ.get("BENCH_RUNS", "3"))


def duration() -> float:
    return float(os.environ.get("BENCH_DURATION", "5"))
