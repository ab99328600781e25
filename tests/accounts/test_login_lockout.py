"""Issue 13 item 7: one login lockout (django-axes) for the API token endpoint, the admin and the site's
/accounts/login/ — failures through one door count at the others."""

import pytest
from django.test import Client

from tests.factories import TEST_PASSWORD, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _limit(settings):
    settings.LOGIN_MAX_FAILURES = 3


def test_the_site_login_is_locked_after_repeated_failures():
    UserFactory(username="ivy")
    client = Client()
    for _ in range(2):
        assert client.post("/accounts/login/", {"username": "ivy", "password": "wrong-pass"}).status_code == 200
    assert client.post("/accounts/login/", {"username": "ivy", "password": "wrong-pass"}).status_code == 429
    response = client.post("/accounts/login/", {"username": "ivy", "password": TEST_PASSWORD})
    assert response.status_code == 429
    assert "_auth_user_id" not in client.session


def test_failures_at_every_door_count_together(api):
    UserFactory(username="jack", is_staff=True)
    assert Client().post("/accounts/login/", {"username": "jack", "password": "bad-1"}).status_code == 200
    assert Client().post("/admin/login/", {"username": "jack", "password": "bad-2"}).status_code == 200
    assert api.post("/api/v1/auth/token", {"username": "JACK", "password": "bad-3"}, format="json").status_code == 429
    for door in ("/accounts/login/", "/admin/login/"):
        assert Client().post(door, {"username": "jack", "password": TEST_PASSWORD}).status_code == 429
    response = api.post("/api/v1/auth/token", {"username": "jack", "password": TEST_PASSWORD}, format="json")
    assert response.status_code == 429 and response.json()["code"] == 429


def test_a_successful_site_login_resets_the_count():
    UserFactory(username="kim")
    client = Client()
    for _ in range(2):
        client.post("/accounts/login/", {"username": "kim", "password": "wrong-pass"})
    assert client.post("/accounts/login/", {"username": "kim", "password": TEST_PASSWORD}).status_code == 302
    for _ in range(2):
        Client().post("/accounts/login/", {"username": "kim", "password": "wrong-pass"})
    assert Client().post("/accounts/login/", {"username": "kim", "password": TEST_PASSWORD}).status_code == 302


@pytest.mark.django_db(transaction=True)
async def test_a_locked_out_login_under_asgi_answers_429_not_500():
    """Under uvicorn the middleware chain is async, and django-axes' async path hands the lockout callable
    (request, credentials): a locked-out API login then answered 500 (`make fuzz`, POST auth/token)."""
    from asgiref.sync import sync_to_async
    from django.test import AsyncClient

    await sync_to_async(UserFactory)(username="lee")
    client = AsyncClient()
    statuses = []
    for _ in range(4):
        response = await client.post("/api/v1/auth/token", {"username": "lee", "password": "wrong-pass"},
                                     content_type="application/json")
        statuses.append(response.status_code)
    assert statuses == [401, 401, 429, 429]
    assert response.json()["code"] == 429
    for door in ("/accounts/login/", "/admin/login/"):
        response = await client.post(door, {"username": "lee", "password": TEST_PASSWORD})
        assert response.status_code == 429
