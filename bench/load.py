"""Load: a mixed workload against a running server (uvicorn ×2, PostgreSQL + Redis), bounded in time and
count, then the invariants.

Virtual users (asyncio, one process): sellers accept pending trades; buyers browse items, want items,
confirm receipt of reserved items and place exchange orders; everybody keeps a WebSocket open and chats.
Each part runs only when the server has it (probed through /api/schema/), and says so when it does not.

Prints requests/second, p50/p99 per operation, errors (5xx, connection failures, unexpected statuses) apart
from expected refusals (a 400/409 lost race is the answer the rules give) and 429s, then checks:
- no item has two processing trades; every sold item has exactly one completed trade;
- every completed trade has its events (a `completed` event and the `processing` one before it);
- no lost chat message: every message the server confirmed to its sender reached its recipient, live or by
  `sync` at the end, exactly once.

    python -m bench.load            # LOAD_DURATION=30 LOAD_BUYERS=16 LOAD_SELLERS=4
"""

from __future__ import annotations

import asyncio
import contextlib
import itertools
import json
import os
import random
import subprocess
import sys
import time
from collections import Counter, defaultdict
from dataclasses import dataclass, field

from bench.common import (
    PYTHON,
    ROOT,
    HttpConnection,
    bench_env,
    ensure_database,
    figure,
    http_json,
    percentile,
    running_server,
)

DURATION = float(os.environ.get("LOAD_DURATION", "30"))
BUYERS = int(os.environ.get("LOAD_BUYERS", "16"))
SELLERS = int(os.environ.get("LOAD_SELLERS", "4"))
ITEMS_PER_SELLER = int(os.environ.get("LOAD_ITEMS_PER_SELLER", "10"))
MAX_REQUESTS = int(os.environ.get("LOAD_MAX_REQUESTS", "50000"))
CHAT_INTERVAL = float(os.environ.get("LOAD_CHAT_INTERVAL", "0.5"))
REFUSALS = {400, 404, 409}  # the rules' answers to lost races (already wanted, no longer on sale, …)

SETUP = """
import json, sys, django
django.setup()
from decimal import Decimal
from common.tokens import token_pair
from accounts.models import User
run, sellers, buyers, per_seller = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4])
out = {"users": {}, "items": [], "merchant": None}
def user(name):
    u, _ = User.objects.get_or_create(username=name, defaults={"nickname": name})
    out["users"][name] = {"id": u.pk, "token": token_pair(u)["access"]}
    return u
seller_users = [user(f"load_seller_{i}") for i in range(sellers)]
for i in range(buyers):
    user(f"load_buyer_{i}")
try:
    from marketplace.models import Item
    for s in seller_users:
        items = Item.objects.bulk_create([
            Item(seller=s, title=f"Load {run} {s.username} {n}", category="load", price=Decimal("9.90") + n)
            for n in range(per_seller)])
        out["items"] += [{"id": it.pk, "seller": s.pk} for it in items]
except Exception as exc:
    out["items_error"] = str(exc)
try:
    from merchants.models import Merchant
    m_user = user("load_merchant")
    merchant = Merchant.objects.filter(user=m_user).first() or Merchant.objects.create(
        user=m_user, merchant_type="flower_shop", business_name="Load exchange", contact_person="load",
        contact_phone="13800000000", status="approved")
    out["merchant"] = {"id": merchant.pk, "user": m_user.pk}
except Exception as exc:
    out["merchant_error"] = str(exc)
print("SETUP=" + json.dumps(out))
"""

INVARIANTS = """
import json, sys, django
django.setup()
from django.db.models import Count, Q
from marketplace.models import Item, Trade, TradeEvent
ids = json.loads(sys.argv[1])
out = {}
trades = Trade.objects.filter(item_id__in=ids)
out["items_with_two_processing"] = list(
    trades.filter(state="processing").values("item").annotate(n=Count("id")).filter(n__gt=1).values_list("item", flat=True))
sold = Item.objects.filter(pk__in=ids, state="sold")
out["sold_items"] = sold.count()
out["sold_without_one_completed_trade"] = list(
    sold.annotate(n=Count("trades", filter=Q(trades__state="completed"))).exclude(n=1).values_list("pk", flat=True))
completed = list(trades.filter(state="completed").values_list("pk", flat=True))
out["completed_trades"] = len(completed)
have = set(TradeEvent.objects.filter(trade_id__in=completed, to_state="completed").values_list("trade_id", flat=True))
accepted = set(TradeEvent.objects.filter(trade_id__in=completed, to_state="processing").values_list("trade_id", flat=True))
out["completed_without_events"] = sorted(set(completed) - (have & accepted))
out["trades_by_state"] = {row["state"]: row["n"] for row in trades.values("state").annotate(n=Count("id"))}
print("INVARIANTS=" + json.dumps(out))
"""


@dataclass
class Stats:
    latencies: dict[str, list[float]] = field(default_factory=lambda: defaultdict(list))
    statuses: dict[str, Counter] = field(default_factory=lambda: defaultdict(Counter))
    errors: Counter = field(default_factory=Counter)
    error_samples: list[str] = field(default_factory=list)
    requests: int = 0

    def record(self, op: str, status: int, ms: float, expected=(200, 201), body: bytes = b""):
        self.requests += 1
        self.latencies[op].append(ms)
        self.statuses[op][status] += 1
        if status not in expected and status not in REFUSALS and status != 429:
            self.errors[op] += 1
            if len(self.error_samples) < 10:
                self.error_samples.append(f"{op} → {status}: {body[:200]!r}")


class Client:
    """One virtual user's HTTP connection with its token."""

    def __init__(self, port: int, token: str, stats: Stats):
        self.conn = HttpConnection(port)
        self.headers = {"Authorization": f"Bearer {token}", "Accept": "application/json"}
        self.stats = stats

    async def call(self, op: str, method: str, path: str, payload=None, expected=(200, 201)):
        body = json.dumps(payload).encode() if payload is not None else None
        headers = dict(self.headers)
        if body is not None:
            headers["Content-Type"] = "application/json"
        started = time.perf_counter()
        try:
            status, data = await self.conn.request(method, path, body=body, headers=headers)
        except (OSError, asyncio.IncompleteReadError, ValueError) as exc:
            self.stats.errors[op] += 1
            self.stats.requests += 1
            if len(self.stats.error_samples) < 10:
                self.stats.error_samples.append(f"{op}: {exc!r}")
            await self.conn.close()
            return None, None
        self.stats.record(op, status, (time.perf_counter() - started) * 1000, expected, data)
        try:
            return status, json.loads(data) if data else None
        except ValueError:
            return status, None


@dataclass
class Chat:
    """Chat bookkeeping: ids confirmed to senders, ids received by each recipient."""

    sent: dict[int, int] = field(default_factory=dict)  # message id → recipient id
    received: dict[int, Counter] = field(default_factory=lambda: defaultdict(Counter))  # user → ids seen
    last_seen: dict[int, int] = field(default_factory=dict)
    socket_errors: Counter = field(default_factory=Counter)
    latencies: list[float] = field(default_factory=list)
    pending: dict[str, float] = field(default_factory=dict)


async def socket_user(port: int, user_id: int, token: str, peers: list[int], chat: Chat, stop_at: float):
    import websockets

    url = f"ws://127.0.0.1:{port}/ws/chat/"
    counter = itertools.count()
    try:
        async with websockets.connect(url, open_timeout=10, max_size=2**22) as ws:
            await ws.send(json.dumps({"type": "auth", "token": token}))
            first = json.loads(await asyncio.wait_for(ws.recv(), 10))
            if first.get("type") != "auth" or not first.get("ok"):
                chat.socket_errors["auth"] += 1
                return

            async def reader():
                async for raw in ws:
                    frame = json.loads(raw)
                    kind = frame.get("type")
                    if kind == "error":
                        chat.socket_errors[frame.get("code", "error")] += 1
                    elif kind == "chat" and "id" in frame:
                        if frame.get("from") == user_id:
                            chat.sent[frame["id"]] = frame.get("to")
                            started = chat.pending.pop(frame.get("content", ""), None)
                            if started is not None:
                                chat.latencies.append((time.perf_counter() - started) * 1000)
                        if frame.get("to") == user_id:
                            chat.received[user_id][frame["id"]] += 1
                        chat.last_seen[user_id] = max(chat.last_seen.get(user_id, 0), frame["id"])

            read_task = asyncio.create_task(reader())
            while time.perf_counter() < stop_at:
                await asyncio.sleep(CHAT_INTERVAL * (0.5 + random.random()))
                content = f"load {user_id}-{next(counter)}"
                chat.pending[content] = time.perf_counter()
                await ws.send(json.dumps({"type": "chat", "to": random.choice(peers), "content": content}))
            await asyncio.sleep(1.0)  # let the last pushes arrive
            read_task.cancel()
            with contextlib.suppress(asyncio.CancelledError, Exception):
                await read_task
    except Exception as exc:  # a broken socket is counted (socket_errors), not fatal to the run
        chat.socket_errors[type(exc).__name__] += 1


async def final_sync(port: int, user_id: int, token: str, chat: Chat):
    """Fetch what a user missed live (`sync` after the last id seen): nothing may be missing at the end."""
    import websockets

    async with websockets.connect(f"ws://127.0.0.1:{port}/ws/chat/", open_timeout=10, max_size=2**22) as ws:
        await ws.send(json.dumps({"type": "auth", "token": token}))
        await asyncio.wait_for(ws.recv(), 10)
        after = 0  # from the start: a message seen twice is a duplicate, and must show up as one
        while True:
            await ws.send(json.dumps({"type": "sync", "after": after}))
            more = False
            while True:
                frame = json.loads(await asyncio.wait_for(ws.recv(), 20))
                if frame.get("type") == "synced":
                    more = bool(frame.get("more"))
                    after = frame.get("last") or after
                    break
                if frame.get("type") == "chat" and frame.get("to") == user_id:
                    chat.received.setdefault(-user_id, Counter())[frame["id"]] += 1
            if not more:
                return


async def seller_loop(client: Client, stop_at: float, budget):
    while time.perf_counter() < stop_at and next(budget, None) is not None:
        status, body = await client.call("trades_pending", "GET", "/api/v1/trades?role=seller&state=pending&size=20")
        rows = (body or {}).get("data", {}).get("list", []) if status == 200 else []
        if rows:
            trade = random.choice(rows)
            await client.call("trade_accept", "POST", f"/api/v1/trades/{trade['id']}/accept")
        else:
            await asyncio.sleep(0.05)


async def buyer_loop(client: Client, items: list[dict], merchant: dict | None, stop_at: float, budget, features):
    while time.perf_counter() < stop_at and next(budget, None) is not None:
        roll = random.random()
        if roll < 0.45:
            page = random.randint(1, 3)
            status, body = await client.call("items_list", "GET", f"/api/v1/items?page={page}&size=20")
            rows = (body or {}).get("data", {}).get("list", []) if status == 200 else []
            if rows:
                await client.call("item_get", "GET", f"/api/v1/items/{random.choice(rows)['id']}")
        elif roll < 0.7:
            item = random.choice(items)
            await client.call("item_want", "POST", f"/api/v1/items/{item['id']}/want")
        elif roll < 0.9:
            status, body = await client.call("trades_processing", "GET",
                                             "/api/v1/trades?role=buyer&state=processing&size=20")
            rows = (body or {}).get("data", {}).get("list", []) if status == 200 else []
            if rows:
                await client.call("trade_confirm", "POST", f"/api/v1/trades/{rows[0]['id']}/confirm")
        elif merchant and features["orders"]:
            await client.call("order_exchange", "POST", "/api/v1/orders/exchange", {
                "merchant": merchant["id"], "direction": "buy", "amount": "100.00", "rate": "0.150000"})
        else:
            await client.call("profile_get", "GET", "/api/v1/users/profile")


def run_script(script: str, env: dict, *args: str) -> dict:
    result = subprocess.run([PYTHON, "-c", script, *args], cwd=ROOT, env=env, capture_output=True, text=True,
                            timeout=300)
    if result.returncode != 0:
        raise RuntimeError(result.stderr[-3000:])
    line = next(line for line in result.stdout.splitlines() if "=" in line and line.split("=", 1)[0].isupper())
    return json.loads(line.split("=", 1)[1])


def schema_paths(base: str) -> set[str]:
    import urllib.request

    with urllib.request.urlopen(base + "/api/schema/?format=json", timeout=30) as response:  # noqa: S310
        return set(json.loads(response.read())["paths"])


async def workload(port: int, setup: dict, features: dict) -> tuple[Stats, Chat, float]:
    stats, chat = Stats(), Chat()
    users = setup["users"]
    sellers = [users[f"load_seller_{i}"] for i in range(SELLERS)]
    buyers = [users[f"load_buyer_{i}"] for i in range(BUYERS)]
    stop_at = time.perf_counter() + DURATION
    budget = iter(range(MAX_REQUESTS))
    tasks = []
    if features["trades"]:
        tasks += [seller_loop(Client(port, s["token"], stats), stop_at, budget) for s in sellers]
        tasks += [buyer_loop(Client(port, b["token"], stats), setup["items"], setup.get("merchant"), stop_at, budget,
                             features) for b in buyers]
    if features["chat"]:
        everyone = sellers + buyers
        ids = [u["id"] for u in everyone]
        for u in everyone:
            peers = [i for i in ids if i != u["id"]]
            tasks.append(socket_user(port, u["id"], u["token"], peers, chat, stop_at))
    started = time.perf_counter()
    await asyncio.gather(*tasks)
    elapsed = time.perf_counter() - started
    if features["chat"]:
        for u in sellers + buyers:
            await final_sync(port, u["id"], u["token"], chat)
    return stats, chat, elapsed


def main() -> int:
    env = bench_env()
    run = str(int(time.time()))
    ensure_database(env)  # standalone runs too: the schema must match the code
    with running_server("uvicorn", workers=2, env=env, name="load") as server:
        paths = schema_paths(server.base)
        features = {
            "trades": "/api/v1/items/{item_id}/want" in paths and bool(
                {"/api/v1/trades/{trade_id}/accept", "/api/v1/trades/{trade_id}/{action}"} & paths),
            "orders": "/api/v1/orders/exchange" in paths,
            "chat": True,  # the socket spine; chat frames are refused with an error frame until chat lands
        }
        status, _body = http_json(server.base, "GET", "/healthz")
        assert status == 200
        setup = run_script(SETUP, env, run, str(SELLERS), str(BUYERS), str(ITEMS_PER_SELLER))
        print(f"load: {DURATION:.0f}s, {SELLERS} sellers, {BUYERS} buyers, {len(setup['items'])} items; "
              f"parts: {', '.join(name for name, on in features.items() if on)}"
              f"{'; not available: ' + ', '.join(n for n, on in features.items() if not on) if not all(features.values()) else ''}",
              flush=True)
        stats, chat, elapsed = asyncio.run(workload(server.port, setup, features))

    failures = []
    figure("load.requests_per_second", stats.requests / elapsed if elapsed else 0, "req/s")
    for op in sorted(stats.latencies):
        values = stats.latencies[op]
        codes = ", ".join(f"{code}×{n}" for code, n in sorted(stats.statuses[op].items()))
        figure(f"load.{op}.p50", percentile(values, 50), "ms")
        figure(f"load.{op}.p99", percentile(values, 99), "ms")
        print(f"load.{op}: {len(values)} requests ({codes})", flush=True)
    errors = sum(stats.errors.values())
    throttled = sum(c[429] for c in stats.statuses.values())
    figure("load.errors", errors, "count")
    figure("load.throttled_429", throttled, "count")
    for sample in stats.error_samples:
        print(f"  error: {sample}", flush=True)
    if errors:
        failures.append(f"{errors} errors")

    if features["chat"]:
        delivered = {uid: ids for uid, ids in chat.received.items() if uid > 0}
        synced = {-uid: ids for uid, ids in chat.received.items() if uid < 0}
        lost = [mid for mid, to in chat.sent.items() if mid not in delivered.get(to, {}) and mid not in synced.get(to, {})]
        duplicates = [mid for ids in synced.values() for mid, n in ids.items() if n > 1]
        figure("load.chat_messages", len(chat.sent), "count")
        figure("load.chat_roundtrip.p50", percentile(chat.latencies, 50), "ms")
        figure("load.chat_roundtrip.p99", percentile(chat.latencies, 99), "ms")
        figure("load.chat_lost", len(lost), "count")
        if chat.socket_errors:
            print(f"load.chat socket errors: {dict(chat.socket_errors)}", flush=True)
        if lost or duplicates:
            failures.append(f"chat: {len(lost)} lost, {len(duplicates)} duplicated in sync")
        if not chat.sent:
            print("load: chat frames not available on this server (no message confirmed)", flush=True)

    if features["trades"]:
        ids = [item["id"] for item in setup["items"]]
        invariants = run_script(INVARIANTS, env, json.dumps(ids))
        print(f"load.invariants: {json.dumps(invariants)}", flush=True)
        for key in ("items_with_two_processing", "sold_without_one_completed_trade", "completed_without_events"):
            if invariants[key]:
                failures.append(f"{key}: {invariants[key][:10]}")
    else:
        print("load: items/trades not available: browsing, wanting, accepting and the trade invariants left out",
              flush=True)
    print("load: " + ("OK, zero errors and zero broken invariants" if not failures else "FAILED: " + "; ".join(failures)),
          flush=True)
    return 0 if not failures else 1


if __name__ == "__main__":
    sys.exit(main())
