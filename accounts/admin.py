from axes.admin import AccessAttemptAdmin
from django.contrib import admin
from django.contrib.auth.admin import GroupAdmin as BaseGroupAdmin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.contrib.auth.models import Group
from django.utils.translation import gettext_lazy as _

from accounts import services
from accounts.admin_actions import run_service_action
from accounts.admin_oplog import REFUSAL, OperationLogAdminMixin, form_errors_text, logged_view
from accounts.models import OperationLog, PermissionProfile, RoleProfile, User
from accounts.oplog import staff_operation
from accounts.permissions import RBACAdminMixin, has_staff_perm
from accounts.staff_api import operation_log_csv_response


@admin.register(User)
class UserAdmin(OperationLogAdminMixin, RBACAdminMixin, BaseUserAdmin):
    rbac_view = "user:manage"
    rbac_change = "user:manage"
    log_target_type = "user"
    list_display = ("id", "username", "nickname", "email", "phone", "is_staff", "is_active", "date_joined")
    list_filter = ("is_staff", "is_superuser", "is_active", "groups", "gender")
    search_fields = ("username", "nickname", "email", "phone", "openid")
    date_hierarchy = "date_joined"
    fieldsets = BaseUserAdmin.fieldsets + (
        (_("Profile"), {"fields": ("nickname", "avatar", "gender", "birthday", "phone", "openid")}),
    )
    actions = ["suspend_users", "reinstate_users"]

    def has_change_permission(self, request, obj=None):
        if not super().has_change_permission(request, obj):
            return False
        if obj is None or request.user.is_superuser:
            return True
        # user:manage covers members, not the people above them: changing a superuser (its password, say)
        # would be a way up, and other staff accounts belong to role management.
        if obj.is_superuser:
            return False
        return not obj.is_staff or has_staff_perm(request.user, "role:manage")

    def get_readonly_fields(self, request, obj=None):
        readonly = list(super().get_readonly_fields(request, obj))
        # Roles and superpowers are role management (role:manage), not user management.
        if not has_staff_perm(request.user, "role:manage") and not request.user.is_superuser:
            readonly += ["is_staff", "is_superuser", "groups", "user_permissions"]
        if not request.user.is_superuser:
            readonly += ["is_active"]  # through the suspend/reinstate actions, which close sockets
        return readonly

    def has_manage_permission(self, request):
        return has_staff_perm(request.user, "user:manage")

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        # Unticking "active" (or setting a password in the add form) revokes tokens and closes sockets.
        if change and "is_active" in form.changed_data and not obj.is_active:
            services.user_sessions_revoke(user=obj)

    def user_change_password(self, request, id, form_url=""):
        if request.method != "POST":
            return super().user_change_password(request, id, form_url)
        return logged_view(request, operation="user:password_change", target_type="user", target_id=id,
                           view=lambda: self._password_change(request, id, form_url))

    def _password_change(self, request, id, form_url):
        response = super().user_change_password(request, id, form_url)
        form = (getattr(response, "context_data", None) or {}).get("form")
        if form is not None and form.errors:  # the form shown again: nothing was set
            setattr(request, REFUSAL, form_errors_text(form))
        else:
            services.user_sessions_revoke(user=self.get_object(request, id), bump=False)
        return response

    @admin.action(description=_("Suspend the selected users"), permissions=["manage"])
    def suspend_users(self, request, queryset):
        run_service_action(self, request, queryset,
                           lambda u: services.user_suspend(user_id=u.pk, actor=request.user),
                           _("Suspended %(count)d user(s)."), operation="user:suspend")

    @admin.action(description=_("Reinstate the selected users"), permissions=["manage"])
    def reinstate_users(self, request, queryset):
        run_service_action(self, request, queryset,
                           lambda u: services.user_reinstate(user_id=u.pk, actor=request.user),
                           _("Reinstated %(count)d user(s)."), operation="user:reinstate")


class RoleProfileInline(admin.StackedInline):
    model = RoleProfile
    can_delete = False
    fields = ("description",)


admin.site.unregister(Group)


@admin.register(Group)
class RoleAdmin(OperationLogAdminMixin, RBACAdminMixin, BaseGroupAdmin):
    """Roles are groups (seed 004 `roles`); managing them needs role:manage."""

    rbac_view = rbac_change = rbac_add = rbac_delete = "role:manage"
    log_target_type = "role"
    inlines = [RoleProfileInline]
    list_display = ("name", "description")

    @admin.display(description=_("description"))
    def description(self, obj):
        profile = getattr(obj, "profile", None)
        return profile.description if profile else ""

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("profile")


@admin.register(PermissionProfile)
class PermissionProfileAdmin(OperationLogAdminMixin, RBACAdminMixin, admin.ModelAdmin):
    """The seed's permission list (module, description), read-only: `sync_roles` owns it."""

    rbac_view = "permission:manage"
    rbac_change = rbac_add = rbac_delete = False
    list_display = ("codename", "module", "description")
    list_filter = ("module",)
    search_fields = ("permission__codename", "description")

    @admin.display(description=_("permission"), ordering="permission__codename")
    def codename(self, obj):
        return obj.permission.codename

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("permission")


@admin.register(OperationLog)
class OperationLogAdmin(OperationLogAdminMixin, RBACAdminMixin, admin.ModelAdmin):
    """Append-only: nobody adds, edits or deletes rows here, not even a superuser."""

    rbac_view = "data:view"
    rbac_change = rbac_add = rbac_delete = False
    log_target_type = "operation_log"
    list_display = ("created_at", "admin_name", "module", "operation", "target_type", "target_id", "request_method",
                    "status", "execution_time", "ip_address")
    list_filter = ("status", "module", "request_method", "target_type", "created_at")
    search_fields = ("admin_name", "operation", "target_id", "request_url", "ip_address")
    date_hierarchy = "created_at"
    list_select_related = False
    show_full_result_count = False  # counting a huge log on every page load is wasted work
    actions = ["export_csv"]
    readonly_fields = [f.name for f in OperationLog._meta.fields]

    def has_export_permission(self, request):
        return has_staff_perm(request.user, "data:export")

    @admin.action(description=_("Export the selected rows as CSV"), permissions=["export"])
    def export_csv(self, request, queryset):
        with staff_operation(actor=request.user, request=request, operation="data:export",
                             target_type="operation_log"):
            return operation_log_csv_response(queryset.order_by("-created_at", "-id"))


SYSTEM_CONFIG = {"rbac_view": "system:config", "rbac_change": "system:config", "rbac_add": "system:config",
                 "rbac_delete": "system:config", "log_target_type": "system"}


@admin.action(description=AccessAttemptAdmin.cleanup_expired_attempts.short_description)
def axes_cleanup_expired_attempts(modeladmin, request, queryset):
    """axes' own action reads `request.axes_attempt_time`, which axes sets only on a login request (500 in the
    admin): the cool-off is counted back from now."""
    request.axes_attempt_time = None
    return AccessAttemptAdmin.cleanup_expired_attempts(modeladmin, request, queryset)


# Admins of apps below accounts (or third-party ones) get their RBAC gate here: periodic jobs (django-celery-
# beat), login lockouts (axes) and issued tokens (simplejwt's blacklist) are system configuration
# (super_admin); chat is read only by order:view (admin, super_admin: DESIGN §9).
RBAC_GATES = {
    "django_celery_beat": SYSTEM_CONFIG,
    "axes": {**SYSTEM_CONFIG, "cleanup_expired_attempts": axes_cleanup_expired_attempts},
    "token_blacklist": SYSTEM_CONFIG,
    "chat": {"rbac_view": "order:view", "rbac_change": False, "rbac_add": False, "rbac_delete": False},
}


def _log_and_gate_other_apps() -> None:
    """The admins registered before this app (chat's messages; the libraries' tokens, login lockouts and
    periodic jobs) log their form saves, deletions and actions too, and take their gate from RBAC_GATES."""
    for model, model_admin in list(admin.site._registry.items()):
        if isinstance(model_admin, OperationLogAdminMixin):
            continue
        attrs, bases = {"log_whole_actions": True}, (OperationLogAdminMixin, type(model_admin))
        gate = RBAC_GATES.get(model._meta.app_label)
        if gate is not None and not isinstance(model_admin, RBACAdminMixin):
            bases = (OperationLogAdminMixin, RBACAdminMixin, type(model_admin))
            attrs.update(gate)
        admin.site.unregister(model)
        admin.site.register(model, type(f"Logged{type(model_admin).__name__}", bases, attrs))


_log_and_gate_other_apps()
