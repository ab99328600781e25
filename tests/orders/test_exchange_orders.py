"""Exchange orders (seed 001): amount/rate changes before payment, the four payment steps, pushes with the
seed-001 frame keys reaching the counterpart's socket."""

from decimal import Decimal

import pytest
from asgiref.sync import sync_to_async
from channels.testing import WebsocketCommunicator

from chat.models import Message
from config.asgi import application
from orders import services
from orders.models import Order, OrderEvent
from tests.conftest import access_token_for
from tests.factories import UserFactory
from tests.factories.orders import ApprovedMerchantFactory


def open_order(direction="buy", buyer=None, merchant=None) -> Order:
    return services.exchange_order_place(
        buyer=buyer or UserFactory(), merchant_id=(merchant or ApprovedMerchantFactory()).pk, direction=direction,
        amount=Decimal("1000"), rate=Decimal("0.9"),
    )


@pytest.mark.django_db
def test_place_exchange_order(user_api, user):
    merchant = ApprovedMerchantFactory()
    response = user_api.post("/api/v1/orders/exchange",
                             {"merchant": merchant.pk, "direction": "buy", "amount": "1000", "rate": "0.9"})
    assert response.status_code == 201, response.json()
    data = response.json()["data"]
    assert data["state"] == "open" and data["kind"] == "exchange" and data["merchant"] == merchant.pk
    assert data["exchange"] == {"direction": "buy", "amount": "1000.00", "rate": "0.9"}
    assert data["payment"] == "900.00"
    assert data["available_actions"] == ["userpay", "cancel"]


@pytest.mark.django_db
@pytest.mark.parametrize("body", [
    {"direction": "buy", "amount": "0", "rate": "1"},
    {"direction": "swap", "amount": "1", "rate": "1"},
    {"direction": "buy", "amount": "1", "rate": "-1"},
    {"direction": "buy", "amount": "abc", "rate": "1"},
])
def test_place_refuses_bad_input(user_api, body):
    merchant = ApprovedMerchantFactory()
    assert user_api.post("/api/v1/orders/exchange", {"merchant": merchant.pk, **body}).status_code == 400
    assert not Order.objects.exists()


@pytest.mark.django_db
def test_place_refuses_unapproved_merchant(user_api):
    merchant = ApprovedMerchantFactory(status="pending")
    response = user_api.post("/api/v1/orders/exchange", {"merchant": merchant.pk, "direction": "buy", "amount": "1",
                                                         "rate": "1"})
    assert response.status_code == 400 and not Order.objects.exists()


@pytest.mark.django_db
def test_amount_change_by_user_is_stored_and_addressed_to_the_merchant(client_for):
    order = open_order()
    merchant_user = order.merchant.user
    response = client_for(order.buyer).patch(f"/api/v1/orders/{order.pk}/amount", {"amount": "2000"})
    assert response.status_code == 200, response.json()
    assert response.json()["data"]["exchange"]["amount"] == "2000.00"
    assert response.json()["data"]["payment"] == "1800.00"
    message = Message.objects.get(type="changeamount")
    assert (message.sender, message.recipient, message.order_id) == (order.buyer, merchant_user, order.pk)
    assert message.data == {"old_amount": "1000.00", "amount": "2000.00"}
    assert OrderEvent.objects.get(order=order, type="changeamount").data == message.data
    # the merchant may not change the amount, nor the user the rate
    assert client_for(merchant_user).patch(f"/api/v1/orders/{order.pk}/amount", {"amount": "5"}).status_code == 403
    assert client_for(order.buyer).patch(f"/api/v1/orders/{order.pk}/rate", {"rate": "5"}).status_code == 403
    assert client_for(UserFactory()).patch(f"/api/v1/orders/{order.pk}/rate", {"rate": "5"}).status_code == 404


@pytest.mark.django_db
def test_rate_change_by_merchant(client_for):
    order = open_order()
    response = client_for(order.merchant.user).patch(f"/api/v1/orders/{order.pk}/rate", {"rate": "1"})
    assert response.status_code == 200
    message = Message.objects.get(type="changerate")
    assert message.recipient == order.buyer and message.data == {"old_rate": "0.9", "rate": "1"}
    assert response.json()["data"]["payment"] == "1000.00"


@pytest.mark.django_db
def test_changes_after_a_payment_step_are_409(client_for):
    order = open_order()
    assert client_for(order.buyer).post(f"/api/v1/orders/{order.pk}/userpay").status_code == 200
    response = client_for(order.buyer).patch(f"/api/v1/orders/{order.pk}/amount", {"amount": "5"})
    assert response.status_code == 409 and "user_paid" in response.json()["message"]
    assert client_for(order.merchant.user).patch(f"/api/v1/orders/{order.pk}/rate", {"rate": "5"}).status_code == 409
    order.exchange_ext.refresh_from_db()
    assert order.exchange_ext.amount == Decimal("1000.00") and order.exchange_ext.rate == Decimal("0.9")


@pytest.mark.django_db
def test_buy_path_userpay_then_merchanttransfer(client_for):
    order = open_order("buy")
    buyer, merchant_user = client_for(order.buyer), client_for(order.merchant.user)
    assert buyer.post(f"/api/v1/orders/{order.pk}/usertransfer").status_code == 409  # a sell step
    assert merchant_user.post(f"/api/v1/orders/{order.pk}/merchanttransfer").status_code == 409  # too early
    assert merchant_user.post(f"/api/v1/orders/{order.pk}/userpay").status_code == 403
    response = buyer.post(f"/api/v1/orders/{order.pk}/userpay")
    assert response.json()["data"]["state"] == "user_paid" and response.json()["data"]["state_code"] == 2
    assert merchant_user.get(f"/api/v1/orders/{order.pk}").json()["data"]["available_actions"] == ["merchanttransfer"]
    assert buyer.post(f"/api/v1/orders/{order.pk}/cancel").status_code == 409
    response = merchant_user.post(f"/api/v1/orders/{order.pk}/merchanttransfer")
    assert response.json()["data"]["state"] == "completed" and response.json()["data"]["state_code"] == 7
    assert list(Message.objects.filter(order=order).values_list("type", "recipient")) == [
        ("system", order.merchant.user_id), ("userpay", order.merchant.user_id), ("merchanttransfer", order.buyer_id)]


@pytest.mark.django_db
def test_sell_path_usertransfer_then_merchantpay(client_for):
    order = open_order("sell")
    buyer, merchant_user = client_for(order.buyer), client_for(order.merchant.user)
    assert buyer.get(f"/api/v1/orders/{order.pk}").json()["data"]["available_actions"] == ["usertransfer", "cancel"]
    assert buyer.post(f"/api/v1/orders/{order.pk}/userpay").status_code == 409
    assert buyer.post(f"/api/v1/orders/{order.pk}/usertransfer").json()["data"]["state"] == "user_transferred"
    assert merchant_user.post(f"/api/v1/orders/{order.pk}/merchanttransfer").status_code == 409
    assert merchant_user.post(f"/api/v1/orders/{order.pk}/merchantpay").json()["data"]["state"] == "completed"
    assert [e.type for e in OrderEvent.objects.filter(order=order)] == ["placed", "usertransfer", "merchantpay"]


@pytest.mark.django_db
@pytest.mark.parametrize("who", ["buyer", "merchant"])
def test_cancel_while_open_by_either_party(client_for, who):
    order = open_order()
    actor = order.buyer if who == "buyer" else order.merchant.user
    response = client_for(actor).post(f"/api/v1/orders/{order.pk}/cancel")
    assert response.status_code == 200 and response.json()["data"]["state"] == "cancelled"
    assert client_for(order.buyer).post(f"/api/v1/orders/{order.pk}/userpay").status_code == 409


async def _socket(user):
    communicator = WebsocketCommunicator(application, "/ws/chat/")
    connected, _ = await communicator.connect()
    assert connected
    token = await sync_to_async(access_token_for)(user)
    await communicator.send_json_to({"type": "auth", "token": token})
    assert (await communicator.receive_json_from(timeout=3))["ok"] is True
    return communicator


@pytest.mark.django_db(transaction=True)
async def test_changes_and_steps_reach_the_counterpart_socket_with_seed_keys():
    order = await sync_to_async(open_order)("buy")
    merchant_user = await sync_to_async(lambda: order.merchant.user)()
    merchant_socket = await _socket(merchant_user)
    buyer_socket = await _socket(order.buyer)

    await sync_to_async(services.exchange_amount_change)(order_id=order.pk, actor=order.buyer, amount=Decimal("1500"))
    frame = await merchant_socket.receive_json_from(timeout=3)
    assert frame["type"] == "changeamount"
    assert (frame["from"], frame["to"], frame["orderId"]) == (order.buyer_id, merchant_user.pk, str(order.pk))
    assert (frame["old_amount"], frame["amount"]) == ("1000.00", "1500.00") and frame["time"]

    await sync_to_async(services.exchange_rate_change)(order_id=order.pk, actor=merchant_user, rate=Decimal("1.1"))
    frame = await buyer_socket.receive_json_from(timeout=3)
    # the buyer's own change frame came first (the sender's other tabs see it too)
    if frame["type"] == "changeamount":
        frame = await buyer_socket.receive_json_from(timeout=3)
    assert frame["type"] == "changerate" and (frame["old_rate"], frame["rate"]) == ("0.9", "1.1")
    assert (frame["from"], frame["to"], frame["orderId"]) == (merchant_user.pk, order.buyer_id, str(order.pk))

    await sync_to_async(services.exchange_step)(order_id=order.pk, actor=order.buyer, step="userpay")
    frames = [await merchant_socket.receive_json_from(timeout=3) for _ in range(2)]  # its own changerate, then userpay
    userpay = next(f for f in frames if f["type"] == "userpay")
    assert (userpay["from"], userpay["to"], userpay["orderId"]) == (order.buyer_id, merchant_user.pk, str(order.pk))
    await merchant_socket.disconnect()
    await buyer_socket.disconnect()
