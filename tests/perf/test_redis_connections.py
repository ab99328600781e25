"""Issue 19: under ASGI every request used to open a Redis connection for the Django cache (501 for 500
requests under uvicorn). One pool per process: 500 requests that touch the cache open at most two."""

import asyncio
import contextvars

import pytest
import redis.asyncio.connection as async_connection
import redis.connection as sync_connection
from asgiref.sync import async_to_sync
from django.conf import settings
from django.test import AsyncClient

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(not settings.REDIS_URL, reason="needs REDIS_URL"),
]


def _count_sockets(monkeypatch, opened):
    """Count the sockets redis-py opens (sync: the Django cache and the app clients; async: the channel layer)."""
    sync_connect, async_connect = sync_connection.Connection._connect, async_connection.Connection._connect

    def counted_sync(self):
        opened.append("sync")
        return sync_connect(self)

    async def counted_async(self):
        opened.append("async")
        return await async_connect(self)

    monkeypatch.setattr(sync_connection.Connection, "_connect", counted_sync)
    monkeypatch.setattr(async_connection.Connection, "_connect", counted_async)


def test_500_cached_requests_under_asgi_open_at_most_two_connections(monkeypatch):
    opened = []
    _count_sockets(monkeypatch, opened)

    async def run():
        statuses = set()
        for _ in range(500):
            # A task per request, as an ASGI server runs them: each starts from a fresh context.
            response = await asyncio.create_task(AsyncClient().get("/healthz"))  # database, cache, channel layer
            statuses.add(response.status_code)
        return statuses

    # An empty context, as under the server: nothing (test set-up included) has made a cache object yet.
    assert contextvars.Context().run(async_to_sync(run)) == {200}
    sync_opened = [c for c in opened if c == "sync"]
    assert len(sync_opened) <= 2, len(sync_opened)
    assert len(opened) <= 4, len(opened)
