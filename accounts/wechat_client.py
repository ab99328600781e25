"""WeChat mini-program login (seed 004 `POST users/login {code}`): exchange a login `code` for an openid.

`Code2SessionClient` calls WeChat's real `jscode2session` endpoint; it is used when `WECHAT_APP_ID` and
`WECHAT_APP_SECRET` are configured (Django settings or the environment). Otherwise
`DevelopmentWeChatProvider` answers: it never talks to WeChat, derives a stable openid from the code
(the same code → the same openid), and exists so that development and demos work without credentials.
"""

import hashlib
import hmac
import logging
import os
from dataclasses import dataclass

import requests
from django.conf import settings
from django.utils.translation import gettext as _

from common.errors import BadGateway, NotAuthenticated, PermissionDenied, RateLimited, ValidationFailed

logger = logging.getLogger(__name__)

CODE2SESSION_URL = "https://api.weixin.qq.com/sns/jscode2session"
DEFAULT_TIMEOUT_SECONDS = 5.0

# WeChat's documented jscode2session error codes → our error family.
_INVALID_CODE = {40029, 40163}  # invalid code / code already used
_BLOCKED = {40226}  # high-risk user blocked by WeChat
_RATE_LIMITED = {45011}


@dataclass(frozen=True)
class WeChatSession:
    openid: str
    unionid: str = ""
    session_key: str = ""


def _setting(name: str, default: str = "") -> str:
    return str(getattr(settings, name, "") or os.environ.get(name, default))


class Code2SessionClient:
    """The real client: GET jscode2session with app id, secret and the code; JSON answer."""

    name = "wechat"

    def __init__(self, *, app_id: str, secret: str, timeout: float = DEFAULT_TIMEOUT_SECONDS,
                 url: str = CODE2SESSION_URL):
        self.app_id, self.secret, self.timeout, self.url = app_id, secret, timeout, url

    def _get(self, params: dict) -> requests.Response:
        """The HTTP boundary (tests replace only this)."""
        return requests.get(self.url, params=params, timeout=self.timeout)

    def code2session(self, code: str) -> WeChatSession:
        params = {"appid": self.app_id, "secret": self.secret, "js_code": code, "grant_type": "authorization_code"}
        try:
            response = self._get(params)
        except requests.Timeout:
            raise BadGateway(_("WeChat did not answer in time.")) from None
        except requests.RequestException as exc:
            logger.warning("WeChat code2session request failed: %s", exc)
            raise BadGateway(_("WeChat could not be reached.")) from None
        if response.status_code != 200:
            raise BadGateway(_("WeChat answered with HTTP %(status)s.") % {"status": response.status_code})
        try:
            body = response.json()
        except ValueError:
            raise BadGateway(_("WeChat sent an unreadable answer.")) from None
        if not isinstance(body, dict):
            raise BadGateway(_("WeChat sent an unreadable answer."))
        errcode = body.get("errcode") or 0
        if errcode in _INVALID_CODE:
            raise NotAuthenticated(_("The WeChat login code is invalid or has been used."))
        if errcode in _BLOCKED:
            raise PermissionDenied(_("WeChat refused this login."))
        if errcode in _RATE_LIMITED:
            raise RateLimited(_("Too many WeChat logins; try again shortly."))
        if errcode:
            logger.warning("WeChat code2session error %s: %s", errcode, body.get("errmsg"))
            raise BadGateway(_("WeChat login failed (error %(code)s).") % {"code": errcode})
        openid = body.get("openid")
        if not openid or not isinstance(openid, str) or len(openid) > 64:
            raise BadGateway(_("WeChat sent no openid."))
        return WeChatSession(openid=openid, unionid=body.get("unionid") or "", session_key=body.get("session_key") or "")


class DevelopmentWeChatProvider:
    """Development stand-in for WeChat (no credentials configured): any non-empty code logs in, the same
    code always gives the same openid. Never used when WECHAT_APP_ID/WECHAT_APP_SECRET are set."""

    name = "development"

    def code2session(self, code: str) -> WeChatSession:
        if not code:
            raise ValidationFailed(_("A login code is required."), data={"code": [_("This field is required.")]})
        digest = hmac.new(settings.SECRET_KEY.encode(), f"wechat-dev:{code}".encode(), hashlib.sha256).hexdigest()
        return WeChatSession(openid=f"dev_{digest[:28]}")


def wechat_provider() -> Code2SessionClient | DevelopmentWeChatProvider:
    """The real client when configured, the development provider otherwise."""
    app_id, secret = _setting("WECHAT_APP_ID"), _setting("WECHAT_APP_SECRET")
    if app_id and secret:
        timeout = float(_setting("WECHAT_HTTP_TIMEOUT", str(DEFAULT_TIMEOUT_SECONDS)))
        return Code2SessionClient(app_id=app_id, secret=secret, timeout=timeout)
    return DevelopmentWeChatProvider()
