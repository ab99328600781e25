"""Every payment transition through the payment service (issue 13): created → paid moves the order (one
`paid` event, the buyer told, the cache entry), created → failed writes `payment_failed`; a replay of the
callback changes nothing."""

import json
from decimal import Decimal

import pytest

from orders import cache, services
from orders.models import OrderEvent, Payment
from tests.factories.orders import ProductFactory
from tests.walk import walk_step

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(("paid", "event", "status"), [(True, "paid", "paid"), (False, "payment_failed", "failed")])
def test_payment_walk(django_capture_on_commit_callbacks, order_cache, user, paid, event, status):
    order = services.product_order_place(buyer=user, items=[{"product": ProductFactory(price=Decimal("8")).pk,
                                                             "quantity": 1}])
    events = OrderEvent.objects.filter(order=order)
    payment = walk_step(django_capture_on_commit_callbacks, events=events, type="payment_started",
                        run=lambda: services.payment_start(order_id=order.pk, actor=user))
    assert payment.status == Payment.Status.CREATED
    walk_step(django_capture_on_commit_callbacks, events=events, type=event, told=user.pk if paid else None,
              run=lambda: services.payment_sandbox_decide(reference=payment.reference, paid=paid))
    payment.refresh_from_db()
    order.refresh_from_db()
    assert payment.status == status
    entity = json.loads(order_cache.hget(cache.key("order-entities"), str(order.pk)))
    assert entity["state"] == order.state == ("paid" if paid else "pending_payment")
    before = events.count()
    services.payment_sandbox_decide(reference=payment.reference, paid=not paid)  # a replay: already decided
    payment.refresh_from_db()
    assert payment.status == status and events.count() == before
