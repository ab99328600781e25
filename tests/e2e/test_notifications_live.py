"""Issue 15's notices story in real browsers: a merchant (reading Chinese) applies, staff approve, an order is
paid, a trade is accepted — each notice appears live on the right user's open /notifications/ page, in that
user's language, with the header badge counting exactly the unread notices shown; switching language
re-renders the old notices."""

import re
from decimal import Decimal

import pytest
from playwright.sync_api import expect

from marketplace.services.trades import trade_accept, trade_start
from merchants.models import Merchant
from merchants.services.merchants import merchant_approve
from orders.services import payment_sandbox_decide, payment_start, product_order_place
from tests.e2e.conftest import log_in, off_loop, screenshot, wait_live
from tests.factories import TEST_PASSWORD, UserFactory
from tests.factories.marketplace import ItemFactory
from tests.factories.orders import ProductFactory
from tests.factories.staff import staff_user

pytestmark = pytest.mark.e2e


def expect_badge_matches(page, unread: int) -> None:
    """The header badge and the unread rows of the open notification centre agree (and equal `unread`)."""
    expect(page.locator("#notice-badge")).to_have_attribute("data-count", str(unread))
    expect(page.locator('#notices-live [data-unread="1"]')).to_have_count(unread)


def test_each_notice_reaches_its_reader_live_in_their_language(e2e):
    mei = UserFactory(username="mei", nickname="Mei")
    bob = UserFactory(username="bob", nickname="Bob")
    reviewer = staff_user("merchant_reviewer")

    merchant_page = e2e.page(locale="zh-CN")
    log_in(merchant_page, "mei", TEST_PASSWORD)
    merchant_page.goto("/notifications/")
    wait_live(merchant_page)
    expect(merchant_page.get_by_role("heading", level=1)).to_have_text("通知")
    expect_badge_matches(merchant_page, 0)

    buyer_page = e2e.page(locale="en-US")
    log_in(buyer_page, "bob", TEST_PASSWORD)
    buyer_page.goto("/notifications/")
    wait_live(buyer_page)
    expect(buyer_page.get_by_text("No notifications yet.")).to_be_visible()

    # 1. Mei applies in a second tab; her open notification centre shows the receipt live, in Chinese.
    form_tab = merchant_page.context.new_page()
    form_tab.goto("/merchant/")
    form_tab.locator("select[name=merchant_type]").select_option(index=1)
    form_tab.locator("input[name=business_name]").fill("Green Farm")
    form_tab.locator("input[name=contact_person]").fill("Mei")
    form_tab.locator("input[name=contact_phone]").fill("13800000000")
    form_tab.locator("form button[type=submit]", has_text="提交申请").click()
    expect(merchant_page.locator("#notices-live")).to_contain_text("Green Farm")
    expect(merchant_page.locator("#notices-live")).to_contain_text("等待审核")
    expect_badge_matches(merchant_page, 1)
    form_tab.close()

    # 2. Staff approve: "approved" arrives live.
    merchant = Merchant.objects.get(user=mei)
    off_loop(merchant_approve, merchant_id=merchant.pk, actor=reviewer)
    expect(merchant_page.locator("#notices-live li").first).to_contain_text("已通过审核")
    expect_badge_matches(merchant_page, 2)

    # 3. Bob orders Mei's product and pays: both hear of it, each in their own language.
    product = ProductFactory(merchant=merchant, price=Decimal("20.00"), name="Honey")
    order = off_loop(product_order_place, buyer=bob, items=[{"product": product.pk, "quantity": 1}])
    payment = off_loop(payment_start, order_id=order.pk, actor=bob)
    off_loop(payment_sandbox_decide, reference=payment.reference, paid=True)
    expect(merchant_page.locator("#notices-live li").first).to_contain_text(f"订单 {order.order_no} 已支付")
    expect(buyer_page.locator("#notices-live li").first).to_contain_text(f"Order {order.order_no} has been paid.")
    # The live toast speaks the reader's language too (the socket renders the notice's key for its reader).
    expect(merchant_page.locator("#toasts")).to_contain_text(f"订单 {order.order_no} 已支付")
    merchant_unread = merchant_page.locator('#notices-live [data-unread="1"]').count()
    expect_badge_matches(merchant_page, merchant_unread)
    expect_badge_matches(buyer_page, 1)

    # 4. A trade: Bob wants Mei's lamp, Mei accepts; Bob's page shows the acceptance live, in English.
    item = ItemFactory(seller=mei, title="Desk lamp")
    trade = off_loop(trade_start, item_id=item.pk, buyer=bob)
    expect(merchant_page.locator("#notices-live li").first).to_contain_text("Desk lamp")
    off_loop(trade_accept, trade_id=trade.pk, actor=mei)
    expect(buyer_page.locator("#notices-live li").first).to_contain_text(
        "The seller accepted your request for “Desk lamp”")
    expect_badge_matches(buyer_page, 2)
    expect_badge_matches(merchant_page, merchant_unread + 1)
    screenshot(merchant_page, "notifications-merchant-zh")
    screenshot(buyer_page, "notifications-buyer-en")

    # Opening a notice reads it and leads to its subject; the badge drops by one.
    buyer_page.locator("#notices-live li").first.get_by_role("link").click()
    buyer_page.wait_for_url(re.compile(r"/trades/"))
    buyer_page.goto("/notifications/")
    expect_badge_matches(buyer_page, 1)

    # Switching language re-renders the old notices in the new one.
    buyer_page.locator("#lang-select").select_option("zh-hans")
    buyer_page.locator("form.lang button").click()
    expect(buyer_page.locator("#notices-live")).to_contain_text(f"订单 {order.order_no} 已支付")
    expect(buyer_page.locator("#notices-live")).not_to_contain_text("has been paid")
    screenshot(buyer_page, "notifications-buyer-switched-zh")

