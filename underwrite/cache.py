"""Seed 002 cache (DESIGN §8 "Cache"): `underwrite-id`, a sorted set of underwrite ids scored by update time,
and `underwrite-entities`, a hash of id → the underwrite's JSON answer. Used only when REDIS_URL is set;
written after commit; reads fall back to the database (selectors) on a miss or a Redis failure."""

import json
import logging

import redis
from django.conf import settings
from django.db import transaction

from common import redis as common_redis
from underwrite.serializers import parse_instant

logger = logging.getLogger(__name__)

ID_KEY = "underwrite-id"
ENTITIES_KEY = "underwrite-entities"


def enabled() -> bool:
    return bool(settings.REDIS_URL)


def key(name: str) -> str:
    return f"{settings.NAMESPACE}:{name}"


def get_client() -> redis.Redis:
    return common_redis.client()


def _score(data: dict) -> float:
    return parse_instant(data["updated_at"]).timestamp()


def underwrite_cached(underwrite_id) -> dict | None:
    """The cached answer of one underwrite, or None (cache off, miss, or Redis unavailable)."""
    if not enabled():
        return None
    try:
        raw = get_client().hget(key(ENTITIES_KEY), str(underwrite_id))
    except redis.RedisError as exc:
        logger.warning("underwrite cache read failed: %s", exc)
        return None
    return json.loads(raw) if raw else None


def underwrite_store(data: dict) -> None:
    """Write one answer unless the cache already holds a newer one (after-commit writes may interleave)."""
    if not enabled():
        return
    client = get_client()
    ids, entities, member, score = key(ID_KEY), key(ENTITIES_KEY), data["id"], _score(data)
    try:
        with client.pipeline() as pipe:
            for _attempt in range(5):
                try:
                    pipe.watch(ids)
                    current = pipe.zscore(ids, member)
                    if current is not None and current > score:
                        pipe.unwatch()
                        return
                    pipe.multi()
                    pipe.zadd(ids, {member: score})
                    pipe.hset(entities, member, json.dumps(data, ensure_ascii=False))
                    pipe.execute()
                    return
                except redis.WatchError:
                    continue
            logger.warning("underwrite cache write for %s gave up after retries", member)
            client.hdel(entities, member)
    except redis.RedisError as exc:
        logger.warning("underwrite cache write failed: %s", exc)


def underwrite_forget(underwrite_id) -> None:
    if not enabled():
        return
    try:
        client = get_client()
        client.zrem(key(ID_KEY), str(underwrite_id))
        client.hdel(key(ENTITIES_KEY), str(underwrite_id))
    except redis.RedisError as exc:
        logger.warning("underwrite cache delete failed: %s", exc)


def underwrite_store_on_commit(data: dict) -> None:
    """Write the answer to the cache once the transaction commits (nothing if it rolls back)."""
    if enabled():
        transaction.on_commit(lambda: underwrite_store(data))


def underwrite_forget_on_commit(underwrite_id) -> None:
    if enabled():
        transaction.on_commit(lambda: underwrite_forget(underwrite_id))


def underwrite_ids_by_update(*, limit: int = 100) -> list[str]:
    """Newest-updated underwrite ids from the sorted set (the seed's 核保汇总)."""
    if not enabled():
        return []
    return [member.decode() for member in get_client().zrevrange(key(ID_KEY), 0, limit - 1)]
