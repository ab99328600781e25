"""Seed 003 in the browser with short timeouts (issue 16): the seller ignores Bob's request and it is cancelled
for the seller's accept timeout; Carol's accepted and handed-over trade completes by itself when she does not
confirm in time; a third request is cancelled for the seller's confirm timeout. Each change appears on the
open pages without a reload; the trade list links to the chat with the other party. Screenshots of every
page at 1280 and 390 px."""

import time

import pytest
from playwright.sync_api import expect

from marketplace.models import Item, Trade
from marketplace.services.trades import trades_sweep_timeouts
from tests.e2e.conftest import log_in, off_loop, shots, wait_live
from tests.factories import TEST_PASSWORD, UserFactory

pytestmark = pytest.mark.e2e
TIMEOUT = 2  # seconds, for all three gaps


def test_seed_003_timeouts_cancel_and_complete_live(e2e, settings):
    settings.TRADE_SELLER_ACCEPT_TIMEOUT = settings.TRADE_SELLER_CONFIRM_TIMEOUT = TIMEOUT
    settings.TRADE_BUYER_CONFIRM_TIMEOUT = TIMEOUT
    alice = UserFactory(username="alice", nickname="Alice")
    UserFactory(username="bob", nickname="Bob")
    UserFactory(username="carol", nickname="Carol")
    lamp = Item.objects.create(seller=alice, title="Desk lamp", price="35.00")
    chair = Item.objects.create(seller=alice, title="Chair", price="20.00")
    shelf = Item.objects.create(seller=alice, title="Shelf", price="15.00")

    seller, bob, carol = e2e.page(), e2e.page(), e2e.page()
    log_in(seller, "alice", TEST_PASSWORD)
    log_in(bob, "bob", TEST_PASSWORD)
    log_in(carol, "carol", TEST_PASSWORD)
    for page, item in ((bob, lamp), (carol, chair)):
        page.goto(f"/items/{item.pk}/")
        page.get_by_role("button", name="I want to buy").click()
        expect(page.get_by_test_id("my-trade-status")).to_contain_text("Waiting for the seller")
    bob.goto(f"/items/{shelf.pk}/")
    bob.get_by_role("button", name="I want to buy").click()
    shots(bob, "003-item-wanted")

    # Alice accepts Carol's chair and hands it over; she accepts Bob's shelf but never confirms; the lamp waits.
    seller.goto(f"/items/{chair.pk}/")
    seller.get_by_test_id("want-carol").get_by_role("button", name="Accept").click()
    seller.get_by_test_id("want-carol").get_by_role("button", name="Confirm handover").click()
    seller.goto(f"/items/{shelf.pk}/")
    seller.get_by_test_id("want-bob").get_by_role("button", name="Accept").click()
    seller.goto("/trades/")
    shots(seller, "003-trades-seller")
    expect(seller.get_by_test_id(f"trade-chat-{Trade.objects.get(item=lamp).pk}")).to_have_text("Message Bob")

    bob.goto(f"/items/{lamp.pk}/")
    carol.goto(f"/items/{chair.pk}/")
    for page in (bob, carol, seller):
        wait_live(page)
        page.evaluate("window.__noReload = true")
    time.sleep(TIMEOUT + 0.5)
    assert off_loop(trades_sweep_timeouts) == 3

    expect(bob.get_by_test_id("my-trade-status")).to_contain_text("the seller did not accept in time")
    expect(carol.get_by_test_id("my-trade-status")).to_have_text("You bought this item.")
    expect(seller.locator("#trades-live")).to_contain_text("No active trades.")
    for page in (bob, carol, seller):
        assert page.evaluate("window.__noReload === true")
    shots(bob, "003-item-accept-timeout")
    shots(carol, "003-item-auto-completed")
    seller.goto("/trades/?tab=inactive")
    shots(seller, "003-trades-inactive")
    bob.goto(f"/items/{shelf.pk}/")
    expect(bob.get_by_test_id("my-trade-status")).to_contain_text("the seller did not confirm in time")

    reasons = dict(Trade.objects.values_list("item__title", "cancel_reason"))
    assert reasons == {"Desk lamp": "seller_accept_timeout", "Chair": None, "Shelf": "seller_confirm_timeout"}
    assert Trade.objects.get(item=chair).state == "completed"
    assert Item.objects.get(pk=chair.pk).state == "sold" and Item.objects.get(pk=lamp.pk).state == "on_sale"
