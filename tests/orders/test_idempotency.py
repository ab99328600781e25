"""Issue 17 finding 8: the same order submitted twice at once makes one order (Idempotency-Key), two
concurrent `pay` calls make one live payment (with or without a key) (DESIGN §9 "Idempotency")."""

import threading
from decimal import Decimal

import pytest
from django.db import connection
from rest_framework.test import APIClient

from orders.models import Order, Payment
from tests.conftest import access_token_for
from tests.factories import UserFactory
from tests.factories.orders import ApprovedMerchantFactory, ProductFactory

pytestmark = pytest.mark.django_db(transaction=True)


def _client(user):
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {access_token_for(user)}")
    return client


def _at_once(n, call):
    barrier = threading.Barrier(n)
    answers = []

    def run():
        try:
            barrier.wait()
            answers.append(call())
        finally:
            connection.close()

    threads = [threading.Thread(target=run) for _ in range(n)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return answers


@pytest.fixture
def product():
    return ProductFactory(merchant=ApprovedMerchantFactory(), price=Decimal("12.50"))


def _place(user, product, **headers):
    return _client(user).post("/api/v1/orders/product", {"items": [{"product": product.pk, "quantity": 1}]},
                              format="json", **headers)


def test_two_concurrent_submits_with_one_key_make_one_order(product):
    buyer = UserFactory()
    answers = _at_once(2, lambda: _place(buyer, product, HTTP_IDEMPOTENCY_KEY="submit-1"))
    assert sorted(a.status_code for a in answers) == [201, 201]
    assert Order.objects.filter(buyer=buyer).count() == 1
    assert answers[0].json()["data"]["id"] == answers[1].json()["data"]["id"]
    assert sorted(a.get("Idempotent-Replayed", "") for a in answers) == ["", "true"]
    # a new key is a new order; the same key on another path is refused
    assert _place(buyer, product, HTTP_IDEMPOTENCY_KEY="submit-2").status_code == 201
    assert Order.objects.filter(buyer=buyer).count() == 2
    response = _client(buyer).post("/api/v1/orders/exchange", {}, format="json", HTTP_IDEMPOTENCY_KEY="submit-1")
    assert response.status_code == 409


@pytest.mark.parametrize("headers", [{}, {"HTTP_IDEMPOTENCY_KEY": "pay-1"}])
def test_two_concurrent_pays_make_one_live_payment(product, headers):
    buyer = UserFactory()
    order_id = _place(buyer, product).json()["data"]["id"]
    answers = _at_once(2, lambda: _client(buyer).post(f"/api/v1/orders/{order_id}/pay", format="json", **headers))
    assert [a.status_code for a in answers] == [200, 200], [a.json() for a in answers]
    assert Payment.objects.filter(order_id=order_id).count() == 1
    assert answers[0].json()["data"]["reference"] == answers[1].json()["data"]["reference"]
