"""Underwrites in the admin: photos and problems inline, filters by state and operator, result actions that
call the same services as the API (so the order moves and the buyer is told)."""

from django.contrib import admin, messages
from django.utils.translation import gettext_lazy as _

from accounts.admin_actions import ServiceActionsMixin
from accounts.admin_oplog import OperationLogAdminMixin
from accounts.oplog import staff_operation
from common.errors import ApplicationError
from underwrite import services
from underwrite.admin_desk import PlanTimeFilter, UnderwriteDeskMixin
from underwrite.models import Underwrite, UnderwriteEvent, UnderwritePhoto, UnderwriteProblem
from underwrite.permissions import is_operator, is_reviewer


class ReadOnlyInline(admin.TabularInline):
    """Rows are written by the services (photo checks, update times, events); the admin shows them."""

    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def get_readonly_fields(self, request, obj=None):
        return self.fields


class UnderwritePhotoInline(ReadOnlyInline):
    model = UnderwritePhoto
    fields = ("photo", "file", "content_type", "uploaded_by", "created_at", "deleted")


class UnderwriteProblemInline(ReadOnlyInline):
    model = UnderwriteProblem
    fields = ("type", "description", "created_at", "deleted")


class UnderwriteEventInline(ReadOnlyInline):
    model = UnderwriteEvent
    fields = ("occurred_at", "type", "actor", "from_state", "to_state", "data")


def _record_result(modeladmin, request, queryset, result):
    done = 0
    for underwrite in queryset:
        submit = underwrite.state == Underwrite.S.INSPECTED
        operation = "underwrite:submit_result" if submit else "underwrite:alter_result"
        try:
            with staff_operation(actor=request.user, request=request, operation=operation, target=underwrite,
                                 params={"result": result}):
                if submit:
                    services.underwrite_submit_result(actor=request.user, underwrite_id=underwrite.pk,
                                                      result=result)
                else:
                    # The admin shows the stored row, so its update time is the one this staff member has seen.
                    services.underwrite_alter_result(
                        actor=request.user, underwrite_id=underwrite.pk, result=result,
                        last_seen=underwrite.result_update_time,
                    )
            done += 1
        except ApplicationError as exc:
            modeladmin.message_user(request, f"{underwrite.order.order_no}: {exc.message}", messages.ERROR)
    if done:
        modeladmin.message_user(
            request, _("%(count)d underwrite(s) recorded as %(result)s.") % {"count": done, "result": result},
            messages.SUCCESS,
        )


@admin.action(description=_("Record result: passed"))
def mark_passed(modeladmin, request, queryset):
    _record_result(modeladmin, request, queryset, Underwrite.Result.PASSED)


@admin.action(description=_("Record result: failed"))
def mark_failed(modeladmin, request, queryset):
    _record_result(modeladmin, request, queryset, Underwrite.Result.FAILED)


@admin.action(description=_("Delete (hide) the selected underwrites"))
def soft_delete(modeladmin, request, queryset):
    for underwrite in queryset:
        try:
            with staff_operation(actor=request.user, request=request, operation="underwrite:delete",
                                 target=underwrite):
                services.underwrite_soft_delete(actor=request.user, underwrite_id=underwrite.pk)
        except ApplicationError as exc:
            modeladmin.message_user(request, f"{underwrite.order.order_no}: {exc.message}", messages.ERROR)


mark_passed.rbac_permission = mark_failed.rbac_permission = is_reviewer
soft_delete.rbac_permission = is_operator


@admin.register(Underwrite)
class UnderwriteAdmin(OperationLogAdminMixin, ServiceActionsMixin, UnderwriteDeskMixin, admin.ModelAdmin):
    list_display = ("order", "desk_link", "state", "operator", "plan_time", "validate_place", "underwrite_result",
                    "updated_at", "deleted")
    list_filter = (PlanTimeFilter, "state", "validate_place", "operator", "deleted", "certificate_state")
    search_fields = ("order__order_no", "validate_place", "real_place")
    list_select_related = ("order", "operator")
    date_hierarchy = "plan_time"
    ordering = ("plan_time", "pk")
    inlines = (UnderwriteProblemInline, UnderwritePhotoInline, UnderwriteEventInline)
    actions = (mark_passed, mark_failed, soft_delete)

    # Every change goes through the services (state machine, stale-write times, the order, the buyer's
    # notice): the change page is a read-only view and the result actions are the way to act.
    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return obj is None and super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        return False
