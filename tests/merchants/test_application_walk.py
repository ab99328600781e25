"""Every website-application transition through its service (issue 13): one typed event row per step; a
converted application's new merchant is told."""

import pytest

from merchants.models import MerchantApplication, MerchantApplicationEvent
from merchants.services import website as services
from tests.factories.staff import staff_user
from tests.walk import assert_one_oplog, last_oplog_id, walk_step

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


def test_application_walk_by_staff_through_the_api(django_capture_on_commit_callbacks, client_for):
    """The reviewer's steps through the staff API: each also one operation-log row on the application."""
    api = client_for(staff_user("merchant_reviewer"))
    application = services.application_submit(data=APPLY)
    walk_step(django_capture_on_commit_callbacks, events=MerchantApplicationEvent.objects.filter(application=application),
              type="converted", run=lambda: api.post(f"/api/v1/admin/applications/{application.pk}/convert", {},
                                                     format="json"),
              logged=("merchant:convert", application.pk))
    other = services.application_submit(data={**APPLY, "email": "other-walk@example.com"})
    walk_step(django_capture_on_commit_callbacks, events=MerchantApplicationEvent.objects.filter(application=other),
              type="rejected", run=lambda: api.post(f"/api/v1/admin/applications/{other.pk}/reject",
                                                    {"reason": "重复"}, format="json"),
              logged=("merchant:reject_application", other.pk))


def test_refused_staff_application_step_is_a_failed_row_and_changes_nothing(client_for):
    """Rejecting an application already converted: 409, a failed row, the application as it was."""
    reviewer = staff_user("merchant_reviewer")
    application = services.application_submit(data=APPLY)
    services.application_convert(application_id=application.pk, actor=reviewer)
    last_log, events = last_oplog_id(), MerchantApplicationEvent.objects.filter(application=application).count()
    response = client_for(reviewer).post(f"/api/v1/admin/applications/{application.pk}/reject", {"reason": "x"},
                                         format="json")
    assert response.status_code == 409, response.content
    assert assert_one_oplog(last_log, "merchant:reject_application", application.pk, status="failed").error_message
    application.refresh_from_db()
    assert application.status == MerchantApplication.Status.CONVERTED
    assert MerchantApplicationEvent.objects.filter(application=application).count() == events
