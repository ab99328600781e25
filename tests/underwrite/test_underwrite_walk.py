"""Every underwrite transition through its service (issue 13): scheduled → inspected → passed ⇄ failed. Each
step writes one typed UnderwriteEvent and tells the buyer; the steps that move the plan order do it through
the orders service — one typed OrderEvent and the order cache entry."""

import json

import pytest

from orders import cache
from orders.models import Order, OrderEvent
from tests.factories.underwrite import plan_time
from tests.walk import assert_one_oplog, last_oplog_id, walk_step
from underwrite import services
from underwrite.models import Underwrite, UnderwriteEvent

pytestmark = pytest.mark.django_db


@pytest.fixture
def step(django_capture_on_commit_callbacks, order_cache, plan_order, buyer):
    def run_step(run, type, order_type=None, logged=None):
        order_events = OrderEvent.objects.filter(order=plan_order)
        seen = set(order_events.values_list("pk", flat=True))
        result = walk_step(django_capture_on_commit_callbacks, type=type, told=buyer.pk, run=run, logged=logged,
                           events=UnderwriteEvent.objects.filter(underwrite__order=plan_order))
        assert list(order_events.exclude(pk__in=seen).values_list("type", flat=True)) == (
            [order_type] if order_type else [])
        plan_order.refresh_from_db()
        if order_type:
            entity = json.loads(order_cache.hget(cache.key("order-entities"), str(plan_order.pk)))
            assert entity["state"] == plan_order.state
        return result

    return run_step


def test_underwrite_walk(step, plan_order, operator, reviewer):
    underwrite = step(lambda: services.underwrite_create(actor=operator, oid=plan_order.order_no,
                                                         plan_time=plan_time(), validate_place="东方银座"),
                      "created", "underwrite_start")
    assert plan_order.state == Order.State.UNDERWRITING
    step(lambda: services.underwrite_fill(actor=operator, underwrite_id=underwrite.pk, real_place="东方银座",
                                          certificate_state=1), "filled")
    step(lambda: services.underwrite_submit_result(actor=reviewer, underwrite_id=underwrite.pk, result="passed"),
         "result_submitted", "underwrite_pass")
    assert plan_order.state == Order.State.UNDERWRITTEN
    underwrite.refresh_from_db()
    step(lambda: services.underwrite_alter_result(actor=reviewer, underwrite_id=underwrite.pk, result="failed",
                                                  last_seen=underwrite.result_update_time),
         "result_altered", "underwrite_fail")
    underwrite.refresh_from_db()
    assert underwrite.state == Underwrite.S.FAILED and plan_order.state == Order.State.REJECTED


def test_underwrite_walk_by_staff_through_the_api(step, client_for, plan_order, operator, reviewer):
    """The same walk by staff through the REST doors: each step also writes one operation-log row naming the
    seed's call and the underwrite."""
    for user in (operator, reviewer):
        user.is_staff = True
        user.save(update_fields=["is_staff"])
    by_operator, by_reviewer = client_for(operator), client_for(reviewer)
    created = lambda: Underwrite.objects.get(order=plan_order).pk  # noqa: E731
    step(lambda: by_operator.post("/api/v1/underwrites", {"oid": plan_order.order_no, "plan_time": plan_time().isoformat(),
                                                          "validate_place": "东方银座"}, format="json"),
         "created", "underwrite_start", logged=("underwrite:createUnderwrite", created))
    url = f"/api/v1/underwrites/{created()}"
    step(lambda: by_operator.post(f"{url}/fill", {"real_place": "东方银座", "certificate_state": 1}, format="json"),
         "filled", logged=("underwrite:fillUnderwrite", created()))
    step(lambda: by_reviewer.post(f"{url}/result", {"underwrite_result": "passed"}, format="json"),
         "result_submitted", "underwrite_pass", logged=("underwrite:submitUnderwriteResult", created()))
    seen = Underwrite.objects.get(pk=created()).result_update_time.isoformat()
    step(lambda: by_reviewer.patch(f"{url}/result", {"underwrite_result": "failed", "result_update_time": seen},
                                   format="json"),
         "result_altered", "underwrite_fail", logged=("underwrite:alterUnderwriteResult", created()))
    assert plan_order.state == Order.State.REJECTED


def test_refused_staff_underwrite_step_is_a_failed_row_and_changes_nothing(client_for, scheduled, reviewer):
    """A reviewer cannot fill (the operator's step): 403, a failed row, the underwrite as it was."""
    reviewer.is_staff = True
    reviewer.save(update_fields=["is_staff"])
    last_log, events = last_oplog_id(), scheduled.events.count()
    response = client_for(reviewer).post(f"/api/v1/underwrites/{scheduled.pk}/fill",
                                         {"real_place": "东方银座", "certificate_state": 1}, format="json")
    assert response.status_code == 403, response.content
    assert assert_one_oplog(last_log, "underwrite:fillUnderwrite", scheduled.pk, status="failed").error_message
    underwrite = Underwrite.objects.get(pk=scheduled.pk)
    assert (underwrite.state, underwrite.real_place, underwrite.events.count()) == (
        Underwrite.S.SCHEDULED, scheduled.real_place, events)
