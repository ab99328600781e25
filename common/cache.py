"""Redis outages degrade, never 500 (DESIGN §9 "Redis outage").

`TolerantRedisCache` is Django's Redis cache whose every call, when Redis does not answer, logs (at most once
per LOG_EVERY seconds) and answers what an empty cache would: reads miss, writes are dropped, counters count
from the delta. Throttles and lockouts therefore fail open for the outage, and pages read the database.

`cache_mark_dirty`/`cache_dirty`/`cache_repair` keep a derived cache (the seed's order cache) from staying
stale: a write whose refresh failed records the ids in the database; readers bypass the cache while it is
dirty, and the first reader after Redis is back refreshes those ids and clears the mark."""

import logging
import time

from django.core.cache.backends.redis import RedisCache
from django.db import transaction
from redis.exceptions import RedisError

from common.models import CacheState
from common.redis import PooledRedisCache

logger = logging.getLogger(__name__)
LOG_EVERY = 10.0
DIRTY_MAX_IDS = 10_000
DIRTY_CHECK_EVERY = 1.0  # seconds a process trusts its last look at the dirty mark
_last_log = 0.0
_dirty_seen: dict[str, tuple[float, bool]] = {}


def redis_outage_log(what: str, exc: Exception) -> None:
    global _last_log
    now = time.monotonic()
    if now - _last_log >= LOG_EVERY:
        _last_log = now
        logger.warning("Redis unavailable (%s): %s; degrading", what, exc)


def _tolerant(method, fallback):
    def call(self, *args, **kwargs):
        try:
            return method(self, *args, **kwargs)
        except (RedisError, OSError) as exc:
            redis_outage_log(f"cache.{method.__name__}", exc)
            return fallback(*args, **kwargs)

    call.__name__ = method.__name__
    return call


def _default(key, default=None, *args, **kwargs):
    return default


class TolerantRedisCache(PooledRedisCache):
    """The pooled cache (common/redis.py) that degrades to misses and dropped writes when Redis is down."""

    get = _tolerant(RedisCache.get, _default)
    set = _tolerant(RedisCache.set, lambda *a, **k: None)
    add = _tolerant(RedisCache.add, lambda *a, **k: True)
    touch = _tolerant(RedisCache.touch, lambda *a, **k: False)
    delete = _tolerant(RedisCache.delete, lambda *a, **k: False)
    get_many = _tolerant(RedisCache.get_many, lambda *a, **k: {})
    has_key = _tolerant(RedisCache.has_key, lambda *a, **k: False)
    incr = _tolerant(RedisCache.incr, lambda key, delta=1, *a, **k: delta)
    set_many = _tolerant(RedisCache.set_many, lambda *a, **k: [])
    delete_many = _tolerant(RedisCache.delete_many, lambda *a, **k: None)
    clear = _tolerant(RedisCache.clear, lambda *a, **k: False)


def cache_mark_dirty(name: str, ids) -> None:
    """Record that these ids' cache entries may be stale (their refresh failed); never raises."""
    try:
        with transaction.atomic():
            state, _ = CacheState.objects.select_for_update().get_or_create(name=name)
            known = set(state.dirty_ids or [])
            known.update(str(i) for i in ids)
            state.overflow = state.overflow or len(known) > DIRTY_MAX_IDS
            state.dirty_ids = [] if state.overflow else sorted(known)
            state.version += 1
            state.dirty = True
            state.save()
        _dirty_seen[name] = (time.monotonic(), True)
    except Exception:  # noqa: BLE001 - the request already succeeded; the cache is only derived data
        logger.exception("could not mark the %s cache dirty", name)


def cache_dirty(name: str) -> bool:
    now = time.monotonic()
    seen = _dirty_seen.get(name)
    if seen is None or now - seen[0] >= DIRTY_CHECK_EVERY:
        seen = (now, CacheState.objects.filter(name=name, dirty=True).exists())
        _dirty_seen[name] = seen
    return seen[1]


def cache_repair(name: str, repair) -> bool:
    """Call `repair(ids)` (ids None: everything) for a dirty cache and clear the mark if nothing changed
    meanwhile; True when the cache is clean afterwards. Redis errors leave it dirty."""
    state = CacheState.objects.filter(name=name, dirty=True).first()
    if state is None:
        _dirty_seen[name] = (time.monotonic(), False)
        return True
    try:
        repair(None if state.overflow else state.dirty_ids)
    except (RedisError, OSError) as exc:
        redis_outage_log(f"{name} cache repair", exc)
        return False
    cleaned = CacheState.objects.filter(name=name, version=state.version).update(
        dirty=False, dirty_ids=[], overflow=False)
    _dirty_seen[name] = (time.monotonic(), not cleaned)
    return bool(cleaned)
