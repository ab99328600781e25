"""Trade notices reach the other party's socket live, after commit, in the stored message's frame."""

import pytest
from asgiref.sync import sync_to_async
from channels.testing import WebsocketCommunicator

from chat.models import Message
from config.asgi import application
from marketplace.services import trades as services
from tests.conftest import access_token_for
from tests.factories import UserFactory
from tests.factories.marketplace import ItemFactory

pytestmark = pytest.mark.django_db(transaction=True)


async def authed_socket(user):
    communicator = WebsocketCommunicator(application, "/ws/chat/")
    connected, _ = await communicator.connect()
    assert connected
    await communicator.send_json_to({"type": "auth", "token": await sync_to_async(access_token_for)(user)})
    assert (await communicator.receive_json_from(timeout=3))["ok"] is True
    return communicator


async def test_want_and_accept_reach_the_other_party_live():
    seller, buyer = await sync_to_async(UserFactory)(), await sync_to_async(UserFactory)()
    item = await sync_to_async(ItemFactory)(seller=seller, title="Bike")
    seller_socket, buyer_socket = await authed_socket(seller), await authed_socket(buyer)

    trade = await sync_to_async(services.trade_start)(item_id=item.pk, buyer=buyer)
    frame = await seller_socket.receive_json_from(timeout=3)
    stored = await sync_to_async(Message.objects.get)(recipient=seller, trade_id=trade.pk)
    assert frame["id"] == stored.pk and frame["type"] == "system"
    assert (frame["itemId"], frame["tradeId"], frame["from"]) == (item.pk, trade.pk, buyer.pk)
    assert frame["data"]["event"] == "trade.created" and "Bike" in frame["content"]
    await buyer_socket.receive_json_from(timeout=3)  # the want's sender gets its own copy (seed: from = buyer)

    await sync_to_async(services.trade_accept)(trade_id=trade.pk, actor=seller)
    frame = await buyer_socket.receive_json_from(timeout=3)
    assert frame["data"]["event"] == "trade.accepted" and frame["data"]["state"] == "processing"
    assert await seller_socket.receive_nothing(timeout=0.3)
    await seller_socket.disconnect()
    await buyer_socket.disconnect()


async def test_the_sweep_stores_and_pushes_the_same_frames_as_a_person_call(settings):
    """The sweep writes notices in bulk (COPY on PostgreSQL): the pushed frame equals the stored message's."""
    from datetime import timedelta

    from django.utils import timezone

    from chat.services import message_frame
    from marketplace.models import Trade, TradeEvent

    seller, buyer = await sync_to_async(UserFactory)(), await sync_to_async(UserFactory)()
    item = await sync_to_async(ItemFactory)(seller=seller, title="Lamp")
    trade = await sync_to_async(services.trade_start)(item_id=item.pk, buyer=buyer)
    await sync_to_async(Trade.objects.filter(pk=trade.pk).update)(deadline_at=timezone.now() - timedelta(seconds=1))
    buyer_socket = await authed_socket(buyer)

    assert await sync_to_async(services.trades_sweep_timeouts)() == 1
    frame = await buyer_socket.receive_json_from(timeout=3)
    stored = await sync_to_async(Message.objects.get)(pk=frame["id"])
    # The socket adds `text`: the notice rendered in the reader's language.
    assert {key: value for key, value in frame.items() if key != "text"} == message_frame(stored)
    assert (stored.recipient_id, stored.trade_id, stored.item_id, stored.fetched) == (buyer.pk, trade.pk, item.pk, False)
    assert stored.data["event"] == "trade.cancelled" and stored.data["cancel_reason"] == "seller_accept_timeout"
    event = await sync_to_async(TradeEvent.objects.get)(trade=trade, type="cancelled")
    assert (event.from_state, event.to_state, event.reason, event.actor_id) == (
        "pending", "cancelled", "seller_accept_timeout", None)
    # ids keep increasing after the bulk path: the next ORM insert does not collide
    later = await sync_to_async(services.trade_start)(item_id=item.pk, buyer=buyer)
    assert await sync_to_async(Message.objects.filter(trade=later).exists)()
    await buyer_socket.disconnect()
