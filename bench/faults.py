"""`make faults`: Redis stopped for 10 s under mixed traffic (issue 17, DESIGN §9 "Redis outage").

Starts its own redis-server on a spare port (FAULTS_REDIS_PORT, else a free one; never a shared Redis), the
product under gunicorn (on FAULTS_PORT, else a free port) on the bench database (PostgreSQL, DATABASE_URL or the bench default) with that Redis,
and runs FAULTS_CLIENTS threads of mixed traffic — chat sends, order placing, order lists, token logins —
for FAULTS_SECONDS, stopping Redis FAULTS_OUTAGE seconds (default 10) in the middle. Passes when:
0 answers 5xx (the health probe aside, which must say 503 during the outage), 0 chat messages lost (every
201 is stored), and 5 s after Redis returns the order cache is clean and equal to the database.
Then, with the same Redis, `bench.faults_sweep` (its own database): a worker killed mid-sweep → every due
trade timeout applied exactly once (see that module). Not part of `make test`.

    make faults        # or: .venv/bin/python -m bench.faults
"""

import os
import random
import subprocess
import tempfile
import threading
import time
import uuid
from collections import Counter
from decimal import Decimal
from pathlib import Path

from bench.common import PYTHON, ROOT, bench_env, django_setup, ensure_database, free_port, http_json, running_server
from bench.redis_server import RedisServer

SECONDS = float(os.environ.get("FAULTS_SECONDS", "22"))
OUTAGE = float(os.environ.get("FAULTS_OUTAGE", "10"))
CLIENTS = int(os.environ.get("FAULTS_CLIENTS", "4"))


def _seed(run: str) -> dict:
    from accounts.models import User
    from common.tokens import token_pair
    from merchants.models import Merchant, Product

    users = []
    for name in ("a", "b"):
        user = User.objects.create(username=f"faults_{run}_{name}")
        user.set_password("faults-pass-0123")
        user.save()
        users.append(user)
    owner = User.objects.create(username=f"faults_{run}_m")
    merchant = Merchant.objects.create(user=owner, merchant_type="flower_shop", business_name="Faults",
                                       contact_person="f", contact_phone="13800000001", status="approved")
    product = Product.objects.create(merchant=merchant, name="Faults rose", price=Decimal("3.00"))
    return {"users": [{"id": u.pk, "name": u.username, "token": token_pair(u)["access"]} for u in users],
            "product": product.pk}


def _traffic(base: str, seed: dict, stop_at: float, tally: Counter, sent: list, lock: threading.Lock):
    me, peer = random.sample(seed["users"], 2)
    while time.monotonic() < stop_at:
        op = random.choice(["message", "message", "orders", "place", "token"])
        if op == "message":
            content = f"faults {uuid.uuid4().hex[:12]}"
            status, _ = http_json(base, "POST", "/api/v1/messages", {"to": peer["id"], "content": content}, me["token"])
            if status == 201:
                with lock:
                    sent.append(content)
        elif op == "orders":
            status, _ = http_json(base, "GET", "/api/v1/orders?size=100", token=me["token"])
        elif op == "place":
            status, _ = http_json(base, "POST", "/api/v1/orders/product",
                                  {"items": [{"product": seed["product"], "quantity": 1}]}, me["token"])
        else:
            status, _ = http_json(base, "POST", "/api/v1/auth/token",
                                  {"username": me["name"], "password": "faults-pass-0123"})
        with lock:
            tally[(op, status)] += 1


def _cache_equals_database(user_ids) -> tuple[bool, str]:
    from common.cache import cache_dirty
    from orders import cache, selectors
    from orders.shapes import order_row

    if cache_dirty(cache.CACHE_NAME) and not cache.order_list_cached_or_none(user_id=user_ids[0], offset=0, size=1):
        return False, "the order cache is still dirty"
    for user_id in user_ids:
        rows = [order_row(o) for o in selectors.order_list_for_user_id(user_id=user_id)]
        cached, total = cache.order_list_cached(user_id=user_id, offset=0, size=10_000)
        if total != len(rows) or [r["id"] for r in cached] != [r["id"] for r in rows]:
            return False, f"user {user_id}: cache {total} orders, database {len(rows)}"
    return True, "equal"


def main() -> int:
    run = uuid.uuid4().hex[:8]
    with tempfile.TemporaryDirectory() as directory:
        redis = RedisServer(int(os.environ.get("FAULTS_REDIS_PORT") or free_port()), Path(directory))
        redis.start()
        try:
            env = bench_env(REDIS_URL=redis.url, TRADEPOST_NAMESPACE=f"tp:faults:{run}", REDIS_SOCKET_TIMEOUT="0.5")
            ensure_database(env)
            django_setup(env)
            seed = _seed(run)
            tally, sent, lock = Counter(), [], threading.Lock()
            health = Counter()
            with running_server("gunicorn", env=env, workers=2, name="faults",
                                port=int(os.environ.get("FAULTS_PORT") or 0) or None) as server:
                stop_at = time.monotonic() + SECONDS
                threads = [threading.Thread(target=_traffic, args=(server.base, seed, stop_at, tally, sent, lock))
                           for _ in range(CLIENTS)]
                for thread in threads:
                    thread.start()
                time.sleep(max(1.0, (SECONDS - OUTAGE) / 3))
                redis.stop()
                outage_end = time.monotonic() + OUTAGE
                while time.monotonic() < outage_end:
                    health[http_json(server.base, "GET", "/healthz")[0]] += 1
                    time.sleep(1.0)
                redis.start()
                for thread in threads:
                    thread.join()
                time.sleep(5.0)
                cache_ok, cache_note = _cache_equals_database([u["id"] for u in seed["users"]])
            sweep_ok = subprocess.run([PYTHON, "-m", "bench.faults_sweep"], cwd=ROOT,
                                      env={**os.environ, "REDIS_URL": redis.url}).returncode == 0
        finally:
            redis.stop()

    from chat.models import Message

    stored = set(Message.objects.filter(content__in=sent).values_list("content", flat=True))
    errors = {key: n for key, n in tally.items() if key[1] >= 500}
    print(f"requests: {sum(tally.values())}  by op/status: {dict(sorted(tally.items()))}")
    print(f"healthz during the outage: {dict(health)}")
    print(f"5xx: {sum(errors.values())}  chat sent (201): {len(sent)}  lost: {len(set(sent) - stored)}")
    print(f"order cache 5 s after Redis returned: {cache_note}")
    print(f"worker killed mid-sweep: {'every due timeout applied exactly once' if sweep_ok else 'FAIL'}")
    ok = not errors and set(sent) <= stored and cache_ok and health.get(503, 0) > 0 and sweep_ok
    print("faults: PASS" if ok else "faults: FAIL")
    return 0 if ok else 1


if __name__ == "__main__":
    raise SystemExit(main())
