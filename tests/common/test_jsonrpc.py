import json

import pytest

from common.errors import Conflict
from common.jsonrpc import METHODS, rpc_method

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _methods():
    @rpc_method("test.echo")
    def echo(request, a, b=None):
        return {"a": a, "b": b, "user": request.user.pk}

    @rpc_method("test.conflict")
    def conflict(request):
        raise Conflict("nope")

    yield
    METHODS.pop("test.echo")
    METHODS.pop("test.conflict")


def rpc(client, payload, **headers):
    return client.post("/api/rpc", data=json.dumps(payload), content_type="application/json", **headers)


def test_success_result_shape(client, user):
    from tests.conftest import access_token_for

    auth = {"HTTP_AUTHORIZATION": f"Bearer {access_token_for(user)}"}
    body = rpc(client, {"jsonrpc": "2.0", "id": 7, "method": "test.echo", "params": [1, 2]}, **auth).json()
    assert body == {"jsonrpc": "2.0", "id": 7, "result": {"code": 200, "msg": None, "data": {"a": 1, "b": 2, "user": user.pk}}}
    body = rpc(client, {"jsonrpc": "2.0", "id": 8, "method": "test.conflict", "params": []}, **auth).json()
    assert body["result"] == {"code": 409, "msg": "nope"}


def test_protocol_errors(client, user):
    from tests.conftest import access_token_for

    auth = {"HTTP_AUTHORIZATION": f"Bearer {access_token_for(user)}"}
    assert client.post("/api/rpc", data="{", content_type="application/json").json()["error"]["code"] == -32700
    assert rpc(client, {"id": 1, "method": "test.echo"}).json()["error"]["code"] == -32600
    assert rpc(client, {"jsonrpc": "2.0", "id": 1, "method": "nope"}).json()["error"]["code"] == -32601
    assert rpc(client, {"jsonrpc": "2.0", "id": 1, "method": "test.echo", "params": []}, **auth).json()["error"]["code"] == -32602


def test_unauthenticated_call_is_a_401_result(client):
    body = rpc(client, {"jsonrpc": "2.0", "id": 1, "method": "test.echo", "params": [1]}).json()
    assert body["result"]["code"] == 401
