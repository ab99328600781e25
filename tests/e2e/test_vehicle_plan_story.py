"""Seed 002 in the browser (issue 16): a car owner adds a vehicle and a driver, staff quote it, the owner
picks plan items and sees the server's totals change live (a promotion by its code included), places the
plan order, watches the inspection appointment and result arrive on the open order page without a reload
(an operator and a reviewer act in their own browser contexts through the API), pays once, and also covers
the driver. Screenshots of every page at 1280 and 390 px."""

from decimal import Decimal

import pytest
from playwright.sync_api import expect

from orders.models import Order, OrderEvent, Payment, Vehicle
from tests.e2e.conftest import log_in, shots, wait_live
from tests.factories import TEST_PASSWORD, UserFactory
from tests.factories.orders import PlanFactory, PlanItemFactory, PromotionFactory, QuotationFactory
from tests.factories.underwrite import operator_user, reviewer_user

pytestmark = pytest.mark.e2e


def test_seed_002_vehicle_plan_order_inspection_and_payment(e2e, settings):
    settings.PLAN_SERVICE_RATIO = "0.05"
    UserFactory(username="owen", nickname="Owen")
    operator, reviewer = operator_user(username="op"), reviewer_user(username="rev")
    PromotionFactory(code="SPRING", discount=Decimal("100.00"))

    owner = e2e.page()
    log_in(owner, "owen", TEST_PASSWORD)
    owner.goto("/orders/")
    owner.get_by_role("link", name="My vehicles and drivers").click()
    owner.get_by_label("Plate number").fill("沪A12345")
    owner.get_by_label("VIN").fill("LSVAB1234C5678901")
    owner.get_by_label("Vehicle value").fill("150000")
    owner.get_by_role("button", name="Add vehicle").click()
    expect(owner.get_by_test_id("vehicles")).to_contain_text("沪A12345")
    owner.get_by_label("Driver name").fill("Lin Wei")
    owner.get_by_label("Licence number").fill("310101199001011234")
    owner.get_by_role("button", name="Add driver").click()
    expect(owner.get_by_test_id("drivers")).to_contain_text("Lin Wei")
    shots(owner, "002-garage")

    # Staff quote the vehicle (in the admin): two plans with their items.
    vehicle = Vehicle.objects.get(owner__username="owen")
    third, damage = PlanFactory(name="Third party"), PlanFactory(name="Own damage")
    liability = PlanItemFactory(plan=third, name="Liability", price=Decimal("1000.00"))
    PlanItemFactory(plan=damage, name="Collision", price=Decimal("2000.00"))
    QuotationFactory(vehicle=vehicle, plans=[third, damage], total=Decimal("3000.00"))

    owner.get_by_role("link", name="沪A12345").click()
    form = owner.get_by_test_id("plan-form")
    expect(owner.get_by_test_id("plan-payment")).to_have_text("0.00")
    form.get_by_label("Liability").check()
    expect(owner.get_by_test_id("plan-summary")).to_have_text("1000.00")
    expect(owner.get_by_test_id("plan-payment")).to_have_text("1050.00")
    form.get_by_label("Collision").check()
    expect(owner.get_by_test_id("plan-payment")).to_have_text("3150.00")
    form.get_by_label("Promotion code").fill("spring")
    expect(owner.get_by_test_id("plan-discount")).to_have_text("100.00")
    expect(owner.get_by_test_id("plan-payment")).to_have_text("3050.00")
    form.get_by_label("Cover starts on").fill("2030-01-01")
    shots(owner, "002-vehicle-plan")
    form.get_by_role("button", name="Place plan order").click()
    owner.wait_for_url("**/orders/*/")
    order = Order.objects.get(buyer__username="owen", kind="plan")
    expect(owner.get_by_test_id("order-payment")).to_have_text("¥3050.00")
    expect(owner.get_by_test_id("order-total")).to_contain_text("Promotion SPRING")
    expect(owner.get_by_test_id("order-lines")).to_contain_text("Third party · Liability")
    wait_live(owner)
    shots(owner, "002-order-placed")

    # The operator and the reviewer, each in their own context, work through the API.
    staff = {}
    for name, user in (("op", operator), ("rev", reviewer)):
        context = e2e.context()
        page = context.new_page()
        log_in(page, user.username, TEST_PASSWORD)
        staff[name] = page

    def api(name, path, body):
        page = staff[name]
        csrf = next(c["value"] for c in page.context.cookies() if c["name"] == "csrftoken")
        response = page.request.post(f"/api/v1/{path}", data=body, headers={"X-CSRFToken": csrf,
                                                                          "Referer": e2e.base_url + "/"})
        assert response.ok, response.text()
        return response.json()["data"]

    owner.evaluate("window.__noReload = true")
    created = api("op", "underwrites", {"oid": order.order_no, "plan_time": "2029-12-20T02:00:00Z",
                                        "validate_place": "东方银座"})
    expect(owner.get_by_test_id("order-inspection")).to_contain_text("东方银座")
    expect(owner.get_by_test_id("order-state")).to_have_text("underwriting")
    api("op", f"underwrites/{created['id']}/fill", {"real_place": "东直门", "certificate_state": 2})
    api("rev", f"underwrites/{created['id']}/result", {"underwrite_result": "passed"})
    expect(owner.get_by_test_id("inspection-result")).to_have_text("passed")
    expect(owner.get_by_test_id("order-state")).to_have_text("underwritten")
    assert owner.evaluate("window.__noReload === true")
    shots(owner, "002-order-underwritten")

    for _press in range(2):
        with owner.expect_popup() as popup:
            owner.get_by_role("button", name="Pay").click()
        sandbox = popup.value
        sandbox.wait_for_load_state()
    assert Payment.objects.filter(order=order).count() == 1
    shots(sandbox, "002-sandbox")
    sandbox.get_by_role("button", name="Pay ¥3050.00").click()
    expect(owner.get_by_test_id("order-state")).to_have_text("paid")
    assert owner.evaluate("window.__noReload === true")
    shots(owner, "002-order-paid")

    owner.goto(f"/vehicles/{vehicle.pk}/")
    owner.get_by_label("Lin Wei").check()
    owner.get_by_label("Cover price").fill("300")
    owner.get_by_label("To pay").fill("280")
    owner.get_by_role("button", name="Place driver order").click()
    owner.wait_for_url("**/orders/*/")
    expect(owner.get_by_test_id("order-total")).to_contain_text("Discount")
    shots(owner, "002-driver-order")

    order.refresh_from_db()
    assert order.state == "paid" and order.payment == Decimal("3050.00")
    assert set(order.items.values_list("plan_item__name", flat=True)) == {"Liability", "Collision"}
    assert order.plan_ext.promotion.code == "SPRING"
    assert OrderEvent.objects.filter(order=order, type="payment_started").count() == 1
    driver_order = Order.objects.get(buyer__username="owen", kind="driver")
    assert driver_order.payment == Decimal("280.00") and driver_order.driver_ext.drivers.get().name == "Lin Wei"
    assert liability.pk
