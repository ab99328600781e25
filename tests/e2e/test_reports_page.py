"""The staff reports page in a real browser at 1280 px (issue 14.5): charts drawn, no CSP violation."""

import datetime as dt
from decimal import Decimal

import pytest
from django.utils import timezone

from orders.models import Order, OrderEvent
from tests.e2e.conftest import screenshot
from tests.factories import TEST_PASSWORD, UserFactory
from tests.factories.staff import staff_user
from tests.factories.underwrite import PlanOrderFactory

pytestmark = pytest.mark.django_db(transaction=True)


def test_reports_page_at_1280(e2e):
    today = timezone.localdate()
    for n in range(12):
        day = today - dt.timedelta(days=n * 2)
        moment = timezone.make_aware(dt.datetime.combine(day, dt.time(12)))
        UserFactory(date_joined=moment)
        order = PlanOrderFactory(kind=(Order.Kind.PLAN, Order.Kind.SALE, Order.Kind.PRODUCT)[n % 3],
                                 payment=Decimal(100 * (n + 1)))
        OrderEvent.objects.create(order=order, type="placed", occurred_at=moment)
        OrderEvent.objects.create(order=order, type="paid", occurred_at=moment)
    viewer = staff_user("admin", username="reporter")
    viewer.set_password(TEST_PASSWORD)
    viewer.save()

    page = e2e.context().new_page()
    page.set_viewport_size({"width": 1280, "height": 900})
    violations = []
    page.on("console", lambda msg: violations.append(msg.text) if "Content Security Policy" in msg.text else None)
    page.goto("/admin/login/?next=/admin/")
    page.fill("input[name=username]", "reporter")
    page.fill("input[name=password]", TEST_PASSWORD)
    page.click("input[type=submit]")
    page.wait_for_url(lambda url: "/login/" not in url)
    page.click("#staff-reports a")
    page.wait_for_url("**/admin/reports/")
    assert page.locator("svg.report-chart").count() == 7
    assert page.locator("#report-orders svg.report-chart rect").count() == 12
    screenshot(page, "admin-reports-1280")
    assert not violations
