"""Every order transition through the one orders service (issue 13): each step writes one typed event row,
tells the other party and refreshes the seed-002 cache entry. (Underwriting edges: tests/underwrite.)"""

import json
from datetime import timedelta
from decimal import Decimal

import pytest
from django.db import transaction
from django.utils import timezone

from orders import cache, services
from orders.models import Order, OrderEvent
from tests.factories import UserFactory
from tests.factories.orders import ApprovedMerchantFactory, DriverFactory, ProductFactory, VehicleFactory
from tests.walk import assert_one_oplog, last_oplog_id, walk_step

pytestmark = pytest.mark.django_db


@pytest.fixture
def step(django_capture_on_commit_callbacks, order_cache):
    def run(order, fn, type, told=None, told_type=None, logged=None):
        result = walk_step(django_capture_on_commit_callbacks, events=OrderEvent.objects.filter(order_id=order.pk),
                           run=fn, type=type, told=told, told_type=told_type, logged=logged)
        order.refresh_from_db()
        entity = json.loads(order_cache.hget(cache.key("order-entities"), str(order.pk)))
        assert entity["state"] == order.state, (type, entity["state"], order.state)
        return result
    return run


@pytest.fixture
def shop():
    merchant = ApprovedMerchantFactory()
    return merchant, ProductFactory(merchant=merchant, price=Decimal("12.50"))


def _paid(step, order, buyer, merchant_user):
    payment = step(order, lambda: services.payment_start(order_id=order.pk, actor=buyer), "payment_started")
    step(order, lambda: services.payment_sandbox_decide(reference=payment.reference, paid=True), "paid",
         told=buyer)


def test_product_order_walk_pay_complete(step, shop, user):
    merchant, product = shop
    order = services.product_order_place(buyer=user, items=[{"product": product.pk, "quantity": 2}])
    assert list(OrderEvent.objects.filter(order=order).values_list("type", flat=True)) == ["placed"]
    _paid(step, order, user, merchant.user)
    step(order, lambda: services.product_order_confirm(order_id=order.pk, actor=user), "completed",
         told=merchant.user_id)
    assert order.state == Order.State.COMPLETED and order.completed_at is not None


def test_product_order_walk_refund_and_cancel(step, shop, user):
    merchant, product = shop
    paid = services.product_order_place(buyer=user, items=[{"product": product.pk, "quantity": 1}])
    _paid(step, paid, user, merchant.user)
    step(paid, lambda: services.product_order_refund(order_id=paid.pk, actor=merchant.user), "refunded", told=user.pk)
    assert paid.state == Order.State.REFUNDED
    open_order = services.product_order_place(buyer=user, items=[{"product": product.pk, "quantity": 1}])
    step(open_order, lambda: services.order_cancel(order_id=open_order.pk, actor=user, reason="cancelled_by_buyer"),
         "cancelled", told=merchant.user_id)
    assert open_order.state == Order.State.CANCELLED and open_order.deadline_at is None


def test_product_order_walk_payment_timeout_by_the_sweep(step, shop, user):
    _merchant, product = shop
    order = services.product_order_place(buyer=user, items=[{"product": product.pk, "quantity": 1}])
    later = timezone.now() + timedelta(days=1)
    step(order, lambda: services.order_deadlines_sweep(now=later), "cancelled", told=user.pk)
    assert OrderEvent.objects.get(order=order, type="cancelled").reason == "payment_timeout"


@pytest.mark.parametrize(("direction", "user_step", "merchant_step"), [
    ("buy", "userpay", "merchanttransfer"), ("sell", "usertransfer", "merchantpay"),
])
def test_exchange_order_walk(step, user, direction, user_step, merchant_step):
    merchant = ApprovedMerchantFactory()
    order = services.exchange_order_place(buyer=user, merchant_id=merchant.pk, direction=direction,
                                          amount=Decimal("10"), rate=Decimal("2"))
    step(order, lambda: services.exchange_amount_change(order_id=order.pk, actor=user, amount=Decimal("20")),
         "changeamount", told=merchant.user_id, told_type="changeamount")
    step(order, lambda: services.exchange_rate_change(order_id=order.pk, actor=merchant.user, rate=Decimal("3")),
         "changerate", told=user.pk, told_type="changerate")
    assert order.payment == Decimal("60.00")
    step(order, lambda: services.exchange_step(order_id=order.pk, actor=user, step=user_step), user_step,
         told=merchant.user_id, told_type=user_step)
    step(order, lambda: services.exchange_step(order_id=order.pk, actor=merchant.user, step=merchant_step),
         merchant_step, told=user.pk, told_type=merchant_step)
    assert order.state == Order.State.COMPLETED


def test_exchange_order_walk_cancel(step, user):
    merchant = ApprovedMerchantFactory()
    order = services.exchange_order_place(buyer=user, merchant_id=merchant.pk, direction="buy",
                                          amount=Decimal("10"), rate=Decimal("2"))
    step(order, lambda: services.order_action(order=order, user=user, action="cancel"), "cancelled",
         told=merchant.user_id)


def test_contract_order_walk_pay_activate_expire(step, user):
    vehicle = VehicleFactory(owner=user)
    order = services.driver_order_place(buyer=user, vid=str(vehicle.pk), dids=[str(DriverFactory(owner=user).pk)],
                                        summary="100.00", payment="90.00")
    _paid(step, order, user, None)
    assert order.deadline_at == order.start_at and order.stop_at == order.start_at + timedelta(days=365)
    step(order, lambda: services.order_deadlines_sweep(now=order.start_at + timedelta(seconds=1)), "activated",
         told=user.pk)
    assert order.deadline_at == order.stop_at
    step(order, lambda: services.order_deadlines_sweep(now=order.stop_at + timedelta(seconds=1)), "expired",
         told=user.pk)
    assert order.state == Order.State.EXPIRED and order.deadline_at is None


def test_staff_move_goes_through_the_same_service(step, user, client_for, client):
    """Staff move an order through their doors — the REST `orders/{id}/state` call and an admin action — and
    each move is one operation-log row naming it, beside the event, the notice and the cache entry."""
    staff = UserFactory(is_staff=True, is_superuser=True)
    vehicle = VehicleFactory(owner=user)
    order = services.driver_order_place(buyer=user, vid=str(vehicle.pk), dids=[str(DriverFactory(owner=user).pk)],
                                        summary="100.00", payment="90.00")
    api = client_for(staff)
    step(order, lambda: api.post(f"/api/v1/orders/{order.pk}/state", {"state_code": 2}, format="json"), "paid",
         told=user.pk, logged=("order:update_state", order.pk))
    client.force_login(staff)
    step(order, lambda: client.post("/admin/orders/order/", {"action": "order_activate",
                                                             "_selected_action": [str(order.pk)]}),
         "activated", told=user.pk, logged=("order:activate", order.pk))
    assert OrderEvent.objects.get(order=order, type="activated").actor == staff


def test_refused_staff_move_is_a_failed_row_and_changes_nothing(user, client_for):
    staff = UserFactory(is_staff=True, is_superuser=True)
    order = services.driver_order_place(buyer=user, vid=str(VehicleFactory(owner=user).pk),
                                        dids=[str(DriverFactory(owner=user).pk)], summary="100.00", payment="90.00")
    before, last_log = list(OrderEvent.objects.filter(order=order).values_list("type", flat=True)), last_oplog_id()
    state = order.state
    response = client_for(staff).post(f"/api/v1/orders/{order.pk}/state", {"state_code": 5}, format="json")
    assert response.status_code == 409, response.content
    row = assert_one_oplog(last_log, "order:update_state", order.pk, status="failed")
    assert row.error_message and row.admin == staff
    order.refresh_from_db()
    assert order.state == state
    assert list(OrderEvent.objects.filter(order=order).values_list("type", flat=True)) == before


def test_refused_transition_changes_nothing(step, shop, user):
    merchant, product = shop
    order = services.product_order_place(buyer=user, items=[{"product": product.pk, "quantity": 1}])
    before = OrderEvent.objects.filter(order=order).count()
    with pytest.raises(Exception) as refused, transaction.atomic():
        services.order_transition(order=services.order_lock(order.pk), transition="refund", actor=merchant.user)
    assert getattr(refused.value, "status_code", None) == 409 or "pending_payment" in str(refused.value)
    order.refresh_from_db()
    assert order.state == Order.State.PENDING_PAYMENT and OrderEvent.objects.filter(order=order).count() == before
