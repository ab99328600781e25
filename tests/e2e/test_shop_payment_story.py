"""Seed 004 shop and payment in the browser (issue 16): a buyer finds a product, sees the merchant's rating,
buys, presses Pay twice (one payment), pays on the sandbox page in a second tab, and the open order page —
the buyer's and the merchant's — turns `paid` without a reload; then the buyer confirms and reviews, and
the review shows on the product page. Screenshots of every page at 1280 and 390 px."""

from decimal import Decimal

import pytest
from playwright.sync_api import expect

from orders.models import Order, OrderEvent, Payment, Review
from tests.e2e.conftest import log_in, shots, wait_live
from tests.factories import TEST_PASSWORD, UserFactory
from tests.factories.orders import ApprovedMerchantFactory, ProductFactory

pytestmark = pytest.mark.e2e


def test_seed_004_buy_pay_once_live_paid_and_review(e2e):
    merchant = ApprovedMerchantFactory(user=UserFactory(username="tea", nickname="Tea Shop"), business_name="Tea House")
    product = ProductFactory(merchant=merchant, name="Oolong tin", price=Decimal("38.00"), description="Fresh leaves.")
    UserFactory(username="bea", nickname="Bea")

    buyer = e2e.page()
    log_in(buyer, "bea", TEST_PASSWORD)
    buyer.goto("/shop/")
    shots(buyer, "004-shop")
    buyer.get_by_role("link", name="Oolong tin").click()
    expect(buyer.get_by_test_id("product-price")).to_have_text("¥38.00")
    shots(buyer, "004-product")
    buyer.get_by_label("Quantity").fill("2")
    buyer.get_by_role("button", name="Buy").click()
    buyer.wait_for_url("**/orders/*/")
    order = Order.objects.get(buyer__username="bea")
    expect(buyer.get_by_test_id("order-lines")).to_contain_text("Oolong tin")
    expect(buyer.get_by_test_id("order-payment")).to_have_text("¥76.00")
    wait_live(buyer)

    seller = e2e.page()
    log_in(seller, "tea", TEST_PASSWORD)
    seller.goto(f"/orders/{order.pk}/")
    wait_live(seller)

    # Pay twice: each press opens the gateway in a new tab, both the same payment.
    with buyer.expect_popup() as first:
        buyer.get_by_role("button", name="Pay").click()
    sandbox = first.value
    sandbox.wait_for_load_state()
    with buyer.expect_popup() as second:
        buyer.get_by_role("button", name="Pay").click()
    again = second.value
    again.wait_for_load_state()
    assert sandbox.url == again.url
    assert Payment.objects.filter(order=order).count() == 1
    assert OrderEvent.objects.filter(order=order, type="payment_started").count() == 1
    again.close()

    expect(sandbox.get_by_test_id("sandbox-amount")).to_have_text("¥76.00")
    expect(sandbox.get_by_test_id("back-to-order")).to_be_visible()
    shots(sandbox, "004-sandbox")
    for page in (buyer, seller):
        page.evaluate("window.__noReload = true")
    sandbox.get_by_role("button", name="Pay ¥76.00").click()
    expect(sandbox.get_by_test_id("sandbox-status")).to_contain_text("paid")
    for page in (buyer, seller):
        expect(page.get_by_test_id("order-state")).to_have_text("paid")
        assert page.evaluate("window.__noReload === true")
    shots(buyer, "004-order-paid")
    shots(seller, "004-order-paid-merchant")
    sandbox.get_by_test_id("back-to-order").click()
    expect(sandbox.get_by_test_id("order-state")).to_have_text("paid")
    sandbox.close()

    buyer.get_by_role("button", name="Confirm receipt").click()
    expect(buyer.get_by_test_id("order-state")).to_have_text("completed")
    buyer.get_by_label("Rating").select_option("5")
    buyer.get_by_label("Comment").fill("Fragrant, well packed.")
    shots(buyer, "004-order-review")
    buyer.get_by_role("button", name="Send review").click()
    expect(buyer.get_by_test_id("order-review")).to_contain_text("5/5")
    buyer.get_by_role("link", name="Oolong tin").click()
    expect(buyer.get_by_test_id("merchant-rating")).to_contain_text("5.00 / 5 from 1 review")
    buyer.get_by_role("link", name="Tea House").click()
    expect(buyer.get_by_test_id("reviews")).to_contain_text("Fragrant")
    shots(buyer, "004-merchant")

    order.refresh_from_db()
    assert order.state == "completed"
    assert Payment.objects.get(order=order).status == "paid"
    assert Review.objects.get(order=order).rating == 5
    merchant.refresh_from_db()
    assert merchant.rating_count == 1 and merchant.rating_avg == Decimal("5.00")
    assert product.pk
