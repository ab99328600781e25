"""Activity fees go through the product-order path: register → a pending product order holds the place;
paying registers, cancelling or the payment timeout frees the place (DESIGN §3.3 product, §3.5)."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.utils import timezone
from rest_framework.test import APIClient

from chat.models import Message
from community.models import ActivityEvent, ActivityRegistration
from merchants.models import Merchant, Product
from orders.models import Order
from orders.services import order_deadlines_sweep
from tests.conftest import access_token_for
from tests.factories import UserFactory
from tests.factories.community import MerchantFactory
from tests.orders.helpers import pay_order

pytestmark = pytest.mark.django_db


@pytest.fixture
def paid_activity(client_for):
    organizer = MerchantFactory(merchant_type=Merchant.Type.ACTIVITY_ORGANIZER)
    start = timezone.now() + timedelta(days=3)
    response = client_for(organizer.user).post("/api/v1/activities", {
        "title": "羊驼摄影课", "start_time": start.isoformat(), "end_time": (start + timedelta(hours=2)).isoformat(),
        "fee": "88.00", "max_participants": 1}, format="json")
    assert response.status_code == 201
    return response.json()["data"]


def test_a_paid_activity_sells_its_fee_as_a_product(paid_activity, api):
    product = Product.objects.get(category="activity")
    assert product.price == Decimal("88.00") and product.merchant_id == paid_activity["merchant_id"]
    # bought by registering, not listed with the shop's products
    assert api.get("/api/v1/products").json()["data"]["list"] == []


def test_registering_places_a_product_order_and_paying_registers(paid_activity, user, user_api, api):
    response = user_api.post(f"/api/v1/activities/{paid_activity['id']}/register")
    assert response.status_code == 201
    data = response.json()["data"]
    assert data["status"] == "pending_payment" and data["order_id"]
    order = Order.objects.get(pk=data["order_id"])
    assert (order.kind, order.state, order.buyer_id, order.payment) == ("product", "pending_payment", user.pk,
                                                                        Decimal("88.00"))
    assert order.merchant_id == paid_activity["merchant_id"]
    # the one place is held while the order waits for payment
    assert client_status(paid_activity) == 409

    pay_order(user_api, api, order.pk)
    registration = ActivityRegistration.objects.get(pk=data["id"])
    assert registration.status == "registered"
    assert ActivityEvent.objects.filter(registration=registration, type="confirm_payment", reason="paid").exists()
    assert Message.objects.filter(recipient=user, data__registration_id=registration.pk,
                                  data__status="registered").exists()


def client_status(activity):
    """The status a newcomer gets when registering now (409 while the one place is held)."""
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {access_token_for(UserFactory())}")
    return client.post(f"/api/v1/activities/{activity['id']}/register").status_code


def test_the_payment_timeout_frees_the_place(paid_activity, user_api):
    data = user_api.post(f"/api/v1/activities/{paid_activity['id']}/register").json()["data"]
    Order.objects.filter(pk=data["order_id"]).update(deadline_at=timezone.now() - timedelta(seconds=1))
    assert order_deadlines_sweep() == 1
    registration = ActivityRegistration.objects.get(pk=data["id"])
    assert registration.status == "cancelled"
    assert ActivityEvent.objects.filter(registration=registration, reason="order_cancelled").exists()
    assert client_status(paid_activity) == 201  # the place is free again


def test_cancelling_the_registration_cancels_the_unpaid_order(paid_activity, user_api):
    data = user_api.post(f"/api/v1/activities/{paid_activity['id']}/register").json()["data"]
    response = user_api.post(f"/api/v1/activities/{paid_activity['id']}/cancel-registration")
    assert response.status_code == 200 and response.json()["data"]["status"] == "cancelled"
    assert Order.objects.get(pk=data["order_id"]).state == "cancelled"
    assert client_status(paid_activity) == 201


def test_cancelling_the_order_cancels_the_registration(paid_activity, user_api):
    data = user_api.post(f"/api/v1/activities/{paid_activity['id']}/register").json()["data"]
    assert user_api.post(f"/api/v1/orders/{data['order_id']}/cancel").status_code == 200
    assert ActivityRegistration.objects.get(pk=data["id"]).status == "cancelled"


def test_a_paid_registration_cancelled_asks_the_organizer_to_refund(paid_activity, user, user_api, api, client_for):
    data = user_api.post(f"/api/v1/activities/{paid_activity['id']}/register").json()["data"]
    pay_order(user_api, api, data["order_id"])
    assert user_api.post(f"/api/v1/activities/{paid_activity['id']}/cancel-registration").status_code == 200
    order = Order.objects.get(pk=data["order_id"])
    assert order.state == "paid"
    organizer = Merchant.objects.get(pk=paid_activity["merchant_id"]).user
    assert Message.objects.filter(recipient=organizer, order_id=order.pk, content__contains=order.order_no).exists()
    # the organizer refunds; the registration stays cancelled
    assert client_for(organizer).post(f"/api/v1/orders/{order.pk}/refund").status_code == 200
    assert ActivityRegistration.objects.get(pk=data["id"]).status == "cancelled"


def test_fee_product_cannot_be_bought_without_registering(paid_activity, client_for):
    """A paid activity's fee product is sold only through registration: orders refuse it directly."""
    product = Product.objects.get(category="activity")
    buyer = UserFactory()
    response = client_for(buyer).post(
        "/api/v1/orders/product", {"items": [{"product": product.pk, "quantity": 1}]}, format="json"
    )
    assert response.status_code == 400
    assert not Order.objects.filter(buyer=buyer).exists()
