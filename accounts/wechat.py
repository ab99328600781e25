"""Seed 004 §2.1 `POST users/login {code}`: WeChat login → {token, user}."""

from django.db import IntegrityError, transaction
from django.urls import path
from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.throttling import ScopedRateThrottle
from rest_framework.views import APIView

from accounts.models import User
from accounts.services import tokens_for_user
from accounts.wechat_client import wechat_provider
from common.errors import PermissionDenied


def _user_for_openid(openid: str) -> User:
    user = User.objects.filter(openid=openid).first()
    if user is not None:
        return user
    try:
        with transaction.atomic():
            user = User(username=f"wx_{openid}"[:150], openid=openid, nickname=_("WeChat user"))
            user.set_unusable_password()
            user.save()
            return user
    except IntegrityError:
        # Two first logins with the same openid at once: the other one created the user.
        return User.objects.get(openid=openid)


def user_login_wechat(*, code: str) -> tuple[User, dict]:
    """Log in with a WeChat login code: find or create the user of its openid and issue tokens.

    (A service kept beside its API: this module is the WeChat area of accounts.)"""
    session = wechat_provider().code2session(code)
    user = _user_for_openid(session.openid)
    if not user.is_active:
        raise PermissionDenied(_("This account is suspended."))
    return user, tokens_for_user(user)


class WeChatUserOutput(serializers.ModelSerializer):
    class Meta:
        model = User
        fields = ("id", "openid", "nickname", "avatar", "username")
        read_only_fields = fields


class WeChatLoginApi(APIView):
    permission_classes = [AllowAny]
    authentication_classes = []
    throttle_classes = [ScopedRateThrottle]
    throttle_scope = "auth"

    class Input(serializers.Serializer):
        code = serializers.CharField(max_length=256)

    class Output(serializers.Serializer):
        token = serializers.CharField(help_text="Access JWT (send as `Authorization: Bearer <token>`).")
        refresh = serializers.CharField()
        user = WeChatUserOutput()

    @extend_schema(request=Input, responses={200: Output})
    def post(self, request):
        data = self.Input(data=request.data)
        data.is_valid(raise_exception=True)
        user, tokens = user_login_wechat(code=data.validated_data["code"])
        return Response({"token": tokens["access"], "refresh": tokens["refresh"], "user": WeChatUserOutput(user).data})


urlpatterns = [
    path("users/login", WeChatLoginApi.as_view(), name="users-login"),
]
