"""Admin for animals, claims, updates, activities, and registrations. State changes go through
the same services as the API (admin actions), never through a form field."""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from accounts.admin_actions import ServiceActionsMixin, service_action
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
from community.services import activities as activity_services
from community.services import animals as animal_services

COMMUNITY_MANAGE = "community:manage"


class CommunityAdmin(OperationLogAdminMixin, ServiceActionsMixin, RBACAdminMixin, admin.ModelAdmin):
    """Community rows for staff with community:manage (DESIGN §9); rows are created by their owners through
    the services, so nobody adds them here; states move only through the actions."""

    rbac_view = rbac_change = COMMUNITY_MANAGE
    rbac_add = rbac_delete = False


class CommunityRecordAdmin(CommunityAdmin):
    """Records (events, updates): read-only for everyone."""

    rbac_change = False


class AnimalEventInline(admin.TabularInline):
    model = AnimalEvent
    extra = 0
    can_delete = False
    fields = ("occurred_at", "type", "from_state", "to_state", "reason", "actor", "claim")
    readonly_fields = fields

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Animal)
class AnimalAdmin(CommunityAdmin):
    list_display = ("id", "name", "species", "merchant", "price", "status", "created_at")
    list_filter = ("status", "species")
    search_fields = ("name", "species", "breed", "merchant__business_name")
    list_select_related = ("merchant",)
    readonly_fields = ("status", "created_at", "updated_at")
    raw_id_fields = ("merchant",)
    inlines = [AnimalEventInline]
    actions = [
        service_action("mark_unavailable", description=_("Mark unavailable"), operation="community:animal_unavailable",
                       permission=COMMUNITY_MANAGE,
                       run=lambda animal, actor, reason: animal_services.animal_set_availability(
                           animal_id=animal.pk, actor=actor, available=False)),
        service_action("mark_available", description=_("Mark available again"), operation="community:animal_available",
                       permission=COMMUNITY_MANAGE,
                       run=lambda animal, actor, reason: animal_services.animal_set_availability(
                           animal_id=animal.pk, actor=actor, available=True)),
    ]


@admin.register(AnimalClaim)
class AnimalClaimAdmin(CommunityAdmin):
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


def _cancel_claim(claim, actor, reason):
    require_perm(actor, COMMUNITY_MANAGE)  # the merchant path of claim_cancel is not the back office's
    animal_services.claim_cancel(claim_id=claim.pk, actor=actor, reason=reason or "cancelled_by_staff")


@admin.register(AnimalUpdate)
class AnimalUpdateAdmin(CommunityRecordAdmin):
    list_display = ("id", "animal", "update_type", "created_at")
    list_filter = ("update_type",)
    list_select_related = ("animal",)
    readonly_fields = ("animal", "author", "update_type", "content", "media_url", "created_at")


class RegistrationInline(admin.TabularInline):
    model = ActivityRegistration
    extra = 0
    can_delete = False
    fields = ("user", "status", "registered_at", "cancelled_at", "order")
    readonly_fields = fields

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Activity)
class ActivityAdmin(CommunityAdmin):
    list_display = ("id", "title", "merchant", "start_time", "fee", "max_participants", "status")
    list_filter = ("status", "activity_type")
    search_fields = ("title", "location", "merchant__business_name")
    list_select_related = ("merchant",)
    raw_id_fields = ("merchant",)
    readonly_fields = ("status",)  # moved by the activity services' transitions only
    inlines = [RegistrationInline]
    actions = [
        service_action("cancel_activities", description=_("Cancel the selected activities (frees every place)"),
                       operation="community:cancel_activity", permission=COMMUNITY_MANAGE,
                       run=lambda activity, actor, reason: activity_services.activity_cancel(
                           activity_id=activity.pk, actor=actor, staff=True)),
    ]


@admin.register(ActivityRegistration)
class ActivityRegistrationAdmin(CommunityAdmin):
    list_display = ("id", "activity", "user", "status", "order", "registered_at", "cancelled_at")
    list_filter = ("status",)
    search_fields = ("activity__title", "user__username", "user__nickname")
    list_select_related = ("activity", "user", "order")
    readonly_fields = ("activity", "user", "status", "order", "registered_at", "cancelled_at")
    actions = [
        service_action("cancel_registrations", description=_("Cancel the selected registrations…"),
                       operation="community:cancel_registration", permission=COMMUNITY_MANAGE, reason="optional",
                       title=_("Cancel registrations"),
                       run=lambda registration, actor, reason: activity_services.registration_cancel_by_staff(
                           registration_id=registration.pk, actor=actor, reason=reason)),
    ]


@admin.register(ActivityEvent)
class ActivityEventAdmin(CommunityRecordAdmin):
    list_display = ("occurred_at", "activity", "registration", "type", "from_state", "to_state", "actor")
    list_filter = ("type",)
    readonly_fields = ("activity", "registration", "actor", "type", "from_state", "to_state", "reason", "data",
                       "occurred_at")
