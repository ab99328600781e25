"""The realtime spine: socket auth, `user.<id>` groups, notify() after commit (Redis layer in CI)."""

import asyncio

import pytest
from asgiref.sync import sync_to_async
from channels.testing import WebsocketCommunicator
from django.db import transaction

from chat.notify import notify
from config.asgi import application
from tests.conftest import access_token_for
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db(transaction=True)


async def connect(headers=None):
    communicator = WebsocketCommunicator(application, "/ws/chat/", headers=headers or [])
    connected, _ = await communicator.connect()
    assert connected
    return communicator


async def authed_socket(user):
    communicator = await connect()
    token = await sync_to_async(access_token_for)(user)
    await communicator.send_json_to({"type": "auth", "token": token})
    assert await communicator.receive_json_from(timeout=3) == {"type": "auth", "ok": True, "user": user.pk}
    return communicator


def notify_in_transaction(user_id, payload, *, commit):
    try:
        with transaction.atomic():
            notify(user_id, payload)
            if not commit:
                raise RuntimeError("roll back")
    except RuntimeError:
        pass


async def test_notify_after_commit_reaches_the_socket_and_rollback_sends_nothing():
    user = await sync_to_async(UserFactory)()
    socket = await authed_socket(user)
    await sync_to_async(notify_in_transaction)(user.pk, {"type": "system", "content": "rolled back"}, commit=False)
    await sync_to_async(notify_in_transaction)(user.pk, {"type": "system", "content": "committed"}, commit=True)
    frame = await socket.receive_json_from(timeout=3)
    assert frame == {"type": "system", "content": "committed"}
    assert await socket.receive_nothing(timeout=0.3)
    await socket.disconnect()


async def test_notify_reaches_every_socket_of_the_user_only():
    alice, bob = await sync_to_async(UserFactory)(), await sync_to_async(UserFactory)()
    tab1, tab2, other = await authed_socket(alice), await authed_socket(alice), await authed_socket(bob)
    await sync_to_async(notify_in_transaction)(alice.pk, {"type": "system", "content": "hi"}, commit=True)
    assert (await tab1.receive_json_from(timeout=3))["content"] == "hi"
    assert (await tab2.receive_json_from(timeout=3))["content"] == "hi"
    assert await other.receive_nothing(timeout=0.3)
    for socket in (tab1, tab2, other):
        await socket.disconnect()


async def test_bad_token_gets_error_frame_then_4001():
    socket = await connect()
    await socket.send_json_to({"type": "auth", "token": "garbage"})
    frame = await socket.receive_json_from(timeout=3)
    assert frame["type"] == "error" and frame["code"] == "bad_token"
    assert (await socket.receive_output(timeout=3)) == {"type": "websocket.close", "code": 4001}


async def test_silent_socket_is_closed_with_4001(settings):
    settings.WS_AUTH_TIMEOUT = 0.5
    socket = await connect()
    frame = await socket.receive_json_from(timeout=3)
    assert frame["code"] == "auth_timeout"
    assert (await socket.receive_output(timeout=3)) == {"type": "websocket.close", "code": 4001}


async def test_bad_frames_get_error_frames_and_the_socket_stays():
    user = await sync_to_async(UserFactory)()
    socket = await authed_socket(user)
    await socket.send_to(text_data="{not json")
    assert (await socket.receive_json_from(timeout=3))["code"] == "bad_json"
    await socket.send_to(text_data="[1, 2]")
    assert (await socket.receive_json_from(timeout=3))["code"] == "bad_frame"
    await socket.send_json_to({"type": "no-such-frame"})
    assert (await socket.receive_json_from(timeout=3))["code"] == "unknown_type"
    await socket.send_json_to({"type": "ping"})
    assert await socket.receive_json_from(timeout=3) == {"type": "pong"}
    await socket.disconnect()


async def test_frames_before_auth_are_refused():
    socket = await connect()
    await socket.send_json_to({"type": "ping"})
    assert (await socket.receive_json_from(timeout=3))["code"] == "not_authenticated"
    await socket.disconnect()


async def test_foreign_origin_is_rejected():
    communicator = WebsocketCommunicator(application, "/ws/chat/", headers=[(b"origin", b"https://evil.example")])
    connected, _ = await communicator.connect()
    assert not connected


async def test_session_cookie_authenticates_a_browser_socket(client):
    user = await sync_to_async(UserFactory)()
    await sync_to_async(client.force_login)(user)
    cookie = f"sessionid={client.cookies['sessionid'].value}".encode()
    socket = await connect(headers=[(b"origin", b"http://localhost"), (b"cookie", cookie), (b"host", b"localhost")])
    assert await socket.receive_json_from(timeout=3) == {"type": "auth", "ok": True, "user": user.pk}
    await socket.disconnect()


async def test_cookie_without_origin_is_not_enough(client):
    user = await sync_to_async(UserFactory)()
    await sync_to_async(client.force_login)(user)
    cookie = f"sessionid={client.cookies['sessionid'].value}".encode()
    socket = await connect(headers=[(b"cookie", cookie)])
    await socket.send_json_to({"type": "ping"})
    assert (await socket.receive_json_from(timeout=3))["code"] == "not_authenticated"
    await socket.disconnect()


async def test_logout_closes_the_users_sockets(api):
    from common.tokens import token_pair

    user = await sync_to_async(UserFactory)()
    socket = await authed_socket(user)
    refresh = await sync_to_async(lambda: token_pair(user)["refresh"])()
    response = await sync_to_async(api.post)("/api/v1/auth/logout", {"refresh": refresh}, format="json")
    assert response.status_code == 200
    assert (await socket.receive_output(timeout=3)) == {"type": "websocket.close", "code": 4003}


async def test_inactive_user_token_is_refused():
    user = await sync_to_async(UserFactory)(is_active=False)
    socket = await connect()
    await socket.send_json_to({"type": "auth", "token": await sync_to_async(access_token_for)(user)})
    assert (await socket.receive_json_from(timeout=3))["code"] == "bad_token"
    await asyncio.sleep(0)
