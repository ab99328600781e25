"""Merchant products and the merchant's view of its orders (seed 004 §2.4)."""

from decimal import Decimal

import pytest

from merchants.models import Product
from orders.models import Order
from tests.factories import UserFactory
from tests.factories.community import MerchantFactory

pytestmark = pytest.mark.django_db

PRODUCT = {"name": "羊驼认领体验", "description": "提供一个月的羊驼认领体验服务", "price": 1000.00,
           "image_url": "https://example.com/product.jpg", "category": "animal_claim", "status": "available"}


def make_order(merchant, *, state="paid", buyer=None, no="ORD202309010001", payment="1000.00"):
    return Order.objects.create(kind="product", state=state, buyer=buyer or UserFactory(), merchant=merchant,
                                order_no=no, summary=Decimal(payment), payment=Decimal(payment))


def test_approved_merchant_creates_a_product_with_the_seed_shape(client_for):
    merchant = MerchantFactory()
    response = client_for(merchant.user).post("/api/v1/merchants/products", PRODUCT, format="json")
    assert response.status_code == 201
    data = response.json()["data"]
    assert {key: data[key] for key in ("name", "category", "status", "image_url")} == {
        "name": "羊驼认领体验", "category": "animal_claim", "status": "available",
        "image_url": "https://example.com/product.jpg"}
    assert data["merchant_id"] == merchant.pk and data["price"] == "1000.00" and data["created_at"]


@pytest.mark.parametrize("status", ["pending", "rejected", "suspended"])
def test_unapproved_merchants_cannot_create_products(client_for, status):
    merchant = MerchantFactory(status=status)
    assert client_for(merchant.user).post("/api/v1/merchants/products", PRODUCT, format="json").status_code == 403
    assert not Product.objects.exists()


def test_non_merchants_get_403_and_bad_input_400(user_api, client_for):
    assert user_api.post("/api/v1/merchants/products", PRODUCT, format="json").status_code == 403
    assert user_api.get("/api/v1/merchants/products").status_code == 403
    merchant_api = client_for(MerchantFactory().user)
    for change in ({"price": -5}, {"price": 0}, {"name": ""}, {"status": "sold"}):
        assert merchant_api.post("/api/v1/merchants/products", {**PRODUCT, **change}, format="json").status_code == 400
    assert not Product.objects.exists()


def test_list_edit_and_unpublish_own_products_only(client_for, api):
    merchant = MerchantFactory()
    other = MerchantFactory()
    mine = client_for(merchant.user)
    product_id = mine.post("/api/v1/merchants/products", PRODUCT, format="json").json()["data"]["id"]
    Product.objects.create(merchant=other, name="别人的", price=5)

    body = mine.get("/api/v1/merchants/products?page=1&size=10").json()["data"]
    assert [row["id"] for row in body["list"]] == [product_id]

    response = mine.patch(f"/api/v1/merchants/products/{product_id}", {"price": "1200.50"}, format="json")
    assert response.status_code == 200 and response.json()["data"]["price"] == "1200.50"
    assert Product.objects.get(pk=product_id).name == PRODUCT["name"]
    assert mine.patch(f"/api/v1/merchants/products/{product_id}", {"price": "-1"}, format="json").status_code == 400

    # another merchant cannot touch it
    theirs = client_for(other.user)
    assert theirs.patch(f"/api/v1/merchants/products/{product_id}", {"price": "1"}, format="json").status_code == 404
    assert theirs.delete(f"/api/v1/merchants/products/{product_id}").status_code == 404

    assert [row["id"] for row in api.get(f"/api/v1/products?merchant_id={merchant.pk}").json()["data"]["list"]] == [
        product_id]
    response = mine.delete(f"/api/v1/merchants/products/{product_id}")
    assert response.status_code == 200 and response.json()["data"]["status"] == "unavailable"
    assert Product.objects.get(pk=product_id).price == Decimal("1200.50")  # kept for the orders that refer to it
    assert api.get(f"/api/v1/products?merchant_id={merchant.pk}").json()["data"]["list"] == []


def test_merchant_orders_with_status_filter_in_the_seed_shape(client_for):
    merchant = MerchantFactory()
    buyer = UserFactory()
    paid = make_order(merchant, buyer=buyer)
    make_order(merchant, state="completed", no="ORD202309010002")
    make_order(MerchantFactory(), no="ORD202309010003")  # another merchant's
    body = client_for(merchant.user).get("/api/v1/merchants/orders?page=1&size=10&status=paid").json()["data"]
    assert body["pagination"] == {"page": 1, "size": 10, "total": 1}
    row = body["list"][0]
    assert row == {**row, "id": str(paid.pk), "user_id": buyer.pk, "order_number": "ORD202309010001",
                   "total_amount": "1000.00", "status": "paid"}
    assert row["ordered_at"]
    assert client_for(merchant.user).get("/api/v1/merchants/orders").json()["data"]["pagination"]["total"] == 2
    assert client_for(merchant.user).get("/api/v1/merchants/orders?status=nope").status_code == 400


def test_merchant_orders_are_for_merchants_only(user_api):
    assert user_api.get("/api/v1/merchants/orders").status_code == 403


def test_merchant_orders_query_count_is_fixed(client_for, django_assert_max_num_queries):
    merchant = MerchantFactory()
    for i in range(15):
        make_order(merchant, no=f"ORD2023090100{i:02d}")
    client = client_for(merchant.user)
    with django_assert_max_num_queries(4):
        assert len(client.get("/api/v1/merchants/orders?size=20").json()["data"]["list"]) == 15
