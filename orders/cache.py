"""The seed-002 order cache (DESIGN §3.3, §8), used only when `REDIS_URL` is set.

Logical keys are the seed's: sorted sets `orders`, `orders-{uid}`, `plan-orders`, `driver-orders`,
`sale-orders` (score = the order's update time, member = order id) and hashes `order-entities` (order id →
order JSON) and `order-driver-entities` (vehicle id → effective drivers JSON). Every physical key is
prefixed with `settings.NAMESPACE + ":"` so parallel test workers and several checkouts can share one Redis.

Writes happen after commit on every order event (re-reading the committed row, so a rolled-back change never
reaches the cache); a missing `orders-{uid}` set or entity is rebuilt from the database on read."""

import json
import logging

import redis
from django.conf import settings
from django.db import transaction

from common import redis as common_redis
from common.cache import cache_dirty, cache_mark_dirty, cache_repair, redis_outage_log
from orders.shapes import order_row

logger = logging.getLogger(__name__)

KIND_SETS = {"plan": "plan-orders", "driver": "driver-orders", "sale": "sale-orders"}
ENTITIES = "order-entities"
DRIVER_ENTITIES = "order-driver-entities"
CACHE_NAME = "orders"  # its dirty mark (common.CacheState)

_client_override = None


def enabled() -> bool:
    return _client_override is not None or bool(settings.REDIS_URL)


def use_client(client) -> None:
    """Point the cache at another client (tests use fakeredis when no Redis is configured); None resets."""
    global _client_override
    _client_override = client


def client() -> redis.Redis:
    if _client_override is not None:
        return _client_override
    return common_redis.client()


def key(name: str) -> str:
    return f"{settings.NAMESPACE}:{name}"


def user_key(user_id) -> str:
    return key(f"orders-{user_id}")


def _score(order) -> float:
    return order.updated_at.timestamp()


def _user_ids(order) -> list:
    return [order.buyer_id] + ([order.merchant.user_id] if order.merchant_id else [])


def _write(pipe, order, row: dict, *, users=None) -> None:
    """Queue the writes for one order; `users` limits which per-user sets get it (default: all of them)."""
    member = str(order.id)
    score = _score(order)
    pipe.hset(key(ENTITIES), member, json.dumps(row))
    pipe.zadd(key("orders"), {member: score})
    for user_id in _user_ids(order):
        if users is None or user_id in users:
            pipe.zadd(user_key(user_id), {member: score})
    if order.kind in KIND_SETS:
        pipe.zadd(key(KIND_SETS[order.kind]), {member: score})
    if order.kind == "driver" and order.vehicle_id:
        # The effective drivers of this vehicle may have changed: drop them; the next read rebuilds.
        pipe.hdel(key(DRIVER_ENTITIES), str(order.vehicle_id))


def orders_refresh(order_ids) -> None:
    """Write the committed state of these orders into every key that lists them."""
    from orders.selectors import order_list_queryset

    if not enabled() or not order_ids:
        return
    orders = list(order_list_queryset().filter(pk__in=list(order_ids)))
    redis_client = client()
    # A user's set is only extended when it exists: creating it here would hide the user's other orders
    # until it expires; a missing set is rebuilt whole from the database on the next read instead.
    user_ids = sorted({user_id for order in orders for user_id in _user_ids(order)})
    pipe = redis_client.pipeline(transaction=False)
    for user_id in user_ids:
        pipe.exists(user_key(user_id))
    cached_users = {user_id for user_id, present in zip(user_ids, pipe.execute(), strict=True) if present}
    pipe = redis_client.pipeline(transaction=False)
    for order in orders:
        _write(pipe, order, order_row(order), users=cached_users)
    pipe.execute()


def orders_refresh_on_commit(order_ids) -> None:
    """Refresh these orders once the current transaction commits (nothing if it rolls back)."""
    if not enabled():
        return
    ids = list(order_ids)

    def refresh():
        try:
            orders_refresh(ids)
        except (redis.RedisError, OSError) as exc:
            # The database stays the truth and the request has succeeded. The cache is marked dirty: readers
            # bypass it until the first read after Redis is back redoes these orders (issue 17 #5).
            redis_outage_log("order cache refresh", exc)
            cache_mark_dirty(CACHE_NAME, ids)

    transaction.on_commit(refresh)


def _rebuild_user(user_id) -> None:
    from orders.selectors import order_list_for_user_id

    orders = list(order_list_for_user_id(user_id=user_id))
    pipe = client().pipeline(transaction=False)
    pipe.delete(user_key(user_id))
    for order in orders:
        _write(pipe, order, order_row(order), users={user_id})
    pipe.execute()


def order_list_cached(*, user_id, offset: int, size: int) -> tuple[list[dict], int]:
    """One page of the user's orders, newest update first, read from the cache (rebuilt on a miss)."""
    redis_client = client()
    ukey = user_key(user_id)
    if not redis_client.exists(ukey):
        _rebuild_user(user_id)
    pipe = redis_client.pipeline(transaction=False)
    pipe.zcard(ukey)
    pipe.zrevrange(ukey, offset, offset + size - 1)
    total, members = pipe.execute()
    if not members:
        return [], total
    ids = [m.decode() for m in members]
    blobs = redis_client.hmget(key(ENTITIES), ids)
    missing = [order_id for order_id, blob in zip(ids, blobs, strict=True) if blob is None]
    if missing:
        orders_refresh(missing)
        blobs = redis_client.hmget(key(ENTITIES), ids)
    return [json.loads(blob) for blob in blobs if blob is not None], total


def _repair(order_ids) -> None:
    """Redo the orders whose refresh failed; None (too many): drop every per-user set and entity (rebuilt
    from the database on read)."""
    if order_ids is not None:
        orders_refresh(order_ids)
        return
    redis_client = client()
    stale = list(redis_client.scan_iter(match=key("orders-*"), count=1000))
    redis_client.delete(key(ENTITIES), key(DRIVER_ENTITIES), *stale)


def order_list_cached_or_none(*, user_id, offset: int, size: int) -> tuple[list[dict], int] | None:
    """`order_list_cached`, or None when the cache cannot be trusted now (Redis down, or dirty and not yet
    repairable): the caller reads the database."""
    try:
        if cache_dirty(CACHE_NAME) and not cache_repair(CACHE_NAME, _repair):
            return None
        return order_list_cached(user_id=user_id, offset=offset, size=size)
    except (redis.RedisError, OSError) as exc:
        redis_outage_log("order list", exc)
        return None


def effective_drivers_cached(*, vehicle_id, compute) -> list[dict]:
    """The effective drivers of a vehicle from `order-driver-entities`, computed and stored on a miss (or
    computed when Redis does not answer or the cache is dirty)."""
    try:
        if cache_dirty(CACHE_NAME):
            return compute()
        return _effective_drivers_cached(vehicle_id=vehicle_id, compute=compute)
    except (redis.RedisError, OSError) as exc:
        redis_outage_log("effective drivers", exc)
        return compute()


def _effective_drivers_cached(*, vehicle_id, compute) -> list[dict]:
    redis_client = client()
    blob = redis_client.hget(key(DRIVER_ENTITIES), str(vehicle_id))
    if blob is not None:
        return json.loads(blob)
    rows = compute()
    redis_client.hset(key(DRIVER_ENTITIES), str(vehicle_id), json.dumps(rows))
    return rows
