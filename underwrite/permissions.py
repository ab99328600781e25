"""Who may do what with an underwrite (DESIGN §8 "Underwrite stale writes"; groups by name, created by the
staff issue's data migration)."""

from django.utils.translation import gettext_lazy as _

from accounts.permissions import has_staff_perm
from common.errors import PermissionDenied

OPERATOR_GROUP = "underwrite_operator"
REVIEWER_GROUP = "underwrite_reviewer"
GROUP_PERMISSIONS = {OPERATOR_GROUP: "underwrite:operate", REVIEWER_GROUP: "underwrite:review"}


def _in_group(user, name: str) -> bool:
    if user is None or not user.is_authenticated or not user.is_active:
        return False
    if user.is_superuser or has_staff_perm(user, GROUP_PERMISSIONS[name]):  # super_admin holds every right
        return True
    # Cached per user object: a request checks the same membership several times.
    cache = user.__dict__.setdefault("_underwrite_groups", {})
    if name not in cache:
        cache[name] = user.groups.filter(name=name).exists()
    return cache[name]


def is_operator(user) -> bool:
    """Operators schedule, fill, upload photos, and edit notes and places."""
    return _in_group(user, OPERATOR_GROUP)


def is_reviewer(user) -> bool:
    """Reviewers submit and alter results."""
    return _in_group(user, REVIEWER_GROUP)


def is_underwrite_staff(user) -> bool:
    return is_operator(user) or is_reviewer(user)


def can_read(user, *, buyer_id: int) -> bool:
    """Staff of underwriting read every underwrite; a buyer reads only their own order's."""
    return bool(user and user.is_authenticated) and (user.pk == buyer_id or is_underwrite_staff(user))


def require_operator(user) -> None:
    if not is_operator(user):
        raise PermissionDenied(_("Only underwrite operators may do this."))


def require_reviewer(user) -> None:
    if not is_reviewer(user):
        raise PermissionDenied(_("Only underwrite reviewers may do this."))
