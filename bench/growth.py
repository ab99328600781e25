"""Growth (issue 19): `GET /api/v1/items` at 100, 10,000 and 100,000 items — page 1, the last page through the
cursor, `q=guitar` — and a chat history page at 10 and 10,000 messages, one connection, p50 of
BENCH_GROWTH_REQUESTS requests per round, feature and floor interleaved A/B/A/B, median of the rounds.

The items floor is `bench/floor/items_plain`: a plain Django view doing the same I/O (same count, same page
SELECT, same image query, same filter) and orjson. The history floor is the same page at 10 messages.
"""

from __future__ import annotations

import asyncio
import json
import os
import statistics
import subprocess

from bench.common import PYTHON, ROOT, bench_env, ensure_database, figure, http_json, running_server, runs
from bench.http import HttpConnection, percentile

SIZES = [int(n) for n in os.environ.get("BENCH_GROWTH_SIZES", "100,10000,100000").split(",")]
MESSAGES = (10, 10_000)
REQUESTS = int(os.environ.get("BENCH_GROWTH_REQUESTS", "100"))


def label(size: int) -> str:
    return f"{size // 1000}k" if size >= 1000 else str(size)


def grow(env: dict, kind: str, count: int) -> dict:
    out = subprocess.run([PYTHON, "-m", "bench.growth_data", kind, str(count)], cwd=ROOT, env=env, check=True,
                         capture_output=True, text=True).stdout
    return json.loads(out.strip().splitlines()[-1])


def p50(port: int, path: str, headers: dict | None = None) -> float:
    async def run() -> float:
        conn, times = HttpConnection(port), []
        loop = asyncio.get_running_loop()
        try:
            for _ in range(REQUESTS):
                started = loop.time()
                status, _body = await conn.request("GET", path, headers={"Accept": "application/json", **(headers or {})})
                if status != 200:
                    raise RuntimeError(f"{path}: {status}")
                times.append((loop.time() - started) * 1000)
        finally:
            await conn.close()
        return percentile(times, 50)

    return asyncio.run(run())


def interleaved(port: int, pairs: dict[str, str], headers: dict | None = None) -> dict[str, float]:
    """p50 of each path, rounds A/B/A/B…, median over the rounds."""
    for path in pairs.values():
        p50(port, path, headers)  # warm up
    samples: dict[str, list[float]] = {name: [] for name in pairs}
    for _ in range(runs()):
        for name, path in pairs.items():
            samples[name].append(p50(port, path, headers))
    return {name: statistics.median(values) for name, values in samples.items()}


def main() -> int:
    env = bench_env(BENCH_FLOORS="1")
    env["DATABASE_URL"] = os.environ.get("BENCH_GROWTH_DATABASE_URL", env["DATABASE_URL"] + "_growth")
    ensure_database(env)
    results: dict[tuple[str, int], float] = {}
    with running_server("gunicorn", env=env, name="growth") as server:
        for size in SIZES:
            data = grow(env, "items", size)
            cases = {"page1": "size=20", "last_page_cursor": f"size=20&cursor={data['last_cursor']}",
                     "search": "size=20&q=guitar"}
            paths = {}
            for case, query in cases.items():
                paths[(case, "feature")] = f"/api/v1/items?{query}"
                paths[(case, "floor")] = f"/bench/floor/items_plain?{query}"
            measured = interleaved(server.port, {f"{c}|{w}": p for (c, w), p in paths.items()})
            for case in cases:
                feature, floor = measured[f"{case}|feature"], measured[f"{case}|floor"]
                results[(case, size)] = feature
                figure(f"growth.items.{case}.p50@{label(size)}", feature, "ms", floor=floor)
        first, last = SIZES[0], SIZES[-1]
        for case in ("page1", "last_page_cursor", "search"):
            # ratio = (p50 at the smallest size) / (p50 at the largest): ≥ 0.67 means growth ≤ 1.5×
            figure(f"growth.items.{case}.p50@{label(last)}_vs_{label(first)}", results[(case, last)], "ms",
                   floor=results[(case, first)])
        history = {}
        for count in MESSAGES:
            other = grow(env, "messages", count)["with"]
            _status, body = http_json(server.base, "POST", "/api/v1/auth/token",
                                      {"username": "growth_a", "password": "bench-password-1"})
            token = body["data"]["access"]
            history[count] = interleaved(server.port, {"h": f"/api/v1/messages?with={other}&size=20"},
                                         {"Authorization": f"Bearer {token}"})["h"]
        figure(f"growth.chat_history.p50@{label(MESSAGES[1])}_vs_{MESSAGES[0]}", history[MESSAGES[1]], "ms",
               floor=history[MESSAGES[0]])
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
