"""Issue 16 on the order pages: what was bought and how the total is made, the timeline in words, one live
payment for two presses of Pay, the sandbox page in the site layout with a way back, product and merchant
pages with reviews, and writing a review of a completed order."""

from decimal import Decimal

import pytest

from orders.models import OrderEvent, Payment
from orders.services import payment_sandbox_decide, product_order_confirm, product_order_place
from tests.factories import UserFactory
from tests.factories.orders import ApprovedMerchantFactory, ProductFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def order(user):
    product = ProductFactory(name="Tea set", price=Decimal("40.00"))
    return product_order_place(buyer=user, items=[{"product": product.pk, "quantity": 2}])


def test_order_page_names_what_was_bought_and_explains_the_total(client, user, order):
    client.force_login(user)
    html = client.get(f"/orders/{order.pk}/").content.decode()
    assert "Tea set" in html and "How the total is made" in html and "¥80.00" in html
    assert "Order placed" in html and "placed →" not in html


def test_paying_twice_makes_one_payment_and_the_sandbox_links_back(client, user, order):
    client.force_login(user)
    first = client.post(f"/orders/{order.pk}/pay/")
    second = client.post(f"/orders/{order.pk}/pay/")
    assert first.status_code == second.status_code == 302 and first.url == second.url
    assert Payment.objects.filter(order=order).count() == 1
    assert OrderEvent.objects.filter(order=order, type="payment_started").count() == 1
    page = client.get(first.url).content.decode()
    assert 'class="site-header' in page or "site-header" in page  # the site's layout
    assert "¥80.00" in page and "CNY" in page and f'href="/orders/{order.pk}/"' in page
    html = client.get(f"/orders/{order.pk}/").content.decode()
    assert 'data-testid="live-payment"' in html and "Payment started" in html


def test_product_and_merchant_pages_show_reviews_and_a_completed_order_can_be_reviewed(client, user, order):
    payment = Payment.objects.create(order=order, reference="sbx_test1", amount=order.payment)
    payment_sandbox_decide(reference=payment.reference, paid=True)
    product_order_confirm(order_id=order.pk, actor=user)
    client.force_login(user)
    assert "Send review" in client.get(f"/orders/{order.pk}/").content.decode()
    response = client.post(f"/orders/{order.pk}/review/", {"rating": "4", "comment": "Lovely cups"})
    assert response.status_code == 302
    assert 'data-testid="order-review"' in client.get(f"/orders/{order.pk}/").content.decode()
    product = order.items.get().product
    other = UserFactory()
    client.force_login(other)
    for url in (f"/shop/{product.pk}/", f"/merchants/{product.merchant_id}/"):
        html = client.get(url).content.decode()
        assert "Lovely cups" in html and "4.00 / 5 from 1 review" in html
    assert client.get("/merchants/999999/").status_code == 404


def test_merchant_page_of_an_unapproved_merchant_is_a_404(client):
    merchant = ApprovedMerchantFactory()
    type(merchant).objects.filter(pk=merchant.pk).update(status="pending")
    assert client.get(f"/merchants/{merchant.pk}/").status_code == 404
