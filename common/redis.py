"""One Redis connection pool per process and URL (PERF-NOTES: under ASGI, Django's Redis cache opened a new
connection for every request, because each request context built its own cache object and pool).

`client()` is the pooled client every app uses (orders cache, underwrite cache); `PooledRedisCache` is the
Django cache backend that draws from the same pools.
"""

import threading

import redis
from django.conf import settings
from django.core.cache.backends.redis import RedisCache, RedisCacheClient

_pools: dict[str, redis.ConnectionPool] = {}
_lock = threading.Lock()


def pool(url: str | None = None) -> redis.ConnectionPool:
    """The process-wide pool for `url` (REDIS_URL by default), made on first use."""
    url = url or settings.REDIS_URL
    found = _pools.get(url)
    if found is None:
        with _lock:
            found = _pools.get(url)
            if found is None:
                # Short timeouts: Redis down costs a request one timeout, not a hang (common/cache.py).
                timeout = getattr(settings, "REDIS_SOCKET_TIMEOUT", None)
                found = _pools[url] = redis.ConnectionPool.from_url(
                    url, socket_timeout=timeout, socket_connect_timeout=timeout)
    return found


_clients: dict[str, redis.Redis] = {}


def client(url: str | None = None) -> redis.Redis:
    """The process-wide client for `url` (thread-safe: it takes a connection from the pool per command)."""
    url = url or settings.REDIS_URL
    found = _clients.get(url)
    if found is None:
        found = _clients.setdefault(url, redis.Redis(connection_pool=pool(url)))
    return found


def connections_made() -> int:
    """Connections the pools of this process have opened so far (for tests and the bench)."""
    return sum(p._created_connections for p in _pools.values())


class _PooledClient(RedisCacheClient):
    def _get_connection_pool(self, write):
        index = self._get_connection_pool_index(write)
        return pool(self._servers[index])

    def get_client(self, key=None, *, write=False):
        # One client object per pool: building a redis.Redis (its callback tables) costs more than a GET.
        return client(self._servers[self._get_connection_pool_index(write)])


class PooledRedisCache(RedisCache):
    """Django's Redis cache over the process-wide pools (settings CACHES BACKEND)."""

    def __init__(self, server, params):
        super().__init__(server, params)
        self._class = _PooledClient
