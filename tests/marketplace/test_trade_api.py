"""Trades through the REST API: the whole seed-000 story, the rules, the listing filters, who may do what."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from chat.models import Message
from marketplace.models import Item, Trade, TradeEvent
from tests.factories import UserFactory
from tests.factories.marketplace import ItemFactory, TradeFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def seller():
    return UserFactory(username="alice")


@pytest.fixture
def item(seller):
    return ItemFactory(seller=seller, title="Bicycle")


def want(client, item):
    response = client.post(f"/api/v1/items/{item.pk}/want")
    assert response.status_code == 201, response.json()
    return response.json()["data"]


def act(client, trade_id, action, expect=200):
    response = client.post(f"/api/v1/trades/{trade_id}/{action}")
    assert response.status_code == expect, response.json()
    return response.json()


def notices(user, event):
    return list(Message.objects.filter(recipient=user, data__event=event).order_by("id"))


def test_seed_000_story_through_the_api(client_for, seller, item, django_capture_on_commit_callbacks):
    buyers = [UserFactory() for _ in range(3)]
    sell = client_for(seller)
    b = [client_for(u) for u in buyers]

    # three buyers want; the seller is told each time
    with django_capture_on_commit_callbacks(execute=True):
        trades = [want(b[i], item) for i in range(3)]
    assert [t["state"] for t in trades] == ["pending"] * 3
    assert trades[0]["actions"] == ["cancel"]
    assert len(notices(seller, "trade.created")) == 3
    assert notices(seller, "trade.created")[0].sender_id == buyers[0].pk

    # the seller sees the wants with their actions
    wants = sell.get(f"/api/v1/items/{item.pk}/wants").json()["data"]["list"]
    assert [w["buyer"] for w in wants] == [u.pk for u in buyers]
    assert wants[0]["actions"] == ["accept", "reject"]

    # one rejected
    data = act(sell, trades[0]["id"], "reject")["data"]
    assert data["state"] == "cancelled" and data["cancel_reason"] == "seller_rejected"
    assert len(notices(buyers[0], "trade.rejected")) == 1

    # one accepted: the item is reserved for that buyer
    data = act(sell, trades[1]["id"], "accept")["data"]
    assert data["state"] == "processing" and data["accepted_at"]
    assert data["actions"] == ["confirm", "cancel"]
    item.refresh_from_db()
    assert (item.state, item.state_code, item.reserved_for_id) == ("reserved", 3, buyers[1].pk)
    assert len(notices(buyers[1], "trade.accepted")) == 1
    # the accept clock of the other want pauses while the item is reserved
    assert Trade.objects.get(pk=trades[2]["id"]).deadline_at is None

    # reset: the seller cancels the processing trade; the item is back on sale and the other want is kept
    data = act(sell, trades[1]["id"], "cancel")["data"]
    assert data["cancel_reason"] == "cancelled_by_seller"
    item.refresh_from_db()
    assert (item.state, item.reserved_for_id) == ("on_sale", None)
    third = Trade.objects.get(pk=trades[2]["id"])
    assert third.state == "pending" and third.deadline_at is not None
    assert len(notices(buyers[1], "trade.cancelled")) == 1
    # the reset buyer may want again
    again = want(b[1], item)

    # another accepted; the seller confirms the handover, the buyer is asked to confirm
    act(sell, trades[2]["id"], "accept")
    data = act(sell, trades[2]["id"], "confirm")["data"]
    assert data["seller_confirmed_at"] and data["state"] == "processing"
    assert data["actions"] == ["cancel"]
    assert len(notices(buyers[2], "trade.seller_confirmed")) == 1

    # the buyer confirms receipt
    data = act(b[2], trades[2]["id"], "confirm")["data"]
    assert data["state"] == "completed" and data["completed_at"] and data["actions"] == []
    item.refresh_from_db()
    assert (item.state, item.state_code, item.reserved_for_id) == ("sold", 2, buyers[2].pk)
    # the rest are told "sold"
    again_row = Trade.objects.get(pk=again["id"])
    assert (again_row.state, again_row.cancel_reason) == ("cancelled", "item_sold")
    sold = notices(buyers[1], "trade.cancelled")
    assert sold[-1].trade_id == again["id"] and "sold" in sold[-1].content
    assert len(notices(seller, "trade.completed")) == 1
    assert not Trade.objects.filter(item=item, state__in=Trade.ACTIVE_STATES).exists()

    # one event per change, in order
    history = sell.get(f"/api/v1/trades/{trades[2]['id']}/events").json()["data"]["list"]
    assert [(e["type"], e["from_state"], e["to_state"]) for e in history] == [
        ("created", "", "pending"), ("accepted", "pending", "processing"),
        ("seller_confirmed", "processing", "processing"), ("completed", "processing", "completed"),
    ]
    assert history[-1]["actor"] == buyers[2].pk


def act_any(client, trade_id, action):
    return client.post(f"/api/v1/trades/{trade_id}/{action}")


def test_buyer_confirms_receipt_without_seller_confirmation(client_for, seller, item):
    trade = TradeFactory(item=item)
    act(client_for(seller), trade.pk, "accept")
    data = act(client_for(trade.buyer), trade.pk, "confirm")["data"]
    assert data["state"] == "completed" and data["seller_confirmed_at"] is None


def test_buyer_cancels_pending_and_processing(client_for, seller, item):
    first, second = TradeFactory(item=item), TradeFactory(item=item)
    data = act(client_for(first.buyer), first.pk, "cancel")["data"]
    assert data["cancel_reason"] == "cancelled_by_buyer"
    act(client_for(seller), second.pk, "accept")
    act(client_for(second.buyer), second.pk, "cancel")
    item.refresh_from_db()
    assert item.state == "on_sale"
    assert Message.objects.filter(recipient=seller, data__event="trade.cancelled").count() == 2


def test_rules_answer_4xx_and_change_nothing(client_for, seller, item, settings):
    buyer, third = UserFactory(), UserFactory()
    # own item
    response = client_for(seller).post(f"/api/v1/items/{item.pk}/want")
    assert response.status_code == 400
    # one open trade per item and buyer
    trade = want(client_for(buyer), item)
    response = client_for(buyer).post("/api/v1/trades", {"item": item.pk}, format="json")
    assert response.status_code == 409
    # the buyer cannot act as the seller, a third user sees nothing
    assert act_any(client_for(buyer), trade["id"], "accept").status_code == 403
    assert act_any(client_for(buyer), trade["id"], "reject").status_code == 403
    assert act_any(client_for(third), trade["id"], "accept").status_code == 404
    assert client_for(third).get(f"/api/v1/trades/{trade['id']}").status_code == 404
    assert client_for(third).get(f"/api/v1/trades/{trade['id']}/events").status_code == 404
    assert client_for(third).get(f"/api/v1/items/{item.pk}/wants").status_code == 403
    # wrong state: confirm a pending trade, seller cancels a pending trade
    response = act_any(client_for(seller), trade["id"], "confirm")
    assert response.status_code == 409 and "pending" in response.json()["message"]
    assert act_any(client_for(seller), trade["id"], "cancel").status_code == 409
    # only on on-sale items
    act(client_for(seller), trade["id"], "accept")
    response = client_for(third).post(f"/api/v1/items/{item.pk}/want")
    assert response.status_code == 409 and "reserved" in response.json()["message"]
    # the seller confirms only once
    act(client_for(seller), trade["id"], "confirm")
    assert act_any(client_for(seller), trade["id"], "confirm").status_code == 409
    # unknown trade, bad body, unknown action
    assert client_for(buyer).post("/api/v1/trades", {"item": "x"}, format="json").status_code == 400
    assert client_for(buyer).post("/api/v1/trades", {"item": 999999}, format="json").status_code == 404
    assert act_any(client_for(seller), trade["id"], "explode").status_code == 404
    assert client_for(buyer).get("/api/v1/trades/999999").status_code == 404
    assert Trade.objects.count() == 1
    assert TradeEvent.objects.filter(trade_id=trade["id"]).count() == 3
    # anonymous
    from rest_framework.test import APIClient

    assert APIClient().post(f"/api/v1/items/{item.pk}/want").status_code == 401


def test_at_most_max_open_trades_per_buyer(client_for, settings):
    settings.TRADE_MAX_OPEN_PER_BUYER = 2
    buyer = UserFactory()
    items = ItemFactory.create_batch(3)
    want(client_for(buyer), items[0])
    want(client_for(buyer), items[1])
    response = client_for(buyer).post(f"/api/v1/items/{items[2].pk}/want")
    assert response.status_code == 409
    assert Trade.objects.filter(buyer=buyer).count() == 2


def test_reject_all_rejects_every_pending_want(client_for, seller, item):
    trades = TradeFactory.create_batch(3, item=item)
    response = client_for(seller).post(f"/api/v1/items/{item.pk}/reject-all")
    assert sorted(response.json()["data"]["rejected"]) == sorted(t.pk for t in trades)
    assert set(Trade.objects.values_list("cancel_reason", flat=True)) == {"seller_rejected"}
    assert client_for(trades[0].buyer).post(f"/api/v1/items/{item.pk}/reject-all").status_code == 403


def test_trade_carries_seed_003_timestamp_names(client_for, seller, item):
    """Issue 18.8: created_time, accepted_time, confirmed_time (the seller's), completed_time."""
    buyer = UserFactory()
    trade_id = client_for(buyer).post(f"/api/v1/items/{item.pk}/want").json()["data"]["id"]
    data = client_for(seller).get(f"/api/v1/trades/{trade_id}").json()["data"]
    assert (data["created_time"], data["accepted_time"], data["confirmed_time"], data["completed_time"]) == (
        data["created_at"], None, None, None)
    client_for(seller).post(f"/api/v1/trades/{trade_id}/accept")
    client_for(seller).post(f"/api/v1/trades/{trade_id}/confirm")
    data = client_for(buyer).post(f"/api/v1/trades/{trade_id}/confirm").json()["data"]
    assert data["state"] == "completed"
    for seed_name, name in (("created_time", "created_at"), ("accepted_time", "accepted_at"),
                            ("confirmed_time", "seller_confirmed_at"), ("completed_time", "completed_at")):
        assert data[seed_name] is not None and data[seed_name] == data[name], seed_name


def test_list_filters_by_state_marks_and_role(client_for):
    me = UserFactory()
    mine = ItemFactory(seller=me)
    as_seller_pending = TradeFactory(item=mine)
    as_buyer_pending = TradeFactory(buyer=me)
    cancelled = TradeFactory(buyer=me)
    from marketplace.services.trades import trade_cancel

    trade_cancel(trade_id=cancelled.pk, actor=me)
    TradeFactory()  # someone else's
    client = client_for(me)

    def ids(query=""):
        response = client.get(f"/api/v1/trades{query}")
        assert response.status_code == 200, response.json()
        return {t["id"] for t in response.json()["data"]["list"]}

    assert ids() == {as_seller_pending.pk, as_buyer_pending.pk, cancelled.pk}
    assert ids("?state=active") == {as_seller_pending.pk, as_buyer_pending.pk}
    assert ids("?state=inactive") == {cancelled.pk}
    assert ids("?state=pending,cancelled") == {as_seller_pending.pk, as_buyer_pending.pk, cancelled.pk}
    assert ids("?state=completed") == set()
    # issue 18.7: repeated parameters mean "any of"
    assert ids("?state=active&state=inactive") == {as_seller_pending.pk, as_buyer_pending.pk, cancelled.pk}
    assert ids("?state=pending&state=cancelled&role=buyer") == {as_buyer_pending.pk, cancelled.pk}
    assert client.get("/api/v1/trades?state=active&state=bogus").status_code == 400
    assert ids("?role=seller") == {as_seller_pending.pk}
    assert ids("?role=buyer&state=active") == {as_buyer_pending.pk}
    response = client.get("/api/v1/trades?state=active,bogus")
    assert response.status_code == 400 and "bogus" in response.json()["message"]
    assert client.get("/api/v1/trades?role=admin").status_code == 400
    # each trade shows the caller's actions
    rows = {t["id"]: t for t in client.get("/api/v1/trades").json()["data"]["list"]}
    assert rows[as_seller_pending.pk]["actions"] == ["accept", "reject"]
    assert rows[as_buyer_pending.pk]["actions"] == ["cancel"]
    assert rows[cancelled.pk]["actions"] == []


def test_trade_list_query_count_does_not_grow_with_rows(client_for):
    me = UserFactory()
    TradeFactory.create_batch(3, buyer=me)
    client = client_for(me)
    with CaptureQueriesContext(connection) as few:
        assert client.get("/api/v1/trades").status_code == 200
    TradeFactory.create_batch(12, buyer=me)
    TradeFactory.create_batch(5, item=ItemFactory(seller=me))
    with CaptureQueriesContext(connection) as many:
        response = client.get("/api/v1/trades?size=50")
    assert response.json()["data"]["pagination"]["total"] == 20
    assert len(many) == len(few)


def test_trade_list_queries(client_for, django_assert_num_queries):
    me = UserFactory()
    TradeFactory.create_batch(5, buyer=me)
    client = client_for(me)
    client.get("/api/v1/trades")  # warm up: content types, translations
    # user (token auth) + count + page with the items joined
    with django_assert_num_queries(3):
        client.get("/api/v1/trades")


def test_withdrawn_item_cancels_pending_and_blocks_wants(client_for, seller, item):
    trades = TradeFactory.create_batch(2, item=item)
    response = client_for(seller).post(f"/api/v1/items/{item.pk}/withdraw")
    assert response.json()["data"]["state"] == "withdrawn"
    assert set(Trade.objects.values_list("cancel_reason", flat=True)) == {"item_withdrawn"}
    assert Message.objects.filter(recipient=trades[0].buyer, data__event="trade.cancelled").count() == 1
    assert client_for(UserFactory()).post(f"/api/v1/items/{item.pk}/want").status_code == 409
    assert Item.objects.get(pk=item.pk).state == "withdrawn"


def test_want_is_throttled(client_for, settings):
    rates = settings.REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"]
    settings.REST_FRAMEWORK = {**settings.REST_FRAMEWORK, "DEFAULT_THROTTLE_RATES": {**rates, "want": "2/min"}}
    buyer = UserFactory()
    statuses = [client_for(buyer).post(f"/api/v1/items/{ItemFactory().pk}/want").status_code for _ in range(3)]
    assert statuses == [201, 201, 429]
    assert Trade.objects.filter(buyer=buyer).count() == 2


def test_absurd_ids_are_not_found(client_for, web_ids=("99999999999999999999999", "9223372036854775808")):
    client = client_for(UserFactory())
    for big in web_ids:
        assert client.get(f"/api/v1/items/{big}").status_code == 404
        assert client.post(f"/api/v1/items/{big}/want").status_code == 404
        assert client.get(f"/api/v1/items/{big}/wants").status_code == 404
        assert client.get(f"/api/v1/trades/{big}").status_code == 404
        assert client.post(f"/api/v1/trades/{big}/accept").status_code == 404
        assert client.post("/api/v1/trades", {"item": big}, format="json").status_code == 400
        assert client.get(f"/api/v1/items?seller={big}").status_code == 400
