from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from rest_framework_simplejwt.exceptions import TokenError
from rest_framework_simplejwt.tokens import RefreshToken

from accounts.models import User
from common.errors import ValidationFailed

PROFILE_FIELDS = ("nickname", "avatar", "gender", "birthday", "phone", "email")


def _check_unique(*, field: str, value, exclude_id=None) -> None:
    if value in (None, ""):
        return
    qs = User.objects.filter(**{field: value})
    if exclude_id is not None:
        qs = qs.exclude(pk=exclude_id)
    if qs.exists():
        raise ValidationFailed(_("This %(field)s is already in use.") % {"field": field}, data={field: [_("Already in use.")]})


@transaction.atomic
def user_register(*, username: str, password: str, email: str | None = None, nickname: str = "") -> User:
    """Create a user with a validated, strongly hashed password."""
    if User.objects.filter(username__iexact=username).exists():
        raise ValidationFailed(_("This username is taken."), data={"username": [_("Already in use.")]})
    _check_unique(field="email", value=email)
    user = User(username=username, email=email or None, nickname=nickname or "")
    try:
        validate_password(password, user)
    except DjangoValidationError as exc:
        raise ValidationFailed(exc.messages[0], data={"password": exc.messages}) from None
    user.set_password(password)
    user.save()
    return user


@transaction.atomic
def user_profile_update(*, user: User, data: dict) -> User:
    """Update the seed-004 profile fields of `user` (only the keys present in `data`)."""
    user = User.objects.select_for_update().get(pk=user.pk)
    for field in ("phone", "email"):
        if field in data:
            _check_unique(field=field, value=data[field], exclude_id=user.pk)
    for field in PROFILE_FIELDS:
        if field in data:
            setattr(user, field, data[field])
    user.save()
    return user


def tokens_for_user(user: User) -> dict:
    refresh = RefreshToken.for_user(user)
    return {"access": str(refresh.access_token), "refresh": str(refresh)}


def user_logout(*, refresh: str) -> None:
    """Blacklist a refresh token so it can never be used again, and close the user's sockets."""
    try:
        token = RefreshToken(refresh)
        user_id = token.payload.get("user_id")
        token.blacklist()
    except TokenError as exc:
        raise ValidationFailed(_("Invalid or expired refresh token."), data={"refresh": [str(exc)]}) from None
    if user_id is not None:
        from chat.notify import close_user_sockets

        close_user_sockets(int(user_id), code=4003)
