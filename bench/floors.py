"""Floors: what this stack costs on this machine before any feature code (PERF-NOTES, measured again in
this run). A bare Django `JsonResponse`, a DRF `APIView` and a naive DRF `ListAPIView` over the same 20 rows
as `GET /api/v1/items`, each under gunicorn ×2 (WSGI) and uvicorn ×2 (ASGI), PostgreSQL + Redis.

On each server the three are measured in rounds A/B/C/A/B/C…, median of BENCH_RUNS rounds.
Each ASGI figure is printed with the WSGI figure as its floor, so the ratio is the price of ASGI here.
"""

from __future__ import annotations

from collections.abc import Callable

from bench.common import (
    bench_env,
    closed_loop,
    duration,
    ensure_database,
    figure,
    interleaved,
    running_server,
    seed_items,
)

ENDPOINTS = {
    "json": "/bench/floor/json",
    "drf": "/bench/floor/drf",
    "items_list": "/bench/floor/items",
}


def throughput(port: int, path: str) -> Callable[[], float]:
    """One measurement of `path` at 32 connections (each request with the client's timeout: a late answer is
    an error)."""
    request = ("GET", path, None, {"Accept": "application/json"})

    def measure() -> float:
        result = closed_loop(port, request, connections=32, duration=duration())
        if result.bad:
            raise RuntimeError(f"{path}: {result.bad} bad answers {result.statuses}")
        return result.rate

    return measure


def main() -> int:
    env = bench_env(BENCH_FLOORS="1")
    ensure_database(env)  # standalone runs too: the schema must match the code
    seed_items(env)
    figures: dict[tuple[str, str], float] = {}
    for kind, label in (("gunicorn", "wsgi"), ("uvicorn", "asgi")):
        with running_server(kind, env=env, name=f"floors-{label}") as server:
            # A/B/C rounds on one server, median of the rounds (bench.common.interleaved).
            measured = interleaved({endpoint: throughput(server.port, path) for endpoint, path in ENDPOINTS.items()})
            for endpoint, rate in measured.items():
                figures[(endpoint, label)] = rate
    for endpoint in ENDPOINTS:
        wsgi = figures[(endpoint, "wsgi")]
        figure(f"floor.{endpoint}.wsgi", wsgi, "req/s")
        figure(f"floor.{endpoint}.asgi", figures[(endpoint, "asgi")], "req/s", floor=wsgi)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
