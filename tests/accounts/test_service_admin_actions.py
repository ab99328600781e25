"""Issue 14 point 3: machine transitions as admin actions — one service call per row, per-row done /
refused messages, one op-log row per row, offered only to roles holding the service's permission."""

from datetime import timedelta

import pytest
from django.contrib import admin
from django.test import Client, RequestFactory
from django.utils import timezone

from accounts.models import OperationLog
from community.models import AnimalClaim
from merchants.admin import MerchantAdmin
from merchants.models import Merchant, MerchantApplication
from tests.factories import UserFactory
from tests.factories.community import AnimalFactory
from tests.factories.staff import MerchantFactory, staff_user

pytestmark = pytest.mark.django_db

MERCHANTS = "/admin/merchants/merchant/"


def login(role):
    user = staff_user(role)
    client = Client()
    client.force_login(user)
    return user, client


def texts(response):
    return [str(m) for m in response.context["messages"]]


def test_approve_one_allowed_one_refused_reports_and_logs_each_row():
    reviewer, client = login("merchant_reviewer")
    pending, approved = MerchantFactory(), MerchantFactory(status="approved")
    response = client.post(MERCHANTS, {"action": "approve", "_selected_action": [pending.pk, approved.pk]},
                           follow=True)
    pending.refresh_from_db()
    assert pending.status == "approved"
    shown = texts(response)
    assert any(m.startswith(f"{approved.business_name}: refused") for m in shown)
    assert any(m.startswith("Done:") and pending.business_name in m for m in shown)
    logs = {log.target_id: log.status for log in OperationLog.objects.filter(admin=reviewer,
                                                                            operation="merchant:approve")}
    assert logs == {str(pending.pk): "success", str(approved.pk): "failed"}


def test_reject_asks_a_reason_then_rejects_with_it():
    reviewer, client = login("merchant_reviewer")
    pending, approved = MerchantFactory(), MerchantFactory(status="approved")
    data = {"action": "reject", "_selected_action": [pending.pk, approved.pk]}
    page = client.post(MERCHANTS, data)
    assert page.status_code == 200 and b'name="reason"' in page.content
    assert not OperationLog.objects.filter(operation="merchant:reject").exists()
    response = client.post(MERCHANTS, {**data, "apply": "1", "reason": "documents missing"}, follow=True)
    pending.refresh_from_db()
    assert (pending.status, pending.reject_reason) == ("rejected", "documents missing")
    assert sorted(OperationLog.objects.filter(operation="merchant:reject").values_list("status", flat=True)) == [
        "failed", "success"]
    assert any("refused" in m for m in texts(response))


def test_application_reject_logs_per_row():
    reviewer, client = login("merchant_reviewer")
    app = MerchantApplication.objects.create(business_name="Shop", merchant_type="pet", contact_person="A",
                                             contact_phone="13800000000", email="a@example.com")
    client.post("/admin/merchants/merchantapplication/",
                {"action": "reject", "apply": "1", "reason": "duplicate", "_selected_action": [app.pk]})
    app.refresh_from_db()
    assert app.status == "rejected"
    assert OperationLog.objects.get(operation="merchant:reject_application").status == "success"


@pytest.mark.parametrize("role", ["content_manager", "underwrite_operator"])
def test_role_without_the_permission_is_not_offered_the_actions(role):
    user, client = login(role)
    merchant = MerchantFactory()
    response = client.get(MERCHANTS)
    assert response.status_code == 403 or b'value="approve"' not in response.content
    client.post(MERCHANTS, {"action": "approve", "_selected_action": [merchant.pk]})
    merchant.refresh_from_db()
    assert merchant.status == "pending"


def test_actions_hidden_from_a_role_that_may_view_but_not_review():
    user = staff_user("content_manager")
    request = RequestFactory().get(MERCHANTS)
    request.user = user
    names = set(MerchantAdmin(Merchant, admin.site).get_actions(request))
    assert not names & {"approve", "reject", "suspend", "reinstate"}


# --- Animal claims (community:manage) ---------------------------------------------------------------------

CLAIMS = "/admin/community/animalclaim/"


def make_claim(status="active"):
    now = timezone.now()
    return AnimalClaim.objects.create(user=UserFactory(), animal=AnimalFactory(status="claimed"), price_paid=1,
                                      claimed_at=now, ends_at=now + timedelta(days=30), status=status)


def test_claim_cancel_one_done_one_refused_logged_per_row():
    admin_user, client = login("admin")
    active, ended = make_claim(), make_claim(status="ended")
    response = client.post(CLAIMS, {"action": "cancel_claims", "apply": "1", "reason": "",
                                    "_selected_action": [active.pk, ended.pk]}, follow=True)
    active.refresh_from_db()
    ended.refresh_from_db()
    assert (active.status, ended.status) == ("cancelled", "ended")
    shown = texts(response)
    assert any("refused" in m for m in shown) and any(m.startswith("Done:") for m in shown)
    logs = {log.target_id: log.status for log in OperationLog.objects.filter(operation="community:cancel_claim")}
    assert logs == {str(active.pk): "success", str(ended.pk): "failed"}


def test_claim_actions_hidden_without_community_manage():
    _, client = login("merchant_reviewer")
    claim = make_claim()
    assert client.get(CLAIMS).status_code == 403
    client.post(CLAIMS, {"action": "cancel_claims", "apply": "1", "reason": "", "_selected_action": [claim.pk]})
    claim.refresh_from_db()
    assert claim.status == "active"
