"""Nothing is lost: a client that drops and reconnects at random while 1,000 messages are sent to it ends with
every message exactly once, in order (reconnect + sync from the last id it saw). DESIGN §5."""

import asyncio
import random

import pytest
from asgiref.sync import sync_to_async
from channels.testing import WebsocketCommunicator

from chat import services
from config.asgi import application
from tests.conftest import access_token_for
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db(transaction=True)

MESSAGES = 1000


async def test_reconnecting_client_gets_all_messages_once_in_order(settings):
    settings.WS_RATE_LIMIT = 10 * MESSAGES
    settings.WS_AUTH_TIMEOUT = 60  # a loaded CI machine may take seconds to answer the auth frame
    seed = random.randrange(1 << 30)
    rng = random.Random(seed)
    alice, bob = await sync_to_async(UserFactory)(), await sync_to_async(UserFactory)()
    token = await sync_to_async(access_token_for)(bob)
    sent_ids: list[int] = []
    received: list[int] = []
    sender_done = asyncio.Event()

    async def send_all():
        for n in range(MESSAGES):
            message = await sync_to_async(services.chat_message_send)(sender_id=alice.pk, to=bob.pk, content=f"m{n}")
            sent_ids.append(message.pk)
            if rng.random() < 0.3:
                await asyncio.sleep(rng.uniform(0, 0.003))
        sender_done.set()

    async def connect(after: int) -> WebsocketCommunicator:
        socket = WebsocketCommunicator(application, "/ws/chat/")
        connected, _ = await socket.connect()
        assert connected
        # The auth frame carries the last id seen: the server syncs before relaying anything live.
        await socket.send_json_to({"type": "auth", "token": token, "after": after})
        assert (await socket.receive_json_from(timeout=30))["type"] == "auth"
        return socket

    async def receive_with_drops():
        reconnects = abrupt = 0
        while not (sender_done.is_set() and len(received) >= MESSAGES):
            socket = await connect(received[-1] if received else 0)
            reconnects += 1
            budget = rng.randint(0, 60)  # frames to read before this connection drops
            try:
                while budget > 0:
                    frame = await socket.receive_json_from(timeout=rng.choice([0.05, 2]))
                    budget -= 1
                    if frame["type"] == "chat":
                        received.append(frame["id"])
            except TimeoutError:
                abrupt += 1  # the communicator cancels the consumer: a connection cut without a goodbye
            else:
                await socket.disconnect()
        return reconnects, abrupt

    sender = asyncio.create_task(send_all())
    reconnects, abrupt = await asyncio.wait_for(receive_with_drops(), timeout=280)
    await sender
    assert reconnects > 10, f"seed {seed}: the client should have dropped many times"
    assert len(received) == len(set(received)), f"seed {seed}: duplicates"
    assert received == sent_ids, f"seed {seed}: lost or out of order"
    # A last reconnect finds nothing more.
    socket = await connect(received[-1])
    assert await socket.receive_json_from(timeout=30) == {"type": "synced", "count": 0, "last": None, "more": False}
    await socket.disconnect()
