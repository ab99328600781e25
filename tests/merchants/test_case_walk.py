"""Every success-case transition through its service (issue 13): one typed SuccessCaseEvent per step.
(Cases tell nobody: staff write them for the public site.)"""

import pytest

from merchants.models import SuccessCase, SuccessCaseEvent
from merchants.services import website as services
from tests.factories.staff import staff_user
from tests.walk import assert_one_oplog, walk_step

pytestmark = pytest.mark.django_db


def test_case_walk(django_capture_on_commit_callbacks):
    editor = staff_user("content_manager")
    case = services.case_create(actor=editor, data={"title": "XX农场", "description": "数字化"})
    events = SuccessCaseEvent.objects.filter(case=case)
    assert list(events.values_list("type", flat=True)) == ["created"]
    for action, type in [("submit", "submitted"), ("send_back", "sent_back"), ("submit", "submitted"),
                         ("publish", "published"), ("unpublish", "unpublished")]:
        walk_step(django_capture_on_commit_callbacks, events=events, type=type,
                  run=lambda action=action: services.case_transition(case_id=case.pk, actor=editor, action=action))
    case.refresh_from_db()
    assert case.state == SuccessCase.State.DRAFT


def test_case_walk_by_staff_through_the_api(django_capture_on_commit_callbacks, client_for):
    """The same walk through the staff API: one operation-log row per step, named `content:<action>`."""
    api = client_for(staff_user("content_manager"))
    created = api.post("/api/v1/admin/cases", {"title": "XX农场", "description": "数字化"}, format="json")
    case = SuccessCase.objects.get(pk=created.json()["data"]["id"])
    assert_one_oplog(0, "content:create", case.pk)  # the row's id, known only after the create
    events = SuccessCaseEvent.objects.filter(case=case)
    for action, type in [("submit", "submitted"), ("send-back", "sent_back"), ("submit", "submitted"),
                         ("publish", "published"), ("unpublish", "unpublished")]:
        walk_step(django_capture_on_commit_callbacks, events=events, type=type,
                  logged=(f"content:{action.replace('-', '_')}", case.pk),
                  run=lambda action=action: api.post(f"/api/v1/admin/cases/{case.pk}/{action}"))
    case.refresh_from_db()
    assert case.state == SuccessCase.State.DRAFT
