"""Items list throughput (issue 19): `GET /api/v1/items?size=20` under gunicorn ×2 against two floors over the
same rows, measured interleaved A/B/C/A/B/C…, median of BENCH_RUNS rounds:

- the naive DRF `ListAPIView` (`bench/floor/items`: same filter, ModelSerializer with images, COUNT) — target
  ratio ≥ 1.5;
- a plain Django view doing the same I/O (`bench/floor/items_plain`) — target ratio ≥ 0.8.
"""

from __future__ import annotations

import statistics

from bench.common import bench_env, closed_loop, duration, ensure_database, figure, running_server, runs, seed_items

PATHS = {
    "feature": "/api/v1/items?size=20",
    "naive_drf": "/bench/floor/items?size=20",
    "plain_view": "/bench/floor/items_plain?size=20",
}


def rate(port: int, path: str, seconds: float) -> float:
    result = closed_loop(port, ("GET", path, None, {"Accept": "application/json"}), connections=16, duration=seconds)
    if result.bad:
        raise RuntimeError(f"{path}: {result.bad} bad answers {result.statuses}")
    return result.rate


def main() -> int:
    env = bench_env(BENCH_FLOORS="1")
    ensure_database(env)
    seed_items(env, count=40)
    with running_server("gunicorn", env=env, name="items-list") as server:
        for path in PATHS.values():
            rate(server.port, path, 0.5)  # warm up
        samples: dict[str, list[float]] = {name: [] for name in PATHS}
        for _ in range(runs()):
            for name, path in PATHS.items():
                samples[name].append(rate(server.port, path, duration()))
    medians = {name: statistics.median(values) for name, values in samples.items()}
    figure("items_list.wsgi.vs_naive_drf", medians["feature"], "req/s", floor=medians["naive_drf"])
    figure("items_list.wsgi.vs_plain_view", medians["feature"], "req/s", floor=medians["plain_view"])
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
