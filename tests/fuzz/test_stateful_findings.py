"""Regression tests for what `make fuzz`'s stateful, `--checks all` run found (issue 17)."""

import json

import pytest
from django.http import HttpResponse
from django.middleware.csrf import CsrfViewMiddleware
from django.test import Client, RequestFactory


def _plain_view(request):
    return HttpResponse("changed")


@pytest.mark.parametrize("path", ["/api/v1/trades/null/accept", "/api/rpc"])
def test_a_csrf_refusal_under_the_api_is_the_envelope_403(path):
    """ST105: a cookie without its CSRF token got Django's HTML 403 page, a Content-Type the schema never names."""
    request = RequestFactory().post(path, secure=False)
    response = CsrfViewMiddleware(lambda r: HttpResponse()).process_view(request, _plain_view, (), {})
    assert response.status_code == 403
    assert response["Content-Type"].startswith("application/json")
    body = json.loads(response.content)
    assert body["code"] == 403 and body["data"] is None and body["message"]


def test_a_csrf_refusal_on_a_page_stays_djangos_html():
    request = RequestFactory().post("/accounts/login/")
    response = CsrfViewMiddleware(lambda r: HttpResponse()).process_view(request, _plain_view, (), {})
    assert response.status_code == 403
    assert response["Content-Type"].startswith("text/html")


@pytest.mark.django_db
def test_a_post_to_an_unknown_api_path_with_a_session_cookie_is_the_envelope_404(user):
    """`POST /api/v1/trades/null/accept` (no route: the id is not a number) with the session cookie and no CSRF
    token was refused with the HTML CSRF page instead of the envelope's 404."""
    client = Client(enforce_csrf_checks=True)
    client.force_login(user)
    response = client.post("/api/v1/trades/null/accept")
    assert response.status_code == 404
    assert response.json()["code"] == 404


@pytest.fixture(scope="module")
def schema():
    from drf_spectacular.generators import SchemaGenerator

    return SchemaGenerator().get_schema(request=None, public=True)


def _parameter(schema, path, name, method="get"):
    return next(p for p in schema["paths"][path][method]["parameters"] if p["name"] == name)


def test_the_item_lists_seller_filter_documents_its_bounds(schema, api):
    """`GET items?seller=0` answered 400 while the schema allowed any number."""
    seller = _parameter(schema, "/api/v1/items", "seller")
    assert seller["schema"]["type"] == "integer" and seller["schema"]["minimum"] == 1


@pytest.mark.django_db
def test_seller_zero_is_the_400_the_schema_now_says(api):
    assert api.get("/api/v1/items", {"seller": 0}).status_code == 400
    assert api.get("/api/v1/items", {"seller": 1}).status_code == 200


@pytest.mark.parametrize("path", ["/api/v1/trades", "/api/v1/orders", "/api/v1/items"])
def test_explicit_page_parameters_document_their_bounds(schema, path):
    """`GET trades?page=0` answered 400 ("at least 1") while PAGE_PARAMETERS documented a bare integer."""
    for name, minimum in (("page", 1), ("size", 1), ("offset", 0), ("limit", 1)):
        bounds = _parameter(schema, path, name)["schema"]
        assert (bounds["type"], bounds["minimum"], bounds["maximum"]) == ("integer", minimum, 10**9)


def test_optional_query_parameters_allow_the_empty_value_the_lists_ignore(schema):
    """`?status=` (no filter) answered 200 while the schema demanded minLength 1: a "violating request accepted"."""
    assert _parameter(schema, "/api/v1/items", "category")["allowEmptyValue"] is True
    assert _parameter(schema, "/api/v1/trades", "page")["allowEmptyValue"] is True


@pytest.mark.django_db
@pytest.mark.parametrize("query", [{"limit": "5", "page": "x"}, {"offset": "3", "size": "-1"},
                                   {"limit": "5", "page": str(10**12)}])
def test_the_unused_pair_of_pagination_parameters_is_still_checked(api, query):
    """`?page=😍&limit=` and `?offset=13430&page=26432978523` answered 200: the page pair was not read."""
    response = api.get("/api/v1/items", query)
    assert response.status_code == 400 and response.json()["code"] == 400


@pytest.mark.django_db
def test_an_empty_pagination_value_is_the_default(api):
    assert api.get("/api/v1/items", {"limit": "", "page": ""}).json()["data"]["pagination"]["size"] == 10


def test_a_price_needs_digits_and_no_sign_when_it_cannot_be_negative(schema):
    """POST items with price "" or "-" matched drf-spectacular's pattern `^-?\\d{0,10}…` and was refused."""
    import re

    text, number = schema["components"]["schemas"]["ItemInputRequest"]["properties"]["price"]["oneOf"]
    pattern = text["pattern"]
    assert number["type"] == "number" and number["minimum"] == 0
    for good in ("0", "12.5", "1234567890.99", ".5"):
        assert re.search(pattern, good), good
    for bad in ("", "-", ".", "-1", "1.234", "12345678901"):
        assert not re.search(pattern, bad), bad


def test_a_required_trimmed_text_must_hold_a_non_space(schema):
    """A title of spaces matched `minLength: 1` but DRF trims it to blank: a 400 the schema did not say."""
    import re

    import jsonschema_rs

    title = schema["components"]["schemas"]["ItemInputRequest"]["properties"]["title"]
    validator = jsonschema_rs.validator_for({"type": "string", "pattern": title["pattern"]})
    # Python and the schema validators agree on what str.strip() removes: "\x1d" and "\x85" are trimmed to
    # blank (Python's \s), "\ufeff" is kept (a validator's \s has it).
    for blank in (" ", "\t\n", "\x1d", "\x85", "\u3000 "):
        assert not blank.strip() and not re.search(title["pattern"], blank) and not validator.is_valid(blank)
    for kept in ("a", " a ", "\ufeff", "\x00x"):
        assert kept.strip() and re.search(title["pattern"], kept) and validator.is_valid(kept)


def test_a_route_alternation_is_grouped_in_the_path_pattern(schema):
    """`orders/{ref}/{action}` documented `^cancel|…|usertransfer$`, so "j0/qºusertransfer" matched it."""
    import re

    pattern = _parameter(schema, "/api/v1/orders/{ref}/{action}", "action", "post")["schema"]["pattern"]
    assert re.search(pattern, "pay") and not re.search(pattern, "qºusertransfer")


def test_json_shaped_inputs_document_json_only(schema):
    """`orders/plan` offered multipart, but its JSON-shaped fields cannot be sent as form values ("must be valid
    JSON"); an optional date-time sent by a form arrives as the text "null". The API takes JSON; items' images
    and underwrite photos add multipart, with the images only there."""
    content = schema["paths"]["/api/v1/orders/plan"]["post"]["requestBody"]["content"]
    assert set(content) == {"application/json"}
    items = schema["paths"]["/api/v1/items"]["post"]["requestBody"]["content"]
    assert set(items) == {"application/json", "multipart/form-data"}
    json_fields = items["application/json"]["schema"]["$ref"].rsplit("/", 1)[1]
    assert "images" not in schema["components"]["schemas"][json_fields]["properties"]


@pytest.mark.django_db
def test_a_form_body_to_a_json_endpoint_is_the_415_envelope(user_api):
    response = user_api.put("/api/v1/users/profile", {"nickname": "x"}, format="multipart")
    assert response.status_code == 415 and response.json()["code"] == 415


def test_register_documents_the_password_rules_a_schema_can_say(schema):
    """`auth/register` refused "0000000" (too short) and "12345678" (all digits) that the schema allowed."""
    password = schema["components"]["schemas"]["RegisterApiInputRequest"]["properties"]["password"]
    assert (password["minLength"], password["pattern"]) == (8, r"\D")


@pytest.mark.django_db
@pytest.mark.parametrize("password", ["1234567", "123456789"])
def test_register_refuses_what_the_schema_refuses(api, password):
    response = api.post("/api/v1/auth/register", {"username": "newcomer", "password": password}, format="json")
    assert response.status_code == 400 and "password" in response.json()["data"]


@pytest.mark.django_db
def test_an_empty_jsonrpc_body_is_a_400(api):
    """`POST /api/rpc` with no body answered 200 (a parse error in a 200), though the schema requires a body."""
    response = api.post("/api/rpc", data=b"", content_type="application/json")
    assert response.status_code == 400 and response.json()["error"]["code"] == -32700



def test_item_images_document_the_form_file_limit(schema):
    """Django refuses a multipart form with more than DATA_UPLOAD_MAX_NUMBER_FILES files (400): say so."""
    from django.conf import settings

    multipart = schema["paths"]["/api/v1/items"]["post"]["requestBody"]["content"]["multipart/form-data"]["schema"]
    ref = multipart["$ref"].rsplit("/", 1)[1]
    assert schema["components"]["schemas"][ref]["properties"]["images"]["maxItems"] == settings.DATA_UPLOAD_MAX_NUMBER_FILES
