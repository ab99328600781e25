"""Every website-application transition through its service (issue 13): one typed event row per step; a
converted application's new merchant is told."""

import pytest

from merchants.models import MerchantApplication, MerchantApplicationEvent
from merchants.services import website as services
from tests.factories.staff import staff_user
from tests.walk import walk_step

pytestmark = pytest.mark.django_db

APPLY = {"business_name": "XX农场", "merchant_type": "farm_owner", "contact_person": "张三",
         "contact_phone": "13800138000", "email": "farm-walk@example.com", "description": "羊驼"}


def test_application_walk_convert_and_reject(django_capture_on_commit_callbacks):
    reviewer = staff_user("merchant_reviewer")
    application = walk_step(django_capture_on_commit_callbacks, events=MerchantApplicationEvent.objects.all(),
                            type="submitted", run=lambda: services.application_submit(data=APPLY))
    events = MerchantApplicationEvent.objects.filter(application=application)
    walk_step(django_capture_on_commit_callbacks, events=events, type="converted",
              run=lambda: services.application_convert(application_id=application.pk, actor=reviewer))
    application.refresh_from_db()
    assert application.status == MerchantApplication.Status.CONVERTED
    owner_id = events.get(type="converted").data["user_id"]
    from chat.models import Message

    assert Message.objects.filter(recipient_id=owner_id, data__event="merchant_approved").exists()
    other = services.application_submit(data={**APPLY, "email": "other-walk@example.com"})
    walk_step(django_capture_on_commit_callbacks, events=MerchantApplicationEvent.objects.filter(application=other),
              type="rejected",
              run=lambda: services.application_reject(application_id=other.pk, actor=reviewer, reason="重复"))
