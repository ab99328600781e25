"""Issue 17 finding 3: a password change (API or admin), deactivation in the admin form or logout revokes
refresh and access tokens and closes/refuses sockets (DESIGN §9 "Passwords and sessions")."""

import pytest
from asgiref.sync import sync_to_async
from channels.testing import WebsocketCommunicator
from django.test import Client

from config.asgi import application
from tests.factories import TEST_PASSWORD, UserFactory

pytestmark = pytest.mark.django_db(transaction=True)

NEW_PASSWORD = "an0ther-Long-passphrase"


def _login(api, user):
    response = api.post("/api/v1/auth/token", {"username": user.username, "password": TEST_PASSWORD}, format="json")
    assert response.status_code == 200
    return response.json()["data"]


async def _socket(token):
    socket = WebsocketCommunicator(application, "/ws/chat/")
    assert (await socket.connect())[0]
    await socket.send_json_to({"type": "auth", "token": token})
    return socket, await socket.receive_json_from(timeout=3)


def _profile(api, access):
    return api.get("/api/v1/users/profile", HTTP_AUTHORIZATION=f"Bearer {access}").status_code


def test_password_change_revokes_refresh_and_access_tokens(api):
    user = UserFactory()
    old = _login(api, user)
    response = api.post("/api/v1/users/password", {"old_password": TEST_PASSWORD, "new_password": NEW_PASSWORD},
                        format="json", HTTP_AUTHORIZATION=f"Bearer {old['access']}")
    assert response.status_code == 200, response.json()
    new = response.json()["data"]
    assert _profile(api, old["access"]) == 401
    assert api.post("/api/v1/auth/token/refresh", {"refresh": old["refresh"]}, format="json").status_code == 401
    assert _profile(api, new["access"]) == 200
    assert api.post("/api/v1/auth/token/refresh", {"refresh": new["refresh"]}, format="json").status_code == 200


def test_password_change_needs_the_old_password(api):
    user = UserFactory()
    tokens = _login(api, user)
    response = api.post("/api/v1/users/password", {"old_password": "wrong", "new_password": NEW_PASSWORD},
                        format="json", HTTP_AUTHORIZATION=f"Bearer {tokens['access']}")
    assert response.status_code == 400
    assert _profile(api, tokens["access"]) == 200


async def test_password_change_closes_sockets_and_old_token_opens_none(api):
    user = await sync_to_async(UserFactory)()
    tokens = await sync_to_async(_login)(api, user)
    socket, frame = await _socket(tokens["access"])
    assert frame["ok"] is True
    response = await sync_to_async(api.post)(
        "/api/v1/users/password", {"old_password": TEST_PASSWORD, "new_password": NEW_PASSWORD},
        format="json", HTTP_AUTHORIZATION=f"Bearer {tokens['access']}")
    assert response.status_code == 200
    assert await socket.receive_output(timeout=3) == {"type": "websocket.close", "code": 4003}
    again, frame = await _socket(tokens["access"])
    assert frame["code"] == "bad_token"


async def test_logout_refuses_its_access_token_for_new_sockets(api):
    user = await sync_to_async(UserFactory)()
    tokens = await sync_to_async(_login)(api, user)
    response = await sync_to_async(api.post)("/api/v1/auth/logout", {"refresh": tokens["refresh"]}, format="json")
    assert response.status_code == 200
    socket, frame = await _socket(tokens["access"])
    assert frame["code"] == "bad_token"


def _admin_client():
    admin = UserFactory(is_staff=True, is_superuser=True)
    client = Client()
    client.force_login(admin)
    return client


def test_admin_password_set_revokes_tokens(api):
    user = UserFactory()
    tokens = _login(api, user)
    response = _admin_client().post(f"/admin/accounts/user/{user.pk}/password/",
                                    {"password1": NEW_PASSWORD, "password2": NEW_PASSWORD, "usable_password": "true"})
    assert response.status_code == 302
    assert _profile(api, tokens["access"]) == 401
    assert api.post("/api/v1/auth/token/refresh", {"refresh": tokens["refresh"]}, format="json").status_code == 401


async def test_unticking_active_in_the_admin_form_closes_the_socket(api):
    user = await sync_to_async(UserFactory)()
    tokens = await sync_to_async(_login)(api, user)
    socket, frame = await _socket(tokens["access"])
    assert frame["ok"] is True

    def untick():
        client = _admin_client()
        page = client.get(f"/admin/accounts/user/{user.pk}/change/")
        form = page.context["adminform"].form
        data = {name: value for name, value in form.initial.items() if value is not None and name != "password"}
        data.update({"is_active": "", "date_joined_0": form.initial["date_joined"].strftime("%Y-%m-%d"),
                     "date_joined_1": form.initial["date_joined"].strftime("%H:%M:%S"), "groups": [],
                     "user_permissions": [], "last_login_0": "", "last_login_1": ""})
        data = {key: value for key, value in data.items() if key not in ("date_joined", "last_login")}
        for key in ("is_staff", "is_superuser"):
            data.pop(key, None)
        return client.post(f"/admin/accounts/user/{user.pk}/change/", data)

    response = await sync_to_async(untick)()
    assert response.status_code == 302, response.context["adminform"].form.errors if response.context else response
    assert await socket.receive_output(timeout=3) == {"type": "websocket.close", "code": 4003}



def test_password_change_revokes_the_token_on_the_seed_000_legacy_routes(api):
    user = UserFactory()
    old = _login(api, user)
    web = Client(enforce_csrf_checks=True)  # the legacy routes take the token as a form field, no cookie
    assert web.post("/user/chat/fetchnew", {"token": old["access"]}).status_code == 200
    response = api.post("/api/v1/users/password", {"old_password": TEST_PASSWORD, "new_password": NEW_PASSWORD},
                        format="json", HTTP_AUTHORIZATION=f"Bearer {old['access']}")
    assert response.status_code == 200, response.json()
    for url in ("/user/chat/fetchnew", "/user/chat/fetchall"):
        refused = web.post(url, {"token": old["access"]})
        assert refused.status_code == 401, refused.json()
        assert refused.json()["status"] == "failed"
    new = response.json()["data"]["access"]
    assert web.post("/user/chat/fetchnew", {"token": new}).status_code == 200
