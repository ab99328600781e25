"""Redis connections under ASGI (issue 19): 500 requests to `/healthz` (database, cache set/get/delete and a
channel-layer send) under uvicorn ×2; the figure is the number of connections the server holds to its Redis
database afterwards (`CLIENT LIST`: pooled connections stay open, so held = opened), beside the target of 2
per worker. Before the shared pool: ~501. Run on a Redis database no one else uses (REDIS_URL)."""

from __future__ import annotations

import redis

from bench.common import bench_env, closed_loop, ensure_database, figure, running_server

WORKERS = 2
REQUESTS = 500


def connections_to(url: str) -> int:
    client = redis.Redis.from_url(url)
    db = client.connection_pool.connection_kwargs.get("db", 0)
    mine = client.client_id()
    try:
        return sum(1 for c in client.client_list() if int(c.get("db", -1)) == db and int(c["id"]) != mine)
    finally:
        client.close()


def held_after(env: dict, concurrency: int) -> int:
    before = connections_to(env["REDIS_URL"])
    with running_server("uvicorn", workers=WORKERS, env=env, name="redis-connections") as server:
        result = closed_loop(server.port, ("GET", "/healthz", None, None), connections=concurrency, duration=120,
                             max_requests=REQUESTS)
        if result.bad or result.count != REQUESTS:
            raise RuntimeError(f"{result.count} answers, {result.bad} bad: {result.statuses}")
        return connections_to(env["REDIS_URL"]) - before


def main() -> int:
    env = bench_env()
    ensure_database(env)
    # One request at a time, as the issue counted (501 for 500 before): the target is 2 per worker.
    figure("redis_connections.uvicorn_x2.500_requests", held_after(env, 1), "conns", floor=WORKERS * 2)
    # With 8 in flight the pools grow to the concurrency (each request runs in its own thread), not the count.
    figure("redis_connections.uvicorn_x2.500_requests_8_in_flight", held_after(env, 8), "conns")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
