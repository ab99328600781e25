"""Every underwrite transition through its service (issue 13): scheduled → inspected → passed ⇄ failed. Each
step writes one typed UnderwriteEvent and tells the buyer; the steps that move the plan order do it through
the orders service — one typed OrderEvent and the order cache entry."""

import json

import pytest

from orders import cache
from orders.models import Order, OrderEvent
from tests.factories.underwrite import plan_time
from tests.walk import walk_step
from underwrite import services
from underwrite.models import Underwrite, UnderwriteEvent

pytestmark = pytest.mark.django_db


@pytest.fixture
def order_cache(settings, request):
    if settings.REDIS_URL:
        yield cache.client()
    else:
        yield request.getfixturevalue("fake_cache")


@pytest.fixture
def fake_cache():
    import fakeredis

    client = fakeredis.FakeRedis(server=fakeredis.FakeServer())
    cache.use_client(client)
    yield client
    cache.use_client(None)


def test_underwrite_walk(django_capture_on_commit_callbacks, order_cache, plan_order, operator, reviewer, buyer):
    def step(run, type, order_type=None):
        order_events = OrderEvent.objects.filter(order=plan_order)
        seen = set(order_events.values_list("pk", flat=True))
        result = walk_step(django_capture_on_commit_callbacks, type=type, told=buyer.pk, run=run,
                           events=UnderwriteEvent.objects.filter(underwrite__order=plan_order))
        assert list(order_events.exclude(pk__in=seen).values_list("type", flat=True)) == (
            [order_type] if order_type else [])
        plan_order.refresh_from_db()
        if order_type:
            entity = json.loads(order_cache.hget(cache.key("order-entities"), str(plan_order.pk)))
            assert entity["state"] == plan_order.state
        return result

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
