"""JWT tokens that a password change, deactivation or logout can revoke (DESIGN §9 "Passwords and sessions").

Every token carries `tv`, the user's `token_version` when it was issued, and `sid`, one login's session id
(kept through refresh rotations). Raising `token_version` refuses every access token issued before it (the
authentication class and the socket compare it with the user's); logout refuses its `sid` for new sockets.
Lives in `common` so the socket (chat) and the API (accounts) check tokens the same way."""

import logging
import uuid

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.cache import cache
from django.utils.translation import gettext as _
from drf_spectacular.contrib.rest_framework_simplejwt import SimpleJWTScheme
from rest_framework.exceptions import AuthenticationFailed
from rest_framework_simplejwt.authentication import JWTAuthentication
from rest_framework_simplejwt.exceptions import TokenError
from rest_framework_simplejwt.serializers import TokenRefreshSerializer
from rest_framework_simplejwt.tokens import AccessToken, RefreshToken

logger = logging.getLogger(__name__)


def token_pair(user) -> dict:
    """A fresh refresh + access pair for `user`, stamped with its token version and a new session id."""
    refresh = RefreshToken.for_user(user)
    refresh["tv"] = user.token_version
    refresh["sid"] = uuid.uuid4().hex
    return {"access": str(refresh.access_token), "refresh": str(refresh)}


def token_is_current(token, user) -> bool:
    return user is not None and user.is_active and int(token.get("tv", 0)) == user.token_version


def _sid_key(sid: str) -> str:
    return f"revoked-sid:{sid}"


def session_revoke(token) -> None:
    """Refuse `token`'s session (`sid`) for new sockets for as long as its access tokens live (logout)."""
    sid = token.get("sid")
    if sid:
        cache.set(_sid_key(str(sid)), 1, int(settings.SIMPLE_JWT["ACCESS_TOKEN_LIFETIME"].total_seconds()) + 60)


def session_revoked(token) -> bool:
    sid = token.get("sid")
    return bool(sid) and bool(cache.get(_sid_key(str(sid))))


def access_token_user(raw: str):
    """The active user an access token belongs to, or None if the token is invalid, expired, issued before
    the user's last password change/deactivation, or its session was logged out (the socket's check)."""
    try:
        token = AccessToken(raw)
        user_id = token["user_id"]
    except (TokenError, KeyError):
        return None
    user = get_user_model().objects.filter(pk=user_id).first()
    if not token_is_current(token, user) or session_revoked(token):
        return None
    return user


class VersionedJWTAuthentication(JWTAuthentication):
    """simplejwt's authentication plus the token-version check (one query, the one simplejwt makes)."""

    def get_user(self, validated_token):
        user = super().get_user(validated_token)
        if int(validated_token.get("tv", 0)) != user.token_version:
            raise AuthenticationFailed(_("This token has been revoked."), code="token_revoked")
        return user


class VersionedTokenRefreshSerializer(TokenRefreshSerializer):
    """Refresh refuses a refresh token issued before the user's last password change or deactivation."""

    def validate(self, attrs):
        token = RefreshToken(attrs["refresh"])  # raises TokenError when invalid, expired or blacklisted
        user = get_user_model().objects.filter(pk=token.get("user_id")).first()
        if not token_is_current(token, user):
            raise TokenError(_("This token has been revoked."))
        return super().validate(attrs)


class VersionedJWTScheme(SimpleJWTScheme):
    """The OpenAPI description of the authentication class above: simplejwt's Bearer scheme."""

    target_class = "common.tokens.VersionedJWTAuthentication"
