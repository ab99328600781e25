"""Serving path (PERF-NOTES: Django over ASGI measured 2–5× slower than WSGI here). The same product
endpoints under

  (a) `asgi`:     uvicorn ×2 for HTTP and WebSocket (the embedded mode's server, two workers);
  (b) `wsgi+ws`:  gunicorn ×2 (sync workers) for HTTP + uvicorn ×1 for `/ws/` only (a proxy routes by path);
  (c) `gthread+ws`: as (b) with gunicorn's threaded workers (2 × 4 threads, keep-alive);

all on PostgreSQL + Redis. For a read (`GET /api/v1/items`, 20 rows, or `GET /api/v1/users/profile` while
items do not exist) and a write (`PUT /api/v1/users/profile`) it prints the maximum throughput at 32
connections and p50/p99 at a fixed 100 requests/s (DESIGN §8), each next to its floor on the same server
(the naive DRF `ListAPIView` of the same rows / a bare DRF `APIView`; for the write `bench/floor/profile_put`,
a plain Django view with the same token check, row lock and save), measured in rounds A/B/A/B…, median of the
rounds. Every request has the client's timeout (BENCH_REQUEST_TIMEOUT): a late answer is an error.
"""

from __future__ import annotations

import contextlib
import itertools
import json
import statistics
from collections.abc import Callable

from bench.common import (
    BENCH_PASSWORD,
    bench_env,
    closed_loop,
    duration,
    ensure_database,
    figure,
    fixed_rate,
    http_json,
    interleaved,
    running_server,
    seed_items,
)

MODES = {
    "asgi": ("uvicorn", False),
    "wsgi+ws": ("gunicorn", True),
    "gthread+ws": ("gunicorn-gthread", True),
}
FIXED_RATE = 100.0


def token_for(base: str) -> str:
    status, body = http_json(base, "POST", "/api/v1/auth/token", {"username": "bench_buyer", "password": BENCH_PASSWORD})
    if status != 200:
        raise RuntimeError(f"auth/token answered {status}: {body}")
    return body["data"]["access"]


def read_endpoint(base: str) -> tuple[str, str, str, bool]:
    """(figure name, product path, floor path, needs auth): GET items once it exists."""
    status, _body = http_json(base, "GET", "/api/v1/items")
    if status == 200:
        return "items_list", "/api/v1/items?size=20", "/bench/floor/items", False
    return "profile_get", "/api/v1/users/profile", "/bench/floor/drf", True


def max_rate(port: int, request) -> Callable[[], float]:
    def measure() -> float:
        result = closed_loop(port, request, connections=32, duration=duration())
        if result.bad:
            raise RuntimeError(f"{result.bad} bad answers: {result.statuses}")
        return result.rate

    return measure


def latency(port: int, request, tails: list[float]) -> Callable[[], float]:
    """p50 at FIXED_RATE requests/s (measured from the scheduled send time); the p99 goes to `tails`."""
    def measure() -> float:
        result = fixed_rate(port, request, rate=FIXED_RATE, duration=duration())
        if result.bad:
            raise RuntimeError(f"{result.bad} bad answers at {FIXED_RATE}/s: {result.statuses}")
        tails.append(result.p(99))
        return result.p(50)

    return measure


def measure_mode(mode: str) -> dict[str, float]:
    kind, separate_ws = MODES[mode]
    env = bench_env(BENCH_FLOORS="1")
    with contextlib.ExitStack() as stack:
        server = stack.enter_context(running_server(kind, env=env, name=f"serving-{mode}"))
        if separate_ws:
            # The WebSocket server of the split mode runs beside it, as it would in production.
            stack.enter_context(running_server("uvicorn", workers=1, env=env, name=f"serving-{mode}-ws"))
        token = token_for(server.base)
        auth = {"Accept": "application/json", "Authorization": f"Bearer {token}"}
        name, path, floor_path, needs_auth = read_endpoint(server.base)
        read = ("GET", path, None, auth if needs_auth else {"Accept": "application/json"})
        floor = ("GET", floor_path, None, auth if needs_auth else {"Accept": "application/json"})
        counter = itertools.count()

        def writer(target: str):
            def write(_index):
                body = json.dumps({"nickname": f"bench {next(counter) % 1000}"}).encode()
                return "PUT", target, body, {**auth, "Content-Type": "application/json"}
            return write

        write, write_floor = writer("/api/v1/users/profile"), writer("/bench/floor/profile_put")
        port = server.port
        # Feature and floor in rounds A/B/A/B… on the same server, median of the rounds.
        figures = interleaved({f"{name}.max": max_rate(port, read), f"{name}.floor.max": max_rate(port, floor),
                               "profile_put.max": max_rate(port, write),
                               "profile_put.floor.max": max_rate(port, write_floor)})
        tails: dict[str, list[float]] = {key: [] for key in (name, f"{name}.floor", "profile_put", "profile_put.floor")}
        p50s = interleaved({key: latency(port, request, tails[key]) for key, request in
                            zip(tails, (read, floor, write, write_floor), strict=True)}, warm_up=False)
        for key in tails:
            figures[f"{key}.p50"], figures[f"{key}.p99"] = p50s[key], statistics.median(tails[key])
        figures["read_name"] = name  # type: ignore[assignment]
    return figures


def main() -> int:
    ensure_database(bench_env())  # standalone runs too: the schema must match the code
    seed_items(bench_env())
    results = {mode: measure_mode(mode) for mode in MODES}
    for mode, figures in results.items():
        name = figures["read_name"]
        figure(f"serving.{mode}.{name}.max", figures[f"{name}.max"], "req/s", floor=figures[f"{name}.floor.max"])
        figure(f"serving.{mode}.{name}.p50@100rps", figures[f"{name}.p50"], "ms", floor=figures[f"{name}.floor.p50"])
        figure(f"serving.{mode}.{name}.p99@100rps", figures[f"{name}.p99"], "ms", floor=figures[f"{name}.floor.p99"])
        for what in ("max", "p50", "p99"):
            unit, suffix = ("req/s", "") if what == "max" else ("ms", "@100rps")
            figure(f"serving.{mode}.profile_put.{what}{suffix}", figures[f"profile_put.{what}"], unit,
                   floor=figures[f"profile_put.floor.{what}"])
    asgi = results["asgi"]
    name = asgi["read_name"]
    for mode in ("wsgi+ws", "gthread+ws"):
        # The split mode against ASGI alone: ratio > 1 means the split mode serves more.
        figure(f"serving.{mode}_vs_asgi.{name}.max", results[mode][f"{name}.max"], "req/s", floor=asgi[f"{name}.max"])
        figure(f"serving.{mode}_vs_asgi.profile_put.max", results[mode]["profile_put.max"], "req/s",
               floor=asgi["profile_put.max"])
    best = max(results, key=lambda mode: results[mode][f"{name}.max"] + results[mode]["profile_put.max"])
    print(f"serving: fastest mode for HTTP is {best}", flush=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
