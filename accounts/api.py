"""Auth and profile API: register, JWT token/refresh/logout, users/profile (seed 004)."""

from django.contrib.auth import authenticate
from django.urls import path
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status
from rest_framework.permissions import AllowAny, IsAuthenticated
from rest_framework.response import Response
from rest_framework.throttling import ScopedRateThrottle
from rest_framework.views import APIView
from rest_framework_simplejwt.exceptions import TokenError

from accounts import services
from accounts.lockout import login_succeeded
from accounts.models import User
from common.api import NULL_DATA
from common.errors import NotAuthenticated, RateLimited, ValidationFailed
from common.tokens import VersionedTokenRefreshSerializer


class UserOutput(serializers.ModelSerializer):
    class Meta:
        model = User
        fields = ("id", "username", "nickname", "avatar", "openid")
        read_only_fields = fields


class ProfileOutput(serializers.ModelSerializer):
    # Declared so the schema allows the blank "not given" value (read-only model fields lose allow_blank).
    gender = serializers.ChoiceField(choices=User.Gender.choices, allow_blank=True, read_only=True)

    class Meta:
        model = User
        fields = ("id", "username", "openid", "nickname", "avatar", "gender", "birthday", "phone", "email")
        read_only_fields = fields


class AuthOutput(serializers.Serializer):
    access = serializers.CharField()
    refresh = serializers.CharField()
    user = UserOutput()


def new_password_field():
    """A new password with the rules AUTH_PASSWORD_VALIDATORS enforce that a schema can say: at least 8
    characters, not all digits (similarity to the account and common passwords are checked after)."""
    return serializers.RegexField(r"\D", min_length=8, max_length=128, trim_whitespace=False,
                                  error_messages={"invalid": gettext_lazy("This password is entirely numeric.")})


class AuthThrottled:
    throttle_classes = [ScopedRateThrottle]
    throttle_scope = "auth"


class RegisterApi(AuthThrottled, APIView):
    permission_classes = [AllowAny]
    authentication_classes = []

    class Input(serializers.Serializer):
        username = serializers.RegexField(r"^[\w.@+-]{3,150}$")
        password = new_password_field()
        email = serializers.EmailField(required=False, allow_blank=True, allow_null=True)
        nickname = serializers.CharField(required=False, allow_blank=True, max_length=50)

    @extend_schema(request=Input, responses={201: AuthOutput})
    def post(self, request):
        data = self.Input(data=request.data)
        data.is_valid(raise_exception=True)
        user = services.user_register(**data.validated_data)
        body = {**services.tokens_for_user(user), "user": UserOutput(user).data}
        return Response(body, status=status.HTTP_201_CREATED)


class TokenApi(AuthThrottled, APIView):
    permission_classes = [AllowAny]
    authentication_classes = []

    class Input(serializers.Serializer):
        username = serializers.CharField(max_length=150)
        password = serializers.CharField(max_length=128, trim_whitespace=False)

    @extend_schema(request=Input, responses={200: AuthOutput})
    def post(self, request):
        data = self.Input(data=request.data)
        data.is_valid(raise_exception=True)
        # Seed 004 security design: repeated failures lock the account name for a while (django-axes, the
        # same lockout as the admin and the site's login; the `auth` throttle limits each address too).
        user = authenticate(request._request, **data.validated_data)
        if getattr(request._request, "axes_locked_out", False):
            raise RateLimited(_("Too many failed logins; try again later."))
        if user is None or not user.is_active:
            raise NotAuthenticated(_("Wrong username or password."))
        login_succeeded(request._request, user)
        return Response({**services.tokens_for_user(user), "user": UserOutput(user).data})


class RefreshApi(AuthThrottled, APIView):
    permission_classes = [AllowAny]
    authentication_classes = []

    class Input(serializers.Serializer):
        refresh = serializers.CharField()

    class Output(serializers.Serializer):
        access = serializers.CharField()
        refresh = serializers.CharField(required=False)

    @extend_schema(request=Input, responses={200: Output})
    def post(self, request):
        self.Input(data=request.data).is_valid(raise_exception=True)
        serializer = VersionedTokenRefreshSerializer(data={"refresh": request.data.get("refresh")})
        try:
            serializer.is_valid(raise_exception=True)
        except TokenError as exc:
            raise NotAuthenticated(_("Invalid or expired refresh token.")) from exc
        except serializers.ValidationError as exc:
            raise ValidationFailed(_("Invalid refresh token."), data=exc.detail) from exc
        return Response(serializer.validated_data)


class LogoutApi(APIView):
    permission_classes = [AllowAny]
    authentication_classes = []

    class Input(serializers.Serializer):
        refresh = serializers.CharField()

    @extend_schema(request=Input, responses={200: NULL_DATA})
    def post(self, request):
        data = self.Input(data=request.data)
        data.is_valid(raise_exception=True)
        services.user_logout(refresh=data.validated_data["refresh"])
        return Response(None)


class PasswordApi(AuthThrottled, APIView):
    """`POST users/password`: every other token and socket of the user is revoked; the answer is a new pair."""

    permission_classes = [IsAuthenticated]

    class Input(serializers.Serializer):
        old_password = serializers.CharField(max_length=128, trim_whitespace=False)
        new_password = new_password_field()

    class Output(serializers.Serializer):
        access = serializers.CharField()
        refresh = serializers.CharField()

    @extend_schema(request=Input, responses={200: Output})
    def post(self, request):
        data = self.Input(data=request.data)
        data.is_valid(raise_exception=True)
        return Response(services.user_password_change(user=request.user, **data.validated_data))


class ProfileApi(APIView):
    permission_classes = [IsAuthenticated]

    class Input(serializers.Serializer):
        nickname = serializers.CharField(required=False, allow_blank=True, max_length=50)
        avatar = serializers.CharField(required=False, allow_blank=True, max_length=255)
        gender = serializers.ChoiceField(choices=User.Gender.choices, required=False, allow_blank=True)
        birthday = serializers.DateField(required=False, allow_null=True)
        phone = serializers.RegexField(r"^\+?[0-9-]{5,20}$", required=False, allow_blank=True, allow_null=True)
        email = serializers.EmailField(required=False, allow_blank=True, allow_null=True)

    @extend_schema(responses={200: ProfileOutput})
    def get(self, request):
        return Response(ProfileOutput(request.user).data)

    @extend_schema(request=Input, responses={200: ProfileOutput})
    def put(self, request):
        data = self.Input(data=request.data, partial=True)
        data.is_valid(raise_exception=True)
        user = services.user_profile_update(user=request.user, data=data.validated_data)
        return Response(ProfileOutput(user).data)


urlpatterns = [
    path("auth/register", RegisterApi.as_view(), name="auth-register"),
    path("auth/token", TokenApi.as_view(), name="auth-token"),
    path("auth/token/refresh", RefreshApi.as_view(), name="auth-token-refresh"),
    path("auth/logout", LogoutApi.as_view(), name="auth-logout"),
    path("users/profile", ProfileApi.as_view(), name="users-profile"),
    path("users/password", PasswordApi.as_view(), name="users-password"),
]
