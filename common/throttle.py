"""Throttles that belong to an action (issue 13 item 7): enforced inside the service, so every door — API,
page, legacy route, JSON-RPC, socket — counts against the same limit. Rates are DRF's rate strings in
`REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"]` (`want`, `apply`, …), read at call time; counters are fixed
windows in the shared cache (Redis in the scaled mode; with Redis down the limit fails open)."""

import time

from django.conf import settings
from django.core.cache import cache
from django.utils.translation import gettext as _
from redis.exceptions import RedisError

from common.cache import redis_outage_log
from common.errors import RateLimited

PERIODS = {"s": 1, "m": 60, "h": 3600, "d": 86400}


def rate_parse(rate: str) -> tuple[int, int]:
    """'60/min' → (60, 60): requests, seconds (DRF's format)."""
    count, period = rate.split("/")
    return int(count), PERIODS[period[0]]


def count_in_window(key: str, *, ttl: int) -> int:
    """Increment a counter that expires with its window; one Redis round trip when the cache is Redis."""
    redis_cache = getattr(cache, "_cache", None)
    if hasattr(redis_cache, "get_client"):
        full_key = cache.make_and_validate_key(key)
        # INCR creates the key at 1; EXPIRE NX sets the window's end once. Pipelined: one round trip instead
        # of Django's add() + exists() + incr().
        try:
            with redis_cache.get_client(full_key, write=True).pipeline(transaction=False) as pipe:
                pipe.incr(full_key)
                pipe.expire(full_key, ttl, nx=True)
                count, _ = pipe.execute()
        except (RedisError, OSError) as exc:  # Redis down: the limit fails open
            redis_outage_log("rate window", exc)
            return 0
        return int(count)
    # add() is atomic and a no-op when the key exists, so concurrent first sends do not reset the count.
    cache.add(key, 0, timeout=ttl)
    try:
        return cache.incr(key)
    except ValueError:  # expired between add() and incr()
        cache.add(key, 1, timeout=ttl)
        return 1


def action_throttle(*, scope: str, ident) -> None:
    """Count one `scope` action by `ident` (a user id, or an address for anonymous actions); raise
    RateLimited (429, `retry_after`) past the configured rate. No rate configured: no limit."""
    rate = settings.REST_FRAMEWORK.get("DEFAULT_THROTTLE_RATES", {}).get(scope)
    if not rate:
        return
    limit, period = rate_parse(rate)
    bucket = int(time.time() // period)
    if count_in_window(f"throttle:{scope}:{ident}:{bucket}", ttl=period + 1) > limit:
        retry_after = max(0.0, (bucket + 1) * period - time.time())
        raise RateLimited(_("Too many requests; try again in %(seconds)d seconds.") % {"seconds": int(retry_after) + 1},
                          data={"retry_after": round(retry_after, 3)})
