"""WeChat login `POST users/login {code}` (seed 004 §2.1): the real code2session client with its HTTP
call stubbed, and the development provider."""

import pytest
import requests

from accounts.models import User
from accounts.wechat_client import Code2SessionClient, DevelopmentWeChatProvider, wechat_provider

pytestmark = pytest.mark.django_db


class FakeResponse:
    def __init__(self, status_code=200, body=None, text=None):
        self.status_code, self._body, self._text = status_code, body, text

    def json(self):
        if self._text is not None:
            raise ValueError("not json")
        return self._body


@pytest.fixture(autouse=True)
def _no_wechat_credentials(monkeypatch, settings):
    """Start every test unconfigured, whatever the environment says."""
    for name in ("WECHAT_APP_ID", "WECHAT_APP_SECRET", "WECHAT_HTTP_TIMEOUT"):
        monkeypatch.delenv(name, raising=False)
        setattr(settings, name, "")


@pytest.fixture
def wechat_configured(settings):
    settings.WECHAT_APP_ID = "wx-app-id"
    settings.WECHAT_APP_SECRET = "wx-secret"
    settings.WECHAT_HTTP_TIMEOUT = "3"


@pytest.fixture
def wechat_http(monkeypatch, wechat_configured):
    """Replace only the HTTP call; record what was sent."""
    calls = []
    answer = {"response": FakeResponse(body={"openid": "oWX123", "session_key": "k"})}

    def fake_get(self, params):
        calls.append({"params": params, "timeout": self.timeout, "url": self.url})
        if isinstance(answer["response"], Exception):
            raise answer["response"]
        return answer["response"]

    monkeypatch.setattr(Code2SessionClient, "_get", fake_get)
    return calls, answer


def test_development_provider_is_used_without_credentials(settings):
    assert isinstance(wechat_provider(), DevelopmentWeChatProvider)


def test_development_login_creates_a_user_once_and_answers_the_seed_shape(api):
    response = api.post("/api/v1/users/login", {"code": "any-code"}, format="json")
    assert response.status_code == 200
    body = response.json()
    assert body["code"] == 0 and body["message"] == "success"
    data = body["data"]
    assert set(data) >= {"token", "user"} and set(data["user"]) >= {"id", "openid", "nickname", "avatar"}
    assert data["user"]["openid"].startswith("dev_")
    again = api.post("/api/v1/users/login", {"code": "any-code"}, format="json").json()["data"]
    assert again["user"]["id"] == data["user"]["id"] and again["user"]["openid"] == data["user"]["openid"]
    other = api.post("/api/v1/users/login", {"code": "another"}, format="json").json()["data"]
    assert other["user"]["id"] != data["user"]["id"]
    assert User.objects.filter(openid__startswith="dev_").count() == 2
    # the token works as a Bearer token
    api.credentials(HTTP_AUTHORIZATION=f"Bearer {data['token']}")
    assert api.get("/api/v1/users/profile").json()["data"]["openid"] == data["user"]["openid"]


def test_missing_code_is_400(api):
    response = api.post("/api/v1/users/login", {}, format="json")
    assert response.status_code == 400 and "code" in response.json()["data"]
    assert not User.objects.exists()


def test_real_client_exchanges_the_code_and_logs_in(api, wechat_http):
    calls, _ = wechat_http
    response = api.post("/api/v1/users/login", {"code": "061abc"}, format="json")
    assert response.status_code == 200
    assert response.json()["data"]["user"]["openid"] == "oWX123"
    assert calls == [{"params": {"appid": "wx-app-id", "secret": "wx-secret", "js_code": "061abc",
                                 "grant_type": "authorization_code"},
                      "timeout": 3.0, "url": "https://api.weixin.qq.com/sns/jscode2session"}]
    assert User.objects.get(openid="oWX123")


def test_real_client_finds_the_existing_user_of_an_openid(api, wechat_http, user):
    user.openid = "oWX123"
    user.save()
    assert api.post("/api/v1/users/login", {"code": "c"}, format="json").json()["data"]["user"]["id"] == user.pk
    assert User.objects.count() == 1


@pytest.mark.parametrize("response, status", [
    (FakeResponse(body={"errcode": 40029, "errmsg": "invalid code"}), 401),
    (FakeResponse(body={"errcode": 40163, "errmsg": "code been used"}), 401),
    (FakeResponse(body={"errcode": 40226, "errmsg": "high risk"}), 403),
    (FakeResponse(body={"errcode": 45011, "errmsg": "api minute-quota reach limit"}), 429),
    (FakeResponse(body={"errcode": -1, "errmsg": "system error"}), 502),
    (FakeResponse(status_code=500, body={}), 502),
    (FakeResponse(text="<html>"), 502),
    (FakeResponse(body={"session_key": "k"}), 502),
    (requests.Timeout("slow"), 502),
    (requests.ConnectionError("down"), 502),
])
def test_real_client_errors_map_to_4xx_or_502(api, wechat_http, response, status):
    _, answer = wechat_http
    answer["response"] = response
    result = api.post("/api/v1/users/login", {"code": "c"}, format="json")
    assert result.status_code == status
    assert result.json()["code"] == status
    assert not User.objects.exists()


def test_suspended_user_cannot_log_in(api, wechat_http, user):
    user.openid, user.is_active = "oWX123", False
    user.save()
    assert api.post("/api/v1/users/login", {"code": "c"}, format="json").status_code == 403
