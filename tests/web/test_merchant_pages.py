"""The merchant page: apply, see the review status, re-apply after a rejection."""

from decimal import Decimal

import pytest

from merchants.models import Merchant
from merchants.services.merchants import merchant_reject
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

APPLICATION = {
    "merchant_type": "flower_shop", "business_name": "Rose Corner", "contact_person": "Li Lei",
    "contact_phone": "13800001111", "address": "1 Garden Rd", "description": "Fresh flowers",
}


def test_apply_creates_a_pending_merchant(client, user):
    client.force_login(user)
    assert client.get("/merchant/").context["form"] is not None
    response = client.post("/merchant/", APPLICATION)
    assert response.status_code == 302
    merchant = Merchant.objects.get(user=user)
    assert (merchant.status, merchant.business_name, merchant.contact_phone) == ("pending", "Rose Corner", "13800001111")
    page = client.get("/merchant/")
    assert page.context["form"] is None  # no second application while one is pending
    assert "pending" in page.content.decode()


def test_apply_errors_show_next_to_fields_and_create_nothing(client, user):
    client.force_login(user)
    response = client.post("/merchant/", {**APPLICATION, "contact_phone": "abc", "business_name": ""})
    assert set(response.context["form"].errors) == {"contact_phone", "business_name"}
    assert not Merchant.objects.exists()


def test_rejected_applicant_can_apply_again(client, user):
    client.force_login(user)
    client.post("/merchant/", APPLICATION)
    merchant = Merchant.objects.get(user=user)
    reviewer = UserFactory(is_staff=True, is_superuser=True)
    merchant_reject(merchant_id=merchant.pk, actor=reviewer, reason="Licence unreadable")
    page = client.get("/merchant/")
    assert "Licence unreadable" in page.content.decode() and page.context["form"] is not None
    assert page.context["form"].initial["business_name"] == "Rose Corner"
    client.post("/merchant/", {**APPLICATION, "business_license": "https://example.com/licence.png"})
    merchant.refresh_from_db()
    assert merchant.status == "pending" and merchant.business_license == "https://example.com/licence.png"


def test_approved_merchant_publishes_and_edits_products(client, user):
    from merchants.models import Product
    from tests.factories.orders import ApprovedMerchantFactory

    ApprovedMerchantFactory(user=user)
    client.force_login(user)
    response = client.post("/merchant/products/new/", {"name": "Tulips", "price": "19.90", "status": "available"})
    assert response.status_code == 302
    product = Product.objects.get(name="Tulips")
    assert [p.pk for p in client.get("/merchant/").context["products"]] == [product.pk]
    client.post(f"/merchant/products/{product.pk}/edit/", {"name": "Tulips", "price": "25", "status": "unavailable"})
    product.refresh_from_db()
    assert (product.price, product.status) == (Decimal("25.00"), "unavailable")


def test_a_pending_merchant_cannot_publish(client, user):
    from merchants.models import Product

    client.force_login(user)
    client.post("/merchant/", APPLICATION)
    response = client.post("/merchant/products/new/", {"name": "Roses", "price": "5", "status": "available"})
    assert response.status_code == 200 and response.context["form"].non_field_errors()
    assert not Product.objects.exists()


def test_someone_elses_product_cannot_be_edited(client, user):
    from tests.factories.orders import ApprovedMerchantFactory, ProductFactory

    ApprovedMerchantFactory(user=user)
    theirs = ProductFactory()
    client.force_login(user)
    assert client.get(f"/merchant/products/{theirs.pk}/edit/").status_code == 404


def test_shop_lists_products_and_buying_places_an_order(client, user):
    from orders.models import Order
    from tests.factories.orders import ProductFactory

    product = ProductFactory(price=Decimal("12.00"))
    client.force_login(user)
    assert [p.pk for p in client.get("/shop/").context["products"]] == [product.pk]
    response = client.post(f"/shop/{product.pk}/buy/", {"quantity": "3"})
    order = Order.objects.get(buyer=user)
    assert response["Location"] == f"/orders/{order.pk}/"
    assert (order.kind, order.state, order.payment) == ("product", "pending_payment", Decimal("36.00"))
    assert client.get(f"/orders/{order.pk}/").context["actions"] == ["pay", "cancel"]
