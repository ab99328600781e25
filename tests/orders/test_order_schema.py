"""Issue 13 item 8: every orders answer is typed in the OpenAPI schema, and real answers match their types."""

from decimal import Decimal

import jsonschema
import pytest
from drf_spectacular.generators import SchemaGenerator

from tests.factories.orders import PromotionFactory
from tests.orders.test_contract_orders import plan_body

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def schema():
    return SchemaGenerator().get_schema(request=None, public=True)


def _nullable(node):
    """OpenAPI 3.0's `nullable` as JSON Schema (jsonschema does not know the keyword)."""
    if isinstance(node, list):
        return [_nullable(n) for n in node]
    if not isinstance(node, dict):
        return node
    node = {k: _nullable(v) for k, v in node.items()}
    if node.pop("nullable", False):
        return {"anyOf": [node, {"type": "null"}]}
    return node


def _data_schema(schema, path, method, status):
    return schema["paths"][path][method]["responses"][status]["content"]["application/json"]["schema"]


def test_every_orders_answer_has_a_type(schema):
    bare = []
    for path, item in schema["paths"].items():
        if not path.startswith(("/api/v1/orders", "/api/v1/payments")):
            continue
        for method, operation in item.items():
            for status, response in operation.get("responses", {}).items():
                body = response.get("content", {}).get("application/json")
                if not status.startswith("2") or body is None:
                    continue
                data = body["schema"]["properties"]["data"]
                if data.get("type") == "object" and not data.get("properties") and "$ref" not in data:
                    bare.append(f"{method.upper()} {path} {status}")
    assert bare == []


def _check(schema, response, path, method, status):
    validator = {**_nullable(_data_schema(schema, path, method, status)),
                 "components": _nullable(schema["components"])}
    jsonschema.validate(response.json(), validator)


def test_order_answers_match_their_schema(schema, user_api, seed_catalog):
    promotion = PromotionFactory(discount=Decimal("500.00"))
    created = user_api.post("/api/v1/orders/plan", plan_body(promotion), format="json")
    assert created.status_code == 201, created.json()
    _check(schema, created, "/api/v1/orders/plan", "post", "201")
    ref = created.json()["data"]["id"]
    _check(schema, user_api.get(f"/api/v1/orders/{ref}"), "/api/v1/orders/{ref}", "get", "200")
    _check(schema, user_api.get("/api/v1/orders"), "/api/v1/orders", "get", "200")
    _check(schema, user_api.get(f"/api/v1/orders/{ref}/events"), "/api/v1/orders/{ref}/events", "get", "200")
