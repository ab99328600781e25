"""Seed 001 in the browser: on an exchange order's page, the other party's rate change and payment steps
appear live (no reload) for the user, and the user's amount change and payment for the merchant."""

from decimal import Decimal

import pytest
from playwright.sync_api import expect

from orders.services import exchange_order_place
from tests.e2e.conftest import log_in, off_loop, shots, wait_live
from tests.factories import TEST_PASSWORD, UserFactory
from tests.factories.orders import ApprovedMerchantFactory

pytestmark = pytest.mark.e2e


def test_exchange_order_changes_appear_live_for_the_other_party(e2e):
    user = UserFactory(username="vic", nickname="Vic")
    merchant = ApprovedMerchantFactory(user=UserFactory(username="mia", nickname="Mia"), business_name="Mia Credit")
    order = off_loop(exchange_order_place, buyer=user, merchant_id=merchant.pk, direction="buy",
                     amount=Decimal("100"), rate=Decimal("7"))
    buyer, seller = e2e.page(), e2e.page()
    log_in(buyer, "vic", TEST_PASSWORD)
    log_in(seller, "mia", TEST_PASSWORD)
    for page in (buyer, seller):
        page.goto(f"/orders/{order.pk}/")
        wait_live(page)

    def live(watcher, act, *checks):
        """`act` in one context; every check passes on `watcher`'s open page without it reloading."""
        watcher.evaluate("window.__noReload = true")
        act()
        for check in checks:
            check()
        assert watcher.evaluate("window.__noReload === true")

    def change_rate():
        seller.get_by_label("New rate").fill("7.5")
        seller.get_by_role("button", name="Change rate").click()

    def change_amount():
        buyer.get_by_label("New amount").fill("200")
        buyer.get_by_role("button", name="Change amount").click()

    shots(buyer, "001-exchange-open")
    live(buyer, change_rate,
         lambda: expect(buyer.get_by_test_id("order-rate")).to_have_text("7.5"),
         lambda: expect(buyer.get_by_test_id("order-payment")).to_have_text("¥750.00"))
    live(seller, change_amount, lambda: expect(seller.get_by_test_id("order-amount")).to_have_text("200.00"))
    live(seller, lambda: buyer.get_by_role("button", name="I have paid").click(),
         lambda: expect(seller.get_by_test_id("order-state")).to_have_text("user paid"))
    live(buyer, lambda: seller.get_by_role("button", name="I have transferred the credit to the user").click(),
         lambda: expect(buyer.get_by_test_id("order-state")).to_have_text("completed"),
         # the amount form is gone once a payment step happened
         lambda: expect(buyer.get_by_label("New amount")).to_have_count(0))
    shots(buyer, "001-exchange-completed")
    shots(seller, "001-exchange-completed-merchant")
    order.refresh_from_db()
    assert order.state == "completed" and order.payment == Decimal("1500.00")
    buyer.goto("/orders/")
    shots(buyer, "001-my-orders")
