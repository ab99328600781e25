"""Trade transitions (marketplace.services.trades) reach the other party through the chat spine: live on a
socket, and through `sync` / fetchnew when they were offline — each notice exactly once."""

import pytest
from asgiref.sync import sync_to_async
from channels.testing import WebsocketCommunicator

from chat.models import Message
from config.asgi import application
from marketplace.services import trades as trade_services
from tests.conftest import access_token_for
from tests.factories import UserFactory
from tests.factories.marketplace import ItemFactory

pytestmark = pytest.mark.django_db(transaction=True)


async def socket_for(user, **auth_extra):
    communicator = WebsocketCommunicator(application, "/ws/chat/")
    connected, _ = await communicator.connect()
    assert connected
    await communicator.send_json_to({"type": "auth", "token": await sync_to_async(access_token_for)(user),
                                     **auth_extra})
    assert (await communicator.receive_json_from(timeout=3))["ok"] is True
    return communicator


async def test_offline_buyer_gets_the_accept_notice_through_sync_then_confirm_reaches_the_seller_live(client_for):
    seller, buyer = await sync_to_async(UserFactory)(), await sync_to_async(UserFactory)()
    item = await sync_to_async(ItemFactory)(seller=seller, title="Lamp")
    trade = await sync_to_async(trade_services.trade_start)(item_id=item.pk, buyer=buyer)
    seller_socket = await socket_for(seller, after=0)
    frames = []
    while (frame := await seller_socket.receive_json_from(timeout=3))["type"] != "synced":
        frames.append(frame)
    assert [(f["tradeId"], f["data"]["event"]) for f in frames] == [(trade.pk, "trade.created")]

    # The buyer is offline while the seller accepts.
    await sync_to_async(trade_services.trade_accept)(trade_id=trade.pk, actor=seller)
    accepted = await sync_to_async(Message.objects.get)(recipient=buyer, data__event="trade.accepted")
    buyer_socket = await socket_for(buyer, after=frames[-1]["id"])
    caught_up = []
    while (frame := await buyer_socket.receive_json_from(timeout=3))["type"] != "synced":
        caught_up.append(frame)
    assert accepted.pk in [f["id"] for f in caught_up]
    assert len(caught_up) == len({f["id"] for f in caught_up})

    # The same notice through REST fetchnew, once.
    buyer_api = await sync_to_async(client_for)(buyer)
    first = (await sync_to_async(buyer_api.post)("/api/v1/messages/fetchnew")).json()["data"]["list"]
    assert accepted.pk in [m["id"] for m in first]
    again = (await sync_to_async(buyer_api.post)("/api/v1/messages/fetchnew")).json()["data"]["list"]
    assert again == []

    # Live: the buyer confirms receipt; the seller's socket hears it.
    await sync_to_async(trade_services.trade_confirm)(trade_id=trade.pk, actor=buyer)
    live = await seller_socket.receive_json_from(timeout=3)
    assert live["tradeId"] == trade.pk and live["data"]["event"] == "trade.completed"
    assert live["to"] == seller.pk
    await seller_socket.disconnect()
    await buyer_socket.disconnect()
