"""RBAC checks (seed 004 roles → permissions, DESIGN §8) for services, DRF views and the admin."""

from django.utils.translation import gettext as _
from rest_framework.permissions import BasePermission

from common.errors import NotAuthenticated, PermissionDenied

APP_LABEL = "accounts"


def has_staff_perm(user, codename: str) -> bool:
    """True if `user` is active staff holding `codename` (e.g. "data:export") through a role or directly."""
    if user is None or not getattr(user, "is_authenticated", False) or not user.is_active or not user.is_staff:
        return False
    return user.has_perm(f"{APP_LABEL}.{codename}")


def require_perm(user, codename: str) -> None:
    """Raise 401/403 unless `user` is active staff with `codename`; services call this for every staff write."""
    if user is None or not getattr(user, "is_authenticated", False):
        raise NotAuthenticated()
    if not has_staff_perm(user, codename):
        raise PermissionDenied(
            _("You need the %(permission)s permission to do this.") % {"permission": codename},
            data={"permission": codename},
        )


class HasPermission(BasePermission):
    """`permission_classes = [HasPermission("data:export")]`: anonymous → 401, everyone else without the
    permission (plain users, staff without the role) → 403."""

    def __init__(self, codename: str):
        self.codename = codename

    def __call__(self):
        # DRF instantiates each entry of permission_classes; an instance stands in for its own class.
        return self

    def has_permission(self, request, view):
        require_perm(request.user, self.codename)
        return True


class RBACAdminMixin:
    """ModelAdmin permissions from RBAC codenames: `rbac_view = "merchant:review"` grants the changelist,
    `rbac_change`, `rbac_add`, `rbac_delete` likewise; `False` forbids it for everyone (append-only tables);
    None keeps Django's model permissions. Superusers pass through Django's defaults."""

    rbac_view: str | bool | None = None
    rbac_change: str | bool | None = None
    rbac_add: str | bool | None = None
    rbac_delete: str | bool | None = None

    def _rbac(self, request, codename, default) -> bool:
        if codename is False:
            return False
        if codename and has_staff_perm(request.user, codename):
            return True
        return default()

    def has_view_permission(self, request, obj=None):
        return self._rbac(request, self.rbac_view, lambda: super(RBACAdminMixin, self).has_view_permission(request, obj))

    def has_change_permission(self, request, obj=None):
        return self._rbac(request, self.rbac_change,
                          lambda: super(RBACAdminMixin, self).has_change_permission(request, obj))

    def has_add_permission(self, request, *args):
        return self._rbac(request, self.rbac_add, lambda: super(RBACAdminMixin, self).has_add_permission(request, *args))

    def has_delete_permission(self, request, obj=None):
        return self._rbac(request, self.rbac_delete,
                          lambda: super(RBACAdminMixin, self).has_delete_permission(request, obj))

    def has_module_permission(self, request):
        # RBAC permissions live on accounts.user, so Django's per-app check would hide marketplace pages.
        return self.has_view_permission(request) or super().has_module_permission(request)


def has_any_staff_perm(user, *codenames: str) -> bool:
    """True if `user` holds at least one of `codenames` (e.g. either underwrite role's right)."""
    return any(has_staff_perm(user, codename) for codename in codenames)


# Underwrite staff read plan orders (to schedule and inspect them) and nothing else of orders (DESIGN §9).
UNDERWRITE_PERMS = ("underwrite:operate", "underwrite:review")


def reads_plan_orders(user) -> bool:
    return has_any_staff_perm(user, "order:view", *UNDERWRITE_PERMS)
