"""Order pages: my orders (buyer and merchant), an order with its actions, exchange amount/rate changes,
opening an exchange order — with a fixed query budget for the list."""

from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from chat.models import Message
from orders.models import Order, Payment
from orders.services import exchange_order_place, product_order_place
from tests.factories import UserFactory
from tests.factories.orders import ApprovedMerchantFactory, ProductFactory

pytestmark = pytest.mark.django_db

MY_ORDERS_QUERIES = 6  # session, user, count, orders (+merchant, ext, buyer), their items, live badge


def exchange(buyer, merchant, amount="100", rate="7.2"):
    return exchange_order_place(buyer=buyer, merchant_id=merchant.pk, direction="buy", amount=Decimal(amount),
                                rate=Decimal(rate))


def test_my_orders_lists_orders_as_buyer_and_as_merchant(client, user):
    mine = ApprovedMerchantFactory(user=user)
    bought = exchange(user, ApprovedMerchantFactory())
    sold = exchange(UserFactory(), mine)
    exchange(UserFactory(), ApprovedMerchantFactory())  # not mine
    client.force_login(user)
    assert {o.pk for o in client.get("/orders/").context["orders"]} == {bought.pk, sold.pk}
    assert [o.pk for o in client.get("/orders/?role=buyer").context["orders"]] == [bought.pk]
    assert [o.pk for o in client.get("/orders/?role=merchant").context["orders"]] == [sold.pk]


def test_my_orders_query_budget_does_not_grow_with_rows(client, user):
    client.force_login(user)
    product = ProductFactory()
    product_order_place(buyer=user, items=[{"product": product.pk, "quantity": 1}])
    with CaptureQueriesContext(connection) as few:
        assert client.get("/orders/").status_code == 200
    for _n in range(5):
        product_order_place(buyer=user, items=[{"product": ProductFactory().pk, "quantity": 2}])
        exchange(user, ApprovedMerchantFactory())
    with CaptureQueriesContext(connection) as many:
        assert client.get("/orders/").status_code == 200
    assert len(few) == len(many) == MY_ORDERS_QUERIES


def test_exchange_order_page_changes_amount_and_rate_and_tells_the_other_party(client, user):
    merchant = ApprovedMerchantFactory()
    order = exchange(user, merchant, amount="100", rate="7")
    client.force_login(user)
    page = client.get(f"/orders/{order.pk}/")
    assert page.context["actions"] == ["userpay", "cancel"] and page.context["rate_form"] is None
    client.post(f"/orders/{order.pk}/change/amount/", {"amount": "150"})
    order.refresh_from_db()
    assert (order.exchange_ext.amount, order.payment) == (Decimal("150.00"), Decimal("1050.00"))
    told = Message.objects.get(recipient=merchant.user, type="changeamount")
    assert told.data == {"old_amount": "100.00", "amount": "150.00"}

    client.force_login(merchant.user)
    assert client.get(f"/orders/{order.pk}/").context["amount_form"] is None
    client.post(f"/orders/{order.pk}/change/rate/", {"rate": "7.5"})
    order.refresh_from_db()
    assert order.exchange_ext.rate == Decimal("7.5") and order.payment == Decimal("1125.00")

    client.force_login(user)
    client.post(f"/orders/{order.pk}/userpay/")
    order.refresh_from_db()
    assert order.state == Order.State.USER_PAID
    # after a payment step the amount is frozen: a readable 409 message, nothing changed
    response = client.post(f"/orders/{order.pk}/change/amount/", {"amount": "1"}, follow=True)
    assert "user_paid" in [str(m) for m in response.context["messages"]][-1]  # names the state
    order.refresh_from_db()
    assert order.exchange_ext.amount == Decimal("150.00")

    client.force_login(merchant.user)
    client.post(f"/orders/{order.pk}/merchanttransfer/")
    order.refresh_from_db()
    assert order.state == Order.State.COMPLETED


def test_bad_amount_is_refused_and_changes_nothing(client, user):
    order = exchange(user, ApprovedMerchantFactory(), amount="100")
    client.force_login(user)
    response = client.post(f"/orders/{order.pk}/change/amount/", {"amount": "-5"}, follow=True)
    assert len(list(response.context["messages"])) == 1
    order.refresh_from_db()
    assert order.exchange_ext.amount == Decimal("100.00")


def test_someone_elses_order_is_a_404(client, user):
    order = exchange(UserFactory(), ApprovedMerchantFactory())
    client.force_login(user)
    assert client.get(f"/orders/{order.pk}/").status_code == 404
    assert client.post(f"/orders/{order.pk}/cancel/").status_code == 404
    order.refresh_from_db()
    assert order.state == Order.State.OPEN


def test_wrong_party_step_is_a_message_not_a_crash(client, user):
    merchant = ApprovedMerchantFactory()
    order = exchange(user, merchant)
    client.force_login(user)
    response = client.post(f"/orders/{order.pk}/merchanttransfer/", follow=True)
    assert response.status_code == 200 and len(list(response.context["messages"])) == 1
    order.refresh_from_db()
    assert order.state == Order.State.OPEN


def test_pay_redirects_to_the_gateway_page(client, user):
    order = product_order_place(buyer=user, items=[{"product": ProductFactory().pk, "quantity": 1}])
    client.force_login(user)
    response = client.post(f"/orders/{order.pk}/pay/")
    payment = Payment.objects.get(order=order)
    assert response.status_code == 302 and response["Location"].endswith(f"/payments/sandbox/{payment.reference}")


def test_open_an_exchange_order_from_the_page(client, user):
    merchant = ApprovedMerchantFactory()
    client.force_login(user)
    page = client.get("/orders/exchange/new/")
    assert (merchant.pk, merchant.business_name) in page.context["form"].fields["merchant"].choices
    response = client.post("/orders/exchange/new/", {"merchant": merchant.pk, "direction": "sell", "amount": "10",
                                                     "rate": "6.5"})
    order = Order.objects.get(buyer=user)
    assert response["Location"] == f"/orders/{order.pk}/"
    assert (order.kind, order.exchange_ext.direction, order.payment) == ("exchange", "sell", Decimal("65.00"))
    assert client.post("/orders/exchange/new/", {"merchant": merchant.pk, "direction": "sell", "amount": "",
                                                 "rate": "6.5"}).status_code == 200
    assert Order.objects.count() == 1
