"""Issue 17 (fuzz, stateful, --checks all): the underwrite request bodies say in the OpenAPI schema what the
server refuses before it reads stored data — required fields of the whole-body PATCHes, `operator` as a user id
or a username, photo URLs and data: URIs."""

import jsonschema_rs
import pytest
from drf_spectacular.generators import SchemaGenerator

from tests.orders.test_order_schema import _nullable

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def schema():
    return SchemaGenerator().get_schema(request=None, public=True)


def body_schema(schema, path, method):
    request = schema["paths"][path][method]["requestBody"]
    node = request["content"]["application/json"]["schema"]
    return request, {**_nullable(node), "components": _nullable(schema["components"])}


def admitted(schema, path, method, body) -> bool:
    return jsonschema_rs.Draft7Validator(body_schema(schema, path, method)[1], validate_formats=True).is_valid(body)


@pytest.mark.parametrize("path, required", [
    ("/api/v1/underwrites/{id}/note", ["note", "note_update_time"]),
    ("/api/v1/underwrites/{id}/real-place", ["real_place", "real_update_time"]),
    ("/api/v1/underwrites/{id}/validate-place", ["validate_place", "validate_update_time"]),
    ("/api/v1/underwrites/{id}/result", ["underwrite_result"]),
])
def test_whole_body_patches_document_their_required_fields(schema, client_for, scheduled, operator, path, required):
    """These PATCHes validate the whole body (the seed's calls), so `{}` is not a valid body: the schema says
    which fields are required instead of documenting a partial body."""
    request, _node = body_schema(schema, path, "patch")
    component = schema["components"]["schemas"][request["content"]["application/json"]["schema"]["$ref"].rsplit("/")[-1]]
    assert sorted(component["required"]) == required and request["required"] is True
    assert not admitted(schema, path, "patch", {})
    response = client_for(operator).patch(path.replace("{id}", str(scheduled.pk)), {}, format="json")
    assert response.status_code == 400 and set(required) <= set(response.json()["data"])


def test_partial_patches_stay_partial(schema):
    """A PATCH that validates with `partial=True` (vehicles, drivers, products, items) still documents every field
    optional."""
    request, _node = body_schema(schema, "/api/v1/vehicles/{vehicle_id}", "patch")
    component = schema["components"]["schemas"][request["content"]["application/json"]["schema"]["$ref"].rsplit("/")[-1]]
    assert not component.get("required")


@pytest.mark.parametrize("operator_value, ok", [
    (7, True), ("7", True), ("op1", True), ("", False), (0, False), (-3, False), (1.5, False), (True, False),
    ([], False),
])
def test_operator_is_a_user_id_or_a_username(schema, client_for, plan_order, operator, operator_value, ok):
    body = {"oid": plan_order.order_no, "plan_time": "2030-01-01T08:00:00Z", "validate_place": "东方银座",
            "operator": operator_value}
    assert admitted(schema, "/api/v1/underwrites", "post", body) is ok
    if not ok:
        response = client_for(operator).post("/api/v1/underwrites", body, format="json")
        assert response.status_code == 400 and "operator" in response.json()["data"]


@pytest.mark.parametrize("form", [int, str, "username"])
def test_operator_by_id_number_or_digits_or_name(client_for, plan_order, operator, form):
    value = operator.username if form == "username" else form(operator.pk)
    body = {"oid": plan_order.order_no, "plan_time": "2030-01-01T08:00:00Z", "validate_place": "东方银座",
            "operator": value}
    response = client_for(operator).post("/api/v1/underwrites", body, format="json")
    assert response.status_code == 201, response.json()
    assert response.json()["data"]["operator"] == operator.pk


PNG_1PX = "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAQAAAC1HAwCAAAAC0lEQVR42mNkYAAAAAYAAjCB0C8AAAAASUVORK5CYII="


@pytest.mark.parametrize("photo, ok", [
    ("https://example.com/a.jpg", True), ("ftp://example.com/a.jpg", True), (f"data:image/png;base64,{PNG_1PX}", True),
    ("https://example.com/" + "a" * 235, True), ("https://example.com/" + "a" * 236, False),
    ("", False), ("data:image/png;base64,", None), ("data:image/png;base64,abc", None),
])
def test_photos_document_a_url_or_a_data_uri(schema, client_for, scheduled, operator, photo, ok):
    """None: refused by the server, and not by the schema's data: pattern, but `format: uri` admits any scheme
    (the URL check takes http, https, ftp and ftps; the fuzzer's URLs are http(s))."""
    body = {"photo": [photo]}
    if ok is not None:
        assert admitted(schema, "/api/v1/underwrites/{id}/photos", "post", body) is ok
    response = client_for(operator).post(f"/api/v1/underwrites/{scheduled.pk}/photos", body, format="json")
    assert response.status_code == (201 if ok else 400), response.json()


def test_fill_photos_are_urls_of_at_most_255_characters(schema, client_for, scheduled, operator):
    body = {"real_place": "东方银座", "certificate_state": 1, "photos": [""]}
    assert not admitted(schema, "/api/v1/underwrites/{id}/fill", "post", body)
    # Django refuses a host over 253 characters, so the limit keeps every URL the schema admits acceptable.
    long_url = "https://example.com/" + "a" * 236
    assert not admitted(schema, "/api/v1/underwrites/{id}/fill", "post", {**body, "photos": [long_url]})
    for bad in ([""], [long_url]):
        response = client_for(operator).post(f"/api/v1/underwrites/{scheduled.pk}/fill", {**body, "photos": bad},
                                             format="json")
        assert response.status_code == 400


@pytest.mark.parametrize("kind, ok", [("剐蹭", True), ("\x1d", False), ("\x85 ", False), (" ", False)])
def test_problem_type_must_hold_what_trimming_keeps(schema, client_for, scheduled, operator, kind, ok):
    """The fuzzer sent a problem `type` of "\\x1d": `\\S` matched it for the schema validator, and DRF trimmed it
    to blank (a 400)."""
    body = {"real_place": "东方银座", "certificate_state": 1, "problems": [{"type": kind}]}
    assert admitted(schema, "/api/v1/underwrites/{id}/fill", "post", body) is ok
    response = client_for(operator).post(f"/api/v1/underwrites/{scheduled.pk}/fill", body, format="json")
    assert response.status_code == (200 if ok else 400), response.json()
