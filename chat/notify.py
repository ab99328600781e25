"""The one way any app tells a user something live: after commit, to the group `user.<id>`.

Services call `notify()` (or `notify_many()` for a batch) inside their transaction; nothing is sent if the
transaction rolls back. Store the message first (chat.services) so an offline user gets it through `sync`.
"""

import asyncio
import logging
from collections import defaultdict

from asgiref.sync import async_to_sync
from channels.layers import get_channel_layer
from django.db import transaction

logger = logging.getLogger(__name__)


def user_group(user_id: int) -> str:
    return f"user.{int(user_id)}"


async def _publish_pipelined(layer, events: list[tuple[int, dict]]) -> bool:
    """Send a batch through RedisPubSubChannelLayer as one pipeline of PUBLISH commands per shard.

    The layer's own group_send holds a lock around one PUBLISH and waits for its reply, so a notice to 500
    users costs 500 sequential Redis round trips; a pipeline costs one. This reaches into channels-redis
    (pinned in requirements.txt); if its internals change we fall back to plain group_send (returns False)."""
    try:
        loop_layer = layer._get_layer()
        by_shard = defaultdict(list)
        for user_id, event in events:
            channel = loop_layer._get_group_channel_name(user_group(user_id))
            by_shard[loop_layer._get_shard(channel)].append((channel, layer.serialize(event)))
    except AttributeError:
        return False
    for shard, items in by_shard.items():
        async with shard._lock:
            shard._ensure_redis()
            async with shard._redis.pipeline(transaction=False) as pipe:
                for channel, data in items:
                    pipe.publish(channel, data)
                await pipe.execute()
    return True


async def _send_all(events: list[tuple[int, dict]]) -> None:
    layer = get_channel_layer()
    if len(events) > 1 and type(layer).__name__ == "RedisPubSubChannelLayer":
        try:
            if await _publish_pipelined(layer, events):
                return
        except Exception as exc:  # noqa: BLE001 — the message is stored; the client catches up with `sync`
            logger.warning("pipelined channel layer send failed: %s", exc)
            return
    results = await asyncio.gather(
        *(layer.group_send(user_group(user_id), event) for user_id, event in events), return_exceptions=True
    )
    for result in results:
        if isinstance(result, Exception):
            # Delivery is best effort: the message is stored and the client catches up with `sync`.
            logger.warning("channel layer send failed: %s", result)


def _dispatch(events: list[tuple[int, dict]]) -> None:
    if not events:
        return
    try:
        async_to_sync(_send_all)(events)
    except Exception as exc:  # noqa: BLE001 - channel layer down: the messages are stored, clients `sync`
        logger.warning("channel layer unavailable, %d push(es) skipped: %s", len(events), exc)


def notify(user_id: int, payload: dict) -> None:
    """Push `payload` (a JSON dict with a `type`) to every socket of `user_id` once the transaction commits."""
    notify_many([(user_id, payload)])


def notify_many(pushes: list[tuple[int, dict]]) -> None:
    """Push several payloads after commit in one pipelined batch (the sweeps use this)."""
    events = [(user_id, {"type": "notify", "payload": payload}) for user_id, payload in pushes]
    transaction.on_commit(lambda: _dispatch(events))


def close_user_sockets(user_id: int, *, code: int = 4003) -> None:
    """Close every socket of `user_id` after commit (logout, suspension)."""
    events = [(user_id, {"type": "session.close", "code": code})]
    transaction.on_commit(lambda: _dispatch(events))
