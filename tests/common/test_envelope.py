import pytest
from django.test import override_settings

pytestmark = pytest.mark.django_db


def assert_envelope(response, status):
    assert response.status_code == status
    body = response.json()
    assert set(body) == {"code", "message", "data"}
    assert body["code"] == (0 if status < 400 else status)
    assert isinstance(body["message"], str) and body["message"]
    return body


@pytest.mark.urls("tests.common.urls_errors")
@pytest.mark.parametrize("path,status", [("e400", 400), ("e403", 403), ("e404", 404), ("e409", 409), ("e429", 429)])
def test_domain_errors_answer_the_envelope_with_their_status(api, path, status):
    body = assert_envelope(api.get(f"/api/v1/{path}"), status)
    if status == 400:
        assert body["message"] == "bad thing"
        assert body["data"] == {"field": ["bad"]}


@pytest.mark.urls("tests.common.urls_errors")
def test_success_is_wrapped(api):
    body = assert_envelope(api.get("/api/v1/ok"), 200)
    assert body == {"code": 0, "message": "success", "data": {"hello": "world"}}


@pytest.mark.urls("tests.common.urls_errors")
def test_unhandled_error_is_a_500_envelope_not_a_traceback(api):
    api.raise_request_exception = False
    body = assert_envelope(api.get("/api/v1/crash"), 500)
    assert "boom" not in body["message"]


def test_missing_credentials_is_401_with_www_authenticate(api):
    response = api.get("/api/v1/users/profile")
    assert_envelope(response, 401)
    assert response.headers["WWW-Authenticate"].startswith("Bearer")


def test_invalid_token_is_401(api):
    api.credentials(HTTP_AUTHORIZATION="Bearer not-a-token")
    assert_envelope(api.get("/api/v1/users/profile"), 401)


def test_unknown_api_path_is_404_envelope(api):
    assert_envelope(api.get("/api/v1/no-such-thing"), 404)


@pytest.mark.parametrize("path", ["/api/v1/no-such-thing", "/api/v1/items/1/no-such-action", "/api/v1/"])
def test_unknown_api_path_is_404_envelope_with_debug_on(api, settings, path):
    """Issue 18.6: `make run` starts with DEBUG on; an unknown API path still answers the envelope."""
    settings.DEBUG = True
    response = api.get(path)
    assert response["Content-Type"].startswith("application/json")
    assert assert_envelope(response, 404)["data"] is None
    assert_envelope(api.post(path, {}, format="json"), 404)


def test_rpc_endpoint_is_documented_in_the_schema(api):
    """Issue 18.6: `POST /api/rpc` with its request and response shapes and its methods."""
    schema = api.get("/api/schema/?format=json").json()
    operation = schema["paths"]["/api/rpc"]["post"]
    call = schema["components"]["schemas"]["JsonRpcCall"]
    assert {"jsonrpc", "method"} <= set(call["required"]) and {"id", "params"} <= set(call["properties"])
    methods = call["properties"]["method"]["enum"]
    assert {"order.placeAnPlanOrder", "order.updateOrderState", "underwrite.createUnderwrite"} <= set(methods)
    assert "order.placeAnPlanOrder(vid, plans, qid, pmid, service_ratio, summary, payment, expect_at)" in (
        operation["description"])
    assert operation["requestBody"]["content"]["application/json"]["schema"]["oneOf"]
    answer = schema["components"]["schemas"]["JsonRpcAnswer"]["properties"]
    assert set(answer["result"]["properties"]) == {"code", "msg", "data"}
    assert set(answer["error"]["properties"]) == {"code", "message"}


def test_wrong_method_is_405_envelope(api):
    assert_envelope(api.get("/api/v1/auth/register"), 405)


def test_malformed_json_is_400_envelope(api):
    response = api.post("/api/v1/auth/register", data="{not json", content_type="application/json")
    assert_envelope(response, 400)


def test_validation_errors_carry_field_errors(api):
    body = assert_envelope(api.post("/api/v1/auth/register", {"username": "x"}, format="json"), 400)
    assert "password" in body["data"]


@override_settings()
def test_auth_endpoints_are_throttled(api, settings):
    settings.REST_FRAMEWORK = {**settings.REST_FRAMEWORK, "DEFAULT_THROTTLE_RATES": {"auth": "3/min"}}
    from rest_framework.throttling import SimpleRateThrottle

    original_rates = SimpleRateThrottle.THROTTLE_RATES
    SimpleRateThrottle.THROTTLE_RATES = {"auth": "3/min"}
    try:
        statuses = [
            api.post("/api/v1/auth/token", {"username": "nobody", "password": "x"}, format="json").status_code
            for _ in range(4)
        ]
    finally:
        # api_settings still holds the overridden rates here; restore the class attribute as it was
        SimpleRateThrottle.THROTTLE_RATES = original_rates
    assert statuses[:3] == [401, 401, 401]
    assert statuses[3] == 429


def test_pagination_params_are_validated(user_api):
    # any list endpoint; the profile is not a list, so use the pagination class directly
    from rest_framework.request import Request
    from rest_framework.test import APIRequestFactory

    from common.api import PageSizePagination

    rows = list(range(25))
    paginator = PageSizePagination()
    request = Request(APIRequestFactory().get("/x", {"page": 3, "size": 10}))
    assert paginator.paginate_queryset(rows, request) == [20, 21, 22, 23, 24]
    assert paginator.get_paginated_response([]).data["pagination"] == {"page": 3, "size": 10, "total": 25}
    request = Request(APIRequestFactory().get("/x", {"offset": 5, "limit": 2}))
    assert paginator.paginate_queryset(rows, request) == [5, 6]
    request = Request(APIRequestFactory().get("/x", {"size": 1000}))
    assert len(paginator.paginate_queryset(list(range(500)), request)) == 100
    from common.errors import ValidationFailed

    with pytest.raises(ValidationFailed):
        paginator.paginate_queryset(rows, Request(APIRequestFactory().get("/x", {"page": "abc"})))
    with pytest.raises(ValidationFailed):
        paginator.paginate_queryset(rows, Request(APIRequestFactory().get("/x", {"page": 0})))
