"""Suspension reaches the owner live: the notice frame arrives, then the sockets close with 4003."""

import pytest
from asgiref.sync import sync_to_async
from channels.testing import WebsocketCommunicator

from accounts.services import user_suspend
from config.asgi import application
from merchants.services.merchants import merchant_suspend
from tests.conftest import access_token_for
from tests.factories import UserFactory
from tests.factories.staff import MerchantFactory, staff_user

pytestmark = pytest.mark.django_db(transaction=True)


async def authed_socket(user):
    communicator = WebsocketCommunicator(application, "/ws/chat/")
    connected, _ = await communicator.connect()
    assert connected
    token = await sync_to_async(access_token_for)(user)
    await communicator.send_json_to({"type": "auth", "token": token})
    assert (await communicator.receive_json_from(timeout=3))["ok"] is True
    return communicator


async def test_suspending_a_merchant_pushes_the_notice_then_closes_the_owners_sockets():
    merchant = await sync_to_async(MerchantFactory)(status="approved")
    reviewer = await sync_to_async(staff_user)("merchant_reviewer")
    bystander = await sync_to_async(UserFactory)()
    owner_socket = await authed_socket(merchant.user)
    other_socket = await authed_socket(bystander)

    await sync_to_async(merchant_suspend)(merchant_id=merchant.pk, actor=reviewer, reason="complaints")

    frame = await owner_socket.receive_json_from(timeout=3)
    assert frame["type"] == "system"
    assert frame["to"] == merchant.user_id
    assert frame["data"]["event"] == "merchant_suspended" and frame["data"]["status"] == "suspended"
    assert await owner_socket.receive_output(timeout=3) == {"type": "websocket.close", "code": 4003}
    assert await other_socket.receive_nothing(timeout=0.3)
    await other_socket.disconnect()


async def test_suspending_a_user_closes_their_sockets():
    target = await sync_to_async(UserFactory)()
    admin = await sync_to_async(staff_user)("admin")
    socket = await authed_socket(target)
    await sync_to_async(user_suspend)(user_id=target.pk, actor=admin)
    assert await socket.receive_output(timeout=3) == {"type": "websocket.close", "code": 4003}
