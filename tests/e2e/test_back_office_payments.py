"""Issue 14 in a real browser: an admin opens /admin/, sees the "Failed payments" card and follows it to the
filtered payments list; then selects an open and a paid payment, runs "Mark … failed…", types the reason on
the intermediate page, and gets one result per row (the open one done, the paid one refused naming its
state). Screenshot at 1280 px."""

import re
from decimal import Decimal

import pytest
from playwright.sync_api import expect

from orders import services as order_services
from orders.models import Payment
from orders.services import payments
from tests.e2e.conftest import WIDE, log_in, off_loop, screenshot
from tests.factories import TEST_PASSWORD, UserFactory
from tests.factories.orders import ProductFactory
from tests.factories.staff import staff_user

pytestmark = pytest.mark.e2e
PAYMENTS = "/admin/orders/payment/"


def _started_payment():
    buyer = UserFactory()
    order = order_services.product_order_place(
        buyer=buyer, items=[{"product": ProductFactory(price=Decimal("9.00")).pk, "quantity": 1}])
    return payments.payment_start(order_id=order.pk, actor=buyer)


def test_admin_marks_an_open_payment_failed_row_by_row(e2e):
    staff_user("admin", username="ops", nickname="运营")
    open_payment = off_loop(_started_payment)
    paid = off_loop(_started_payment)
    off_loop(payments.payment_sandbox_decide, reference=paid.reference, paid=True)
    failed_before = off_loop(_started_payment)
    off_loop(payments.payment_sandbox_decide, reference=failed_before.reference, paid=False)

    page = e2e.page()
    page.set_viewport_size(WIDE)
    log_in(page, "ops", TEST_PASSWORD)
    page.goto("/admin/")
    card = page.locator(f'a[href="{PAYMENTS}?status__exact=failed"]')
    expect(page.locator("#staff-dashboard tr", has=card).locator("td")).to_have_text("1")
    screenshot(page, "issue14-dashboard-admin-1280")
    card.click()
    expect(page.locator("#result_list tbody tr")).to_have_count(1)
    expect(page.locator("#result_list tbody tr").first).to_contain_text(failed_before.reference)

    page.goto(PAYMENTS)
    for reference in (open_payment.reference, paid.reference):
        page.locator("#result_list tbody tr", has_text=reference).locator("input.action-select").check()
    page.locator("select[name=action]").select_option("mark_failed")
    page.locator("button[name=index]").click()
    page.get_by_label("Reason").fill("The payer gave up at the counter")
    page.get_by_role("button", name="Confirm").click()
    messages = page.locator(".messagelist")
    expect(messages).to_contain_text(f"Done: {open_payment.reference}")
    # the admin capitalises each message's first letter; the reason names the row's state
    expect(messages).to_contain_text(re.compile(f"{paid.reference}: refused .* paid", re.IGNORECASE))
    screenshot(page, "issue14-payments-mark-failed-1280")
    assert Payment.objects.get(pk=open_payment.pk).status == Payment.Status.FAILED
    assert Payment.objects.get(pk=paid.pk).status == Payment.Status.PAID
