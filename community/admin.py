"""Admin for animals, claims, updates, activities, and registrations. State changes go through
the same services as the API (admin actions), never through a form field."""

from django.contrib import admin, messages
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from accounts.admin_actions import ServiceActionsMixin, run_each_logged, service_action
from accounts.admin_oplog import OperationLogAdminMixin
from accounts.permissions import RBACAdminMixin, require_perm
from community.models import (
    Activity,
    ActivityEvent,
    ActivityRegistration,
    Animal,
    AnimalClaim,
    AnimalEvent,
    AnimalUpdate,
)
from community.services import animals as animal_services

COMMUNITY_MANAGE = "community:manage"


def _rows_changed(n: int) -> str:
    return ngettext("%(n)d row changed.", "%(n)d rows changed.", n) % {"n": n}


class AnimalEventInline(admin.TabularInline):
    model = AnimalEvent
    extra = 0
    can_delete = False
    fields = ("occurred_at", "type", "from_state", "to_state", "reason", "actor", "claim")
    readonly_fields = fields

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Animal)
class AnimalAdmin(OperationLogAdminMixin, admin.ModelAdmin):
    list_display = ("id", "name", "species", "merchant", "price", "status", "created_at")
    list_filter = ("status", "species")
    search_fields = ("name", "species", "breed", "merchant__business_name")
    list_select_related = ("merchant",)
    readonly_fields = ("status", "created_at", "updated_at")
    raw_id_fields = ("merchant",)
    inlines = [AnimalEventInline]
    actions = ("mark_unavailable", "mark_available")

    @admin.action(description=_("Mark unavailable"))
    def mark_unavailable(self, request, queryset):
        run_each_logged(self, request, queryset, lambda animal: animal_services.animal_set_availability(
            animal_id=animal.pk, actor=request.user, available=False), operation="community:mark_unavailable",
            done_message=_rows_changed, level=messages.WARNING)

    @admin.action(description=_("Mark available again"))
    def mark_available(self, request, queryset):
        run_each_logged(self, request, queryset, lambda animal: animal_services.animal_set_availability(
            animal_id=animal.pk, actor=request.user, available=True), operation="community:mark_available",
            done_message=_rows_changed, level=messages.WARNING)


@admin.register(AnimalClaim)
class AnimalClaimAdmin(OperationLogAdminMixin, ServiceActionsMixin, RBACAdminMixin, admin.ModelAdmin):
    rbac_view = rbac_change = COMMUNITY_MANAGE
    list_display = ("id", "animal", "user", "price_paid", "status", "claimed_at", "ends_at", "ended_at")
    list_filter = ("status",)
    search_fields = ("animal__name", "user__username", "user__nickname")
    list_select_related = ("animal", "user")
    readonly_fields = ("user", "animal", "price_paid", "status", "claimed_at", "ends_at", "ended_at", "cancelled_by")
    actions = [
        service_action("cancel_claims", description=_("Cancel the selected claims…"), operation="community:cancel_claim",
                       permission=COMMUNITY_MANAGE, reason="optional", title=_("Cancel claims"),
                       run=lambda claim, actor, reason: _cancel_claim(claim, actor, reason)),
    ]

    def has_add_permission(self, request):
        return False


def _cancel_claim(claim, actor, reason):
    require_perm(actor, COMMUNITY_MANAGE)  # claim_cancel lets any staff in; the back office needs the role
    animal_services.claim_cancel(claim_id=claim.pk, actor=actor, reason=reason or "cancelled_by_staff")


@admin.register(AnimalUpdate)
class AnimalUpdateAdmin(OperationLogAdminMixin, admin.ModelAdmin):
    list_display = ("id", "animal", "update_type", "created_at")
    list_filter = ("update_type",)
    list_select_related = ("animal",)
    readonly_fields = ("animal", "author", "update_type", "content", "media_url", "created_at")

    def has_add_permission(self, request):
        return False


class RegistrationInline(admin.TabularInline):
    model = ActivityRegistration
    extra = 0
    can_delete = False
    fields = ("user", "status", "registered_at", "cancelled_at", "order")
    readonly_fields = fields

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Activity)
class ActivityAdmin(OperationLogAdminMixin, admin.ModelAdmin):
    list_display = ("id", "title", "merchant", "start_time", "fee", "max_participants", "status")
    list_filter = ("status", "activity_type")
    search_fields = ("title", "location", "merchant__business_name")
    list_select_related = ("merchant",)
    raw_id_fields = ("merchant",)
    readonly_fields = ("status",)  # moved by the activity services' transitions only
    inlines = [RegistrationInline]


@admin.register(ActivityEvent)
class ActivityEventAdmin(OperationLogAdminMixin, admin.ModelAdmin):
    list_display = ("occurred_at", "activity", "registration", "type", "from_state", "to_state", "actor")
    list_filter = ("type",)
    readonly_fields = ("activity", "registration", "actor", "type", "from_state", "to_state", "reason", "data",
                       "occurred_at")

    def has_add_permission(self, request):
        return False
