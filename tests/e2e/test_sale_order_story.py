"""Issue 16, seed 002 placeAnSaleOrder in the browser: a car owner goes from the Orders menu to the vehicle,
follows the quotation's sale-order link, buys two plan items outright at their catalog prices and lands on
the order's page; pays once on the sandbox page and the open order page turns `paid` live. Staff, in a
second browser, find the sale order in the admin by its kind, open it and make it effective; the owner's
open page shows it without a reload and leads back to the vehicle. axe on every page; shots at 1280 and
390 px."""

from decimal import Decimal

import pytest
from playwright.sync_api import expect

from orders.models import Order, Payment
from tests.e2e.conftest import WIDE, log_in, screenshot, shots, wait_live
from tests.e2e.journeys import assert_accessible, menu
from tests.factories import TEST_PASSWORD, UserFactory
from tests.factories.orders import PlanFactory, PlanItemFactory, QuotationFactory, VehicleFactory
from tests.factories.staff import staff_user

pytestmark = pytest.mark.e2e


def test_owner_places_and_pays_a_sale_order_staff_make_it_effective(e2e):
    owen = UserFactory(username="owen", nickname="Owen")
    staff_user("admin", username="clerk", nickname="Clerk")
    vehicle = VehicleFactory(owner=owen, plate_no="沪A12345")
    third = PlanFactory(name="Third party")
    PlanItemFactory(plan=third, name="Liability", price=Decimal("1000.00"))
    PlanItemFactory(plan=third, name="Glass", price=Decimal("200.00"))
    PlanItemFactory(plan=third, name="Towing", price=Decimal("50.00"))
    QuotationFactory(vehicle=vehicle, plans=[third], total=Decimal("1250.00"))

    owner = e2e.page()
    log_in(owner, "owen", TEST_PASSWORD)
    menu(owner, "Orders")
    owner.get_by_role("link", name="My vehicles and drivers").click()
    owner.get_by_role("link", name="沪A12345").click()
    owner.get_by_role("link", name="Or buy these items outright (sale order)").click()
    expect(owner.get_by_role("heading", level=1)).to_have_text("Sale order for 沪A12345")
    assert_accessible(owner)
    form = owner.get_by_test_id("sale-form")
    form.get_by_role("button", name="Place sale order").click()  # nothing ticked: told plainly, stays
    expect(owner.get_by_role("status")).to_have_text("At least one plan item is required.")
    assert_accessible(owner)
    form.get_by_label("Liability").check()
    form.get_by_label("Glass").check()
    shots(owner, "016-sale-order-form")
    form.get_by_role("button", name="Place sale order").click()
    owner.wait_for_url("**/orders/*/")
    order = Order.objects.get(buyer=owen, kind=Order.Kind.SALE)
    expect(owner.get_by_role("status")).to_contain_text("Sale order placed.")
    expect(owner.get_by_test_id("order-state")).to_have_text("placed")
    expect(owner.get_by_test_id("order-lines")).to_contain_text("Third party · Liability")
    expect(owner.get_by_test_id("order-lines")).to_contain_text("Third party · Glass")
    expect(owner.get_by_test_id("order-payment")).to_have_text("¥1200.00")
    assert_accessible(owner)
    shots(owner, "016-sale-order-placed")
    wait_live(owner)

    with owner.expect_popup() as popup:
        owner.get_by_role("button", name="Pay").click()
    sandbox = popup.value
    sandbox.wait_for_load_state()
    expect(sandbox.get_by_test_id("sandbox-amount")).to_have_text("¥1200.00")
    owner.evaluate("window.__noReload = true")
    sandbox.get_by_role("button", name="Pay ¥1200.00").click()
    expect(owner.get_by_test_id("order-state")).to_have_text("paid")
    sandbox.close()

    # Staff find the sale order in the admin (their start page) by its kind and make it effective.
    clerk = e2e.context().new_page()
    clerk.set_viewport_size(WIDE)
    log_in(clerk, "clerk", TEST_PASSWORD)
    clerk.goto("/admin/")
    clerk.locator("tr.model-order").get_by_role("link", name="Orders", exact=True).click()
    clerk.locator("#changelist-filter").get_by_role("link", name="sale order").click()
    rows = clerk.locator("#result_list tbody tr")
    expect(rows).to_have_count(1)
    expect(rows.first).to_contain_text(order.order_no)
    expect(rows.first).to_contain_text("paid")
    assert_accessible(clerk)
    screenshot(clerk, "016-sale-order-admin-list-1280")
    rows.first.get_by_role("checkbox").check()
    clerk.locator("select[name=action]").select_option("order_activate")
    clerk.get_by_role("button", name="Go").click()
    expect(clerk.locator(".messagelist")).to_contain_text(order.order_no)
    screenshot(clerk, "016-sale-order-admin-effective-1280")

    expect(owner.get_by_test_id("order-state")).to_have_text("effective")
    expect(owner.locator("#toasts")).to_contain_text(f"Order {order.order_no} is now effective.")  # was 已生效
    assert owner.evaluate("window.__noReload === true")
    assert_accessible(owner)
    shots(owner, "016-sale-order-effective")
    # A way on: back to the vehicle, whose orders list the sale order.
    owner.get_by_role("link", name="沪A12345").click()
    expect(owner.get_by_role("heading", level=1)).to_have_text("沪A12345")
    expect(owner.get_by_role("link", name=order.order_no)).to_be_visible()

    order.refresh_from_db()
    assert order.state == Order.State.EFFECTIVE and order.payment == order.summary == Decimal("1200.00")
    assert Payment.objects.get(order=order).status == "paid"
    assert set(order.items.values_list("plan_item__name", flat=True)) == {"Liability", "Glass"}
