"""The inspection desk in the admin (issue 14 point 2), without a browser: who may open it, scheduling from a
placed plan order, the list by plan time, and the stale-write rule on the note and the result — each edit
one op-log row with its real outcome."""

from datetime import timedelta
from zoneinfo import ZoneInfo

import pytest
from django.conf import settings
from django.contrib.auth.models import Group
from django.utils import timezone

from accounts.models import OperationLog
from orders.models import Order
from tests.factories import UserFactory
from tests.factories.underwrite import PlanOrderFactory
from underwrite.admin_desk import seen
from underwrite.models import Underwrite
from underwrite.permissions import OPERATOR_GROUP, REVIEWER_GROUP

pytestmark = pytest.mark.django_db

LIST = "/admin/underwrite/underwrite/"


@pytest.fixture
def inspector(db):
    user = UserFactory(username="inspector", is_staff=True)
    for name in (OPERATOR_GROUP, REVIEWER_GROUP):
        user.groups.add(Group.objects.get_or_create(name=name)[0])
    return user


@pytest.fixture
def desk(client, inspector):
    client.force_login(inspector)
    return client


def messages_of(response) -> list[str]:
    return [str(m) for m in response.context["messages"]]


def test_staff_without_an_underwrite_role_cannot_open_the_desk(client, scheduled):
    client.force_login(UserFactory(username="nobody", is_staff=True))
    assert client.get(f"{LIST}{scheduled.pk}/desk/").status_code == 403
    assert client.get(f"{LIST}schedule/").status_code == 403


def test_schedule_from_a_placed_plan_order_then_list_by_plan_time(desk, inspector):
    order, sooner = PlanOrderFactory(), PlanOrderFactory()
    page = desk.get(f"{LIST}schedule/")
    assert page.status_code == 200 and order.order_no in page.content.decode()
    for each, days in ((order, 3), (sooner, 1)):
        # typed in the zone the admin shows (DISPLAY_TIME_ZONE), as a person would: in UTC the test failed
        # whenever Shanghai's date was already tomorrow's (16:00–24:00 UTC)
        when = timezone.localtime(timezone.now() + timedelta(days=days),
                                  ZoneInfo(settings.DISPLAY_TIME_ZONE)).strftime("%Y-%m-%dT%H:%M")
        response = desk.post(f"{LIST}schedule/", {"order": each.pk, "plan_time": when, "validate_place": "国贸",
                                                  "operator": inspector.pk}, follow=True)
        assert response.status_code == 200, response.content
    assert Order.objects.get(pk=order.pk).state == Order.S.UNDERWRITING
    listed = desk.get(LIST).context["cl"].result_list
    assert [u.order_id for u in listed] == [sooner.pk, order.pk]
    assert desk.get(LIST, {"plan": "upcoming"}).context["cl"].result_count == 2
    assert OperationLog.objects.filter(operation="underwrite:create", status="success").count() == 2


def test_a_stale_note_is_refused_with_the_current_value(desk, inspected, inspector):
    read = Underwrite.objects.get(pk=inspected.pk)
    form = {"desk_form": "edit", "real_place": read.real_place, "note": "first",
            "real_seen": seen(read.real_update_time), "note_seen": seen(read.note_update_time),
            "photos-TOTAL_FORMS": 0, "photos-INITIAL_FORMS": 0}
    assert "Inspection saved." in messages_of(desk.post(f"{LIST}{inspected.pk}/desk/", form, follow=True))
    shown = messages_of(desk.post(f"{LIST}{inspected.pk}/desk/", {**form, "note": "second"}, follow=True))
    assert any("changed meanwhile" in m and "first" in m for m in shown), shown
    assert Underwrite.objects.get(pk=inspected.pk).note == "first"
    assert list(OperationLog.objects.filter(operation="underwrite:edit").order_by("id")
                .values_list("status", flat=True)) == ["success", "failed"]


def test_result_submitted_then_a_stale_alteration_changes_nothing(desk, inspected):
    url = f"{LIST}{inspected.pk}/desk/"
    desk.post(url, {"result": "passed", "result_seen": ""})
    passed = Underwrite.objects.get(pk=inspected.pk)
    assert passed.state == Underwrite.S.PASSED
    assert Order.objects.get(pk=inspected.order_id).state == Order.S.UNDERWRITTEN
    shown = messages_of(desk.post(url, {"result": "failed", "result_seen": ""}, follow=True))
    assert any("changed meanwhile" in m for m in shown), shown
    assert Underwrite.objects.get(pk=inspected.pk).state == Underwrite.S.PASSED
    desk.post(url, {"result": "failed", "result_seen": seen(passed.result_update_time)})
    assert Order.objects.get(pk=inspected.order_id).state == Order.S.REJECTED
