"""The seed-000 routes: form data with a `token`, answers {"status", "data"}, on the same services."""

import pytest
from django.test import Client

from chat.models import Message
from marketplace.models import Item, Trade
from tests.conftest import access_token_for
from tests.factories import UserFactory
from tests.factories.marketplace import ItemFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def web():
    # enforce_csrf_checks: the routes must work for token clients without a CSRF cookie
    return Client(enforce_csrf_checks=True)


def post(web, url, user, expect=200, **fields):
    response = web.post(url, {"token": access_token_for(user), **{k: str(v) for k, v in fields.items()}})
    body = response.json()
    assert response.status_code == expect, body
    assert body["status"] == ("success" if expect < 400 else "failed")
    return body["data"]


def test_seed_000_story_through_the_legacy_routes(web, client_for, django_capture_on_commit_callbacks):
    seller = UserFactory()
    item = ItemFactory(seller=seller, title="432", category="798", price="987", image_url="987")
    b1, b2, b3 = UserFactory(), UserFactory(), UserFactory()

    # three buyers push "I want to buy" (type 0, data = itemid)
    with django_capture_on_commit_callbacks(execute=True):
        for buyer in (b1, b2, b3):
            data = post(web, "/user/chat/push", buyer, to=seller.pk, type=0, data=item.pk)
    assert data["item"] == {"itemid": item.pk, "uuid": seller.pk, "title": "432", "type": "798", "price": "987.00",
                            "imgurl": "987", "depreciation": item.depreciation, "note": item.note, "sold": 1,
                            "to": 0}
    # the seller fetches the want records: type "0", data = itemid, from = the buyer
    new = post(web, "/user/chat/fetchnew", seller)
    assert [(m["from"], m["to"], m["type"], m["data"], m["fetched"]) for m in new] == [
        (b.pk, seller.pk, "0", str(item.pk), False) for b in (b1, b2, b3)
    ]
    assert {"id", "createdAt", "updatedAt"} <= set(new[0])
    assert post(web, "/user/chat/fetchnew", seller) == []
    assert [m["fetched"] for m in post(web, "/user/chat/fetchall", seller)] == [True] * 3

    # the seller rejects one want; that buyer is told
    post(web, "/user/want/delete", seller, itemid=item.pk, uuid=b1.pk)
    assert Trade.objects.get(buyer=b1).cancel_reason == "seller_rejected"
    assert post(web, "/user/chat/fetchnew", b1)[0]["event"] == "trade.rejected"

    # the seller picks b2: sold = 3, to = b2
    data = post(web, "/item/order", seller, to=b2.pk, itemid=item.pk)
    assert (data["sold"], data["to"]) == (3, b2.pk)
    # b1 was rejected, so picking b1 fails
    post(web, "/item/order", seller, expect=404, to=b1.pk, itemid=item.pk)

    # reset: back to 1, b3's want is kept, b2 may want again
    data = post(web, "/item/reset", seller, itemid=item.pk)
    assert (data["sold"], data["to"]) == (1, 0)
    assert Trade.objects.get(buyer=b3).state == "pending"
    assert Trade.objects.get(buyer=b2).cancel_reason == "cancelled_by_seller"
    post(web, "/user/chat/push", b2, type=0, data=item.pk)

    # the seller picks b3; the seller confirms the handover (REST: seed 000 has no route for it)
    post(web, "/item/order", seller, to=b3.pk, itemid=item.pk)
    trade = Trade.objects.get(buyer=b3)
    assert client_for(seller).post(f"/api/v1/trades/{trade.pk}/confirm").status_code == 200
    # only the reserved buyer can confirm receipt
    post(web, "/item/trade", b2, expect=409, itemid=item.pk)
    data = post(web, "/item/trade", b3, itemid=item.pk)
    assert (data["sold"], data["to"]) == (2, b3.pk)

    # every want record is cleared, the rest are told "sold"
    assert not Trade.objects.filter(item=item, state__in=Trade.ACTIVE_STATES).exists()
    told = [m for m in post(web, "/user/chat/fetchnew", b2) if m["event"] == "trade.cancelled"]
    assert told[-1]["data"] == str(item.pk) and "sold" in told[-1]["content"]
    assert Message.objects.filter(recipient=seller, data__event="trade.completed").count() == 1
    assert Item.objects.get(pk=item.pk).state == "sold"
    # issue 18.3: the buyer is told the trade is agreed, too
    agreed = [m for m in post(web, "/user/chat/fetchnew", b3) if m["event"] == "trade.completed"]
    assert len(agreed) == 1 and agreed[0]["data"] == str(item.pk)


def test_want_delete_all(web):
    seller = UserFactory()
    item = ItemFactory(seller=seller)
    for buyer in UserFactory.create_batch(3):
        post(web, "/user/chat/push", buyer, type=0, data=item.pk)
    post(web, "/user/want/deleteall", seller, itemid=item.pk)
    assert set(Trade.objects.values_list("cancel_reason", flat=True)) == {"seller_rejected"}


def test_bad_token_and_bad_fields_fail_cleanly(web):
    seller = UserFactory()
    item = ItemFactory(seller=seller)
    response = web.post("/user/chat/fetchnew", {"token": "nope"})
    assert response.status_code == 401 and response.json()["status"] == "failed"
    assert web.post("/item/order", {}).status_code == 401
    assert web.get("/user/chat/fetchall").status_code == 405
    post(web, "/item/order", seller, expect=400, to="x", itemid=item.pk)
    post(web, "/item/order", seller, expect=404, to=UserFactory().pk, itemid=item.pk)  # not in the want list
    post(web, "/item/order", UserFactory(), expect=403, to=seller.pk, itemid=item.pk)  # not the seller
    post(web, "/user/chat/push", seller, expect=400, type=0, data=item.pk)  # own item
    post(web, "/user/chat/push", UserFactory(), expect=400, to=UserFactory().pk, type=0, data=item.pk)  # wrong seller
    post(web, "/user/chat/push", UserFactory(), expect=404, type=0, data=999999)
    post(web, "/item/reset", seller, expect=409, itemid=item.pk)  # nothing reserved
    post(web, "/item/trade", seller, expect=409, itemid=item.pk)
    assert not Trade.objects.exists()


def test_chat_push_other_types_store_a_chat_message(web):
    sender, recipient = UserFactory(), UserFactory()
    data = post(web, "/user/chat/push", sender, to=recipient.pk, type=1, data="hello")
    assert (data["from"], data["to"], data["data"]) == (sender.pk, recipient.pk, "hello")
    assert post(web, "/user/chat/fetchnew", recipient)[0]["data"] == "hello"
    post(web, "/user/chat/push", sender, expect=400, to=recipient.pk, type=1, data="")


def test_nul_characters_are_refused(web):
    sender, recipient = UserFactory(), UserFactory()
    response = web.post("/user/chat/push", {"token": access_token_for(sender), "to": recipient.pk, "type": "1",
                                            "data": "a\x00b"})
    assert response.status_code == 400 and response.json()["status"] == "failed"
    assert not Message.objects.exists()
