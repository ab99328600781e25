from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import transaction
from django.db.models import F
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop
from rest_framework_simplejwt.exceptions import TokenError
from rest_framework_simplejwt.tokens import RefreshToken

from accounts.models import User
from accounts.permissions import has_staff_perm, require_perm
from accounts.roles import ROLES
from chat.notices import notice_text
from chat.notify import close_user_sockets
from chat.services import system_notice_send
from common.errors import Conflict, NotAuthenticated, NotFound, PermissionDenied, ValidationFailed
from common.tokens import session_revoke, token_pair

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
    return token_pair(user)


def user_logout(*, refresh: str) -> None:
    """Blacklist a refresh token so it can never be used again, refuse its session's access tokens for new
    sockets, and close the user's sockets."""
    try:
        token = RefreshToken(refresh)
        user_id = token.payload.get("user_id")
        token.blacklist()
    except TokenError as exc:
        raise NotAuthenticated(_("Invalid or expired refresh token."), data={"refresh": [str(exc)]}) from None
    session_revoke(token)
    if user_id is not None:
        close_user_sockets(int(user_id), code=4003)


def user_sessions_revoke(*, user: User, bump: bool = True) -> None:
    """Revoke everything `user` holds (DESIGN §9): older access tokens (token version), every refresh
    token, and open sockets (closed with 4003 after commit). Password changes bump the version in
    `User.set_password`; deactivation passes bump=True."""
    if bump:
        User.objects.filter(pk=user.pk).update(token_version=F("token_version") + 1)
    _blacklist_refresh_tokens(user)
    close_user_sockets(user.pk, code=4003)


@transaction.atomic
def user_password_change(*, user: User, old_password: str, new_password: str) -> dict:
    """`POST users/password`: check the old password, validate and set the new one, revoke every token and
    socket of the user, and answer a fresh token pair for the caller."""
    user = User.objects.select_for_update().get(pk=user.pk)
    if not user.check_password(old_password):
        raise ValidationFailed(_("The old password is wrong."), data={"old_password": [_("Wrong password.")]})
    try:
        validate_password(new_password, user)
    except DjangoValidationError as exc:
        raise ValidationFailed(exc.messages[0], data={"new_password": exc.messages}) from None
    user.set_password(new_password)
    user.save(update_fields=["password", "token_version", "updated_at"])
    user_sessions_revoke(user=user, bump=False)
    return token_pair(user)


# --- Staff side (seed 004 admin functions) ----------------------------------------------------------------

def _user_lock(user_id) -> User:
    try:
        return User.objects.select_for_update().get(pk=user_id)
    except (User.DoesNotExist, ValueError, TypeError):
        raise NotFound(_("User not found.")) from None


@transaction.atomic
def user_suspend(*, user_id: int, actor: User, reason: str = "") -> User:
    """Deactivate a user (user:manage): their tokens stop working and their sockets close."""
    require_perm(actor, "user:manage")
    user = _user_lock(user_id)
    if user.pk == actor.pk:
        raise ValidationFailed(_("You cannot suspend yourself."))
    if user.is_superuser and not actor.is_superuser:
        raise PermissionDenied(_("Only a superuser can suspend a superuser."))
    if user.is_staff and not (actor.is_superuser or has_staff_perm(actor, "role:manage")):
        raise PermissionDenied(_("Suspending a staff account needs the role:manage permission."))
    if not user.is_active:
        raise Conflict(_("This user is already suspended."), data={"is_active": False})
    user.is_active = False
    user.save(update_fields=["is_active", "updated_at"])
    user_sessions_revoke(user=user)
    return user


@transaction.atomic
def user_reinstate(*, user_id: int, actor: User) -> User:
    """Reactivate a suspended user (user:manage) and tell them."""
    require_perm(actor, "user:manage")
    user = _user_lock(user_id)
    if user.is_active:
        raise Conflict(_("This user is not suspended."), data={"is_active": True})
    user.is_active = True
    user.save(update_fields=["is_active", "updated_at"])
    system_notice_send(
        recipient_id=user.pk, content=notice_text(gettext_noop("Your account has been reinstated.")), data={"event": "user_reinstated"}
    )
    return user


def _blacklist_refresh_tokens(user: User) -> None:
    """Make every outstanding refresh token of `user` unusable (access tokens fail on is_active)."""
    from rest_framework_simplejwt.token_blacklist.models import BlacklistedToken, OutstandingToken

    outstanding = OutstandingToken.objects.filter(user=user).exclude(blacklistedtoken__isnull=False)
    BlacklistedToken.objects.bulk_create([BlacklistedToken(token=t) for t in outstanding], ignore_conflicts=True)


@transaction.atomic
def user_roles_set(*, user_id: int, actor: User, roles: list[str]) -> User:
    """Give a user exactly these seed roles (role:manage); any role makes them staff, none takes it away."""
    from django.contrib.auth.models import Group

    require_perm(actor, "role:manage")
    user = _user_lock(user_id)
    unknown = sorted(set(roles) - set(ROLES))
    if unknown:
        raise ValidationFailed(_("Unknown role: %(roles)s") % {"roles": ", ".join(unknown)},
                               data={"roles": [", ".join(unknown)]})
    if user.is_superuser and not actor.is_superuser:
        raise PermissionDenied(_("Only a superuser can change a superuser's roles."))
    current = set(user.groups.filter(name__in=ROLES).values_list("name", flat=True))
    if "super_admin" in (current ^ set(roles)) and not actor.is_superuser:
        # Granting or taking away everything is for superusers only; otherwise role managers could
        # make each other all-powerful.
        raise PermissionDenied(_("Only a superuser can grant or remove super_admin."))
    user.groups.remove(*Group.objects.filter(name__in=current - set(roles)))
    user.groups.add(*Group.objects.filter(name__in=set(roles) - current))
    if not user.is_superuser:
        user.is_staff = bool(roles)
        user.save(update_fields=["is_staff", "updated_at"])
    return user
