"""Every success-case transition through its service (issue 13): one typed SuccessCaseEvent per step.
(Cases tell nobody: staff write them for the public site.)"""

import pytest

from merchants.models import SuccessCase, SuccessCaseEvent
from merchants.services import website as services
from tests.factories.staff import staff_user
from tests.walk import walk_step

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
