"""Issue 17 findings 4 and 6: `/api/rpc` needs a Bearer token or a session with CSRF, batches are bounded;
deep JSON, NUL and lone surrogates answer 400 / an error frame on every door (DESIGN §9)."""

import json

import pytest
from asgiref.sync import sync_to_async
from channels.testing import WebsocketCommunicator
from django.test import Client

from common.jsonrpc import METHODS, rpc_method
from config.asgi import application
from tests.conftest import access_token_for
from tests.factories import UserFactory

DEEP = "[" * 50_000 + "]" * 50_000
CALLS = []


@pytest.fixture(autouse=True)
def _echo():
    @rpc_method("test.record")
    def record(request, value=None):
        CALLS.append(value)
        return {"user": request.user.pk}

    CALLS.clear()
    yield
    METHODS.pop("test.record")


def _call(value=None, rpc_id=1):
    return {"jsonrpc": "2.0", "id": rpc_id, "method": "test.record", "params": [value]}


def _rpc(client, payload, **headers):
    body = payload if isinstance(payload, (str, bytes)) else json.dumps(payload)
    return client.post("/api/rpc", data=body, content_type="application/json", **headers)


@pytest.mark.django_db
def test_rpc_session_without_csrf_is_refused_and_runs_nothing():
    user = UserFactory()
    client = Client(enforce_csrf_checks=True)
    client.force_login(user)
    body = _rpc(client, _call("cross-site")).json()
    assert body["result"]["code"] == 403
    assert CALLS == []
    # The site's own page sends the CSRF token: accepted.
    client.get("/")
    token = client.cookies["csrftoken"].value
    body = _rpc(client, _call("same-site"), HTTP_X_CSRFTOKEN=token).json()
    assert body["result"]["code"] == 200 and CALLS == ["same-site"]


@pytest.mark.django_db
def test_rpc_bearer_needs_no_csrf():
    user = UserFactory()
    client = Client(enforce_csrf_checks=True)
    body = _rpc(client, _call("app"), HTTP_AUTHORIZATION=f"Bearer {access_token_for(user)}").json()
    assert body["result"] == {"code": 200, "msg": None, "data": {"user": user.pk}}


@pytest.mark.django_db
def test_rpc_batch_over_50_calls_or_1_mb_is_a_clear_error(client):
    user = UserFactory()
    auth = {"HTTP_AUTHORIZATION": f"Bearer {access_token_for(user)}"}
    body = _rpc(client, [_call(i, i) for i in range(51)], **auth).json()
    assert body["error"]["code"] == -32600 and "50" in body["error"]["message"]
    assert CALLS == []
    assert len(_rpc(client, [_call(i, i) for i in range(50)], **auth).json()) == 50
    response = _rpc(client, [_call("x" * 600_000), _call("y" * 600_000)], **auth)
    assert response.status_code == 413 and response.json()["error"]["code"] == -32600


@pytest.mark.django_db
def test_rpc_deep_json_and_nul_are_400(client):
    user = UserFactory()
    auth = {"HTTP_AUTHORIZATION": f"Bearer {access_token_for(user)}"}
    assert _rpc(client, DEEP, **auth).status_code == 400
    response = _rpc(client, _call("a\u0000b"), **auth)
    assert response.status_code == 400 and response.json()["error"]["code"] == -32600
    assert _rpc(client, '{"jsonrpc": "2.0", "id": 1, "method": "test.record", "params": ["\\ud800"]}',
                **auth).status_code == 400
    assert CALLS == []


@pytest.mark.django_db
@pytest.mark.parametrize("path", ["/api/v1/items", "/api/v1/payments/callback/sandbox", "/api/v1/auth/token"])
def test_rest_deep_json_is_400(api, path):
    user = UserFactory()
    api.credentials(HTTP_AUTHORIZATION=f"Bearer {access_token_for(user)}")
    response = api.post(path, DEEP, content_type="application/json")
    assert response.status_code in (400, 403), response.content[:200]
    if path != "/api/v1/payments/callback/sandbox":
        assert response.status_code == 400 and response.json()["code"] == 400


@pytest.mark.django_db
def test_rest_nul_and_lone_surrogate_are_400(api):
    user = UserFactory()
    api.credentials(HTTP_AUTHORIZATION=f"Bearer {access_token_for(user)}")
    response = api.post("/api/v1/items", '{"title": "x", "k\\u0000": 1}', content_type="application/json")
    assert response.status_code == 400
    response = api.post("/api/v1/items", '{"title": "\\udc00"}', content_type="application/json")
    assert response.status_code == 400


@pytest.mark.django_db(transaction=True)
async def test_socket_deep_nul_and_surrogate_frames_get_an_error_frame_and_stay_open():
    user = await sync_to_async(UserFactory)()
    socket = WebsocketCommunicator(application, "/ws/chat/")
    assert (await socket.connect())[0]
    await socket.send_json_to({"type": "auth", "token": await sync_to_async(access_token_for)(user)})
    assert (await socket.receive_json_from(timeout=3))["ok"] is True
    for frame in (DEEP, '{"type": "chat", "to": 1, "content": "a\\u0000b"}',
                  '{"type": "chat", "to": 1, "content": "\\ud800"}'):
        await socket.send_to(text_data=frame)
        answer = await socket.receive_json_from(timeout=3)
        assert answer["type"] == "error" and answer["code"] == "bad_frame", answer
    await socket.send_json_to({"type": "ping"})
    assert await socket.receive_json_from(timeout=3) == {"type": "pong"}
    await socket.disconnect()
