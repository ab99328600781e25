"""Issue 13 item 8: every API answer is typed in the OpenAPI schema (so the fuzzer can check it), every list
documents its FilterSet's parameters, and the answers typed last (catalog lists, effective drivers, dashboard,
take-down, logout) match their types."""

import jsonschema
import pytest
from drf_spectacular.generators import SchemaGenerator

from common.tokens import token_pair
from orders.models import DriverOrderExt, Order
from tests.factories import UserFactory
from tests.factories.marketplace import ItemFactory
from tests.factories.orders import DriverFactory, PlanItemFactory, PromotionFactory, QuotationFactory, VehicleFactory
from tests.factories.staff import staff_user
from tests.orders.test_order_schema import _nullable

pytestmark = pytest.mark.django_db

METHODS = ("get", "post", "put", "patch", "delete")


@pytest.fixture(scope="module")
def schema():
    return SchemaGenerator().get_schema(request=None, public=True)


def _resolve(schema, node):
    while isinstance(node, dict) and "$ref" in node:
        node = schema["components"]["schemas"][node["$ref"].rsplit("/", 1)[1]]
    return node


def _untyped(schema, node) -> bool:
    """No schema, or an object that says nothing of its fields (OpenAPI 3.0's null, `enum: [null]`, is typed)."""
    node = _resolve(schema, node)
    if not node:
        return True
    if node.get("enum") == [None]:
        return False
    return node.get("type") == "object" and not (
        node.get("properties") or node.get("additionalProperties") or any(k in node for k in ("oneOf", "anyOf"))
    )


def _operations(schema):
    for path, item in schema["paths"].items():
        for method in METHODS:
            if method in item:
                yield path, method, item[method]


def test_every_success_answer_has_a_typed_schema(schema):
    untyped = []
    for path, method, operation in _operations(schema):
        for status, response in operation["responses"].items():
            if not status.startswith("2") or status == "204":
                continue
            content = response.get("content") or {}
            where = f"{method.upper()} {path} {status}"
            if not content:
                untyped.append(f"{where}: no content")
            for media, body in content.items():
                node = body.get("schema")
                if media == "application/json" and "data" in _resolve(schema, node).get("properties", {}):
                    node = _resolve(schema, node)["properties"]["data"]  # the envelope's payload
                    rows = _resolve(schema, node).get("properties", {}).get("list")
                    if rows is not None and _untyped(schema, rows.get("items")):
                        untyped.append(f"{where}: list rows")
                    if _resolve(schema, node).get("type") == "array" and _untyped(schema, node.get("items")):
                        untyped.append(f"{where}: array rows")
                if node is None or _untyped(schema, node):
                    untyped.append(f"{where} {media}")
    assert untyped == []


@pytest.mark.parametrize("path, names", [
    ("/api/v1/animals", {"species", "status", "merchant_id"}),
    ("/api/v1/animals/claims", {"status", "role"}),
    ("/api/v1/activities", {"activity_type", "merchant_id"}),
    ("/api/v1/activities/registrations", {"status"}),
    ("/api/v1/activities/{activity_id}/registrations", {"status"}),
    ("/api/v1/admin/merchants", {"status", "merchant_type"}),
    ("/api/v1/admin/applications", {"status"}),
    ("/api/v1/merchants/products", {"status"}),
    ("/api/v1/products", {"merchant_id", "category"}),
    ("/api/v1/merchants/orders", {"status"}),
    ("/api/v1/reviews", {"merchant"}),
    ("/api/v1/quotations", {"vehicle"}),
    ("/api/v1/travels/plans", {"visibility"}),
    ("/api/v1/travels/matches", {"plan_id"}),
    ("/api/v1/travels/invitations", {"role", "state"}),
    ("/api/v1/underwrites", {"state", "operator"}),
    ("/api/v1/messages", {"with", "order", "before"}),
])
def test_every_list_documents_its_filters(schema, path, names):
    params = {p["name"]: p for p in schema["paths"][path]["get"].get("parameters", [])}
    assert names <= set(params)
    for name in names:
        assert params[name]["in"] == "query" and params[name]["schema"], params[name]


def test_any_of_filters_are_documented_as_comma_separated_lists_of_their_choices(schema):
    """One text of comma-separated choices (common.filters.value_schema; repeating the parameter also works)."""
    import re

    params = {p["name"]: p for p in schema["paths"]["/api/v1/underwrites"]["get"]["parameters"]}
    state = params["state"]["schema"]
    assert state["type"] == "string" and "explode" not in params["state"]
    for word in ("scheduled", "inspected", "passed", "failed", "scheduled,failed"):
        assert re.search(state["pattern"], word)
    assert not re.search(state["pattern"], "scheduled,")
    assert params["operator"]["schema"]["type"] == "integer"
    matches = {p["name"]: p for p in schema["paths"]["/api/v1/travels/matches"]["get"]["parameters"]}
    assert matches["plan_id"]["required"] is True


def _check(schema, response, path, method, status="200"):
    assert response.status_code == int(status), response.content
    body = schema["paths"][path][method]["responses"][status]["content"]["application/json"]["schema"]
    jsonschema.validate(response.json(), {**_nullable(body), "components": _nullable(schema["components"])})


def test_catalog_and_driver_answers_match_their_types(schema, user, user_api):
    vehicle = VehicleFactory(owner=user)
    item = PlanItemFactory()
    QuotationFactory(vehicle=vehicle, plans=[item.plan])
    PromotionFactory()
    order = Order.objects.create(kind="driver", state="effective", buyer=user, vehicle=vehicle,
                                 order_no="ORD202612049001")
    DriverOrderExt.objects.create(order=order).drivers.add(DriverFactory(owner=user))
    for path in ("/api/v1/plans", "/api/v1/quotations", "/api/v1/promotions"):
        response = user_api.get(path)
        assert response.json()["data"], path
        _check(schema, response, path, "get")
    drivers = user_api.get(f"/api/v1/vehicles/{vehicle.pk}/drivers")
    assert drivers.json()["data"][0]["order-id"] == str(order.pk)
    _check(schema, drivers, "/api/v1/vehicles/{vehicle_id}/drivers", "get")


def test_staff_and_logout_answers_match_their_types(schema, client_for, api):
    _check(schema, client_for(staff_user("admin")).get("/api/v1/admin/dashboard"), "/api/v1/admin/dashboard", "get")
    item = ItemFactory()
    moderator = client_for(staff_user("content_manager"))
    path = "/api/v1/admin/content/{kind}/{id}/take-down"
    _check(schema, moderator.post(f"/api/v1/admin/content/item/{item.pk}/take-down", {"reason": "spam"},
                                  format="json"), path, "post")
    _check(schema, moderator.post(f"/api/v1/admin/content/item/{item.pk}/restore", {"reason": "ok"}, format="json"),
           "/api/v1/admin/content/{kind}/{id}/restore", "post")
    refresh = token_pair(UserFactory())["refresh"]
    _check(schema, api.post("/api/v1/auth/logout", {"refresh": refresh}, format="json"), "/api/v1/auth/logout", "post")
