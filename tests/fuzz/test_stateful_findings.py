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
