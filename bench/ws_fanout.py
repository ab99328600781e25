"""WebSocket benchmark for `/ws/chat/` against a real server, next to a bare Channels floor (DESIGN §8).

    DATABASE_URL=postgres://… REDIS_URL=redis://… .venv/bin/python -m bench.ws_fanout

Starts uvicorn twice on free loopback ports — `config.asgi:application` (the feature) and
`bench.floor_asgi:application` (a bare consumer that only stores a row and pushes it) — on the PostgreSQL
and Redis pub/sub channel layer from the environment, and measures for each:

- round trip: one client sends `--messages` chat frames one after another and waits for its own echo (the
  frame the server pushes to the sender's group after storing the message);
- fan-out: `--sockets` clients of as many users are connected; one notice per user is stored in one
  transaction and pushed (chat: `chat.services.messages_send`, the path every service uses; floor: a bulk
  insert, then `group_send` to each group), `--rounds` times. `ws_fanout_ms_p99` is the 99th percentile of
  "notice stored and pushed → frame received" over every socket and round; `all_ms` is until the last
  socket of a round has it.

Prints `ws.chat: ws_roundtrip_p50_ms=… p99_ms=… ws_fanout_ms_p99=…` (and `ws.floor: …`), then the standard
lines `ws.roundtrip.p50`, `ws.roundtrip.p99`, `ws.fanout.p99` with the floor and the ratio. Error frames and
rate-limit (429-like) frames are counted apart. Not part of `make test`.
"""

import argparse
import asyncio
import json
import math
import os
import socket
import subprocess
import sys
import time
from pathlib import Path

from bench.common import BENCH_SECRETS, figure

ROOT = Path(__file__).resolve().parent.parent
BENCH_USER_PREFIX = "wsbench-"


def percentile(samples: list[float], fraction: float) -> float:
    ordered = sorted(samples)
    if not ordered:
        return float("nan")
    return ordered[max(0, math.ceil(fraction * len(ordered)) - 1)]


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def start_server(app: str, port: int, env: dict) -> subprocess.Popen:
    command = [sys.executable, "-m", "uvicorn", app, "--host", "127.0.0.1", "--port", str(port),
               "--log-level", "warning", "--no-access-log", "--ws", "websockets"]
    process = subprocess.Popen(command, cwd=ROOT, env=env)
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise SystemExit(f"{app} exited with {process.returncode}")
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.2):
                return process
        except OSError:
            time.sleep(0.1)
    process.terminate()
    raise SystemExit(f"{app} did not start on port {port}")


def ensure_users(count: int) -> list[int]:
    """Bench users wsbench-0 … (idempotent; unusable passwords: they only use tokens)."""
    from django.contrib.auth import get_user_model

    User = get_user_model()
    names = [f"{BENCH_USER_PREFIX}{n}" for n in range(count)]
    existing = set(User.objects.filter(username__in=names).values_list("username", flat=True))
    new = []
    for name in names:
        if name not in existing:
            user = User(username=name, is_active=True)
            user.set_unusable_password()
            new.append(user)
    User.objects.bulk_create(new, batch_size=500)
    by_name = dict(User.objects.filter(username__in=names).values_list("username", "pk"))
    return [by_name[name] for name in names]


class Stats:
    def __init__(self):
        self.errors = 0
        self.rate_limited = 0
        self.timeouts = 0

    def frame_error(self, frame: dict):
        if frame.get("code") == "rate_limited":
            self.rate_limited += 1
        else:
            self.errors += 1


async def open_socket(url: str, hello: dict, expect: str):
    import websockets

    ws = await websockets.connect(url, max_size=None, ping_interval=None, compression=None)
    await ws.send(json.dumps(hello))
    while True:
        frame = json.loads(await asyncio.wait_for(ws.recv(), 10))
        if frame.get("type") == expect:
            return ws
        if frame.get("type") == "error":
            raise SystemExit(f"socket refused: {frame}")


class RoundTripClient:
    """One socket that sends chat frames and waits for each one's own echo."""

    def __init__(self, url, hello, expect, to_user: int, stats: Stats):
        self.url, self.hello, self.expect, self.to_user, self.stats = url, hello, expect, to_user, stats
        self.samples: list[float] = []

    async def open(self):
        self.ws = await open_socket(self.url, self.hello, self.expect)

    async def run(self, count: int, *, record: bool = True):
        for _ in range(count):
            content = f"rt-{time.monotonic_ns()}"
            started = time.perf_counter()
            await self.ws.send(json.dumps({"type": "chat", "to": self.to_user, "content": content}))
            while True:
                try:
                    frame = json.loads(await asyncio.wait_for(self.ws.recv(), 5))
                except TimeoutError:
                    self.stats.timeouts += 1
                    break
                if frame.get("type") == "error":
                    self.stats.frame_error(frame)
                    break
                if frame.get("content") == content:
                    if record:
                        self.samples.append((time.perf_counter() - started) * 1000)
                    break

    async def close(self):
        await self.ws.close()


class FanOut:
    """`len(hellos)` sockets of as many users; each round stores and pushes one notice to every one."""

    def __init__(self, url, hellos, expect, trigger, stats: Stats):
        self.url, self.hellos, self.expect, self.trigger, self.stats = url, hellos, expect, trigger, stats
        self.deliveries: list[float] = []
        self.all_received: list[float] = []
        self.state = {"marker": None, "started": 0.0, "remaining": 0, "done": asyncio.Event()}

    async def open(self):
        self.sockets = []
        for start in range(0, len(self.hellos), 50):  # a burst of 500 handshakes is not the subject
            self.sockets += await asyncio.gather(
                *(open_socket(self.url, hello, self.expect) for hello in self.hellos[start:start + 50])
            )
        self.readers = [asyncio.create_task(self.reader(ws)) for ws in self.sockets]

    async def reader(self, ws):
        state = self.state
        async for raw in ws:
            frame = json.loads(raw)
            if frame.get("type") == "error":
                self.stats.frame_error(frame)
            elif frame.get("content") == state["marker"]:
                self.deliveries.append((time.perf_counter() - state["started"]) * 1000)
                state["remaining"] -= 1
                if state["remaining"] == 0:
                    state["done"].set()

    async def round(self, *, record: bool = True):
        state = self.state
        before = len(self.deliveries)
        state.update(marker=f"fan-{time.monotonic_ns()}", remaining=len(self.sockets), done=asyncio.Event())
        state["started"] = time.perf_counter()
        await self.trigger(state["marker"])
        try:
            await asyncio.wait_for(state["done"].wait(), 30)
        except TimeoutError:
            self.stats.timeouts += state["remaining"]
        elapsed = (time.perf_counter() - state["started"]) * 1000
        if record:
            self.all_received.append(elapsed)
        else:
            del self.deliveries[before:]

    async def close(self):
        for task in self.readers:
            task.cancel()
        await asyncio.gather(*(ws.close() for ws in self.sockets), return_exceptions=True)


def make_triggers(user_ids: list[int]):
    from asgiref.sync import sync_to_async
    from channels.layers import get_channel_layer
    from django.db import transaction

    from bench.floor_asgi import floor_group
    from chat.models import Message
    from chat.services import Notice, messages_send

    def chat_notices(marker: str):
        with transaction.atomic():
            messages_send([Notice(recipient_id=user_id, content=marker) for user_id in user_ids])

    async def chat_trigger(marker: str):
        # The service runs in a worker thread like any sync caller; its after-commit push comes back to this
        # loop through async_to_sync, as it does in the server.
        await sync_to_async(chat_notices, thread_sensitive=False)(marker)

    def floor_store(marker: str):
        return Message.objects.bulk_create([Message(recipient_id=user_id, content=marker) for user_id in user_ids])

    async def floor_trigger(marker: str):
        messages = await sync_to_async(floor_store, thread_sensitive=False)(marker)
        layer = get_channel_layer()
        texts = [(m.recipient_id, json.dumps({"type": "system", "id": m.pk, "content": marker})) for m in messages]
        await asyncio.gather(
            *(layer.group_send(floor_group(user_id), {"type": "relay", "text": text}) for user_id, text in texts)
        )

    return chat_trigger, floor_trigger


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--messages", type=int, default=1000, help="round trips per client")
    parser.add_argument("--warmup", type=int, default=50)
    parser.add_argument("--sockets", type=int, default=500, help="fan-out sockets (one user each)")
    parser.add_argument("--rounds", type=int, default=30, help="fan-out notices")
    args = parser.parse_args()

    if not os.environ.get("DATABASE_URL", "").startswith("postgres") or not os.environ.get("REDIS_URL"):
        print("bench.ws_fanout needs DATABASE_URL (PostgreSQL) and REDIS_URL (Redis) in the environment", file=sys.stderr)
        return 2
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings",
        "DEBUG": "0",
        **BENCH_SECRETS,
        # Rate limits are settings; the benchmark sets what it needs (DESIGN §8) and still counts 429s.
        "WS_RATE_LIMIT": str(10**9),
        # Server and bench must agree on channel-group and cache names.
        "TRADEPOST_NAMESPACE": f"tp:wsbench:{os.getpid()}",
        "PYTHONPATH": str(ROOT),
    }
    os.environ.update(env)
    sys.path.insert(0, str(ROOT))

    import django

    django.setup()
    from django.core.management import call_command

    from chat.models import Message
    from tests.conftest import access_token_for

    call_command("migrate", verbosity=0)
    from django.contrib.auth import get_user_model

    user_ids = ensure_users(args.sockets + 2)
    users = get_user_model().objects.in_bulk(user_ids)
    tokens = {user_id: access_token_for(users[user_id]) for user_id in user_ids}
    sender, receiver, fan_ids = user_ids[0], user_ids[1], user_ids[2:]
    chat_trigger, floor_trigger = make_triggers(fan_ids)

    chat_port, floor_port = free_port(), free_port()
    servers = [start_server("config.asgi:application", chat_port, env),
               start_server("bench.floor_asgi:application", floor_port, env)]
    chat_url, floor_url = f"ws://127.0.0.1:{chat_port}/ws/chat/", f"ws://127.0.0.1:{floor_port}/ws/floor/"
    results = {}
    try:
        async def run():
            # Feature and floor take turns in small blocks, so load from anything else on the machine falls
            # on both alike and the ratio stays meaningful.
            setups = {
                "chat": (chat_url, lambda uid: {"type": "auth", "token": tokens[uid]}, "auth", chat_trigger),
                "floor": (floor_url, lambda uid: {"type": "join", "user": uid}, "joined", floor_trigger),
            }
            stats = {name: Stats() for name in setups}
            clients = {name: RoundTripClient(url, hello(sender), expect, receiver, stats[name])
                       for name, (url, hello, expect, _) in setups.items()}
            for client in clients.values():
                await client.open()
                await client.run(args.warmup, record=False)
            block = 50
            for n in range(0, args.messages, block):
                order = ("chat", "floor") if n // block % 2 == 0 else ("floor", "chat")
                for name in order:
                    await clients[name].run(min(block, args.messages - n))
            for client in clients.values():
                await client.close()
            fanouts = {name: FanOut(url, [hello(uid) for uid in fan_ids], expect, trigger, stats[name])
                       for name, (url, hello, expect, trigger) in setups.items()}
            for fanout in fanouts.values():
                await fanout.open()
                for _ in range(2):
                    await fanout.round(record=False)
            for n in range(args.rounds):
                for name in ("chat", "floor") if n % 2 == 0 else ("floor", "chat"):
                    await fanouts[name].round()
                    await asyncio.sleep(0.05)
            for fanout in fanouts.values():
                await fanout.close()
            for name in setups:
                results[name] = (clients[name].samples, fanouts[name].deliveries, fanouts[name].all_received,
                                 stats[name])

        asyncio.run(run())
    finally:
        for server in servers:
            server.terminate()
        for server in servers:
            server.wait(10)
        Message.objects.filter(recipient_id__in=user_ids).delete()

    for name in ("chat", "floor"):
        trips, deliveries, all_received, stats = results[name]
        print(
            f"ws.{name}: ws_roundtrip_p50_ms={percentile(trips, .5):.2f} p99_ms={percentile(trips, .99):.2f} "
            f"ws_fanout_ms_p99={percentile(deliveries, .99):.1f} fanout_p50_ms={percentile(deliveries, .5):.1f} "
            f"all_ms_p50={percentile(all_received, .5):.1f} all_ms_max={max(all_received):.1f} "
            f"sockets={len(fan_ids)} rounds={len(all_received)} round_trips={len(trips)} "
            f"errors={stats.errors} rate_limited_429={stats.rate_limited} timeouts={stats.timeouts}"
        )
    chat, floor = results["chat"], results["floor"]
    # The standard lines (bench.common.figure): ratio = floor/chat, ≥ 1 means chat is at least as fast.
    for label, index, fraction in (("roundtrip.p50", 0, .5), ("roundtrip.p99", 0, .99), ("fanout.p99", 1, .99)):
        figure(f"ws.{label}", percentile(chat[index], fraction), "ms", floor=percentile(floor[index], fraction))
    return 0


if __name__ == "__main__":
    sys.exit(main())
