"""Admin: items and trades listed and filtered, event history inline, transitions as actions via services."""

import io

import pytest
from django.core.management import call_command

from marketplace.models import Item, Trade, TradeEvent
from tests.factories import UserFactory
from tests.factories.marketplace import ItemFactory, TradeFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def staff_client(client):
    admin = UserFactory(is_staff=True, is_superuser=True)
    client.force_login(admin)
    client.admin = admin
    return client


def test_item_and_trade_pages_render(staff_client):
    trade = TradeFactory()
    for url in ("/admin/marketplace/item/", "/admin/marketplace/item/?state__exact=on_sale&q=Item",
                f"/admin/marketplace/item/{trade.item_id}/change/", "/admin/marketplace/trade/",
                "/admin/marketplace/trade/?state__exact=pending", f"/admin/marketplace/trade/{trade.pk}/change/"):
        assert staff_client.get(url).status_code == 200, url


def test_withdraw_action_calls_the_service(staff_client):
    item = ItemFactory()
    trade = TradeFactory(item=item)
    reserved = TradeFactory()
    from marketplace.services.trades import trade_accept

    trade_accept(trade_id=reserved.pk, actor=reserved.seller)
    response = staff_client.post("/admin/marketplace/item/", {
        "action": "withdraw_items", "_selected_action": [item.pk, reserved.item_id]}, follow=True)
    assert response.status_code == 200
    assert Item.objects.get(pk=item.pk).state == "withdrawn"
    assert Item.objects.get(pk=reserved.item_id).state == "reserved"
    trade.refresh_from_db()
    assert trade.cancel_reason == "item_withdrawn"
    assert TradeEvent.objects.get(trade=trade, type="cancelled").actor == staff_client.admin
    assert "reserved" in response.content.decode()


def test_reject_and_reset_actions(staff_client):
    pending, processing = TradeFactory(), TradeFactory()
    from marketplace.services.trades import trade_accept

    trade_accept(trade_id=processing.pk, actor=processing.seller)
    staff_client.post("/admin/marketplace/trade/", {"action": "reject_trades", "_selected_action": [pending.pk]})
    staff_client.post("/admin/marketplace/trade/", {"action": "reset_trades", "_selected_action": [processing.pk]})
    pending.refresh_from_db()
    processing.refresh_from_db()
    assert pending.cancel_reason == "seller_rejected"
    assert processing.cancel_reason == "cancelled_by_seller"
    assert Item.objects.get(pk=processing.item_id).state == "on_sale"


def test_demo_data_loads_twice(settings):
    out = io.StringIO()
    call_command("demo_data", stdout=out)
    call_command("demo_data", stdout=out)
    alice_items = Item.objects.filter(seller__username="alice")
    assert alice_items.count() == 4
    assert Trade.objects.filter(buyer__username="bob", state="pending").count() == 2


def test_content_reviewer_takes_an_item_down_and_the_seller_is_told(client):
    from chat.models import Message
    from tests.factories.staff import staff_user

    item = ItemFactory()
    reviewer = staff_user("content_manager")
    client.force_login(reviewer)
    assert client.get("/admin/marketplace/item/").status_code == 200
    assert client.get("/admin/marketplace/trade/").status_code == 403  # trades are not content
    response = client.post("/admin/marketplace/item/", {
        "action": "take_down", "_selected_action": [item.pk], "apply": "1", "reason": "fake photos"})
    assert response.status_code in (200, 302)
    item.refresh_from_db()
    assert item.hidden
    assert Message.objects.filter(recipient=item.seller, item=item, data__event="content_taken_down").exists()
    # a hidden item is out of the public list and takes no new wants
    from rest_framework.test import APIClient

    assert APIClient().get(f"/api/v1/items/{item.pk}").status_code == 404
    plain = UserFactory(is_staff=True)
    client.force_login(plain)
    assert client.get("/admin/marketplace/item/").status_code == 403
