"""Product orders (seed 004): place with server totals, pay, confirm, cancel, refund, payment timeout."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.utils import timezone

from chat.models import Message
from orders.models import Order, OrderEvent
from orders.services import order_deadlines_sweep
from tests.factories import UserFactory
from tests.factories.orders import ApprovedMerchantFactory, ProductFactory
from tests.factories.staff import staff_user
from tests.orders.helpers import pay_order

pytestmark = pytest.mark.django_db


@pytest.fixture
def shop():
    merchant = ApprovedMerchantFactory()
    return merchant, ProductFactory(merchant=merchant, price=Decimal("12.50")), ProductFactory(
        merchant=merchant, price=Decimal("3.00"))


def place(client, products, **extra):
    return client.post("/api/v1/orders/product", {"items": products, **extra}, format="json")


def test_place_computes_totals_and_numbers_the_order(user_api, user, shop):
    merchant, a, b = shop
    response = place(user_api, [{"product": a.pk, "quantity": 2}, {"product": b.pk, "quantity": 1}],
                     delivery_address="Beijing", total="28.00")
    assert response.status_code == 201, response.json()
    data = response.json()["data"]
    assert data["summary"] == "28.00" and data["payment"] == "28.00"
    assert data["state"] == "pending_payment" and data["state_code"] == 0 and data["kind"] == "product"
    assert data["order_no"].startswith("ORD" + timezone.now().strftime("%Y%m%d"))
    assert data["available_actions"] == ["pay", "cancel"]
    assert [i["price"] for i in data["items"]] == ["25.00", "3.00"]
    order = Order.objects.get(pk=data["id"])
    assert order.deadline_at is not None and order.delivery_address == "Beijing"
    assert OrderEvent.objects.filter(order=order, type="placed", actor=user).count() == 1
    # the merchant is told
    assert Message.objects.filter(recipient=merchant.user, order=order, type="system").count() == 1


def test_place_refuses_a_client_total_naming_both_numbers(user_api, shop):
    _merchant, a, _b = shop
    response = place(user_api, [{"product": a.pk, "quantity": 2}], total="20.00")
    assert response.status_code == 400
    assert "20.00" in response.json()["message"] and "25.00" in response.json()["message"]
    assert not Order.objects.exists()


@pytest.mark.parametrize("problem", ["unapproved", "two_merchants", "unavailable", "own", "empty", "bad_quantity"])
def test_place_refuses_bad_input_and_changes_nothing(user_api, user, shop, problem):
    merchant, a, _b = shop
    items = [{"product": a.pk, "quantity": 1}]
    if problem == "unapproved":
        type(merchant).objects.filter(pk=merchant.pk).update(status="suspended")
    elif problem == "two_merchants":
        items.append({"product": ProductFactory().pk, "quantity": 1})
    elif problem == "unavailable":
        a.unpublish()
        a.save()
    elif problem == "own":
        type(merchant).objects.filter(pk=merchant.pk).update(user=user)
    elif problem == "empty":
        items = []
    elif problem == "bad_quantity":
        items[0]["quantity"] = 0
    response = place(user_api, items)
    assert response.status_code == 400, response.json()
    assert not Order.objects.exists()


def test_pay_confirm_completes(user_api, api, shop, client_for):
    merchant, a, _b = shop
    order_id = place(user_api, [{"product": a.pk, "quantity": 1}]).json()["data"]["id"]
    started = pay_order(user_api, api, order_id)
    assert started["pay_url"] == f"/payments/sandbox/{started['reference']}"
    detail = user_api.get(f"/api/v1/orders/{order_id}").json()["data"]
    assert detail["state"] == "paid" and detail["state_code"] == 2 and detail["paid_at"]
    assert detail["available_actions"] == ["confirm"]
    assert client_for(merchant.user).get(f"/api/v1/orders/{order_id}").json()["data"]["available_actions"] == ["refund"]
    response = user_api.post(f"/api/v1/orders/{order_id}/confirm")
    assert response.status_code == 200 and response.json()["data"]["state"] == "completed"
    assert list(OrderEvent.objects.filter(order_id=order_id).values_list("type", flat=True)) == [
        "placed", "payment_started", "paid", "completed"]


def test_refused_transitions_name_the_state_and_the_party(user_api, api, shop, client_for):
    merchant, a, _b = shop
    order_id = place(user_api, [{"product": a.pk, "quantity": 1}]).json()["data"]["id"]
    response = user_api.post(f"/api/v1/orders/{order_id}/confirm")
    assert response.status_code == 409 and "pending_payment" in response.json()["message"]
    assert user_api.post(f"/api/v1/orders/{order_id}/refund").status_code == 403
    assert client_for(merchant.user).post(f"/api/v1/orders/{order_id}/pay").status_code == 403
    assert client_for(UserFactory()).post(f"/api/v1/orders/{order_id}/cancel").status_code == 404
    assert user_api.post(f"/api/v1/orders/{order_id}/userpay").status_code == 404  # not a product action
    assert Order.objects.get(pk=order_id).state == "pending_payment"
    pay_order(user_api, api, order_id)
    response = user_api.post(f"/api/v1/orders/{order_id}/cancel")
    assert response.status_code == 409 and "paid" in response.json()["message"]


def test_cancel_by_buyer(user_api, shop, client_for):
    merchant, a, _b = shop
    order_id = place(user_api, [{"product": a.pk, "quantity": 1}]).json()["data"]["id"]
    assert client_for(merchant.user).post(f"/api/v1/orders/{order_id}/cancel").status_code == 403
    response = user_api.post(f"/api/v1/orders/{order_id}/cancel")
    assert response.status_code == 200 and response.json()["data"]["state"] == "cancelled"
    assert response.json()["data"]["state_code"] == 9
    assert Message.objects.filter(recipient=merchant.user, order_id=order_id, data__event="cancelled").exists()


@pytest.mark.parametrize("who", ["merchant", "staff"])
def test_refund_by_merchant_or_staff(user_api, api, shop, client_for, who):
    merchant, a, _b = shop
    order_id = place(user_api, [{"product": a.pk, "quantity": 1}]).json()["data"]["id"]
    pay_order(user_api, api, order_id)
    actor = merchant.user if who == "merchant" else staff_user("admin")
    response = client_for(actor).post(f"/api/v1/orders/{order_id}/refund")
    assert response.status_code == 200 and response.json()["data"]["state"] == "refunded"
    assert response.json()["data"]["state_code"] == 8
    assert OrderEvent.objects.get(order_id=order_id, type="refunded").actor == actor


def test_payment_timeout_cancels_unpaid_orders_only(user_api, api, shop, settings):
    _merchant, a, _b = shop
    unpaid = place(user_api, [{"product": a.pk, "quantity": 1}]).json()["data"]["id"]
    paid = place(user_api, [{"product": a.pk, "quantity": 1}]).json()["data"]["id"]
    pay_order(user_api, api, paid)
    assert order_deadlines_sweep() == 0
    later = timezone.now() + timedelta(seconds=settings.ORDER_PAYMENT_TIMEOUT + 1)
    assert order_deadlines_sweep(now=later) == 1
    assert order_deadlines_sweep(now=later) == 0  # idempotent
    cancelled = Order.objects.get(pk=unpaid)
    assert cancelled.state == "cancelled"
    assert OrderEvent.objects.get(order=cancelled, type="cancelled").reason == "payment_timeout"
    assert Order.objects.get(pk=paid).state == "paid"


def test_celery_task_runs_the_sweep(user_api, shop):
    from orders.tasks import sweep_order_deadlines

    _merchant, a, _b = shop
    order_id = place(user_api, [{"product": a.pk, "quantity": 1}]).json()["data"]["id"]
    Order.objects.filter(pk=order_id).update(deadline_at=timezone.now() - timedelta(seconds=1))
    assert sweep_order_deadlines.apply().get() == 1
    assert Order.objects.get(pk=order_id).state == "cancelled"
