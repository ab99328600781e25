"""The one way any app tells a user something live: after commit, to the group `user.<id>`.

Services call `notify()` (or `notify_many()` for a batch) inside their transaction; nothing is sent if the
transaction rolls back. Store the message first (chat.services) so an offline user gets it through `sync`.
"""

import asyncio
import logging

from asgiref.sync import async_to_sync
from channels.layers import get_channel_layer
from django.db import transaction

logger = logging.getLogger(__name__)


def user_group(user_id: int) -> str:
    return f"user.{int(user_id)}"


async def _send_all(events: list[tuple[int, dict]]) -> None:
    layer = get_channel_layer()
    results = await asyncio.gather(
        *(layer.group_send(user_group(user_id), event) for user_id, event in events), return_exceptions=True
    )
    for result in results:
        if isinstance(result, Exception):
            # Delivery is best effort: the message is stored and the client catches up with `sync`.
            logger.warning("channel layer send failed: %s", result)


def _dispatch(events: list[tuple[int, dict]]) -> None:
    if events:
        async_to_sync(_send_all)(events)


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
