"""Every merchant transition through its service (issue 13): one typed MerchantEvent row per step and the
owner's notice (DESIGN §3.5)."""

import pytest

from merchants.models import Merchant, MerchantEvent
from merchants.services import merchants as services
from tests.factories import UserFactory
from tests.factories.staff import staff_user
from tests.walk import walk_step

pytestmark = pytest.mark.django_db

FIELDS = {"merchant_type": "flower_shop", "business_name": "花店", "contact_person": "王五",
          "contact_phone": "13800000000"}


@pytest.fixture
def step(django_capture_on_commit_callbacks):
    def run(owner, fn, type):
        return walk_step(django_capture_on_commit_callbacks, events=MerchantEvent.objects.filter(merchant__user=owner),
                         run=fn, type=type, told=owner.pk)
    return run


def test_merchant_walk(step):
    owner, reviewer = UserFactory(), staff_user("merchant_reviewer")
    merchant = step(owner, lambda: services.merchant_register(user=owner, data=FIELDS), "registered")
    step(owner, lambda: services.merchant_reject(merchant_id=merchant.pk, actor=reviewer, reason="证照不清"), "rejected")
    step(owner, lambda: services.merchant_register(user=owner, data=FIELDS), "resubmitted")
    step(owner, lambda: services.merchant_approve(merchant_id=merchant.pk, actor=reviewer), "approved")
    step(owner, lambda: services.merchant_suspend(merchant_id=merchant.pk, actor=reviewer, reason="投诉"), "suspended")
    step(owner, lambda: services.merchant_reinstate(merchant_id=merchant.pk, actor=reviewer), "reinstated")
    merchant.refresh_from_db()
    assert merchant.status == Merchant.Status.APPROVED


def test_merchant_walk_by_staff_through_the_api(django_capture_on_commit_callbacks, client_for):
    """The reviewer's steps through the staff API: each also one operation-log row on the merchant."""
    owner = UserFactory()
    merchant = services.merchant_register(user=owner, data=FIELDS)
    api = client_for(staff_user("merchant_reviewer"))
    for action, body, type in [("reject", {"reason": "证照不清"}, "rejected"), ("approve", {}, "approved"),
                               ("suspend", {"reason": "投诉"}, "suspended"), ("reinstate", {}, "reinstated")]:
        if action == "approve":
            services.merchant_register(user=owner, data=FIELDS)  # resubmitted by its owner: no staff row
        walk_step(django_capture_on_commit_callbacks, events=MerchantEvent.objects.filter(merchant=merchant),
                  type=type, told=owner.pk, logged=(f"merchant:{action}", merchant.pk),
                  run=lambda action=action, body=body: api.post(f"/api/v1/admin/merchants/{merchant.pk}/{action}",
                                                                body, format="json"))
    merchant.refresh_from_db()
    assert merchant.status == Merchant.Status.APPROVED
