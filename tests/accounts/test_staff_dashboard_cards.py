"""The staff dashboard on /admin/ (issue 14): what needs action now, per role, each a count linking to the
filtered list; the inspection desk's list opens for underwrite roles with today / overdue filters."""

from datetime import timedelta

import pytest
from django.utils import timezone

from tests.factories.staff import MerchantApplicationFactory, staff_user
from tests.factories.underwrite import PlanOrderFactory
from underwrite import services as underwrite_services

pytestmark = pytest.mark.django_db


@pytest.fixture
def inspections():
    operator = staff_user("underwrite_operator")
    now = timezone.now()
    today = underwrite_services.underwrite_create(actor=operator, oid=PlanOrderFactory().order_no,
                                                  plan_time=now + timedelta(minutes=1), validate_place="东方银座")
    later = underwrite_services.underwrite_create(actor=operator, oid=PlanOrderFactory().order_no,
                                                  plan_time=now + timedelta(days=3), validate_place="西单")
    return today, later


def test_inspector_sees_todays_inspections_and_the_filtered_list(client, inspections):
    today, later = inspections
    MerchantApplicationFactory()
    client.force_login(staff_user("underwrite_operator", "underwrite_reviewer"))
    page = client.get("/admin/")
    assert page.status_code == 200
    cards = {card.label: card for card in page.context["cards"]} if "cards" in page.context else None
    body = page.content.decode()
    assert "Inspections today" in body and "?plan=today&amp;deleted__exact=0" in body
    assert "Merchant applications pending" not in body  # not this role's work
    listing = client.get("/admin/underwrite/underwrite/?plan=today&deleted__exact=0")
    assert listing.status_code == 200
    assert [u.pk for u in listing.context["cl"].result_list] == [today.pk]
    assert cards is None or cards["Inspections today"].count == 1


def test_merchant_reviewer_sees_pending_applications_only(client, inspections):
    MerchantApplicationFactory()
    client.force_login(staff_user("merchant_reviewer"))
    body = client.get("/admin/").content.decode()
    assert "Merchant applications pending" in body and "Inspections today" not in body
    assert client.get("/admin/underwrite/underwrite/").status_code == 403


def test_staff_without_a_role_sees_no_cards(client, inspections):
    client.force_login(staff_user())
    body = client.get("/admin/").content.decode()
    assert 'id="staff-dashboard"' not in body


def test_dashboard_in_chinese(client, inspections):
    client.force_login(staff_user("underwrite_operator"))
    body = client.get("/admin/", HTTP_ACCEPT_LANGUAGE="zh-hans").content.decode()
    assert "今日验车" in body and "待处理事项" in body
