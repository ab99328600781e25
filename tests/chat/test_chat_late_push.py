"""A live copy that was still in flight when the client reconnected is not delivered twice (DESIGN §5: each
message once), while a message committed after the reconnect still arrives live."""

import pytest
from asgiref.sync import sync_to_async
from channels.testing import WebsocketCommunicator

from chat.models import Message
from chat.notify import notify
from chat.services import message_frame
from config.asgi import application
from tests.conftest import access_token_for
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db(transaction=True)


async def connect(user, after):
    socket = WebsocketCommunicator(application, "/ws/chat/")
    assert (await socket.connect())[0]
    await socket.send_json_to({"type": "auth", "token": await sync_to_async(access_token_for)(user), "after": after})
    assert (await socket.receive_json_from(timeout=10))["type"] == "auth"
    assert (await socket.receive_json_from(timeout=10))["type"] == "synced"
    return socket


def stored(sender, recipient, content):
    return Message.objects.create(sender=sender, recipient=recipient, type="chat", content=content)


async def test_late_live_copy_of_a_message_the_client_has_is_dropped():
    alice, bob = await sync_to_async(UserFactory)(), await sync_to_async(UserFactory)()
    # The client already has `seen` (through an earlier connection's sync); its live copy is still in flight.
    seen = await sync_to_async(stored)(alice, bob, "seen before")
    socket = await connect(bob, after=seen.pk)
    await sync_to_async(notify)(bob.pk, message_frame(seen))  # the late copy reaches the new socket
    fresh = await sync_to_async(stored)(alice, bob, "new")
    await sync_to_async(notify)(bob.pk, message_frame(fresh))
    frame = await socket.receive_json_from(timeout=10)
    assert frame["id"] == fresh.pk, "the late copy of a message the client has must not be delivered again"
    assert await socket.receive_nothing(timeout=0.3)
    await socket.disconnect()
