"""The sandbox gateway and the signed payment callback: signature, replay, amount checks, pay page, race."""

import json
import logging
import threading
from decimal import Decimal

import pytest
from django.conf import settings
from django.db import connection

from orders import services
from orders.models import Order, OrderEvent, Payment
from orders.payments import GATEWAYS
from tests.factories import UserFactory
from tests.factories.orders import ProductFactory
from tests.orders.helpers import signed_callback


def product_order(buyer=None) -> Order:
    product = ProductFactory(price=Decimal("50.00"))
    return services.product_order_place(buyer=buyer or UserFactory(), items=[{"product": product.pk, "quantity": 2}])


@pytest.fixture
def started(db, client_for):
    order = product_order()
    response = client_for(order.buyer).post(f"/api/v1/orders/{order.pk}/pay")
    assert response.status_code == 200
    return order, response.json()["data"]


def test_pay_answers_reference_and_our_pay_url(started):
    order, data = started
    assert data["pay_url"] == f"/payments/sandbox/{data['reference']}" and data["amount"] == "100.00"
    payment = Payment.objects.get(reference=data["reference"])
    assert payment.order == order and payment.status == "created" and payment.amount == Decimal("100.00")


def test_forged_signature_is_refused_and_changes_nothing(started, api):
    order, data = started
    response = signed_callback(api, reference=data["reference"], amount="100.00", signature="0" * 64)
    assert response.status_code == 403
    body = json.dumps({"reference": data["reference"], "status": "paid", "amount": "100.00"}).encode()
    # signed with another secret
    import hashlib
    import hmac

    wrong = hmac.new(b"not-the-secret", body, hashlib.sha256).hexdigest()
    assert signed_callback(api, reference=data["reference"], amount="100.00", secret_body=body,
                           signature=wrong).status_code == 403
    # a correct signature over a different body (tampered amount) fails too
    good = GATEWAYS["sandbox"].sign(body)
    tampered = body.replace(b"100.00", b"1.00")
    assert signed_callback(api, reference=data["reference"], amount="1", secret_body=tampered,
                           signature=good).status_code == 403
    assert api.post("/api/v1/payments/callback/sandbox", data=body, content_type="application/json").status_code == 403
    order.refresh_from_db()
    assert order.state == "pending_payment"
    assert Payment.objects.get(reference=data["reference"]).status == "created"
    assert not OrderEvent.objects.filter(order=order, type="paid").exists()


def test_callback_marks_paid_once_and_replays_change_nothing(started, api):
    order, data = started
    body = json.dumps({"reference": data["reference"], "status": "paid", "amount": "100.00",
                       "transaction_id": "t1"}).encode()
    for _ in range(3):
        response = signed_callback(api, reference=data["reference"], amount="100.00", secret_body=body)
        assert response.status_code == 200 and response.json()["data"]["status"] == "paid"
    order.refresh_from_db()
    assert order.state == "paid"
    assert OrderEvent.objects.filter(order=order, type="paid").count() == 1
    # a late "failed" for the same payment changes nothing either
    assert signed_callback(api, reference=data["reference"], amount="100.00", status="failed").status_code == 200
    assert Payment.objects.get(reference=data["reference"]).status == "paid"


def test_amount_that_disagrees_is_refused_and_logged(started, api, caplog):
    order, data = started
    with caplog.at_level(logging.WARNING, logger="orders.services.payments"):
        response = signed_callback(api, reference=data["reference"], amount="99.99")
    assert response.status_code == 400 and "99.99" in response.json()["message"]
    assert any("refused" in record.message for record in caplog.records)
    order.refresh_from_db()
    assert order.state == "pending_payment"
    payment = Payment.objects.get(reference=data["reference"])
    assert payment.status == "created" and payment.callback_data["refused"] is True
    assert OrderEvent.objects.get(order=order, type="payment_refused").data["paid"] == "99.99"


def test_unknown_reference_and_malformed_body(db, api):
    assert signed_callback(api, reference="sbx_nope", amount="1.00").status_code == 404
    body = b"not json"
    assert signed_callback(api, reference="x", amount="1", secret_body=body).status_code == 400
    assert signed_callback(api, reference="x", amount="1", secret_body=b'{"reference":"x"}').status_code == 400
    assert api.post("/api/v1/payments/callback/paypal", data=b"{}", content_type="application/json").status_code == 404


def test_failed_payment_leaves_the_order_payable(started, api, client_for):
    order, data = started
    assert signed_callback(api, reference=data["reference"], amount="100.00", status="failed").status_code == 200
    assert Payment.objects.get(reference=data["reference"]).status == "failed"
    order.refresh_from_db()
    assert order.state == "pending_payment"
    assert client_for(order.buyer).get(f"/api/v1/orders/{order.pk}").json()["data"]["available_actions"] == ["pay", "cancel"]


def test_sandbox_page_pay_button_sends_the_signed_callback(started, client):
    order, data = started
    page = client.get(data["pay_url"])
    assert page.status_code == 200 and order.order_no in page.content.decode() and "100.00" in page.content.decode()
    response = client.post(data["pay_url"], {"decision": "pay"})
    assert response.status_code == 200
    order.refresh_from_db()
    assert order.state == "paid"
    assert Payment.objects.get(reference=data["reference"]).transaction_id.startswith("sbxtx_")
    assert client.get("/payments/sandbox/sbx_unknown").status_code == 404


def test_sandbox_page_fail_button(started, client):
    order, data = started
    assert client.post(data["pay_url"], {"decision": "fail"}).status_code == 200
    assert Payment.objects.get(reference=data["reference"]).status == "failed"
    order.refresh_from_db()
    assert order.state == "pending_payment"


def test_pay_is_refused_when_not_payable(started, client_for, api):
    order, data = started
    signed_callback(api, reference=data["reference"], amount="100.00")
    response = client_for(order.buyer).post(f"/api/v1/orders/{order.pk}/pay")
    assert response.status_code == 409 and "paid" in response.json()["message"]


@pytest.mark.skipif(not settings.IS_POSTGRES, reason="row locks need PostgreSQL")
@pytest.mark.django_db(transaction=True)
def test_two_concurrent_callbacks_for_one_payment_make_one_paid_event():
    order = product_order()
    payment = services.payment_start(order_id=order.pk, actor=order.buyer)
    body, headers = GATEWAYS["sandbox"].callback_body(reference=payment.reference, paid=True, amount=payment.amount)
    barrier = threading.Barrier(2)
    errors = []

    def deliver():
        try:
            barrier.wait()
            services.payment_callback_handle(gateway="sandbox", body=body, headers=headers)
        except Exception as exc:  # noqa: BLE001
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=deliver) for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    assert OrderEvent.objects.filter(order=order, type="paid").count() == 1
    assert Order.objects.get(pk=order.pk).state == "paid"


def test_payment_after_the_order_closed_is_409_and_kept_for_settlement(started, api, caplog):
    order, data = started
    services.order_cancel(order_id=order.pk, actor=order.buyer)
    with caplog.at_level(logging.WARNING, logger="orders.services.payments"):
        response = signed_callback(api, reference=data["reference"], amount="100.00")
    assert response.status_code == 409 and "cancelled" in response.json()["message"]
    assert any(data["reference"] in record.getMessage() for record in caplog.records)
    payment = Payment.objects.get(reference=data["reference"])
    assert payment.status == "created" and payment.callback_data["late"] is True
    assert OrderEvent.objects.filter(order=order, type="payment_late").count() == 1
    order.refresh_from_db()
    assert order.state == "cancelled"


def test_sandbox_page_works_with_csrf_enforced_like_a_browser(started):
    import re

    from django.test import Client

    order, data = started
    browser = Client(enforce_csrf_checks=True)
    assert browser.post(data["pay_url"], {"decision": "pay"}).status_code == 403  # no token: refused
    page = browser.get(data["pay_url"]).content.decode()
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)
    assert browser.post(data["pay_url"], {"decision": "pay", "csrfmiddlewaretoken": token}).status_code == 200
    order.refresh_from_db()
    assert order.state == "paid"


def test_a_second_pay_reuses_the_live_payment(started, client_for):
    """Issue 16: pressing Pay twice makes one payment and one `payment_started` event."""
    order, data = started
    again = client_for(order.buyer).post(f"/api/v1/orders/{order.pk}/pay")
    assert again.status_code == 200 and again.json()["data"]["reference"] == data["reference"]
    assert again.json()["data"]["pay_url"] == data["pay_url"]
    assert Payment.objects.filter(order=order).count() == 1
    assert OrderEvent.objects.filter(order=order, type="payment_started").count() == 1


def test_a_failed_payment_lets_the_next_pay_start_a_new_one(started):
    order, data = started
    services.payment_sandbox_decide(reference=data["reference"], paid=False)
    payment = services.payment_start(order_id=order.pk, actor=order.buyer)
    assert payment.reference != data["reference"] and payment.status == "created"
    assert Payment.objects.filter(order=order).count() == 2
