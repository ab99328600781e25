"""Admin: underwrites with inlines and filters; the result actions go through the services."""

import pytest
from django.contrib.auth.models import Group, Permission

from chat.models import Message
from orders.models import Order
from tests.factories import UserFactory
from underwrite.models import Underwrite

pytestmark = pytest.mark.django_db

URL = "/admin/underwrite/underwrite/"


@pytest.fixture
def admin_client(client):
    client.force_login(UserFactory(username="boss", is_staff=True, is_superuser=True))
    return client


def test_changelist_filters_and_read_only_change_page(admin_client, passed, scheduled):
    page = admin_client.get(URL, {"state": "passed"})
    assert page.status_code == 200
    assert page.context["cl"].result_count == 1
    assert admin_client.get(URL, {"operator__id__exact": passed.operator_id}).status_code == 200
    detail = admin_client.get(f"{URL}{passed.pk}/change/")
    assert detail.status_code == 200
    content = detail.content.decode()
    assert "剐蹭" in content and "http://www.baidu.com" in content  # problems and photos inline
    assert admin_client.get(f"{URL}add/").status_code == 403


def test_action_alters_the_result_through_the_service(admin_client, passed):
    response = admin_client.post(URL, {"action": "mark_failed", "_selected_action": [str(passed.pk)]}, follow=True)
    assert response.status_code == 200
    passed.refresh_from_db()
    assert passed.state == Underwrite.S.FAILED
    assert Order.objects.get(pk=passed.order_id).state == Order.S.REJECTED
    assert Message.objects.filter(recipient=passed.order.buyer, data__event="result_altered").exists()


def test_action_submits_for_inspected_and_reports_refusals(admin_client, inspected, operator):
    from tests.factories.underwrite import PlanOrderFactory, plan_time
    from underwrite import services

    scheduled = services.underwrite_create(actor=operator, oid=PlanOrderFactory().pk, plan_time=plan_time(),
                                           validate_place="x")
    response = admin_client.post(
        URL, {"action": "mark_passed", "_selected_action": [str(inspected.pk), str(scheduled.pk)]}, follow=True
    )
    shown = [str(m) for m in response.context["messages"]]
    assert any("scheduled" in m for m in shown), shown
    inspected.refresh_from_db()
    scheduled.refresh_from_db()
    assert inspected.state == Underwrite.S.PASSED
    assert scheduled.state == Underwrite.S.SCHEDULED  # not inspected yet: refused, shown as an error message


def test_action_by_staff_outside_the_reviewer_group_changes_nothing(client, passed):
    staff = UserFactory(is_staff=True)
    staff.user_permissions.add(*Permission.objects.filter(codename__in=["view_underwrite", "change_underwrite"]))
    staff.groups.add(Group.objects.get_or_create(name="underwrite_operator")[0])
    client.force_login(staff)
    client.post(URL, {"action": "mark_failed", "_selected_action": [str(passed.pk)]})
    passed.refresh_from_db()
    assert passed.state == Underwrite.S.PASSED


def test_soft_delete_action_hides_the_underwrite(admin_client, scheduled, client_for, buyer):
    admin_client.post(URL, {"action": "soft_delete", "_selected_action": [str(scheduled.pk)]})
    scheduled.refresh_from_db()
    assert scheduled.deleted
    assert client_for(buyer).get(f"/api/v1/underwrites/{scheduled.pk}").status_code == 404
    assert admin_client.get(URL, {"deleted__exact": "1"}).context["cl"].result_count == 1
