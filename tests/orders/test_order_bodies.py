"""Issue 17 (fuzz, stateful, --checks all): the order-placing bodies say in the OpenAPI schema what the server
refuses before it reads any stored data — a body the schema admits is not refused for its shape, and one it
refuses is answered 400."""

from decimal import Decimal

import jsonschema_rs
import pytest
from drf_spectacular.generators import SchemaGenerator

from orders.models import Order
from tests.factories.orders import ApprovedMerchantFactory, ProductFactory
from tests.orders.conftest import seed_uuid
from tests.orders.test_order_schema import _nullable

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def schema():
    return SchemaGenerator().get_schema(request=None, public=True)


def admitted(schema, path, body) -> bool:
    request = schema["paths"][path]["post"]["requestBody"]["content"]["application/json"]["schema"]
    validator = jsonschema_rs.Draft7Validator({**_nullable(request), "components": _nullable(schema["components"])},
                                              validate_formats=True)
    return validator.is_valid(body)


SEED_VID = {"vid": seed_uuid(0), "summary": 200, "payment": 200}


def test_driver_order_documents_at_least_one_driver(schema, user_api, seed_catalog):
    body = {**SEED_VID, "dids": []}
    assert not admitted(schema, "/api/v1/orders/driver", body)
    response = user_api.post("/api/v1/orders/driver", body, format="json")
    assert response.status_code == 400 and "dids" in response.json()["data"]
    assert admitted(schema, "/api/v1/orders/driver", {**body, "dids": [seed_uuid(1)]})


@pytest.fixture
def product():
    return ProductFactory(merchant=ApprovedMerchantFactory(), price=Decimal("12.50"))


def test_product_order_documents_at_least_one_line(schema, user_api, product):
    body = {"items": []}
    assert not admitted(schema, "/api/v1/orders/product", body)
    assert user_api.post("/api/v1/orders/product", body, format="json").status_code == 400


def test_product_order_null_total_and_payment_are_not_given(schema, user_api, product):
    """`total` and `payment` are optional checks of the server's sums, documented nullable: null is not sending
    them (it was refused with "may not be null")."""
    body = {"items": [{"product": product.pk, "quantity": 2}], "total": None, "payment": None}
    assert admitted(schema, "/api/v1/orders/product", body)
    response = user_api.post("/api/v1/orders/product", body, format="json")
    assert response.status_code == 201, response.json()
    assert response.json()["data"]["payment"] == "25.00"


@pytest.mark.parametrize("value", [{}, [], True])
def test_product_order_total_is_a_number_or_a_decimal_string(schema, user_api, product, value):
    body = {"items": [{"product": product.pk}], "total": value}
    assert not admitted(schema, "/api/v1/orders/product", body)
    assert admitted(schema, "/api/v1/orders/product", {**body, "total": "12.50"})
    assert admitted(schema, "/api/v1/orders/product", {**body, "total": 12.5})
    assert user_api.post("/api/v1/orders/product", body, format="json").status_code == 400
    assert not Order.objects.exists()


def test_plan_order_service_ratio_is_documented_not_null(schema, user_api, seed_catalog):
    body = {**SEED_VID, "plans": {}, "qid": seed_uuid(0), "service_ratio": None}
    assert not admitted(schema, "/api/v1/orders/plan", body)
    response = user_api.post("/api/v1/orders/plan", body, format="json")
    assert response.status_code == 400 and "service_ratio" in response.json()["data"]
    assert admitted(schema, "/api/v1/orders/plan", {**body, "service_ratio": "0.1"})
    assert admitted(schema, "/api/v1/orders/plan", {**body, "service_ratio": 0})


def test_sale_order_item_prices_are_documented_not_null(schema, user_api, seed_catalog):
    body = {**SEED_VID, "qid": seed_uuid(0), "items": {seed_uuid(0): None}}
    assert not admitted(schema, "/api/v1/orders/sale", body)
    response = user_api.post("/api/v1/orders/sale", body, format="json")
    assert response.status_code == 400 and "items" in response.json()["data"]
    assert admitted(schema, "/api/v1/orders/sale", {**body, "items": {seed_uuid(0): 1000}})
    assert admitted(schema, "/api/v1/orders/sale", {**body, "items": {seed_uuid(0): "1000.00"}})


def test_plan_order_item_prices_are_documented_not_null(schema, user_api, seed_catalog):
    body = {**SEED_VID, "qid": seed_uuid(0), "plans": {seed_uuid(0): {seed_uuid(0): None}}}
    assert not admitted(schema, "/api/v1/orders/plan", body)
    response = user_api.post("/api/v1/orders/plan", body, format="json")
    assert response.status_code == 400 and "plans" in response.json()["data"]
    assert admitted(schema, "/api/v1/orders/plan", {**body, "plans": {seed_uuid(0): {seed_uuid(0): 1000.0}}})


@pytest.mark.parametrize("path", ["/api/v1/orders/driver", "/api/v1/orders/plan", "/api/v1/orders/sale"])
@pytest.mark.parametrize("missing", [{"summary": None}, {"payment": None}, {"summary": {}}])
def test_seed_orders_document_their_totals_required(schema, user_api, seed_catalog, path, missing):
    """The service needs `summary` and `payment` (a number or a decimal string) for these three; they were
    documented optional and nullable, and refused only once a real vehicle was named."""
    body = {"vid": seed_uuid(0), "qid": seed_uuid(0), "dids": [seed_uuid(1)], "plans": {}, "items": {},
            "summary": 200, "payment": 200, **missing}
    assert not admitted(schema, path, body)
    response = user_api.post(path, body, format="json")
    assert response.status_code == 400 and set(missing) <= set(response.json()["data"])
    assert not Order.objects.exists()
