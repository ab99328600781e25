"""A small asyncio HTTP/1.1 client for the benchmarks: one keep-alive connection, a closed loop of N
connections and a fixed-rate open loop, with latency percentiles (split from bench/common.py)."""

from __future__ import annotations

import asyncio
import contextlib
import time
from collections.abc import Callable
from dataclasses import dataclass, field


def percentile(values: list[float], q: float) -> float:
    """The q-th percentile (0–100) by linear interpolation; 0.0 for no values."""
    if not values:
        return 0.0
    ordered = sorted(values)
    if len(ordered) == 1:
        return ordered[0]
    rank = (len(ordered) - 1) * q / 100
    low = int(rank)
    high = min(low + 1, len(ordered) - 1)
    return ordered[low] + (ordered[high] - ordered[low]) * (rank - low)




# --- a small HTTP/1.1 client ----------------------------------------------------------------------------
class HttpConnection:
    """One keep-alive HTTP/1.1 connection to 127.0.0.1; reconnects when the server closes it."""

    def __init__(self, port: int):
        self.port = port
        self.reader: asyncio.StreamReader | None = None
        self.writer: asyncio.StreamWriter | None = None

    async def _open(self):
        self.reader, self.writer = await asyncio.open_connection("127.0.0.1", self.port)

    async def close(self):
        if self.writer is not None:
            self.writer.close()
            with contextlib.suppress(Exception):
                await self.writer.wait_closed()
        self.reader = self.writer = None

    async def request(self, method: str, path: str, *, body: bytes | None = None,
                      headers: dict[str, str] | None = None) -> tuple[int, bytes]:
        for attempt in (0, 1):
            if self.writer is None:
                await self._open()
            lines = [f"{method} {path} HTTP/1.1", f"Host: 127.0.0.1:{self.port}"]
            for key, value in (headers or {}).items():
                lines.append(f"{key}: {value}")
            if body is not None:
                lines.append(f"Content-Length: {len(body)}")
            self.writer.write(("\r\n".join(lines) + "\r\n\r\n").encode() + (body or b""))
            try:
                await self.writer.drain()
                head = await self.reader.readuntil(b"\r\n\r\n")
            except (ConnectionError, asyncio.IncompleteReadError):
                await self.close()
                if attempt:
                    raise
                continue  # a keep-alive connection the server had already closed: retry once on a new one
            status_line, *header_lines = head.decode("latin-1").split("\r\n")
            status = int(status_line.split(" ", 2)[1])
            response_headers = {}
            for line in header_lines:
                if ":" in line:
                    key, value = line.split(":", 1)
                    response_headers[key.strip().lower()] = value.strip()
            if response_headers.get("transfer-encoding", "").lower() == "chunked":
                data = b""
                while True:
                    size = int((await self.reader.readuntil(b"\r\n")).split(b";")[0], 16)
                    chunk = await self.reader.readexactly(size + 2)
                    if size == 0:
                        break
                    data += chunk[:-2]
            else:
                data = await self.reader.readexactly(int(response_headers.get("content-length", "0")))
            if response_headers.get("connection", "").lower() == "close":
                await self.close()
            return status, data
        raise RuntimeError("unreachable")


RequestFactory = Callable[[int], tuple[str, str, bytes | None, dict[str, str] | None]]


@dataclass
class LoadResult:
    latencies_ms: list[float] = field(default_factory=list)
    statuses: dict[int, int] = field(default_factory=dict)
    errors: int = 0
    seconds: float = 0.0

    @property
    def count(self) -> int:
        return len(self.latencies_ms)

    @property
    def rate(self) -> float:
        return self.count / self.seconds if self.seconds else 0.0

    @property
    def bad(self) -> int:
        """Answers outside 2xx (429 is counted here too; callers report it apart where it matters)."""
        return self.errors + sum(n for status, n in self.statuses.items() if not 200 <= status < 300)

    def p(self, q: float) -> float:
        return percentile(self.latencies_ms, q)


def _as_factory(request) -> RequestFactory:
    if callable(request):
        return request
    method, path, body, headers = request
    return lambda _i: (method, path, body, headers)


async def _closed_loop(port, request, connections, duration, max_requests):
    factory = _as_factory(request)
    result = LoadResult()
    stop_at = time.perf_counter() + duration
    counter = iter(range(max_requests))

    async def worker():
        conn = HttpConnection(port)
        try:
            while time.perf_counter() < stop_at:
                index = next(counter, None)
                if index is None:
                    return
                method, path, body, headers = factory(index)
                started = time.perf_counter()
                try:
                    status, _data = await conn.request(method, path, body=body, headers=headers)
                except (OSError, asyncio.IncompleteReadError, ValueError):
                    result.errors += 1
                    await conn.close()
                    continue
                result.latencies_ms.append((time.perf_counter() - started) * 1000)
                result.statuses[status] = result.statuses.get(status, 0) + 1
        finally:
            await conn.close()

    started = time.perf_counter()
    await asyncio.gather(*(worker() for _ in range(connections)))
    result.seconds = time.perf_counter() - started
    return result


def closed_loop(port: int, request, *, connections: int = 32, duration: float = 5.0,
                max_requests: int = 200_000) -> LoadResult:
    """`connections` clients sending back-to-back for `duration` seconds: the maximum throughput."""
    return asyncio.run(_closed_loop(port, request, connections, duration, max_requests))


async def _fixed_rate(port, request, rate, duration, connections):
    factory = _as_factory(request)
    result = LoadResult()
    pool: asyncio.Queue[HttpConnection] = asyncio.Queue()
    for _ in range(connections):
        pool.put_nowait(HttpConnection(port))
    total = int(rate * duration)
    start = time.perf_counter()

    async def one(index, scheduled):
        conn = await pool.get()
        try:
            method, path, body, headers = factory(index)
            status, _data = await conn.request(method, path, body=body, headers=headers)
            # Measured from the scheduled send time, so a slow server cannot hide its queue (no coordinated
            # omission).
            result.latencies_ms.append((time.perf_counter() - scheduled) * 1000)
            result.statuses[status] = result.statuses.get(status, 0) + 1
        except (OSError, asyncio.IncompleteReadError, ValueError):
            result.errors += 1
            await conn.close()
        finally:
            pool.put_nowait(conn)

    tasks = []
    for index in range(total):
        scheduled = start + index / rate
        delay = scheduled - time.perf_counter()
        if delay > 0:
            await asyncio.sleep(delay)
        tasks.append(asyncio.create_task(one(index, scheduled)))
    await asyncio.gather(*tasks)
    result.seconds = time.perf_counter() - start
    while not pool.empty():
        await pool.get_nowait().close()
    return result


def fixed_rate(port: int, request, *, rate: float = 100.0, duration: float = 5.0,
               connections: int = 32) -> LoadResult:
    """Send `rate` requests per second for `duration` seconds (open loop, at most `connections` in flight)."""
    return asyncio.run(_fixed_rate(port, request, rate, duration, connections))
